// Rule-file import and export. Expected positions are read off the fixtures (see `at`), messages
// and accept/reject decisions follow Prometheus 2.42's rulefmt (the integration test checks the
// same kinds of files against promtool itself).
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  exportPrometheusRule,
  exportPrometheusRuleFile,
  type ExportableGroup,
  type ParsedRuleFile,
  parseRuleFile,
  type RuleFileProblem,
  toRuleGroupInputs,
} from '../../lib/rules/rule-file';
import { type AlertRuleInput, alertRuleInputSchema } from '../../lib/rules/rule-schema';

/** 1-based line and column of `needle` (its n-th occurrence) in `text`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0, occurrence = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`fixture has no ${JSON.stringify(needle)}`);
  }
  const offset = index + shift;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** The position of the value after `key: ` in the line containing `needle`. */
const valueAt = (text: string, needle: string, occurrence = 0) => at(text, needle, needle.indexOf(': ') + 2, occurrence);

const rule = (input: Record<string, unknown>): AlertRuleInput => alertRuleInputSchema.parse(input);
const errors = (parsed: { problems: RuleFileProblem[] }) => parsed.problems.filter((p) => p.severity === 'error');
const alerts = (parsed: ParsedRuleFile) =>
  parsed.groups.flatMap((g) => g.items.flatMap((item) => (item.kind === 'alert' ? [item.rule] : [])));

const RULE_FILE = `# Node alerts, kept next to prometheus.yml.
groups:
  - name: node.rules
    interval: 30s
    rules:
      - record: instance:node_cpu_utilisation:rate5m
        expr: 1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{mode=~"idle|iowait|steal"}[5m])))
      - alert: NodeHighCPU
        expr: |
          instance:node_cpu_utilisation:rate5m > 0.9
        for: 60m
        keep_firing_for: 5m
        labels:
          severity: critical
          team: infra
        annotations:
          summary: 'High CPU on {{ $labels.instance }}'
          description: >-
            CPU utilisation is {{ $value | humanizePercentage }}
            on {{ $labels.instance }}.
  - name: availability
    limit: 10
    rules:
      - alert: InstanceDown
        expr: up == 0
        for: 5m
        labels:
          severity: "warning"
        annotations:
          summary: "Instance {{ $labels.instance }} down"
      - alert: Watchdog
        expr: vector(1)
`;

describe('parseRuleFile: a Prometheus rule file', () => {
  const parsed = parseRuleFile(RULE_FILE, { fileName: 'node.rules.yml' });

  it('reads the groups with their canonical interval and limit', () => {
    expect(parsed.groups.map((g) => [g.name, g.interval, g.limit, g.line, g.path])).toEqual([
      ['node.rules', '30s', undefined, at(RULE_FILE, 'name: node.rules').line, 'groups[0]'],
      ['availability', undefined, 10, at(RULE_FILE, 'name: availability').line, 'groups[1]'],
    ]);
  });

  it('keeps recording and alerting rules in file order, with their lines', () => {
    expect(parsed.groups[0]!.items.map((i) => [i.kind, i.line, i.path])).toEqual([
      ['record', at(RULE_FILE, 'record: instance').line, 'groups[0].rules[0]'],
      ['alert', at(RULE_FILE, 'alert: NodeHighCPU').line, 'groups[0].rules[1]'],
    ]);
    expect(parsed.groups[0]!.items[0]).toMatchObject({
      kind: 'record',
      record: 'instance:node_cpu_utilisation:rate5m',
      expr: '1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{mode=~"idle|iowait|steal"}[5m])))',
      labels: {},
    });
  });

  it('maps Prometheus fields to the schema: severity label, for, keep_firing_for, folded text', () => {
    expect(parsed.groups[0]!.items[1]).toMatchObject({
      kind: 'alert',
      rule: {
        alert: 'NodeHighCPU',
        expr: 'instance:node_cpu_utilisation:rate5m > 0.9',
        for: '1h',
        keepFiringFor: '5m',
        severity: 'critical',
        labels: { team: 'infra' },
        annotations: {
          summary: 'High CPU on {{ $labels.instance }}',
          description: 'CPU utilisation is {{ $value | humanizePercentage }} on {{ $labels.instance }}.',
        },
        noDataState: 'ok',
        errorState: 'keep_last',
        enabled: true,
      },
    });
    expect(alerts(parsed).map((r) => [r.alert, r.severity, r.for])).toEqual([
      ['NodeHighCPU', 'critical', '1h'],
      ['InstanceDown', 'warning', '5m'],
      ['Watchdog', undefined, '0s'],
    ]);
  });

  it('reports only the group limit, as unsupported, at its value', () => {
    expect(parsed.problems).toEqual([
      { ...valueAt(RULE_FILE, 'limit: 10'), path: 'groups[1].limit', name: 'availability', severity: 'unsupported', message: expect.stringContaining('limit 10') },
    ]);
  });
});

