// The demo simulation end to end: startDemo with a real Prometheus scraping the exporter, the
// stand-in Kubernetes API servers read with @kubernetes/client-node and the product's connection
// test, and the CLI's start, JSON output and graceful stop.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { testClusterConnections } from '../../lib/clusters/connection-test';
import { clusterBusyCores, clusterStateAt, isNodeNotReady, NOT_READY_WINDOW } from '../../lib/demo/metrics-model';
import { type DemoHandle, startDemo } from '../../lib/demo/start-demo';
import type { Clock } from '../../lib/time/clock';
import { installedPrometheusVersion } from '../support/prometheus';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The model runs 22 minutes into an hour when the test starts: inside the NotReady window
// (hh:20-hh:30) for the whole test. The clock still advances in real time, so rates are real.
const HOUR = 3_600_000;
const startReal = Date.now();
const offsetMs = Math.floor(startReal / HOUR) * HOUR + NOT_READY_WINDOW.offsetSeconds * 1000 + 2 * 60_000 - startReal;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(prometheusUrl: string, promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { status: string; data: { resultType: string; result: VectorSample[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

async function kube(server: string, token: string, apiPath: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('startDemo with a real Prometheus', () => {
  let demo: DemoHandle | undefined;

  beforeAll(async () => {
    expect(installedPrometheusVersion()).toMatch(/^2\./);
    demo = await startDemo({ clusters: 3, seed: 'integration', clock });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('registers three clusters the REST API accepts, whose connections test green', async () => {
    const d = demo!;
    expect(d.clusters.map((c) => c.name)).toEqual(['demo-eu-1', 'demo-us-1', 'demo-ap-1']);
    for (const cluster of d.clusters) {
      const parsed = clusterInputSchema.parse(cluster);
      expect(parsed.description).toBe('Simulated cluster (demo)');
      expect(new URL(parsed.prometheus.url).hostname).toBe('127.0.0.1');
      expect(new URL(parsed.kubernetes!.server).hostname).toBe('127.0.0.1');
      const checks = await testClusterConnections(parsed);
      expect(checks.prometheus).toMatchObject({ ok: true, version: expect.stringMatching(/^2\./) });
      expect(checks.kubernetes).toMatchObject({ ok: true, version: d.model.clusters.find((c) => c.name === cluster.name)!.version.gitVersion });
    }
  });

  it('has the model in Prometheus: node counts, CPU rates, the NotReady node; the Kubernetes API agrees', async () => {
    const d = demo!;
    const model = d.model;

    // Node counts per cluster (the first scrape landed before startDemo returned).
    const nodeCounts = await query(d.prometheusUrl, 'count by (cluster) (kube_node_info)');
    expect(Object.fromEntries(nodeCounts.map((s) => [s.metric.cluster, Number(s.value[1])]))).toEqual(
      Object.fromEntries(model.clusters.map((c) => [c.name, c.nodes.length])),
    );

    // The same nodes in kube_node_info and the Kubernetes API.
    for (const [i, registration] of d.clusters.entries()) {
      const inPrometheus = (await query(d.prometheusUrl, `kube_node_info{cluster="${registration.name}"}`)).map((s) => s.metric.node).sort();
      const nodes = await kube(registration.kubernetes.server, registration.kubernetes.token, '/api/v1/nodes');
      expect(nodes.status).toBe(200);
      expect(nodes.body.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort()).toEqual(inPrometheus);
      expect(inPrometheus).toEqual(model.clusters[i]!.nodes.map((n) => n.name).sort());
    }

    // The NotReady node, reported by both (the clock is inside its window).
    const eu = model.clusters[0]!;
    const flapping = eu.nodes.find((n) => n.name === eu.scenarios.notReadyNode)!;
    expect(isNodeNotReady(flapping, clock.now())).toBe(true);
    const notReady = await query(d.prometheusUrl, 'kube_node_status_condition{condition="Ready",status="false"} == 1');
    expect(notReady.map((s) => `${s.metric.cluster}/${s.metric.node}`)).toEqual([`demo-eu-1/${flapping.name}`]);
    const euApi = d.clusters[0]!.kubernetes;
    const node = await kube(euApi.server, euApi.token, `/api/v1/nodes/${flapping.name}`);
    expect(node.body.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });

    // The crash-looping container: the same restart count (give or take a restart between the scrape and now).
    const restarts = await query(d.prometheusUrl, 'kube_pod_container_status_restarts_total{cluster="demo-eu-1",namespace="payments",container="billing-api"}');
    expect(restarts.length).toBe(1);
    const pod = await kube(euApi.server, euApi.token, `/api/v1/namespaces/payments/pods/${restarts[0]!.metric.pod}`);
    expect(pod.status).toBe(200);
    expect(Math.abs(pod.body.status.containerStatuses[0].restartCount - Number(restarts[0]!.value[1]))).toBeLessThanOrEqual(1);

    // @kubernetes/client-node reads the served JSON.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'demo', server: euApi.server, skipTLSVerify: true }],
      users: [{ name: 'demo', token: euApi.token }],
      contexts: [{ name: 'demo', cluster: 'demo', user: 'demo' }],
      currentContext: 'demo',
    });
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const listed = await core.listNode();
    expect(listed.items.map((n) => n.metadata?.name).sort()).toEqual(eu.nodes.map((n) => n.name).sort());
    const readyOf = (name: string) => listed.items.find((n) => n.metadata?.name === name)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    expect(readyOf(flapping.name)).toBe('False');
    const pods = await core.listPodForAllNamespaces();
    expect(pods.items.length).toBe(clusterStateAt(eu, clock.now()).pods.length);

    // CPU: rate of non-idle seconds = busy cores of the model, once 30 s of samples cover the window.
    await waitFor('30 s of samples', 45_000, async () => {
      const samples = await query(d.prometheusUrl, 'count_over_time(up{job="kubewatch-demo"}[35s])');
      return Number(samples[0]?.value[1] ?? 0) >= 7 ? true : undefined;
    });
    const rates = await query(d.prometheusUrl, 'sum by (cluster) (rate(node_cpu_seconds_total{mode!="idle"}[30s]))');
    expect(rates.length).toBe(3);
    const now = clock.now().getTime();
    for (const sample of rates) {
      const cluster = model.clusters.find((c) => c.name === sample.metric.cluster)!;
      // The model between the oldest sample in the window and now; Prometheus stamps samples at scrape time.
      const expected = Array.from({ length: 36 }, (_, s) => clusterBusyCores(cluster, now - s * 1000));
      const rate = Number(sample.value[1]);
      expect(rate, cluster.name).toBeGreaterThanOrEqual(Math.min(...expected) * 0.97);
      expect(rate, cluster.name).toBeLessThanOrEqual(Math.max(...expected) * 1.03);
    }
  }, 60_000);

  it('stops everything: the Prometheus process is gone, its data removed, the ports closed', async () => {
    const d = demo!;
    const pid = d.prometheusPid;
    expect(isAlive(pid)).toBe(true);
    await d.stop();
    await d.stop();
    expect(isAlive(pid)).toBe(false);
    await expect(fetch(`${d.prometheusUrl}/-/ready`)).rejects.toThrow();
    await expect(fetch(`${d.exporterUrl}/metrics`)).rejects.toThrow();
    await expect(fetch(`${d.clusters[0]!.kubernetes.server}/version`)).rejects.toThrow();
    demo = undefined;
  });
});

describe('scripts/demo-cluster-sim.ts', () => {
  it('prints the registrations as JSON, serves them, and exits 0 on SIGTERM with nothing left behind', async () => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'demo-cluster-sim.ts'), '--clusters', '1', '--seed', 'cli'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      const printed = JSON.parse(line) as { prometheusUrl: string; clusters: unknown[] };
      expect(printed.clusters.length).toBe(1);
      const registration = clusterInputSchema.parse(printed.clusters[0]);
      expect(registration.name).toBe('demo-eu-1');
      const up = await query(printed.prometheusUrl, 'count(kube_node_info{cluster="demo-eu-1"})');
      expect(Number(up[0]?.value[1])).toBeGreaterThanOrEqual(3);

      const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/));
      const prometheusPid = Number(children.find(([, comm]) => comm === 'prometheus')?.[0]);
      expect(isAlive(prometheusPid)).toBe(true);
      const dataDir = execFileSync('ps', ['-o', 'args=', '-p', String(prometheusPid)], { encoding: 'utf8' }).match(/--storage\.tsdb\.path=(\S+)/)?.[1];
      expect(dataDir && existsSync(dataDir)).toBe(true);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(isAlive(prometheusPid)).toBe(false);
      expect(existsSync(dataDir!)).toBe(false);
      expect(stderr).toMatch(/SIGTERM, stopping/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
