import type { Node } from 'yaml';
import type { z } from 'zod';
import { PromQLSyntaxError, parsePromQLOrThrow } from '../prometheus/inject-selector';
import { parseDuration } from '../time/duration';
import { DISABLED_SETTING, GROUP_SETTINGS, type KubewatchComments, RULE_SETTINGS, type SettingComment } from './rule-file-extensions';
import type { ParsedRuleItem } from './rule-file-types';
import {
  asMap,
  type DocContext,
  formatPath,
  isNull,
  type MapEntry,
  mapEntries,
  nodePosition,
  type PathSegment,
  type Position,
  positionInScalar,
  scalarText,
} from './rule-file-yaml';
import { alertRuleInputSchema, LABEL_NAME_RE, thresholdSchema } from './rule-schema';
import { compileThreshold } from './threshold';

// One rule of a group: Prometheus 2.42's checks (rulefmt.RuleNode.Validate) for recording rules,
// our schema for alert rules, every problem at the YAML node it is about.

const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
/** Prometheus' metric name syntax (model.IsValidMetricName). */
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

interface StringMap {
  values: Record<string, string>;
  keys: Record<string, Position>;
  valuesAt: Record<string, Position>;
}

interface RuleContext {
  ctx: DocContext;
  path: PathSegment[];
  at: Position;
  name?: string;
  failed: boolean;
}

function problem(rc: RuleContext, at: Position, path: PathSegment[], message: string, severity: 'error' | 'unsupported' = 'error') {
  if (severity === 'error') rc.failed = true;
  rc.ctx.source.report(at, [...rc.ctx.prefix, ...rc.path, ...path], message, severity, rc.name);
}

export function parseRuleNode(ctx: DocContext, node: Node | undefined, path: PathSegment[], comments: KubewatchComments): ParsedRuleItem | undefined {
  const at = nodePosition(ctx, node) ?? { line: 1, column: 1 };
  const rc: RuleContext = { ctx, path, at, failed: false };
  const map = asMap(node);
  if (!map) {
    problem(rc, at, [], 'a rule must be a mapping with alert or record, expr, ...');
    return undefined;
  }
  const above = comments.takeAbove(at.line);
  const fields = new Map<string, MapEntry>();
  for (const entry of mapEntries(ctx, map, path)) fields.set(entry.key, entry);
  const text = (key: string): string | undefined => {
    const entry = fields.get(key);
    const value = scalarText(entry?.value);
    if (entry && value === undefined) problem(rc, entry.at, [key], `"${key}" must be a string`);
    return value;
  };
  const alert = text('alert') ?? '';
  const record = text('record') ?? '';
  rc.name = alert || record || undefined;
  for (const entry of fields.values()) {
    if (!RULE_FIELDS.has(entry.key)) {
      const where = nodePosition(ctx, entry.keyNode)!;
      problem(rc, where, [entry.key], `unknown field "${entry.key}" is ignored (Prometheus rule fields: ${[...RULE_FIELDS].join(', ')})`, 'unsupported');
    }
  }
  if (alert && record) {
    problem(rc, fields.get('record')!.at, ['record'], "only one of 'record' and 'alert' must be set");
    return undefined;
  }
  if (!alert && !record) {
    problem(rc, at, [], "one of 'record' or 'alert' must be set");
    return undefined;
  }
  const expr = text('expr') ?? '';
  if (expr.trim() === '') problem(rc, fields.get('expr')?.at ?? at, ['expr'], "field 'expr' must be set in rule");
  const labels = stringMap(rc, fields.get('labels'));
  const annotations = stringMap(rc, fields.get('annotations'));
  const forText = text('for');
  const keepFiringText = text('keep_firing_for');
  if (record) {
    for (const comment of above) {
      problem(rc, comment, [`#kubewatch.${comment.key}`], 'kubewatch settings apply to alert rules; it is ignored', 'unsupported');
    }
    return recordingRule(rc, fields, { record, expr, labels, annotations, forText, keepFiringText });
  }
  const settings = ruleSettings(rc, above);
  const input: Record<string, unknown> = { alert, ...settings.values };
  if (!settings.threshold) {
    input.expr = expr;
  } else if (compileThreshold(settings.threshold) === expr.trim()) {
    input.threshold = settings.threshold; // the builder's rule; the schema compiles the same expr
  } else {
    input.expr = expr;
    const message = 'the threshold setting is ignored: expr is not the query the threshold compiles to (was it edited?); the rule keeps its expr';
    problem(rc, settings.at.threshold!, ['#kubewatch.threshold'], message, 'unsupported');
  }
  if (fields.has('for')) input.for = forText;
  if (fields.has('keep_firing_for')) input.keepFiringFor = keepFiringText;
  if (labels) {
    const { severity, ...rest } = labels.values;
    input.labels = rest;
    if (severity) input.severity = severity; // an empty label value means no label, as in Prometheus
  }
  if (annotations) input.annotations = annotations.values;
  if (rc.failed) return undefined;
  const parsed = alertRuleInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(rc, issue, fields, labels, annotations, settings.at);
    return undefined;
  }
  return rc.failed ? undefined : { kind: 'alert', ...at, path: rulePath(rc), rule: parsed.data };
}

