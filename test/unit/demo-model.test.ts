// The demo simulation without sockets: the model's determinism and schedule, the exposition text,
// and the Kubernetes JSON built from the same state.
import { describe, expect, it } from 'vitest';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { collectFamilies, renderExposition } from '../../lib/demo/exposition';
import { kubeApiResponse } from '../../lib/demo/kube-api';
import {
  CPU_SPIKE_UTILISATION,
  clusterBusyCores,
  clusterStateAt,
  crashLoopRestarts,
  createDemoModel,
  type DemoCluster,
  type DemoModel,
  defaultClusterNames,
  isNodeNotReady,
  modelSeconds,
  nodeCpuUtilisation,
  signalIntegral,
  signalValue,
} from '../../lib/demo/metrics-model';
import { findPrometheusBinary, PROMETHEUS_MISSING_MESSAGE } from '../../lib/demo/prometheus-process';
import { DEMO_CLUSTER_DESCRIPTION, demoClusterRegistrations } from '../../lib/demo/start-demo';

const DAY_START = Date.UTC(2025, 2, 10); // a Monday, 00:00 UTC
const at = (hh: number, mm: number, ss = 0) => new Date(DAY_START + ((hh * 60 + mm) * 60 + ss) * 1000);

interface ParsedSeries {
  family: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN)';
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)?,?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/** Parses and validates the text format strictly; throws with the offending line. */
function parseExposition(text: string): { series: ParsedSeries[]; types: Map<string, string> } {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const seen = new Set<string>();
  const closed = new Set<string>();
  const series: ParsedSeries[] = [];
  let current: string | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    const help = HELP_LINE.exec(line);
    const type = TYPE_LINE.exec(line);
    if (help) {
      const family = help[1]!;
      if (helps.has(family)) throw new Error(`HELP twice for ${family}`);
      helps.add(family);
      if (current) closed.add(current);
      current = family;
      continue;
    }
    if (type) {
      const family = type[1]!;
      if (types.has(family)) throw new Error(`TYPE twice for ${family}`);
      if (family !== current) throw new Error(`TYPE of ${family} not right after its HELP`);
      types.set(family, type[2]!);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`not a valid exposition line: ${line}`);
    const name = sample[1]!;
    const familyType = current ? types.get(current) : undefined;
    const suffixes = familyType === 'histogram' ? ['_bucket', '_sum', '_count'] : [''];
    if (!current || !suffixes.some((s) => name === current + s)) throw new Error(`sample ${name} outside its family block (in ${current})`);
    if (closed.has(current)) throw new Error(`family ${current} is not contiguous`);
    const labels: Record<string, string> = {};
    for (const m of (sample[2] ?? '').matchAll(new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)=(${LABEL_VALUE})`, 'g'))) {
      if (labels[m[1]!] !== undefined) throw new Error(`label ${m[1]} twice in ${line}`);
      labels[m[1]!] = JSON.parse(m[2]!) as string;
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series ${line}`);
    seen.add(key);
    const raw = sample[3]!;
    series.push({ family: current, name, labels, value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) });
  }
  for (const family of helps) if (!types.has(family)) throw new Error(`no TYPE for ${family}`);
  return { series, types };
}

