import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LabelSelectorError, matchesLabelSelector, parseLabelSelector } from '../clusters/label-selector';
import type { Clock } from '../time/clock';
import daemonSetTemplate from './fixtures/DaemonSet.json';
import deploymentTemplate from './fixtures/Deployment.json';
import kubeletEventTemplate from './fixtures/Event.kubelet.json';
import schedulerEventTemplate from './fixtures/Event.scheduler.json';
import hpaTemplate from './fixtures/HorizontalPodAutoscaler.json';
import nodeTemplate from './fixtures/Node.json';
import podTemplate from './fixtures/Pod.running.json';
import statefulSetTemplate from './fixtures/StatefulSet.json';
import versionTemplate from './fixtures/version.json';
import {
  CPU_SPIKE_WINDOW,
  clusterStateAt,
  DEMO_EPOCH_MS,
  type DemoCluster,
  type DemoClusterState,
  type DemoContainer,
  type DemoNodeState,
  type DemoPodState,
  type DemoWorkloadState,
  demoHex,
  demoUid,
  lastWindowStart,
  modelSeconds,
  NOT_READY_WINDOW,
} from './metrics-model';

/**
 * A stand-in kube-apiserver for one simulated cluster: GET-only, bearer-token authenticated,
 * answering the core, apps/v1, autoscaling/v2 and metrics.k8s.io/v1beta1 paths with the JSON
 * shapes a real apiserver serializes (templates in ./fixtures), built from the same model state
 * as the exporter's metrics at the clock's "now".
 */

/** A Kubernetes JSON object. */
export type KubeObject = Record<string, unknown>;

/** An HTTP answer of the stand-in apiserver. */
export interface KubeApiResponse {
  status: number;
  body: unknown;
  contentType: string;
}

const JSON_TYPE = 'application/json';

function time(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function resourceVersion(ms: number): string {
  return String(Math.floor((ms - DEMO_EPOCH_MS) / 1000));
}

function kibibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${Math.round(millis)}m`;
}

function memoryQuantity(bytes: number): string {
  const mi = bytes / 1024 ** 2;
  if (mi >= 1024 && mi % 1024 === 0) return `${mi / 1024}Gi`;
  if (Number.isInteger(mi)) return `${mi}Mi`;
  return kibibytes(bytes);
}

function status(code: number, reason: string, message: string, details?: KubeObject): KubeObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

// ---------------------------------------------------------------------------------------------
// Objects

/** The /version body of the cluster. */
export function versionObject(cluster: DemoCluster): KubeObject {
  const minor = cluster.version.minor.replace(/\D+$/, '');
  return {
    ...versionTemplate,
    major: cluster.version.major,
    minor: cluster.version.minor,
    emulationMajor: cluster.version.major,
    emulationMinor: minor,
    minCompatibilityMajor: cluster.version.major,
    minCompatibilityMinor: String(Number(minor) - 1),
    gitVersion: cluster.version.gitVersion,
    gitCommit: cluster.version.gitCommit,
    buildDate: cluster.version.buildDate,
    goVersion: cluster.version.goVersion,
  };
}

// Managed nodes have no kubeadm annotation; the others are what every kubelet sets.
const { 'kubeadm.alpha.kubernetes.io/cri-socket': _kubeadmSocket, ...NODE_ANNOTATIONS } = nodeTemplate.metadata.annotations;

function providerId(cluster: DemoCluster, ns: DemoNodeState): string {
  const n = ns.node;
  if (cluster.labels.cloud === 'aws') return `aws:///${n.zone}/i-0${demoHex(`${n.uid}/instance`, 16)}`;
  if (cluster.labels.cloud === 'gcp') return `gce://kubewatch-demo/${n.zone}/${n.name}`;
  const scaleSet = n.name.replace(/\d{6}$/, '');
  return `azure:///subscriptions/${demoUid(`${cluster.name}/subscription`)}/resourceGroups/mc_${cluster.name}_${cluster.labels.region}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${Number(n.name.slice(-6))}`;
}

