/**
 * The PromQL behind the overview numbers, over kube-prometheus-stack metric names
 * (kube-state-metrics, node-exporter, cAdvisor, apiserver). In selector mode the cluster's
 * matchers are injected into every vector selector before a query is sent.
 */
export const CLUSTER_QUERIES = {
  nodesTotal: 'count(kube_node_info)',
  nodesReady: 'sum(kube_node_status_condition{condition="Ready",status="true"})',
  // Busy cores: every non-idle CPU mode of every node.
  cpuUsedCores: 'sum(rate(node_cpu_seconds_total{mode!~"idle|iowait|steal"}[5m]))',
  // Requests of pods that hold resources (Pending or Running), as the scheduler counts them.
  cpuRequestedCores:
    'sum(kube_pod_container_resource_requests{resource="cpu"} * on(namespace, pod) group_left() max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running"} == 1))',
  cpuAllocatableCores: 'sum(kube_node_status_allocatable{resource="cpu"})',
  memoryUsedBytes: 'sum(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)',
  memoryRequestedBytes:
    'sum(kube_pod_container_resource_requests{resource="memory"} * on(namespace, pod) group_left() max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running"} == 1))',
  memoryAllocatableBytes: 'sum(kube_node_status_allocatable{resource="memory"})',
  podsByPhase: 'sum by (phase) (kube_pod_status_phase)',
  crashLoopingPods: 'count(count by (namespace, pod) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"} == 1))',
  hpasAtMax:
    'count(kube_horizontalpodautoscaler_status_current_replicas >= on(namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas)',
  apiserverRequestRate: 'sum(rate(apiserver_request_total[5m]))',
  apiserverErrorRatio: 'sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m]))',
  apiserverP99Seconds:
    'histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket{verb!~"WATCH|CONNECT"}[5m])))',
  nodeCpuOvercommit:
    'sum by (node) (kube_pod_container_resource_limits{resource="cpu"}) / on(node) group_left() max by (node) (kube_node_status_allocatable{resource="cpu"})',
  nodeMemoryOvercommit:
    'sum by (node) (kube_pod_container_resource_limits{resource="memory"}) / on(node) group_left() max by (node) (kube_node_status_allocatable{resource="memory"})',
} as const;

export type ClusterQueryName = keyof typeof CLUSTER_QUERIES;
