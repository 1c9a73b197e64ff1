/**
 * promtool's rule unit-test file (Prometheus 2.42 cmd/promtool/unittest.go), parsed as strictly
 * as its yaml.UnmarshalStrict: unknown or repeated fields are errors, durations use Prometheus
 * syntax, and rule_files are joined to the test file's directory and globbed.
 *
 * Defaults as in 2.42: evaluation_interval 1m; a test group's `interval` is 0 when unset (its
 * samples then all land on time 0 and only the first of each series is kept); eval_time 0.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { BadGlobPatternError, goGlob } from './go-glob';
import { YamlPositions, YamlScalar, goList, goStruct, goYaml, structItem, toGoValue } from './go-yaml';
import { type Label, labelsFromRecord } from './labels';

export interface ExpectedAlert {
  expLabels: Record<string, string>;
  expAnnotations: Record<string, string>;
}

export interface AlertTestCase {
  evalTimeMs: number;
  alertname: string;
  expAlerts: ExpectedAlert[];
}

export interface ExpectedSample {
  /** A metric in PromQL notation (parse with compare.ts's parseExpectedLabels). */
  labels: string;
  value: number;
}

export interface PromqlTestCase {
  expr: string;
  evalTimeMs: number;
  expSamples: ExpectedSample[];
}

export interface InputSeriesText {
  series: string;
  values: string;
}

export interface TestGroup {
  /** '' when unnamed. */
  name: string;
  /** Spacing of input samples; 0 when unset (2.42 does not default it). */
  intervalMs: number;
  inputSeries: InputSeriesText[];
  alertRuleTests: AlertTestCase[];
  promqlExprTests: PromqlTestCase[];
  externalLabels: Label[];
  externalUrl: string;
}

export interface PromtoolTestFile {
  path: string;
  /** rule_files as written. */
  ruleFilePatterns: string[];
  /** rule_files joined to the test file's directory and globbed, in promtool's order. */
  ruleFiles: string[];
  /** promtool's warnings, e.g. `no file match pattern rules/*.yml` (not errors in 2.42). */
  warnings: string[];
  evaluationIntervalMs: number;
  groupEvalOrder: string[];
  tests: TestGroup[];
}

