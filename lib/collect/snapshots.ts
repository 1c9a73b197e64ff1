import type { PrismaClient } from '../db/client';
import type { MetricsSummary } from './metrics-summary';

/** What one poll of one cluster produced. */
export interface ClusterSnapshotInput {
  clusterId: string;
  at: Date;
  status: 'healthy' | 'degraded' | 'unreachable';
  reason: string | null;
  metrics: MetricsSummary | null;
  inventory: unknown | null;
  errors: { source: string; message: string }[];
  durationMs: number;
}

/** Stores a snapshot and mirrors its status on the cluster row (what lists and the API show). */
export async function saveSnapshot(db: PrismaClient, snapshot: ClusterSnapshotInput, versions: { prometheus?: string; kubernetes?: string }) {
  await db.$transaction([
    db.clusterSnapshot.create({
      data: {
        clusterId: snapshot.clusterId,
        at: snapshot.at,
        status: snapshot.status,
        reason: snapshot.reason,
        metrics: (snapshot.metrics ?? undefined) as object | undefined,
        inventory: (snapshot.inventory ?? undefined) as object | undefined,
        errors: snapshot.errors,
        durationMs: snapshot.durationMs,
      },
    }),
    db.cluster.updateMany({
      where: { id: snapshot.clusterId },
      data: { status: snapshot.status, statusReason: snapshot.reason, statusAt: snapshot.at, ...(Object.keys(versions).length ? { versions } : {}) },
    }),
  ]);
}

/** The newest snapshot of each given cluster. */
export async function latestSnapshots(db: PrismaClient, clusterIds: string[]) {
  if (clusterIds.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<{ id: bigint }[]>(
    'SELECT DISTINCT ON ("clusterId") id FROM cluster_snapshots WHERE "clusterId" = ANY($1::uuid[]) ORDER BY "clusterId", at DESC',
    clusterIds,
  );
  const snapshots = await db.clusterSnapshot.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return new Map(snapshots.map((s) => [s.clusterId, s]));
}

/** CPU and memory utilisation over time, for sparklines (oldest first). */
export async function utilisationHistory(db: PrismaClient, clusterIds: string[], since: Date) {
  if (clusterIds.length === 0) return new Map<string, { at: string; cpu: number | null; memory: number | null }[]>();
  const rows = await db.clusterSnapshot.findMany({
    where: { clusterId: { in: clusterIds }, at: { gte: since } },
    orderBy: { at: 'asc' },
    select: { clusterId: true, at: true, metrics: true },
  });
  const history = new Map<string, { at: string; cpu: number | null; memory: number | null }[]>();
  for (const row of rows) {
    const m = row.metrics as MetricsSummary | null;
    const ratio = (used: number | null | undefined, total: number | null | undefined) => (used != null && total ? used / total : null);
    const point = { at: row.at.toISOString(), cpu: ratio(m?.cpu.usedCores, m?.cpu.allocatableCores), memory: ratio(m?.memory.usedBytes, m?.memory.allocatableBytes) };
    history.set(row.clusterId, [...(history.get(row.clusterId) ?? []), point]);
  }
  return history;
}

/** Deletes snapshots older than `before` (history retention). */
export async function pruneSnapshots(db: PrismaClient, before: Date): Promise<number> {
  const { count } = await db.clusterSnapshot.deleteMany({ where: { at: { lt: before } } });
  return count;
}
