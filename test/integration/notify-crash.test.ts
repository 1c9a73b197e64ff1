// Done-when of notifications: kill -9 the worker in the middle of deliveries; after a restart
// every notification is delivered, each success logged exactly once, and the receiver sees at most
// one duplicate per notification, with the same idempotency key. Real worker processes, real
// PostgreSQL, a real (slow) HTTP receiver.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createChannel } from '../../lib/notify/channel-actions';
import { createCoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { until } from '../support/until';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { assertBuilt, startProcess, type RunningProcess } from '../support/processes';

const NOTIFICATIONS = 8;


describe('worker killed in the middle of deliveries', () => {
  let database: TestDatabase;
  let receiver: HttpReceiver;
  let dataDir: string;
  let env: Record<string, string>;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    [database, receiver] = await Promise.all([createTestDatabase(), startHttpReceiver()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-notify-crash-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WORKER_METRICS_PORT: String(await freePort()),
      CLUSTER_POLL_INTERVAL: '600s',
      KUBEWATCH_MIGRATIONS_APPLIED: '1',
    };
    const core = await createCoreContext(parseSettings(env), database.prisma, createLogger('test', 'error'));
    await createChannel(core, 'system', { name: 'slow-hook', type: 'webhook', config: { url: `${receiver.url}/hook` } });
    const now = Date.now();
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const labels = { alertname: `Alert${i}`, cluster: 'prod-eu' };
      const fingerprint = labelsFingerprint(labels);
      await persistTransitions(database.prisma, {
        ruleId: randomUUID(),
        groupId: randomUUID(),
        clusterId: randomUUID(),
        alertname: labels.alertname,
        transitions: [{ kind: 'firing', at: now, fingerprint, labels, annotations: {}, value: 1, activeAt: now - 60_000, firedAt: now }],
        active: new Map(),
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await receiver?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers everything after a restart, each success logged once, at most one duplicate per key', async () => {
    // Each request takes a second to answer, so the kill lands mid-batch (one request in flight).
    receiver.reply({ status: 200, body: 'ok', delayMs: 1000 });
    workers.push(startProcess('worker', env));
    await until('a few deliveries', async () => (receiver.requests.length >= 3 ? true : undefined), 60_000);
    const { code } = await workers[0]!.stop('SIGKILL');
    expect(code).toBeNull();
    const beforeRestart = await database.prisma.notificationDelivery.groupBy({ by: ['status'], _count: { _all: true } });
    expect(beforeRestart.find((g) => g.status === 'pending')?._count._all ?? 0).toBeGreaterThan(0);

    workers.push(startProcess('worker', env));
    const deliveries = await until(
      'every delivery sent',
      async () => {
        const rows = await database.prisma.notificationDelivery.findMany({ include: { attemptLog: true } });
        return rows.length === NOTIFICATIONS && rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      90_000,
    );
    for (const delivery of deliveries) expect(delivery.attemptLog.filter((a) => a.ok), delivery.id).toHaveLength(1);
    const perKey = new Map<string, number>();
    for (const request of receiver.requests) {
      const key = String(request.headers['idempotency-key']);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    expect([...perKey.keys()].sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(2);
  }, 180_000);
});
