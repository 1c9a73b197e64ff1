// Several workers share the cluster polls through leases: each cluster is polled by one worker
// per interval, the clusters are spread over the live workers, a dead worker's clusters are
// polled by the others within about 2.5 intervals, and a graceful stop hands them over at once.
// Real PostgreSQL; the clusters point at a closed port, so a poll is quick and stores an
// "unreachable" snapshot, which is what is counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusters } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { createClusterPoller } from '../../lib/collect/cluster-poller';
import { freePort } from '../../lib/net/free-port';
import type { CoreContext } from '../../lib/runtime/app-context';
import { recordWorkerBeat, recordWorkerStart, recordWorkerStop } from '../../lib/worker/heartbeat';
import { sloInputSchema } from '../../lib/slo/slo-schema';
import { createSlo } from '../../lib/slo/service/slo-actions';
import { createSloStatusLoop } from '../../lib/slo/service/slo-status-loop';
import { createTestCore, type TestCore } from '../support/core';
import type { TestDatabase } from '../support/database';

const INTERVAL_MS = 30_000;
const t0 = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('cluster polls and SLO refreshes shared by several workers', () => {
  let database: TestDatabase;
  let core: CoreContext;
  let testCore: TestCore;

  beforeAll(async () => {
    testCore = await createTestCore('loop-leases', { CLUSTER_POLL_INTERVAL: '30s', WORKER_HEARTBEAT_INTERVAL: '10s' });
    database = testCore.database;
    core = testCore.core;
  }, 60_000);
  afterAll(async () => {
    await testCore?.close();
  });

  it('polls each cluster once per interval across workers, takes over a dead one, hands over on stop', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const clusters = await createClusters(core, 'system', Array.from({ length: 6 }, (_, i) => clusterInputSchema.parse({ name: `leased-${i}`, prometheus: { url: closed } })));
    const ids = clusters.map((c) => c.id);
    const identity = (id: string) => ({ id, hostname: 'test', pid: 1, version: 'test' });
    const workers = ['w1', 'w2'];
    for (const w of workers) await recordWorkerStart(database.prisma, identity(w), new Date(t0));
    const pollers = new Map(workers.map((w) => [w, createClusterPoller(core, { workerId: w })]));

    // Snapshots per cluster since the last look: who polled what in one tick.
    let seen = 0n;
    const polledSinceLastLook = async () => {
      const rows = await database.prisma.clusterSnapshot.findMany({ where: { id: { gt: seen } }, select: { id: true, clusterId: true } });
      for (const r of rows) if (r.id > seen) seen = r.id;
      const counts = Object.fromEntries(ids.map((id) => [id, 0]));
      for (const r of rows) counts[r.clusterId]!++;
      return counts;
    };
    const tick = async (at: number, names: string[]) => {
      for (const w of names) await recordWorkerBeat(database.prisma, w, new Date(at));
      const abort = new AbortController();
      await Promise.all(names.map((w) => pollers.get(w)!.run(new Date(at), abort.signal)));
      // Polls run in the background of a tick (drain() would also give the leases back): wait for
      // their snapshots, then a moment for the poller to mark them finished.
      await waitForPolls();
      await new Promise((resolve) => setTimeout(resolve, 100));
    };
    let expectedSnapshots = 0;
    const waitForPolls = async () => {
      for (let i = 0; i < 100; i++) {
        if ((await database.prisma.clusterSnapshot.count()) >= expectedSnapshots) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const holders = async () => {
      const leases = await database.prisma.workLease.findMany({ where: { kind: 'cluster-poll' } });
      return Object.fromEntries(leases.map((l) => [l.key, l.workerId]));
    };

    // Two live workers at the same tick: every cluster polled exactly once, three each.
    expectedSnapshots += 6;
    await tick(t0, workers);
    expect(Object.values(await polledSinceLastLook())).toEqual(Array(6).fill(1));
    const firstHolders = await holders();
    expect(Object.values(firstHolders).filter((w) => w === 'w1')).toHaveLength(3);
    expect(Object.values(firstHolders).filter((w) => w === 'w2')).toHaveLength(3);

    // Next interval: the same split, still once each.
    expectedSnapshots += 6;
    await tick(t0 + INTERVAL_MS, workers);
    expect(Object.values(await polledSinceLastLook())).toEqual(Array(6).fill(1));
    expect(await holders()).toEqual(firstHolders);

    // w2 dies (no more ticks, no heartbeat, leases left to expire). At w1's next tick its leases
    // (renewed at t0+30s, valid 45 s) still run: only w1's three are polled.
    const ofW2 = ids.filter((id) => firstHolders[id] === 'w2');
    expectedSnapshots += 3;
    await tick(t0 + 2 * INTERVAL_MS, ['w1']);
    const third = await polledSinceLastLook();
    for (const id of ids) expect(third[id]).toBe(ofW2.includes(id) ? 0 : 1);
    // The tick after: they expired (t0+75s), so w1 polls all six, 2.5 intervals after w2's last tick at most.
    expectedSnapshots += 6;
    await tick(t0 + 3 * INTERVAL_MS, ['w1']);
    expect(Object.values(await polledSinceLastLook())).toEqual(Array(6).fill(1));
    expect(new Set(Object.values(await holders()))).toEqual(new Set(['w1']));

    // A graceful stop gives the leases back: a new worker polls everything at its first tick.
    await pollers.get('w1')!.drain();
    await recordWorkerStop(database.prisma, 'w1', new Date(t0 + 3 * INTERVAL_MS + 1000));
    await recordWorkerStart(database.prisma, identity('w3'), new Date(t0 + 3 * INTERVAL_MS + 2000));
    pollers.set('w3', createClusterPoller(core, { workerId: 'w3' }));
    expectedSnapshots += 6;
    await tick(t0 + 3 * INTERVAL_MS + 2000, ['w3']);
    expect(Object.values(await polledSinceLastLook())).toEqual(Array(6).fill(1));
    expect(new Set(Object.values(await holders()))).toEqual(new Set(['w3']));
  }, 60_000);

  it('SLO refreshes: each SLO refreshed by one of two workers at a tick', async () => {
    const t = t0 + 3_600_000;
    for (const name of ['slo-a', 'slo-b', 'slo-c', 'slo-d']) {
      await createSlo(core, 'system', sloInputSchema.parse({ name, objective: 99.9, window: '30d', sli: { type: 'ratio', errors: 'sum(rate(errors_total[{{window}}]))', total: 'sum(rate(requests_total[{{window}}]))' } }));
    }
    for (const w of ['s1', 's2']) await recordWorkerStart(database.prisma, { id: w, hostname: 'test', pid: 1, version: 'test' }, new Date(t));
    const loops = ['s1', 's2'].map((w) => createSloStatusLoop(core, { workerId: w, intervalMs: 60_000 }));
    await Promise.all(loops.map((loop) => loop.run(new Date(t), new AbortController().signal)));
    const leases = await database.prisma.workLease.findMany({ where: { kind: 'slo-status' } });
    expect(leases).toHaveLength(4);
    expect(leases.filter((l) => l.workerId === 's1')).toHaveLength(2);
    expect(leases.filter((l) => l.workerId === 's2')).toHaveLength(2);
    // Every SLO was refreshed on each of the six clusters registered above (the status is an error: their Prometheus is a closed port).
    const statuses = await database.prisma.sloStatus.findMany();
    expect(statuses).toHaveLength(4 * 6);
    expect(statuses.every((row) => row.computedAt.getTime() === t && row.error)).toBe(true);
    await Promise.all(loops.map((loop) => loop.drain!()));
    expect((await database.prisma.workLease.findMany({ where: { kind: 'slo-status' } })).every((l) => l.workerId === null)).toBe(true);
  }, 120_000);
});
