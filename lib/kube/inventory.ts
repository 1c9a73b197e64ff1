import {
  AppsV1Api,
  AutoscalingV2Api,
  type ConfigurationOptions,
  CoreV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import type { KubernetesConnection } from '../clusters/connection-schema';
import { createKubeClient, DEFAULT_KUBE_TIMEOUT_MS, KubeRequestError, type KubeClient } from './client';
import type {
  CrashLoopingContainer,
  HpaCondition,
  HpaSummary,
  Inventory,
  InventoryError,
  InventoryResource,
  KubeErrorKind,
  NodeCondition,
  NodeResources,
  NodeSummary,
  PendingPod,
  PodsSummary,
  RawCondition,
  RawContainer,
  RawContainerStatus,
  RawDaemonSet,
  RawDeployment,
  RawEvent,
  RawHpa,
  RawNode,
  RawPod,
  RawStatefulSet,
  RawVersion,
  ResourceTotals,
  TimeLike,
  VersionSummary,
  WarningEvent,
  WorkloadAttention,
  WorkloadCondition,
  WorkloadsSummary,
} from './types';

/**
 * The inventory of a cluster read from its Kubernetes API: nodes, pods, workloads, HPAs, Warning
 * events and the server version, fetched in parallel and summarised into the plain JSON a
 * dashboard snapshot stores. The summarising functions are exported on their own and work on
 * client-node objects as well as on raw API JSON.
 */

/** Options of {@link collectInventory}. */
export interface CollectInventoryOptions {
  /** Deadline of each request (all pages of one list). Default {@link DEFAULT_KUBE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The time ages are measured against and `collectedAt`. */
  now: Date;
  /** At most this many Warning events, newest first. Default {@link DEFAULT_MAX_EVENTS}. */
  maxEvents?: number;
}

/** Default number of Warning events kept. */
export const DEFAULT_MAX_EVENTS = 50;

/** Page size of the list requests (`limit`); the `continue` token is followed. */
export const LIST_PAGE_SIZE = 500;

/** Thrown by {@link collectInventory} when every request failed; `errors` has one entry per request. */
export class InventoryCollectionError extends Error {
  /** Creates the error; `kind` is the most frequent kind among `errors`. */
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly errors: InventoryError[],
  ) {
    super(message);
    this.name = 'InventoryCollectionError';
  }
}

const RESOURCES: readonly InventoryResource[] = [
  'nodes',
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'horizontalpodautoscalers',
  'events',
  'version',
];

type ListPage<T> = { items: T[]; metadata?: { _continue?: string } };

/**
 * Reads the inventory of a cluster. Each request that fails (RBAC, an API the server does not
 * serve, a timeout) is reported in `errors` and its section is `null`; rejects with an
 * {@link InventoryCollectionError} only when every request failed (or the connection cannot be
 * used at all). No message contains the token or the client key.
 */
