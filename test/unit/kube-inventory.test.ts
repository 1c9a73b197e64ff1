// The pure parts of the Kubernetes inventory: the quantity parser, and the summarising functions
// applied to the fixture JSON (test/fixtures/kubernetes) directly. Expected values are written
// by hand from reading the fixtures.
import { describe, expect, it } from 'vitest';
import {
  InvalidQuantityError,
  parseQuantity,
  podResources,
  quantityToInteger,
  quantityToMillis,
  summariseHpas,
  summariseNodes,
  summarisePods,
  summariseVersion,
  summariseWarningEvents,
  summariseWorkloads,
} from '../../lib/kube/inventory';
import type { RawEvent, RawPod } from '../../lib/kube/types';
import { kubeFixture } from '../support/kube-api';

const items = (file: string): any[] => (JSON.parse(kubeFixture(file)) as { items: unknown[] }).items;
const NODES = items('NodeList.ready-and-notready.json');
const PODS = items('PodList.mixed-states.json');
const DEPLOYMENTS = items('DeploymentList.json');
const STATEFULSETS = items('StatefulSetList.json');
const DAEMONSETS = items('DaemonSetList.json');
const HPAS = items('HorizontalPodAutoscalerList.autoscaling-v2.json');
const EVENTS = items('EventList.core-v1.json');
const NOW = new Date('2022-02-17T22:21:00Z');

const MiB = 1024 * 1024;
/** allocatable memory of every fixture node: 1922788Ki */
const ALLOCATABLE_MEMORY = 1922788 * 1024; // 1968934912
const SCHEDULER_MESSAGE =
  '0/5 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }, ' +
  '1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 1 node(s) had untolerated taint ' +
  '{node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: ' +
  '0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['2', 2],
    ['1.5', 1.5],
    ['128974848', 128974848],
    ['129e6', 129000000],
    ['129E6', 129000000],
    ['123Mi', 128974848],
    ['1Gi', 1073741824],
    ['1G', 1000000000],
    ['500Ki', 512000],
    ['1k', 1000],
    ['1M', 1000000],
    ['1T', 1e12],
    ['1Ti', 1099511627776],
    ['1E', 1e18],
    ['1E3', 1000],
    ['1e-3', 0.001],
    ['1e+2', 100],
    ['.5', 0.5],
    ['5.', 5],
    ['+1', 1],
    ['-1', -1],
    ['-500m', -0.5],
    ['0', 0],
    ['0.5Gi', 536870912],
    ['1u', 0.000001],
    ['487558164n', 0.487558164],
  ])('%s = %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(['', ' ', ' 1', '1 ', '1KB', '1K', '1mi', '1MI', 'Mi', '.', '1..2', '1.2.3', 'abc', '1e', '1e1.5', '1Ki2', '--1', '+-1', '0x10', '1,5', 'Infinity', 'NaN', '1 Mi', 'm'])(
    '%j is not a quantity',
    (text) => {
      expect(() => parseQuantity(text)).toThrow(InvalidQuantityError);
      expect(() => quantityToMillis(text)).toThrow(InvalidQuantityError);
      expect(() => quantityToInteger(text)).toThrow(InvalidQuantityError);
    },
  );
});

describe('quantityToMillis (CPU in millicores, rounded up)', () => {
  it.each([
    ['100m', 100],
    ['2', 2000],
    ['1.5', 1500],
    ['0.1', 100],
    ['0.07', 70], // 0.07 * 1000 is 70.00000000000001 in floating point
    ['3.3', 3300],
    ['250m', 250],
    ['1e-3', 1],
    ['0.0001', 1], // rounds up, like Kubernetes MilliValue
    ['487558164n', 488],
    ['1n', 1],
    ['500000u', 500],
    ['1k', 1000000],
    ['0', 0],
  ])('%s = %d', (text, value) => {
    expect(quantityToMillis(text)).toBe(value);
  });
});

