/**
 * promtool's (2.42 unittest.go) comparisons and failure messages: expected samples are parsed with
 * ParseMetric, both lists sorted by labels and compared exactly (reflect.DeepEqual: float ==, so
 * NaN never matches); alerts compare firing alerts' labels and annotations exactly.
 */
import { type Label, type Labels, compareLabels, formatLabels, goQuote, labelsEqual, labelsFromRecord } from './labels';
import { PromqlParseError, parseMetric } from './series-notation';
import type { AlertTestCase, PromqlTestCase } from './test-file';

export interface Sample {
  labels: Labels;
  value: number;
}

export interface AlertLabelsAndAnnotations {
  labels: Labels;
  annotations: Labels;
}

/** An `exp_samples[].labels` string, read as parser.ParseMetric does (`''` is no labels). */
export function parseExpectedLabels(text: string): Label[] {
  return parseMetric(text);
}

/** Sorted by labels (labels.Compare). */
export function sortSamples(samples: readonly Sample[]): Sample[] {
  return [...samples].sort((a, b) => compareLabels(a.labels, b.labels));
}

/** reflect.DeepEqual of two sorted sample lists. */
export function samplesEqual(exp: readonly Sample[], got: readonly Sample[]): boolean {
  return exp.length === got.length && exp.every((e, i) => e.value === got[i]!.value && labelsEqual(e.labels, got[i]!.labels));
}

/** strconv.FormatFloat(v, 'E', -1, 64): `1E+00`, `9.9E+01`, `-1.5E-07`, `+Inf`, `NaN`. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${Object.is(value, -0) ? '-' : ''}${mantissa}E${sign}${digits}`;
}

/** parsedSamplesString: `{a="1"} 1E+00, {} 2E+00`, or `nil` for none. */
export function formatSamples(samples: readonly Sample[]): string {
  if (samples.length === 0) return 'nil';
  return samples.map((s) => `${formatLabels(s.labels)} ${formatGoFloat(s.value)}`).join(', ');
}

const MODEL_UNITS: [string, number, boolean][] = [
  ['y', 365 * 24 * 3600_000, true],
  ['w', 7 * 24 * 3600_000, true],
  ['d', 24 * 3600_000, false],
  ['h', 3600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/** model.Duration.String() (eval times in messages): `1w`, `8d`, `2m59s999ms`, `0s`; y and w only when exact. */
export function formatModelDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size, exactOnly] of MODEL_UNITS) {
    if (exactOnly && rest % size !== 0) continue;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** Go's time.Duration.String() for whole milliseconds (rule errors): `1m0s`, `1h0m0s`, `1.5s`, `500ms`. */
export function formatGoTimeDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs}ms`;
  const hours = Math.floor(abs / 3600_000);
  const minutes = Math.floor((abs % 3600_000) / 60_000);
  const millis = abs % 60_000;
  const fraction = millis % 1000 === 0 ? '' : `.${String(millis % 1000).padStart(3, '0').replace(/0+$/, '')}`;
  const seconds = `${Math.floor(millis / 1000)}${fraction}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** The promtool message for a promql_expr_test whose query failed. */
export function formatPromqlQueryError(test: Pick<PromqlTestCase, 'expr' | 'evalTimeMs'>, error: string): string {
  return `    expr: ${goQuote(test.expr)}, time: ${formatModelDuration(test.evalTimeMs)}, err: ${error}`;
}

/** Checks a promql_expr_test against the query result; returns promtool's failure message, if any. */
export function checkPromqlExprTest(test: PromqlTestCase, got: readonly Sample[]): string | undefined {
  const expected: Sample[] = [];
  for (const s of test.expSamples) {
    try {
      expected.push({ labels: parseExpectedLabels(s.labels), value: s.value });
    } catch (error) {
      if (!(error instanceof PromqlParseError)) throw error;
      return formatPromqlQueryError(test, `labels ${goQuote(s.labels)}: ${error.message}`);
    }
  }
  const exp = sortSamples(expected);
  const actual = sortSamples(got);
  if (samplesEqual(exp, actual)) return undefined;
  return (
    `    expr: ${goQuote(test.expr)}, time: ${formatModelDuration(test.evalTimeMs)},\n` +
    `        exp: ${formatSamples(exp)}\n` +
    `        got: ${formatSamples(actual)}`
  );
}

function compareAlerts(a: AlertLabelsAndAnnotations, b: AlertLabelsAndAnnotations): number {
  return compareLabels(a.labels, b.labels) || compareLabels(a.annotations, b.annotations);
}

/** The alerts an alert_rule_test expects: exp_labels plus alertname, and exp_annotations. */
export function expectedAlerts(test: Pick<AlertTestCase, 'alertname' | 'expAlerts'>): AlertLabelsAndAnnotations[] {
  return test.expAlerts.map((a) => ({
    labels: labelsFromRecord({ ...a.expLabels, alertname: test.alertname }),
    annotations: labelsFromRecord(a.expAnnotations),
  }));
}

function indentLines(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}

/** labelsAndAnnotations.String(). */
export function formatAlerts(alerts: readonly AlertLabelsAndAnnotations[]): string {
  if (alerts.length === 0) return '[]';
  const items = alerts.map(
    (a, i) => `${i}:${indentLines(`\nLabels:${formatLabels(a.labels)}\nAnnotations:${formatLabels(a.annotations)}`, '  ')}`,
  );
  return `[\n${items.join(',\n')}\n]`;
}

/**
 * Checks an alert_rule_test against the firing alerts of every rule named `alertname` (pending
 * ones excluded); returns promtool's failure message, if any. `groupName` is the test group's.
 */
export function checkAlertRuleTest(
  test: Pick<AlertTestCase, 'alertname' | 'evalTimeMs' | 'expAlerts'>,
  firing: readonly AlertLabelsAndAnnotations[],
  groupName = '',
): string | undefined {
  const exp = expectedAlerts(test).sort(compareAlerts);
  const got = [...firing].sort(compareAlerts);
  const same = exp.length === got.length && exp.every((e, i) => labelsEqual(e.labels, got[i]!.labels) && labelsEqual(e.annotations, got[i]!.annotations));
  if (same) return undefined;
  const name = groupName ? `    name: ${groupName},\n` : '';
  const indent = ' '.repeat(12);
  return (
    `${name}    alertname: ${test.alertname}, time: ${formatModelDuration(test.evalTimeMs)}, \n` +
    `        exp:${indentLines(formatAlerts(exp), indent)}, \n` +
    `        got:${indentLines(formatAlerts(got), indent)}`
  );
}

/** The promtool error for an alert_rule_test item without alertname (fails its whole test group). */
export function formatMissingAlertname(evalTimeMs: number, groupName = ''): string {
  const where = groupName ? ` (in TestGroup ${groupName})` : '';
  return `an item under alert_rule_test misses required attribute alertname at eval_time ${formatModelDuration(evalTimeMs)}${where}`;
}

/** The promtool error for a rule that failed to evaluate (ends the test group). */
export function formatRuleEvalError(ruleName: string, timeMs: number, error: string): string {
  return `    rule: ${ruleName}, time: ${formatGoTimeDuration(timeMs)}, err: ${error}`;
}