export async function collectInventory(conn: KubernetesConnection, opts: CollectInventoryOptions): Promise<Inventory> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
  let client: KubeClient;
  try {
    client = createKubeClient(conn, { timeoutMs });
  } catch (error) {
    const failure = error instanceof KubeRequestError ? error : new KubeRequestError('http', 'the connection cannot be used');
    const errors = RESOURCES.map((resource) => ({ resource, kind: failure.kind, message: failure.message }));
    throw new InventoryCollectionError(failure.kind, failure.message, errors);
  }
  const core = client.kubeConfig.makeApiClient(CoreV1Api);
  const apps = client.kubeConfig.makeApiClient(AppsV1Api);
  const autoscaling = client.kubeConfig.makeApiClient(AutoscalingV2Api);
  const versionApi = client.kubeConfig.makeApiClient(VersionApi);

  const list = <T>(path: string, page: (cont: string | undefined, options: ConfigurationOptions) => Promise<ListPage<T>>) =>
    client.call(path, async (options) => {
      const items: T[] = [];
      let cont: string | undefined;
      do {
        const result = await page(cont, options);
        items.push(...(result.items ?? []));
        cont = result.metadata?._continue || undefined;
      } while (cont);
      return items;
    });
  const limit = LIST_PAGE_SIZE;

  const [nodes, pods, deployments, statefulsets, daemonsets, hpas, events, version] = await Promise.allSettled([
    list('/api/v1/nodes', (_continue, o) => core.listNode({ limit, _continue }, o)),
    list('/api/v1/pods', (_continue, o) => core.listPodForAllNamespaces({ limit, _continue }, o)),
    list('/apis/apps/v1/deployments', (_continue, o) => apps.listDeploymentForAllNamespaces({ limit, _continue }, o)),
    list('/apis/apps/v1/statefulsets', (_continue, o) => apps.listStatefulSetForAllNamespaces({ limit, _continue }, o)),
    list('/apis/apps/v1/daemonsets', (_continue, o) => apps.listDaemonSetForAllNamespaces({ limit, _continue }, o)),
    list('/apis/autoscaling/v2/horizontalpodautoscalers', (_continue, o) =>
      autoscaling.listHorizontalPodAutoscalerForAllNamespaces({ limit, _continue }, o),
    ),
    list('/api/v1/events', (_continue, o) =>
      core.listEventForAllNamespaces({ fieldSelector: 'type=Warning', limit, _continue }, o),
    ),
    client.call('/version', async (o) => {
      const info = await versionApi.getCode({}, o);
      if (typeof info?.gitVersion !== 'string' || info.gitVersion === '') {
        throw new KubeRequestError('http', 'response of /version is not Kubernetes version JSON (no gitVersion)');
      }
      return info;
    }),
  ]);

  const errors: InventoryError[] = [];
  const value = <T>(resource: InventoryResource, result: PromiseSettledResult<T>): T | null => {
    if (result.status === 'fulfilled') return result.value;
    const failure = result.reason instanceof KubeRequestError ? result.reason : undefined;
    errors.push({
      resource,
      kind: failure?.kind ?? 'http',
      message: failure?.message ?? client.redact(`request failed: ${String(result.reason)}`),
    });
    return null;
  };
  const nodeItems = value('nodes', nodes);
  const podItems = value('pods', pods);
  const deploymentItems = value('deployments', deployments);
  const statefulSetItems = value('statefulsets', statefulsets);
  const daemonSetItems = value('daemonsets', daemonsets);
  const hpaItems = value('horizontalpodautoscalers', hpas);
  const eventItems = value('events', events);
  const versionInfo = value('version', version);

  if (errors.length === RESOURCES.length) {
    const kind = mostFrequentKind(errors);
    const first = errors.find((e) => e.kind === kind) ?? errors[0];
    throw new InventoryCollectionError(kind, `every Kubernetes API request failed: ${first?.message ?? kind}`, errors);
  }

  const workloads =
    deploymentItems || statefulSetItems || daemonSetItems
      ? summariseWorkloads({ deployments: deploymentItems, statefulsets: statefulSetItems, daemonsets: daemonSetItems })
      : null;
  return {
    collectedAt: opts.now.toISOString(),
    version: versionInfo ? summariseVersion(versionInfo) : null,
    nodes: nodeItems ? summariseNodes(nodeItems, podItems) : null,
    pods: podItems ? summarisePods(podItems, opts.now) : null,
    workloads,
    hpas: hpaItems ? summariseHpas(hpaItems) : null,
    warningEvents: eventItems ? summariseWarningEvents(eventItems, maxEvents) : null,
    errors,
  };
}