function nodeObject(ns: DemoNodeState, state: DemoClusterState): KubeObject {
  const n = ns.node;
  const atMs = state.atMs;
  const heartbeat = time(atMs - ((atMs / 1000 + n.index * 7) % 40) * 1000);
  const since = time(n.createdMs + 40_000);
  const condition = (type: string, value: string, reason: string, message: string, transitionMs?: number) => ({
    type,
    status: value,
    lastHeartbeatTime: type === 'NetworkUnavailable' ? since : heartbeat,
    lastTransitionTime: transitionMs === undefined ? since : time(transitionMs),
    reason,
    message,
  });
  const capacity = {
    cpu: String(n.cores),
    'ephemeral-storage': kibibytes(n.filesystemBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibibytes(n.memoryBytes),
    pods: String(n.maxPods),
  };
  const taints = ns.taints.map((t) => ({
    key: t.key,
    ...(t.value ? { value: t.value } : {}),
    effect: t.effect,
    ...(t.timeAddedMs !== undefined ? { timeAdded: time(t.timeAddedMs) } : {}),
  }));
  return {
    metadata: {
      name: n.name,
      uid: n.uid,
      resourceVersion: resourceVersion(atMs),
      creationTimestamp: time(n.createdMs),
      labels: n.labels,
      annotations: NODE_ANNOTATIONS,
    },
    spec: {
      podCIDR: `10.${100 + n.index}.${n.index}.0/24`,
      podCIDRs: [`10.${100 + n.index}.${n.index}.0/24`],
      providerID: providerId(state.cluster, ns),
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity,
      allocatable: { ...capacity, cpu: cpuQuantity(n.allocatableCpuMillis), memory: kibibytes(n.allocatableMemoryBytes) },
      conditions: [
        condition('NetworkUnavailable', 'False', 'RouteCreated', 'RouteController created a route'),
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ns.ready
          ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', ns.readyTransitionMs)
          : condition(
              'Ready',
              'False',
              'KubeletNotReady',
              'PLEG is not healthy: pleg was last seen active 3m13.094846351s ago; threshold is 3m0s',
              ns.readyTransitionMs,
            ),
      ],
      addresses: [
        { type: 'InternalIP', address: n.internalIp },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: nodeTemplate.status.daemonEndpoints,
      nodeInfo: {
        ...nodeTemplate.status.nodeInfo,
        machineID: demoHex(`${n.uid}/machine`, 32),
        systemUUID: demoUid(`${n.uid}/system`),
        bootID: demoUid(`${n.uid}/boot`),
        kernelVersion: n.kernelVersion,
        osImage: n.osImage,
        containerRuntimeVersion: n.containerRuntimeVersion,
        kubeletVersion: n.kubeletVersion,
        kubeProxyVersion: n.kubeletVersion,
      },
    },
  };
}

function resources(c: DemoContainer): KubeObject {
  const limits: Record<string, string> = {};
  if (c.cpuLimitMillis !== undefined) limits.cpu = cpuQuantity(c.cpuLimitMillis);
  if (c.memoryLimitBytes !== undefined) limits.memory = memoryQuantity(c.memoryLimitBytes);
  return {
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    requests: { cpu: cpuQuantity(c.cpuRequestMillis), memory: memoryQuantity(c.memoryRequestBytes) },
  };
}

function containerSpec(c: DemoContainer): KubeObject {
  return {
    name: c.name,
    image: c.image,
    ...(c.ports.length > 0 ? { ports: c.ports.map((p) => ({ ...p, protocol: 'TCP' })) } : {}),
    resources: resources(c),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function qosClass(containers: readonly DemoContainer[]): string {
  if (containers.every((c) => c.cpuLimitMillis === c.cpuRequestMillis && c.memoryLimitBytes === c.memoryRequestBytes)) return 'Guaranteed';
  return 'Burstable';
}

function ownerUid(ps: DemoPodState): string {
  return ps.pod.ownerKind === 'ReplicaSet' ? demoUid(`${ps.pod.workload.uid}/rs`) : ps.pod.workload.uid;
}

function schedulingMessage(state: DemoClusterState): string {
  const tainted = new Map<string, number>();
  let insufficient = 0;
  for (const ns of state.nodes) {
    const taint = ns.taints.find((t) => t.effect === 'NoSchedule');
    if (taint) tainted.set(taint.key, (tainted.get(taint.key) ?? 0) + 1);
    else insufficient += 1;
  }
  const parts = [
    ...(insufficient > 0 ? [`${insufficient} Insufficient memory`] : []),
    ...[...tainted].map(([key, count]) => `${count} node(s) had untolerated taint {${key}: ${key === 'CriticalAddonsOnly' ? 'true' : ''}}`),
  ];
  const total = state.nodes.length;
  const preemption =
    insufficient > 0
      ? `${insufficient} No preemption victims found for incoming pod${total > insufficient ? `, ${total - insufficient} Preemption is not helpful for scheduling` : ''}`
      : `${total} Preemption is not helpful for scheduling`;
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${preemption}.`;
}

function podObject(ps: DemoPodState, state: DemoClusterState): KubeObject {
  const pod = ps.pod;
  const node = state.nodes.find((n) => n.node.name === pod.node);
  const created = time(ps.createdMs);
  const volumeName = `kube-api-access-${demoHex(ps.uid, 5)}`;
  const tolerations = [
    ...(pod.workload.kind === 'DaemonSet' ? [{ operator: 'Exists' }] : podTemplate.spec.tolerations),
    ...(pod.namespace === 'kube-system' || pod.namespace === 'monitoring' ? [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] : []),
  ];
  const spec: KubeObject = {
    volumes: [{ ...podTemplate.spec.volumes[0], name: volumeName }],
    containers: pod.containers.map((c) => ({
      ...containerSpec(c),
      volumeMounts: [{ name: volumeName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
    })),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: pod.workload.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    serviceAccountName: pod.workload.hostNetwork || pod.namespace === 'monitoring' ? pod.workload.name : 'default',
    serviceAccount: pod.workload.hostNetwork || pod.namespace === 'monitoring' ? pod.workload.name : 'default',
    ...(pod.node ? { nodeName: pod.node } : {}),
    ...(pod.workload.hostNetwork ? { hostNetwork: true } : {}),
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations,
    priority: pod.namespace === 'kube-system' ? 2_000_001_000 : 0,
    ...(pod.namespace === 'kube-system' ? { priorityClassName: 'system-node-critical' } : {}),
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
  const metadata: KubeObject = {
    name: ps.name,
    ...(pod.ownerKind === 'StatefulSet' ? {} : { generateName: `${pod.ownerName}-` }),
    namespace: pod.namespace,
    uid: ps.uid,
    resourceVersion: resourceVersion(state.atMs),
    creationTimestamp: created,
    labels: pod.labels,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: pod.ownerKind, name: pod.ownerName, uid: ownerUid(ps), controller: true, blockOwnerDeletion: true }],
  };
  if (ps.phase === 'Pending') {
    return {
      metadata,
      spec,
      status: {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: created, reason: 'Unschedulable', message: schedulingMessage(state) },
        ],
        qosClass: qosClass(pod.containers),
      },
    };
  }
  const containersReady = ps.containers.every((c) => c.running) && pod.behaviour === 'running';
  const unready = ps.containers.filter((c) => !c.running || pod.behaviour !== 'running').map((c) => c.spec.name);
  const readyCondition = ps.ready
    ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: time(ps.readyTransitionMs) }
    : containersReady
      ? { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: time(ps.readyTransitionMs) }
      : {
          type: 'Ready',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: created,
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${unready.join(' ')}]`,
        };
  const containersReadyCondition = containersReady
    ? { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: time(ps.createdMs + 5000) }
    : { ...readyCondition, type: 'ContainersReady' };
  return {
    metadata,
    spec,
    status: {
      phase: ps.phase,
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: time(ps.createdMs + 3000) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        readyCondition,
        containersReadyCondition,
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: created },
      ],
      hostIP: node?.node.internalIp,
      hostIPs: [{ ip: node?.node.internalIp }],
      podIP: pod.podIp,
      podIPs: [{ ip: pod.podIp }],
      startTime: created,
      containerStatuses: ps.containers.map((cs) => {
        const containerID = `containerd://${demoHex(`${ps.uid}/${cs.spec.name}/${cs.restarts}`, 64)}`;
        const lastState = cs.lastTerminated
          ? {
              terminated: {
                exitCode: cs.lastTerminated.exitCode,
                reason: cs.lastTerminated.reason,
                startedAt: time(cs.lastTerminated.startedMs),
                finishedAt: time(cs.lastTerminated.finishedMs),
                containerID: `containerd://${demoHex(`${ps.uid}/${cs.spec.name}/${cs.restarts - (cs.running ? 1 : 0)}`, 64)}`,
              },
            }
          : {};
        const stateObject = cs.running
          ? { running: { startedAt: time(cs.startedMs) } }
          : {
              waiting: {
                reason: cs.waitingReason ?? 'ContainerCreating',
                message: `back-off 5m0s restarting failed container=${cs.spec.name} pod=${ps.name}_${pod.namespace}(${ps.uid})`,
              },
            };
        return {
          name: cs.spec.name,
          state: stateObject,
          lastState,
          ready: cs.running && pod.behaviour === 'running',
          restartCount: cs.restarts,
          image: cs.spec.image,
          imageID: cs.spec.imageId,
          containerID,
          started: cs.running,
        };
      }),
      qosClass: qosClass(pod.containers),
    },
  };
}

function podTemplateSpec(ws: DemoWorkloadState): KubeObject {
  const w = ws.workload;
  return {
    metadata: { creationTimestamp: null, labels: w.labels },
    spec: {
      containers: w.containers.map(containerSpec),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: w.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      ...(w.hostNetwork ? { hostNetwork: true } : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

function workloadMetadata(ws: DemoWorkloadState, atMs: number, extra: KubeObject = {}): KubeObject {
  const w = ws.workload;
  return {
    name: w.name,
    namespace: w.namespace,
    uid: w.uid,
    resourceVersion: resourceVersion(atMs),
    generation: 1,
    creationTimestamp: time(w.createdMs),
    labels: w.labels,
    ...extra,
  };
}

function omitZero(fields: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== 0));
}

function deploymentObject(ws: DemoWorkloadState, atMs: number): KubeObject {
  const w = ws.workload;
  const available = ws.available >= ws.desired;
  const since = time(w.createdMs + 8000);
  return {
    metadata: workloadMetadata(ws, atMs, { annotations: deploymentTemplate.metadata.annotations }),
    spec: {
      replicas: ws.desired,
      selector: { matchLabels: w.labels },
      template: podTemplateSpec(ws),
      strategy: deploymentTemplate.spec.strategy,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      ...omitZero({ replicas: ws.current, updatedReplicas: ws.current, readyReplicas: ws.ready, availableReplicas: ws.available }),
      ...omitZero({ unavailableReplicas: Math.max(0, ws.desired - ws.available) }),
      conditions: [
        available
          ? { type: 'Available', status: 'True', lastUpdateTime: since, lastTransitionTime: since, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : {
              type: 'Available',
              status: 'False',
              lastUpdateTime: since,
              lastTransitionTime: since,
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
        ws.ready === 0
          ? {
              type: 'Progressing',
              status: 'False',
              lastUpdateTime: time(w.createdMs + 600_000),
              lastTransitionTime: time(w.createdMs + 600_000),
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${w.name}-${w.templateHash}" has timed out progressing.`,
            }
          : {
              type: 'Progressing',
              status: 'True',
              lastUpdateTime: since,
              lastTransitionTime: time(w.createdMs),
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${w.name}-${w.templateHash}" has successfully progressed.`,
            },
      ],
    },
  };
}

function statefulSetObject(ws: DemoWorkloadState, atMs: number): KubeObject {
  const w = ws.workload;
  const revision = `${w.name}-${w.templateHash}`;
  return {
    metadata: workloadMetadata(ws, atMs),
    spec: {
      replicas: ws.desired,
      selector: { matchLabels: w.labels },
      template: podTemplateSpec(ws),
      volumeClaimTemplates: statefulSetTemplate.spec.volumeClaimTemplates.map((claim) => ({ ...claim, metadata: { ...claim.metadata, name: 'data' } })),
      serviceName: w.serviceName ?? w.name,
      podManagementPolicy: w.namespace === 'monitoring' ? 'Parallel' : 'OrderedReady',
      updateStrategy: statefulSetTemplate.spec.updateStrategy,
      revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: 1,
      replicas: ws.current,
      ...omitZero({ readyReplicas: ws.ready }),
      currentReplicas: ws.current,
      updatedReplicas: ws.current,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
      availableReplicas: ws.available,
    },
  };
}

function daemonSetObject(ws: DemoWorkloadState, atMs: number): KubeObject {
  return {
    metadata: workloadMetadata(ws, atMs, { annotations: daemonSetTemplate.metadata.annotations }),
    spec: {
      selector: { matchLabels: ws.workload.labels },
      template: { ...podTemplateSpec(ws), spec: { ...(podTemplateSpec(ws).spec as KubeObject), tolerations: [{ operator: 'Exists' }] } },
      updateStrategy: daemonSetTemplate.spec.updateStrategy,
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: ws.current,
      numberMisscheduled: 0,
      desiredNumberScheduled: ws.desired,
      ...omitZero({ numberReady: ws.ready }),
      observedGeneration: 1,
      updatedNumberScheduled: ws.current,
      ...omitZero({ numberAvailable: ws.available, numberUnavailable: ws.desired - ws.available }),
    },
  };
}

function hpaObjects(state: DemoClusterState): KubeObject[] {
  return state.hpas.map((hs) => {
    const h = hs.hpa;
    const since = time(h.createdMs + 15_000);
    return {
      metadata: { name: h.name, namespace: h.namespace, uid: h.uid, resourceVersion: resourceVersion(state.atMs), creationTimestamp: time(h.createdMs) },
      spec: {
        scaleTargetRef: { ...hpaTemplate.spec.scaleTargetRef, name: h.target.name },
        minReplicas: h.minReplicas,
        maxReplicas: h.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.targetUtilisation } } }],
      },
      status: {
        observedGeneration: 1,
        lastScaleTime: time(h.createdMs + 3_600_000),
        currentReplicas: hs.currentReplicas,
        desiredReplicas: hs.desiredReplicas,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageValue: `${hs.averageCpuMillis}m`, averageUtilization: hs.utilisationPercent } } },
        ],
        conditions: [
          { type: 'AbleToScale', status: 'True', lastTransitionTime: since, reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
          {
            type: 'ScalingActive',
            status: 'True',
            lastTransitionTime: since,
            reason: 'ValidMetricFound',
            message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          },
          h.atMax
            ? { type: 'ScalingLimited', status: 'True', lastTransitionTime: time(h.createdMs + 3_600_000), reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }
            : { type: 'ScalingLimited', status: 'False', lastTransitionTime: since, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
        ],
      },
    };
  });
}

