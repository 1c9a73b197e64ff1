import type { PrismaClient } from '../db/client';

/** A cluster as shown in lists: identity, endpoint and labels. */
export interface ClusterSummary {
  id: string;
  name: string;
  displayName: string | null;
  prometheusUrl: string;
  labels: Record<string, string>;
}

/** Every registered cluster, by name. */
export async function listClusters(db: PrismaClient): Promise<ClusterSummary[]> {
  const rows = await db.cluster.findMany({ orderBy: { name: 'asc' } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    prometheusUrl: row.prometheusUrl,
    labels: (row.labels ?? {}) as Record<string, string>,
  }));
}