function mostFrequentKind(errors: InventoryError[]): KubeErrorKind {
  const counts = new Map<KubeErrorKind, number>();
  for (const error of errors) counts.set(error.kind, (counts.get(error.kind) ?? 0) + 1);
  let best: KubeErrorKind = errors[0]?.kind ?? 'http';
  for (const [kind, count] of counts) if (count > (counts.get(best) ?? 0)) best = kind;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Quantities

/** Thrown for a string that is not a Kubernetes quantity. */
export class InvalidQuantityError extends Error {
  /** Creates the error for `text`. */
  constructor(readonly text: string) {
    super(`not a Kubernetes quantity: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`);
    this.name = 'InvalidQuantityError';
  }
}

// <sign><number><suffix>: number is 1, 1., 1.5 or .5; suffix a binary SI (Ki..Ei), a decimal SI
// (n u m "" k M G T P E) or a decimal exponent (e3, E-2). "E" alone is exa, "E3" an exponent.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d{1,3}))?$/;
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface ExactQuantity {
  negative: boolean;
  /** The digits of the number without the point. */
  digits: bigint;
  /** Power of ten applied to `digits` (the fraction digits and a decimal suffix or exponent). */
  exp10: number;
  /** Power of two applied (a binary suffix). */
  exp2: number;
}

function parseExact(text: string): ExactQuantity {
  if (typeof text !== 'string' || text.length > 64) throw new InvalidQuantityError(String(text));
  const match = QUANTITY.exec(text);
  if (!match) throw new InvalidQuantityError(text);
  const [, sign, number = '', binary, decimal, exponent] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (binary) exp2 = BINARY_SUFFIX[binary] ?? 0;
  else if (decimal) exp10 += DECIMAL_SUFFIX[decimal] ?? 0;
  else if (exponent) exp10 += Number(exponent);
  return { negative: sign === '-', digits: BigInt(`${whole}${fraction}` || '0'), exp10, exp2 };
}

/** ceil(quantity * scale), computed exactly (no floating-point rounding on the way). */
function ceilScaled(text: string, scale: bigint): number {
  const q = parseExact(text);
  let numerator = q.digits * scale * (1n << BigInt(q.exp2));
  let denominator = 1n;
  if (q.exp10 >= 0) numerator *= 10n ** BigInt(q.exp10);
  else denominator = 10n ** BigInt(-q.exp10);
  const floor = numerator / denominator;
  if (q.negative) return -Number(floor); // ceil(-x) = -floor(x)
  return Number(numerator % denominator === 0n ? floor : floor + 1n);
}

/**
 * The value of a Kubernetes quantity (`100m` = 0.1, `1Gi` = 1073741824, `129e6` = 129000000) as
 * a float. Throws an {@link InvalidQuantityError} for anything else (`1KB`, `1 Mi`, `""`).
 */
export function parseQuantity(text: string): number {
  const q = parseExact(text);
  const value = Number(q.digits) * 10 ** q.exp10 * 2 ** q.exp2;
  return q.negative ? -value : value;
}

/** A quantity in thousandths, rounded up like Kubernetes' MilliValue: CPU `1.5` = 1500, `487558164n` = 488. */
export function quantityToMillis(text: string): number {
  return ceilScaled(text, 1000n);
}

/** A quantity as an integer, rounded up like Kubernetes' Value: memory `123Mi` = 128974848, `1.5k` = 1500. */
export function quantityToInteger(text: string): number {
  return ceilScaled(text, 1n);
}

function safely(parse: (text: string) => number, text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    return parse(text);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Nodes

const PRESSURE_CONDITIONS = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);
const ROLE_PREFIX = 'node-role.kubernetes.io/';

/**
 * Summarises nodes. `pods` (all namespaces) gives each node the requests and limits of its
 * non-terminated pods; when it is `null` (pods could not be listed) those fields are `null`.
 */
export function summariseNodes(nodes: readonly RawNode[], pods: readonly RawPod[] | null): NodeSummary[] {
  const perNode = new Map<string, { count: number; requests: ResourceTotals; limits: ResourceTotals }>();
  if (pods) {
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || isTerminated(pod)) continue;
      const entry = perNode.get(nodeName) ?? {
        count: 0,
        requests: { cpuMillis: 0, memoryBytes: 0 },
        limits: { cpuMillis: 0, memoryBytes: 0 },
      };
      const { requests, limits } = podResources(pod);
      entry.count += 1;
      entry.requests.cpuMillis += requests.cpuMillis;
      entry.requests.memoryBytes += requests.memoryBytes;
      entry.limits.cpuMillis += limits.cpuMillis;
      entry.limits.memoryBytes += limits.memoryBytes;
      perNode.set(nodeName, entry);
    }
  }
  return nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    const conditions = (node.status?.conditions ?? []).map(nodeCondition);
    const ready = conditions.find((c) => c.type === 'Ready')?.status;
    const problems = conditions.filter((c) =>
      c.type === 'Ready' ? c.status !== 'True' : PRESSURE_CONDITIONS.has(c.type) && c.status === 'True',
    );
    const allocatable = nodeResources(node.status?.allocatable);
    const usage = pods ? (perNode.get(name) ?? { count: 0, requests: zero(), limits: zero() }) : null;
    const info = node.status?.nodeInfo;
    return {
      name,
      roles: nodeRoles(node.metadata?.labels ?? {}),
      ready: ready === 'True' || ready === 'False' ? ready : 'Unknown',
      conditions,
      problems,
      taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? null, effect: t.effect })),
      unschedulable: node.spec?.unschedulable === true,
      capacity: nodeResources(node.status?.capacity),
      allocatable,
      kubeletVersion: info?.kubeletVersion ?? null,
      osImage: info?.osImage ?? null,
      containerRuntimeVersion: info?.containerRuntimeVersion ?? null,
      podCount: usage ? usage.count : null,
      requests: usage ? usage.requests : null,
      limits: usage ? usage.limits : null,
      overcommit: usage
        ? {
            cpu: ratio(usage.limits.cpuMillis, allocatable.cpuMillis),
            memory: ratio(usage.limits.memoryBytes, allocatable.memoryBytes),
          }
        : null,
    };
  });
}

