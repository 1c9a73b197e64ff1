import { listClusters } from '../clusters/list-clusters';
import { DEMO_CLUSTER_DESCRIPTION } from '../demo/constants';
import type { CoreContext } from '../runtime/app-context';
import type { MetricsSummary } from './metrics-summary';
import { latestSnapshotSummaries, type UtilisationHistory, utilisationHistory } from './snapshots';

const SPARKLINE_WINDOW_MS = 60 * 60_000;
const HISTORY_STEP_SECONDS = 60;

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
  /** CPU and memory used / allocatable over the last hour, averaged per minute. */
  history: UtilisationHistory;
  /** Active alert instances on this cluster. */
  alerts: { firing: number; pending: number };
}

/** Every cluster matching `selector` with its latest snapshot, for the overview page and API. */
export async function clusterOverview(app: Pick<CoreContext, 'prisma' | 'clock'>, selector?: string): Promise<ClusterOverview[]> {
  const { items } = await listClusters(app, { selector, limit: 500 });
  const ids = items.map((c) => c.id);
  const [latest, history, alertCounts] = await Promise.all([
    latestSnapshotSummaries(app.prisma, ids),
    utilisationHistory(app.prisma, ids, new Date(app.clock.now().getTime() - SPARKLINE_WINDOW_MS), HISTORY_STEP_SECONDS),
    app.prisma.alertInstance.groupBy({ by: ['clusterId', 'state'], where: { clusterId: { in: ids } }, _count: { _all: true } }),
  ]);
  const alertsOf = (clusterId: string) => {
    const count = (state: string) => alertCounts.find((c) => c.clusterId === clusterId && c.state === state)?._count._all ?? 0;
    return { firing: count('firing'), pending: count('pending') };
  };
  return items.map((cluster) => {
    const snapshot = latest.get(cluster.id);
    return {
      id: cluster.id,
      name: cluster.name,
      displayName: cluster.displayName,
      labels: cluster.labels,
      simulated: cluster.description === DEMO_CLUSTER_DESCRIPTION,
      status: cluster.status,
      polledAt: snapshot?.at.toISOString() ?? null,
      metrics: (snapshot?.metrics ?? null) as MetricsSummary | null,
      inventory: snapshot?.inventory ?? null,
      history: history.get(cluster.id) ?? { stepSeconds: HISTORY_STEP_SECONDS, points: [] },
      alerts: alertsOf(cluster.id),
    };
  });
}
