import { expandAlertTemplate, type TemplateSample } from '../template';
import { labelsFingerprint, sortLabels } from './fingerprint';
import { stepAlertRule, type StepInput } from './step';
import type { AlertInstance, EngineRule, InstantQuery, Labels, QuerySample, Transition } from './types';

/** Everything an evaluation needs besides the rule and its previous state. */
export interface EvaluationContext {
  /** Evaluation time (epoch ms): the query time and the state machine's "now". */
  ts: number;
  query: InstantQuery;
  /** Labels every instance gets last (the `cluster` label); also visible to templates as $labels. */
  identityLabels: Labels;
  externalLabels: Labels;
  externalURL: string;
}

export interface RuleEvaluation {
  active: Map<string, AlertInstance>;
  transitions: Transition[];
  /** `ok`, `nodata` (empty result) or `error` (the query or the templates failed). */
  health: 'ok' | 'nodata' | 'error';
  error?: string;
  /** Series the condition returned. */
  seriesCount: number;
}

/** Prometheus's message when two result series collapse onto one alert (rules/alerting.go). */
export const DUPLICATE_LABELSET_ERROR = 'vector contains metrics with the same labelset after applying alert labels';

/**
 * One evaluation of an alert rule: runs its query at ctx.ts, renders labels and annotations like
 * Prometheus (rule labels override series labels, `__name__` dropped, `alertname` added), and
 * steps the state machine. NoData and Error follow the rule's outcome settings: `ok` behaves
 * like Prometheus (no series: everything resolves; for errors that means resolving too),
 * `keep_last` leaves every instance as it was, `alerting` adds an instance labelled
 * reason="NoData" / reason="Error" that goes through `for` like any other (after an error the
 * other instances are left as they were; with no data they resolve).
 */
export async function evaluateAlertRule(
  rule: EngineRule,
  previous: ReadonlyMap<string, AlertInstance>,
  ctx: EvaluationContext,
): Promise<RuleEvaluation> {
  const timing = { forMs: rule.forMs, keepFiringForMs: rule.keepFiringForMs };
  let present: StepInput['present'];
  let seriesCount = 0;
  try {
    const samples = await ctx.query(rule.expr, ctx.ts);
    seriesCount = samples.length;
    present = await renderAll(rule, samples, ctx);
    if (rule.recoveryExpr) present = await withRecovering(rule, previous, present, ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const step = outcomeStep(rule, rule.errorState, 'Error', ctx, message);
    return { ...stepAlertRule(previous, await step, ctx.ts, timing), health: 'error', error: message, seriesCount };
  }
  if (present.length === 0 && rule.noDataState !== 'ok') {
    const step = outcomeStep(rule, rule.noDataState, 'NoData', ctx);
    return { ...stepAlertRule(previous, await step, ctx.ts, timing), health: 'nodata', seriesCount };
  }
  return { ...stepAlertRule(previous, { present }, ctx.ts, timing), health: present.length ? 'ok' : 'nodata', seriesCount };
}

async function outcomeStep(
  rule: EngineRule,
  outcome: EngineRule['errorState'],
  reason: 'NoData' | 'Error',
  ctx: EvaluationContext,
  error?: string,
): Promise<StepInput> {
  if (outcome === 'ok') return { present: [] };
  if (outcome === 'keep_last') return { present: [], keepAbsent: true };
  // alerting: one synthetic instance. After an error nothing is known about the other
  // instances, so they stay exactly as they were; with no data they resolve as in Prometheus.
  const [synthetic] = await renderAll(rule, [{ labels: { reason }, value: Number.NaN }], ctx);
  if (error !== undefined) synthetic!.annotations = { ...synthetic!.annotations, error };
  return { present: [synthetic!], keepAbsent: reason === 'Error' };
}

/** Hysteresis: active instances missing from the trigger result stay while the recovery query returns them. */
async function withRecovering(
  rule: EngineRule,
  previous: ReadonlyMap<string, AlertInstance>,
  present: StepInput['present'],
  ctx: EvaluationContext,
): Promise<StepInput['present']> {
  const missing = [...previous.keys()].filter((fp) => !present.some((p) => p.fingerprint === fp));
  if (missing.length === 0) return present;
  const recovering = await renderAll(rule, await ctx.query(rule.recoveryExpr!, ctx.ts), ctx);
  return [...present, ...recovering.filter((r) => missing.includes(r.fingerprint))];
}

async function renderAll(rule: EngineRule, samples: QuerySample[], ctx: EvaluationContext): Promise<StepInput['present']> {
  const seen = new Set<string>();
  const out: StepInput['present'] = [];
  for (const sample of samples) {
    const rendered = await renderInstance(rule, sample, ctx);
    if (seen.has(rendered.fingerprint)) throw new Error(DUPLICATE_LABELSET_ERROR);
    seen.add(rendered.fingerprint);
    out.push(rendered);
  }
  return out;
}

async function renderInstance(rule: EngineRule, sample: QuerySample, ctx: EvaluationContext) {
  const templateLabels = { ...sample.labels, ...ctx.identityLabels };
  const data = { labels: templateLabels, value: sample.value, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL };
  const options = { time: new Date(ctx.ts), query: (expr: string) => templateQuery(ctx, expr) };
  const labels: Labels = { ...sample.labels };
  delete labels.__name__;
  for (const [name, text] of Object.entries(rule.labels)) labels[name] = await expandAlertTemplate(name, text, data, options);
  labels.alertname = rule.alert;
  Object.assign(labels, ctx.identityLabels);
  const annotations: Labels = {};
  for (const [name, text] of Object.entries(rule.annotations)) annotations[name] = await expandAlertTemplate(name, text, data, options);
  const sorted = sortLabels(labels);
  return { fingerprint: labelsFingerprint(sorted), labels: sorted, annotations, value: sample.value };
}

async function templateQuery(ctx: EvaluationContext, expr: string): Promise<TemplateSample[]> {
  return ctx.query(expr, ctx.ts);
}

/** Prometheus's ALERTS and ALERTS_FOR_STATE series for the active instances at `ts`. */
export function alertsSeries(active: Iterable<AlertInstance>): Array<{ labels: Labels; value: number }> {
  const out: Array<{ labels: Labels; value: number }> = [];
  for (const a of active) {
    out.push({ labels: { ...a.labels, __name__: 'ALERTS', alertstate: a.state }, value: 1 });
    out.push({ labels: { ...a.labels, __name__: 'ALERTS_FOR_STATE' }, value: Math.floor(a.activeAt / 1000) });
  }
  return out;
}