function eventName(objectName: string, firstMs: number): string {
  return `${objectName}.${(BigInt(Math.floor(firstMs)) * 1_000_000n).toString(16)}`;
}

interface LegacyEvent {
  namespace: string;
  involved: KubeObject;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  host?: string;
  firstMs: number;
  lastMs: number;
  count: number;
}

function legacyEvent(e: LegacyEvent, atMs: number): KubeObject {
  const name = eventName(String(e.involved.name), e.firstMs);
  return {
    ...kubeletEventTemplate,
    metadata: { name, namespace: e.namespace, uid: demoUid(`event/${name}/${e.reason}`), resourceVersion: resourceVersion(atMs), creationTimestamp: time(e.firstMs) },
    involvedObject: e.involved,
    reason: e.reason,
    message: e.message,
    source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: time(e.firstMs),
    lastTimestamp: time(e.lastMs),
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
  };
}

const EVENT_TTL_MS = 3_600_000;

function podRef(ps: DemoPodState, container?: string): KubeObject {
  return {
    kind: 'Pod',
    namespace: ps.pod.namespace,
    name: ps.name,
    uid: ps.uid,
    apiVersion: 'v1',
    resourceVersion: resourceVersion(ps.createdMs),
    ...(container ? { fieldPath: `spec.containers{${container}}` } : {}),
  };
}