/** An invalid test file: names the file, the YAML path and the line. */
export class TestFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly yamlPath?: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${yamlPath ? `${yamlPath}: ` : ''}${detail}`);
    this.name = 'TestFileError';
  }
}

const list = goList;
const stringItem = goYaml.string.optional().transform((v) => v ?? '');

const alertSchema = goStruct({
  exp_labels: goYaml.stringMap.default({}),
  exp_annotations: goYaml.stringMap.default({}),
});

const alertTestSchema = goStruct({
  eval_time: goYaml.duration.default(0),
  alertname: goYaml.string.default(''),
  exp_alerts: list(structItem(alertSchema)),
});

const sampleSchema = goStruct({
  labels: goYaml.string.default(''),
  value: goYaml.float.default(0),
});

const promqlTestSchema = goStruct({
  expr: goYaml.string.default(''),
  eval_time: goYaml.duration.default(0),
  exp_samples: list(structItem(sampleSchema)),
});

const seriesSchema = goStruct({
  series: goYaml.string.default(''),
  values: goYaml.string.default(''),
});

const testGroupSchema = goStruct({
  interval: goYaml.duration.default(0),
  input_series: list(structItem(seriesSchema)),
  alert_rule_test: list(structItem(alertTestSchema)),
  promql_expr_test: list(structItem(promqlTestSchema)),
  external_labels: goYaml.stringMap.default({}),
  external_url: goYaml.string.default(''),
  name: goYaml.string.default(''),
});

const fileSchema = goStruct({
  rule_files: list(stringItem),
  evaluation_interval: goYaml.duration.default(0),
  group_eval_order: list(stringItem),
  tests: list(structItem(testGroupSchema)),
});

type RawFile = z.infer<typeof fileSchema>;

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

function toTestGroup(raw: RawFile['tests'][number]): TestGroup {
  return {
    name: raw.name,
    intervalMs: raw.interval,
    inputSeries: raw.input_series.map((s) => ({ series: s.series, values: s.values })),
    alertRuleTests: raw.alert_rule_test.map((a) => ({
      evalTimeMs: a.eval_time,
      alertname: a.alertname,
      expAlerts: a.exp_alerts.map((e) => ({ expLabels: e.exp_labels, expAnnotations: e.exp_annotations })),
    })),
    promqlExprTests: raw.promql_expr_test.map((p) => ({
      expr: p.expr,
      evalTimeMs: p.eval_time,
      expSamples: p.exp_samples.map((s) => ({ labels: s.labels, value: s.value })),
    })),
    externalLabels: labelsFromRecord(raw.external_labels),
    externalUrl: raw.external_url,
  };
}

function valueAt(root: unknown, where: readonly PropertyKey[]): unknown {
  return where.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/** Names a zod type name or a value the way the file's author thinks of it. */
function kindName(kind: unknown): string {
  if (kind === 'record' || kind === 'object') return 'a map';
  if (kind === 'array' || Array.isArray(kind)) return 'a list';
  if (kind instanceof YamlScalar) return 'a single value';
  if (typeof kind === 'object' && kind !== null) return 'a map';
  return String(kind);
}

/** resolveAndGlobFilepaths: relative patterns join the test file's directory; no match is a warning. */
function resolveRuleFiles(file: string, patterns: readonly string[]): { ruleFiles: string[]; warnings: string[] } {
  const baseDir = path.dirname(file);
  const ruleFiles: string[] = [];
  const warnings: string[] = [];
  for (const pattern of patterns) {
    const resolved = pattern !== '' && !path.isAbsolute(pattern) ? path.join(baseDir, pattern) : pattern;
    let matches: string[];
    try {
      matches = goGlob(resolved);
    } catch (error) {
      if (error instanceof BadGlobPatternError) throw new TestFileError(file, `${error.message}: ${resolved}`, 'rule_files');
      throw error;
    }
    if (matches.length === 0) warnings.push(`no file match pattern ${resolved}`);
    ruleFiles.push(...matches);
  }
  return { ruleFiles, warnings };
}

/** Parses a test file's text; `file` locates rule_files and names the file in errors. */
export function parseTestFile(text: string, file: string): PromtoolTestFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, schema: 'failsafe', uniqueKeys: true });
  // yaml.v2 reads the first document only.
  const doc = (Array.isArray(docs) ? docs[0] : undefined) as Document | undefined;
  const syntaxError = doc?.errors[0];
  if (syntaxError) {
    const message = syntaxError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new TestFileError(file, message, undefined, syntaxError.linePos?.[0].line);
  }
  const positions = new YamlPositions(doc?.contents?.range?.[0] ?? 0, lineCounter);
  const value = doc ? toGoValue(doc.contents, doc, positions) : undefined;
  const parsed = fileSchema.safeParse(value ?? Object.create(null));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const detail =
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_type'
          ? `expected ${kindName(issue.expected)}, not ${kindName(valueAt(value, where))}`
          : issue.message;
    throw new TestFileError(file, detail, formatPath(where) || undefined, positions.locate(value, where).line);
  }
  const raw = parsed.data;

  const seen = new Set<string>();
  for (const group of raw.group_eval_order) {
    if (seen.has(group)) throw new TestFileError(file, `group name repeated in evaluation order: ${group}`, 'group_eval_order');
    seen.add(group);
  }
  return {
    path: file,
    ruleFilePatterns: raw.rule_files,
    ...resolveRuleFiles(file, raw.rule_files),
    evaluationIntervalMs: raw.evaluation_interval === 0 ? 60_000 : raw.evaluation_interval,
    groupEvalOrder: raw.group_eval_order,
    tests: raw.tests.map(toTestGroup),
  };
}

/** Reads and parses a test file. */
export function readTestFile(file: string): PromtoolTestFile {
  return parseTestFile(readFileSync(file, 'utf8'), file);
}
