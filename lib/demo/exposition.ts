import {
  APISERVER_DURATION_BUCKETS,
  apiserverDurationHistograms,
  apiserverRequestCounts,
  CPU_MODE_SHARES,
  clusterStateAt,
  type DemoClusterState,
  type DemoModel,
} from './metrics-model';

/**
 * The demo model as Prometheus text exposition format (version 0.0.4): the series of
 * kube-state-metrics, node-exporter, cAdvisor and the apiserver for every cluster, each labelled
 * `cluster="<name>"`. Samples carry no timestamps: Prometheus stamps them at scrape time.
 */

/** Content-Type of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Metric family types used here. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One sample: the family name plus `suffix` is the series name. */
export interface MetricSample {
  suffix: '' | '_bucket' | '_sum' | '_count';
  labels: readonly (readonly [string, string])[];
  value: number;
}

/** A metric family with its HELP text, TYPE and samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: MetricSample[];
}

const FAMILIES: readonly (readonly [string, MetricType, string])[] = [
  ['kube_node_info', 'gauge', 'Information about a cluster node.'],
  ['kube_node_status_condition', 'gauge', 'The condition of a cluster node.'],
  ['kube_node_status_capacity', 'gauge', 'The capacity for different resources of a node.'],
  ['kube_node_status_allocatable', 'gauge', 'The allocatable for different resources of a node that are available for scheduling.'],
  ['kube_node_spec_taint', 'gauge', 'The taint of a cluster node.'],
  ['kube_node_spec_unschedulable', 'gauge', 'Whether a node can schedule new pods.'],
  ['kube_pod_info', 'gauge', 'Information about pod.'],
  ['kube_pod_status_phase', 'gauge', 'The pods current phase.'],
  ['kube_pod_container_status_restarts_total', 'counter', 'The number of container restarts per container.'],
  ['kube_pod_container_status_waiting_reason', 'gauge', 'Describes the reason the container is currently in waiting state.'],
  ['kube_pod_container_resource_requests', 'gauge', 'The number of requested request resource by a container.'],
  ['kube_pod_container_resource_limits', 'gauge', 'The number of requested limit resource by a container.'],
  ['kube_deployment_spec_replicas', 'gauge', 'Number of desired pods for a deployment.'],
  ['kube_deployment_status_replicas_available', 'gauge', 'The number of available replicas per deployment.'],
  ['kube_statefulset_replicas', 'gauge', 'Number of desired pods for a StatefulSet.'],
  ['kube_statefulset_status_replicas_ready', 'gauge', 'The number of ready replicas per StatefulSet.'],
  ['kube_daemonset_status_desired_number_scheduled', 'gauge', 'The number of nodes that should be running the daemon pod.'],
  [
    'kube_daemonset_status_number_available',
    'gauge',
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available',
  ],
  ['kube_horizontalpodautoscaler_spec_min_replicas', 'gauge', 'Lower limit for the number of pods that can be set by the autoscaler, default 1.'],
  ['kube_horizontalpodautoscaler_spec_max_replicas', 'gauge', 'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.'],
  ['kube_horizontalpodautoscaler_status_current_replicas', 'gauge', 'Current number of replicas of pods managed by this autoscaler.'],
  ['kube_horizontalpodautoscaler_status_desired_replicas', 'gauge', 'Desired number of replicas of pods managed by this autoscaler.'],
  ['node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.'],
  ['node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.'],
  ['node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.'],
  ['node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.'],
  ['node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.'],
  ['node_load1', 'gauge', '1m load average.'],
  ['container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.'],
  ['container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.'],
  [
    'apiserver_request_total',
    'counter',
    '[STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
  ],
  [
    'apiserver_request_duration_seconds',
    'histogram',
    '[STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
  ],
];

const CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'] as const;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

type Labels = [string, string][];

/** Every metric family of every cluster at `at`, in a fixed order. */
export function collectFamilies(model: DemoModel, at: Date | number): MetricFamily[] {
  const families = new Map<string, MetricFamily>();
  for (const [name, type, help] of FAMILIES) families.set(name, { name, type, help, samples: [] });
  const add = (name: string, labels: Labels, value: number, suffix: MetricSample['suffix'] = '') => {
    const family = families.get(name);
    if (!family) throw new Error(`unknown metric family ${name}`);
    family.samples.push({ suffix, labels, value });
  };
  for (const cluster of model.clusters) addCluster(clusterStateAt(cluster, at), at, add);
  return [...families.values()];
}

