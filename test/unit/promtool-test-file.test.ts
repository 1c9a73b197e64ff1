// promtool test-file parsing. Behaviours marked "promtool:" were checked by running the real
// promtool 2.42 (Debian) on the same YAML; the rest follows cmd/promtool/unittest.go (v2.42).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFileError, parseTestFile, readTestFile } from '../../lib/promtool/test-file';

const UPSTREAM = path.resolve(import.meta.dirname, '../fixtures/conformance/promtool/upstream-v2.42.0');

function failure(text: string): TestFileError {
  try {
    parseTestFile(text, '/tmp/t.yml');
  } catch (error) {
    if (error instanceof TestFileError) return error;
    throw error;
  }
  throw new Error('expected a TestFileError');
}

const group = (body: string) => parseTestFile(`tests:\n  - ${body.trim().replaceAll('\n', '\n    ')}\n`, '/tmp/t.yml').tests[0]!;

describe('promtool test files', () => {
  it("reads Prometheus's own unittest.yml", () => {
    const file = readTestFile(path.join(UPSTREAM, 'cmd-promtool-testdata/unittest.yml'));
    expect(file.ruleFiles).toEqual([path.join(UPSTREAM, 'cmd-promtool-testdata/rules.yml')]);
    expect(file.warnings).toEqual([]);
    expect(file.evaluationIntervalMs).toBe(60_000);
    expect(file.tests.map((t) => t.intervalMs)).toEqual([60_000, 0, 0, 60_000, 1000]);
    const [first, second, , alerts, last] = file.tests;
    expect(first!.inputSeries[1]).toEqual({ series: 'test_stale', values: '0 stale' });
    expect(first!.promqlExprTests.map((t) => t.evalTimeMs)).toEqual([0, 60_000, 120_000, 59_000, 60_000, 300_000, 301_000]);
    expect(first!.promqlExprTests[3]!.expSamples).toEqual([{ labels: 'test_stale', value: 0 }]);
    expect(first!.promqlExprTests[4]!.expSamples).toEqual([]);
    // `values: 1` (a YAML number) and `eval_time: 0` (a number) are read as their text.
    expect(second!.inputSeries).toEqual([{ series: 'test', values: '1' }]);
    expect(second!.promqlExprTests[0]!.evalTimeMs).toBe(0);
    expect(alerts!.alertRuleTests[0]).toEqual({ evalTimeMs: 86_400_000, alertname: 'AlwaysFiring', expAlerts: [{ expLabels: {}, expAnnotations: {} }] });
    expect(alerts!.alertRuleTests[1]!.expAlerts[0]!.expLabels).toEqual({ severity: 'page', instance: 'localhost:9090', job: 'prometheus' });
    expect(alerts!.alertRuleTests[3]!.expAlerts).toEqual([]);
    expect(last!.promqlExprTests.at(-1)!.evalTimeMs).toBe(179_999);
  });

  it('reads the documentation example and failing.yml', () => {
    const docs = readTestFile(path.join(UPSTREAM, 'docs-example/test.yml'));
    expect(docs.tests[0]!.inputSeries[3]).toEqual({ series: 'go_goroutines{job="node_exporter", instance="localhost:9100"}', values: '10+10x7 10+30x4' });
    const failing = readTestFile(path.join(UPSTREAM, 'cmd-promtool-testdata/failing.yml'));
    expect(failing.tests.map((t) => t.name)).toEqual(['Failing test', 'Failing alert test']);
    // promtool: `values: 0x10` stays the text 0x10 (11 samples), not the YAML integer 16.
    expect(failing.tests[1]!.inputSeries[0]!.values).toBe('0x10');
  });

  it('applies 2.42 defaults: evaluation_interval 1m, interval 0, eval_time 0', () => {
    const file = parseTestFile('tests:\n  - promql_expr_test:\n      - expr: up\n', '/tmp/t.yml');
    expect(file.evaluationIntervalMs).toBe(60_000);
    expect(file.tests[0]).toMatchObject({ intervalMs: 0, name: '', externalUrl: '', externalLabels: [] });
    expect(file.tests[0]!.promqlExprTests[0]).toEqual({ expr: 'up', evalTimeMs: 0, expSamples: [] });
    expect(parseTestFile('evaluation_interval: 2m\n', '/tmp/t.yml').evaluationIntervalMs).toBe(120_000);
    expect(parseTestFile('', '/tmp/t.yml').tests).toEqual([]);
  });

  it('reads every field', () => {
    const file = parseTestFile(
      [
        'rule_files: [/abs/rules.yml]',
        'evaluation_interval: 30s',
        'group_eval_order: [b, a]',
        'tests:',
        '  - name: n',
        '    interval: 1m30s',
        '    external_labels: {region: eu, code: 1.0}',
        '    external_url: http://x',
        '    input_series: [{series: up, values: "1"}]',
        '    alert_rule_test:',
        '      - {eval_time: 2m, alertname: A, exp_alerts: [{exp_labels: {a: b}, exp_annotations: {s: t}}]}',
        '    promql_expr_test:',
        '      - {expr: up, eval_time: 1h, exp_samples: [{labels: up, value: 2.5}]}',
      ].join('\n'),
      '/tmp/t.yml',
    );
    expect(file.ruleFilePatterns).toEqual(['/abs/rules.yml']);
    expect(file.warnings).toEqual(['no file match pattern /abs/rules.yml']);
    expect(file.evaluationIntervalMs).toBe(30_000);
    expect(file.groupEvalOrder).toEqual(['b', 'a']);
    expect(file.tests[0]).toEqual({
      name: 'n',
      intervalMs: 90_000,
      // Label values keep their YAML text (1.0, not 1), sorted by name like labels.FromMap.
      externalLabels: [{ name: 'code', value: '1.0' }, { name: 'region', value: 'eu' }],
      externalUrl: 'http://x',
      inputSeries: [{ series: 'up', values: '1' }],
      alertRuleTests: [{ evalTimeMs: 120_000, alertname: 'A', expAlerts: [{ expLabels: { a: 'b' }, expAnnotations: { s: 't' } }] }],
      promqlExprTests: [{ expr: 'up', evalTimeMs: 3_600_000, expSamples: [{ labels: 'up', value: 2.5 }] }],
    });
  });

  it('reads float values as yaml.v2 does', () => {
    const samples = group(
      'promql_expr_test:\n  - expr: x\n    exp_samples: [{value: 0x1F}, {value: 1_5}, {value: 017}, {value: -.inf}, {value: .NaN}, {value: 1e3}, {value: ~}, ~]',
    ).promqlExprTests[0]!.expSamples.map((s) => s.value);
    // promtool: 0x1F == 31, 1_5 == 15, 017 == 15 (octal), `value: ~` and a null item are 0.
    expect(samples).toEqual([31, 15, 15, -Infinity, NaN, 1000, 0, 0]);
  });

  it('merges YAML merge keys (promtool accepted `<<: *b`)', () => {
    const file = parseTestFile('tests:\n  - &b {interval: 2m, name: x}\n  - <<: *b\n    name: y\n', '/tmp/t.yml');
    expect(file.tests.map((t) => [t.name, t.intervalMs])).toEqual([
      ['x', 120_000],
      ['y', 120_000],
    ]);
  });

  it.each([
    // promtool: "line 8: cannot unmarshal !!str `1` into float64".
    ['tests:\n  - promql_expr_test:\n      - expr: x\n        exp_samples:\n          - value: "1"\n', 5, 'tests[0].promql_expr_test[0].exp_samples[0].value', 'cannot unmarshal !!str `1` into float64'],
    ['tests:\n  - promql_expr_test:\n      - exp_samples: [{value: yes}]\n', 3, 'tests[0].promql_expr_test[0].exp_samples[0].value', 'cannot unmarshal !!bool `yes` into float64'],
    // promtool: "line 4: field bogus not found in type main.testGroup".
    ['rule_files: []\ntests:\n  - interval: 1m\n    bogus: 1\n', 4, 'tests[0].bogus', 'unknown field "bogus"'],
    ['evaluation_intervall: 1m\n', 1, 'evaluation_intervall', 'unknown field "evaluation_intervall"'],
    // promtool: 'not a valid duration string: "5"'.
    ['tests:\n  - promql_expr_test:\n      - expr: x\n        eval_time: 5\n', 4, 'tests[0].promql_expr_test[0].eval_time', 'not a valid duration string: "5"'],
    ['tests:\n  - interval: 1.5m\n', 2, 'tests[0].interval', 'not a valid duration string: "1.5m"'],
    ['tests:\n  - input_series: up\n', 2, 'tests[0].input_series', 'expected a list, not a single value'],
    ['tests:\n  - input_series:\n      - series: {a: 1}\n', 3, 'tests[0].input_series[0].series', 'expected a single value'],
    ['tests:\n  - alert_rule_test: [{exp_alerts: [{exp_labels: [a]}]}]\n', 2, 'tests[0].alert_rule_test[0].exp_alerts[0].exp_labels', 'expected a map'],
  ])('rejects invalid content with file, line and YAML path (%#)', (text, line, yamlPath, detail) => {
    const error = failure(text);
    expect(error).toMatchObject({ file: '/tmp/t.yml', line, yamlPath });
    expect(error.detail).toContain(detail);
    expect(error.message).toBe(`/tmp/t.yml:${line}: ${yamlPath}: ${error.detail}`);
  });

  it('rejects repeated keys (promtool: "field interval already set") and YAML syntax errors', () => {
    expect(failure('tests:\n  - interval: 1m\n    interval: 2m\n')).toMatchObject({ line: 3, detail: expect.stringMatching(/unique/) });
    expect(failure('tests: [\n').message).toMatch(/^\/tmp\/t\.yml:2: /);
    expect(failure('just text').detail).toBe('expected a map of fields, not a single value');
  });

  it('rejects a group named twice in group_eval_order', () => {
    expect(failure('group_eval_order: [a, b, a]\n').detail).toBe('group name repeated in evaluation order: a');
  });
});

describe('rule_files globbing (filepath.Glob)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'promtool-glob-'));
    mkdirSync(path.join(dir, 'sub'));
    for (const name of ['b.yml', 'a.yml', '.hidden.yml', 'c.txt', 'sub/x.yml', 'sub/z.yml']) writeFileSync(path.join(dir, name), 'groups: []\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('joins patterns to the test file directory, sorts matches, matches dot files, warns on no match', () => {
    // promtool on the same layout loaded .hidden.yml and sub/x.yml and warned about n[^o]ne.
    const file = parseTestFile("rule_files: ['*.yml', 's?b/[w-y].yml', 'n[^o]ne', a.yml]\n", path.join(dir, 't.yaml'));
    expect(file.ruleFiles).toEqual(['.hidden.yml', 'a.yml', 'b.yml', 'sub/x.yml', 'a.yml'].map((f) => path.join(dir, f)));
    expect(file.warnings).toEqual([`no file match pattern ${path.join(dir, 'n[^o]ne')}`]);
  });

  it('rejects a malformed pattern (promtool: "syntax error in pattern")', () => {
    expect(() => parseTestFile('rule_files: ["[a"]\n', path.join(dir, 't.yaml'))).toThrow(/syntax error in pattern/);
  });
});
