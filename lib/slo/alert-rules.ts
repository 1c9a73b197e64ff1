import type { z } from 'zod';
import type { alertRuleInputSchema, ruleGroupInputSchema } from '../rules/rule-schema';
import { burnRateAnnotations } from './alert-annotations';
import { type BurnRateWindow, burnRateWindows, sloWindowMs } from './burn-rate-windows';
import { allowedErrorRatio, promqlNumber } from './objective';
import { errorRatioQuery } from './sli-queries';
import type { Slo } from './slo-schema';

// The alert rules an SLO generates: one rule per enabled row of the burn-rate table, all named
// SLOErrorBudgetBurn and told apart by their labels (slo, severity, long_window, short_window),
// as Sloth and Pyrra do. The engine evaluates them like any other rule group.
//
// `expr` is `(<short ratio>) > (factor * budget) and (<long ratio>) > (factor * budget)`.
// Comparison binds tighter than `and`, and `and` keeps the left-hand series that have a
// right-hand series with the same labels (the metric name aside). Both sides are the same SLI
// query over two windows, so they carry the same labels: none for the usual sum(), one series
// per group for `sum by (x)` (then each group alerts on its own). The alert's value is the
// short-window error ratio.
//
// No `for`: the long window already is the debounce (a 100% outage needs 14.4 × 0.1% × 1h ≈ 52s
// to trip the 1h row of a 99.9% SLO, a 2% error rate about 43 minutes), and the workbook
// discourages adding a duration on top because it only delays detection (its "alert duration"
// option has poor detection time); Sloth generates none either. Pyrra's `for` of half the short
// window is a choice we do not copy. No keep_firing_for: the short window makes the alert
// resolve soon after the errors stop, which is the point of having it.

export const SLO_ALERT_NAME = 'SLOErrorBudgetBurn';

export type AlertRuleInputFields = z.input<typeof alertRuleInputSchema>;
export type RuleGroupInputFields = z.input<typeof ruleGroupInputSchema>;

/** The PromQL threshold of a row: `(14.4 * 0.001)`, the factor times the allowed error ratio. */
export function burnThreshold(factor: number, objective: number): string {
  return `(${promqlNumber(factor)} * ${promqlNumber(allowedErrorRatio(objective))})`;
}

/** The rows the SLO's alerting settings enable. */
export function enabledBurnRateWindows(slo: Slo): BurnRateWindow[] {
  return burnRateWindows(sloWindowMs(slo.window)).filter((row) => slo.alerting[row.severity]);
}

/** The labels every alert of a row carries (besides severity, which rules set as a field). */
export function burnRateLabels(slo: Slo, row: BurnRateWindow): Record<string, string> {
  return { ...slo.labels, slo: slo.name, long_window: row.long, short_window: row.short };
}

/** Generated annotations, then runbook_url, then the SLO's own annotations (which win). */
export function burnRateRuleAnnotations(slo: Slo, row: BurnRateWindow): Record<string, string> {
  return {
    ...burnRateAnnotations(slo, row, sloWindowMs(slo.window)),
    ...(slo.alerting.runbookUrl ? { runbook_url: slo.alerting.runbookUrl } : {}),
    ...slo.annotations,
  };
}

/**
 * Alert rules for the enabled rows, with `errorRatio(windowText)` as each window's error-ratio
 * expression: the SLI query itself (engine rules) or a recorded series (rule-file export).
 */
export function burnRateAlertRules(slo: Slo, errorRatio: (window: string) => string): AlertRuleInputFields[] {
  return enabledBurnRateWindows(slo).map((row) => {
    const threshold = burnThreshold(row.factor, slo.objective);
    return {
      alert: SLO_ALERT_NAME,
      expr: `(${errorRatio(row.short)}) > ${threshold}\nand\n(${errorRatio(row.long)}) > ${threshold}`,
      severity: row.severity,
      labels: burnRateLabels(slo, row),
      annotations: burnRateRuleAnnotations(slo, row),
    };
  });
}

/** The SLO's alert rules as the engine runs them (alertRuleInputSchema input). */
export function sloAlertRules(slo: Slo): AlertRuleInputFields[] {
  return burnRateAlertRules(slo, (window) => errorRatioQuery(slo.sli, window));
}

/** Name of the rule group that holds an SLO's alerts. */
export function sloRuleGroupName(slo: Pick<Slo, 'name'>): string {
  return `slo:${slo.name}`;
}

export interface SloRuleGroupOptions {
  /** Evaluation interval (default 1m). */
  interval?: string;
  paused?: boolean;
}

/**
 * The SLO's rule group (ruleGroupInputSchema input): evaluated every minute on the SLO's
 * clusters. Null when the SLO has both page and ticket alerts turned off (a group needs a rule).
 */
export function sloRuleGroup(slo: Slo, options: SloRuleGroupOptions = {}): RuleGroupInputFields | null {
  const rules = sloAlertRules(slo);
  if (rules.length === 0) return null;
  return {
    name: sloRuleGroupName(slo),
    description: `Burn-rate alerts of the SLO "${slo.name}" (${slo.objective}% over ${slo.window}); generated from the SLO, edit the SLO instead.`,
    interval: options.interval ?? '1m',
    scope: slo.scope,
    paused: options.paused ?? false,
    rules,
  };
}
