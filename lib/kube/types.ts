/**
 * Types of the Kubernetes inventory of a cluster: the plain-JSON summary the dashboard stores in a
 * snapshot ({@link Inventory}), and the loose input shapes the summarising functions read. The
 * input shapes accept both what @kubernetes/client-node deserialises (times as `Date`) and the raw
 * JSON an API server sends (times as strings), so that the same functions work on both.
 */

// ---------------------------------------------------------------------------------------------
// Output: what a snapshot stores

/** Why one request of the inventory failed, coarse enough for the UI to pick a hint. */
export type KubeErrorKind = 'forbidden' | 'not_found' | 'timeout' | 'unauthorized' | 'refused' | 'tls' | 'http';

/** The requests an inventory is made of. */
export type InventoryResource =
  | 'nodes'
  | 'pods'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'horizontalpodautoscalers'
  | 'events'
  | 'version';

/** One failed request of an inventory; the message never contains a credential. */
export interface InventoryError {
  resource: InventoryResource;
  kind: KubeErrorKind;
  message: string;
}

/** A node condition as reported by the kubelet / node controller. Times are ISO 8601 UTC. */
export interface NodeCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
}

/** A node taint. */
export interface NodeTaint {
  key: string;
  value: string | null;
  effect: string;
}

/** Node resources; `null` when the node does not report one or it is not a valid quantity. */
export interface NodeResources {
  /** CPU in millicores (1 core = 1000). */
  cpuMillis: number | null;
  /** Memory in bytes. */
  memoryBytes: number | null;
  /** Maximum number of pods. */
  pods: number | null;
}

/** CPU and memory summed over pods. */
export interface ResourceTotals {
  cpuMillis: number;
  memoryBytes: number;
}

/** One node of the inventory. */
export interface NodeSummary {
  name: string;
  /** From `node-role.kubernetes.io/<role>` labels (and the legacy `kubernetes.io/role`), sorted. */
  roles: string[];
  /** Status of the Ready condition; `Unknown` when the node has none. */
  ready: 'True' | 'False' | 'Unknown';
  /** Every condition, in the order the API reports them. */
  conditions: NodeCondition[];
  /** The abnormal conditions: Ready != True; MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable == True. */
  problems: NodeCondition[];
  taints: NodeTaint[];
  unschedulable: boolean;
  capacity: NodeResources;
  allocatable: NodeResources;
  kubeletVersion: string | null;
  osImage: string | null;
  containerRuntimeVersion: string | null;
  /** Non-terminated pods scheduled on the node; `null` when pods could not be listed. */
  podCount: number | null;
  /** Effective requests of the non-terminated pods on the node; `null` when pods could not be listed. */
  requests: ResourceTotals | null;
  /** Limits of the non-terminated pods on the node (a container without a limit adds 0). */
  limits: ResourceTotals | null;
  /** sum(limits) / allocatable, rounded to 4 decimals; `null` when unknown or allocatable is 0. */
  overcommit: { cpu: number | null; memory: number | null } | null;
}

/** A pod in phase Pending and why. */
export interface PendingPod {
  namespace: string;
  name: string;
  /** Seconds since the pod was created, at the inventory's `now`. */
  ageSeconds: number | null;
  createdAt: string | null;
  /** `Unschedulable` (PodScheduled=False), a container waiting reason (`ImagePullBackOff`), or the pod's own reason. */
  reason: string;
  message: string | null;
}

/** A container waiting in CrashLoopBackOff. */
export interface CrashLoopingContainer {
  namespace: string;
  pod: string;
  container: string;
  node: string | null;
  restarts: number;
  lastTerminationReason: string | null;
  lastExitCode: number | null;
  lastFinishedAt: string | null;
}

/** Pods of the whole cluster. */
export interface PodsSummary {
  total: number;
  /** Pending, Running, Succeeded, Failed and Unknown are always present. */
  byPhase: Record<string, number>;
  pending: PendingPod[];
  crashLooping: CrashLoopingContainer[];
  /** Sum of restartCount over every container (init containers included). */
  restartsTotal: number;
}