describe('toRuleGroupInputs', () => {
  const imported = toRuleGroupInputs(parseRuleFile(RULE_FILE));

  it('imports the alert rules into groups (interval 1m when the file sets none)', () => {
    expect(imported.groups.map((g) => [g.name, g.interval, g.scope, g.paused, g.rules.map((r) => r.alert)])).toEqual([
      ['node.rules', '30s', { type: 'all' }, false, ['NodeHighCPU']],
      ['availability', '1m', { type: 'all' }, false, ['InstanceDown', 'Watchdog']],
    ]);
  });

  it('reports each recording rule as not imported, naming the alerts that use it', () => {
    const record = imported.problems.find((p) => p.path === 'groups[0].rules[0]');
    expect(record).toMatchObject({ ...at(RULE_FILE, 'record: instance'), name: 'instance:node_cpu_utilisation:rate5m', severity: 'unsupported' });
    expect(record!.message).toMatch(/^recording rule "instance:node_cpu_utilisation:rate5m" is not imported: .*NodeHighCPU/);
    expect(imported.problems.map((p) => p.path)).toEqual(['groups[0].rules[0]', 'groups[1].limit']);
  });

  it('skips a group without alert rules, and checks group settings against the group schema', () => {
    const text = `groups:
  - name: only-records
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
  - name: too-fast
    interval: 5s
    rules:
      - alert: A
        expr: up == 0
`;
    const result = toRuleGroupInputs(parseRuleFile(text));
    expect(result.groups).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.path, p.severity])).toEqual([
      [at(text, 'name: only-records').line, 'groups[0]', 'unsupported'],
      [at(text, 'record:').line, 'groups[0].rules[0]', 'unsupported'],
      [at(text, 'name: too-fast').line, 'groups[1].interval', 'error'],
    ]);
    expect(result.problems[2]!.message).toMatch(/at least 10s/);
  });
});

const CUSTOM_RESOURCE = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: kube-apps
  namespace: monitoring
  labels:
    release: kube-prometheus-stack
spec:
  groups:
    - name: kubernetes-apps
      partial_response_strategy: warn
      rules:
        - alert: KubePodCrashLooping
          annotations:
            description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is in waiting state (reason: "CrashLoopBackOff").'
            summary: Pod is crash looping.
          expr: |
            max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1
          for: 15m
          labels:
            severity: warning
    - name: kube-apps.rules
      rules:
        - record: namespace:kube_pod_container_resource_requests:sum
          expr: sum by (namespace) (kube_pod_container_resource_requests)
          labels:
            source: kube-state-metrics
        - alert: KubeJobFailed
          expr: kube_job_failed{job="kube-state-metrics"} > 0
          for: 15m
          runbook: https://example.com/runbooks/job-failed
          labels:
            severity: warning
