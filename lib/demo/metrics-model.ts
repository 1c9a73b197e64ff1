import { createHash } from 'node:crypto';

/**
 * A deterministic model of simulated Kubernetes clusters: the topology (nodes, workloads, pods,
 * HPAs) follows from the cluster names and a seed, and every time-varying value follows from
 * the topology and an instant. Nothing is accumulated between calls: counters are closed-form
 * integrals of their rate from {@link DEMO_EPOCH_MS}, so two processes (or a restarted exporter)
 * agree on every value, and counters never go down.
 *
 * Behaviour (times are UTC; the epoch is at 00:00 UTC, so window offsets are minutes past the hour):
 * - CPU follows a diurnal sine peaking in the region's afternoon, plus smooth noise;
 * - the first cluster has a node that is NotReady from hh:20 to hh:30 every hour;
 * - the second cluster (the first when there is one) has a node above 95 % CPU from hh:40 to
 *   hh:44 every hour, when its apiserver also gets busier, slower and returns more 5xx;
 * - the first cluster has a crash-looping pod (payments/billing-api), replaced daily at 00:00 UTC;
 * - the second cluster has a pod that cannot be scheduled (shop/recommender, Insufficient memory);
 * - the third cluster (the first when there are fewer) has an HPA pinned at its maximum (shop/frontend).
 */

/** Start of the model's time axis (2024-01-01T00:00:00Z): counters are integrals from here. */
export const DEMO_EPOCH_MS = Date.UTC(2024, 0, 1);

/** A window that repeats every `periodSeconds`, starting `offsetSeconds` after each period start. */
export interface DemoTimeWindow {
  periodSeconds: number;
  offsetSeconds: number;
  durationSeconds: number;
}

/** The NotReady node of the first cluster: hh:20:00 to hh:29:59 every hour. */
export const NOT_READY_WINDOW: DemoTimeWindow = { periodSeconds: 3600, offsetSeconds: 20 * 60, durationSeconds: 10 * 60 };

/** The CPU spike of the spiking node: hh:40:00 to hh:43:59 every hour. */
export const CPU_SPIKE_WINDOW: DemoTimeWindow = { periodSeconds: 3600, offsetSeconds: 40 * 60, durationSeconds: 4 * 60 };

/** CPU utilisation of the spiking node during {@link CPU_SPIKE_WINDOW}. */
export const CPU_SPIKE_UTILISATION = 0.975;

/** Kubelet's crash-loop back-off as modelled: the container runs `runSeconds`, then waits 10 s, 20 s, ... up to 300 s. */
export const CRASH_LOOP = { runSeconds: 15, initialBackoffSeconds: 10, maxBackoffSeconds: 300, podLifetimeSeconds: 86_400 };

/** Bounds of the simulation size. */
export const DEMO_LIMITS = { maxClusters: 200 } as const; // DEMO_CLUSTERS allows up to 200; the collection benchmark runs 100

/** The fraction of non-idle CPU time spent in each node-exporter mode (they sum to 1). */
export const CPU_MODE_SHARES = { user: 0.66, system: 0.27, iowait: 0.07 } as const;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Lowercase hex of a hash of `text` (up to 64 characters). */
export function demoHex(text: string, length: number): string {
  return digest(text).toString('hex').slice(0, length);
}

