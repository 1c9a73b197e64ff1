import type { ClusterInput } from '../clusters/cluster-schema';
import { collectInventory } from '../kube/inventory';
import type { Clock } from '../time/clock';
import type { ClusterClients } from './cluster-clients';
import { type Sample, summariseMetrics } from './metrics-summary';
import { CLUSTER_QUERIES } from './cluster-queries';
import type { ClusterSnapshotInput } from './snapshots';

/** What polling needs: the cached clients, the clock, and how long a source may take. */
export interface PollDeps {
  clients: ClusterClients;
  clock: Clock;
  timeoutMs: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Polls one cluster: the overview numbers from its Prometheus and, when configured, the
 * inventory from its Kubernetes API, concurrently. Status: unreachable when Prometheus
 * answered none of the queries; degraded when the Kubernetes API (or some queries) failed.
 */
export async function pollCluster(
  deps: PollDeps,
  cluster: { id: string; input: ClusterInput },
): Promise<{ snapshot: ClusterSnapshotInput; versions: { kubernetes?: string } }> {
  const at = deps.clock.now();
  const started = performance.now();
  const client = deps.clients.prometheus(cluster.id, cluster.input.prometheus);
  const query = async (expr: string, time: Date): Promise<Sample[]> => {
    const { data } = await client.query(expr, time);
    if (data.resultType === 'vector') return data.result.map((s) => ({ labels: s.metric, value: s.value }));
    if (data.resultType === 'scalar') return [{ labels: {}, value: data.result.value }];
    return [];
  };
  const [metrics, inventory] = await Promise.allSettled([
    summariseMetrics(query, at),
    cluster.input.kubernetes ? collectInventory(cluster.input.kubernetes, { now: at, timeoutMs: deps.timeoutMs }) : Promise.resolve(null),
  ]);

  const errors: { source: string; message: string }[] = [];
  const metricsValue = metrics.status === 'fulfilled' ? metrics.value : null;
  const prometheusDown = !metricsValue || metricsValue.failures.length === Object.keys(CLUSTER_QUERIES).length;
  for (const failure of metricsValue?.failures ?? []) errors.push({ source: `prometheus:${failure.query}`, message: failure.message });
  const inventoryValue = inventory.status === 'fulfilled' ? inventory.value : null;
  if (inventory.status === 'rejected') errors.push({ source: 'kubernetes', message: message(inventory.reason) });
  for (const e of inventoryValue?.errors ?? []) errors.push({ source: `kubernetes:${e.resource}`, message: e.message });

  const status = prometheusDown
    ? ({ status: 'unreachable', reason: `Prometheus: ${errors[0]?.message ?? 'no answer'}` } as const)
    : inventory.status === 'rejected'
      ? ({ status: 'degraded', reason: `Kubernetes API: ${message(inventory.reason)}` } as const)
      : ({ status: 'healthy', reason: null } as const);

  return {
    snapshot: {
      clusterId: cluster.id,
      at,
      ...status,
      metrics: prometheusDown ? null : metricsValue!.summary,
      inventory: inventoryValue,
      errors,
      durationMs: Math.round(performance.now() - started),
    },
    versions: inventoryValue?.version?.gitVersion ? { kubernetes: inventoryValue.version.gitVersion } : {},
  };
}
