// The dispatcher with time as a parameter: the rule engine's events, routed and grouped, become
// durable deliveries sent to a real HTTP receiver (webhook channel); a receiver that is down for
// two minutes gets everything when it recovers, each notification logged as sent exactly once.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createChannel } from '../../lib/notify/channel-actions';
import { decideNotifications } from '../../lib/notify/dispatch/decide';
import { deliverDue, retryDelayMs } from '../../lib/notify/dispatch/deliver';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import type { Transition } from '../../lib/rules/engine/types';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';

const S = 1000;
const M = 60 * S;

describe('notification dispatch', () => {
  let database: TestDatabase;
  let receiver: HttpReceiver;
  let dataDir: string;
  let core: CoreContext;
  const ruleId = randomUUID();
  const clusterId = randomUUID();
  const t0 = Date.UTC(2026, 10, 22, 12, 0, 0);

  beforeAll(async () => {
    [database, receiver] = await Promise.all([createTestDatabase(), startHttpReceiver()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-dispatch-'));
    core = await createCoreContext(parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64'), PUBLIC_URL: 'https://kw.example' }), database.prisma, createLogger('test', 'error'));
    await createChannel(core, 'system', { name: 'ops-hook', type: 'webhook', config: { url: `${receiver.url}/hook`, sendResolved: true } });
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** What the engine hands over when an instance fires or resolves. */
  async function engineEvent(kind: 'firing' | 'resolved', instance: string, at: number, activeAt: number) {
    const labels = { alertname: 'CPUHigh', cluster: 'prod-eu', instance, severity: 'warning' };
    const fingerprint = labelsFingerprint(labels);
    const transition: Transition = { kind, at, fingerprint, labels, annotations: { summary: `CPU high on ${instance}` }, value: 97, activeAt, firedAt: kind === 'firing' ? at : activeAt + M };
    // No instance rows here (they need a real rule and cluster): the history and the event are what dispatch reads.
    await persistTransitions(database.prisma, { ruleId, groupId: randomUUID(), clusterId, alertname: 'CPUHigh', transitions: [transition], active: new Map() });
  }

  const tick = async (ms: number) => {
    const now = new Date(ms);
    await decideNotifications(core, now);
    return deliverDue(core, now, () => 0.5);
  };
  const bodies = () => receiver.requests.map((r) => JSON.parse(r.rawBody.toString('utf8')));

  it('an alert that waited out `for` is notified at once (group_wait counted from when it became pending)', async () => {
    await engineEvent('firing', 'node-1', t0, t0 - M);
    expect(await tick(t0)).toEqual({ sent: 1, failed: 0 });
    const [body] = bodies();
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'ops-hook', groupLabels: { alertname: 'CPUHigh', cluster: 'prod-eu' } });
    expect(body.alerts.map((a: { labels: { instance: string } }) => a.labels.instance)).toEqual(['node-1']);
    expect(receiver.requests[0]!.headers['idempotency-key']).toMatch(/.+/);
    // Nothing new: no second notification before repeat_interval.
    expect(await tick(t0 + 6 * M)).toEqual({ sent: 0, failed: 0 });
  });

  it('a receiver down for 2 minutes gets the next notification when it recovers, retried with the same key, logged as sent once', async () => {
    await engineEvent('firing', 'node-2', t0 + 7 * M, t0 + 6 * M);
    const downUntil = t0 + 10 * M + 2 * M;
    let now = t0 + 10 * M; // the group_interval tick after node-2 joined
    receiver.reply(() => (now < downUntil ? { status: 503, body: 'maintenance' } : { status: 200, body: 'ok' }));
    const before = receiver.requests.length;
    for (; now <= t0 + 15 * M; now += 5 * S) await tick(now);
    receiver.reply({ status: 200, body: 'ok' });

    const deliveries = await database.prisma.notificationDelivery.findMany({ include: { attemptLog: true }, orderBy: { createdAt: 'asc' } });
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    const second = deliveries[1]!;
    expect(second.attemptLog.filter((a) => a.ok)).toHaveLength(1);
    expect(second.attemptLog.filter((a) => !a.ok).every((a) => a.status === 503 && a.error!.includes('maintenance'))).toBe(true);
    expect(second.attemptLog.length).toBeGreaterThan(2);
    const keys = new Set(receiver.requests.slice(before).map((r) => r.headers['idempotency-key']));
    expect(keys).toEqual(new Set([second.id]));
    // Nothing lost: the delivered body carries both firing alerts.
    const delivered = bodies().at(-1)!;
    expect(delivered.alerts.map((a: { labels: { instance: string } }) => a.labels.instance).sort()).toEqual(['node-1', 'node-2']);
    const channel = await database.prisma.notificationChannel.findUniqueOrThrow({ where: { name: 'ops-hook' } });
    expect(channel.lastError).toMatch(/503/);
    expect(channel.lastSuccessAt!.getTime()).toBeGreaterThanOrEqual(downUntil);
  });

  it('resolutions are sent at the next group_interval tick', async () => {
    await engineEvent('resolved', 'node-1', t0 + 16 * M, t0 - M);
    await engineEvent('resolved', 'node-2', t0 + 16 * M, t0 + 6 * M);
    for (let now = t0 + 16 * M; now <= t0 + 21 * M; now += 30 * S) await tick(now);
    const last = bodies().at(-1)!;
    expect(last.status).toBe('resolved');
    expect(last.alerts.map((a: { status: string }) => a.status)).toEqual(['resolved', 'resolved']);
    expect(await database.prisma.alertEvent.count({ where: { processedAt: null } })).toBe(0);
  });

  it('backoff grows exponentially with jitter, capped at 10 minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 1))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(2, () => 0)).toBe(5_000);
    expect(retryDelayMs(20, () => 1)).toBe(600_000);
  });
});
