// promtool's comparisons and messages. The expected messages are promtool 2.42's own output
// (Debian build) for the upstream failing.yml and for a test file written to exercise the
// formatting (NaN, -Inf, 1w vs 8d, special characters, parse errors), given the same results.
import { describe, expect, it } from 'vitest';
import {
  checkAlertRuleTest,
  checkPromqlExprTest,
  formatGoFloat,
  formatGoTimeDuration,
  formatMissingAlertname,
  formatModelDuration,
  formatPromqlQueryError,
  formatRuleEvalError,
  parseExpectedLabels,
  samplesEqual,
  sortSamples,
} from '../../lib/promtool/compare';
import { labelsFromRecord } from '../../lib/promtool/labels';
import type { AlertTestCase } from '../../lib/promtool/test-file';

const metric = (text: string) => parseExpectedLabels(text);
const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({
  labels: labelsFromRecord(labels),
  annotations: labelsFromRecord(annotations),
});

describe('expected labels', () => {
  it('parses them as ParseMetric does', () => {
    expect(metric('')).toEqual([]);
    expect(metric('test')).toEqual([{ name: '__name__', value: 'test' }]);
    expect(metric('{job="test"}')).toEqual([{ name: 'job', value: 'test' }]);
    expect(metric('ALERTS{alertstate="pending",alertname="X"}')).toEqual([
      { name: '__name__', value: 'ALERTS' },
      { name: 'alertname', value: 'X' },
      { name: 'alertstate', value: 'pending' },
    ]);
  });
});

