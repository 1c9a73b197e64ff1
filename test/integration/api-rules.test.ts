// Rule groups, alerts, rule files and backtests over real HTTP: the built web process, a real
// PostgreSQL, a real Prometheus (loaded through remote write) and promtool as the oracle for exports.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeAlertsSchema, alertHistorySchema, backtestResponseSchema, ruleGroupViewSchema, ruleImportResultSchema } from '../../lib/api/rule-response-schemas';
import { startLocalPrometheus, type LocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { RemoteWriteClient } from '../../lib/prometheus/remote-write';
import { startWebApp, type WebApp } from '../support/web-app';

let app: WebApp;
let prometheus: LocalPrometheus;
let clusterId: string;
let dir: string;
const M = 60_000;

beforeAll(async () => {
  [app, prometheus] = await Promise.all([startWebApp(), startLocalPrometheus()]);
  dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-rules-api-'));
  // Two hours of a load series that is above 90 for 10 minutes in the middle.
  const start = Math.floor((Date.now() - 2 * 3600_000) / M) * M;
  const samples = Array.from({ length: 120 }, (_, i) => ({ timestampMs: start + i * M, value: i >= 50 && i < 60 ? 97 : 40 }));
  await new RemoteWriteClient(prometheus.url).write([{ labels: [{ name: '__name__', value: 'kw_cpu' }, { name: 'instance', value: 'n1' }], samples }]);
  clusterId = (await app.call('POST', '/api/v1/clusters', { body: { name: 'rules-api', prometheus: { url: prometheus.url } } })).json.id;
}, 120_000);
afterAll(async () => {
  await Promise.all([app?.stop(), prometheus?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const GROUP = {
  name: 'nodes',
  interval: '30s',
  rules: [
    { alert: 'CPUHigh', expr: 'kw_cpu > 90', for: '3m', severity: 'critical', annotations: { summary: 'CPU {{ $value }} on {{ $labels.instance }}' } },
    { alert: 'MemoryHigh', threshold: { metric: 'node_memory_used_percent', operator: '>', value: 80 }, for: '3m', recoveryThreshold: 70 },
  ],
};

describe('rule groups CRUD', () => {
  let id: string;

  it('creates a group; threshold rules come back with their compiled PromQL', async () => {
    const res = await app.call('POST', '/api/v1/rule-groups', { body: GROUP });
    expect(res.status, res.text).toBe(201);
    const view = ruleGroupViewSchema.parse(res.json);
    id = view.id;
    expect(res.headers.get('location')).toBe(`/api/v1/rule-groups/${id}`);
    expect(view).toMatchObject({ name: 'nodes', interval: '30s', scope: { type: 'all' }, paused: false, version: 1 });
    expect(view.rules[1]).toMatchObject({
      alert: 'MemoryHigh',
      expr: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 80',
      noDataState: 'ok',
      errorState: 'keep_last',
      keepFiringFor: '0s',
    });
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups.map((g: { name: string }) => g.name)).toEqual(['nodes']);
  });

  it('PUT keeps rule ids matched by alert name (their alerts keep their state) and bumps the version', async () => {
    const before = (await app.call('GET', `/api/v1/rule-groups/${id}`)).json;
    const res = await app.call('PUT', `/api/v1/rule-groups/${id}`, { body: { ...GROUP, rules: [{ ...GROUP.rules[0], for: '5m' }, { alert: 'New', expr: 'up == 0' }] } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.rules[0].id).toBe(before.rules[0].id);
    expect(res.json.rules[0].for).toBe('5m');
    expect(res.json.rules[1].id).not.toBe(before.rules[1].id);
    expect(res.json.version).toBe(2);
  });

  it('PATCH merges group fields and keeps the rules', async () => {
    const res = await app.call('PATCH', `/api/v1/rule-groups/${id}`, { body: { paused: true, description: 'node health' } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ paused: true, description: 'node health', version: 3 });
    expect(res.json.rules.map((r: { alert: string }) => r.alert)).toEqual(['CPUHigh', 'New']);
  });

  it('a second group with the same name is a 409', async () => {
    expect((await app.call('POST', '/api/v1/rule-groups', { body: GROUP })).status).toBe(409);
  });

  it('DELETE removes it; the audit log has the whole story', async () => {
    expect((await app.call('DELETE', `/api/v1/rule-groups/${id}`)).status).toBe(204);
    expect((await app.call('GET', `/api/v1/rule-groups/${id}`)).status).toBe(404);
    const audit = (await app.call('GET', '/api/v1/audit?limit=20')).json.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['rule_group.create', 'rule_group.update', 'rule_group.delete']));
  });
});

describe('bad rule input: a 422 at the field, and nothing written', () => {
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['PromQL syntax error with its position', { ...GROUP, rules: [{ alert: 'A', expr: 'sum(rate(x[5m]) by (job)' }] }, 'rules.0.expr', /character \d+/],
    ['a duration Prometheus does not accept', { ...GROUP, rules: [{ alert: 'A', expr: 'up', for: '5 minutes' }] }, 'rules.0.for', /not a valid duration/],
    ['an interval under 10s', { ...GROUP, interval: '5s' }, 'interval', /at least 10s/],
    ['expr and threshold together', { ...GROUP, rules: [{ alert: 'A', expr: 'up', threshold: { metric: 'node_memory_used_percent', operator: '>', value: 1 } }] }, 'rules.0.threshold', /either expr or threshold/],
    ['a label name Prometheus refuses', { ...GROUP, rules: [{ alert: 'A', expr: 'up', labels: { 'team-name': 'x' } }] }, 'rules.0.labels.team-name', /not a valid label name/],
    ['the engine-owned cluster label', { ...GROUP, rules: [{ alert: 'A', expr: 'up', labels: { cluster: 'x' } }] }, 'rules.0.labels.cluster', /set by the engine/],
    ['hysteresis without a comparison', { ...GROUP, rules: [{ alert: 'A', expr: 'rate(x[5m])', recoveryThreshold: 3 }] }, 'rules.0.recoveryThreshold', /comparison/],
    ['an unknown field', { ...GROUP, rules: [{ alert: 'A', expr: 'up', fro: '5m' }] }, 'rules.0', /fro/],
    ['a scope cluster that does not exist', { ...GROUP, scope: { type: 'cluster', clusterId: '00000000-0000-4000-8000-000000000000' } }, 'scope.clusterId', /no cluster/],
    ['a scope selector that does not parse', { ...GROUP, scope: { type: 'selector', selector: 'env in (prod' } }, 'scope.selector', /selector/],
    ['no rules', { ...GROUP, rules: [] }, 'rules', /.+/],
    ['an annotation template Prometheus cannot parse', { ...GROUP, rules: [{ alert: 'A', expr: 'up', annotations: { summary: '{{ $labels.x ' } }] }, 'rules.0.annotations.summary', /unclosed action/],
    ['a label template calling an unknown function', { ...GROUP, rules: [{ alert: 'A', expr: 'up', labels: { team: '{{ nope }}' } }] }, 'rules.0.labels.team', /function "nope" not defined/],
  ];

  it.each(cases)('%s', async (_name, body, issuePath, message) => {
    const res = await app.call('POST', '/api/v1/rule-groups', { body });
    expect(res.status, res.text).toBe(422);
    const issue = res.json.error.issues.find((i: { path: string }) => i.path === issuePath);
    expect(issue, JSON.stringify(res.json.error.issues)).toBeDefined();
    expect(issue.message).toMatch(message);
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups).toEqual([]);
  });

  it('what only Prometheus can tell (types, unknown functions) comes from the scope\u2019s Prometheus, with its position', async () => {
    const body = { ...GROUP, scope: { type: 'cluster', clusterId }, rules: [{ alert: 'A', expr: 'up' }, { alert: 'B', expr: 'rate(kw_cpu)' }, { alert: 'C', expr: 'limitk(2, up)' }] };
    const res = await app.call('POST', '/api/v1/rule-groups', { body });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.issues).toEqual([
      { path: 'rules.1.expr', message: 'Prometheus of cluster rules-api: 1:6: parse error: expected type range vector in call to function "rate", got instant vector' },
      { path: 'rules.2.expr', message: 'Prometheus of cluster rules-api: 1:1: parse error: unknown function with name "limitk"' },
    ]);
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups).toEqual([]);
  });

  it('alert filters and history queries are checked too', async () => {
    expect((await app.call('GET', '/api/v1/alerts?filter=team%3D~%22(%22')).status).toBe(422);
    expect((await app.call('GET', '/api/v1/alerts?state=resolved')).status).toBe(422);
    expect((await app.call('GET', '/api/v1/alerts/history?fingerprint=xyz')).status).toBe(422);
    expect(activeAlertsSchema.parse((await app.call('GET', '/api/v1/alerts?filter=team%3D%22db%22')).json)).toEqual({ alerts: [], counts: { firing: 0, pending: 0 } });
    expect(alertHistorySchema.parse((await app.call('GET', '/api/v1/alerts/history')).json)).toEqual({ transitions: [], nextCursor: null });
  });
});