`;

describe('parseRuleFile: PrometheusRule resources', () => {
  it('reads spec.groups with the resource name, and reports fields it ignores', () => {
    const parsed = parseRuleFile(CUSTOM_RESOURCE);
    expect(parsed.groups.map((g) => [g.name, g.path, g.resource, g.items.map((i) => i.kind)])).toEqual([
      ['kubernetes-apps', 'spec.groups[0]', { name: 'kube-apps', namespace: 'monitoring' }, ['alert']],
      ['kube-apps.rules', 'spec.groups[1]', { name: 'kube-apps', namespace: 'monitoring' }, ['record', 'alert']],
    ]);
    expect(parsed.groups[1]!.items[0]).toMatchObject({ record: 'namespace:kube_pod_container_resource_requests:sum', labels: { source: 'kube-state-metrics' } });
    expect(alerts(parsed)[0]).toMatchObject({ alert: 'KubePodCrashLooping', for: '15m', severity: 'warning', labels: {} });
    expect(parsed.problems.map((p) => [p.line, p.column, p.path, p.severity, p.name])).toEqual([
      [...Object.values(at(CUSTOM_RESOURCE, 'partial_response_strategy')), 'spec.groups[0].partial_response_strategy', 'unsupported', 'kubernetes-apps'],
      [...Object.values(at(CUSTOM_RESOURCE, 'runbook:')), 'spec.groups[1].rules[1].runbook', 'unsupported', 'KubeJobFailed'],
    ]);
  });

  it('reads a multi-document stream, skipping other kinds', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: not-rules
data:
  a: b
---
${CUSTOM_RESOURCE}`;
    const parsed = parseRuleFile(text);
    expect(parsed.groups.map((g) => g.path)).toEqual(['documents[1].spec.groups[0]', 'documents[1].spec.groups[1]']);
    expect(parsed.groups[0]!.line).toBe(at(text, 'name: kubernetes-apps').line);
    expect(parsed.problems[0]).toMatchObject({ ...valueAt(text, 'kind: ConfigMap'), path: 'documents[0].kind', severity: 'unsupported' });
  });

  it('reads a kind: List; group names repeat across resources (one rule file each)', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata: { name: a, namespace: team-a }
    spec:
      groups:
        - name: same
          rules:
            - alert: A
              expr: up == 0
  - apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata: { name: b, namespace: team-b }
    spec:
      groups:
        - name: same
          rules:
            - alert: B
              expr: up == 0
`;
    const parsed = parseRuleFile(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.groups.map((g) => [g.name, g.path, g.resource?.name, alerts({ groups: [g], problems: [] })[0]?.alert])).toEqual([
      ['same', 'items[0].spec.groups[0]', 'a', 'A'],
      ['same', 'items[1].spec.groups[0]', 'b', 'B'],
    ]);
  });

  it('rejects another apiVersion', () => {
    const text = CUSTOM_RESOURCE.replace('monitoring.coreos.com/v1', 'monitoring.coreos.com/v1alpha1');
    const parsed = parseRuleFile(text);
    expect(parsed.groups).toEqual([]);
    expect(errors(parsed)).toEqual([expect.objectContaining({ ...valueAt(text, 'apiVersion: '), path: 'apiVersion' })]);
  });
});

describe('parseRuleFile: problems at their line and column', () => {
  it('reports invalid YAML with its position and never throws', () => {
    const duplicate = `groups:
  - name: g
    rules:
      - alert: A
        expr: up == 0
        expr: up == 1
`;
    expect(parseRuleFile(duplicate)).toEqual({
      groups: [],
      problems: [expect.objectContaining({ ...at(duplicate, 'expr: up == 1'), severity: 'error' })],
    });
    const unclosed = `groups:
  - name: g
    rules:
      - alert: A
        expr: "up == 0
`;
    const parsed = parseRuleFile(unclosed);
    expect(parsed.groups).toEqual([]);
    expect(errors(parsed).length).toBeGreaterThan(0);
    for (const junk of ['', '---\n', '42', '[]', '{', ':\n:', '\u0000\u0001', 'groups: 3', 'groups:\n  - 3', '- a\n- b', 'a: *missing', '"'.repeat(5000)]) {
      const result = parseRuleFile(junk);
      expect(result.groups).toEqual([]);
      for (const problem of result.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
    }
    expect(parseRuleFile('').problems).toEqual([]); // an empty file is a valid, empty rule file
    expect(parseRuleFile('groups: 3').problems).toEqual([expect.objectContaining({ line: 1, column: 9, path: 'groups', severity: 'error' })]);
  });

  it('reports a PromQL syntax error at the character in the file', () => {
    const text = `groups:
  - name: g
    rules:
      - alert: Plain
        expr: up{job="api"
      - alert: Block
        expr: |
          sum by (job) (
            rate(http_requests_total{job="api"}[5m]) +
          )
      - record: job:bad:sum
        expr: "sum(up"
`;
    const parsed = parseRuleFile(text);
    expect(parsed.groups[0]!.items).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.column, p.path, p.name, p.severity])).toEqual([
      // end of input, right after the last character of the one-line value
      [...Object.values(at(text, 'up{job="api"', 'up{job="api"'.length)), 'groups[0].rules[0].expr', 'Plain', 'error'],
      // the closing parenthesis where an operand must follow `+`
      [...Object.values(at(text, '          )', 10)), 'groups[0].rules[1].expr', 'Block', 'error'],
      [...Object.values(at(text, '"sum(up"', 7)), 'groups[0].rules[2].expr', 'job:bad:sum', 'error'],
    ]);
    expect(parsed.problems[0]!.message).toMatch(/PromQL syntax error/);
  });

  it('reports bad durations, and drops a group whose interval is invalid', () => {
    const text = `groups:
  - name: g
    interval: 1.5m
    rules:
      - alert: A
        expr: up == 0
        for: 5 minutes
      - alert: B
        expr: up == 0
        keep_firing_for: 1h30
      - record: job:up:sum
        expr: sum by (job) (up)
        for: 1m
`;
    const parsed = parseRuleFile(text);
    expect(parsed.groups).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.column, p.path, p.name, p.severity])).toEqual([
      [...Object.values(valueAt(text, 'interval: 1.5m')), 'groups[0].interval', 'g', 'error'],
      [...Object.values(valueAt(text, 'for: 5 minutes')), 'groups[0].rules[0].for', 'A', 'error'],
      [...Object.values(valueAt(text, 'keep_firing_for: 1h30')), 'groups[0].rules[1].keep_firing_for', 'B', 'error'],
      // Prometheus reports recording-rule field errors at the record name
      [...Object.values(valueAt(text, 'record: job:up:sum')), 'groups[0].rules[2].for', 'job:up:sum', 'error'],
    ]);
    expect(parsed.problems[1]!.message).toMatch(/not a valid duration/);
    expect(parsed.problems[3]!.message).toBe("invalid field 'for' in recording rule");
  });

  it("applies Prometheus' rule checks and our schema's name rules", () => {
    const text = `groups:
  - name: g
    rules:
      - alert: High CPU
        expr: up == 0
      - record: job-up
        expr: up
      - alert: Both
        record: both
        expr: up
      - expr: up
      - alert: NoExpr
      - alert: BadLabels
        expr: up == 0
        labels:
          9lives: x
          alertname: y
        annotations:
          summary: '{{ $labels.instance '
  - name: g
    rules: []
  - name: ""
    rules: []
`;
    const parsed = parseRuleFile(text);
    expect(parsed.groups.map((g) => [g.name, g.items.length])).toEqual([['g', 0]]);
    expect(parsed.problems.map((p) => [p.line, p.column, p.path, p.severity])).toEqual([
      [...Object.values(valueAt(text, 'alert: High CPU')), 'groups[0].rules[0].alert', 'error'],
      [...Object.values(valueAt(text, 'record: job-up')), 'groups[0].rules[1].record', 'error'],
      [...Object.values(valueAt(text, 'record: both')), 'groups[0].rules[2].record', 'error'],
      [...Object.values(at(text, 'expr: up', 0, 3)), 'groups[0].rules[3]', 'error'],
      [...Object.values(at(text, 'alert: NoExpr')), 'groups[0].rules[4].expr', 'error'],
      [...Object.values(at(text, '9lives')), 'groups[0].rules[5].labels["9lives"]', 'error'],
      [...Object.values(at(text, 'alertname')), 'groups[0].rules[5].labels.alertname', 'error'],
      [...Object.values(valueAt(text, "summary: '{{")), 'groups[0].rules[5].annotations.summary', 'error'],
      // Prometheus reports group problems at the group (its first key)
      [...Object.values(at(text, 'name: g', 0, 1)), 'groups[1].name', 'error'],
      [...Object.values(at(text, 'name: ""')), 'groups[2].name', 'error'],
    ]);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/alert names/),
      'invalid recording rule name: job-up',
      "only one of 'record' and 'alert' must be set",
      "one of 'record' or 'alert' must be set",
      "field 'expr' must be set in rule",
      expect.stringMatching(/not a valid label name/),
      expect.stringMatching(/set by the engine/),
      'annotation "summary": template: __alert_:1: unclosed action',
      'group name "g" is repeated in the same file',
      'group name must not be empty',
    ]);
  });
});

const UUID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const RULE_ID = '7d444840-9dc0-41ab-a2b4-6c5e1c1c1a2b';

const RICH_GROUPS: ExportableGroup[] = [
  {
    name: 'rich',
    interval: '30s',
    description: 'Team SRE: the "rich" group # with a hash',
    scope: { type: 'selector', selector: 'env in (prod, staging)' },
    paused: true,
    rules: [
      rule({ alert: 'DisabledFirst', expr: 'up == 0', enabled: false, labels: { team: 'sre' }, for: '5m' }),
      rule({
        id: RULE_ID,
        alert: 'HighLoad',
        threshold: { metric: 'node_load_per_core_percent', operator: '>', value: 90 },
        for: '5m',
        severity: 'critical',
        labels: { team: 'sre', tier: '1' },
        annotations: { summary: 'Load: {{ $labels.instance }} # not a comment', description: 'line one\nline two\n' },
        noDataState: 'alerting',
        errorState: 'ok',
        recoveryThreshold: 80,
      }),
      rule({
        alert: 'KeepFiring',
        expr: 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))\n  > 1',
        keepFiringFor: '10m',
        annotations: { quote: `it's "quoted"`, unicode: 'Δ ✓ 日本', leading: '  indented', yes: 'yes' },
      }),
      rule({ alert: 'DisabledMiddle', expr: 'vector(1)', enabled: false, errorState: 'alerting', severity: 'info' }),
      rule({ alert: 'Plain', expr: 'up{job="a: b"} == 0', severity: '1' }),
      rule({ alert: 'DisabledLast', threshold: { metric: 'node_memory_used_percent', operator: '>=', value: 95.5 }, enabled: false }),
    ],
  },
  { name: 'all disabled', interval: '1m', rules: [rule({ alert: 'Off', expr: 'up == 0', enabled: false })] },
  { name: 'one cluster', interval: '2m', scope: { type: 'cluster', clusterId: UUID }, rules: [rule({ alert: 'Simple', expr: 'up == 0' })] },
];

