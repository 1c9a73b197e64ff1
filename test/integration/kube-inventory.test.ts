// The inventory of a cluster read through @kubernetes/client-node from a stand-in kube-apiserver
// on 127.0.0.1 answering the real paths with the Kubernetes fixtures: the full inventory, partial
// failures (RBAC, a hanging list, an API the server does not serve), total failures, paging, and
// HTTPS with the fixture certificate.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesConnection } from '../../lib/clusters/connection-schema';
import { collectInventory, InventoryCollectionError } from '../../lib/kube/inventory';
import type { Inventory, NodeSummary } from '../../lib/kube/types';
import { kubeFixture, localhostCertificate, send, startTestServer, type TestServer } from '../support/kube-api';

const TOKEN = 'kube-inventory-secret-token-5e7a91';
const NOW = new Date('2022-02-17T22:21:00Z');
const { cert: LOCALHOST_CERT, key: LOCALHOST_KEY } = localhostCertificate();

const ROUTES: Record<string, string> = {
  '/api/v1/nodes': 'NodeList.ready-and-notready.json',
  '/api/v1/pods': 'PodList.mixed-states.json',
  '/apis/apps/v1/deployments': 'DeploymentList.json',
  '/apis/apps/v1/statefulsets': 'StatefulSetList.json',
  '/apis/apps/v1/daemonsets': 'DaemonSetList.json',
  '/apis/autoscaling/v2/horizontalpodautoscalers': 'HorizontalPodAutoscalerList.autoscaling-v2.json',
  '/api/v1/events': 'EventList.core-v1.json',
  // VersionApi's path is '/version/', but client-node requests '/version'.
  '/version': 'version.json',
};

const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
const FORBIDDEN_STATUS = kubeFixture('Status.Forbidden.json');
const FORBIDDEN_MESSAGE = (JSON.parse(FORBIDDEN_STATUS) as { message: string }).message;

interface FakeApiOptions {
  /** Paths answered 403 with Status.Forbidden.json. */
  forbidden?: string[];
  /** Paths answered 404 with Status.NotFound.json. */
  notFound?: string[];
  /** Paths that never answer. */
  hang?: string[];
  /** Serve lists at most this many items a page, with continue tokens. */
  pageSize?: number;
}

/** A kube-apiserver stand-in: bearer token, the fixture lists, `fieldSelector=type=Warning` and paging. */
function fakeApiServer(opts: FakeApiOptions = {}) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, UNAUTHORIZED);
    const url = new URL(req.url ?? '/', 'http://x');
    const file = req.method === 'GET' ? ROUTES[url.pathname] : undefined;
    if (opts.hang?.includes(url.pathname)) return; // never answers
    if (opts.forbidden?.includes(url.pathname)) return send(res, 403, FORBIDDEN_STATUS);
    if (!file || opts.notFound?.includes(url.pathname)) return send(res, 404, kubeFixture('Status.NotFound.json'));
    const body = JSON.parse(kubeFixture(file)) as { items?: Array<{ type?: string }>; metadata?: Record<string, unknown> };
    if (!body.items) return send(res, 200, body);
    if (url.searchParams.get('fieldSelector') === 'type=Warning') body.items = body.items.filter((e) => e.type === 'Warning');
    if (opts.pageSize) {
      const start = Number(url.searchParams.get('continue') ?? '0');
      const end = start + opts.pageSize;
      if (end < body.items.length) body.metadata = { ...body.metadata, continue: String(end) };
      body.items = body.items.slice(start, end);
    }
    send(res, 200, body);
  };
}

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function start(opts: FakeApiOptions = {}, tls = false): Promise<TestServer> {
  const server = await startTestServer(fakeApiServer(opts), tls ? { tls: { cert: LOCALHOST_CERT, key: LOCALHOST_KEY } } : {});
  servers.push(server);
  return server;
}
function conn(server: string, extra: Partial<KubernetesConnection> = {}): KubernetesConnection {
  return { server, token: TOKEN, insecureSkipVerify: false, ...extra };
}
function expectNoSecret(value: unknown): void {
  expect(JSON.stringify(value)).not.toContain(TOKEN);
  expect(JSON.stringify(value)).not.toContain(TOKEN.slice(0, 20));
}

// ---------------------------------------------------------------------------------------------
// The expected inventory, written by hand from the fixtures