describe('rule files', () => {
  const FILE = [
    'groups:',
    '  - name: imported',
    '    interval: 1m',
    '    rules:',
    '      - record: job:up:sum',
    '        expr: sum by (job) (up)',
    '      - alert: InstanceDown',
    '        expr: up == 0',
    '        for: 5m',
    '        labels:',
    '          severity: page',
    '        annotations:',
    '          summary: "{{ $labels.instance }} down"',
    '',
  ].join('\n');

  it('a dry run reports what would be imported and the recording rule by line', async () => {
    const res = await app.call('POST', '/api/v1/rule-groups/import', { body: { content: FILE, dryRun: true } });
    expect(res.status, res.text).toBe(200);
    const result = ruleImportResultSchema.parse(res.json);
    expect(result.groups).toEqual([{ name: 'imported', rules: 1, action: 'created' }]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 5, name: 'job:up:sum', severity: 'unsupported' })]);
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups).toEqual([]);
  });

  it('an error anywhere refuses the whole file, naming the line', async () => {
    const res = await app.call('POST', '/api/v1/rule-groups/import', { body: { content: FILE.replace('for: 5m', 'for: 5 minutes') } });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.issues[0].path).toBe('content:9:14');
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups).toEqual([]);
  });

  it('imports, and the export is a rule file promtool accepts with the same alert', async () => {
    const imported = await app.call('POST', '/api/v1/rule-groups/import', { body: { content: FILE } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json.groups[0]).toMatchObject({ name: 'imported', action: 'created', rules: 1 });
    const exported = await app.call('GET', '/api/v1/rule-groups/export?format=prometheus');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/yaml/);
    const file = path.join(dir, 'export.rules.yml');
    await writeFile(file, exported.text);
    expect(execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })).toMatch(/SUCCESS: 1 rules found/);
    expect(exported.text).toMatch(/alert: InstanceDown[\s\S]*severity: page/);
    const crd = await app.call('GET', '/api/v1/rule-groups/export?format=prometheusrule&name=team-rules&namespace=ops');
    expect(crd.text).toMatch(/kind: PrometheusRule[\s\S]*name: team-rules[\s\S]*namespace: ops/);
    // Importing again replaces the group instead of duplicating it.
    const again = await app.call('POST', '/api/v1/rule-groups/import', { body: { content: FILE } });
    expect(again.json.groups[0].action).toBe('replaced');
    expect((await app.call('GET', '/api/v1/rule-groups')).json.groups).toHaveLength(1);
  });

  it('serves the template library, every template accepted as a rule', async () => {
    const { templates } = (await app.call('GET', '/api/v1/rule-templates')).json;
    expect(templates.length).toBeGreaterThanOrEqual(10);
    const res = await app.call('POST', '/api/v1/rule-groups', { body: { name: 'templates', rules: templates.map((t: { rule: unknown }) => t.rule) } });
    expect(res.status, res.text).toBe(201);
  });
});