describe('quantityToInteger (memory in bytes, pods; rounded up)', () => {
  it.each([
    ['128974848', 128974848],
    ['129e6', 129000000],
    ['129M', 129000000],
    ['123Mi', 128974848],
    ['1Gi', 1073741824],
    ['1G', 1000000000],
    ['500Ki', 512000],
    ['1.5Gi', 1610612736],
    ['0.5Ki', 512],
    ['2025188Ki', 2073792512],
    ['1922788Ki', 1968934912],
    ['110', 110],
    ['100m', 1],
    ['1.0001', 2],
    ['1Ei', 1152921504606846976],
    ['0', 0],
  ])('%s = %d', (text, value) => {
    expect(quantityToInteger(text)).toBe(value);
  });
});

describe('summariseNodes', () => {
  const nodes = summariseNodes(NODES, PODS);
  const byName = (name: string) => {
    const node = nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  };

  it('names, roles and Ready of the five nodes', () => {
    expect(nodes.map((n) => [n.name, n.roles, n.ready])).toEqual([
      ['kube-control-plane', ['control-plane', 'master'], 'True'],
      ['kube-worker-1', [], 'True'],
      ['kube-worker-2', [], 'Unknown'],
      ['kube-worker-3', [], 'True'],
      ['kube-worker-4', [], 'False'],
    ]);
  });

  it('keeps every condition and lists the abnormal ones as problems', () => {
    expect(nodes.map((n) => n.conditions.length)).toEqual([5, 5, 5, 5, 5]);
    expect(byName('kube-control-plane').problems).toEqual([]);
    expect(byName('kube-worker-1').problems).toEqual([]);
    // Pressure conditions that are Unknown are not problems by themselves; Ready=Unknown is.
    expect(byName('kube-worker-2').problems).toEqual([
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: '2022-02-17T22:13:52.000Z',
      },
    ]);
    expect(byName('kube-worker-3').problems).toEqual([
      {
        type: 'MemoryPressure',
        status: 'True',
        reason: 'KubeletHasInsufficientMemory',
        message: 'kubelet has insufficient memory available',
        lastTransitionTime: '2022-02-17T22:17:40.000Z',
      },
      {
        type: 'DiskPressure',
        status: 'True',
        reason: 'KubeletHasDiskPressure',
        message: 'kubelet has disk pressure',
        lastTransitionTime: '2022-02-17T22:18:25.000Z',
      },
    ]);
    expect(byName('kube-worker-4').problems.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['PIDPressure', 'True', 'KubeletHasInsufficientPID'],
      ['Ready', 'False', 'KubeletNotReady'],
    ]);
    expect(byName('kube-worker-4').problems[1]?.message).toBe(
      'PLEG is not healthy: pleg was last seen active 3m13.094846351s ago; threshold is 3m0s',
    );
  });

  it('kube-worker-4 in full', () => {
    expect(byName('kube-worker-4')).toEqual({
      name: 'kube-worker-4',
      roles: [],
      ready: 'False',
      conditions: [
        {
          type: 'NetworkUnavailable',
          status: 'False',
          reason: 'WeaveIsUp',
          message: 'Weave pod has set this',
          lastTransitionTime: '2022-02-17T21:48:30.000Z',
        },
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastTransitionTime: '2022-02-17T21:47:20.000Z',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastTransitionTime: '2022-02-17T21:47:20.000Z',
        },
        {
          type: 'PIDPressure',
          status: 'True',
          reason: 'KubeletHasInsufficientPID',
          message: 'kubelet has insufficient PID available',
          lastTransitionTime: '2022-02-17T22:18:58.000Z',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'KubeletNotReady',
          message: 'PLEG is not healthy: pleg was last seen active 3m13.094846351s ago; threshold is 3m0s',
          lastTransitionTime: '2022-02-17T22:19:02.000Z',
        },
      ],
      problems: [
        {
          type: 'PIDPressure',
          status: 'True',
          reason: 'KubeletHasInsufficientPID',
          message: 'kubelet has insufficient PID available',
          lastTransitionTime: '2022-02-17T22:18:58.000Z',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'KubeletNotReady',
          message: 'PLEG is not healthy: pleg was last seen active 3m13.094846351s ago; threshold is 3m0s',
          lastTransitionTime: '2022-02-17T22:19:02.000Z',
        },
      ],
      taints: [
        { key: 'node.kubernetes.io/not-ready', value: null, effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', value: null, effect: 'NoExecute' },
        { key: 'node.kubernetes.io/pid-pressure', value: null, effect: 'NoSchedule' },
      ],
      unschedulable: false,
      capacity: { cpuMillis: 2000, memoryBytes: 2073792512, pods: 110 },
      allocatable: { cpuMillis: 2000, memoryBytes: 1968934912, pods: 110 },
      kubeletVersion: 'v1.23.3',
      osImage: 'Ubuntu 21.10',
      containerRuntimeVersion: 'containerd://1.5.9',
      podCount: 0,
      requests: { cpuMillis: 0, memoryBytes: 0 },
      limits: { cpuMillis: 0, memoryBytes: 0 },
      overcommit: { cpu: 0, memory: 0 },
    });
  });

  it('taints of the control plane and the unreachable node', () => {
    expect(byName('kube-control-plane').taints).toEqual([
      { key: 'node-role.kubernetes.io/master', value: null, effect: 'NoSchedule' },
    ]);
    expect(byName('kube-worker-1').taints).toEqual([]);
    expect(byName('kube-worker-2').taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', value: null, effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', value: null, effect: 'NoExecute' },
    ]);
  });

  it('sums requests and limits of the pods on each node (the pending pod has no node)', () => {
    // kube-worker-1: two nginx (500m/128Mi requests and limits each) + memory-demo-2 (50Mi request, 100Mi limit).
    expect(byName('kube-worker-1')).toMatchObject({
      podCount: 3,
      requests: { cpuMillis: 1000, memoryBytes: 306 * MiB },
      limits: { cpuMillis: 1000, memoryBytes: 356 * MiB },
      overcommit: { cpu: 0.5, memory: 0.1896 }, // 373293056 / 1968934912 = 0.18959…
    });
    // kube-worker-3: billing-api (100m/128Mi requests, 256Mi memory limit, no CPU limit).
    expect(byName('kube-worker-3')).toMatchObject({
      podCount: 1,
      requests: { cpuMillis: 100, memoryBytes: 128 * MiB },
      limits: { cpuMillis: 0, memoryBytes: 256 * MiB },
      overcommit: { cpu: 0, memory: 0.1363 }, // 268435456 / 1968934912 = 0.13633…
    });
    for (const name of ['kube-control-plane', 'kube-worker-2', 'kube-worker-4']) {
      expect(byName(name).podCount).toBe(0);
    }
    expect(ALLOCATABLE_MEMORY).toBe(byName('kube-worker-1').allocatable.memoryBytes);
  });

  it('skips terminated pods, and has no usage when pods could not be listed', () => {
    const done = structuredClone(PODS.slice(0, 2));
    done[0].status.phase = 'Succeeded';
    done[1].status.phase = 'Failed';
    expect(summariseNodes(NODES, done).find((n) => n.name === 'kube-worker-1')).toMatchObject({
      podCount: 0,
      requests: { cpuMillis: 0, memoryBytes: 0 },
    });
    const blind = summariseNodes(NODES, null);
    expect(blind.map((n) => [n.podCount, n.requests, n.limits, n.overcommit])).toEqual(
      Array.from({ length: 5 }, () => [null, null, null, null]),
    );
  });

  it('unschedulable, legacy role label, missing Ready and a bad quantity', () => {
    const [node] = summariseNodes(
      [
        {
          metadata: { name: 'n', labels: { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/infra': 'true' } },
          spec: { unschedulable: true },
          status: { capacity: { cpu: 'lots', memory: '1Gi' }, allocatable: { cpu: '0', memory: '1Gi' } },
        },
      ],
      [],
    );
    expect(node).toMatchObject({
      roles: ['infra', 'worker'],
      ready: 'Unknown',
      problems: [],
      unschedulable: true,
      capacity: { cpuMillis: null, memoryBytes: 1073741824, pods: null },
      overcommit: { cpu: null, memory: 0 },
      kubeletVersion: null,
    });
  });
});

