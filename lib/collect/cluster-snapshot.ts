import type { Inventory } from '../kube/types';
import type { CoreContext } from '../runtime/app-context';
import type { MetricsSummary } from './metrics-summary';
import { latestSnapshots } from './snapshots';

/** The newest poll of one cluster, typed: what the cluster page shows. */
export interface LatestSnapshot {
  at: string;
  status: string;
  reason: string | null;
  metrics: MetricsSummary | null;
  inventory: Inventory | null;
  errors: { source: string; message: string }[];
  durationMs: number;
}

export async function latestSnapshot(app: Pick<CoreContext, 'prisma'>, clusterId: string): Promise<LatestSnapshot | null> {
  const row = (await latestSnapshots(app.prisma, [clusterId])).get(clusterId);
  if (!row) return null;
  return {
    at: row.at.toISOString(),
    status: row.status,
    reason: row.reason,
    metrics: row.metrics as MetricsSummary | null,
    inventory: row.inventory as Inventory | null,
    errors: row.errors as { source: string; message: string }[],
    durationMs: row.durationMs,
  };
}
