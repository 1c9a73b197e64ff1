// Cluster registry over real HTTP: the built web process, a real PostgreSQL, a real Prometheus
// and a stand-in Kubernetes API serving real /version JSON.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPageSchema, clusterViewSchema, connectionTestSchema, kubeconfigImportResultSchema } from '../../lib/api/response-schemas';
import { kubeFixture, localhostCertificate, startKubeApi, type TestServer } from '../support/kube-api';
import { installedPrometheusVersion, startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { leakedSecrets, startWebApp, type WebApp } from '../support/web-app';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'kubernetes');
const PROM_TOKEN = 'prom-bearer-6f1c0d2a9b';
const PROM_PASSWORD = 'prom-basic-pass-77d1';
const TENANT_HEADER = 'tenant-value-4d5e6f';
const KUBE_TOKEN = 'kube-sa-token-9a8b7c6d';

let app: WebApp;
beforeAll(async () => {
  app = await startWebApp();
});
afterAll(() => app?.stop());

const names = (list: { items: { name: string }[] }) => list.items.map((c) => c.name);

describe('clusters CRUD', () => {
  let id: string;

  it('registers a cluster with the minimal body and returns it with its id', async () => {
    const res = await app.call('POST', '/api/v1/clusters', { body: { name: 'minimal', prometheus: { url: 'http://prometheus.minimal:9090' } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'minimal',
      labels: {},
      prometheus: { url: 'http://prometheus.minimal:9090', auth: { type: 'none' }, insecureSkipVerify: false, headerNames: [] },
      kubernetes: null,
      status: { state: 'unknown' },
    });
    expect(res.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('location')).toBe(`/api/v1/clusters/${res.json.id}`);
  });

  it('registers a full cluster; credentials are write-only', async () => {
    const { cert } = localhostCertificate();
    const res = await app.call('POST', '/api/v1/clusters', {
      body: {
        name: 'prod-eu',
        displayName: 'Production EU',
        description: 'Frankfurt',
        labels: { env: 'prod', region: 'eu', 'kubewatch.io/tier': 'gold' },
        prometheus: {
          url: 'https://thanos.example.com/prometheus',
          auth: { type: 'basic', username: 'reader', password: PROM_PASSWORD },
          caCert: cert,
          headers: { 'X-Scope-OrgID': TENANT_HEADER },
          selector: '{cluster="prod-eu"}',
        },
        kubernetes: { server: 'https://10.0.0.1:6443', token: KUBE_TOKEN, caCert: cert },
      },
    });
    expect(res.status).toBe(201);
    id = res.json.id;
    expect(res.json.prometheus).toEqual({
      url: 'https://thanos.example.com/prometheus',
      auth: { type: 'basic', username: 'reader', passwordSet: true },
      caCert: cert,
      insecureSkipVerify: false,
      headerNames: ['X-Scope-OrgID'],
      selector: '{cluster="prod-eu"}',
    });
    expect(res.json.kubernetes).toEqual({ server: 'https://10.0.0.1:6443', auth: 'token', caCert: cert, clientCert: null, insecureSkipVerify: false });

    const get = await app.call('GET', `/api/v1/clusters/${id}`);
    expect(get.status).toBe(200);
    expect(get.json).toEqual(res.json);
    // At rest: one sealed value, no plaintext credential anywhere in the row.
    const [row] = await app.database.query<Record<string, unknown>>('SELECT * FROM clusters WHERE id = $1', [id]);
    expect(String(row!.secrets)).toMatch(/^v1\.[0-9a-f]{8}\./);
    for (const secret of [PROM_PASSWORD, TENANT_HEADER, KUBE_TOKEN]) expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('PATCH merges: omitted credentials are kept, null removes, the whole result is validated', async () => {
    const patched = await app.call('PATCH', `/api/v1/clusters/${id}`, { body: { displayName: 'Prod EU', labels: { region: null, team: 'sre' }, prometheus: { insecureSkipVerify: true } } });
    expect(patched.status).toBe(200);
    expect(patched.json.displayName).toBe('Prod EU');
    expect(patched.json.labels).toEqual({ env: 'prod', 'kubewatch.io/tier': 'gold', team: 'sre' });
    expect(patched.json.prometheus.auth).toEqual({ type: 'basic', username: 'reader', passwordSet: true });
    expect(patched.json.prometheus.insecureSkipVerify).toBe(true);
    expect(patched.json.kubernetes.auth).toBe('token');

    const metricsOnly = await app.call('PATCH', `/api/v1/clusters/${id}`, { body: { kubernetes: null } });
    expect(metricsOnly.status).toBe(200);
    expect(metricsOnly.json.kubernetes).toBeNull();
  });

  it('DELETE removes it; afterwards it is 404', async () => {
    expect((await app.call('DELETE', `/api/v1/clusters/${id}`)).status).toBe(204);
    expect((await app.call('GET', `/api/v1/clusters/${id}`)).status).toBe(404);
    expect((await app.call('DELETE', `/api/v1/clusters/${id}`)).status).toBe(404);
  });

  it('records every mutation in the audit log without secrets', async () => {
    const audit = await app.call('GET', '/api/v1/audit?limit=20');
    expect(audit.status).toBe(200);
    const mine = audit.json.items.filter((e: { targetId: string }) => e.targetId === id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['cluster.delete', 'cluster.update', 'cluster.update', 'cluster.create']);
    expect(mine.every((e: { actorLabel: string }) => e.actorLabel.endsWith('(API token)'))).toBe(true);
    const firstUpdate = mine[3 - 1];
    expect(firstUpdate.diff['displayName']).toEqual({ from: 'Production EU', to: 'Prod EU' });
    expect(firstUpdate.diff['labels.team']).toEqual({ from: null, to: 'sre' });
    expect(JSON.stringify(audit.json)).not.toContain(PROM_PASSWORD);
  });
});

describe('listing with label selectors and pages', () => {
  const fleet: Record<string, Record<string, string>> = {
    'eu-prod': { env: 'prod', region: 'eu' },
    'us-prod': { env: 'prod', region: 'us' },
    'ap-prod': { env: 'prod', region: 'ap', canary: 'true' },
    'eu-staging': { env: 'staging', region: 'eu' },
    'dev-1': { env: 'dev' },
  };
  beforeAll(async () => {
    for (const [name, labels] of Object.entries(fleet)) {
      const res = await app.call('POST', '/api/v1/clusters', { body: { name, labels, prometheus: { url: `http://${name}.prom:9090` } } });
      expect(res.status).toBe(201);
    }
  });

  it.each([
    ['env=prod', ['ap-prod', 'eu-prod', 'us-prod']],
    ['env=prod,region in (eu,us)', ['eu-prod', 'us-prod']],
    ['region notin (eu)', ['ap-prod', 'dev-1', 'minimal', 'us-prod']],
    ['canary', ['ap-prod']],
    ['!region,env', ['dev-1']],
    ['env!=prod,env', ['dev-1', 'eu-staging']],
  ])('selector %s', async (selector, expected) => {
    const res = await app.call('GET', `/api/v1/clusters?selector=${encodeURIComponent(selector)}`);
    expect(res.status).toBe(200);
    expect(names(res.json)).toEqual(expected);
  });

  it('walks pages in name order with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { json: { items: { name: string }[]; nextCursor: string | null } } = await app.call(
        'GET',
        `/api/v1/clusters?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(res.json));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['ap-prod', 'dev-1', 'eu-prod', 'eu-staging', 'minimal', 'us-prod']);
    expect(pages).toBe(3);
  });
});

describe('kubeconfig import', () => {
  const kubeconfig = readFileSync(path.join(FIXTURES, 'kubeconfig.two-contexts.yaml'), 'utf8');
  const fixtureToken = /token: (\S+)/.exec(kubeconfig)![1]!;

  it('a dry run lists every context with its server and no credentials', async () => {
    const res = await app.call('POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig, dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.json.contexts.map((c: { context: string; server: string; current: boolean }) => [c.context, c.server, c.current])).toEqual([
      ['context1', 'https://127.0.0.1:6443', false],
      ['context2', 'http://127.0.0.1:8001', true],
    ]);
    expect(res.text).not.toContain(fixtureToken);
    expect(res.text).not.toContain('PRIVATE KEY');
  });

  it('registers one cluster per chosen context, all in one go', async () => {
    const res = await app.call('POST', '/api/v1/clusters/import-kubeconfig', {
      body: {
        kubeconfig,
        clusters: [
          { context: 'context1', name: 'kc-one', labels: { source: 'kubeconfig' }, prometheus: { url: 'http://one.prom:9090' } },
          { context: 'context2', prometheus: { url: 'http://two.prom:9090' } },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.clusters.map((c: { name: string; kubernetes: { server: string; auth: string } }) => [c.name, c.kubernetes.server, c.kubernetes.auth])).toEqual([
      ['kc-one', 'https://127.0.0.1:6443', 'clientCertificate'],
      ['context2', 'http://127.0.0.1:8001', 'token'],
    ]);
    expect(res.text).not.toContain(fixtureToken);
  });

  it('is all-or-nothing: a name that exists fails the whole import', async () => {
    const before = await app.database.query('SELECT id FROM clusters');
    const res = await app.call('POST', '/api/v1/clusters/import-kubeconfig', {
      body: {
        kubeconfig,
        clusters: [
          { context: 'context1', name: 'fresh-name', prometheus: { url: 'http://x.prom:9090' } },
          { context: 'context2', name: 'kc-one', prometheus: { url: 'http://y.prom:9090' } },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(await app.database.query('SELECT id FROM clusters')).toHaveLength(before.length);
  });
});

describe('connection test against a real Prometheus and a Kubernetes /version', () => {
  let prometheus: RunningPrometheus;
  let kube: TestServer;
  let id: string;
  beforeAll(async () => {
    prometheus = await startPrometheus();
    kube = await startKubeApi({ token: KUBE_TOKEN });
    const res = await app.call('POST', '/api/v1/clusters', {
      body: { name: 'live', prometheus: { url: prometheus.url, auth: { type: 'bearer', token: PROM_TOKEN } }, kubernetes: { server: kube.url, token: KUBE_TOKEN } },
    });
    id = res.json.id;
  });
  afterAll(async () => {
    await prometheus?.stop();
    await kube?.close();
  });

  it('reports versions and latency, and records a healthy status', async () => {
    const res = await app.call('POST', `/api/v1/clusters/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.json.status).toEqual({ state: 'healthy', reason: null });
    expect(res.json.prometheus).toMatchObject({ ok: true, version: installedPrometheusVersion() });
    expect(res.json.kubernetes).toMatchObject({ ok: true, version: JSON.parse(kubeFixture('version.json')).gitVersion });
    expect(res.json.prometheus.latencyMs).toBeGreaterThanOrEqual(0);
    const listed = await app.call('GET', `/api/v1/clusters/${id}`);
    expect(listed.json.status.state).toBe('healthy');
    expect(listed.json.versions).toEqual({ prometheus: installedPrometheusVersion(), kubernetes: JSON.parse(kubeFixture('version.json')).gitVersion });
  });

  it('tests unsaved settings and names the precise failure', async () => {
    const res = await app.call('POST', '/api/v1/clusters/test', {
      body: { prometheus: { url: 'http://prometheus.invalid:9090' }, kubernetes: { server: kube.url, token: 'wrong-token' } },
    });
    expect(res.status).toBe(200);
    expect(res.json.status.state).toBe('unreachable');
    expect(res.json.prometheus.error.kind).toBe('dns');
    expect(res.json.kubernetes.error.kind).toBe('unauthorized');
  });

  it('records unreachable with the reason once Prometheus is gone', async () => {
    await prometheus.stop();
    const res = await app.call('POST', `/api/v1/clusters/${id}/test`);
    expect(res.json.status.state).toBe('unreachable');
    expect(res.json.prometheus.error.kind).toBe('refused');
    expect((await app.call('GET', `/api/v1/clusters/${id}`)).json.status.reason).toMatch(/^Prometheus: connection refused/);
  });
});

describe('ad-hoc PromQL scoped to a cluster', () => {
  let prometheus: RunningPrometheus;
  let shared: string;
  let dedicated: string;
  beforeAll(async () => {
    prometheus = await startPrometheus();
    // The test Prometheus scrapes nothing: its own query engine still answers expressions.
    shared = (await app.call('POST', '/api/v1/clusters', { body: { name: 'tenant-a', prometheus: { url: prometheus.url, selector: '{cluster="a"}' } } })).json.id;
    dedicated = (await app.call('POST', '/api/v1/clusters', { body: { name: 'own-prom', prometheus: { url: prometheus.url } } })).json.id;
  });
  afterAll(() => prometheus?.stop());

  it('answers with Prometheus\u2019s result', async () => {
    const res = await app.call('POST', `/api/v1/clusters/${dedicated}/query`, { body: { query: '1 + 1' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ resultType: 'scalar', result: { value: 2 }, warnings: [] });
  });

  it('injects the cluster selector (Prometheus echoes the selector in label_replace output)', async () => {
    const query = 'absent(nonexistent_metric)';
    const scoped = await app.call('POST', `/api/v1/clusters/${shared}/query`, { body: { query } });
    const plain = await app.call('POST', `/api/v1/clusters/${dedicated}/query`, { body: { query } });
    // absent() returns the equality matchers of its selector as labels: proof of injection.
    expect(scoped.json.result[0].metric).toEqual({ cluster: 'a' });
    expect(plain.json.result[0].metric).toEqual({});
  });

  it('runs range queries for charts, with Prometheus\u2019s step semantics and a point limit', async () => {
    const end = new Date(Math.floor(Date.now() / 1000) * 1000);
    const start = new Date(end.getTime() - 60_000);
    const body = { query: 'vector(1)', start: start.toISOString(), end: end.toISOString(), stepSeconds: 15 };
    const res = await app.call('POST', `/api/v1/clusters/${dedicated}/query_range`, { body });
    expect(res.status).toBe(200);
    // 60 s at a 15 s step: start, +15, +30, +45, end = 5 points, each value 1.
    expect(res.json.series[0].points.map((p: [number, number]) => [p[0] - start.getTime(), p[1]])).toEqual([
      [0, 1], [15_000, 1], [30_000, 1], [45_000, 1], [60_000, 1],
    ]);
    const tooMany = await app.call('POST', `/api/v1/clusters/${dedicated}/query_range`, { body: { ...body, start: new Date(end.getTime() - 30 * 86_400_000).toISOString(), stepSeconds: 1 } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.issues[0].path).toBe('stepSeconds');
    const backwards = await app.call('POST', `/api/v1/clusters/${dedicated}/query_range`, { body: { ...body, start: body.end, end: body.start } });
    expect(backwards.json.error.issues[0]).toEqual({ path: 'end', message: 'must be after start' });
  });

  it('reports PromQL errors with their position, and an unreachable Prometheus as 502', async () => {
    const bad = await app.call('POST', `/api/v1/clusters/${dedicated}/query`, { body: { query: 'sum(rate(x[5m])' } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0]).toMatchObject({ path: 'query' });
    expect(bad.json.error.issues[0].message).toMatch(/PromQL syntax error at character \d+/);
    const rejected = await app.call('POST', `/api/v1/clusters/${dedicated}/query`, { body: { query: 'rate(vector(1)[5m])' } });
    expect(rejected.status).toBe(422);
    expect(rejected.json.error.issues[0].message).toMatch(/ranges only allowed for vector selectors|expected type range vector/);
    const down = (await app.call('POST', '/api/v1/clusters', { body: { name: 'nowhere', prometheus: { url: 'http://127.0.0.1:1' } } })).json.id;
    const unreachable = await app.call('POST', `/api/v1/clusters/${down}/query`, { body: { query: 'up' } });
    expect(unreachable.status).toBe(502);
    expect(unreachable.json.error.message).toMatch(/did not answer/);
  });
});

describe('secrets', () => {
  it('never appear in a response body or a log line', () => {
    const kubeconfig = readFileSync(path.join(FIXTURES, 'kubeconfig.two-contexts.yaml'), 'utf8');
    const fixtureToken = /token: (\S+)/.exec(kubeconfig)![1]!;
    const fixtureKey = /client-key-data: (\S+)/.exec(kubeconfig)![1]!;
    const keyPem = Buffer.from(fixtureKey, 'base64').toString('utf8').split('\n')[1]!;
    expect(app.responses.length).toBeGreaterThan(20);
    expect(app.process.logs.length).toBeGreaterThan(5);
    expect(leakedSecrets(app, [PROM_TOKEN, PROM_PASSWORD, TENANT_HEADER, KUBE_TOKEN, fixtureToken, keyPem, app.adminToken])).toEqual([]);
  });
});

describe('responses', () => {
  it('match the schemas the OpenAPI document publishes', () => {
    const checks: [RegExp, string, number, { parse(v: unknown): unknown }][] = [
      [/^\/api\/v1\/clusters$/, 'POST', 201, clusterViewSchema],
      [/^\/api\/v1\/clusters\/[0-9a-f-]{36}$/, 'GET', 200, clusterViewSchema],
      [/^\/api\/v1\/clusters\/[0-9a-f-]{36}$/, 'PATCH', 200, clusterViewSchema],
      [/^\/api\/v1\/clusters(\?.*)?$/, 'GET', 200, clusterPageSchema],
      [/^\/api\/v1\/clusters\/([0-9a-f-]{36}\/)?test$/, 'POST', 200, connectionTestSchema],
      [/^\/api\/v1\/clusters\/import-kubeconfig$/, 'POST', 201, kubeconfigImportResultSchema],
      [/^\/api\/v1\/clusters\/import-kubeconfig$/, 'POST', 200, kubeconfigImportResultSchema],
    ];
    let checked = 0;
    for (const response of app.responses) {
      for (const [pattern, method, status, schema] of checks) {
        if (response.method === method && response.status === status && pattern.test(response.path)) {
          schema.parse(JSON.parse(response.text));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
