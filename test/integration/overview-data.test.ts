// The overview's data comes from PostgreSQL in summarised form (minute averages of the two
// utilisation columns, inventory counts computed in SQL), so it is checked here against values
// computed in the test from the snapshots it wrote.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewSchema } from '../../lib/api/response-schemas';
import { createCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import type { MetricsSummary } from '../../lib/collect/metrics-summary';
import { clusterOverview } from '../../lib/collect/overview';
import { saveSnapshot } from '../../lib/collect/snapshots';
import type { AppContext } from '../../lib/runtime/app-context';
import type { Clock } from '../../lib/time/clock';
import { createTestCore, type TestCore } from '../support/core';
import type { TestDatabase } from '../support/database';

const NOW = new Date('2026-11-22T12:00:10Z');

function metrics(usedCores: number | null, usedBytes: number | null): MetricsSummary {
  return {
    nodes: { ready: 2, total: 3 },
    cpu: { usedCores, requestedCores: 4, allocatableCores: 8 },
    memory: { usedBytes, requestedBytes: 2 ** 33, allocatableBytes: 2 ** 34 },
    pods: { byPhase: { Running: 10 }, notRunning: 0 },
    crashLoopingPods: 0,
    hpasAtMax: 0,
    apiserver: { requestsPerSecond: null, errorRatio: null, p99Seconds: null },
    nodeOvercommit: [],
  };
}

describe('overview data', () => {
  let database: TestDatabase;
  let app: AppContext;
  let testCore: TestCore;

  beforeAll(async () => {
    testCore = await createTestCore('overview');
    database = testCore.database;
    app = { ...testCore.core, clock: { now: () => NOW } satisfies Clock };
  }, 60_000);
  afterAll(async () => {
    await testCore?.close();
  });

  it('averages utilisation per minute over the last hour and counts the newest inventory', async () => {
    const cluster = await createCluster(app, 'system', clusterInputSchema.parse({ name: 'summarised', prometheus: { url: 'http://prometheus.invalid:9090' } }));
    const idle = await createCluster(app, 'system', clusterInputSchema.parse({ name: 'never-polled', prometheus: { url: 'http://prometheus.invalid:9090' } }));
    // Polls every 20 s from 70 minutes ago: the first 10 minutes fall outside the hour.
    const polls: { at: Date; cpu: number | null; memory: number | null }[] = [];
    for (let i = 0; i < 211; i++) {
      const at = new Date(NOW.getTime() - 70 * 60_000 + i * 20_000);
      const usedCores = i % 17 === 5 ? null : (i % 9) * 0.5; // a failed query now and then
      const usedBytes = (i % 5) * 2 ** 31;
      polls.push({ at, cpu: usedCores == null ? null : usedCores / 8, memory: usedBytes / 2 ** 34 });
      const last = i === 210;
      await saveSnapshot(
        database.prisma,
        {
          clusterId: cluster.id,
          at,
          status: 'healthy',
          reason: null,
          metrics: metrics(usedCores, usedBytes),
          inventory: last
            ? { nodes: [{ name: 'a', ready: 'True' }, { name: 'b', ready: 'False' }, { name: 'c', ready: 'Unknown' }], warningEvents: [{}, {}, {}, {}], workloads: { attention: [{}] } }
            : { nodes: [{ name: 'old', ready: 'False' }] },
          errors: [],
          durationMs: 5,
        },
        {},
      );
    }

    const overview = overviewSchema.parse({ clusters: await clusterOverview(app) }).clusters;
    const summarised = overview.find((c) => c.id === cluster.id)!;
    const never = overview.find((c) => c.id === idle.id)!;

    // Expected minute buckets, computed here from what was written.
    const since = NOW.getTime() - 60 * 60_000;
    const buckets = new Map<number, { cpu: number[]; memory: number[] }>();
    for (const poll of polls.filter((p) => p.at.getTime() >= since)) {
      const t = Math.floor(poll.at.getTime() / 60_000) * 60;
      const bucket = buckets.get(t) ?? { cpu: [], memory: [] };
      if (poll.cpu != null) bucket.cpu.push(poll.cpu);
      if (poll.memory != null) bucket.memory.push(poll.memory);
      buckets.set(t, bucket);
    }
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    const expected = [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, b]) => [t, mean(b.cpu), mean(b.memory)] as const);

    expect(summarised.history.stepSeconds).toBe(60);
    expect(summarised.history.points).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(60);
    summarised.history.points.forEach(([t, cpu, memory], i) => {
      const [et, ecpu, ememory] = expected[i]!;
      expect(t).toBe(et);
      // Sent rounded to 4 decimals.
      if (ecpu == null) expect(cpu).toBeNull();
      else expect(Math.abs(cpu! - ecpu)).toBeLessThanOrEqual(0.00005 + 1e-12);
      expect(Math.abs(memory! - ememory!)).toBeLessThanOrEqual(0.00005 + 1e-12);
    });

    expect(summarised.polledAt).toBe(polls.at(-1)!.at.toISOString());
    expect(summarised.metrics?.cpu.usedCores).toBe((210 % 9) * 0.5);
    expect(summarised.inventory).toEqual({ nodesNotReady: ['b', 'c'], warningEvents: 4, workloadsNeedingAttention: 1 });
    expect(never).toMatchObject({ polledAt: null, metrics: null, inventory: null, history: { stepSeconds: 60, points: [] } });
  });

  it("the migration's backfill computes the same columns as saving a snapshot does", async () => {
    const before = await database.query<{ id: string; cpu: number | null; memory: number | null }>('SELECT id::text, "cpuUtilisation" AS cpu, "memoryUtilisation" AS memory FROM cluster_snapshots ORDER BY id');
    expect(before.length).toBeGreaterThan(200);
    expect(before.some((r) => r.cpu == null) && before.some((r) => r.cpu != null)).toBe(true);
    const migration = await readFile(path.join(import.meta.dirname, '../../prisma/migrations/20261122121057_snapshot_utilisation/migration.sql'), 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE'));
    await database.query('UPDATE cluster_snapshots SET "cpuUtilisation" = NULL, "memoryUtilisation" = NULL');
    await database.query(backfill);
    const after = await database.query<{ id: string; cpu: number | null; memory: number | null }>('SELECT id::text, "cpuUtilisation" AS cpu, "memoryUtilisation" AS memory FROM cluster_snapshots ORDER BY id');
    expect(after).toEqual(before);
  });
});
