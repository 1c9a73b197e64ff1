// GET /api/v1/search over real HTTP and a real PostgreSQL: who may call it, what it refuses, and
// what it finds (clusters by name and label, active alerts, rule groups, rules, SLOs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFiringAlert } from '../support/firing-alert';
import { startWebApp, type WebApp } from '../support/web-app';

let app: WebApp;
let viewer: { cookie: string };
let cluster: { id: string; name: string };

beforeAll(async () => {
  app = await startWebApp();
  const user = await app.call('POST', '/api/v1/users', { body: { name: 'Vic', email: 'vic@example.com', password: 'vic-password-1234', role: 'viewer' } });
  expect(user.status).toBe(201);
  viewer = await app.signIn('vic@example.com', 'vic-password-1234');
  const created = await app.call('POST', '/api/v1/clusters', { body: { name: 'search-prod-eu', displayName: 'Search Prod EU', labels: { env: 'prod', region: 'eu' }, prometheus: { url: 'http://127.0.0.1:9' } } });
  expect(created.status).toBe(201);
  cluster = { id: created.json.id, name: created.json.name };
  expect((await app.call('POST', '/api/v1/clusters', { body: { name: 'search-dev-us', labels: { env: 'dev', region: 'us' }, prometheus: { url: 'http://127.0.0.1:9' } } })).status).toBe(201);
  const group = await app.call('POST', '/api/v1/rule-groups', {
    body: { name: 'search-nodes', interval: '1m', scope: { type: 'all' }, rules: [{ alert: 'SearchDiskFull', expr: 'vector(1)', for: '0s', severity: 'critical' }] },
  });
  expect(group.status, group.text).toBe(201);
  await storeFiringAlert(app, { ruleId: group.json.rules[0].id, groupId: group.json.id, alertname: 'SearchDiskFull', cluster, labels: { team: 'storage' }, summary: 'disk full' });
  const slo = await app.call('POST', '/api/v1/slos', {
    body: { name: 'search-api-availability', objective: 99.9, window: '30d', scope: { type: 'all' }, sli: { type: 'ratio', errors: 'sum(rate(x_errors[{{window}}]))', total: 'sum(rate(x_total[{{window}}]))' } },
  });
  expect(slo.status, slo.text).toBe(201);
});
afterAll(async () => {
  await app?.stop();
});

const kinds = (json: { groups: { kind: string; items: { title: string }[] }[] }) => Object.fromEntries(json.groups.map((g) => [g.kind, g.items.map((i) => i.title)]));

describe('GET /api/v1/search', () => {
  it('needs credentials; a viewer may search', async () => {
    expect((await app.call('GET', '/api/v1/search?q=prod', { as: 'anonymous' })).status).toBe(401);
    const res = await app.call('GET', '/api/v1/search?q=prod', { as: viewer });
    expect(res.status).toBe(200);
    expect(res.json.q).toBe('prod');
  });

  it('refuses a missing q and a bad limit with 422 and what is wrong', async () => {
    for (const [query, path] of [['', 'q'], ['q=', 'q'], ['q=x&limit=0', 'limit'], ['q=x&limit=51', 'limit'], ['q=x&limit=abc', 'limit'], ['q=x&limit=1.5', 'limit'], ['q=x&sort=name', '(body)']] as const) {
      const res = await app.call('GET', `/api/v1/search?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.json.error.code).toBe('invalid_query');
      expect(res.json.error.issues.map((i: { path: string }) => i.path), query).toContain(path);
    }
    expect((await app.call('GET', `/api/v1/search?q=${'x'.repeat(201)}`)).status).toBe(422);
  });

  it('finds clusters by name and by label, every term having to match', async () => {
    const byName = await app.call('GET', '/api/v1/search?q=search-prod');
    expect(byName.json.groups[0]).toMatchObject({ kind: 'cluster', items: [{ id: cluster.id, title: 'Search Prod EU (search-prod-eu)', href: `/clusters/${cluster.id}` }] });
    expect(byName.json.groups[0].items[0].detail).toContain('env=prod');
    expect(kinds((await app.call('GET', '/api/v1/search?q=region=us')).json).cluster).toEqual(['search-dev-us']);
    expect(kinds((await app.call('GET', '/api/v1/search?q=search env=prod')).json).cluster).toEqual(['Search Prod EU (search-prod-eu)']);
    expect((await app.call('GET', '/api/v1/search?q=search-nothing-like-this')).json).toEqual({ q: 'search-nothing-like-this', groups: [], total: 0 });
  });

  it('finds the firing alert by alertname, cluster, label and state, linking to its page', async () => {
    for (const q of ['SearchDiskFull', 'diskfull search-prod-eu', 'team=storage', 'firing storage']) {
      const res = await app.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      const alerts = res.json.groups.find((g: { kind: string }) => g.kind === 'alert');
      expect(alerts?.items, q).toHaveLength(1);
      expect(alerts.items[0]).toMatchObject({ title: 'SearchDiskFull on search-prod-eu', href: expect.stringMatching(/^\/alerts\/[0-9a-f]{16}$/) });
      expect(alerts.items[0].detail).toContain('firing');
    }
  });

  it('finds rule groups, rules and SLOs; limit caps each kind', async () => {
    const res = await app.call('GET', '/api/v1/search?q=search');
    const found = kinds(res.json);
    expect(found.ruleGroup).toContain('search-nodes');
    expect(found.rule![0]).toBe('SearchDiskFull'); // by its name first; the SLO's generated rules match by their group's name
    expect(found.slo).toEqual(['search-api-availability']);
    expect(res.json.groups.map((g: { kind: string }) => g.kind)).toEqual(['cluster', 'alert', 'ruleGroup', 'rule', 'slo']);
    const one = await app.call('GET', '/api/v1/search?q=search&limit=1');
    expect(one.json.groups.every((g: { items: unknown[] }) => g.items.length === 1)).toBe(true);
    expect(one.json.total).toBe(one.json.groups.length);
  });

  it('GET /api/v1/alerts/counts counts the firing alert', async () => {
    expect((await app.call('GET', '/api/v1/alerts/counts', { as: viewer })).json).toEqual({ firing: 1, pending: 0 });
    expect((await app.call('GET', '/api/v1/alerts/counts', { as: 'anonymous' })).status).toBe(401);
  });
});
