// Shared by the benchmarks: /proc figures, percentiles, and the simulated clusters behind one
// real Prometheus (scripts/demo-cluster-sim.ts in a child process, so its cost is not counted).
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { clusterInputSchema, type ClusterInput } from '../lib/clusters/cluster-schema';
import { ClusterClients } from '../lib/collect/cluster-clients';
import { evaluateAlertRule } from '../lib/rules/engine/evaluate-rule';
import { instantQueryVia } from '../lib/rules/engine/prometheus-query';
import type { AlertInstance, EngineRule } from '../lib/rules/engine/types';
import { toEngineRule } from '../lib/rules/engine-rule';
import { alertRuleInputSchema } from '../lib/rules/rule-schema';

const root = path.resolve(import.meta.dirname, '..');

/** CPU seconds (user + system) and RSS of a process, from /proc. */
export async function procStat(pid: number) {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100/s)
  return { cpuSeconds: ticks / 100, rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024 };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export interface Simulation {
  prometheusUrl: string;
  /** The simulation's Prometheus process, for its CPU and RSS. */
  prometheusPid: number;
  clusters: Array<{ id: string; input: ClusterInput }>;
  /** Series the simulated exporter has in Prometheus now. */
  seriesCount(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `count` simulated clusters behind one Prometheus and waits `settleSeconds` of scrapes. */
export async function startSimulation(count: number, settleSeconds: number): Promise<Simulation> {
  const sim = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'demo-cluster-sim.ts'), '--clusters', String(count)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (sim.exitCode !== null) return;
    sim.kill('SIGTERM');
    await new Promise((resolve) => sim.once('exit', resolve));
  };
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: sim.stdout! }).once('line', resolve);
      sim.once('exit', (code) => reject(new Error(`simulation exited (${code}) before it was ready`)));
    });
    const { prometheusUrl, clusters } = JSON.parse(firstLine) as { prometheusUrl: string; clusters: unknown[] };
    // The simulation's Prometheus, found by the address it listens on.
    const prometheusPid = Number(execFileSync('pgrep', ['-f', `listen-address=${new URL(prometheusUrl).host}`]).toString().trim().split('\n')[0]);
    console.log(`${clusters.length} clusters behind ${prometheusUrl}; letting Prometheus scrape for ${settleSeconds} s...`);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    return {
      prometheusUrl,
      prometheusPid,
      clusters: clusters.map((c, i) => ({ id: `bench-${i}`, input: clusterInputSchema.parse(c) })),
      seriesCount: async () => Number((await (await fetch(`${prometheusUrl}/api/v1/query?query=count({job="kubewatch-demo"})`)).json()).data.result[0]?.value[1]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Ten realistic rule shapes over the demo's kube-prometheus metrics, five thresholds each.
const SHAPES: Array<(i: number) => { expr: string; for: string }> = [
  (i) => ({ expr: `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) > ${50 + 10 * i}`, for: '3m' }),
  (i) => ({ expr: `increase(kube_pod_container_status_restarts_total[15m]) > ${i}`, for: '5m' }),
  (i) => ({ expr: `kube_node_status_condition{condition="Ready",status="true"} == ${i % 2}`, for: '1m' }),
  (i) => ({ expr: `sum by (namespace) (kube_pod_status_phase{phase="Pending"}) > ${i}`, for: '10m' }),
  (i) => ({ expr: `kube_horizontalpodautoscaler_status_current_replicas >= kube_horizontalpodautoscaler_spec_max_replicas - ${i}`, for: '15m' }),
  (i) => ({ expr: `sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m])) > ${0.01 * (i + 1)}`, for: '10m' }),
  (i) => ({ expr: `100 * (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) > ${40 + 10 * i}`, for: '5m' }),
  (i) => ({ expr: `sum by (namespace, pod) (container_memory_working_set_bytes) > ${(i + 1) * 1e8}`, for: '5m' }),
  (i) => ({ expr: `kube_deployment_spec_replicas - kube_deployment_status_replicas_available > ${i}`, for: '15m' }),
  (i) => ({ expr: `histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket[5m]))) > ${0.1 * (i + 1)}`, for: '10m' }),
];

/** M alert rules over the demo's metrics, as the rule benchmarks evaluate them (bench:rules and bench's scale section). */
export function benchRules(count: number): EngineRule[] {
  return Array.from({ length: count }, (_, n) => {
    const shape = SHAPES[n % SHAPES.length]!(Math.floor(n / SHAPES.length) % 5);
    const spec = alertRuleInputSchema.parse({
      alert: `BenchRule${n}`,
      ...shape,
      severity: n % 3 ? 'warning' : 'critical',
      annotations: { summary: '{{ $labels.cluster }}: {{ $value | humanize }} on {{ $labels.instance }}{{ $labels.pod }}' },
    });
    return toEngineRule(`bench-${n}`, spec);
  });
}

/** What one cycle of the rule benchmarks measured. */
export interface CycleFigures {
  wallMs: number;
  /** Wall time of each cluster's evaluation of the whole group (unsorted). */
  perClusterMs: number[];
  /** Time spent waiting for Prometheus, summed over every query. */
  queryMs: number;
  /** This process's CPU over the cycle. */
  cpu: NodeJS.CpuUsage;
  transitions: number;
  failures: number;
  firing: number;
}

/**
 * One cycle as the worker evaluates a group: every cluster concurrently, the rules in order per
 * cluster, with the engine's own evaluateAlertRule. `state` carries the instances across cycles.
 */
export async function evaluateCycle(clusters: Simulation['clusters'], rules: EngineRule[], clients: ClusterClients, state: Map<string, ReadonlyMap<string, AlertInstance>>): Promise<CycleFigures> {
  const ts = Date.now();
  let queryMs = 0;
  let transitions = 0;
  let failures = 0;
  let firing = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const perClusterMs = await Promise.all(
    clusters.map(async (cluster) => {
      const t0 = performance.now();
      const query = instantQueryVia(clients.prometheus(cluster.id, cluster.input.prometheus), (s) => (queryMs += s * 1000));
      for (const rule of rules) {
        const key = `${cluster.id}/${rule.id}`;
        const result = await evaluateAlertRule(rule, state.get(key) ?? new Map(), { ts, query, identityLabels: { cluster: cluster.input.name }, externalLabels: {}, externalURL: '' });
        state.set(key, result.active);
        transitions += result.transitions.length;
        if (result.error) failures++;
        firing += [...result.active.values()].filter((a) => a.state === 'firing').length;
      }
      return performance.now() - t0;
    }),
  );
  return { wallMs: performance.now() - started, perClusterMs, queryMs, cpu: process.cpuUsage(cpuBefore), transitions, failures, firing };
}