function addCluster(
  state: DemoClusterState,
  at: Date | number,
  add: (name: string, labels: Labels, value: number, suffix?: MetricSample['suffix']) => void,
): void {
  const c: [string, string] = ['cluster', state.cluster.name];

  for (const ns of state.nodes) {
    const n = ns.node;
    const node: [string, string] = ['node', n.name];
    add('kube_node_info', [c, node, ['kubelet_version', n.kubeletVersion], ['os_image', n.osImage], ['container_runtime_version', n.containerRuntimeVersion], ['internal_ip', n.internalIp]], 1);
    for (const condition of CONDITIONS) {
      const current = condition === 'Ready' ? (ns.ready ? 'true' : 'false') : 'false';
      for (const status of ['true', 'false', 'unknown']) {
        add('kube_node_status_condition', [c, node, ['condition', condition], ['status', status]], status === current ? 1 : 0);
      }
    }
    for (const [family, cpu, memory] of [
      ['kube_node_status_capacity', n.cores, n.memoryBytes],
      ['kube_node_status_allocatable', n.allocatableCpuMillis / 1000, n.allocatableMemoryBytes],
    ] as const) {
      add(family, [c, node, ['resource', 'cpu'], ['unit', 'core']], cpu);
      add(family, [c, node, ['resource', 'memory'], ['unit', 'byte']], memory);
      add(family, [c, node, ['resource', 'pods'], ['unit', 'integer']], n.maxPods);
    }
    for (const taint of ns.taints) {
      add('kube_node_spec_taint', [c, node, ['key', taint.key], ['value', taint.value], ['effect', taint.effect]], 1);
    }
    add('kube_node_spec_unschedulable', [c, node], 0);

    const instance: [string, string] = ['instance', `${n.name}:9100`];
    n.cpuWeights.forEach((weight, cpu) => {
      const busy = weight * ns.cpuBusySeconds;
      const cpuLabel: [string, string] = ['cpu', String(cpu)];
      add('node_cpu_seconds_total', [c, instance, node, cpuLabel, ['mode', 'idle']], ns.elapsedSeconds - busy);
      for (const mode of ['user', 'system', 'iowait'] as const) {
        add('node_cpu_seconds_total', [c, instance, node, cpuLabel, ['mode', mode]], busy * CPU_MODE_SHARES[mode]);
      }
    });
    add('node_memory_MemTotal_bytes', [c, instance, node], n.memoryBytes);
    add('node_memory_MemAvailable_bytes', [c, instance, node], ns.memoryAvailableBytes);
    const fs: Labels = [c, instance, node, ['device', n.device], ['fstype', 'ext4'], ['mountpoint', '/']];
    add('node_filesystem_size_bytes', fs, n.filesystemBytes);
    add('node_filesystem_avail_bytes', fs, ns.filesystemAvailBytes);
    add('node_load1', [c, instance, node], round(ns.load1, 2));
  }

  for (const ps of state.pods) {
    const pod = ps.pod;
    const ns: [string, string] = ['namespace', pod.namespace];
    const name: [string, string] = ['pod', ps.name];
    const node: [string, string] = ['node', pod.node ?? ''];
    add('kube_pod_info', [c, ns, name, node, ['created_by_kind', pod.ownerKind], ['created_by_name', pod.ownerName]], 1);
    for (const phase of PHASES) add('kube_pod_status_phase', [c, ns, name, ['phase', phase]], phase === ps.phase ? 1 : 0);
    for (const cs of ps.containers) {
      const container: [string, string] = ['container', cs.spec.name];
      if (ps.phase !== 'Pending') add('kube_pod_container_status_restarts_total', [c, ns, name, container], cs.restarts);
      if (cs.waitingReason) add('kube_pod_container_status_waiting_reason', [c, ns, name, container, ['reason', cs.waitingReason]], 1);
      const resources: [string, number | undefined, number | undefined][] = [
        ['kube_pod_container_resource_requests', cs.spec.cpuRequestMillis, cs.spec.memoryRequestBytes],
        ['kube_pod_container_resource_limits', cs.spec.cpuLimitMillis, cs.spec.memoryLimitBytes],
      ];
      for (const [family, cpu, memory] of resources) {
        if (cpu !== undefined) add(family, [c, ns, name, container, node, ['resource', 'cpu'], ['unit', 'core']], cpu / 1000);
        if (memory !== undefined) add(family, [c, ns, name, container, node, ['resource', 'memory'], ['unit', 'byte']], memory);
      }
      if (ps.phase === 'Running') {
        const labels: Labels = [c, ns, name, container, node, ['image', cs.spec.image]];
        add('container_cpu_usage_seconds_total', labels, round(cs.cpuSecondsTotal, 6));
        add('container_memory_working_set_bytes', labels, Math.round(cs.memoryWorkingSetBytes));
      }
    }
  }

  for (const ws of state.workloads) {
    const w = ws.workload;
    const labels = (key: string): Labels => [c, ['namespace', w.namespace], [key, w.name]];
    if (w.kind === 'Deployment') {
      add('kube_deployment_spec_replicas', labels('deployment'), ws.desired);
      add('kube_deployment_status_replicas_available', labels('deployment'), ws.available);
    } else if (w.kind === 'StatefulSet') {
      add('kube_statefulset_replicas', labels('statefulset'), ws.desired);
      add('kube_statefulset_status_replicas_ready', labels('statefulset'), ws.ready);
    } else {
      add('kube_daemonset_status_desired_number_scheduled', labels('daemonset'), ws.desired);
      add('kube_daemonset_status_number_available', labels('daemonset'), ws.available);
    }
  }
  for (const hs of state.hpas) {
    const labels: Labels = [c, ['namespace', hs.hpa.namespace], ['horizontalpodautoscaler', hs.hpa.name]];
    add('kube_horizontalpodautoscaler_spec_min_replicas', labels, hs.hpa.minReplicas);
    add('kube_horizontalpodautoscaler_spec_max_replicas', labels, hs.hpa.maxReplicas);
    add('kube_horizontalpodautoscaler_status_current_replicas', labels, hs.currentReplicas);
    add('kube_horizontalpodautoscaler_status_desired_replicas', labels, hs.desiredReplicas);
  }

  for (const r of apiserverRequestCounts(state.cluster, at)) {
    add('apiserver_request_total', [c, ['verb', r.verb], ['resource', r.resource], ['code', r.code]], r.count);
  }
  for (const h of apiserverDurationHistograms(state.cluster, at)) {
    const verb: [string, string] = ['verb', h.verb];
    h.buckets.forEach((b, i) => add('apiserver_request_duration_seconds', [c, verb, ['le', formatValue(APISERVER_DURATION_BUCKETS[i] ?? b.le)]], b.count, '_bucket'));
    add('apiserver_request_duration_seconds', [c, verb, ['le', '+Inf']], h.count, '_bucket');
    add('apiserver_request_duration_seconds', [c, verb], round(h.sum, 3), '_sum');
    add('apiserver_request_duration_seconds', [c, verb], h.count, '_count');
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A sample value or `le` bound as the text format writes it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

const NEEDS_ESCAPE = /[\\"\n]/;

function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

/** Renders families as the text format: HELP and TYPE once per family, then its samples. */
export function renderFamilies(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      let line = family.name + sample.suffix;
      if (sample.labels.length > 0) {
        line += '{';
        sample.labels.forEach(([key, value], i) => {
          line += `${i === 0 ? '' : ','}${key}="${escapeLabelValue(value)}"`;
        });
        line += '}';
      }
      lines.push(`${line} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The whole model at `at` as a /metrics response body. */
export function renderExposition(model: DemoModel, at: Date | number): string {
  return renderFamilies(collectFamilies(model, at));
}