/** Events of the last hour: Warning events of the scenarios, plus the node's NotReady/Ready transitions. */
function eventObjects(state: DemoClusterState): KubeObject[] {
  const atMs = state.atMs;
  const t = modelSeconds(atMs);
  const events: KubeObject[] = [];
  for (const ps of state.pods) {
    if (ps.pod.behaviour === 'crashloop') {
      const cs = ps.containers[0];
      if (cs && cs.restarts > 0) {
        events.push(
          legacyEvent(
            {
              namespace: ps.pod.namespace,
              involved: podRef(ps, cs.spec.name),
              reason: 'BackOff',
              message: `Back-off restarting failed container ${cs.spec.name} in pod ${ps.name}_${ps.pod.namespace}(${ps.uid})`,
              type: 'Warning',
              component: 'kubelet',
              ...(ps.pod.node ? { host: ps.pod.node } : {}),
              firstMs: ps.createdMs + 40_000,
              lastMs: cs.lastTerminated?.finishedMs ?? atMs,
              count: Math.max(1, cs.restarts * 3 - 2),
            },
            atMs,
          ),
        );
      }
    }
    if (ps.pod.behaviour === 'pending') {
      const attempts = 1 + Math.floor((atMs - ps.createdMs) / 300_000);
      const name = eventName(ps.name, ps.createdMs);
      events.push({
        ...schedulerEventTemplate,
        metadata: { name, namespace: ps.pod.namespace, uid: demoUid(`event/${name}`), resourceVersion: resourceVersion(atMs), creationTimestamp: time(ps.createdMs) },
        involvedObject: podRef(ps),
        message: schedulingMessage(state),
        eventTime: microTime(ps.createdMs + 137),
        series: { count: attempts, lastObservedTime: microTime(ps.createdMs + (attempts - 1) * 300_000 + 412) },
        reportingInstance: `default-scheduler-${state.nodes[0]?.node.name ?? 'control-plane'}`,
      });
    }
  }
  for (const ns of state.nodes) {
    const n = ns.node;
    if (n.flaps) {
      const start = lastWindowStart(NOT_READY_WINDOW, t);
      const startMs = DEMO_EPOCH_MS + start * 1000;
      const endMs = startMs + NOT_READY_WINDOW.durationSeconds * 1000;
      if (start >= 0 && atMs - startMs < EVENT_TTL_MS) {
        const nodeRef = { kind: 'Node', name: n.name, uid: n.name };
        events.push(
          legacyEvent(
            {
              namespace: 'default',
              involved: nodeRef,
              reason: 'NodeNotReady',
              message: `Node ${n.name} status is now: NodeNotReady`,
              type: 'Normal',
              component: 'node-controller',
              firstMs: startMs + 1000,
              lastMs: startMs + 1000,
              count: 1,
            },
            atMs,
          ),
        );
        for (const ps of state.pods.filter((p) => p.pod.node === n.name && p.phase === 'Running')) {
          events.push(
            legacyEvent(
              {
                namespace: ps.pod.namespace,
                involved: podRef(ps),
                reason: 'NodeNotReady',
                message: 'Node is not ready',
                type: 'Warning',
                component: 'node-controller',
                firstMs: startMs + 41_000,
                lastMs: startMs + 41_000,
                count: 1,
              },
              atMs,
            ),
          );
        }
        if (atMs >= endMs) {
          events.push(
            legacyEvent(
              {
                namespace: 'default',
                involved: nodeRef,
                reason: 'NodeReady',
                message: `Node ${n.name} status is now: NodeReady`,
                type: 'Normal',
                component: 'kubelet',
                host: n.name,
                firstMs: endMs,
                lastMs: endMs,
                count: 1,
              },
              atMs,
            ),
          );
        }
      }
    }
    if (n.spikes) {
      const start = lastWindowStart(CPU_SPIKE_WINDOW, t);
      const startMs = DEMO_EPOCH_MS + start * 1000;
      if (start >= 0 && atMs - startMs < EVENT_TTL_MS) {
        const lastMs = Math.min(atMs, startMs + CPU_SPIKE_WINDOW.durationSeconds * 1000);
        const failures = Math.max(1, Math.floor((lastMs - startMs - 30_000) / 10_000));
        for (const ps of state.pods.filter((p) => p.pod.node === n.name && p.pod.workload.kind === 'Deployment' && p.pod.namespace === 'shop')) {
          if (lastMs - startMs < 30_000) continue;
          const c = ps.pod.containers[0];
          if (!c) continue;
          events.push(
            legacyEvent(
              {
                namespace: ps.pod.namespace,
                involved: podRef(ps, c.name),
                reason: 'Unhealthy',
                message: `Readiness probe failed: Get "http://${ps.pod.podIp}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
                type: 'Warning',
                component: 'kubelet',
                host: n.name,
                firstMs: startMs + 30_000,
                lastMs,
                count: failures,
              },
              atMs,
            ),
          );
        }
      }
    }
  }
  return events.filter((e) => {
    const last = (e.lastTimestamp ?? (e.series as { lastObservedTime?: string } | undefined)?.lastObservedTime) as string | null | undefined;
    return typeof last !== 'string' || Date.parse(last) <= atMs;
  });
}

function namespaceObjects(state: DemoClusterState): KubeObject[] {
  const names = [...new Set(['default', 'kube-node-lease', 'kube-public', 'kube-system', ...state.cluster.workloads.map((w) => w.namespace)])].sort();
  return names.map((name) => ({
    metadata: {
      name,
      uid: demoUid(`${state.cluster.name}/namespace/${name}`),
      resourceVersion: resourceVersion(state.cluster.createdMs),
      creationTimestamp: time(state.cluster.createdMs + (name.startsWith('kube') || name === 'default' ? 0 : 300_000)),
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}

function nodeMetricsObjects(state: DemoClusterState): KubeObject[] {
  return state.nodes.map((ns) => ({
    metadata: { name: ns.node.name, creationTimestamp: time(state.atMs), labels: ns.node.labels },
    timestamp: time(state.atMs - 12_000),
    window: '20.036s',
    usage: {
      cpu: `${Math.round(ns.node.cores * ns.cpuUtilisation * 1e9)}n`,
      memory: kibibytes(ns.node.memoryBytes - ns.memoryAvailableBytes),
    },
  }));
}

function podMetricsObjects(state: DemoClusterState): KubeObject[] {
  return state.pods
    .filter((ps) => ps.phase === 'Running' && ps.containers.some((c) => c.running))
    .map((ps) => ({
      metadata: { name: ps.name, namespace: ps.pod.namespace, creationTimestamp: time(state.atMs), labels: ps.pod.labels },
      timestamp: time(state.atMs - 9_000),
      window: '17.914s',
      containers: ps.containers
        .filter((c) => c.running)
        .map((c) => ({ name: c.spec.name, usage: { cpu: `${Math.round(c.cpuCores * 1e9)}n`, memory: kibibytes(c.memoryWorkingSetBytes) } })),
    }));
}

// ---------------------------------------------------------------------------------------------
// Routing

interface ResourceType {
  prefix: string;
  plural: string;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
  items(state: DemoClusterState): KubeObject[];
}

const RESOURCES: readonly ResourceType[] = [
  { prefix: '/api/v1', plural: 'nodes', kind: 'Node', apiVersion: 'v1', namespaced: false, items: (s) => s.nodes.map((n) => nodeObject(n, s)) },
  { prefix: '/api/v1', plural: 'namespaces', kind: 'Namespace', apiVersion: 'v1', namespaced: false, items: namespaceObjects },
  { prefix: '/api/v1', plural: 'pods', kind: 'Pod', apiVersion: 'v1', namespaced: true, items: (s) => s.pods.map((p) => podObject(p, s)) },
  { prefix: '/api/v1', plural: 'events', kind: 'Event', apiVersion: 'v1', namespaced: true, items: eventObjects },
  {
    prefix: '/apis/apps/v1',
    plural: 'deployments',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    namespaced: true,
    items: (s) => s.workloads.filter((w) => w.workload.kind === 'Deployment').map((w) => deploymentObject(w, s.atMs)),
  },
  {
    prefix: '/apis/apps/v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    items: (s) => s.workloads.filter((w) => w.workload.kind === 'StatefulSet').map((w) => statefulSetObject(w, s.atMs)),
  },
  {
    prefix: '/apis/apps/v1',
    plural: 'daemonsets',
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    items: (s) => s.workloads.filter((w) => w.workload.kind === 'DaemonSet').map((w) => daemonSetObject(w, s.atMs)),
  },
  { prefix: '/apis/autoscaling/v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', namespaced: true, items: hpaObjects },
  { prefix: '/apis/metrics.k8s.io/v1beta1', plural: 'nodes', kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', namespaced: false, items: nodeMetricsObjects },
  { prefix: '/apis/metrics.k8s.io/v1beta1', plural: 'pods', kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', namespaced: true, items: podMetricsObjects },
];

function lookup(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

class BadRequest extends Error {}

/** `a=b,c!=d` field selectors over dotted paths (metadata.name, spec.nodeName, status.phase, type, involvedObject.name, ...). */
function fieldFilter(selector: string): (item: KubeObject) => boolean {
  const terms = selector
    .split(',')
    .filter((term) => term.trim() !== '')
    .map((term) => {
      const match = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
      if (!match) throw new BadRequest(`invalid field selector: ${JSON.stringify(term)}`);
      return { path: match[1]!, negate: match[2] === '!=', value: match[3]! };
    });
  return (item) =>
    terms.every(({ path, negate, value }) => {
      const actual = lookup(item, path);
      const equal = (actual === undefined || actual === null ? '' : String(actual)) === value;
      return negate ? !equal : equal;
    });
}

function storageKey(item: KubeObject): string {
  return `${String(lookup(item, 'metadata.namespace') ?? '')}/${String(lookup(item, 'metadata.name') ?? '')}`;
}

function listBody(type: ResourceType, items: KubeObject[], atMs: number, query: URLSearchParams): KubeObject {
  // Like etcd: items in key order (namespace, then name).
  let filtered = [...items].sort((a, b) => (storageKey(a) < storageKey(b) ? -1 : storageKey(a) > storageKey(b) ? 1 : 0));
  const labelSelector = query.get('labelSelector');
  if (labelSelector) {
    const requirements = parseLabelSelector(labelSelector);
    filtered = filtered.filter((item) => matchesLabelSelector(requirements, (lookup(item, 'metadata.labels') as Record<string, string> | undefined) ?? {}));
  }
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) filtered = filtered.filter(fieldFilter(fieldSelector));
  const offset = Number.parseInt(Buffer.from(query.get('continue') ?? '', 'base64url').toString() || '0', 10) || 0;
  const limit = Number.parseInt(query.get('limit') ?? '', 10);
  let continueToken: string | undefined;
  let page = filtered.slice(offset);
  if (Number.isInteger(limit) && limit > 0 && page.length > limit) {
    page = page.slice(0, limit);
    continueToken = Buffer.from(String(offset + limit)).toString('base64url');
  }
  return {
    kind: `${type.kind}List`,
    apiVersion: type.apiVersion,
    metadata: { resourceVersion: resourceVersion(atMs), ...(continueToken ? { continue: continueToken, remainingItemCount: filtered.length - offset - page.length } : {}) },
    items: page,
  };
}

function discovery(pathname: string): KubeObject | undefined {
  if (pathname === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }] };
  if (pathname === '/apis') {
    const group = (name: string, version: string) => ({
      name,
      versions: [{ groupVersion: `${name}/${version}`, version }],
      preferredVersion: { groupVersion: `${name}/${version}`, version },
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: [group('apps', 'v1'), group('autoscaling', 'v2'), group('metrics.k8s.io', 'v1beta1')] };
  }
  const prefixes = [...new Set(RESOURCES.map((r) => r.prefix))];
  const prefix = prefixes.find((p) => p === pathname);
  if (!prefix) return undefined;
  const types = RESOURCES.filter((r) => r.prefix === prefix);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: types[0]!.apiVersion,
    resources: types.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list'] })),
  };
}

/**
 * Answers one request against the cluster's state at `at`: what the HTTP server sends. Exposed
 * so tests (and benchmarks) can read the JSON without a socket.
 */
export function kubeApiResponse(
  cluster: DemoCluster,
  request: { method: string; url: string; authorization?: string },
  at: Date,
): KubeApiResponse {
  const json = (code: number, body: unknown): KubeApiResponse => ({ status: code, body, contentType: JSON_TYPE });
  if (request.authorization !== `Bearer ${cluster.token}`) return json(401, status(401, 'Unauthorized', 'Unauthorized'));
  const url = new URL(request.url, 'http://127.0.0.1');
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  if (request.method !== 'GET') {
    return json(405, status(405, 'MethodNotAllowed', `the demo API server of ${cluster.name} is read-only: ${request.method} is not supported`));
  }
  if (pathname === '/version') return json(200, versionObject(cluster));
  if (pathname === '/healthz' || pathname === '/livez' || pathname === '/readyz') return { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' };
  const found = discovery(pathname);
  if (found) return json(200, found);
  if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
    return json(405, status(405, 'MethodNotAllowed', 'watch is not supported by the demo API server; list instead'));
  }
  for (const type of RESOURCES) {
    if (!pathname.startsWith(`${type.prefix}/`)) continue;
    const parts = pathname.slice(type.prefix.length + 1).split('/').map(decodeURIComponent);
    let namespace: string | undefined;
    let rest = parts;
    if (type.namespaced && parts[0] === 'namespaces' && parts.length >= 3) {
      namespace = parts[1];
      rest = parts.slice(2);
    }
    if (rest[0] !== type.plural || rest.length > 2) continue;
    const state = clusterStateAt(cluster, at);
    let items = type.items(state);
    if (namespace !== undefined) items = items.filter((item) => lookup(item, 'metadata.namespace') === namespace);
    if (rest.length === 2) {
      const name = rest[1]!;
      const item = items.find((i) => lookup(i, 'metadata.name') === name);
      if (!item) {
        return json(404, status(404, 'NotFound', `${type.plural}${type.apiVersion.includes('/') ? `.${type.apiVersion.split('/')[0]}` : ''} "${name}" not found`, { name, kind: type.plural }));
      }
      return json(200, { kind: type.kind, apiVersion: type.apiVersion, ...item });
    }
    try {
      return json(200, listBody(type, items, state.atMs, url.searchParams));
    } catch (error) {
      if (error instanceof BadRequest || error instanceof LabelSelectorError) return json(400, status(400, 'BadRequest', error.message));
      throw error;
    }
  }
  return json(404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
}

/** Options of {@link startKubeApiServer}. */
export interface KubeApiServerOptions {
  cluster: DemoCluster;
  clock: Clock;
  /** TCP port on 127.0.0.1 (default: any free port). */
  port?: number;
}

/** A running stand-in apiserver. */
export interface RunningKubeApi {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the cluster's stand-in apiserver on 127.0.0.1. */
export async function startKubeApiServer(opts: KubeApiServerOptions): Promise<RunningKubeApi> {
  const server = http.createServer((req, res) => {
    let answer: KubeApiResponse;
    try {
      answer = kubeApiResponse(
        opts.cluster,
        { method: req.method ?? 'GET', url: req.url ?? '/', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
        opts.clock.now(),
      );
    } catch (error) {
      answer = { status: 500, body: status(500, 'InternalError', error instanceof Error ? error.message : String(error)), contentType: JSON_TYPE };
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-cache, private' });
    res.end(req.method === 'HEAD' ? undefined : text);
    req.resume();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