function nodeRoles(labels: Readonly<Record<string, string>>): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort();
}

function nodeCondition(c: RawCondition): NodeCondition {
  return {
    type: c.type,
    status: c.status,
    reason: c.reason || null,
    message: c.message || null,
    lastTransitionTime: isoTime(c.lastTransitionTime),
  };
}

function nodeResources(list: Readonly<Record<string, string>> | null | undefined): NodeResources {
  return {
    cpuMillis: safely(quantityToMillis, list?.cpu),
    memoryBytes: safely(quantityToInteger, list?.memory),
    pods: safely(quantityToInteger, list?.pods),
  };
}

function ratio(used: number, available: number | null): number | null {
  if (available === null || available <= 0) return null;
  return Math.round((used / available) * 10_000) / 10_000;
}

function zero(): ResourceTotals {
  return { cpuMillis: 0, memoryBytes: 0 };
}

function isTerminated(pod: RawPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The effective CPU and memory requests and limits of a pod, as the scheduler counts them: the
 * larger of (app containers + sidecars) and each init container (plus the sidecars started before
 * it), plus the pod overhead. A container without a limit adds 0 to the limits.
 */
export function podResources(pod: RawPod): { requests: ResourceTotals; limits: ResourceTotals } {
  const amount = (list: Readonly<Record<string, string>> | null | undefined): ResourceTotals => ({
    cpuMillis: safely(quantityToMillis, list?.cpu) ?? 0,
    memoryBytes: safely(quantityToInteger, list?.memory) ?? 0,
  });
  const add = (a: ResourceTotals, b: ResourceTotals) => ({
    cpuMillis: a.cpuMillis + b.cpuMillis,
    memoryBytes: a.memoryBytes + b.memoryBytes,
  });
  const max = (a: ResourceTotals, b: ResourceTotals) => ({
    cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
    memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
  });
  const of = (field: 'requests' | 'limits'): ResourceTotals => {
    const containerAmount = (c: RawContainer) => amount(c.resources?.[field]);
    let total = zero();
    for (const c of pod.spec?.containers ?? []) total = add(total, containerAmount(c));
    let sidecars = zero();
    let init = zero();
    for (const c of pod.spec?.initContainers ?? []) {
      if (c.restartPolicy === 'Always') {
        // A sidecar runs next to the app containers and after it started, next to later init containers.
        total = add(total, containerAmount(c));
        sidecars = add(sidecars, containerAmount(c));
        init = max(init, sidecars);
      } else {
        init = max(init, add(containerAmount(c), sidecars));
      }
    }
    return add(max(total, init), amount(pod.spec?.overhead));
  };
  return { requests: of('requests'), limits: of('limits') };
}

// ---------------------------------------------------------------------------------------------
// Pods

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

/** Summarises the pods of the cluster: counts by phase, pending pods and why, crash-looping containers. */
export function summarisePods(pods: readonly RawPod[], now: Date): PodsSummary {
  const byPhase: Record<string, number> = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
  const pending: PendingPod[] = [];
  const crashLooping: CrashLoopingContainer[] = [];
  let restartsTotal = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase || 'Unknown';
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const status of statuses) {
      restartsTotal += status.restartCount ?? 0;
      if (status.state?.waiting?.reason === 'CrashLoopBackOff') {
        const last = status.lastState?.terminated;
        crashLooping.push({
          namespace,
          pod: name,
          container: status.name,
          node: pod.spec?.nodeName ?? null,
          restarts: status.restartCount ?? 0,
          lastTerminationReason: last?.reason ?? null,
          lastExitCode: typeof last?.exitCode === 'number' ? last.exitCode : null,
          lastFinishedAt: isoTime(last?.finishedAt),
        });
      }
    }
    if (phase === 'Pending') {
      const created = isoTime(pod.metadata?.creationTimestamp);
      pending.push({
        namespace,
        name,
        ageSeconds: created === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(created)) / 1000)),
        createdAt: created,
        ...pendingReason(pod, statuses),
      });
    }
  }
  return { total: pods.length, byPhase, pending, crashLooping, restartsTotal };
}