/** A false condition of a deployment that explains why it needs attention. */
export interface WorkloadCondition {
  type: string;
  reason: string | null;
  message: string | null;
}

/** A workload with fewer ready/available replicas than desired, or a stuck rollout. */
export interface WorkloadAttention {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** spec.replicas (Deployment, StatefulSet) or status.desiredNumberScheduled (DaemonSet). */
  desired: number;
  ready: number;
  available: number;
  /** Deployments: the Progressing / Available conditions whose status is False. */
  conditions: WorkloadCondition[];
}

/** Workloads of the whole cluster. */
export interface WorkloadsSummary {
  /** How many of each were listed; `null` when the list failed. */
  counts: { deployments: number | null; statefulsets: number | null; daemonsets: number | null };
  attention: WorkloadAttention[];
}

/** One HPA condition. */
export interface HpaCondition {
  status: string;
  reason: string | null;
  message: string | null;
}

/** A HorizontalPodAutoscaler (autoscaling/v2). */
export interface HpaSummary {
  namespace: string;
  name: string;
  target: { kind: string; name: string };
  min: number;
  max: number;
  current: number;
  desired: number;
  /** current >= max */
  atMax: boolean;
  scalingLimited: HpaCondition | null;
  ableToScale: HpaCondition | null;
  scalingActive: HpaCondition | null;
}

/** A Warning event (core/v1). */
export interface WarningEvent {
  namespace: string;
  involvedObject: { kind: string; name: string; namespace: string | null };
  reason: string;
  message: string;
  /** `count`, else `series.count`, else 1. */
  count: number;
  /** The newest of series.lastObservedTime, lastTimestamp, eventTime (ISO 8601 UTC). */
  lastSeen: string | null;
}

/** The API server's version. */
export interface VersionSummary {
  gitVersion: string;
  platform: string | null;
}

/**
 * The inventory of a cluster. A section is `null` when the request(s) behind it failed; the
 * failures are in `errors`.
 */
export interface Inventory {
  collectedAt: string;
  version: VersionSummary | null;
  nodes: NodeSummary[] | null;
  pods: PodsSummary | null;
  /** `null` when deployments, statefulsets and daemonsets all failed. */
  workloads: WorkloadsSummary | null;
  hpas: HpaSummary[] | null;
  warningEvents: WarningEvent[] | null;
  errors: InventoryError[];
}

// ---------------------------------------------------------------------------------------------
// Input: what the summarising functions read (client-node objects or raw API JSON)

/** A time as client-node gives it (`Date`) or as the API sends it (RFC 3339 string). */
export type TimeLike = Date | string | null | undefined;

type Maybe<T> = T | null | undefined;
type Quantities = Maybe<Readonly<Record<string, string>>>;

/** Object metadata fields read by the summaries. */
export interface RawObjectMeta {
  name?: Maybe<string>;
  namespace?: Maybe<string>;
  labels?: Maybe<Readonly<Record<string, string>>>;
  creationTimestamp?: TimeLike;
}

/** A condition of any kind of object. */
export interface RawCondition {
  type: string;
  status: string;
  reason?: Maybe<string>;
  message?: Maybe<string>;
  lastTransitionTime?: TimeLike;
}

/** A v1 Node. */
export interface RawNode {
  metadata?: Maybe<RawObjectMeta>;
  spec?: Maybe<{
    taints?: Maybe<ReadonlyArray<{ key: string; value?: Maybe<string>; effect: string }>>;
    unschedulable?: Maybe<boolean>;
  }>;
  status?: Maybe<{
    capacity?: Quantities;
    allocatable?: Quantities;
    conditions?: Maybe<ReadonlyArray<RawCondition>>;
    nodeInfo?: Maybe<{ kubeletVersion?: Maybe<string>; osImage?: Maybe<string>; containerRuntimeVersion?: Maybe<string> }>;
  }>;
}