const MiB = 1024 * 1024;
const t = (hms: string) => `2022-02-17T${hms}.000Z`;
const cond = (type: string, status: string, reason: string, message: string, hms: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: t(hms),
});
const weave = (hms: string) => cond('NetworkUnavailable', 'False', 'WeaveIsUp', 'Weave pod has set this', hms);
const memoryOk = (hms: string) =>
  cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', hms);
const diskOk = (hms: string) => cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', hms);
const pidOk = (hms: string) => cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', hms);
const ready = (hms: string) => cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status. AppArmor enabled', hms);
const unknown = (type: string) => cond(type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '22:13:52');
const memoryPressure = cond('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', '22:17:40');
const diskPressure = cond('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure', '22:18:25');
const pidPressure = cond('PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available', '22:18:58');
const notReady = cond(
  'Ready',
  'False',
  'KubeletNotReady',
  'PLEG is not healthy: pleg was last seen active 3m13.094846351s ago; threshold is 3m0s',
  '22:19:02',
);
const idle = {
  podCount: 0,
  requests: { cpuMillis: 0, memoryBytes: 0 },
  limits: { cpuMillis: 0, memoryBytes: 0 },
  overcommit: { cpu: 0, memory: 0 },
};
const node = (fields: Partial<NodeSummary> & Pick<NodeSummary, 'name' | 'ready' | 'conditions' | 'problems'>): NodeSummary => ({
  roles: [],
  taints: [],
  unschedulable: false,
  capacity: { cpuMillis: 2000, memoryBytes: 2025188 * 1024, pods: 110 },
  allocatable: { cpuMillis: 2000, memoryBytes: 1922788 * 1024, pods: 110 },
  kubeletVersion: 'v1.23.3',
  osImage: 'Ubuntu 21.10',
  containerRuntimeVersion: 'containerd://1.5.9',
  ...idle,
  ...fields,
});