function pendingReason(pod: RawPod, statuses: readonly RawContainerStatus[]): { reason: string; message: string | null } {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled && scheduled.status === 'False') {
    return { reason: scheduled.reason || 'Unschedulable', message: scheduled.message || null };
  }
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason) return { reason: waiting.reason, message: waiting.message || null };
  }
  if (pod.status?.reason) return { reason: pod.status.reason, message: pod.status.message || null };
  return { reason: 'Pending', message: pod.status?.message || null };
}

// ---------------------------------------------------------------------------------------------
// Workloads

/**
 * Lists the workloads that need attention: fewer ready/available replicas than desired, or (a
 * Deployment) a rollout that stopped progressing. A `null` list (it could not be read) counts as
 * `null` and contributes nothing.
 */
export function summariseWorkloads(lists: {
  deployments: readonly RawDeployment[] | null;
  statefulsets: readonly RawStatefulSet[] | null;
  daemonsets: readonly RawDaemonSet[] | null;
}): WorkloadsSummary {
  const attention: WorkloadAttention[] = [];
  const ident = (meta: RawDeployment['metadata']) => ({ namespace: meta?.namespace ?? '', name: meta?.name ?? '' });
  for (const d of lists.deployments ?? []) {
    const desired = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    const available = d.status?.availableReplicas ?? 0;
    const conditions: WorkloadCondition[] = (d.status?.conditions ?? [])
      .filter((c) => (c.type === 'Progressing' || c.type === 'Available') && c.status === 'False')
      .map((c) => ({ type: c.type, reason: c.reason || null, message: c.message || null }));
    const stuck = conditions.some((c) => c.type === 'Progressing');
    if (ready < desired || available < desired || stuck) {
      attention.push({ kind: 'Deployment', ...ident(d.metadata), desired, ready, available, conditions });
    }
  }
  for (const s of lists.statefulsets ?? []) {
    const desired = s.spec?.replicas ?? 1;
    const ready = s.status?.readyReplicas ?? 0;
    const available = s.status?.availableReplicas ?? 0;
    // availableReplicas is missing on servers before 1.22: readiness is what is compared.
    if (ready < desired) attention.push({ kind: 'StatefulSet', ...ident(s.metadata), desired, ready, available, conditions: [] });
  }
  for (const ds of lists.daemonsets ?? []) {
    const desired = ds.status?.desiredNumberScheduled ?? 0;
    const ready = ds.status?.numberReady ?? 0;
    const available = ds.status?.numberAvailable ?? 0;
    if (ready < desired || available < desired) {
      attention.push({ kind: 'DaemonSet', ...ident(ds.metadata), desired, ready, available, conditions: [] });
    }
  }
  return {
    counts: {
      deployments: lists.deployments ? lists.deployments.length : null,
      statefulsets: lists.statefulsets ? lists.statefulsets.length : null,
      daemonsets: lists.daemonsets ? lists.daemonsets.length : null,
    },
    attention,
  };
}