describe('podResources', () => {
  it('takes the larger of app containers + sidecars and each init container, plus overhead', () => {
    const pod: RawPod = {
      spec: {
        containers: [
          { name: 'app', resources: { requests: { cpu: '200m', memory: '100Mi' }, limits: { cpu: '1', memory: '200Mi' } } },
          { name: 'helper', resources: { requests: { cpu: '100m' } } },
        ],
        initContainers: [
          { name: 'migrate', resources: { requests: { cpu: '2', memory: '50Mi' }, limits: { cpu: '2' } } },
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '50m', memory: '20Mi' } } },
          { name: 'warm', resources: { requests: { memory: '500Mi' } } },
        ],
        overhead: { cpu: '10m', memory: '1Mi' },
      },
    };
    expect(podResources(pod)).toEqual({
      // cpu: max(200+100+50, 2000, 50+0) + 10 = 2010; memory: max(100+20, 50, 500+20) + 1 = 521Mi
      requests: { cpuMillis: 2010, memoryBytes: 521 * MiB },
      // cpu: max(1000, 2000) + 10; memory: max(200, 0) + 1
      limits: { cpuMillis: 2010, memoryBytes: 201 * MiB },
    });
  });
});

describe('summarisePods', () => {
  it('counts, the pending pod, the crash-looping containers and restarts', () => {
    expect(summarisePods(PODS, NOW)).toEqual({
      total: 5,
      byPhase: { Pending: 1, Running: 4, Succeeded: 0, Failed: 0, Unknown: 0 },
      pending: [
        {
          namespace: 'default',
          name: 'nginx-deployment-1370807587-fz9sd',
          ageSeconds: 1367, // 21:58:13 -> 22:21:00
          createdAt: '2022-02-17T21:58:13.000Z',
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
          lastFinishedAt: '2022-02-17T22:15:04.000Z',
        },
        {
          namespace: 'mem-example',
          pod: 'memory-demo-2',
          container: 'memory-demo-2-ctr',
          node: 'kube-worker-1',
          restarts: 2,
          lastTerminationReason: 'OOMKilled',
          lastExitCode: 137,
          lastFinishedAt: '2022-02-17T22:16:37.000Z',
        },
      ],
      restartsTotal: 25,
    });
  });

  it('a scheduled pending pod gets the container waiting reason', () => {
    const pod = structuredClone(PODS[0]);
    pod.status.phase = 'Pending';
    pod.status.containerStatuses[0].state = {
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nope"' },
    };
    const other = { metadata: { namespace: 'x', name: 'bare' }, status: { phase: 'Pending' } };
    expect(summarisePods([pod, other], NOW).pending).toEqual([
      {
        namespace: 'default',
        name: 'nginx-deployment-67d4bdd6f5-w6kd7',
        ageSeconds: 1799, // 21:51:01 -> 22:21:00
        createdAt: '2022-02-17T21:51:01.000Z',
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image "nginx:nope"',
      },
      { namespace: 'x', name: 'bare', ageSeconds: null, createdAt: null, reason: 'Pending', message: null },
    ]);
  });
});

