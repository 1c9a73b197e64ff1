// Several dispatchers against one PostgreSQL, each with its own connection pool as separate worker
// processes would have: they decide and deliver at the same moments, yet every notification is
// decided once and sent once (SKIP LOCKED claims with leases), and the sending is shared.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createPrismaClient } from '../../lib/db/client';
import { createLogger } from '../../lib/log/logger';
import { createChannel } from '../../lib/notify/channel-actions';
import { decideNotifications } from '../../lib/notify/dispatch/decide';
import { deliverDue } from '../../lib/notify/dispatch/deliver';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';

const WORKERS = 3;
const ALERTS = 45;
const M = 60_000;

describe('three dispatchers on one database', () => {
  let database: TestDatabase;
  let receiver: HttpReceiver;
  let dataDir: string;
  const workers: CoreContext[] = [];
  const sentBy = new Array<number>(WORKERS).fill(0);
  const t0 = Date.UTC(2026, 10, 22, 12, 0, 0);

  beforeAll(async () => {
    [database, receiver] = await Promise.all([createTestDatabase(), startHttpReceiver()]);
    // A slow receiver, so the workers' sends overlap in time.
    receiver.reply({ status: 200, body: 'ok', delayMs: 25 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-multi-'));
    const settings = parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    for (let i = 0; i < WORKERS; i++) {
      workers.push(await createCoreContext(settings, createPrismaClient(database.url, 3), createLogger(`worker-${i}`, 'error')));
    }
    await createChannel(workers[0]!, 'system', { name: 'ops-hook', type: 'webhook', config: { url: `${receiver.url}/hook` } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.prisma.$disconnect()));
    await receiver?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The rule engine's hand-over: one firing alert per name, so each is its own group and notification. */
  async function fire(index: number, at: number) {
    const labels = { alertname: `Alert${String(index).padStart(2, '0')}`, cluster: 'prod-eu', severity: 'warning' };
    await persistTransitions(database.prisma, {
      ruleId: randomUUID(),
      groupId: randomUUID(),
      clusterId: randomUUID(),
      alertname: labels.alertname,
      transitions: [{ kind: 'firing', at, fingerprint: labelsFingerprint(labels), labels, annotations: {}, value: 1, activeAt: at - M, firedAt: at }],
      active: new Map(),
    });
  }

  /** One worker's dispatcher ticks at `now` until a tick finds nothing to decide or send. */
  async function runUntilIdle(index: number, now: Date) {
    for (;;) {
      const decided = await decideNotifications(workers[index]!, now);
      const { sent, failed } = await deliverDue(workers[index]!, now);
      sentBy[index] = (sentBy[index] ?? 0) + sent;
      expect(failed).toBe(0);
      if (decided === 0 && sent === 0) return;
    }
  }

  it('each notification is decided once and sent once, by one of them, and the sending is shared', async () => {
    for (let i = 0; i < ALERTS; i++) await fire(i, t0);
    const now = new Date(t0 + 1_000);
    await Promise.all(workers.map((_, i) => runUntilIdle(i, now)));
    // Events that arrive while the others are busy sending.
    for (let i = ALERTS; i < ALERTS + 15; i++) await fire(i, t0 + 2_000);
    const later = new Date(t0 + 3_000);
    await Promise.all(workers.map((_, i) => runUntilIdle(i, later)));

    const total = ALERTS + 15;
    const keys = receiver.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    const alertNames = receiver.requests.map((r) => JSON.parse(r.rawBody.toString('utf8')).groupLabels.alertname).sort();
    expect(alertNames).toEqual(Array.from({ length: total }, (_, i) => `Alert${String(i).padStart(2, '0')}`));

    const deliveries = await database.prisma.notificationDelivery.findMany({ include: { attemptLog: true } });
    expect(deliveries).toHaveLength(total);
    expect(deliveries.every((d) => d.status === 'sent' && d.attemptLog.length === 1 && d.attemptLog[0]!.ok)).toBe(true);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(keys));
    expect(await database.prisma.alertEvent.count({ where: { processedAt: null } })).toBe(0);

    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(total);
    expect(sentBy.filter((n) => n > 0).length, `sent per worker: ${sentBy.join(', ')}`).toBeGreaterThanOrEqual(2);
  });
});