/** A UUID-shaped identifier derived from `text` (stable across runs). */
export function demoUid(text: string): string {
  const h = demoHex(text, 32);
  const variant = '89ab'[Number.parseInt(h.charAt(16), 16) & 3] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// The alphabet of k8s.io/apimachinery rand.SafeEncodeString (pod-template-hash, name suffixes).
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function safeSuffix(text: string, length: number): string {
  const bytes = digest(text);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET.charAt((bytes[i] ?? 0) % SAFE_ALPHABET.length);
  return out;
}

/** mulberry32 seeded from a hash of the text. */
class Rng {
  private state: number;

  constructor(seedText: string) {
    this.state = digest(seedText).readUInt32BE(0) || 1;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Signals with closed-form integrals

/** `amplitude * cos(omega * t + phase)`, t in seconds since the epoch. */
export interface Harmonic {
  amplitude: number;
  omega: number;
  phase: number;
}

/**
 * `S(t) = base + sum(harmonics)`; inside `window` the value is `S(t) * windowScale + windowAdd`.
 * Every signal used here is non-negative by construction.
 */
export interface Signal {
  base: number;
  harmonics: Harmonic[];
  window?: DemoTimeWindow;
  windowScale: number;
  windowAdd: number;
}

const TWO_PI = 2 * Math.PI;
const DAY = 86_400;

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Seconds since the epoch (never negative: the model starts at the epoch). */
export function modelSeconds(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.max(0, (ms - DEMO_EPOCH_MS) / 1000);
}

/** Whether `t` (seconds since the epoch) falls inside the window. */
export function inWindow(w: DemoTimeWindow, t: number): boolean {
  return mod(t - w.offsetSeconds, w.periodSeconds) < w.durationSeconds;
}

/** Start (seconds since the epoch) of the most recent window starting at or before `t`. */
export function lastWindowStart(w: DemoTimeWindow, t: number): number {
  return Math.floor((t - w.offsetSeconds) / w.periodSeconds) * w.periodSeconds + w.offsetSeconds;
}

/** Time spent inside the window between the epoch and `t`. */
function windowMeasure(w: DemoTimeWindow, t: number): number {
  const full = t < w.offsetSeconds + w.durationSeconds ? 0 : Math.floor((t - w.offsetSeconds - w.durationSeconds) / w.periodSeconds) + 1;
  const start = lastWindowStart(w, t);
  const partial = start >= 0 && t > start && t < start + w.durationSeconds ? t - start : 0;
  return full * w.durationSeconds + partial;
}

/** sum over k = 0..n-1 of sin(alpha + k*beta), closed form. */
function sineSeries(alpha: number, beta: number, n: number): number {
  if (n <= 0) return 0;
  const b = beta - TWO_PI * Math.round(beta / TWO_PI);
  const half = Math.sin(b / 2);
  if (half === 0) return n * Math.sin(alpha);
  return (Math.sin((n * b) / 2) / half) * Math.sin(alpha + ((n - 1) * b) / 2);
}

function harmonicIntegral(h: Harmonic, t: number): number {
  return (h.amplitude / h.omega) * (Math.sin(h.omega * t + h.phase) - Math.sin(h.phase));
}

/** Integral from the epoch to t of (window indicator) * harmonic. */
function windowedHarmonicIntegral(w: DemoTimeWindow, h: Harmonic, t: number): number {
  const k = h.amplitude / h.omega;
  const o = w.offsetSeconds;
  const d = w.durationSeconds;
  const full = t < o + d ? 0 : Math.floor((t - o - d) / w.periodSeconds) + 1;
  const beta = h.omega * w.periodSeconds;
  let sum = k * (sineSeries(h.omega * (o + d) + h.phase, beta, full) - sineSeries(h.omega * o + h.phase, beta, full));
  const start = lastWindowStart(w, t);
  if (start >= 0 && t > start && t < start + d) {
    sum += k * (Math.sin(h.omega * t + h.phase) - Math.sin(h.omega * start + h.phase));
  }
  return sum;
}

function smoothValue(s: Signal, t: number): number {
  let v = s.base;
  for (const h of s.harmonics) v += h.amplitude * Math.cos(h.omega * t + h.phase);
  return v;
}

/** The signal's value at t (seconds since the epoch). */
export function signalValue(s: Signal, t: number): number {
  const v = smoothValue(s, t);
  return s.window && inWindow(s.window, t) ? v * s.windowScale + s.windowAdd : v;
}

function windowedSmoothIntegral(s: Signal, w: DemoTimeWindow, t: number): number {
  let v = s.base * windowMeasure(w, t);
  for (const h of s.harmonics) v += windowedHarmonicIntegral(w, h, t);
  return v;
}

/** Integral of the signal from the epoch to t (seconds since the epoch). */
export function signalIntegral(s: Signal, t: number): number {
  let v = s.base * t;
  for (const h of s.harmonics) v += harmonicIntegral(h, t);
  if (s.window) {
    v += (s.windowScale - 1) * windowedSmoothIntegral(s, s.window, t) + s.windowAdd * windowMeasure(s.window, t);
  }
  return v;
}

/** Integral from the epoch to t of the signal counted only inside its window (0 without a window). */
export function signalWindowIntegral(s: Signal, t: number): number {
  if (!s.window) return 0;
  return s.windowScale * windowedSmoothIntegral(s, s.window, t) + s.windowAdd * windowMeasure(s.window, t);
}

function periodHarmonic(amplitude: number, periodSeconds: number, phase: number): Harmonic {
  return { amplitude, omega: TWO_PI / periodSeconds, phase };
}

/** A cosine over 24 h peaking at `peakHourUtc`. */
function diurnal(amplitude: number, peakHourUtc: number): Harmonic {
  return periodHarmonic(amplitude, DAY, -TWO_PI * (peakHourUtc / 24));
}

// ---------------------------------------------------------------------------------------------
// Topology

/** Environment label of a simulated cluster. */
export type DemoEnv = 'prod' | 'staging' | 'dev';
/** Cloud label of a simulated cluster. */
export type DemoCloud = 'aws' | 'gcp' | 'azure';
type RegionKey = 'eu' | 'us' | 'ap';

/** A node taint; `timeAddedMs` is set on taints the node controller adds while the node is not ready. */
export interface DemoTaint {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAddedMs?: number;
}

/** A simulated node and its (time-independent) hardware and software. */
export interface DemoNode {
  name: string;
  uid: string;
  index: number;
  pool: string;
  zone: string;
  instanceType: string;
  internalIp: string;
  cores: number;
  memoryBytes: number;
  allocatableCpuMillis: number;
  allocatableMemoryBytes: number;
  maxPods: number;
  filesystemBytes: number;
  device: string;
  taints: DemoTaint[];
  labels: Record<string, string>;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  createdMs: number;
  /** Utilisation 0..1 of the node's CPUs over time. */
  cpu: Signal;
  /** Per-CPU share of the non-idle time (mean exactly 1). */
  cpuWeights: number[];
  /** Goes NotReady during {@link NOT_READY_WINDOW}. */
  flaps: boolean;
  /** Spikes above 95 % during {@link CPU_SPIKE_WINDOW}. */
  spikes: boolean;
}

/** A container of a pod template. `cpuUsageCores` is its usage at 100 % node utilisation. */
export interface DemoContainer {
  name: string;
  image: string;
  imageId: string;
  cpuRequestMillis: number;
  memoryRequestBytes: number;
  cpuLimitMillis?: number;
  memoryLimitBytes?: number;
  cpuUsageCores: number;
  memoryUseFraction: number;
  memoryPeriodSeconds: number;
  memoryPhase: number;
  ports: { name?: string; containerPort: number }[];
}

/** A Deployment, StatefulSet or DaemonSet. */
export interface DemoWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  uid: string;
  /** Desired replicas (DaemonSets: the number of nodes). */
  replicas: number;
  labels: Record<string, string>;
  /** pod-template-hash (Deployments) or controller revision (StatefulSets, DaemonSets). */
  templateHash: string;
  containers: DemoContainer[];
  hostNetwork: boolean;
  createdMs: number;
  serviceName?: string;
}

/** What a pod does over time. */
export type DemoPodBehaviour = 'running' | 'crashloop' | 'pending';

/** A pod. A crash-looping pod is replaced every day: its name, uid and creation time depend on the time. */
export interface DemoPod {
  key: string;
  namespace: string;
  workload: DemoWorkload;
  ordinal: number;
  node?: string;
  behaviour: DemoPodBehaviour;
  podIp: string;
  /** The owner named by kube_pod_info created_by_*: the ReplicaSet, StatefulSet or DaemonSet. */
  ownerKind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  ownerName: string;
  labels: Record<string, string>;
  containers: DemoContainer[];
  createdMs: number;
  nameSuffix: string;
}

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU utilisation. */
export interface DemoHpa {
  namespace: string;
  name: string;
  uid: string;
  target: DemoWorkload;
  minReplicas: number;
  maxReplicas: number;
  targetUtilisation: number;
  atMax: boolean;
  createdMs: number;
}

/** apiserver traffic: requests per second over time, split into calls. */
export interface DemoApiserver {
  requests: Signal;
  calls: { verb: string; resource: string; share: number; codes: { code: string; share: number }[] }[];
  /** Share of 5xx outside and inside the spike window. */
  errorShare: number;
  spikeErrorShare: number;
  /** Median latency per verb (seconds); multiplied by `spikeLatencyFactor` inside the window. */
  medianLatency: Record<string, number>;
  spikeLatencyFactor: number;
}

/** Kubernetes /version of a cluster. */
export interface DemoVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
}

/** One simulated cluster. */
export interface DemoCluster {
  index: number;
  name: string;
  displayName: string;
  labels: { env: DemoEnv; region: string; cloud: DemoCloud };
  createdMs: number;
  version: DemoVersion;
  /** Bearer token its Kubernetes API accepts (deterministic from the seed). */
  token: string;
  nodes: DemoNode[];
  workloads: DemoWorkload[];
  pods: DemoPod[];
  hpas: DemoHpa[];
  apiserver: DemoApiserver;
  /** The scenario objects of this cluster, when it has them. */
  scenarios: { notReadyNode?: string; spikeNode?: string; crashLoopPod?: string; pendingPod?: string; hpaAtMax?: string };
}

/** The whole simulation. */
export interface DemoModel {
  seed: string;
  clusters: DemoCluster[];
}

/** Options of {@link createDemoModel}. */
export interface DemoModelOptions {
  /** How many clusters (named demo-eu-1, demo-us-1, demo-ap-1, demo-eu-2, ...), or their names. */
  clusters: number | readonly string[];
  /** Everything random follows from this (default 1). */
  seed?: number | string;
}

const REGION_KEYS: readonly RegionKey[] = ['eu', 'us', 'ap'];
const CLOUDS: readonly DemoCloud[] = ['aws', 'gcp', 'azure'];
const ENVS: readonly DemoEnv[] = ['prod', 'staging', 'prod', 'dev'];
const REGIONS: Record<RegionKey, Record<DemoCloud, { region: string; zones: string[] }>> = {
  eu: {
    aws: { region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    gcp: { region: 'europe-west1', zones: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'] },
    azure: { region: 'westeurope', zones: ['westeurope-1', 'westeurope-2', 'westeurope-3'] },
  },
  us: {
    aws: { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    gcp: { region: 'us-central1', zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'] },
    azure: { region: 'eastus', zones: ['eastus-1', 'eastus-2', 'eastus-3'] },
  },
  ap: {
    aws: { region: 'ap-southeast-1', zones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
    gcp: { region: 'asia-southeast1', zones: ['asia-southeast1-a', 'asia-southeast1-b', 'asia-southeast1-c'] },
    azure: { region: 'southeastasia', zones: ['southeastasia-1', 'southeastasia-2', 'southeastasia-3'] },
  },
};
/** Afternoon peak of the region, as an hour of the UTC day. */
const PEAK_HOUR_UTC: Record<RegionKey, number> = { eu: 13, us: 19, ap: 6 };

interface CloudProfile {
  version: DemoVersion;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  device: string;
  poolLabel: string;
  instanceTypes: Record<number, string>;
  cni: { name: string; image: string };
}

const CLOUD_PROFILES: Record<DemoCloud, CloudProfile> = {
  aws: {
    version: {
      major: '1',
      minor: '33+',
      gitVersion: 'v1.33.5-eks-3025e55',
      gitCommit: '3025e55b9b4d8f5a83c9bc1e2ad07e8b0d6d5f0a',
      buildDate: '2025-09-12T20:32:41Z',
      goVersion: 'go1.24.6',
    },
    kubeletVersion: 'v1.33.4-eks-e386d34',
    osImage: 'Amazon Linux 2023.8.20250915',
    kernelVersion: '6.1.150-174.273.amzn2023.x86_64',
    containerRuntimeVersion: 'containerd://1.7.27',
    device: '/dev/nvme0n1p1',
    poolLabel: 'eks.amazonaws.com/nodegroup',
    instanceTypes: { 4: 'm6i.xlarge', 8: 'm6i.2xlarge', 16: 'm6i.4xlarge' },
    cni: { name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.1-eksbuild.3' },
  },
  gcp: {
    version: {
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.4-gke.1245000',
      gitCommit: '8a5d7ef2e1c93b0f4b7a6d2c1e0f9a8b7c6d5e4f',
      buildDate: '2025-08-29T09:14:07Z',
      goVersion: 'go1.24.5 X:boringcrypto',
    },
    kubeletVersion: 'v1.33.4-gke.1245000',
    osImage: 'Container-Optimized OS from Google',
    kernelVersion: '6.6.97+',
    containerRuntimeVersion: 'containerd://2.0.6',
    device: '/dev/sda1',
    poolLabel: 'cloud.google.com/gke-nodepool',
    instanceTypes: { 4: 'e2-standard-4', 8: 'n2-standard-8', 16: 'n2-standard-16' },
    cni: { name: 'calico-node', image: 'docker.io/calico/node:v3.29.3' },
  },
  azure: {
    version: {
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.3',
      gitCommit: '80779bd6ff08b451e1c165a338a7b69351e9b0b8',
      buildDate: '2025-07-15T18:06:15Z',
      goVersion: 'go1.24.4',
    },
    kubeletVersion: 'v1.33.3',
    osImage: 'Ubuntu 22.04.5 LTS',
    kernelVersion: '5.15.0-1092-azure',
    containerRuntimeVersion: 'containerd://1.7.28-1',
    device: '/dev/sda1',
    poolLabel: 'kubernetes.azure.com/agentpool',
    instanceTypes: { 4: 'Standard_D4s_v5', 8: 'Standard_D8s_v5', 16: 'Standard_D16s_v5' },
    cni: { name: 'azure-cns', image: 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.30' },
  },
};

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** The default cluster names: demo-eu-1, demo-us-1, demo-ap-1, demo-eu-2, ... */
export function defaultClusterNames(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > DEMO_LIMITS.maxClusters) {
    throw new Error(`clusters must be an integer from 1 to ${DEMO_LIMITS.maxClusters} (got ${count})`);
  }
  return Array.from({ length: count }, (_, i) => `demo-${REGION_KEYS[i % 3]}-${Math.floor(i / 3) + 1}`);
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Builds the simulation: deterministic in the names and the seed. */
export function createDemoModel(opts: DemoModelOptions): DemoModel {
  const names = typeof opts.clusters === 'number' ? defaultClusterNames(opts.clusters) : [...opts.clusters];
  if (names.length < 1 || names.length > DEMO_LIMITS.maxClusters) {
    throw new Error(`between 1 and ${DEMO_LIMITS.maxClusters} clusters are supported (got ${names.length})`);
  }
  for (const name of names) {
    if (!DNS_LABEL.test(name)) throw new Error(`cluster name ${JSON.stringify(name)} is not a DNS label`);
  }
  if (new Set(names).size !== names.length) throw new Error('cluster names must be unique');
  const seed = String(opts.seed ?? 1);
  const n = names.length;
  const roles = { notReady: 0, crashLoop: 0, spike: 1 % n, pending: 1 % n, hpaAtMax: 2 % n };
  return {
    seed,
    clusters: names.map((name, index) =>
      buildCluster(seed, name, index, {
        notReady: roles.notReady === index,
        crashLoop: roles.crashLoop === index,
        spike: roles.spike === index,
        pending: roles.pending === index,
        hpaAtMax: roles.hpaAtMax === index,
      }),
    ),
  };
}

interface Roles {
  notReady: boolean;
  crashLoop: boolean;
  spike: boolean;
  pending: boolean;
  hpaAtMax: boolean;
}

function regionKeyOf(name: string, index: number): RegionKey {
  const match = /(?:^|-)(eu|us|ap)(?:-|$)/.exec(name);
  return (match?.[1] as RegionKey | undefined) ?? REGION_KEYS[index % 3] ?? 'eu';
}

function displayNameOf(name: string): string {
  const match = /^demo-(eu|us|ap)-(\d+)$/.exec(name);
  if (match) return `Demo ${match[1]!.toUpperCase()} ${match[2]}`;
  return `Demo ${name}`;
}

interface ContainerTemplate {
  name: string;
  image: string;
  cpu: number;
  memMi: number;
  cpuLimit?: number;
  memLimitMi?: number;
  usage: number;
  memUse: number;
  ports?: { name?: string; containerPort: number }[];
}

interface WorkloadTemplate {
  kind: DemoWorkload['kind'];
  namespace: string;
  name: string;
  replicas: number;
  containers: ContainerTemplate[];
  hostNetwork?: boolean;
  serviceName?: string;
}

function workloadTemplates(env: DemoEnv, profile: CloudProfile, roles: Roles, rng: Rng, maxAllocMemory: number): WorkloadTemplate[] {
  const prod = env === 'prod';
  const reloader: ContainerTemplate = {
    name: 'config-reloader',
    image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.85.0',
    cpu: 10,
    memMi: 25,
    cpuLimit: 10,
    memLimitMi: 50,
    usage: 0.3,
    memUse: 0.6,
  };
  const app = (name: string, version: string, cpu: number, memMi: number, usage: number, extra: Partial<ContainerTemplate> = {}) => ({
    name,
    image: `registry.example.com/${name === 'billing-api' || name === 'fraud-detector' ? 'payments' : 'shop'}/${name}:${version}`,
    cpu,
    memMi,
    usage,
    memUse: rng.between(0.45, 0.8),
    ports: [{ name: 'http', containerPort: 8080 }],
    ...extra,
  });
  const list: WorkloadTemplate[] = [
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'kube-proxy',
      replicas: 0,
      hostNetwork: true,
      containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${profile.version.gitVersion.split('-')[0]}`, cpu: 100, memMi: 50, usage: 0.15, memUse: 0.7 }],
    },
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: profile.cni.name,
      replicas: 0,
      hostNetwork: true,
      containers: [{ name: profile.cni.name, image: profile.cni.image, cpu: 25, memMi: 64, usage: 0.6, memUse: 0.8 }],
    },
    {
      kind: 'DaemonSet',
      namespace: 'monitoring',
      name: 'node-exporter',
      replicas: 0,
      hostNetwork: true,
      containers: [
        {
          name: 'node-exporter',
          image: 'quay.io/prometheus/node-exporter:v1.9.1',
          cpu: 100,
          memMi: 30,
          cpuLimit: 250,
          memLimitMi: 50,
          usage: 0.1,
          memUse: 0.6,
          ports: [{ name: 'http-metrics', containerPort: 9100 }],
        },
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'coredns',
      replicas: 2,
      containers: [
        {
          name: 'coredns',
          image: 'registry.k8s.io/coredns/coredns:v1.12.1',
          cpu: 100,
          memMi: 70,
          memLimitMi: 170,
          usage: 0.35,
          memUse: 0.55,
          ports: [{ name: 'dns', containerPort: 53 }],
        },
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'metrics-server',
      replicas: 1,
      containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0', cpu: 100, memMi: 200, usage: 0.2, memUse: 0.3, ports: [{ name: 'https', containerPort: 10250 }] }],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'kube-state-metrics',
      replicas: 1,
      containers: [{ name: 'kube-state-metrics', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.16.0', cpu: 10, memMi: 32, usage: 1.2, memUse: 1.1, ports: [{ name: 'http', containerPort: 8080 }] }],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'prometheus-operator',
      replicas: 1,
      containers: [{ name: 'prometheus-operator', image: 'quay.io/prometheus-operator/prometheus-operator:v0.85.0', cpu: 100, memMi: 100, cpuLimit: 200, memLimitMi: 200, usage: 0.1, memUse: 0.4 }],
    },
    {
      kind: 'Deployment',
      namespace: 'monitoring',
      name: 'grafana',
      replicas: 1,
      containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:12.1.1', cpu: 100, memMi: 128, memLimitMi: 512, usage: 0.25, memUse: 0.9, ports: [{ name: 'grafana', containerPort: 3000 }] }],
    },
    {
      kind: 'Deployment',
      namespace: 'default',
      name: 'echo-server',
      replicas: 1,
      containers: [{ name: 'echo-server', image: 'registry.k8s.io/echoserver:1.10', cpu: 10, memMi: 16, usage: 0.5, memUse: 0.5, ports: [{ containerPort: 8080 }] }],
    },
    { kind: 'Deployment', namespace: 'shop', name: 'frontend', replicas: 2, containers: [app('frontend', '1.14.2', 250, 256, roles.hpaAtMax ? 2.5 : 1.3, { cpuLimit: 1000, memLimitMi: 512 })] },
    { kind: 'Deployment', namespace: 'shop', name: 'cart', replicas: 2, containers: [app('cart', '3.2.0', 200, 256, 1.2)] },
    { kind: 'Deployment', namespace: 'shop', name: 'catalog', replicas: 2, containers: [app('catalog', '2.8.1', 200, 384, 1.1)] },
    { kind: 'Deployment', namespace: 'shop', name: 'checkout', replicas: 2, containers: [app('checkout', '1.9.4', 200, 256, 1.2)] },
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'billing-api',
      replicas: roles.crashLoop ? 1 : 2,
      containers: [app('billing-api', '2.3.1', 100, 128, 0.6, { memLimitMi: 256 })],
    },
    { kind: 'Deployment', namespace: 'payments', name: 'fraud-detector', replicas: 1, containers: [app('fraud-detector', '0.9.3', 500, 1024, 0.7, { memLimitMi: 2048 })] },
    {
      kind: 'StatefulSet',
      namespace: 'monitoring',
      name: 'prometheus-k8s',
      replicas: prod ? 2 : 1,
      serviceName: 'prometheus-operated',
      containers: [
        { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v3.5.0', cpu: 500, memMi: 2048, memLimitMi: 4096, usage: 0.5, memUse: 0.7, ports: [{ name: 'web', containerPort: 9090 }] },
        reloader,
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'monitoring',
      name: 'alertmanager-main',
      replicas: prod ? 3 : 1,
      serviceName: 'alertmanager-operated',
      containers: [
        { name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.28.1', cpu: 20, memMi: 64, memLimitMi: 128, usage: 0.4, memUse: 0.5, ports: [{ name: 'web', containerPort: 9093 }] },
        reloader,
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'shop',
      name: 'redis',
      replicas: 1,
      serviceName: 'redis',
      containers: [{ name: 'redis', image: 'docker.io/library/redis:7.4.5', cpu: 100, memMi: 256, memLimitMi: 512, usage: 0.3, memUse: 0.6, ports: [{ name: 'redis', containerPort: 6379 }] }],
    },
    {
      kind: 'StatefulSet',
      namespace: 'payments',
      name: 'postgres',
      replicas: 1,
      serviceName: 'postgres',
      containers: [{ name: 'postgres', image: 'docker.io/library/postgres:17.6', cpu: 250, memMi: 1024, memLimitMi: 2048, usage: 0.4, memUse: 0.75, ports: [{ name: 'postgres', containerPort: 5432 }] }],
    },
  ];
  if (roles.pending) {
    // Asks for more memory than any node has: the scheduler reports Insufficient memory forever.
    const memMi = Math.ceil((maxAllocMemory * 1.5) / GIB) * 1024;
    list.push({ kind: 'Deployment', namespace: 'shop', name: 'recommender', replicas: 1, containers: [app('recommender', '0.4.0', 500, memMi, 0.5)] });
  }
  return list;
}

const HPA_CANDIDATES = [
  { name: 'frontend', min: 2, max: 6, target: 60 },
  { name: 'cart', min: 2, max: 4, target: 70 },
  { name: 'checkout', min: 2, max: 6, target: 70 },
  { name: 'catalog', min: 1, max: 3, target: 75 },
] as const;

function buildCluster(seed: string, name: string, index: number, roles: Roles): DemoCluster {
  const rng = new Rng(`${seed}/${name}`);
  const id = (what: string) => `${seed}/${name}/${what}`;
  const regionKey = regionKeyOf(name, index);
  const cloud = CLOUDS[index % 3] ?? 'aws';
  const env = ENVS[index % ENVS.length] ?? 'prod';
  const profile = CLOUD_PROFILES[cloud];
  const { region, zones } = REGIONS[regionKey][cloud];
  const createdMs = DEMO_EPOCH_MS + rng.int(1, 60) * DAY * 1000 + rng.int(0, DAY - 1) * 1000;

  // Nodes
  const nodeCount = env === 'prod' ? rng.int(5, 8) : env === 'staging' ? rng.int(3, 6) : rng.int(3, 4);
  const cores = env === 'prod' ? rng.pick([8, 16]) : env === 'staging' ? rng.pick([4, 8]) : 4;
  const systemPool = nodeCount >= 5;
  const peak = PEAK_HOUR_UTC[regionKey];
  const nodes: DemoNode[] = [];
  const poolIds = { system: rng.int(10_000_000, 99_999_999), default: rng.int(10_000_000, 99_999_999) };
  const gkePoolHash = { system: demoHex(id('pool/system'), 8), default: demoHex(id('pool/default'), 8) };
  for (let i = 0; i < nodeCount; i++) {
    const pool = systemPool && i === 0 ? 'system' : 'default';
    const poolIndex = systemPool ? (i === 0 ? 0 : i - 1) : i;
    const zoneIndex = i % zones.length;
    const zone = zones[zoneIndex] ?? zones[0] ?? region;
    const ip = `10.${index}.${zoneIndex * 16 + Math.floor(i / 3)}.${rng.int(2, 254)}`;
    const nodeName =
      cloud === 'aws'
        ? `ip-${ip.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`
        : cloud === 'gcp'
          ? `gke-${name}-${pool}-pool-${gkePoolHash[pool]}-${safeSuffix(id(`node/${i}`), 4)}`
          : `aks-${pool === 'system' ? 'system' : 'nodepool1'}-${poolIds[pool]}-vmss${String(poolIndex).padStart(6, '0')}`;
    const memGiB = cores * 4;
    const memoryBytes = Math.round((memGiB * GIB * 0.962) / 1024) * 1024;
    const reservedMillis = 60 + 10 + 5 * Math.min(2, cores - 2) + 2.5 * Math.max(0, cores - 4);
    const allocatableMemoryBytes = Math.round((memoryBytes - Math.min(memoryBytes * 0.1, 3.5 * GIB) - 100 * MIB) / 1024) * 1024;
    const instanceType = profile.instanceTypes[cores] ?? `custom-${cores}`;
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/instance-type': instanceType,
      'beta.kubernetes.io/os': 'linux',
      'failure-domain.beta.kubernetes.io/region': region,
      'failure-domain.beta.kubernetes.io/zone': zone,
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': instanceType,
      'topology.kubernetes.io/region': region,
      'topology.kubernetes.io/zone': zone,
      [profile.poolLabel]: cloud === 'azure' && pool === 'default' ? 'nodepool1' : pool,
    };
    const noise: Harmonic[] = [0, 1, 2].map(() => periodHarmonic(rng.between(0.012, 0.025), rng.between(150, 1500), rng.between(0, TWO_PI)));
    const cpuBase = rng.between(0.3, 0.42);
    const cpu: Signal = {
      base: cpuBase,
      harmonics: [diurnal(rng.between(0.12, 0.2), peak + rng.between(-1, 1)), ...noise],
      windowScale: 1,
      windowAdd: 0,
    };
    const deltas = Array.from({ length: cores }, () => rng.between(-0.02, 0.02));
    const meanDelta = deltas.reduce((a, b) => a + b, 0) / cores;
    nodes.push({
      name: nodeName,
      uid: demoUid(id(`node/${nodeName}`)),
      index: i,
      pool,
      zone,
      instanceType,
      internalIp: ip,
      cores,
      memoryBytes,
      allocatableCpuMillis: cores * 1000 - reservedMillis,
      allocatableMemoryBytes,
      maxPods: 110,
      filesystemBytes: (cores >= 16 ? 200 : 100) * GIB,
      device: profile.device,
      taints: pool === 'system' ? [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }] : [],
      labels,
      kubeletVersion: profile.kubeletVersion,
      osImage: profile.osImage,
      kernelVersion: profile.kernelVersion,
      containerRuntimeVersion: profile.containerRuntimeVersion,
      createdMs: createdMs + i * 37_000 + rng.int(0, 30_000),
      cpu,
      cpuWeights: deltas.map((d) => 1 + d - meanDelta),
      flaps: false,
      spikes: false,
    });
  }
  const workers = nodes.filter((node) => node.pool === 'default');
  const scenarios: DemoCluster['scenarios'] = {};
  if (roles.spike) {
    const node = workers[0]!;
    node.spikes = true;
    node.cpu.window = CPU_SPIKE_WINDOW;
    node.cpu.windowScale = 0;
    node.cpu.windowAdd = CPU_SPIKE_UTILISATION;
    scenarios.spikeNode = node.name;
  }
  if (roles.notReady) {
    const node = workers[1]!;
    node.flaps = true;
    scenarios.notReadyNode = node.name;
  }

  // Workloads and pods
  const maxAllocMemory = Math.max(...nodes.map((node) => node.allocatableMemoryBytes));
  const templates = workloadTemplates(env, profile, roles, rng, maxAllocMemory);
  const hpaNames = ['frontend', ...rng.shuffle(['cart', 'checkout', 'catalog']).slice(0, rng.int(1, 3))];
  const hpaSpecs = HPA_CANDIDATES.filter((c) => hpaNames.includes(c.name));
  for (const spec of hpaSpecs) {
    const template = templates.find((t) => t.namespace === 'shop' && t.name === spec.name)!;
    template.replicas = roles.hpaAtMax && spec.name === 'frontend' ? spec.max : rng.int(spec.min, spec.max - 1);
  }

  const workloads: DemoWorkload[] = [];
  const pods: DemoPod[] = [];
  const used = new Map(nodes.map((node) => [node.name, { cpu: 0, mem: 0, pods: 0 }]));
  const podsOf = new Map<string, number>();
  let podSerial = 0;
  for (const t of templates) {
    const workloadCreated = createdMs + rng.int(5, 600) * 1000 + (t.namespace === 'shop' || t.namespace === 'payments' ? rng.int(1, 20) * DAY * 1000 : 0);
    const containers: DemoContainer[] = t.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageId: `${c.image.split(':')[0]}@sha256:${demoHex(`image/${c.image}`, 64)}`,
      cpuRequestMillis: c.cpu,
      memoryRequestBytes: c.memMi * MIB,
      ...(c.cpuLimit !== undefined ? { cpuLimitMillis: c.cpuLimit } : {}),
      ...(c.memLimitMi !== undefined ? { memoryLimitBytes: c.memLimitMi * MIB } : {}),
      cpuUsageCores: (c.cpu / 1000) * c.usage,
      memoryUseFraction: c.memUse,
      memoryPeriodSeconds: rng.between(600, 5400),
      memoryPhase: rng.between(0, TWO_PI),
      ports: c.ports ?? [],
    }));
    const appLabel: Record<string, string> = t.kind === 'DaemonSet' ? { 'app.kubernetes.io/name': t.name } : { app: t.name };
    const workload: DemoWorkload = {
      kind: t.kind,
      namespace: t.namespace,
      name: t.name,
      uid: demoUid(id(`${t.kind}/${t.namespace}/${t.name}`)),
      replicas: t.kind === 'DaemonSet' ? nodes.length : t.replicas,
      labels: appLabel,
      templateHash: t.kind === 'Deployment' ? safeSuffix(id(`rs/${t.namespace}/${t.name}`), 10) : demoHex(id(`rev/${t.namespace}/${t.name}`), 10),
      containers,
      hostNetwork: t.hostNetwork ?? false,
      createdMs: workloadCreated,
      ...(t.serviceName ? { serviceName: t.serviceName } : {}),
    };
    workloads.push(workload);
    const requestCpu = containers.reduce((a, c) => a + c.cpuRequestMillis, 0);
    const requestMem = containers.reduce((a, c) => a + c.memoryRequestBytes, 0);
    for (let ordinal = 0; ordinal < workload.replicas; ordinal++) {
      let node: DemoNode | undefined;
      if (t.kind === 'DaemonSet') {
        node = nodes[ordinal];
      } else {
        const tolerant = t.namespace === 'kube-system' || t.namespace === 'monitoring';
        let best: { node: DemoNode; score: number } | undefined;
        for (const candidate of nodes) {
          if (!tolerant && candidate.taints.length > 0) continue;
          const u = used.get(candidate.name)!;
          if (u.cpu + requestCpu > candidate.allocatableCpuMillis || u.mem + requestMem > candidate.allocatableMemoryBytes) continue;
          const free = (1 - u.cpu / candidate.allocatableCpuMillis + 1 - u.mem / candidate.allocatableMemoryBytes) / 2;
          const score = free - 0.5 * (podsOf.get(`${workload.uid}/${candidate.name}`) ?? 0);
          if (!best || score > best.score) best = { node: candidate, score };
        }
        node = best?.node;
      }
      const isCrashLoop = roles.crashLoop && t.namespace === 'payments' && t.name === 'billing-api';
      const behaviour: DemoPodBehaviour = node === undefined ? 'pending' : isCrashLoop ? 'crashloop' : 'running';
      if (node) {
        const u = used.get(node.name)!;
        u.cpu += requestCpu;
        u.mem += requestMem;
        u.pods += 1;
        podsOf.set(`${workload.uid}/${node.name}`, (podsOf.get(`${workload.uid}/${node.name}`) ?? 0) + 1);
      }
      podSerial += 1;
      const suffix = t.kind === 'StatefulSet' ? String(ordinal) : safeSuffix(id(`pod/${t.namespace}/${t.name}/${ordinal}`), 5);
      const ownerName = t.kind === 'Deployment' ? `${t.name}-${workload.templateHash}` : t.name;
      const podLabels: Record<string, string> =
        t.kind === 'Deployment'
          ? { ...appLabel, 'pod-template-hash': workload.templateHash }
          : t.kind === 'StatefulSet'
            ? { ...appLabel, 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': `${t.name}-${workload.templateHash}`, 'statefulset.kubernetes.io/pod-name': `${t.name}-${ordinal}` }
            : { ...appLabel, 'controller-revision-hash': workload.templateHash.slice(0, 9), 'pod-template-generation': '1' };
      pods.push({
        key: `${t.namespace}/${t.name}/${ordinal}`,
        namespace: t.namespace,
        workload,
        ordinal,
        ...(node ? { node: node.name } : {}),
        behaviour,
        podIp: workload.hostNetwork && node ? node.internalIp : node ? `10.${100 + index}.${node.index}.${(podSerial % 250) + 2}` : '',
        ownerKind: t.kind === 'Deployment' ? 'ReplicaSet' : t.kind,
        ownerName,
        labels: podLabels,
        containers: behaviour === 'crashloop' ? containers.map((c) => ({ ...c, cpuUsageCores: 0.002 })) : containers,
        createdMs: Math.max(workloadCreated, node?.createdMs ?? 0) + rng.int(2, 90) * 1000,
        nameSuffix: suffix,
      });
      if (behaviour === 'crashloop') scenarios.crashLoopPod = `${t.namespace}/${t.name}`;
      if (behaviour === 'pending') scenarios.pendingPod = `${t.namespace}/${podName(pods.at(-1)!, 0)}`;
    }
  }
  // Pods never use more than 75 % of a node's busy CPU time: scale the heaviest nodes down.
  for (const node of nodes) {
    const onNode = pods.filter((p) => p.node === node.name);
    const total = onNode.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.cpuUsageCores, 0), 0);
    const limit = 0.75 * node.cores;
    if (total > limit) {
      for (const p of onNode) p.containers = p.containers.map((c) => ({ ...c, cpuUsageCores: (c.cpuUsageCores * limit) / total }));
    }
  }

  const hpas: DemoHpa[] = hpaSpecs.map((spec) => {
    const target = workloads.find((w) => w.namespace === 'shop' && w.name === spec.name)!;
    return {
      namespace: 'shop',
      name: spec.name,
      uid: demoUid(id(`hpa/shop/${spec.name}`)),
      target,
      minReplicas: spec.min,
      maxReplicas: spec.max,
      targetUtilisation: spec.target,
      atMax: target.replicas >= spec.max,
      createdMs: target.createdMs + 40_000,
    };
  });
  const atMax = hpas.find((h) => h.atMax);
  if (atMax) scenarios.hpaAtMax = `${atMax.namespace}/${atMax.name}`;

  const baseRate = (env === 'prod' ? 120 : env === 'staging' ? 60 : 25) * rng.between(0.8, 1.2);
  const requests: Signal = {
    base: baseRate,
    harmonics: [diurnal(baseRate * 0.3, peak), periodHarmonic(baseRate * 0.05, rng.between(200, 900), rng.between(0, TWO_PI))],
    windowScale: 1,
    windowAdd: 0,
    ...(roles.spike ? { window: CPU_SPIKE_WINDOW, windowAdd: baseRate * 1.5 } : {}),
  };

  return {
    index,
    name,
    displayName: displayNameOf(name),
    labels: { env, region, cloud },
    createdMs,
    version: profile.version,
    token: `demo-${demoHex(id('token'), 40)}`,
    nodes,
    workloads,
    pods,
    hpas,
    apiserver: {
      requests,
      calls: apiserverCalls(),
      errorShare: 0.002,
      spikeErrorShare: 0.06,
      medianLatency: { GET: 0.008, LIST: 0.06, POST: 0.015, PUT: 0.012, PATCH: 0.014, DELETE: 0.02 },
      spikeLatencyFactor: 6,
    },
    scenarios,
  };
}

function apiserverCalls(): DemoApiserver['calls'] {
  const raw: [string, string, number, Record<string, number>][] = [
    ['GET', 'pods', 0.14, { '200': 0.97, '404': 0.03 }],
    ['GET', 'nodes', 0.04, { '200': 1 }],
    ['GET', 'configmaps', 0.06, { '200': 0.92, '404': 0.08 }],
    ['GET', 'secrets', 0.05, { '200': 0.95, '404': 0.05 }],
    ['GET', 'leases', 0.12, { '200': 1 }],
    ['PUT', 'leases', 0.12, { '200': 0.995, '409': 0.005 }],
    ['LIST', 'pods', 0.06, { '200': 1 }],
    ['LIST', 'nodes', 0.02, { '200': 1 }],
    ['LIST', 'deployments', 0.015, { '200': 1 }],
    ['LIST', 'events', 0.01, { '200': 1 }],
    ['WATCH', 'pods', 0.02, { '200': 1 }],
    ['WATCH', 'nodes', 0.01, { '200': 1 }],
    ['WATCH', 'configmaps', 0.015, { '200': 1 }],
    ['POST', 'events', 0.06, { '201': 1 }],
    ['POST', 'pods', 0.01, { '201': 0.98, '409': 0.02 }],
    ['POST', 'subjectaccessreviews', 0.04, { '201': 1 }],
    ['PATCH', 'pods', 0.06, { '200': 1 }],
    ['PATCH', 'nodes', 0.07, { '200': 1 }],
    ['PATCH', 'events', 0.03, { '200': 1 }],
    ['PUT', 'deployments', 0.01, { '200': 0.97, '409': 0.03 }],
    ['DELETE', 'pods', 0.01, { '200': 0.9, '404': 0.1 }],
  ];
  const total = raw.reduce((a, [, , share]) => a + share, 0);
  return raw.map(([verb, resource, share, codes]) => ({
    verb,
    resource,
    share: share / total,
    codes: Object.entries(codes).map(([code, s]) => ({ code, share: s })),
  }));
}

// ---------------------------------------------------------------------------------------------
// State at an instant

/** A pod's name at time t (seconds since the epoch); the crash-looping pod gets a new name every day. */
function podName(pod: DemoPod, t: number): string {
  const base = pod.ownerName;
  if (pod.behaviour !== 'crashloop') return `${base}-${pod.nameSuffix}`;
  return `${base}-${safeSuffix(`${pod.workload.uid}/${pod.ordinal}/${podGeneration(t)}`, 5)}`;
}

function podGeneration(t: number): number {
  return Math.floor(t / CRASH_LOOP.podLifetimeSeconds);
}

/** Restarts of a crash-looping container `tau` seconds after it first started, and when the last one was. */
export function crashLoopRestarts(tau: number): { restarts: number; lastRestart: number; previousRestart: number } {
  const { runSeconds: run, initialBackoffSeconds: first, maxBackoffSeconds: cap } = CRASH_LOOP;
  if (tau < 0) return { restarts: 0, lastRestart: 0, previousRestart: 0 };
  // Restart k happens at T_k = T_(k-1) + run + min(first * 2^(k-1), cap): a few doubling steps, then linear.
  let k = 0;
  let at = 0;
  let previous = 0;
  let backoff = first;
  for (let step = 0; step < 16 && backoff < cap; step++) {
    const next = at + run + backoff;
    if (next > tau) return { restarts: k, lastRestart: at, previousRestart: previous };
    previous = at;
    at = next;
    k += 1;
    backoff *= 2;
  }
  const period = run + cap;
  const more = Math.floor((tau - at) / period);
  if (more <= 0) return { restarts: k, lastRestart: at, previousRestart: previous };
  return { restarts: k + more, lastRestart: at + more * period, previousRestart: at + (more - 1) * period };
}

/** A node at an instant. */
export interface DemoNodeState {
  node: DemoNode;
  ready: boolean;
  /** When the Ready condition last changed (ms since 1970). */
  readyTransitionMs: number;
  taints: DemoTaint[];
  /** Current CPU utilisation, 0..1. */
  cpuUtilisation: number;
  /** Integral of the utilisation since the epoch: non-idle seconds per CPU (before the per-CPU weights). */
  cpuBusySeconds: number;
  /** Seconds since the epoch (the idle + non-idle total per CPU). */
  elapsedSeconds: number;
  cpuSpike: boolean;
  memoryAvailableBytes: number;
  filesystemAvailBytes: number;
  load1: number;
}

/** A container at an instant. */
export interface DemoContainerState {
  spec: DemoContainer;
  restarts: number;
  running: boolean;
  waitingReason?: 'CrashLoopBackOff';
  /** Start of the current run (running) or of the last run (waiting), ms. */
  startedMs: number;
  /** The previous run's termination, when the container has restarted. */
  lastTerminated?: { startedMs: number; finishedMs: number; exitCode: number; reason: string };
  /** Current CPU usage in cores. */
  cpuCores: number;
  cpuSecondsTotal: number;
  memoryWorkingSetBytes: number;
}

/** A pod at an instant. */
export interface DemoPodState {
  pod: DemoPod;
  name: string;
  uid: string;
  createdMs: number;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  ready: boolean;
  readyTransitionMs: number;
  containers: DemoContainerState[];
}

/** A workload at an instant. */
export interface DemoWorkloadState {
  workload: DemoWorkload;
  desired: number;
  current: number;
  ready: number;
  available: number;
}

/** An HPA at an instant. */
export interface DemoHpaState {
  hpa: DemoHpa;
  currentReplicas: number;
  desiredReplicas: number;
  /** Average CPU utilisation of the target's pods, percent of request. */
  utilisationPercent: number;
  averageCpuMillis: number;
}

/** Everything about a cluster at an instant. */
export interface DemoClusterState {
  cluster: DemoCluster;
  atMs: number;
  nodes: DemoNodeState[];
  pods: DemoPodState[];
  workloads: DemoWorkloadState[];
  hpas: DemoHpaState[];
}

function epochMs(t: number): number {
  return DEMO_EPOCH_MS + t * 1000;
}

/** Whether the node is NotReady at `at`. */
export function isNodeNotReady(node: DemoNode, at: Date | number): boolean {
  return node.flaps && inWindow(NOT_READY_WINDOW, modelSeconds(at));
}

/** The node's CPU utilisation (0..1) at `at`. */
export function nodeCpuUtilisation(node: DemoNode, at: Date | number): number {
  return signalValue(node.cpu, modelSeconds(at));
}

/** Busy cores of the whole cluster at `at` (sum over nodes of cores times utilisation). */
export function clusterBusyCores(cluster: DemoCluster, at: Date | number): number {
  return cluster.nodes.reduce((sum, node) => sum + node.cores * nodeCpuUtilisation(node, at), 0);
}

const busyCache = new WeakMap<Signal, Map<number, number>>();

/** Integral of the node's utilisation from the epoch to t, memoised for pod start times. */
function busyAt(node: DemoNode, t: number, memo: boolean): number {
  if (!memo) return signalIntegral(node.cpu, t);
  let cache = busyCache.get(node.cpu);
  if (!cache) busyCache.set(node.cpu, (cache = new Map()));
  let v = cache.get(t);
  if (v === undefined) {
    v = signalIntegral(node.cpu, t);
    if (cache.size > 1000) cache.clear();
    cache.set(t, v);
  }
  return v;
}

/** The state of a cluster at `at`: what both the exporter and the Kubernetes API serve. */
export function clusterStateAt(cluster: DemoCluster, at: Date | number): DemoClusterState {
  const atMs = typeof at === 'number' ? at : at.getTime();
  const t = modelSeconds(atMs);
  const nodeStates = new Map<string, DemoNodeState>();
  const nodes = cluster.nodes.map((node) => {
    const flapping = node.flaps && inWindow(NOT_READY_WINDOW, t);
    const windowStart = lastWindowStart(NOT_READY_WINDOW, t);
    const taints = [...node.taints];
    let readyTransitionMs = node.createdMs + 42_000;
    if (node.flaps && windowStart >= 0) {
      readyTransitionMs = flapping ? epochMs(windowStart) : epochMs(windowStart + NOT_READY_WINDOW.durationSeconds);
    }
    if (flapping) {
      taints.push(
        { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoSchedule', timeAddedMs: epochMs(windowStart) + 1000 },
        { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoExecute', timeAddedMs: epochMs(windowStart) + 6000 },
      );
    }
    const u = signalValue(node.cpu, t);
    const state: DemoNodeState = {
      node,
      ready: !flapping,
      readyTransitionMs,
      taints,
      cpuUtilisation: u,
      cpuBusySeconds: signalIntegral(node.cpu, t),
      elapsedSeconds: t,
      cpuSpike: node.spikes && inWindow(CPU_SPIKE_WINDOW, t),
      memoryAvailableBytes: 0,
      filesystemAvailBytes: 0,
      load1: Math.max(0, node.cores * u * 1.08 + 0.15 * Math.sin(t / 47 + node.index)),
    };
    nodeStates.set(node.name, state);
    return state;
  });

  const pods: DemoPodState[] = cluster.pods.map((pod) => {
    const node = pod.node ? nodeStates.get(pod.node) : undefined;
    const generationStart = podGeneration(t) * CRASH_LOOP.podLifetimeSeconds;
    const createdMs = pod.behaviour === 'crashloop' ? Math.max(pod.createdMs, epochMs(generationStart)) : pod.createdMs;
    const name = podName(pod, t);
    const uid = pod.behaviour === 'crashloop' ? demoUid(`${pod.workload.uid}/${name}`) : demoUid(`${pod.workload.uid}/${pod.key}`);
    const startT = (createdMs - DEMO_EPOCH_MS) / 1000 + 3;
    const containers: DemoContainerState[] = pod.containers.map((c) => {
      if (pod.behaviour === 'pending' || !node) {
        return { spec: c, restarts: 0, running: false, startedMs: createdMs, cpuCores: 0, cpuSecondsTotal: 0, memoryWorkingSetBytes: 0 };
      }
      const cpuCores = c.cpuUsageCores * node.cpuUtilisation;
      const cpuSecondsTotal = c.cpuUsageCores * Math.max(0, node.cpuBusySeconds - busyAt(node.node, Math.min(startT, t), true));
      const wave = Math.sin((TWO_PI * t) / c.memoryPeriodSeconds + c.memoryPhase);
      let memory = c.memoryRequestBytes * Math.max(0.05, c.memoryUseFraction * (1 + 0.08 * wave) + 0.15 * (node.cpuUtilisation - 0.4));
      if (c.memoryLimitBytes !== undefined) memory = Math.min(memory, c.memoryLimitBytes * 0.95);
      if (pod.behaviour === 'crashloop') {
        const tau = t - startT;
        const r = crashLoopRestarts(tau);
        const running = tau - r.lastRestart < CRASH_LOOP.runSeconds;
        const lastRunStart = epochMs(startT + r.lastRestart);
        const previousRunStart = epochMs(startT + r.previousRestart);
        const lastTerminated =
          running && r.restarts > 0
            ? { startedMs: previousRunStart, finishedMs: previousRunStart + CRASH_LOOP.runSeconds * 1000, exitCode: 1, reason: 'Error' }
            : !running
              ? { startedMs: lastRunStart, finishedMs: lastRunStart + CRASH_LOOP.runSeconds * 1000, exitCode: 1, reason: 'Error' }
              : undefined;
        return {
          spec: c,
          restarts: r.restarts,
          running,
          ...(running ? {} : { waitingReason: 'CrashLoopBackOff' as const }),
          startedMs: lastRunStart,
          ...(lastTerminated ? { lastTerminated } : {}),
          cpuCores: running ? cpuCores : 0,
          cpuSecondsTotal,
          memoryWorkingSetBytes: running ? memory * 0.4 : 0,
        };
      }
      return {
        spec: c,
        restarts: 0,
        running: true,
        startedMs: epochMs(startT) + 1500,
        cpuCores,
        cpuSecondsTotal,
        memoryWorkingSetBytes: Math.round(memory),
      };
    });
    const phase: DemoPodState['phase'] = pod.behaviour === 'pending' || !node ? 'Pending' : 'Running';
    const containersReady = containers.every((c) => c.running) && pod.behaviour === 'running';
    const ready = phase === 'Running' && containersReady && (node?.ready ?? false);
    let readyTransitionMs = createdMs + 5000;
    if (node && pod.behaviour === 'running' && node.node.flaps && node.readyTransitionMs > readyTransitionMs) {
      readyTransitionMs = node.readyTransitionMs + (node.ready ? 2000 : 40_000);
    }
    return { pod, name, uid, createdMs, phase, ready, readyTransitionMs, containers };
  });

  for (const ns of nodes) {
    const onNode = pods.filter((p) => p.pod.node === ns.node.name);
    const podMemory = onNode.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.memoryWorkingSetBytes, 0), 0);
    const system = 0.9 * GIB + 0.03 * ns.node.memoryBytes + 0.05 * ns.node.memoryBytes * ns.cpuUtilisation;
    ns.memoryAvailableBytes = Math.round(Math.max(0.04 * ns.node.memoryBytes, ns.node.memoryBytes - system - podMemory) / 4096) * 4096;
    // Logs fill the disk over the day; logrotate frees it at midnight UTC.
    const dayFraction = mod(t, DAY) / DAY;
    const usedFraction = 0.28 + 0.04 * ns.node.index / cluster.nodes.length + 0.06 * dayFraction;
    ns.filesystemAvailBytes = Math.round((ns.node.filesystemBytes * (1 - usedFraction)) / 4096) * 4096;
  }

  const workloads = cluster.workloads.map((workload) => {
    const owned = pods.filter((p) => p.pod.workload === workload);
    const ready = owned.filter((p) => p.ready).length;
    return { workload, desired: workload.replicas, current: owned.length, ready, available: ready };
  });

  const hpas = cluster.hpas.map((hpa) => {
    const owned = pods.filter((p) => p.pod.workload === hpa.target && p.phase === 'Running');
    const usage = owned.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.cpuCores, 0), 0);
    const request = owned.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.spec.cpuRequestMillis / 1000, 0), 0);
    const replicas = hpa.target.replicas;
    return {
      hpa,
      currentReplicas: replicas,
      desiredReplicas: replicas,
      utilisationPercent: request > 0 ? Math.round((100 * usage) / request) : 0,
      averageCpuMillis: owned.length > 0 ? Math.round((1000 * usage) / owned.length) : 0,
    };
  });

  return { cluster, atMs, nodes, pods, workloads, hpas };
}

// ---------------------------------------------------------------------------------------------
// apiserver counters

/** Cumulative apiserver requests at `at`, per verb, resource and code (integers). */
export function apiserverRequestCounts(cluster: DemoCluster, at: Date | number): { verb: string; resource: string; code: string; count: number }[] {
  const t = modelSeconds(at);
  const api = cluster.apiserver;
  const total = signalIntegral(api.requests, t);
  const inSpike = signalWindowIntegral(api.requests, t);
  const errors = api.errorShare * total + (api.spikeErrorShare - api.errorShare) * inSpike;
  const ok = total - errors;
  const out: { verb: string; resource: string; code: string; count: number }[] = [];
  for (const call of api.calls) {
    for (const code of call.codes) out.push({ verb: call.verb, resource: call.resource, code: code.code, count: Math.floor(ok * call.share * code.share) });
    out.push({ verb: call.verb, resource: call.resource, code: '500', count: Math.floor(errors * call.share * 0.45) });
    out.push({ verb: call.verb, resource: call.resource, code: '503', count: Math.floor(errors * call.share * 0.55) });
  }
  return out;
}

/** Bucket bounds of apiserver_request_duration_seconds (Kubernetes 1.27+). */
export const APISERVER_DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
] as const;

// Latencies are log-logistic with this shape: CDF(x) = 1 / (1 + (x / median)^-shape).
const LATENCY_SHAPE = 2.5;
const LATENCY_MEAN_FACTOR = Math.PI / LATENCY_SHAPE / Math.sin(Math.PI / LATENCY_SHAPE);

function latencyCdf(le: number, median: number): number {
  return 1 / (1 + (le / median) ** -LATENCY_SHAPE);
}

/** Cumulative apiserver_request_duration_seconds per verb at `at`: bucket counts (le ascending, without +Inf), sum and count. */
export function apiserverDurationHistograms(
  cluster: DemoCluster,
  at: Date | number,
): { verb: string; buckets: { le: number; count: number }[]; sum: number; count: number }[] {
  const t = modelSeconds(at);
  const api = cluster.apiserver;
  const total = signalIntegral(api.requests, t);
  const inSpike = signalWindowIntegral(api.requests, t);
  return Object.entries(api.medianLatency).map(([verb, median]) => {
    const share = api.calls.filter((c) => c.verb === verb).reduce((a, c) => a + c.share, 0);
    const calm = (total - inSpike) * share;
    const busy = inSpike * share;
    const slow = median * api.spikeLatencyFactor;
    const count = Math.floor(calm + busy);
    return {
      verb,
      buckets: APISERVER_DURATION_BUCKETS.map((le) => ({ le, count: Math.min(count, Math.floor(calm * latencyCdf(le, median) + busy * latencyCdf(le, slow))) })),
      sum: calm * median * LATENCY_MEAN_FACTOR + busy * slow * LATENCY_MEAN_FACTOR,
      count,
    };
  });
}
