// promtool (2.42, Debian) and a real Prometheus are the oracles for the rule-file import and
// export: what we export must pass `promtool check rules`, what promtool rejects we must report
// for the same rule (at the same line where promtool gives one), and every template's expr must
// be a query a real Prometheus accepts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type ExportableGroup, exportPrometheusRule, exportPrometheusRuleFile, parseRuleFile, type RuleFileProblem } from '../../lib/rules/rule-file';
import { alertRuleInputSchema } from '../../lib/rules/rule-schema';
import { RULE_TEMPLATES } from '../../lib/rules/rule-templates';
import { type RunningPrometheus, startPrometheus } from '../support/prometheus';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-rule-files-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `promtool check rules` on `text`: its exit code and everything it printed. */
async function promtoolCheck(name: string, text: string): Promise<{ code: number; output: string }> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return new Promise((resolve) => {
    execFile('promtool', ['check', 'rules', file], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.replaceAll(`${file}: `, '') });
    });
  });
}

const rule = (input: Record<string, unknown>) => alertRuleInputSchema.parse(input);

const RICH_GROUP: ExportableGroup = {
  name: 'rich',
  interval: '30s',
  description: 'hand-written: every field Prometheus has, and every one it lacks',
  scope: { type: 'selector', selector: 'env=prod' },
  paused: true,
  rules: [
    rule({ alert: 'Disabled', expr: 'up == 0', enabled: false }),
    rule({
      alert: 'HighLoad',
      threshold: { metric: 'node_load_per_core_percent', operator: '>', value: 90 },
      for: '5m',
      keepFiringFor: '2m',
      severity: 'critical',
      labels: { team: 'sre', tier: '1' },
      annotations: {
        summary: 'Load {{ $value | printf "%.1f" }}% on {{ $labels.instance }}: # not a comment',
        description: 'line one\n{{ range query "up" }}{{ .Labels.job }} {{ end }}\n',
        quotes: `it's "quoted" {{ "}}" }}`,
      },
      noDataState: 'alerting',
      errorState: 'ok',
      recoveryThreshold: 80,
    }),
    rule({ alert: 'Multiline', expr: 'sum by (job) (\n  rate(http_requests_total{code=~"5.."}[5m])\n) > 1', severity: 'info' }),
    rule({ alert: 'Absent', expr: 'absent(up{job="kubelet"})', for: '1h30m', labels: { empty: '' } }),
  ],
};

const TEMPLATE_GROUP: ExportableGroup = {
  name: 'templates',
  interval: '1m',
  rules: RULE_TEMPLATES.map((t) => alertRuleInputSchema.parse(t.rule)),
};

const enabledRules = (groups: ExportableGroup[]) => groups.flatMap((g) => g.rules.filter((r) => r.enabled)).length;

describe('exported rule files pass promtool check rules', () => {
  it('a rule file with every template and a hand-written group', async () => {
    const allDisabled = { name: 'all disabled', interval: '5m', rules: [rule({ alert: 'Off', expr: 'up == 0', enabled: false })] };
    const groups = [TEMPLATE_GROUP, RICH_GROUP, allDisabled];
    const text = exportPrometheusRuleFile(groups);
    const result = await promtoolCheck('exported.yml', text);
    expect(result.output).toContain(`SUCCESS: ${enabledRules(groups)} rules found`);
    expect(result.code).toBe(0);
    expect(parseRuleFile(text).problems).toEqual([]);
  });

  it("a PrometheusRule resource's spec", async () => {
    const cr = exportPrometheusRule([TEMPLATE_GROUP, RICH_GROUP], { name: 'kubewatch', namespace: 'monitoring' });
    const spec = (YAML.parse(cr) as { spec: unknown }).spec;
    const result = await promtoolCheck('exported-cr-spec.yml', YAML.stringify(spec));
    expect(result.code).toBe(0);
  });
});