// ---------------------------------------------------------------------------------------------
// HPAs, events, version

/** Summarises autoscaling/v2 HorizontalPodAutoscalers. */
export function summariseHpas(hpas: readonly RawHpa[]): HpaSummary[] {
  return hpas.map((hpa) => {
    const condition = (type: string): HpaCondition | null => {
      const c = hpa.status?.conditions?.find((x) => x.type === type);
      return c ? { status: c.status, reason: c.reason || null, message: c.message || null } : null;
    };
    const max = hpa.spec?.maxReplicas ?? 0;
    const current = hpa.status?.currentReplicas ?? 0;
    return {
      namespace: hpa.metadata?.namespace ?? '',
      name: hpa.metadata?.name ?? '',
      target: { kind: hpa.spec?.scaleTargetRef?.kind ?? '', name: hpa.spec?.scaleTargetRef?.name ?? '' },
      min: hpa.spec?.minReplicas ?? 1,
      max,
      current,
      desired: hpa.status?.desiredReplicas ?? 0,
      atMax: current >= max,
      scalingLimited: condition('ScalingLimited'),
      ableToScale: condition('AbleToScale'),
      scalingActive: condition('ScalingActive'),
    };
  });
}

/**
 * The Warning events, newest first (by the newest of series.lastObservedTime, lastTimestamp and
 * eventTime; events without a time last), at most `maxEvents`. Events of another type are dropped.
 */
export function summariseWarningEvents(events: readonly RawEvent[], maxEvents: number = DEFAULT_MAX_EVENTS): WarningEvent[] {
  const summaries = events
    .filter((e) => e.type === 'Warning')
    .map((e): WarningEvent & { sortKey: number } => {
      const times = [e.series?.lastObservedTime, e.lastTimestamp, e.eventTime]
        .map(timeMs)
        .filter((t): t is number => t !== null);
      const newest = times.length > 0 ? Math.max(...times) : null;
      return {
        namespace: e.metadata?.namespace ?? '',
        involvedObject: {
          kind: e.involvedObject?.kind ?? '',
          name: e.involvedObject?.name ?? '',
          namespace: e.involvedObject?.namespace || null,
        },
        reason: e.reason ?? '',
        message: e.message ?? '',
        count: e.count ?? e.series?.count ?? 1,
        lastSeen: newest === null ? null : new Date(newest).toISOString(),
        sortKey: newest ?? Number.NEGATIVE_INFINITY,
      };
    });
  summaries.sort((a, b) => b.sortKey - a.sortKey);
  return summaries.slice(0, Math.max(0, maxEvents)).map(({ sortKey: _sortKey, ...event }) => event);
}

/** The version of the API server (GET /version). */
export function summariseVersion(info: RawVersion): VersionSummary {
  return { gitVersion: info.gitVersion ?? '', platform: info.platform || null };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function timeMs(value: TimeLike): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function isoTime(value: TimeLike): string | null {
  const ms = timeMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}
