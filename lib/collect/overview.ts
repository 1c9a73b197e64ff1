import { listClusters } from '../clusters/list-clusters';
import { DEMO_CLUSTER_DESCRIPTION } from '../demo/constants';
import type { CoreContext } from '../runtime/app-context';
import type { MetricsSummary } from './metrics-summary';
import { latestSnapshots, utilisationHistory } from './snapshots';

const SPARKLINE_WINDOW_MS = 60 * 60_000;

/** One cluster as the overview shows it: identity, last poll, its numbers and a short history. */
export interface ClusterOverview {
  id: string;
  name: string;
  displayName: string | null;
  labels: Record<string, string>;
  simulated: boolean;
  status: { state: string; reason: string | null; checkedAt: string | null };
  /** When the snapshot behind `metrics` and `inventory` was taken (the PromQL evaluation time). */
  polledAt: string | null;
  metrics: MetricsSummary | null;
  inventory: { nodesNotReady: string[]; warningEvents: number; workloadsNeedingAttention: number } | null;
  history: { at: string; cpu: number | null; memory: number | null }[];
  /** Active alert instances on this cluster. */
  alerts: { firing: number; pending: number };
}

interface InventoryLike {
  nodes?: { name: string; ready: string }[];
  warningEvents?: unknown[];
  workloads?: { attention?: unknown[] };
}

/** Every cluster matching `selector` with its latest snapshot, for the overview page and API. */
export async function clusterOverview(app: Pick<CoreContext, 'prisma' | 'clock'>, selector?: string): Promise<ClusterOverview[]> {
  const { items } = await listClusters(app, { selector, limit: 500 });
  const ids = items.map((c) => c.id);
  const [latest, history, alertCounts] = await Promise.all([
    latestSnapshots(app.prisma, ids),
    utilisationHistory(app.prisma, ids, new Date(app.clock.now().getTime() - SPARKLINE_WINDOW_MS)),
    app.prisma.alertInstance.groupBy({ by: ['clusterId', 'state'], where: { clusterId: { in: ids } }, _count: { _all: true } }),
  ]);
  const alertsOf = (clusterId: string) => {
    const count = (state: string) => alertCounts.find((c) => c.clusterId === clusterId && c.state === state)?._count._all ?? 0;
    return { firing: count('firing'), pending: count('pending') };
  };
  return items.map((cluster) => {
    const snapshot = latest.get(cluster.id);
    const inventory = (snapshot?.inventory ?? null) as InventoryLike | null;
    return {
      id: cluster.id,
      name: cluster.name,
      displayName: cluster.displayName,
      labels: cluster.labels,
      simulated: cluster.description === DEMO_CLUSTER_DESCRIPTION,
      status: cluster.status,
      polledAt: snapshot?.at.toISOString() ?? null,
      metrics: (snapshot?.metrics ?? null) as MetricsSummary | null,
      inventory: inventory
        ? {
            nodesNotReady: (inventory.nodes ?? []).filter((n) => n.ready !== 'True').map((n) => n.name),
            warningEvents: inventory.warningEvents?.length ?? 0,
            workloadsNeedingAttention: inventory.workloads?.attention?.length ?? 0,
          }
        : null,
      history: history.get(cluster.id) ?? [],
      alerts: alertsOf(cluster.id),
    };
  });
}
