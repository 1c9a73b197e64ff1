// The data plane end to end: `npm start` with simulated clusters (a synthetic exporter scraped
// by a real Prometheus, Kubernetes API stand-ins), polled by the worker, shown by the API.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewSchema } from '../../lib/api/response-schemas';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/free-port';
import { assertBuilt, type RunningProcess, startProcess, waitForHttp } from '../support/processes';
import { startPrometheus } from '../support/prometheus';
import { until } from '../support/until';

const TOKEN = 'kw_demo_test_token_0123456789abcdefghij';
const POLL_SECONDS = 5;
const headers = { Authorization: `Bearer ${TOKEN}` };

let supervisor: RunningProcess;
let base: string;
let dataDir: string;

async function overview() {
  return overviewSchema.parse(await (await fetch(`${base}/api/v1/overview`, { headers })).json()).clusters;
}


beforeAll(async () => {
  assertBuilt();
  dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-demo-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  supervisor = startProcess('supervisor', {
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    WORKER_METRICS_PORT: '0',
    ADMIN_API_TOKEN: TOKEN,
    DEMO_CLUSTERS: '3',
    CLUSTER_POLL_INTERVAL: `${POLL_SECONDS}s`,
  });
  await waitForHttp(`${base}/api/readyz`, 90_000);
}, 120_000);

afterAll(async () => {
  const { code } = await supervisor.stop('SIGTERM');
  expect(code).toBe(0);
  await rm(dataDir, { recursive: true, force: true });
});

describe('simulated clusters, polled', () => {
  it('registers the simulated clusters and shows their numbers once polled', async () => {
    const clusters = await until('three polled clusters with data', async () => {
      const list = await overview();
      return list.length === 3 && list.every((c) => c.metrics?.nodes.total && c.metrics.cpu.usedCores !== null) ? list : undefined;
    }, 90_000, 500);
    for (const cluster of clusters) {
      expect(cluster.simulated).toBe(true);
      expect(['healthy', 'degraded']).toContain(cluster.status.state);
      expect(cluster.metrics!.cpu.allocatableCores).toBeGreaterThan(0);
      expect(cluster.inventory).not.toBeNull();
    }
  });

  it('overview numbers equal the same quantities computed directly in Prometheus, per cluster', async () => {
    const clusters = await overview();
    const detail = await (await fetch(`${base}/api/v1/clusters/${clusters[0]!.id}`, { headers })).json();
    const prometheus = detail.prometheus.url as string;
    // Independent formulations: one query over all clusters, split by the cluster label.
    const byCluster = async (expr: string, at: string) => {
      const body = new URLSearchParams({ query: expr, time: String(new Date(at).getTime() / 1000) });
      const res = await (await fetch(`${prometheus}/api/v1/query`, { method: 'POST', body })).json();
      return new Map<string, number>(res.data.result.map((s: { metric: { cluster: string }; value: [number, string] }) => [s.metric.cluster, Number(s.value[1])]));
    };
    for (const cluster of clusters) {
      const at = cluster.polledAt!;
      const m = cluster.metrics!;
      const checks: [string, number | null][] = [
        ['count by (cluster) (kube_node_info)', m.nodes.total],
        ['sum by (cluster) (kube_node_status_condition{condition="Ready",status="true"})', m.nodes.ready],
        ['sum by (cluster) (kube_node_status_allocatable{resource="cpu"})', m.cpu.allocatableCores],
        ['sum by (cluster) (kube_node_status_allocatable{resource="memory"})', m.memory.allocatableBytes],
        ['sum by (cluster) (rate(node_cpu_seconds_total{mode!~"idle|iowait|steal"}[5m]))', m.cpu.usedCores],
        ['sum by (cluster) (node_memory_MemTotal_bytes) - sum by (cluster) (node_memory_MemAvailable_bytes)', m.memory.usedBytes],
        ['sum by (cluster) (rate(apiserver_request_total[5m]))', m.apiserver.requestsPerSecond],
        ['sum by (cluster) (kube_pod_status_phase{phase="Running"})', m.pods.byPhase.Running ?? 0],
      ];
      for (const [expr, shown] of checks) {
        const direct = (await byCluster(expr, at)).get(cluster.name);
        expect(shown, `${cluster.name}: ${expr}`).not.toBeNull();
        expect(shown!, `${cluster.name}: ${expr}`).toBeCloseTo(direct!, 6);
      }
    }
  });

  it('a cluster whose Prometheus is killed is unreachable within two poll intervals', async () => {
    const own = await startPrometheus();
    let stopped = false;
    try {
      const created = await fetch(`${base}/api/v1/clusters`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'doomed', prometheus: { url: own.url } }),
      });
      const { id } = await created.json();
      const state = async () => (await overview()).find((c) => c.id === id)?.status.state;
      await until('first poll of the new cluster', async () => ((await state()) === 'healthy' ? true : undefined), 4 * POLL_SECONDS * 1000, 500);
      await own.stop();
      stopped = true;
      const killedAt = Date.now();
      await until('unreachable after the kill', async () => ((await state()) === 'unreachable' ? true : undefined), 3 * POLL_SECONDS * 1000, 500);
      expect(Date.now() - killedAt).toBeLessThanOrEqual(2 * POLL_SECONDS * 1000 + 1000);
      const reason = (await overview()).find((c) => c.id === id)!.status.reason;
      expect(reason).toMatch(/^Prometheus: /);
    } finally {
      if (!stopped) await own.stop();
    }
  });

  it('the overview and a cluster page show it in the browser, live', async () => {
    const setup = await fetch(`${base}/api/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'ada-password-123' }),
    });
    expect(setup.status).toBe(200);
    const cookies = setup.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      return { name: name!, value: value.join('='), url: base };
    });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies(cookies);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
      await page.goto(`${base}/overview`);
      const cards = page.locator('.cluster-card');
      await expect(cards.count()).resolves.toBeGreaterThanOrEqual(3);
      const first = (await overview()).find((c) => c.name === 'demo-eu-1')!;
      const card = page.locator('.cluster-card', { hasText: first.displayName ?? first.name });
      expect(await card.textContent()).toContain(`${first.metrics!.nodes.ready}/${first.metrics!.nodes.total}`);
      expect(await card.textContent()).toContain('simulated');

      // Grouping by a label splits the cards; the page refreshes itself without a reload.
      await page.selectOption('#group-by', 'env');
      await expect(page.locator('.group-title').count()).resolves.toBeGreaterThanOrEqual(2);
      const before = await page.textContent('[aria-live=polite]');
      await page.waitForFunction((text) => document.querySelector('[aria-live=polite]')?.textContent !== text, before, { timeout: 15_000 });

      await card.locator('h2 a').click();
      await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
      await page.waitForSelector('text=Live state');
      expect(await page.locator('section:has(h2:text("Nodes")) tbody tr').count()).toBe(first.metrics!.nodes.total);
      await page.waitForSelector('.chart .u-wrap'); // uPlot drew the charts
      await page.click('text=Run query');
      await page.waitForSelector('section:has(h2:text("Query")) tbody tr');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('stayed quiet: no errors in the log', () => {
    expect(supervisor.logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  });
});