// A file as people write them (kube-prometheus' node-exporter rules, shortened): promtool accepts
// it, so we report no errors (the recording rules are returned as record items).
const KUBE_PROMETHEUS_EXCERPT = `groups:
- name: node-exporter
  rules:
  - alert: NodeFilesystemAlmostOutOfSpace
    annotations:
      description: Filesystem on {{ $labels.device }} at {{ $labels.instance }}
        has only {{ printf "%.2f" $value }}% available space left.
      runbook_url: https://runbooks.prometheus-operator.dev/runbooks/node/nodefilesystemalmostoutofspace
      summary: Filesystem has less than 5% space left.
    expr: |
      (
        node_filesystem_avail_bytes{job="node-exporter",fstype!="",mountpoint!=""} / node_filesystem_size_bytes{job="node-exporter",fstype!="",mountpoint!=""} * 100 < 5
      and
        node_filesystem_readonly{job="node-exporter",fstype!="",mountpoint!=""} == 0
      )
    for: 30m
    labels:
      severity: warning
  - alert: NodeHighNumberConntrackEntriesUsed
    annotations:
      description: '{{ $value | humanizePercentage }} of conntrack entries are used.'
      summary: Number of conntrack are getting close to the limit.
    expr: |
      (node_nf_conntrack_entries / node_nf_conntrack_entries_limit) > 0.75
    labels:
      severity: warning
- name: node-exporter.rules
  interval: 1m
  limit: 100
  rules:
  - expr: |
      count without (cpu, mode) (
        node_cpu_seconds_total{job="node-exporter",mode="idle"}
      )
    record: instance:node_num_cpu:sum
  - expr: |
      rate(node_vmstat_pgmajfault{job="node-exporter"}[5m])
    record: instance:node_vmstat_pgmajfault:rate5m
    labels:
      source: node-exporter
`;

describe('files promtool accepts', () => {
  it('kube-prometheus style rules: no errors, recording rules kept', async () => {
    const result = await promtoolCheck('kube-prometheus.yml', KUBE_PROMETHEUS_EXCERPT);
    expect(result.code).toBe(0);
    expect(result.output).toContain('SUCCESS: 4 rules found');
    const parsed = parseRuleFile(KUBE_PROMETHEUS_EXCERPT);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.groups.flatMap((g) => g.items.map((i) => i.kind))).toEqual(['alert', 'alert', 'record', 'record']);
  });
});

/** One finding of promtool: `[L:C: [L:C: ]]group "g", rule N, "name": message`, or `line N: ...`. */
interface PromtoolFinding {
  line?: number;
  column?: number;
  /** For an expression parse error: the position inside the expression. */
  exprLine?: number;
  exprColumn?: number;
  group?: string;
  rule?: number;
  message: string;
}

function promtoolFindings(output: string): PromtoolFinding[] {
  const out: PromtoolFinding[] = [];
  for (const text of output.split('\n').map((l) => l.trim())) {
    let m = /^(?:(\d+):(\d+): (?:\d+:\d+: )?)?group "(.*)", rule (\d+), ".*?": (.*)$/.exec(text);
    if (m) {
      const inner = /could not parse expression: (\d+):(\d+):/.exec(m[5]!);
      out.push({
        ...(m[1] ? { line: Number(m[1]), column: Number(m[2]) } : {}),
        ...(inner ? { exprLine: Number(inner[1]), exprColumn: Number(inner[2]) } : {}),
        group: m[3]!,
        rule: Number(m[4]),
        message: m[5]!,
      });
      continue;
    }
    m = /^(\d+):(\d+): (.*)$/.exec(text) ?? /^line (\d+)():? (.*)$/.exec(text);
    if (m) out.push({ line: Number(m[1]), ...(m[2] ? { column: Number(m[2]) } : {}), message: m[3]! });
    else if (/not a valid duration string/.test(text)) out.push({ message: text });
  }
  return out;
}

const header = (rules: string) => `groups:\n  - name: g\n    rules:\n      - alert: Fine\n        expr: up == 0\n${rules}`;

