import { z } from 'zod';
import { PromQLSyntaxError, parsePromQLOrThrow } from '../prometheus/inject-selector';
import { formatDuration, parseDuration } from '../time/duration';
import { checkTemplate, TemplateError } from './template';
import { compileThreshold, METRIC_TEMPLATE_IDS, recoveryExpression, THRESHOLD_OPERATORS } from './threshold';

// Rule groups and alert rules as the REST API, the rule-file import and the UI accept them.
// These schemas are the single source of truth: OpenAPI and form validation derive from them.

/** Prometheus label names (alert labels must be valid label names, `__` prefix reserved). */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MIN_INTERVAL_MS = 10_000;

/** A Prometheus duration string ("30s", "5m", "1h30m"); the output is the canonical text. */
export function durationText(options: { min?: number; max?: number } = {}) {
  return z.string().transform((text, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(text.trim());
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
    if (options.min !== undefined && ms < options.min) {
      ctx.addIssue({ code: 'custom', message: `must be at least ${formatDuration(options.min)} (got ${text})` });
      return z.NEVER;
    }
    if (options.max !== undefined && ms > options.max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${formatDuration(options.max)} (got ${text})` });
      return z.NEVER;
    }
    return formatDuration(ms);
  });
}

const labelMapSchema = z.record(z.string(), z.string().max(4096)).superRefine((labels, ctx) => {
  templateProblems('label', labels, ctx);
  for (const name of Object.keys(labels)) {
    if (!LABEL_NAME_RE.test(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a valid label name (letters, digits and _, not starting with a digit)` });
    } else if (name.startsWith('__')) {
      ctx.addIssue({ code: 'custom', path: [name], message: `label names starting with "__" are reserved` });
    } else if (name === 'alertname' || name === 'cluster') {
      ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is set by the engine and cannot be a rule label` });
    } else if (name === 'severity') {
      ctx.addIssue({ code: 'custom', path: [name], message: 'set the severity with the rule\'s `severity` field, not as a label' });
    }
  }
});

/** Label and annotation values are Go templates: refuse the ones Prometheus would not parse. */
function templateProblems(kind: 'label' | 'annotation', values: Record<string, string>, ctx: z.RefinementCtx) {
  for (const [name, text] of Object.entries(values)) {
    try {
      checkTemplate(text);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      ctx.addIssue({ code: 'custom', path: [name], message: `${kind} "${name}": ${error.message}` });
    }
  }
}

const annotationMapSchema = z
  .record(z.string().regex(LABEL_NAME_RE, 'annotation names are label names: letters, digits and _'), z.string().max(16_384))
  .superRefine((values, ctx) => templateProblems('annotation', values, ctx));

/** What an alert instance does when the query returns no series, or fails (Grafana's options). */
export const STATE_OUTCOMES = ['ok', 'alerting', 'keep_last'] as const;
export type StateOutcome = (typeof STATE_OUTCOMES)[number];

/** Suggested severities (the UI's choices); any label value is accepted, as in Prometheus. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** A threshold rule built from a metric template: `<template query> <op> <value>`. */
export const thresholdSchema = z
  .object({
    metric: z.enum(METRIC_TEMPLATE_IDS),
    operator: z.enum(THRESHOLD_OPERATORS),
    value: z.number().finite(),
  })
  .strict();

export const alertRuleInputSchema = z
  .object({
    /** Set on rules that already exist, so an edit keeps their instances' state. */
    id: z.uuid().optional(),
    alert: z.string().trim().min(1).max(200).regex(LABEL_NAME_RE, 'alert names are letters, digits and _ (like metric names)'),
    /** PromQL; required unless `threshold` builds it. */
    expr: z.string().trim().min(1).max(16_384).optional(),
    threshold: thresholdSchema.optional(),
    for: durationText({ max: 7 * 24 * 3600_000 }).default('0s'),
    keepFiringFor: durationText({ max: 7 * 24 * 3600_000 }).default('0s'),
    /** Becomes the `severity` label; absent means no severity label (as in a Prometheus rule file). */
    severity: z.string().trim().min(1).max(63).optional(),
    labels: labelMapSchema.default({}),
    annotations: annotationMapSchema.default({}),
    noDataState: z.enum(STATE_OUTCOMES).default('ok'),
    errorState: z.enum(STATE_OUTCOMES).default('keep_last'),
    /** Hysteresis: once active, the instance stays active until the value crosses this. */
    recoveryThreshold: z.number().finite().optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .transform((rule, ctx) => {
    if (rule.expr === undefined && rule.threshold === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expr'], message: 'give either expr (PromQL) or threshold (metric, operator, value)' });
      return z.NEVER;
    }
    // A view sent back carries both; that is fine while expr is still what the threshold compiles to.
    if (rule.expr !== undefined && rule.threshold !== undefined && rule.expr !== compileThreshold(rule.threshold)) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'give either expr or threshold, not both (threshold compiles to expr)' });
      return z.NEVER;
    }
    const expr = rule.threshold ? compileThreshold(rule.threshold) : rule.expr!;
    try {
      parsePromQLOrThrow(expr);
    } catch (error) {
      if (!(error instanceof PromQLSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['expr'], message: error.message });
      return z.NEVER;
    }
    if (rule.recoveryThreshold !== undefined) {
      const recovery = recoveryExpression(expr, rule.recoveryThreshold);
      if (typeof recovery !== 'string') {
        ctx.addIssue({ code: 'custom', path: ['recoveryThreshold'], message: recovery.problem });
        return z.NEVER;
      }
    }
    return { ...rule, expr };
  });

export type AlertRuleInput = z.output<typeof alertRuleInputSchema>;

/** Which clusters a group evaluates on; every cluster in scope gets its own instances. */
export const clusterScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('cluster'), clusterId: z.uuid() }).strict(),
  z.object({ type: z.literal('selector'), selector: z.string().trim().min(1).max(2048) }).strict(),
]);
export type ClusterScope = z.output<typeof clusterScopeSchema>;

export const ruleGroupInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    interval: durationText({ min: MIN_INTERVAL_MS, max: 24 * 3600_000 }).default('1m'),
    scope: clusterScopeSchema.default({ type: 'all' }),
    paused: z.boolean().default(false),
    rules: z.array(alertRuleInputSchema).min(1).max(500),
  })
  .strict();

export type RuleGroupInput = z.output<typeof ruleGroupInputSchema>;