const withoutId = ({ id: _id, ...rest }: AlertRuleInput) => rest;

describe('export', () => {
  const text = exportPrometheusRuleFile(RICH_GROUPS);
  const plain = YAML.parse(text) as { groups: Array<{ name: string; interval: string; rules: Array<Record<string, unknown>> }> };

  it('writes Prometheus fields: severity back in labels, for/keep_firing_for only when set, no disabled rules', () => {
    expect(plain.groups.map((g) => [g.name, g.interval, g.rules.map((r) => r.alert)])).toEqual([
      ['rich', '30s', ['HighLoad', 'KeepFiring', 'Plain']],
      ['all disabled', '1m', []],
      ['one cluster', '2m', ['Simple']],
    ]);
    expect(plain.groups[0]!.rules[0]).toEqual({
      alert: 'HighLoad',
      expr: '100 * max by (instance) (node_load1) / count by (instance) (node_cpu_seconds_total{mode="idle"}) > 90',
      for: '5m',
      labels: { severity: 'critical', team: 'sre', tier: '1' },
      annotations: { summary: 'Load: {{ $labels.instance }} # not a comment', description: 'line one\nline two\n' },
    });
    expect(plain.groups[0]!.rules[1]).toEqual({
      alert: 'KeepFiring',
      expr: 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))\n  > 1',
      keep_firing_for: '10m',
      annotations: { quote: `it's "quoted"`, unicode: 'Δ ✓ 日本', leading: '  indented', yes: 'yes' },
    });
    expect(plain.groups[0]!.rules[2]).toEqual({ alert: 'Plain', expr: 'up{job="a: b"} == 0', labels: { severity: '1' } });
  });

  it('keeps what Prometheus cannot express in # kubewatch: comments', () => {
    expect(text).toContain('# kubewatch: noDataState=alerting\n');
    expect(text).toContain('# kubewatch: errorState=ok\n');
    expect(text).toContain('# kubewatch: recoveryThreshold=80\n');
    expect(text).toContain('# kubewatch: paused=true\n');
    expect(text).toContain('# kubewatch: disabled={"alert":"DisabledFirst","expr":"up == 0","for":"5m","labels":{"team":"sre"}}\n');
    expect(text).not.toContain(RULE_ID); // ids belong to this installation
  });

  it('round-trips: export → parse gives the same rules, groups and settings', () => {
    const parsed = parseRuleFile(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.groups.map((g) => g.items.map((i) => (i.kind === 'alert' ? i.rule : i)))).toEqual(RICH_GROUPS.map((g) => g.rules.map(withoutId)));
    const imported = toRuleGroupInputs(parsed);
    expect(imported.problems).toEqual([]);
    expect(imported.groups).toEqual(
      RICH_GROUPS.map((g) => ({
        name: g.name,
        interval: g.interval,
        scope: g.scope ?? { type: 'all' },
        paused: g.paused ?? false,
        ...(g.description ? { description: g.description } : {}),
        rules: g.rules.map(withoutId),
      })),
    );
  });

  it('round-trips a PrometheusRule resource', () => {
    const cr = exportPrometheusRule(RICH_GROUPS, { name: 'kubewatch-rules', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
    const resource = YAML.parse(cr) as Record<string, unknown>;
    expect(resource).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'kubewatch-rules', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } },
      spec: { groups: plain.groups },
    });
    const parsed = parseRuleFile(cr);
    expect(parsed.problems).toEqual([]);
    expect(parsed.groups.map((g) => [g.path, g.resource])).toEqual(
      RICH_GROUPS.map((_, i) => [`spec.groups[${i}]`, { name: 'kubewatch-rules', namespace: 'monitoring' }]),
    );
    expect(alerts(parsed)).toEqual(RICH_GROUPS.flatMap((g) => g.rules.map(withoutId)));
    expect(() => exportPrometheusRule(RICH_GROUPS, { name: 'Bad_Name', namespace: 'monitoring' })).toThrow(/not a valid resource name/);
  });
});