describe('backtest', () => {
  const rule = { alert: 'CPUHigh', expr: 'kw_cpu > 90', for: '3m', annotations: { summary: 'CPU {{ $value }}' } };

  it('shows when the rule would have been pending and firing, and what it would have sent', async () => {
    const res = await app.call('POST', '/api/v1/rules/backtest', { body: { clusterId, rules: [rule], range: '2h', interval: '1m' } });
    expect(res.status, res.text).toBe(200);
    const [result] = backtestResponseSchema.parse(res.json).results;
    // Above 90 for minutes 50..59 of the data: pending 3 minutes, then firing until the drop.
    expect(result!.instances).toHaveLength(1);
    const [pending, firing] = result!.instances[0]!.intervals;
    expect(pending!.state).toBe('pending');
    expect(firing!.state).toBe('firing');
    expect(Date.parse(firing!.start) - Date.parse(pending!.start)).toBe(3 * M);
    expect(Date.parse(firing!.end!) - Date.parse(pending!.start)).toBe(10 * M);
    expect(result!.notifications.map((n) => n.status)).toEqual(['firing', 'resolved']);
    expect(result!.notifications[0]!.labels).toEqual({ alertname: 'CPUHigh', cluster: 'rules-api', instance: 'n1' });
    expect(result!.notifications[0]!.annotations).toEqual({ summary: 'CPU 97' });
    // The chart series is the filtered expression: a point for each of the 10 minutes above 90.
    expect(result!.series[0]!.points.map((p) => p[1])).toEqual(Array(10).fill(97));
  });

  it('Prometheus\u2019s own error for a query it rejects is a 422 at the rule', async () => {
    const res = await app.call('POST', '/api/v1/rules/backtest', { body: { clusterId, rules: [{ alert: 'Bad', expr: 'rate(kw_cpu)' }], range: '1h' } });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.issues[0].path).toBe('rules.0.expr');
    expect(res.json.error.issues[0].message).toMatch(/range vector/);
  });

  it('an unreachable Prometheus is a 502, a missing cluster a 404', async () => {
    const down = (await app.call('POST', '/api/v1/clusters', { body: { name: 'down', prometheus: { url: 'http://127.0.0.1:9' } } })).json.id;
    expect((await app.call('POST', '/api/v1/rules/backtest', { body: { clusterId: down, rules: [rule], range: '1h' } })).status).toBe(502);
    expect((await app.call('POST', '/api/v1/rules/backtest', { body: { clusterId: '00000000-0000-4000-8000-000000000000', rules: [rule], range: '1h' } })).status).toBe(404);
  });
});