const NODES: NodeSummary[] = [
  node({
    name: 'kube-control-plane',
    roles: ['control-plane', 'master'],
    ready: 'True',
    conditions: [weave('22:20:32'), memoryOk('21:39:58'), diskOk('21:39:58'), pidOk('21:39:58'), ready('21:41:12')],
    problems: [],
    taints: [{ key: 'node-role.kubernetes.io/master', value: null, effect: 'NoSchedule' }],
  }),
  node({
    name: 'kube-worker-1',
    ready: 'True',
    conditions: [weave('22:20:32'), memoryOk('22:13:25'), diskOk('22:13:25'), pidOk('22:13:25'), ready('22:15:15')],
    problems: [],
    // two nginx pods (500m / 128Mi requests and limits each) and memory-demo-2 (50Mi request, 100Mi limit)
    podCount: 3,
    requests: { cpuMillis: 1000, memoryBytes: 306 * MiB },
    limits: { cpuMillis: 1000, memoryBytes: 356 * MiB },
    overcommit: { cpu: 0.5, memory: 0.1896 },
  }),
  node({
    name: 'kube-worker-2',
    ready: 'Unknown',
    conditions: [weave('22:09:13'), unknown('MemoryPressure'), unknown('DiskPressure'), unknown('PIDPressure'), unknown('Ready')],
    problems: [unknown('Ready')],
    taints: [
      { key: 'node.kubernetes.io/unreachable', value: null, effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', value: null, effect: 'NoExecute' },
    ],
  }),
  node({
    name: 'kube-worker-3',
    ready: 'True',
    conditions: [weave('21:48:02'), memoryPressure, diskPressure, pidOk('21:47:05'), ready('21:48:15')],
    problems: [memoryPressure, diskPressure],
    taints: [
      { key: 'node.kubernetes.io/memory-pressure', value: null, effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/disk-pressure', value: null, effect: 'NoSchedule' },
    ],
    // billing-api: 100m / 128Mi requests, 256Mi memory limit, no CPU limit
    podCount: 1,
    requests: { cpuMillis: 100, memoryBytes: 128 * MiB },
    limits: { cpuMillis: 0, memoryBytes: 256 * MiB },
    overcommit: { cpu: 0, memory: 0.1363 },
  }),
  node({
    name: 'kube-worker-4',
    ready: 'False',
    conditions: [weave('21:48:30'), memoryOk('21:47:20'), diskOk('21:47:20'), pidPressure, notReady],
    problems: [pidPressure, notReady],
    taints: [
      { key: 'node.kubernetes.io/not-ready', value: null, effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', value: null, effect: 'NoExecute' },
      { key: 'node.kubernetes.io/pid-pressure', value: null, effect: 'NoSchedule' },
    ],
  }),
];

const SCHEDULER_MESSAGE =
  '0/5 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }, ' +
  '1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 1 node(s) had untolerated taint ' +
  '{node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: ' +
  '0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.';

const PODS: NonNullable<Inventory['pods']> = {
  total: 5,
  byPhase: { Pending: 1, Running: 4, Succeeded: 0, Failed: 0, Unknown: 0 },
  pending: [
    {
      namespace: 'default',
      name: 'nginx-deployment-1370807587-fz9sd',
      ageSeconds: 1367,
      createdAt: t('21:58:13'),
      reason: 'Unschedulable',
      message: SCHEDULER_MESSAGE,
    },
  ],
  crashLooping: [
    {
      namespace: 'payments',
      pod: 'billing-api-5d8f7b9c6d-x7k2p',
      container: 'billing-api',
      node: 'kube-worker-3',
      restarts: 23,
      lastTerminationReason: 'Error',
      lastExitCode: 1,
      lastFinishedAt: t('22:15:04'),
    },
    {
      namespace: 'mem-example',
      pod: 'memory-demo-2',
      container: 'memory-demo-2-ctr',
      node: 'kube-worker-1',
      restarts: 2,
      lastTerminationReason: 'OOMKilled',
      lastExitCode: 137,
      lastFinishedAt: t('22:16:37'),
    },
  ],
  restartsTotal: 25,
};

const WORKLOADS: NonNullable<Inventory['workloads']> = {
  counts: { deployments: 4, statefulsets: 2, daemonsets: 2 },
  attention: [
    {
      kind: 'Deployment',
      namespace: 'default',
      name: 'nginx-deployment',
      desired: 2,
      ready: 2,
      available: 2,
      conditions: [
        {
          type: 'Progressing',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "nginx-deployment-1370807587" has timed out progressing.',
        },
      ],
    },
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'billing-api',
      desired: 1,
      ready: 0,
      available: 0,
      conditions: [
        { type: 'Available', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        {
          type: 'Progressing',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "billing-api-5d8f7b9c6d" has timed out progressing.',
        },
      ],
    },
    { kind: 'StatefulSet', namespace: 'default', name: 'zk', desired: 3, ready: 2, available: 2, conditions: [] },
    { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy', desired: 5, ready: 3, available: 3, conditions: [] },
    { kind: 'DaemonSet', namespace: 'kube-system', name: 'fluentd-elasticsearch', desired: 5, ready: 3, available: 3, conditions: [] },
  ],
};

const ABLE = { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const ACTIVE = {
  status: 'True',
  reason: 'ValidMetricFound',
  message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
};
const HPAS: NonNullable<Inventory['hpas']> = [
  {
    namespace: 'default',
    name: 'php-apache',
    target: { kind: 'Deployment', name: 'php-apache' },
    min: 1,
    max: 10,
    current: 7,
    desired: 7,
    atMax: false,
    scalingLimited: { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
    ableToScale: ABLE,
    scalingActive: ACTIVE,
  },
  {
    namespace: 'default',
    name: 'nginx-deployment',
    target: { kind: 'Deployment', name: 'nginx-deployment' },
    min: 1,
    max: 2,
    current: 2,
    desired: 2,
    atMax: true,
    scalingLimited: {
      status: 'True',
      reason: 'TooManyReplicas',
      message: 'the desired replica count is more than the maximum replica count',
    },
    ableToScale: ABLE,
    scalingActive: ACTIVE,
  },
  {
    namespace: 'payments',
    name: 'billing-api',
    target: { kind: 'Deployment', name: 'billing-api' },
    min: 1,
    max: 5,
    current: 1,
    desired: 0,
    atMax: false,
    scalingLimited: null,
    ableToScale: { status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" },
    scalingActive: {
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message:
        'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    },
  },
];

const EVENTS: NonNullable<Inventory['warningEvents']> = [
  {
    namespace: 'default',
    involvedObject: { kind: 'Node', name: 'kube-worker-3', namespace: null },
    reason: 'EvictionThresholdMet',
    message: 'Attempting to reclaim memory',
    count: 6,
    lastSeen: t('22:20:21'),
  },
  {
    namespace: 'payments',
    involvedObject: { kind: 'Pod', name: 'billing-api-5d8f7b9c6d-x7k2p', namespace: 'payments' },
    reason: 'BackOff',
    message:
      'Back-off restarting failed container billing-api in pod billing-api-5d8f7b9c6d-x7k2p_payments(b7a2aad8-b170-4fa2-afca-58d0a4bc385c)',
    count: 87,
    lastSeen: t('22:20:05'),
  },
  {
    namespace: 'payments',
    involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'billing-api', namespace: 'payments' },
    reason: 'FailedGetResourceMetric',
    message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    count: 412,
    lastSeen: t('22:19:51'),
  },
  {
    namespace: 'default',
    involvedObject: { kind: 'Pod', name: 'nginx-deployment-1370807587-fz9sd', namespace: 'default' },
    reason: 'FailedScheduling',
    message: SCHEDULER_MESSAGE,
    count: 7,
    lastSeen: '2022-02-17T22:19:41.533Z',
  },
  {
    namespace: 'mem-example',
    involvedObject: { kind: 'Pod', name: 'memory-demo-2', namespace: 'mem-example' },
    reason: 'BackOff',
    message:
      'Back-off restarting failed container memory-demo-2-ctr in pod memory-demo-2_mem-example(1d910d15-239b-4126-9c85-39a18688703f)',
    count: 2,
    lastSeen: t('22:17:02'),
  },
];

const FULL: Inventory = {
  collectedAt: '2022-02-17T22:21:00.000Z',
  version: { gitVersion: 'v1.34.0', platform: 'linux/amd64' },
  nodes: NODES,
  pods: PODS,
  workloads: WORKLOADS,
  hpas: HPAS,
  warningEvents: EVENTS,
  errors: [],
};

// ---------------------------------------------------------------------------------------------

describe('collectInventory', () => {
  it('reads the whole inventory over http with a bearer token', async () => {
    const server = await start();
    const inventory = await collectInventory(conn(server.url), { now: NOW, timeoutMs: 5000 });
    expect(inventory).toEqual(FULL);
    // The paths client-node requests, each once, each with the token.
    expect(server.requests.map((r) => r.path).sort()).toEqual([
      '/api/v1/events?fieldSelector=type%3DWarning&limit=500',
      '/api/v1/nodes?limit=500',
      '/api/v1/pods?limit=500',
      '/apis/apps/v1/daemonsets?limit=500',
      '/apis/apps/v1/deployments?limit=500',
      '/apis/apps/v1/statefulsets?limit=500',
      '/apis/autoscaling/v2/horizontalpodautoscalers?limit=500',
      '/version',
    ]);
    expect(server.requests.every((r) => r.method === 'GET' && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // Plain JSON: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(inventory))).toEqual(inventory);
  });

  it('keeps at most maxEvents Warning events, newest first', async () => {
    const server = await start();
    const inventory = await collectInventory(conn(server.url), { now: NOW, maxEvents: 2 });
    expect(inventory.warningEvents).toEqual(EVENTS.slice(0, 2));
  });

  it('follows continue tokens when the server pages a list', async () => {
    const server = await start({ pageSize: 2 });
    const inventory = await collectInventory(conn(server.url), { now: NOW });
    expect(inventory).toEqual(FULL);
    expect(server.requests.map((r) => r.path).filter((p) => p.startsWith('/api/v1/pods'))).toEqual([
      '/api/v1/pods?limit=500',
      '/api/v1/pods?continue=2&limit=500',
      '/api/v1/pods?continue=4&limit=500',
    ]);
  });

  it('events forbidden by RBAC: the rest is returned, with an errors entry', async () => {
    const server = await start({ forbidden: ['/api/v1/events'] });
    const inventory = await collectInventory(conn(server.url), { now: NOW });
    expect(inventory).toEqual({
      ...FULL,
      warningEvents: null,
      errors: [{ resource: 'events', kind: 'forbidden', message: `403 Forbidden: ${FORBIDDEN_MESSAGE}` }],
    });
  });

  it('an API the server does not serve (autoscaling/v2 before 1.23) is not_found', async () => {
    const server = await start({ notFound: ['/apis/autoscaling/v2/horizontalpodautoscalers'] });
    const inventory = await collectInventory(conn(server.url), { now: NOW });
    expect(inventory).toEqual({
      ...FULL,
      hpas: null,
      errors: [
        {
          resource: 'horizontalpodautoscalers',
          kind: 'not_found',
          message: `HTTP 404 from ${server.url}/apis/autoscaling/v2/horizontalpodautoscalers: the server does not serve this API (services "missing" not found)`,
        },
      ],
    });
  });

  it('a hanging pod list times out within timeoutMs and the rest is returned', async () => {
    const server = await start({ hang: ['/api/v1/pods'] });
    const started = performance.now();
    const inventory = await collectInventory(conn(server.url), { now: NOW, timeoutMs: 800 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(2500);
    expect(inventory).toEqual({
      ...FULL,
      // Without pods, nodes have no per-node usage.
      nodes: NODES.map((n) => ({ ...n, podCount: null, requests: null, limits: null, overcommit: null })),
      pods: null,
      errors: [{ resource: 'pods', kind: 'timeout', message: `${server.url}/api/v1/pods timed out after 800 ms` }],
    });
  });

  it('a wrong token rejects with kind unauthorized, and no message contains a token', async () => {
    const server = await start();
    const wrong = 'not-the-right-token-0c4f2b9e';
    const failure = await collectInventory(conn(server.url, { token: wrong }), { now: NOW }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InventoryCollectionError);
    const error = failure as InventoryCollectionError;
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe('every Kubernetes API request failed: 401 Unauthorized: check the bearer token');
    expect(error.errors.map((e) => [e.resource, e.kind])).toEqual([
      ['nodes', 'unauthorized'],
      ['pods', 'unauthorized'],
      ['deployments', 'unauthorized'],
      ['statefulsets', 'unauthorized'],
      ['daemonsets', 'unauthorized'],
      ['horizontalpodautoscalers', 'unauthorized'],
      ['events', 'unauthorized'],
      ['version', 'unauthorized'],
    ]);
    expect(JSON.stringify([error.message, error.errors])).not.toContain(wrong);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${wrong}`)).toBe(true);
  });

  it('a token with a line break is refused before any request, without quoting it', async () => {
    const server = await start();
    const broken = `${TOKEN}\nsecond-line-secret-77ab`;
    const error = (await collectInventory(conn(server.url, { token: broken }), { now: NOW }).catch((e: unknown) => e)) as InventoryCollectionError;
    expect(error).toBeInstanceOf(InventoryCollectionError);
    expect(error.kind).toBe('http');
    expect(error.message).toBe('the token contains a character that cannot be sent in an HTTP header (a line break?)');
    expect(error.errors).toHaveLength(8);
    expectNoSecret([error.message, error.errors]);
    expect(JSON.stringify(error.errors)).not.toContain('second-line-secret');
    expect(server.requests).toEqual([]);
  });

  it('a closed port rejects with kind refused', async () => {
    const server = await start();
    const url = server.url;
    await server.close();
    servers = [];
    const error = (await collectInventory(conn(url), { now: NOW, timeoutMs: 3000 }).catch((e: unknown) => e)) as InventoryCollectionError;
    expect(error).toBeInstanceOf(InventoryCollectionError);
    expect(error.kind).toBe('refused');
    expect(error.errors.every((e) => e.kind === 'refused')).toBe(true);
    expect(error.errors[0]?.message).toMatch(/^connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('HTTPS with the fixture certificate trusted as caCert', async () => {
    const server = await start({}, true);
    const url = `https://localhost:${server.port}`;
    const inventory = await collectInventory(conn(url, { caCert: LOCALHOST_CERT }), { now: NOW });
    expect(inventory).toEqual(FULL);
    expect(server.requests).toHaveLength(8);
  });

  it('HTTPS without the CA: every request fails with kind tls', async () => {
    const server = await start({}, true);
    const url = `https://localhost:${server.port}`;
    const error = (await collectInventory(conn(url), { now: NOW }).catch((e: unknown) => e)) as InventoryCollectionError;
    expect(error).toBeInstanceOf(InventoryCollectionError);
    expect(error.kind).toBe('tls');
    expect(error.errors[0]?.message).toBe(
      'TLS: certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); add its CA or enable insecureSkipVerify',
    );
    // insecureSkipVerify accepts it.
    const inventory = await collectInventory(conn(url, { insecureSkipVerify: true }), { now: NOW });
    expect(inventory.errors).toEqual([]);
  });
});
