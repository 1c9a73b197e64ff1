import { CLUSTER_QUERIES, type ClusterQueryName } from './cluster-queries';

/** One sample of an instant vector. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Runs one instant query for this cluster (selector injection, auth and timeouts are the caller's). */
export type InstantQuery = (expr: string, time: Date) => Promise<Sample[]>;

/** What the overview shows about a cluster, from its Prometheus. `null` means no data. */
export interface MetricsSummary {
  nodes: { ready: number | null; total: number | null };
  cpu: { usedCores: number | null; requestedCores: number | null; allocatableCores: number | null };
  memory: { usedBytes: number | null; requestedBytes: number | null; allocatableBytes: number | null };
  pods: { byPhase: Record<string, number>; notRunning: number };
  crashLoopingPods: number;
  hpasAtMax: number;
  apiserver: { requestsPerSecond: number | null; errorRatio: number | null; p99Seconds: number | null };
  nodeOvercommit: { node: string; cpu: number | null; memory: number | null }[];
}

const single = (samples: Sample[] | undefined) => (samples && samples.length > 0 && Number.isFinite(samples[0]!.value) ? samples[0]!.value : null);
// count() over nothing returns no sample: for counts that means zero.
const count = (samples: Sample[] | undefined) => single(samples) ?? 0;

/**
 * Runs every overview query at `time` and assembles the summary. A failed query is reported in
 * `failures` and leaves its numbers null; the others still count.
 */
export async function summariseMetrics(
  query: InstantQuery,
  time: Date,
): Promise<{ summary: MetricsSummary; failures: { query: ClusterQueryName; message: string }[] }> {
  const names = Object.keys(CLUSTER_QUERIES) as ClusterQueryName[];
  const settled = await Promise.allSettled(names.map((name) => query(CLUSTER_QUERIES[name], time)));
  const results: Partial<Record<ClusterQueryName, Sample[]>> = {};
  const failures: { query: ClusterQueryName; message: string }[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') results[names[i]!] = outcome.value;
    else failures.push({ query: names[i]!, message: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) });
  });

  const byPhase = Object.fromEntries((results.podsByPhase ?? []).map((s) => [s.labels.phase ?? 'Unknown', s.value]));
  const perNode = new Map<string, { node: string; cpu: number | null; memory: number | null }>();
  for (const [samples, key] of [[results.nodeCpuOvercommit, 'cpu'], [results.nodeMemoryOvercommit, 'memory']] as const) {
    for (const sample of samples ?? []) {
      const node = sample.labels.node ?? '';
      const entry = perNode.get(node) ?? { node, cpu: null, memory: null };
      entry[key] = Number.isFinite(sample.value) ? sample.value : null;
      perNode.set(node, entry);
    }
  }
  return {
    summary: {
      nodes: { ready: single(results.nodesReady), total: single(results.nodesTotal) },
      cpu: { usedCores: single(results.cpuUsedCores), requestedCores: single(results.cpuRequestedCores), allocatableCores: single(results.cpuAllocatableCores) },
      memory: { usedBytes: single(results.memoryUsedBytes), requestedBytes: single(results.memoryRequestedBytes), allocatableBytes: single(results.memoryAllocatableBytes) },
      pods: { byPhase, notRunning: Object.entries(byPhase).filter(([phase]) => phase !== 'Running' && phase !== 'Succeeded').reduce((sum, [, n]) => sum + n, 0) },
      crashLoopingPods: count(results.crashLoopingPods),
      hpasAtMax: count(results.hpasAtMax),
      apiserver: {
        requestsPerSecond: single(results.apiserverRequestRate),
        errorRatio: single(results.apiserverErrorRatio),
        p99Seconds: single(results.apiserverP99Seconds),
      },
      nodeOvercommit: [...perNode.values()].sort((a, b) => a.node.localeCompare(b.node)),
    },
    failures,
  };
}