function seriesKey(name: string, labels: readonly (readonly [string, string])[]): string {
  return `${name}{${labels.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

/** Counter samples (counters and every histogram part) of the model at an instant. */
function counterSamples(model: DemoModel, when: Date): Map<string, number> {
  const out = new Map<string, number>();
  for (const family of collectFamilies(model, when)) {
    if (family.type === 'gauge') continue;
    for (const s of family.samples) out.set(seriesKey(family.name + s.suffix, s.labels), s.value);
  }
  return out;
}

function kubeGet(cluster: DemoCluster, url: string, when: Date) {
  const answer = kubeApiResponse(cluster, { method: 'GET', url, authorization: `Bearer ${cluster.token}` }, when);
  expect(answer.status, url).toBe(200);
  return answer.body as { items: Record<string, any>[] } & Record<string, any>;
}

const model3 = createDemoModel({ clusters: 3, seed: 7 });

describe('demo model: topology', () => {
  it('names clusters demo-eu-1, demo-us-1, demo-ap-1, demo-eu-2, ... with env, region and cloud labels', () => {
    expect(defaultClusterNames(5)).toEqual(['demo-eu-1', 'demo-us-1', 'demo-ap-1', 'demo-eu-2', 'demo-us-2']);
    expect(model3.clusters.map((c) => [c.name, c.labels])).toEqual([
      ['demo-eu-1', { env: 'prod', region: 'eu-west-1', cloud: 'aws' }],
      ['demo-us-1', { env: 'staging', region: 'us-central1', cloud: 'gcp' }],
      ['demo-ap-1', { env: 'prod', region: 'southeastasia', cloud: 'azure' }],
    ]);
    expect(() => createDemoModel({ clusters: 0 })).toThrow(/from 1 to 200/);
    expect(() => createDemoModel({ clusters: 201 })).toThrow(/from 1 to 200/);
    expect(() => createDemoModel({ clusters: ['Bad_Name'] })).toThrow(/DNS label/);
    expect(() => createDemoModel({ clusters: ['a', 'a'] })).toThrow(/unique/);
  });

  it('puts each scenario somewhere: NotReady node and crash loop in the first cluster, spike and pending pod in the second, HPA at max in the third', () => {
    const [eu, us, ap] = model3.clusters;
    expect(eu!.scenarios.notReadyNode).toBeDefined();
    expect(eu!.scenarios.crashLoopPod).toBe('payments/billing-api');
    expect(us!.scenarios.spikeNode).toBeDefined();
    expect(us!.scenarios.pendingPod).toMatch(/^shop\/recommender-/);
    expect(ap!.scenarios.hpaAtMax).toBe('shop/frontend');
    // One cluster: everything in it.
    const solo = createDemoModel({ clusters: 1 }).clusters[0]!;
    expect(Object.keys(solo.scenarios).sort()).toEqual(['crashLoopPod', 'hpaAtMax', 'notReadyNode', 'pendingPod', 'spikeNode']);
    expect(solo.scenarios.notReadyNode).not.toBe(solo.scenarios.spikeNode);
  });

  it('stays within the size bounds for many seeds: 3-8 nodes, 20-60 pods, 2-4 HPAs, under 3000 series per cluster', () => {
    const when = at(12, 0);
    let maxSeries = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const model = createDemoModel({ clusters: 6, seed });
      const perCluster = new Map<string, number>();
      for (const family of collectFamilies(model, when)) {
        for (const s of family.samples) {
          const cluster = s.labels.find(([k]) => k === 'cluster')?.[1];
          expect(cluster).toBeDefined();
          perCluster.set(cluster!, (perCluster.get(cluster!) ?? 0) + 1);
        }
      }
      for (const cluster of model.clusters) {
        expect(cluster.nodes.length).toBeGreaterThanOrEqual(3);
        expect(cluster.nodes.length).toBeLessThanOrEqual(8);
        expect(cluster.pods.length).toBeGreaterThanOrEqual(20);
        expect(cluster.pods.length).toBeLessThanOrEqual(60);
        expect(cluster.hpas.length).toBeGreaterThanOrEqual(2);
        expect(cluster.hpas.length).toBeLessThanOrEqual(4);
        for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) expect(cluster.workloads.some((w) => w.kind === kind)).toBe(true);
        expect(new Set(cluster.pods.map((p) => p.namespace))).toEqual(new Set(['kube-system', 'monitoring', 'default', 'shop', 'payments']));
        // Requests fit on every node.
        for (const node of cluster.nodes) {
          const onNode = cluster.pods.filter((p) => p.node === node.name);
          const cpu = onNode.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.cpuRequestMillis, 0), 0);
          expect(cpu).toBeLessThanOrEqual(node.allocatableCpuMillis);
        }
        const series = perCluster.get(cluster.name) ?? 0;
        maxSeries = Math.max(maxSeries, series);
        expect(series).toBeLessThan(3000);
      }
    }
    expect(maxSeries).toBeGreaterThan(500);
  });
});

describe('demo model: determinism', () => {
  it('renders the same text for the same seed and time, from separately built models', () => {
    const when = at(9, 13, 7);
    const a = renderExposition(createDemoModel({ clusters: 3, seed: 7 }), when);
    const b = renderExposition(createDemoModel({ clusters: 3, seed: 7 }), when);
    expect(a).toBe(b);
    expect(renderExposition(createDemoModel({ clusters: 3, seed: 8 }), when)).not.toBe(a);
    expect(renderExposition(model3, at(9, 13, 12))).not.toBe(a);
    // The Kubernetes JSON too.
    const other = createDemoModel({ clusters: 3, seed: 7 });
    for (const path of ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events', '/apis/apps/v1/deployments', '/apis/autoscaling/v2/horizontalpodautoscalers']) {
      expect(kubeGet(other.clusters[0]!, path, when)).toEqual(kubeGet(model3.clusters[0]!, path, when));
    }
    expect(other.clusters.map((c) => c.token)).toEqual(model3.clusters.map((c) => c.token));
  });
});

describe('demo model: counters', () => {
  it('never go down over a sampled day (every 2 minutes), nor every 5 s across the NotReady and spike windows', () => {
    let previous = counterSamples(model3, at(0, 0));
    let compared = 0;
    const check = (when: Date) => {
      const next = counterSamples(model3, when);
      for (const [key, value] of next) {
        const before = previous.get(key);
        if (before !== undefined) {
          compared += 1;
          if (value < before) throw new Error(`${key} went down at ${when.toISOString()}: ${before} -> ${value}`);
        }
      }
      previous = next;
    };
    for (let minute = 2; minute <= 24 * 60 + 10; minute += 2) check(at(0, minute));
    previous = counterSamples(model3, at(14, 15));
    for (let s = 5; s <= 35 * 60; s += 5) check(at(14, 15, s));
    expect(compared).toBeGreaterThan(1_000_000);
  }, 60_000);

  it('are the integral of the rate: closed form matches numeric integration, also across the spike window', () => {
    const spiky = model3.clusters[1]!.nodes.find((n) => n.spikes)!;
    const plain = model3.clusters[0]!.nodes[0]!;
    for (const node of [spiky, plain]) {
      const t0 = modelSeconds(at(10, 30));
      const t1 = modelSeconds(at(10, 50));
      const step = 0.25;
      let numeric = 0;
      for (let t = t0; t < t1; t += step) numeric += signalValue(node.cpu, t + step / 2) * step;
      const closed = signalIntegral(node.cpu, t1) - signalIntegral(node.cpu, t0);
      expect(Math.abs(closed - numeric)).toBeLessThan(1e-3);
    }
    // node_cpu_seconds_total: rate of non-idle / cores = utilisation; idle + non-idle = wall time.
    const s0 = clusterStateAt(model3.clusters[0]!, at(3, 0, 0));
    const s1 = clusterStateAt(model3.clusters[0]!, at(3, 0, 10));
    const n0 = s0.nodes[0]!;
    const n1 = s1.nodes[0]!;
    const rate = (n1.cpuBusySeconds - n0.cpuBusySeconds) / 10;
    expect(rate).toBeCloseTo((n0.cpuUtilisation + n1.cpuUtilisation) / 2, 3);
  });

  it('make the apiserver slower and return more 5xx during the spike', () => {
    const cluster = model3.clusters[1]!;
    const errorShare = (from: Date, to: Date) => {
      const sum = (when: Date, filter: (code: string) => boolean) =>
        collectFamilies(model3, when)
          .find((f) => f.name === 'apiserver_request_total')!
          .samples.filter((s) => s.labels.some(([k, v]) => k === 'cluster' && v === cluster.name))
          .filter((s) => filter(s.labels.find(([k]) => k === 'code')![1]))
          .reduce((a, s) => a + s.value, 0);
      const all = sum(to, () => true) - sum(from, () => true);
      return (sum(to, (c) => c.startsWith('5')) - sum(from, (c) => c.startsWith('5'))) / all;
    };
    const calm = errorShare(at(8, 10), at(8, 12));
    const spike = errorShare(at(8, 41), at(8, 43));
    expect(calm).toBeGreaterThan(0.0005);
    expect(calm).toBeLessThan(0.01);
    expect(spike).toBeGreaterThan(0.03);
  });
});

describe('demo model: schedule', () => {
  const eu = model3.clusters[0]!;
  const flapping = eu.nodes.find((n) => n.name === eu.scenarios.notReadyNode)!;

  it('has the first cluster node NotReady from hh:20 to hh:30 every hour, in the metrics and the Kubernetes API', () => {
    for (const [when, notReady] of [
      [at(10, 19, 59), false],
      [at(10, 20, 0), true],
      [at(10, 25), true],
      [at(10, 29, 59), true],
      [at(10, 30, 0), false],
      [at(23, 22), true],
    ] as const) {
      expect(isNodeNotReady(flapping, when), when.toISOString()).toBe(notReady);
      const { series } = parseExposition(renderExposition(model3, when));
      const readyFalse = series
        .filter((s) => s.name === 'kube_node_status_condition' && s.labels.condition === 'Ready' && s.labels.status === 'false' && s.value === 1)
        .map((s) => `${s.labels.cluster}/${s.labels.node}`);
      expect(readyFalse).toEqual(notReady ? [`demo-eu-1/${flapping.name}`] : []);
      const taints = series.filter((s) => s.name === 'kube_node_spec_taint' && s.labels.key === 'node.kubernetes.io/not-ready');
      expect(taints.length).toBe(notReady ? 2 : 0);

      const node = kubeGet(eu, `/api/v1/nodes/${flapping.name}`, when);
      const ready = node.status.conditions.find((c: { type: string }) => c.type === 'Ready');
      expect(ready.status).toBe(notReady ? 'False' : 'True');
      expect(node.spec.taints?.some((t: { key: string }) => t.key === 'node.kubernetes.io/not-ready') ?? false).toBe(notReady);
    }
    // Its pods are not ready meanwhile: deployments and daemonsets lose availability.
    const inside = clusterStateAt(eu, at(10, 25));
    const outside = clusterStateAt(eu, at(10, 35));
    const available = (s: typeof inside) => s.workloads.reduce((a, w) => a + w.available, 0);
    expect(available(inside)).toBeLessThan(available(outside));
    const warnings = kubeGet(eu, '/api/v1/events?fieldSelector=type%3DWarning,reason%3DNodeNotReady', at(10, 25)).items;
    expect(warnings.length).toBe(inside.pods.filter((p) => p.pod.node === flapping.name).length);
  });

  it('has one node of the second cluster above 95 % CPU from hh:40 to hh:44 every hour', () => {
    const us = model3.clusters[1]!;
    const spiky = us.nodes.find((n) => n.name === us.scenarios.spikeNode)!;
    for (const [when, spiking] of [
      [at(10, 39, 59), false],
      [at(10, 40, 0), true],
      [at(10, 42), true],
      [at(10, 43, 59), true],
      [at(10, 44, 0), false],
      [at(17, 41), true],
    ] as const) {
      const u = nodeCpuUtilisation(spiky, when);
      if (spiking) expect(u).toBe(CPU_SPIKE_UTILISATION);
      else expect(u).toBeLessThan(0.9);
    }
    // The counters agree: non-idle CPU seconds per second over one minute inside the window.
    const rate = (from: Date, to: Date) => {
      const a = clusterStateAt(us, from).nodes.find((n) => n.node === spiky)!;
      const b = clusterStateAt(us, to).nodes.find((n) => n.node === spiky)!;
      return (b.cpuBusySeconds - a.cpuBusySeconds) / ((to.getTime() - from.getTime()) / 1000);
    };
    expect(rate(at(10, 41), at(10, 42))).toBeGreaterThan(0.95);
    expect(rate(at(10, 46), at(10, 47))).toBeLessThan(0.9);
    // No other node of any cluster spikes.
    for (const cluster of model3.clusters) {
      for (const node of cluster.nodes) if (node !== spiky) expect(nodeCpuUtilisation(node, at(10, 42))).toBeLessThan(0.9);
    }
  });

  it('follows a diurnal curve: the eu cluster is busier in the European afternoon than at night', () => {
    const eu1 = model3.clusters[0]!;
    expect(clusterBusyCores(eu1, at(13, 0))).toBeGreaterThan(clusterBusyCores(eu1, at(1, 0)) * 1.3);
  });

  it('restarts the crash-looping container with back-off, grows its counter, and agrees with the pod JSON', () => {
    expect([0, 24, 25, 59, 60, 115, 210, 385, 700, 1015, 1330].map((tau) => crashLoopRestarts(tau).restarts)).toEqual([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8]);
    let last = -1;
    for (let minute = 5; minute < 24 * 60; minute += 37) {
      const when = at(0, minute);
      const { series } = parseExposition(renderExposition(model3, when));
      const restarts = series.filter((s) => s.name === 'kube_pod_container_status_restarts_total' && s.labels.cluster === 'demo-eu-1' && s.labels.pod!.startsWith('billing-api-'));
      expect(restarts.length).toBe(1);
      const value = restarts[0]!.value;
      expect(value).toBeGreaterThan(last);
      last = value;
      const pod = kubeGet(eu, `/api/v1/namespaces/payments/pods/${restarts[0]!.labels.pod}`, when);
      expect(pod.status.containerStatuses[0].restartCount).toBe(value);
      expect(pod.status.phase).toBe('Running');
      const waiting = series.some((s) => s.name === 'kube_pod_container_status_waiting_reason' && s.labels.pod === restarts[0]!.labels.pod);
      expect(waiting).toBe(pod.status.containerStatuses[0].state.waiting?.reason === 'CrashLoopBackOff');
    }
    expect(last).toBeGreaterThan(200);
    const events = kubeGet(eu, '/api/v1/namespaces/payments/events?fieldSelector=reason%3DBackOff', at(12, 0)).items;
    expect(events.length).toBe(1);
    expect(events[0]!.type).toBe('Warning');
  });

  it('keeps the pending pod Pending (Unschedulable) and the HPA at its maximum', () => {
    const when = at(6, 6);
    const us = model3.clusters[1]!;
    const [, name] = us.scenarios.pendingPod!.split('/');
    const pod = kubeGet(us, `/api/v1/namespaces/shop/pods/${name}`, when);
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    expect(pod.status.conditions[0].message).toMatch(/^0\/\d+ nodes are available: \d+ Insufficient memory/);
    expect(pod.spec.nodeName).toBeUndefined();
    const { series } = parseExposition(renderExposition(model3, when));
    expect(series.find((s) => s.name === 'kube_pod_status_phase' && s.labels.pod === name && s.labels.phase === 'Pending')?.value).toBe(1);
    expect(kubeGet(us, '/api/v1/events?fieldSelector=reason%3DFailedScheduling', when).items.length).toBe(1);

    const ap = model3.clusters[2]!;
    const hpa = kubeGet(ap, '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/frontend', when);
    expect(hpa.status.currentReplicas).toBe(hpa.spec.maxReplicas);
    expect(hpa.status.conditions.find((c: { type: string }) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    const metric = (n: string) =>
      series.find((s) => s.name === n && s.labels.cluster === 'demo-ap-1' && s.labels.horizontalpodautoscaler === 'frontend')?.value;
    expect(metric('kube_horizontalpodautoscaler_status_current_replicas')).toBe(metric('kube_horizontalpodautoscaler_spec_max_replicas'));
  });
});

describe('demo exposition', () => {
  it('is valid text format: every line matches the grammar, HELP/TYPE once per family, families contiguous, no duplicate series', () => {
    for (const when of [at(0, 0), at(10, 25), at(10, 42), at(23, 59, 59)]) {
      const { series, types } = parseExposition(renderExposition(model3, when));
      // Every family, except the waiting reasons while the crash-looping container happens to run.
      const missing = [
        'kube_node_info',
        'kube_node_status_condition',
        'kube_node_status_capacity',
        'kube_node_status_allocatable',
        'kube_node_spec_taint',
        'kube_node_spec_unschedulable',
        'kube_pod_info',
        'kube_pod_status_phase',
        'kube_pod_container_status_restarts_total',
        'kube_pod_container_status_waiting_reason',
        'kube_pod_container_resource_requests',
        'kube_pod_container_resource_limits',
        'kube_deployment_spec_replicas',
        'kube_deployment_status_replicas_available',
        'kube_statefulset_replicas',
        'kube_statefulset_status_replicas_ready',
        'kube_daemonset_status_desired_number_scheduled',
        'kube_daemonset_status_number_available',
        'kube_horizontalpodautoscaler_spec_min_replicas',
        'kube_horizontalpodautoscaler_spec_max_replicas',
        'kube_horizontalpodautoscaler_status_current_replicas',
        'kube_horizontalpodautoscaler_status_desired_replicas',
        'node_cpu_seconds_total',
        'node_memory_MemTotal_bytes',
        'node_memory_MemAvailable_bytes',
        'node_filesystem_size_bytes',
        'node_filesystem_avail_bytes',
        'node_load1',
        'container_cpu_usage_seconds_total',
        'container_memory_working_set_bytes',
        'apiserver_request_total',
        'apiserver_request_duration_seconds',
      ].filter((family) => !types.has(family));
      expect(missing.filter((family) => family !== 'kube_pod_container_status_waiting_reason')).toEqual([]);
      expect(types.size).toBe(32 - missing.length);
      for (const s of series) expect(s.labels.cluster).toMatch(/^demo-(eu|us|ap)-1$/);
      // Histograms: buckets ascend and end with +Inf = _count.
      const byVerb = new Map<string, ParsedSeries[]>();
      for (const s of series.filter((x) => x.name === 'apiserver_request_duration_seconds_bucket')) {
        const key = `${s.labels.cluster}/${s.labels.verb}`;
        byVerb.set(key, [...(byVerb.get(key) ?? []), s]);
      }
      expect(byVerb.size).toBe(18);
      for (const [key, buckets] of byVerb) {
        const values = buckets.map((b) => b.value);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        expect(buckets[0]!.labels.le).toBe('0.005');
        expect(buckets.at(-2)!.labels.le).toBe('60');
        expect(buckets.at(-1)!.labels.le).toBe('+Inf');
        const [cluster, verb] = key.split('/');
        const count = series.find((s) => s.name === 'apiserver_request_duration_seconds_count' && s.labels.cluster === cluster && s.labels.verb === verb);
        expect(count?.value).toBe(buckets.at(-1)!.value);
      }
    }
  });

  it('emits the kube-state-metrics, node-exporter, cAdvisor and apiserver series with the expected labels', () => {
    const when = at(15, 0);
    const { series, types } = parseExposition(renderExposition(model3, when));
    const labelsOf = (name: string) => new Set(series.filter((s) => s.name === name).flatMap((s) => Object.keys(s.labels)));
    expect(labelsOf('kube_node_info')).toEqual(new Set(['cluster', 'node', 'kubelet_version', 'os_image', 'container_runtime_version', 'internal_ip']));
    expect(labelsOf('node_cpu_seconds_total')).toEqual(new Set(['cluster', 'instance', 'node', 'cpu', 'mode']));
    expect(labelsOf('node_filesystem_avail_bytes')).toEqual(new Set(['cluster', 'instance', 'node', 'device', 'fstype', 'mountpoint']));
    expect(labelsOf('container_cpu_usage_seconds_total')).toEqual(new Set(['cluster', 'namespace', 'pod', 'container', 'node', 'image']));
    expect(labelsOf('kube_pod_container_resource_requests')).toEqual(new Set(['cluster', 'namespace', 'pod', 'container', 'node', 'resource', 'unit']));
    expect(labelsOf('apiserver_request_total')).toEqual(new Set(['cluster', 'verb', 'resource', 'code']));
    expect(types.get('node_cpu_seconds_total')).toBe('counter');
    expect(types.get('kube_pod_container_status_restarts_total')).toBe('counter');
    expect(types.get('apiserver_request_duration_seconds')).toBe('histogram');
    for (const s of series.filter((x) => x.name === 'node_cpu_seconds_total')) expect(s.labels.instance).toBe(`${s.labels.node}:9100`);
    // Every node has exactly one current status per condition.
    const conditions = series.filter((s) => s.name === 'kube_node_status_condition');
    const nodes = series.filter((s) => s.name === 'kube_node_info').length;
    expect(conditions.length).toBe(nodes * 5 * 3);
    expect(conditions.filter((s) => s.value === 1).length).toBe(nodes * 5);
    // Each pod has exactly one phase.
    const phases = series.filter((s) => s.name === 'kube_pod_status_phase');
    expect(phases.filter((s) => s.value === 1).length).toBe(phases.length / 5);
  });
});

describe('demo Kubernetes API (without a socket)', () => {
  const eu = model3.clusters[0]!;
  const when = at(11, 11);

  it('lists the same nodes and pods as the metrics', () => {
    const { series } = parseExposition(renderExposition(model3, when));
    for (const cluster of model3.clusters) {
      const nodeNames = kubeGet(cluster, '/api/v1/nodes', when).items.map((n) => n.metadata.name).sort();
      const metricNodes = series.filter((s) => s.name === 'kube_node_info' && s.labels.cluster === cluster.name).map((s) => s.labels.node).sort();
      expect(nodeNames).toEqual(metricNodes);
      const pods = kubeGet(cluster, '/api/v1/pods', when).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}@${p.spec.nodeName ?? ''}`).sort();
      const metricPods = series
        .filter((s) => s.name === 'kube_pod_info' && s.labels.cluster === cluster.name)
        .map((s) => `${s.labels.namespace}/${s.labels.pod}@${s.labels.node}`)
        .sort();
      expect(pods).toEqual(metricPods);
      const ds = kubeGet(cluster, '/apis/apps/v1/daemonsets', when).items;
      for (const d of ds) expect(d.status.desiredNumberScheduled).toBe(nodeNames.length);
    }
  });

  it('answers like an apiserver: 401 without the token, 404 Status, kinds on single objects, namespaces, selectors, pagination', () => {
    const anonymous = kubeApiResponse(eu, { method: 'GET', url: '/api/v1/nodes' }, when);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const missing = kubeApiResponse(eu, { method: 'GET', url: '/api/v1/namespaces/shop/pods/nope', authorization: `Bearer ${eu.token}` }, when);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
    expect(kubeApiResponse(eu, { method: 'DELETE', url: '/api/v1/nodes', authorization: `Bearer ${eu.token}` }, when).status).toBe(405);

    const version = kubeGet(eu, '/version', when);
    expect(version.gitVersion).toMatch(/^v1\.33\.\d+-eks-/);
    expect(kubeGet(eu, '/api/v1/namespaces', when).items.map((n) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'monitoring', 'shop', 'payments']),
    );
    const shopPods = kubeGet(eu, '/api/v1/namespaces/shop/pods', when);
    expect(shopPods.kind).toBe('PodList');
    expect(shopPods.items.every((p) => p.metadata.namespace === 'shop')).toBe(true);
    const coredns = kubeGet(eu, '/api/v1/pods?labelSelector=app%3Dcoredns', when).items;
    expect(coredns.map((p) => p.metadata.name.split('-')[0])).toEqual(['coredns', 'coredns']);
    const nodeName = coredns[0]!.spec.nodeName as string;
    const onNode = kubeGet(eu, `/api/v1/pods?fieldSelector=spec.nodeName%3D${nodeName}`, when).items;
    expect(onNode.every((p) => p.spec.nodeName === nodeName)).toBe(true);
    const single = kubeGet(eu, `/api/v1/nodes/${nodeName}`, when);
    expect(single).toMatchObject({ kind: 'Node', apiVersion: 'v1', metadata: { name: nodeName } });
    const page1 = kubeGet(eu, '/api/v1/pods?limit=10', when);
    expect(page1.items.length).toBe(10);
    const page2 = kubeGet(eu, `/api/v1/pods?limit=10&continue=${page1.metadata.continue}`, when);
    expect(page2.items[0]!.metadata.name).not.toBe(page1.items[0]!.metadata.name);
    expect(kubeGet(eu, '/apis/metrics.k8s.io/v1beta1/nodes', when).items.length).toBe(eu.nodes.length);
    expect(kubeGet(eu, '/apis/apps/v1/statefulsets', when).items.map((s) => s.metadata.name)).toEqual(
      expect.arrayContaining(['prometheus-k8s', 'alertmanager-main', 'redis', 'postgres']),
    );
  });
});

describe('demo registrations and Prometheus lookup', () => {
  it('produces cluster registrations the REST API accepts', () => {
    const registrations = demoClusterRegistrations(model3, 'http://127.0.0.1:9090', ['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3']);
    for (const r of registrations) {
      const parsed = clusterInputSchema.parse(r);
      expect(parsed.description).toBe(DEMO_CLUSTER_DESCRIPTION);
      expect(parsed.prometheus.selector).toBe(`{cluster="${r.name}"}`);
      expect(parsed.kubernetes?.insecureSkipVerify).toBe(true);
    }
  });

  it('says how to install Prometheus when the binary is missing', () => {
    expect(() => findPrometheusBinary(['/nonexistent-dir'])).toThrow(new Error(PROMETHEUS_MISSING_MESSAGE));
    expect(PROMETHEUS_MISSING_MESSAGE).toBe('Demo clusters need Prometheus: apt-get install -y prometheus (Debian/Ubuntu)');
  });
});