const rulePath = (rc: RuleContext): string => formatPath([...rc.ctx.prefix, ...rc.path]);

/** A disabled rule, read back from its `# kubewatch: disabled={...}` comment. */
export function parseDisabledRule(ctx: DocContext, comment: SettingComment, rulesPath: PathSegment[]): ParsedRuleItem | undefined {
  const value = comment.value as Record<string, unknown> | null;
  const name = typeof value?.alert === 'string' ? value.alert : undefined;
  const rc: RuleContext = { ctx, path: [...rulesPath, `#kubewatch.${DISABLED_SETTING}`], at: comment, name, failed: false };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem(rc, comment, [], 'a disabled rule must be a JSON object (the rule as the API takes it)');
    return undefined;
  }
  const parsed = alertRuleInputSchema.safeParse({ ...value, enabled: false });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(rc, comment, [], `disabled rule: ${issue.path.join('.') || 'rule'}: ${issue.message}`);
    return undefined;
  }
  return rc.failed ? undefined : { kind: 'alert', line: comment.line, column: comment.column, path: rulePath(rc), rule: parsed.data };
}

function recordingRule(
  rc: RuleContext,
  fields: Map<string, MapEntry>,
  rule: { record: string; expr: string; labels?: StringMap; annotations?: StringMap; forText?: string; keepFiringText?: string },
): ParsedRuleItem | undefined {
  const recordAt = fields.get('record')!.at;
  checkExpr(rc, fields.get('expr'), rule.expr);
  if (!METRIC_NAME_RE.test(rule.record)) problem(rc, recordAt, ['record'], `invalid recording rule name: ${rule.record}`);
  for (const [key, value] of [['for', rule.forText], ['keep_firing_for', rule.keepFiringText]] as const) {
    const ms = durationField(rc, fields.get(key), value);
    if (ms) problem(rc, recordAt, [key], `invalid field '${key}' in recording rule`);
  }
  if (rule.annotations && Object.keys(rule.annotations.values).length > 0) {
    problem(rc, recordAt, ['annotations'], "invalid field 'annotations' in recording rule");
  }
  for (const name of Object.keys(rule.labels?.values ?? {})) {
    if (!LABEL_NAME_RE.test(name) || name === '__name__') problem(rc, rule.labels!.keys[name]!, ['labels', name], `invalid label name: ${name}`);
  }
  if (rc.failed) return undefined;
  return { kind: 'record', ...rc.at, path: rulePath(rc), record: rule.record, expr: rule.expr.trim(), labels: rule.labels?.values ?? {} };
}

/** A duration field in ms (0 when absent); reports Prometheus' error for bad text. */
function durationField(rc: RuleContext, entry: MapEntry | undefined, value: string | undefined): number {
  if (!entry || value === undefined) return 0;
  try {
    return parseDuration(value);
  } catch (error) {
    problem(rc, entry.at, [entry.key], (error as Error).message);
    return 0;
  }
}

function checkExpr(rc: RuleContext, entry: MapEntry | undefined, expr: string): void {
  if (!entry || expr.trim() === '') return;
  try {
    parsePromQLOrThrow(expr.trim());
  } catch (error) {
    if (!(error instanceof PromQLSyntaxError)) throw error;
    problem(rc, exprErrorPosition(rc, entry, expr, error), ['expr'], error.message);
  }
}

