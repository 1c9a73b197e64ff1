// Done-when of scale-out: three real worker processes share the rule groups through leases in
// PostgreSQL; one is killed with SIGKILL mid-run; every group keeps being evaluated on its slots
// (the dead worker's groups miss at most two) and no transition or notification event is
// written twice. Each rule flips on every slot (its condition follows the slot's parity), so
// every evaluation leaves a transition whose time is the slot it evaluated.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { parseSettings } from '../../lib/config/env';
import { Prisma } from '../../lib/db/generated/client';
import { createLogger } from '../../lib/log/logger';
import { createCoreContext, type AppContext } from '../../lib/runtime/app-context';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { assertBuilt, startProcess, type RunningProcess } from '../support/processes';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { until } from '../support/until';

const GROUPS = 9;
const INTERVAL_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('three workers, one killed', () => {
  let prometheus: RunningPrometheus;
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    [prometheus, database] = await Promise.all([startPrometheus(), createTestDatabase()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-scale-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      CLUSTER_POLL_INTERVAL: '600s',
      WORKER_HEARTBEAT_INTERVAL: '1s',
      KUBEWATCH_MIGRATIONS_APPLIED: '1',
    };
    const core = await createCoreContext(parseSettings(env), database.prisma, createLogger('test', 'error'));
    const cluster = await createCluster(core as AppContext, 'system', clusterInputSchema.parse({ name: 'scale', prometheus: { url: prometheus.url } }));
    for (let i = 0; i < GROUPS; i++) {
      await createRuleGroup(
        core,
        'system',
        ruleGroupInputSchema.parse({
          name: `flip-${i}`,
          interval: `${INTERVAL_MS / 1000}s`,
          scope: { type: 'cluster', clusterId: cluster.id },
          // Slots are offset + k * 10 s with offset < 10 s, so floor(time() / 10) is k: true on every other slot.
          rules: [{ alert: `Flip${i}`, expr: 'vector(1) and on() (floor(vector(time()) / 10) % 2 == 0)' }],
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await database?.drop();
    await prometheus?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const leases = () => database.prisma.workLease.findMany({ where: { kind: 'rule-group' } });

  it('every group stays on its slots and nothing is written twice', async () => {
    for (let i = 0; i < 3; i++) workers.push(startProcess('worker', { ...env, WORKER_METRICS_PORT: String(await freePort()) }));
    const ids = await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === 'worker started' || typeof l.workerId === 'string', 60_000)));
    expect(ids).toHaveLength(3);
    // The groups spread over the three workers (3 each once the last one has joined).
    const spread = await until(
      'the groups spread over three workers',
      async () => {
        const rows = await leases();
        const holders = new Map<string, number>();
        for (const row of rows) if (row.workerId && row.expiresAt.getTime() > Date.now()) holders.set(row.workerId, (holders.get(row.workerId) ?? 0) + 1);
        return rows.length === GROUPS && holders.size === 3 && [...holders.values()].every((n) => n === 3) ? rows : undefined;
      },
      60_000,
    );
    const measureFrom = Date.now() + INTERVAL_MS;
    await sleep(3 * INTERVAL_MS);

    // Kill the worker that holds the first group's lease.
    const victimId = spread.find((l) => l.key === spread[0]!.key)!.workerId!;
    const orphaned = new Set(spread.filter((l) => l.workerId === victimId).map((l) => l.key));
    const victim = workers.find((w) => w.logs.some((l) => l.workerId === victimId));
    expect(victim, `a worker logging workerId ${victimId}`).toBeDefined();
    expect((await victim!.stop('SIGKILL')).code).toBeNull();
    const killedAt = Date.now();
    await sleep(5 * INTERVAL_MS);
    const end = Date.now() - INTERVAL_MS;

    const after = await leases();
    expect(after.every((l) => l.workerId !== victimId)).toBe(true);
    for (const key of orphaned) expect(after.find((l) => l.key === key)!.expiresAt.getTime()).toBeGreaterThan(killedAt);

    const groups = await database.prisma.ruleGroup.findMany({ select: { id: true, name: true } });
    for (const group of groups) {
      const transitions = await database.prisma.alertTransition.findMany({ where: { groupId: group.id }, orderBy: { at: 'asc' } });
      // Over the whole run (the groups moving between workers at the start included): no slot
      // written twice, and firing / resolved alternate, so no duplicate notification event either.
      const allTimes = transitions.map((t) => t.at.getTime());
      expect(new Set(allTimes).size, group.name).toBe(allTimes.length);
      for (let i = 1; i < transitions.length; i++) expect(transitions[i]!.kind, `${group.name} at ${transitions[i]!.at.toISOString()}`).not.toBe(transitions[i - 1]!.kind);
      const times = allTimes.filter((t) => t >= measureFrom && t <= end);
      const ruleIds = [...new Set(transitions.map((t) => t.ruleId))];
      const events = await database.prisma.alertEvent.findMany({ where: { ruleId: { in: ruleIds }, acknowledgement: { equals: Prisma.DbNull } } });
      expect(events.length, group.name).toBe(transitions.filter((t) => t.kind === 'firing' || t.kind === 'resolved').length);
      expect(new Set(events.map((e) => `${e.status}@${(e.endsAt ?? e.startsAt).toISOString()}`)).size, group.name).toBe(events.length);
      // On time: consecutive slots 10 s apart; the dead worker's groups may miss at most two slots, once.
      const gaps = times.slice(1).map((t, i) => (t - times[i]!) / INTERVAL_MS);
      const late = gaps.filter((g) => g !== 1);
      if (orphaned.has(group.id)) {
        expect(late.length, `${group.name} gaps ${gaps.join(',')}`).toBeLessThanOrEqual(1);
        expect(Math.max(1, ...late), `${group.name} gaps ${gaps.join(',')}`).toBeLessThanOrEqual(3);
      } else {
        expect(late, `${group.name} gaps ${gaps.join(',')}`).toEqual([]);
      }
      expect(times.length, group.name).toBeGreaterThanOrEqual(((end - measureFrom) / INTERVAL_MS) - 3);
    }
  }, 240_000);
});
