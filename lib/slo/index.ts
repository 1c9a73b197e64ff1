// SLOs: input schema, burn-rate alert rules, budget math and exports. The pieces live in the
// files next to this one; this is the module to import from.
export { burnThreshold, SLO_ALERT_NAME, sloAlertRules, sloRuleGroup, sloRuleGroupName } from './alert-rules';
export type { SloRuleGroupOptions } from './alert-rules';
export { bucketPlan, combineBuckets, DEFAULT_SETTLE_MS, HOUR_MS, sloQueryCost } from './buckets';
export type { BucketCounts, BucketPlan, BucketPlanInput, BucketRange, SloQueryCost } from './buckets';
export { burnRate, errorBudget, timeToExhaustion } from './budget';
export type { ErrorBudget, ErrorBudgetInput } from './budget';
export { burnRateWindows, sloWindowMs, WORKBOOK_WINDOWS } from './burn-rate-windows';
export type { AlertSeverity, BurnRateWindow } from './burn-rate-windows';
export { toPrometheusRules } from './exports/prometheus-rules';
export { toPyrraSLO } from './exports/pyrra';
export type { PyrraExport, PyrraExportOptions } from './exports/pyrra';
export { toSlothAlertWindows, toSlothSpec } from './exports/sloth';
export { allowedErrorRatio } from './objective';
export { errorAndTotalCountQueries, errorRatioQuery, formatLe } from './sli-queries';
export { RESERVED_SLO_LABELS, SLO_WINDOWS, sliSchema, sloInputSchema } from './slo-schema';
export type { LatencySli, RatioSli, Sli, Slo, SloInput, SloWindow } from './slo-schema';
export { SLO_TEMPLATES } from './slo-templates';
export type { SloTemplate } from './slo-templates';