function exprErrorPosition(rc: RuleContext, entry: MapEntry, expr: string, error: PromQLSyntaxError): Position {
  const leading = expr.length - expr.trimStart().length;
  return (entry.value && positionInScalar(rc.ctx, entry.value, leading + error.position)) ?? entry.at;
}

/** labels/annotations: a mapping of strings (empty = none). */
function stringMap(rc: RuleContext, entry: MapEntry | undefined): StringMap | undefined {
  if (!entry || isNull(entry.value)) return undefined;
  const map = asMap(entry.value);
  if (!map) {
    problem(rc, entry.at, [entry.key], `${entry.key} must be a mapping of names to strings`);
    return undefined;
  }
  const out: StringMap = { values: {}, keys: {}, valuesAt: {} };
  for (const item of mapEntries(rc.ctx, map, [...rc.path, entry.key])) {
    const value = scalarText(item.value);
    if (value === undefined) {
      problem(rc, item.at, [entry.key, item.key], `the value of ${entry.key}.${item.key} must be a string`);
      continue;
    }
    out.values[item.key] = value;
    out.keys[item.key] = nodePosition(rc.ctx, item.keyNode)!;
    out.valuesAt[item.key] = item.at;
  }
  return out;
}

interface RuleSettings {
  values: Record<string, unknown>;
  threshold?: z.output<typeof thresholdSchema>;
  at: Partial<Record<string, Position>>;
}

function ruleSettings(rc: RuleContext, comments: SettingComment[]): RuleSettings {
  const out: RuleSettings = { values: {}, at: {} };
  for (const comment of comments) {
    const path = [`#kubewatch.${comment.key}`];
    if (!(RULE_SETTINGS as readonly string[]).includes(comment.key)) {
      const where = (GROUP_SETTINGS as readonly string[]).includes(comment.key) || comment.key === DISABLED_SETTING ? 'a group' : 'nothing';
      problem(rc, comment, path, `the kubewatch setting "${comment.key}" belongs to ${where}, not to a rule; it is ignored`, 'unsupported');
      continue;
    }
    out.at[comment.key] = comment;
    if (comment.key !== 'threshold') {
      out.values[comment.key] = comment.value;
      continue;
    }
    const threshold = thresholdSchema.safeParse(comment.value);
    if (threshold.success) out.threshold = threshold.data;
    else problem(rc, comment, path, `the threshold setting is ignored: ${threshold.error.issues[0]?.message}`, 'unsupported');
  }
  return out;
}

const SCHEMA_TO_YAML: Record<string, string> = { keepFiringFor: 'keep_firing_for' };

/** A schema issue at the YAML node (or `# kubewatch:` comment) it is about. */
function reportIssue(
  rc: RuleContext,
  issue: z.core.$ZodIssue,
  fields: Map<string, MapEntry>,
  labels: StringMap | undefined,
  annotations: StringMap | undefined,
  settingsAt: Partial<Record<string, Position>>,
): void {
  const [field, key] = issue.path as [string?, string?];
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  if (field === 'severity') {
    problem(rc, labels?.valuesAt.severity ?? rc.at, ['labels', 'severity'], message);
  } else if ((field === 'labels' || field === 'annotations') && key !== undefined) {
    const map = field === 'labels' ? labels : annotations;
    // Template errors are about the value; name errors about the key.
    const at = /^(label|annotation) "[^"]*": template:/.test(message) ? map?.valuesAt[key] : map?.keys[key];
    problem(rc, at ?? fields.get(field)?.at ?? rc.at, [field, key], message);
  } else if (field === 'expr' && fields.get('expr')) {
    const entry = fields.get('expr')!;
    const expr = scalarText(entry.value) ?? '';
    let at = entry.at;
    try {
      parsePromQLOrThrow(expr.trim());
    } catch (error) {
      if (error instanceof PromQLSyntaxError) at = exprErrorPosition(rc, entry, expr, error);
    }
    problem(rc, at, ['expr'], message);
  } else if (field !== undefined && settingsAt[field]) {
    problem(rc, settingsAt[field]!, [`#kubewatch.${field}`], message);
  } else if (field !== undefined) {
    const yamlKey = SCHEMA_TO_YAML[field] ?? field;
    problem(rc, fields.get(yamlKey)?.at ?? rc.at, [yamlKey], message);
  } else {
    problem(rc, rc.at, [], message);
  }
}
