// Done-when of the rule engine: kill -9 the worker while alerts are pending and firing; after a
// restart the pending timers continue (activeAt kept, firing exactly `for` later) and no firing
// alert is handed to notifications twice. Real worker process, real PostgreSQL, real Prometheus.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createCoreContext, type AppContext, type CoreContext } from '../../lib/runtime/app-context';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { until } from '../support/until';
import { assertBuilt, startProcess, type RunningProcess } from '../support/processes';
import { startSyntheticPrometheus, type SyntheticPrometheus } from '../support/synthetic-series';

const FOR_SECONDS = 40;
const INTERVAL_SECONDS = 10;


describe('worker restart (kill -9) keeps alert state', () => {
  let prometheus: SyntheticPrometheus;
  let database: TestDatabase;
  let dataDir: string;
  let core: CoreContext;
  let env: Record<string, string>;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    prometheus = await startSyntheticPrometheus({ render: () => 'kw_condition{instance="a"} 1\nkw_condition{instance="b"} 1\n' });
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-restart-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WORKER_METRICS_PORT: String(await freePort()),
      CLUSTER_POLL_INTERVAL: '600s',
      KUBEWATCH_MIGRATIONS_APPLIED: '1',
    };
    core = await createCoreContext(parseSettings(env), database.prisma, createLogger('test', 'error'));
    const cluster = await createCluster(core as AppContext, 'system', clusterInputSchema.parse({ name: 'restart-test', prometheus: { url: prometheus.url } }));
    await createRuleGroup(
      core,
      'system',
      ruleGroupInputSchema.parse({
        name: 'restart',
        interval: `${INTERVAL_SECONDS}s`,
        scope: { type: 'cluster', clusterId: cluster.id },
        rules: [
          { alert: 'FiresAtOnce', expr: 'kw_condition > 0', severity: 'warning' },
          { alert: 'PendsForAWhile', expr: 'kw_condition > 0', for: `${FOR_SECONDS}s` },
        ],
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await database?.drop();
    await prometheus?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const instancesOf = (alert: string) => database.prisma.alertInstance.findMany({ where: { rule: { alert } }, orderBy: { fingerprint: 'asc' } });

  it('continues pending timers and never notifies a firing alert twice', async () => {
    workers.push(startProcess('worker', env));
    // Both rules active: FiresAtOnce firing, PendsForAWhile pending, for both series.
    const pendingBefore = await until(
      'firing and pending instances',
      async () => {
        const [firing, pending] = await Promise.all([instancesOf('FiresAtOnce'), instancesOf('PendsForAWhile')]);
        return firing.length === 2 && firing.every((i) => i.state === 'firing') && pending.length === 2 ? pending : undefined;
      },
      60_000,
    );
    expect(pendingBefore.every((i) => i.state === 'pending')).toBe(true);

    // Crash mid-pending: no graceful stop, nothing flushed.
    const { code } = await workers[0]!.stop('SIGKILL');
    expect(code).toBeNull();
    workers.push(startProcess('worker', env));

    const firedAfter = await until(
      'the pending instances to fire after the restart',
      async () => {
        const rows = await instancesOf('PendsForAWhile');
        return rows.length === 2 && rows.every((i) => i.state === 'firing') ? rows : undefined;
      },
      (FOR_SECONDS + 4 * INTERVAL_SECONDS) * 1000,
    );
    for (const [i, row] of firedAfter.entries()) {
      // The timer continued: same activeAt as before the crash, firing `for` (plus at most one slot) later.
      expect(row.activeAt.toISOString()).toBe(pendingBefore[i]!.activeAt.toISOString());
      const waited = (row.firedAt!.getTime() - row.activeAt.getTime()) / 1000;
      expect(waited).toBeGreaterThanOrEqual(FOR_SECONDS);
      expect(waited).toBeLessThan(FOR_SECONDS + INTERVAL_SECONDS);
    }

    // Let the restarted worker evaluate a few more slots, then count hand-offs to notifications.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * INTERVAL_SECONDS * 1000));
    const events = await database.prisma.alertEvent.findMany();
    const firingByInstance = new Map<string, number>();
    for (const event of events) {
      const key = `${(event.labels as Record<string, string>).alertname}/${event.fingerprint}`;
      if (event.status === 'firing') firingByInstance.set(key, (firingByInstance.get(key) ?? 0) + 1);
    }
    expect([...firingByInstance.values()]).toEqual([1, 1, 1, 1]);
    expect(events.filter((e) => e.status === 'resolved')).toEqual([]);
    // The restarted worker did evaluate (its own evaluations counter is non-zero).
    const metrics = await (await fetch(`http://127.0.0.1:${env.WORKER_METRICS_PORT}/metrics`)).text();
    expect(metrics).toMatch(/kubewatch_rule_group_evaluations_total\{group="restart",outcome="ok"\} [1-9]/);
  }, 180_000);
});