describe('summariseWorkloads', () => {
  it('lists the workloads below their desired count and the stuck rollout', () => {
    expect(summariseWorkloads({ deployments: DEPLOYMENTS, statefulsets: STATEFULSETS, daemonsets: DAEMONSETS })).toEqual({
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
            {
              type: 'Available',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
            {
              type: 'Progressing',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "billing-api-5d8f7b9c6d" has timed out progressing.',
            },
          ],
        },
        { kind: 'StatefulSet', namespace: 'default', name: 'zk', desired: 3, ready: 2, available: 2, conditions: [] },
        { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy', desired: 5, ready: 3, available: 3, conditions: [] },
        {
          kind: 'DaemonSet',
          namespace: 'kube-system',
          name: 'fluentd-elasticsearch',
          desired: 5,
          ready: 3,
          available: 3,
          conditions: [],
        },
      ],
    });
  });

  it('a list that could not be read counts as null', () => {
    expect(summariseWorkloads({ deployments: null, statefulsets: STATEFULSETS, daemonsets: null })).toEqual({
      counts: { deployments: null, statefulsets: 2, daemonsets: null },
      attention: [{ kind: 'StatefulSet', namespace: 'default', name: 'zk', desired: 3, ready: 2, available: 2, conditions: [] }],
    });
  });
});