/** A container of a pod spec. */
export interface RawContainer {
  name: string;
  restartPolicy?: Maybe<string>;
  resources?: Maybe<{ requests?: Quantities; limits?: Quantities }>;
}

/** A container status of a pod. */
export interface RawContainerStatus {
  name: string;
  restartCount?: Maybe<number>;
  state?: Maybe<{ waiting?: Maybe<{ reason?: Maybe<string>; message?: Maybe<string> }> }>;
  lastState?: Maybe<{
    terminated?: Maybe<{ reason?: Maybe<string>; exitCode?: Maybe<number>; finishedAt?: TimeLike }>;
  }>;
}

/** A v1 Pod. */
export interface RawPod {
  metadata?: Maybe<RawObjectMeta>;
  spec?: Maybe<{
    nodeName?: Maybe<string>;
    containers?: Maybe<ReadonlyArray<RawContainer>>;
    initContainers?: Maybe<ReadonlyArray<RawContainer>>;
    overhead?: Quantities;
  }>;
  status?: Maybe<{
    phase?: Maybe<string>;
    reason?: Maybe<string>;
    message?: Maybe<string>;
    conditions?: Maybe<ReadonlyArray<RawCondition>>;
    containerStatuses?: Maybe<ReadonlyArray<RawContainerStatus>>;
    initContainerStatuses?: Maybe<ReadonlyArray<RawContainerStatus>>;
  }>;
}

/** An apps/v1 Deployment. */
export interface RawDeployment {
  metadata?: Maybe<RawObjectMeta>;
  spec?: Maybe<{ replicas?: Maybe<number> }>;
  status?: Maybe<{
    readyReplicas?: Maybe<number>;
    availableReplicas?: Maybe<number>;
    conditions?: Maybe<ReadonlyArray<RawCondition>>;
  }>;
}

/** An apps/v1 StatefulSet. */
export interface RawStatefulSet {
  metadata?: Maybe<RawObjectMeta>;
  spec?: Maybe<{ replicas?: Maybe<number> }>;
  status?: Maybe<{ readyReplicas?: Maybe<number>; availableReplicas?: Maybe<number> }>;
}

/** An apps/v1 DaemonSet. */
export interface RawDaemonSet {
  metadata?: Maybe<RawObjectMeta>;
  status?: Maybe<{ desiredNumberScheduled?: Maybe<number>; numberReady?: Maybe<number>; numberAvailable?: Maybe<number> }>;
}

/** An autoscaling/v2 HorizontalPodAutoscaler. */
export interface RawHpa {
  metadata?: Maybe<RawObjectMeta>;
  spec?: Maybe<{
    scaleTargetRef?: Maybe<{ kind?: Maybe<string>; name?: Maybe<string> }>;
    minReplicas?: Maybe<number>;
    maxReplicas?: Maybe<number>;
  }>;
  status?: Maybe<{
    currentReplicas?: Maybe<number>;
    desiredReplicas?: Maybe<number>;
    conditions?: Maybe<ReadonlyArray<RawCondition>>;
  }>;
}

/** A core/v1 Event. */
export interface RawEvent {
  metadata?: Maybe<RawObjectMeta>;
  type?: Maybe<string>;
  reason?: Maybe<string>;
  message?: Maybe<string>;
  count?: Maybe<number>;
  firstTimestamp?: TimeLike;
  lastTimestamp?: TimeLike;
  eventTime?: TimeLike;
  series?: Maybe<{ count?: Maybe<number>; lastObservedTime?: TimeLike }>;
  involvedObject?: Maybe<{ kind?: Maybe<string>; name?: Maybe<string>; namespace?: Maybe<string> }>;
}

/** The body of GET /version. */
export interface RawVersion {
  gitVersion?: Maybe<string>;
  platform?: Maybe<string>;
}
