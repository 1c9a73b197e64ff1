import type { z } from 'zod';
import type { alertRuleInputSchema } from './rule-schema';

// One-click alert rule templates: Rancher's node defaults (CPU load, memory, 3 minutes) and the
// kube-prometheus classics. Where kube-prometheus has the alert, expr, `for` and severity are its
// own, from prometheus-operator/kube-prometheus manifests/*-prometheusRule.yaml (cited per rule);
// the annotations are ours and name the cluster, which the engine adds to every instance.

export interface RuleTemplate {
  id: string;
  title: string;
  description: string;
  category: string;
  rule: z.input<typeof alertRuleInputSchema>;
}

const RUNBOOKS = 'https://runbooks.prometheus-operator.dev/runbooks';

export const RULE_TEMPLATES: RuleTemplate[] = [
  {
    id: 'node-cpu-load-high',
    title: 'Node CPU load above 100%',
    description: "The 1-minute load average exceeds the node's CPU core count for 3 minutes (Rancher's default).",
    category: 'Nodes',
    rule: {
      alert: 'NodeCPULoadHigh',
      threshold: { metric: 'node_load_per_core_percent', operator: '>', value: 100 },
      for: '3m',
      severity: 'warning',
      annotations: {
        // Worded from $value, so the text stays true when the threshold or `for` is changed.
        summary: 'CPU load on {{ $labels.instance }} is {{ printf "%.0f" $value }}% of its cores.',
        description:
          'The 1-minute load average of node {{ $labels.instance }} in cluster {{ $labels.cluster }} is ' +
          '{{ printf "%.0f" $value }}% of its CPU cores; above 100% more processes want to run than it has cores.',
      },
    },
  },
  {
    id: 'node-memory-high',
    title: 'Node memory above 80%',
    description: "Less than 20% of a node's memory is available for 3 minutes (Rancher's default).",
    category: 'Nodes',
    rule: {
      alert: 'NodeMemoryHigh',
      threshold: { metric: 'node_memory_used_percent', operator: '>', value: 80 },
      for: '3m',
      severity: 'warning',
      annotations: {
        summary: 'Node {{ $labels.instance }} has used {{ printf "%.1f" $value }}% of its memory.',
        description:
          'Node {{ $labels.instance }} in cluster {{ $labels.cluster }} has had less than 20% of its memory available ' +
          'for 3 minutes ({{ printf "%.1f" $value }}% used). Pods on it risk eviction or the OOM killer.',
      },
    },
  },
  {
    // kube-prometheus NodeFilesystemSpaceFillingUp (the 24-hour, warning variant), nodeExporter-prometheusRule.yaml.
    id: 'node-disk-filling-up',
    title: 'Disk predicted to fill within 24 hours',
    description: 'A filesystem has less than 15% space left and, at the rate of the last 6 hours, fills up within a day.',
    category: 'Nodes',
    rule: {
      alert: 'NodeFilesystemSpaceFillingUp',
      expr: [
        '(',
        '  node_filesystem_avail_bytes{job="node-exporter",fstype!="",mountpoint!=""} / node_filesystem_size_bytes{job="node-exporter",fstype!="",mountpoint!=""} * 100 < 15',
        'and',
        '  predict_linear(node_filesystem_avail_bytes{job="node-exporter",fstype!="",mountpoint!=""}[6h], 24*60*60) < 0',
        'and',
        '  node_filesystem_readonly{job="node-exporter",fstype!="",mountpoint!=""} == 0',
        ')',
      ].join('\n'),
      for: '1h',
      severity: 'warning',
      annotations: {
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is predicted to fill up within 24 hours.',
        description:
          'Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} in cluster {{ $labels.cluster }} ' +
          'has {{ printf "%.2f" $value }}% space left and, at the rate of the last 6 hours, runs out within 24 hours.',
        runbook_url: `${RUNBOOKS}/node/nodefilesystemspacefillingup`,
      },
    },
  },
  {
    // kube-prometheus KubeNodeNotReady, kubernetesControlPlane-prometheusRule.yaml.
    id: 'node-not-ready',
    title: 'Node not ready',
    description: 'A node has not reported Ready for 15 minutes.',
    category: 'Nodes',
    rule: {
      alert: 'KubeNodeNotReady',
      expr: 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
      for: '15m',
      severity: 'warning',
      annotations: {
        summary: 'Node {{ $labels.node }} is not ready.',
        description: 'Node {{ $labels.node }} in cluster {{ $labels.cluster }} has not been Ready for more than 15 minutes; no new pods are scheduled on it.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubenodenotready`,
      },
    },
  },
  {
    // kube-prometheus KubePodCrashLooping, kubernetesControlPlane-prometheusRule.yaml.
    id: 'pod-crash-looping',
    title: 'Pod crash looping',
    description: 'A container has been in CrashLoopBackOff for 15 minutes.',
    category: 'Workloads',
    rule: {
      alert: 'KubePodCrashLooping',
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1',
      for: '15m',
      severity: 'warning',
      annotations: {
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping.',
        description:
          'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} ' +
          'keeps failing and has been waiting in CrashLoopBackOff for 15 minutes.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubepodcrashlooping`,
      },
    },
  },
  {
    // kube-prometheus KubePodNotReady, kubernetesControlPlane-prometheusRule.yaml: Pending or Unknown
    // pods, except those of Jobs.
    id: 'pod-not-ready',
    title: 'Pod pending or unknown',
    description: 'A pod (not of a Job) has been Pending or Unknown for 15 minutes.',
    category: 'Workloads',
    rule: {
      alert: 'KubePodNotReady',
      expr: [
        'sum by (namespace, pod) (',
        '  max by(namespace, pod) (',
        '    kube_pod_status_phase{job="kube-state-metrics", phase=~"Pending|Unknown"}',
        '  ) * on(namespace, pod) group_left(owner_kind) topk by(namespace, pod) (',
        '    1, max by(namespace, pod, owner_kind) (kube_pod_owner{owner_kind!="Job"})',
        '  )',
        ') > 0',
      ].join('\n'),
      for: '15m',
      severity: 'warning',
      annotations: {
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes.',
        description:
          'Pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} has been Pending or Unknown for ' +
          'more than 15 minutes: it may not fit on any node, or wait for a volume or an image.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubepodnotready`,
      },
    },
  },
  {
    // kube-prometheus KubeDeploymentReplicasMismatch, kubernetesControlPlane-prometheusRule.yaml.
    id: 'deployment-replicas-mismatch',
    title: 'Deployment missing replicas',
    description: 'A Deployment has had fewer available replicas than desired for 15 minutes, with no rollout progress.',
    category: 'Workloads',
    rule: {
      alert: 'KubeDeploymentReplicasMismatch',
      expr: [
        '(',
        '  kube_deployment_spec_replicas{job="kube-state-metrics"}',
        '    >',
        '  kube_deployment_status_replicas_available{job="kube-state-metrics"}',
        ') and (',
        '  changes(kube_deployment_status_replicas_updated{job="kube-state-metrics"}[10m])',
        '    ==',
        '  0',
        ')',
      ].join('\n'),
      for: '15m',
      severity: 'warning',
      annotations: {
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} is missing replicas.',
        description:
          'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} in cluster {{ $labels.cluster }} has had fewer ' +
          'available replicas than desired for more than 15 minutes.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubedeploymentreplicasmismatch`,
      },
    },
  },
  {
    // kube-prometheus KubeHpaMaxedOut, kubernetesControlPlane-prometheusRule.yaml.
    id: 'hpa-maxed-out',
    title: 'HPA at max replicas',
    description: 'A HorizontalPodAutoscaler has run at its maximum replicas for 15 minutes.',
    category: 'Workloads',
    rule: {
      alert: 'KubeHpaMaxedOut',
      expr: [
        'kube_horizontalpodautoscaler_status_current_replicas{job="kube-state-metrics"}',
        '  ==',
        'kube_horizontalpodautoscaler_spec_max_replicas{job="kube-state-metrics"}',
      ].join('\n'),
      for: '15m',
      severity: 'warning',
      annotations: {
        summary: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} is at max replicas.',
        description:
          'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} in cluster {{ $labels.cluster }} has run at its ' +
          'maximum of {{ $value }} replicas for 15 minutes and cannot scale out further.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubehpamaxedout`,
      },
    },
  },
  {
    // kube-prometheus KubePersistentVolumeFillingUp (the critical, 3% variant), kubernetesControlPlane-prometheusRule.yaml.
    id: 'persistent-volume-filling-up',
    title: 'Persistent volume almost full',
    description: 'A PersistentVolume has less than 3% space left.',
    category: 'Storage',
    rule: {
      alert: 'KubePersistentVolumeFillingUp',
      expr: [
        '(',
        '  kubelet_volume_stats_available_bytes{job="kubelet", metrics_path="/metrics"}',
        '    /',
        '  kubelet_volume_stats_capacity_bytes{job="kubelet", metrics_path="/metrics"}',
        ') < 0.03',
        'and',
        'kubelet_volume_stats_used_bytes{job="kubelet", metrics_path="/metrics"} > 0',
        'unless on(namespace, persistentvolumeclaim)',
        'kube_persistentvolumeclaim_access_mode{ access_mode="ReadOnlyMany"} == 1',
        'unless on(namespace, persistentvolumeclaim)',
        'kube_persistentvolumeclaim_labels{label_excluded_from_alerts="true"} == 1',
      ].join('\n'),
      for: '1m',
      severity: 'critical',
      annotations: {
        summary: 'Volume of {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full.',
        description:
          'The PersistentVolume claimed by {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} in cluster ' +
          '{{ $labels.cluster }} has only {{ $value | humanizePercentage }} space left.',
        runbook_url: `${RUNBOOKS}/kubernetes/kubepersistentvolumefillingup`,
      },
    },
  },
  {
    // kubernetes-mixin KubeAPIErrorsHigh (the 5%, warning variant; later mixins replaced it with
    // KubeAPIErrorBudgetBurn, which needs their recording rules), with kube-prometheus' job="apiserver".
    id: 'apiserver-errors-high',
    title: 'API server 5xx errors above 5%',
    description: 'More than 5% of the API server requests of one kind failed with a 5xx code for 10 minutes.',
    category: 'Control plane',
    rule: {
      alert: 'KubeAPIErrorsHigh',
      expr: [
        'sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) by (resource,subresource,verb)',
        '  /',
        'sum(rate(apiserver_request_total{job="apiserver"}[5m])) by (resource,subresource,verb) > 0.05',
      ].join('\n'),
      for: '10m',
      severity: 'warning',
      annotations: {
        summary: 'The API server answers {{ $value | humanizePercentage }} of {{ $labels.verb }} {{ $labels.resource }} requests with errors.',
        description:
          'The Kubernetes API server of cluster {{ $labels.cluster }} has answered {{ $value | humanizePercentage }} of ' +
          '{{ $labels.verb }} {{ $labels.resource }}{{ with $labels.subresource }}/{{ . }}{{ end }} requests with a 5xx error for 10 minutes.',
      },
    },
  },
  {
    // etcd-mixin etcdNoLeader (etcd-io/etcd contrib/mixin/mixin.libsonnet).
    id: 'etcd-no-leader',
    title: 'etcd member without leader',
    description: 'An etcd member has had no leader for 1 minute.',
    category: 'Control plane',
    rule: {
      alert: 'etcdNoLeader',
      expr: 'etcd_server_has_leader{job=~".*etcd.*"} == 0',
      for: '1m',
      severity: 'critical',
      annotations: {
        summary: 'etcd member {{ $labels.instance }} has no leader.',
        description:
          'etcd member {{ $labels.instance }} (job {{ $labels.job }}) in cluster {{ $labels.cluster }} has had no leader for ' +
          '1 minute and cannot serve writes; the Kubernetes API of the cluster stalls.',
      },
    },
  },
  {
    // No Prometheus rule can say "I cannot be reached", so this one relies on the engine:
    // - errorState 'alerting': when the cluster's Prometheus cannot be queried (network, TLS, auth,
    //   timeout), the rule gets an instance labelled reason="Error" — a dedicated Prometheus down
    //   or unreachable.
    // - absent_over_time(up[5m]): when it answers but has stored no scrape result for 5 minutes
    //   (on a shared Thanos/Mimir endpoint, where the engine adds the cluster's matchers to `up`,
    //   that is a cluster whose data stopped arriving; the query itself never fails there).
    // - noDataState 'ok': an empty result is the healthy case. `for: 2m` ignores single blips.
    // `vector(1) < 0` with errorState 'alerting' would cover only the first case; a plain
    // `up == 0` covers neither (it needs a reachable Prometheus that still scrapes).
    id: 'cluster-unreachable',
    title: 'Cluster unreachable',
    description: "Kubewatch cannot query the cluster's Prometheus, or it has stored no scrape results for 5 minutes.",
    category: 'Cluster',
    rule: {
      alert: 'ClusterUnreachable',
      expr: 'absent_over_time(up[5m])',
      for: '2m',
      severity: 'critical',
      noDataState: 'ok',
      errorState: 'alerting',
      annotations: {
        summary: 'Cluster {{ $labels.cluster }} is unreachable.',
        description:
          '{{ if eq $labels.reason "Error" }}Kubewatch cannot query the Prometheus of cluster {{ $labels.cluster }}' +
          '{{ else }}The Prometheus of cluster {{ $labels.cluster }} has stored no scrape results for 5 minutes{{ end }}; ' +
          "the cluster's other alert rules cannot be evaluated until it is reachable again.",
      },
    },
  },
];