describe('summariseHpas', () => {
  it('targets, replica counts, at max and the conditions', () => {
    const hpas = summariseHpas(HPAS);
    expect(hpas.map((h) => [h.namespace, h.name, h.target, h.min, h.max, h.current, h.desired, h.atMax])).toEqual([
      ['default', 'php-apache', { kind: 'Deployment', name: 'php-apache' }, 1, 10, 7, 7, false],
      ['default', 'nginx-deployment', { kind: 'Deployment', name: 'nginx-deployment' }, 1, 2, 2, 2, true],
      ['payments', 'billing-api', { kind: 'Deployment', name: 'billing-api' }, 1, 5, 1, 0, false],
    ]);
    expect(hpas[1]).toMatchObject({
      scalingLimited: {
        status: 'True',
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      },
      ableToScale: { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
    });
    expect(hpas[0]?.scalingLimited).toEqual({
      status: 'False',
      reason: 'DesiredWithinRange',
      message: 'the desired count is within the acceptable range',
    });
    expect(hpas[2]).toMatchObject({
      scalingLimited: null,
      ableToScale: {
        status: 'True',
        reason: 'SucceededGetScale',
        message: "the HPA controller was able to get the target's current scale",
      },
      scalingActive: {
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      },
    });
  });
});

describe('summariseWarningEvents', () => {
  const ALL = [
    {
      namespace: 'default',
      involvedObject: { kind: 'Node', name: 'kube-worker-3', namespace: null },
      reason: 'EvictionThresholdMet',
      message: 'Attempting to reclaim memory',
      count: 6,
      lastSeen: '2022-02-17T22:20:21.000Z',
    },
    {
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: 'billing-api-5d8f7b9c6d-x7k2p', namespace: 'payments' },
      reason: 'BackOff',
      message:
        'Back-off restarting failed container billing-api in pod billing-api-5d8f7b9c6d-x7k2p_payments(b7a2aad8-b170-4fa2-afca-58d0a4bc385c)',
      count: 87,
      lastSeen: '2022-02-17T22:20:05.000Z',
    },
    {
      namespace: 'payments',
      involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'billing-api', namespace: 'payments' },
      reason: 'FailedGetResourceMetric',
      message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      count: 412,
      lastSeen: '2022-02-17T22:19:51.000Z',
    },
    {
      // events.k8s.io encoding: no count/lastTimestamp, series.count and series.lastObservedTime (µs).
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
      lastSeen: '2022-02-17T22:17:02.000Z',
    },
  ];

  it('keeps the Warning events, newest first', () => {
    expect(summariseWarningEvents(EVENTS)).toEqual(ALL);
  });

  it('at most maxEvents', () => {
    expect(summariseWarningEvents(EVENTS, 2)).toEqual(ALL.slice(0, 2));
    expect(summariseWarningEvents(EVENTS, 0)).toEqual([]);
  });

  it('eventTime alone, Date objects, and events without a time last', () => {
    const events: RawEvent[] = [
      { type: 'Warning', reason: 'NoTime', message: 'm' },
      { type: 'Warning', reason: 'Old', message: 'm', eventTime: '2022-02-17T20:00:00.123456Z' },
      { type: 'Warning', reason: 'New', message: 'm', lastTimestamp: new Date('2022-02-17T21:00:00Z'), count: 3 },
      { type: 'Normal', reason: 'Ignored', message: 'm', lastTimestamp: '2022-02-18T00:00:00Z' },
    ];
    expect(summariseWarningEvents(events).map((e) => [e.reason, e.count, e.lastSeen])).toEqual([
      ['New', 3, '2022-02-17T21:00:00.000Z'],
      ['Old', 1, '2022-02-17T20:00:00.123Z'],
      ['NoTime', 1, null],
    ]);
  });
});

describe('summariseVersion', () => {
  it('gitVersion and platform', () => {
    expect(summariseVersion(JSON.parse(kubeFixture('version.json')))).toEqual({ gitVersion: 'v1.34.0', platform: 'linux/amd64' });
  });
});