// Each file has one mistake; `path` is where we must report it (rule indexes count from 0).
const REJECTED: Array<{ name: string; text: string; path: string; severity?: RuleFileProblem['severity'] }> = [
  { name: 'bad for', text: header('      - alert: A\n        expr: up == 0\n        for: 5 minutes\n'), path: 'groups[0].rules[1].for' },
  { name: 'bad keep_firing_for', text: header('      - alert: A\n        expr: up == 0\n        keep_firing_for: 1h30\n'), path: 'groups[0].rules[1].keep_firing_for' },
  { name: 'bad interval', text: header('').replace('rules:', 'interval: 1.5m\n    rules:'), path: 'groups[0].interval' },
  {
    name: 'bad expr in a block',
    text: header('      - alert: A\n        expr: |\n          sum by (job) (\n            rate(http_requests_total{job="api"[5m])\n          )\n'),
    path: 'groups[0].rules[1].expr',
  },
  { name: 'bad expr on one line', text: header('      - alert: A\n        expr: sum(rate(up[5m])\n'), path: 'groups[0].rules[1].expr' },
  { name: 'unclosed template', text: header('      - alert: A\n        expr: up == 0\n        annotations:\n          s: "{{ .x "\n'), path: 'groups[0].rules[1].annotations.s' },
  { name: 'bad label name', text: header('      - alert: A\n        expr: up == 0\n        labels:\n          9a: x\n'), path: 'groups[0].rules[1].labels["9a"]' },
  { name: 'alert and record', text: header('      - alert: A\n        record: a\n        expr: up\n'), path: 'groups[0].rules[1].record' },
  { name: 'record with for', text: header('      - record: job:up:sum\n        expr: sum by (job) (up)\n        for: 1m\n'), path: 'groups[0].rules[1].for' },
  { name: 'bad record name', text: header('      - record: job up\n        expr: up\n'), path: 'groups[0].rules[1].record' },
  { name: 'duplicate group', text: `${header('')}  - name: g\n    rules:\n      - alert: B\n        expr: up == 0\n`, path: 'groups[1].name' },
  { name: 'empty group name', text: header('').replace('name: g', 'name: ""'), path: 'groups[0].name' },
  { name: 'duplicate key', text: header('      - alert: A\n        expr: up == 0\n        expr: up == 1\n'), path: '' },
  { name: 'unknown field', text: header('      - alert: A\n        expr: up == 0\n        runbook: x\n'), path: 'groups[0].rules[1].runbook', severity: 'unsupported' },
];

describe('files promtool rejects: we report the same rule', () => {
  it.each(REJECTED.map((c) => [c.name, c] as const))('%s', async (_name, { name, text, path: where, severity }) => {
    const result = await promtoolCheck(`${name.replaceAll(' ', '-')}.yml`, text);
    expect(result.code, result.output).not.toBe(0);
    const findings = promtoolFindings(result.output);
    expect(findings.length, result.output).toBeGreaterThan(0);
    const ours = parseRuleFile(text).problems.filter((p) => p.path === where && p.severity === (severity ?? 'error'));
    expect(ours.length, JSON.stringify(parseRuleFile(text).problems)).toBeGreaterThan(0);
    for (const finding of findings) {
      if (finding.rule !== undefined) expect(where.startsWith(`groups[0].rules[${finding.rule - 1}]`), finding.message).toBe(true);
      if (finding.line === undefined) continue;
      const expected = { line: finding.line, ...(finding.column !== undefined ? { column: finding.column } : {}) };
      if (finding.exprLine !== undefined) {
        // promtool gives the expr node and the position inside the expression: in a `|` block,
        // expression line k is the k-th line after the node, indented like the block; a one-line
        // value starts at the node.
        const lines = text.split('\n');
        if (lines[finding.line - 1]![finding.column! - 1] === '|') {
          expected.line = finding.line + finding.exprLine;
          expected.column = lines[finding.line]!.search(/\S/) + finding.exprColumn!;
        } else {
          expected.line = finding.line + finding.exprLine - 1;
          expected.column = finding.column! + finding.exprColumn! - 1;
        }
      }
      if (where.endsWith('.name') || where === '' || where.endsWith('.runbook')) delete expected.column; // we point at the key or value itself
      expect(ours, `promtool: ${finding.message}`).toContainEqual(expect.objectContaining(expected));
    }
  });
});

describe('template expressions run on a real Prometheus 2.42', () => {
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    prometheus = await startPrometheus();
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it.each([...TEMPLATE_GROUP.rules, ...RICH_GROUP.rules].map((r) => [r.alert, r.expr] as const))('%s', async (_alert, expr) => {
    const url = `${prometheus.url}/api/v1/query?${new URLSearchParams({ query: expr })}`;
    const response = await fetch(url);
    const body = (await response.json()) as { status: string; error?: string };
    expect(body, expr).toMatchObject({ status: 'success' });
    expect(response.status).toBe(200);
  });
});