describe('# kubewatch: comments on import', () => {
  it('keeps the expr and reports the threshold as ignored when the expr was edited', () => {
    const text = `groups:
  - name: g
    rules:
      # kubewatch: threshold={"metric":"node_memory_used_percent","operator":">","value":80}
      # kubewatch: noDataState=alerting
      - alert: Edited
        expr: 100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 85
`;
    const parsed = parseRuleFile(text);
    expect(alerts(parsed)).toEqual([expect.objectContaining({ expr: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 85', noDataState: 'alerting' })]);
    expect(alerts(parsed)[0]!.threshold).toBeUndefined();
    expect(parsed.problems).toEqual([
      expect.objectContaining({ ...at(text, '# kubewatch: threshold'), path: 'groups[0].rules[0]#kubewatch.threshold', severity: 'unsupported' }),
    ]);
  });

  it('reports invalid, misplaced and unattached settings', () => {
    const text = `# kubewatch: paused=true
groups:
  # kubewatch: noDataState=alerting
  - name: g
    rules:
      # kubewatch: errorState=sometimes
      - alert: A
        expr: up == 0
      # kubewatch: this is not a setting
      - alert: B
        expr: up == 0
      # kubewatch: noDataState=ok
      - record: job:up:sum
        expr: sum by (job) (up)
`;
    const parsed = parseRuleFile(text);
    expect(alerts(parsed).map((r) => r.alert)).toEqual(['B']);
    expect(parsed.problems.map((p) => [p.line, p.path, p.severity])).toEqual([
      [1, '#kubewatch.paused', 'unsupported'],
      [at(text, 'noDataState=alerting').line, 'groups[0]#kubewatch.noDataState', 'unsupported'],
      [at(text, 'errorState=sometimes').line, 'groups[0].rules[0]#kubewatch.errorState', 'error'],
      [at(text, 'this is not').line, '', 'unsupported'],
      [at(text, 'noDataState=ok').line, 'groups[0].rules[2]#kubewatch.noDataState', 'unsupported'],
    ]);
  });
});