describe('sample comparison', () => {
  it('ignores order but not values; NaN never equals, -0 equals 0 (reflect.DeepEqual)', () => {
    const a = [
      { labels: metric('m{i="b"}'), value: 1 },
      { labels: metric('m{i="a"}'), value: 2 },
    ];
    const b = [...a].reverse();
    expect(samplesEqual(sortSamples(a), sortSamples(b))).toBe(true);
    expect(samplesEqual(sortSamples(a), sortSamples([a[0]!]))).toBe(false);
    expect(samplesEqual([{ labels: [], value: NaN }], [{ labels: [], value: NaN }])).toBe(false);
    expect(samplesEqual([{ labels: [], value: -0 }], [{ labels: [], value: 0 }])).toBe(true);
    expect(samplesEqual([{ labels: metric('a'), value: 1 }], [{ labels: metric('a{x="1"}'), value: 1 }])).toBe(false);
  });

  it('sorts by labels like labels.Compare (fewer labels first when the common ones match)', () => {
    const sorted = sortSamples([
      { labels: metric('m{i="a",j="x"}'), value: 1 },
      { labels: metric('m{i="a"}'), value: 2 },
      { labels: metric('{}'), value: 3 },
    ]);
    expect(sorted.map((s) => s.value)).toEqual([3, 2, 1]);
  });

  it.each([
    [1, '1E+00'],
    [0, '0E+00'],
    [-0, '-0E+00'],
    [99, '9.9E+01'],
    [0.1, '1E-01'],
    [1.5e-7, '1.5E-07'],
    [123456789012, '1.23456789012E+11'],
    [1e100, '1E+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('formats %d like strconv.FormatFloat(v, E, -1, 64): %s', (value, text) => expect(formatGoFloat(value)).toBe(text));
});

describe('promql_expr_test messages', () => {
  it('matches promtool for failing.yml', () => {
    const message = checkPromqlExprTest(
      { expr: 'test', evalTimeMs: 0, expSamples: [{ labels: 'test', value: 1 }] },
      [{ labels: metric('test'), value: 0 }],
    );
    expect(message).toBe('    expr: "test", time: 0s,\n        exp: {__name__="test"} 1E+00\n        got: {__name__="test"} 0E+00');
  });

  it('matches promtool for NaN, -Inf, sorting and durations', () => {
    expect(
      checkPromqlExprTest(
        { expr: 'm', evalTimeMs: 7 * 86_400_000, expSamples: [{ labels: 'm{i="b"}', value: 1 }, { labels: 'm{i="a"}', value: NaN }] },
        [
          { labels: metric('m{i="b"}'), value: 1 },
          { labels: metric('m{i="a"}'), value: 2 },
        ],
      ),
    ).toBe('    expr: "m", time: 1w,\n        exp: {__name__="m", i="a"} NaN, {__name__="m", i="b"} 1E+00\n        got: {__name__="m", i="a"} 2E+00, {__name__="m", i="b"} 1E+00');
    expect(
      checkPromqlExprTest(
        { expr: 'vector(1.5e-7) or vector(-0)', evalTimeMs: 8 * 86_400_000 + 2 * 3600_000 + 3 * 60_000 + 4005, expSamples: [{ labels: '', value: -Infinity }] },
        [{ labels: [], value: 1.5e-7 }],
      ),
    ).toBe('    expr: "vector(1.5e-7) or vector(-0)", time: 8d2h3m4s5ms,\n        exp: {} -Inf\n        got: {} 1.5E-07');
  });

  it('quotes like Go (%q) and prints nil for no samples', () => {
    const expr = 'label_replace(vector(123456789012), "x", "é\\u0007\\u00a0 \\"q\\" \\\\", "", "")';
    expect(checkPromqlExprTest({ expr, evalTimeMs: 90_000, expSamples: [] }, [{ labels: [{ name: 'x', value: 'é\u0007\u00a0 "q" \\' }], value: 123456789012 }])).toBe(
      '    expr: "label_replace(vector(123456789012), \\"x\\", \\"é\\\\u0007\\\\u00a0 \\\\\\"q\\\\\\" \\\\\\\\\\", \\"\\", \\"\\")", time: 1m30s,\n' +
        '        exp: nil\n' +
        '        got: {x="é\\a\\u00a0 \\"q\\" \\\\"} 1.23456789012E+11',
    );
  });

  it('reports unparsable expected labels and query errors like promtool', () => {
    expect(checkPromqlExprTest({ expr: 'vector(1) == 2', evalTimeMs: 365 * 86_400_000, expSamples: [{ labels: 'a{b="c"', value: 0 }] }, [])).toBe(
      '    expr: "vector(1) == 2", time: 1y, err: labels "a{b=\\"c\\"": 1:8: parse error: unexpected end of input inside braces',
    );
    expect(formatPromqlQueryError({ expr: 'vector(', evalTimeMs: 0 }, '1:8: parse error: unclosed left parenthesis')).toBe(
      '    expr: "vector(", time: 0s, err: 1:8: parse error: unclosed left parenthesis',
    );
  });

  it('passes when equal', () => {
    expect(checkPromqlExprTest({ expr: 'x', evalTimeMs: 0, expSamples: [{ labels: '{job="test"}', value: 61 }] }, [{ labels: metric('{job="test"}'), value: 61 }])).toBeUndefined();
    expect(checkPromqlExprTest({ expr: 'x', evalTimeMs: 0, expSamples: [] }, [])).toBeUndefined();
  });
});

describe('alert_rule_test messages', () => {
  it('matches promtool for failing.yml', () => {
    expect(checkAlertRuleTest({ alertname: 'Test', evalTimeMs: 0, expAlerts: [{ expLabels: {}, expAnnotations: {} }] }, [], 'Failing test')).toBe(
      [
        '    name: Failing test,',
        '    alertname: Test, time: 0s, ',
        '        exp:[',
        '            0:',
        '              Labels:{alertname="Test"}',
        '              Annotations:{}',
        '            ], ',
        '        got:[]',
      ].join('\n'),
    );
    const got = [
      alert(
        { alertname: 'InstanceDown', job: 'test', severity: 'page' },
        { description: ' of job test has been down for more than 5 minutes.', summary: 'Instance  down' },
      ),
    ];
    expect(checkAlertRuleTest({ alertname: 'InstanceDown', evalTimeMs: 300_000, expAlerts: [] }, got, 'Failing alert test')).toBe(
      [
        '    name: Failing alert test,',
        '    alertname: InstanceDown, time: 5m, ',
        '        exp:[], ',
        '        got:[',
        '            0:',
        '              Labels:{alertname="InstanceDown", job="test", severity="page"}',
        '              Annotations:{description=" of job test has been down for more than 5 minutes.", summary="Instance  down"}',
        '            ]',
      ].join('\n'),
    );
  });

  it('matches promtool for several alerts, sorted, without a group name', () => {
    const test: AlertTestCase = {
      alertname: 'Two',
      evalTimeMs: 8 * 86_400_000,
      expAlerts: [{ expLabels: { i: 'a', severity: 'pa"ge' }, expAnnotations: { summary: 'v=2' } }, { expLabels: { i: 'c' }, expAnnotations: {} }],
    };
    const got = [alert({ alertname: 'Two', i: 'b', severity: 'pa"ge' }, { summary: 'v=1' }), alert({ alertname: 'Two', i: 'a', severity: 'pa"ge' }, { summary: 'v=2' })];
    expect(checkAlertRuleTest(test, got)).toBe(
      [
        '    alertname: Two, time: 8d, ',
        '        exp:[',
        '            0:',
        '              Labels:{alertname="Two", i="a", severity="pa\\"ge"}',
        '              Annotations:{summary="v=2"},',
        '            1:',
        '              Labels:{alertname="Two", i="c"}',
        '              Annotations:{}',
        '            ], ',
        '        got:[',
        '            0:',
        '              Labels:{alertname="Two", i="a", severity="pa\\"ge"}',
        '              Annotations:{summary="v=2"},',
        '            1:',
        '              Labels:{alertname="Two", i="b", severity="pa\\"ge"}',
        '              Annotations:{summary="v=1"}',
        '            ]',
      ].join('\n'),
    );
  });

  it('passes on equal sets in any order, and compares annotations exactly', () => {
    const test: AlertTestCase = { alertname: 'A', evalTimeMs: 0, expAlerts: [{ expLabels: { x: '2' }, expAnnotations: { s: 't' } }, { expLabels: { x: '1' }, expAnnotations: {} }] };
    const got = [alert({ alertname: 'A', x: '1' }), alert({ alertname: 'A', x: '2' }, { s: 't' })];
    expect(checkAlertRuleTest(test, got)).toBeUndefined();
    expect(checkAlertRuleTest(test, [got[0]!, alert({ alertname: 'A', x: '2' }, { s: 'u' })])).toBeDefined();
    expect(checkAlertRuleTest({ alertname: 'A', evalTimeMs: 0, expAlerts: [] }, [])).toBeUndefined();
  });
});

describe('durations and other messages', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [86_400_000, '1d'],
    [7 * 86_400_000, '1w'],
    [8 * 86_400_000, '8d'],
    [14 * 86_400_000, '2w'],
    [365 * 86_400_000, '1y'],
    [366 * 86_400_000, '366d'],
    [179_999, '2m59s999ms'],
  ])('model.Duration %d is %s', (ms, text) => expect(formatModelDuration(ms)).toBe(text));

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [86_400_000 + 61_250, '24h1m1.25s'],
  ])('time.Duration %d is %s', (ms, text) => expect(formatGoTimeDuration(ms)).toBe(text));

  it('formats the rule and alertname errors like unittest.go', () => {
    expect(formatRuleEvalError('job:x', 60_000, 'boom')).toBe('    rule: job:x, time: 1m0s, err: boom');
    expect(formatMissingAlertname(300_000, 'g')).toBe('an item under alert_rule_test misses required attribute alertname at eval_time 5m (in TestGroup g)');
    expect(formatMissingAlertname(0)).toBe('an item under alert_rule_test misses required attribute alertname at eval_time 0s');
  });
});
