// The rule group editor's form state, and its conversion from the API's view and to the API's
// input. Values stay strings while edited so a half-typed number is never lost; the server's
// schema (lib/rules/rule-schema.ts) does the validation and reports issues by field path.
import type { RuleGroupView } from '@/lib/rules/rule-group-record';
import { compileThreshold, METRIC_TEMPLATE_IDS, type MetricTemplateId, type ThresholdOperator } from '@/lib/rules/threshold';

export const SEVERITY_CHOICES = ['critical', 'warning', 'info'] as const;

/** NoData / Error outcomes in plain language (the schema's STATE_OUTCOMES). */
export const OUTCOMES = [
  { value: 'ok', label: 'Normal (like Prometheus)' },
  { value: 'alerting', label: 'Alerting' },
  { value: 'keep_last', label: 'Keep last state' },
] as const;
export type Outcome = (typeof OUTCOMES)[number]['value'];

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface RuleDraft {
  /** React key; stable across edits, never sent. */
  uid: string;
  id?: string;
  alert: string;
  mode: 'promql' | 'threshold';
  expr: string;
  metric: MetricTemplateId;
  operator: ThresholdOperator;
  thresholdValue: string;
  for: string;
  keepFiringFor: string;
  /** '' = no severity label. */
  severity: string;
  labels: KeyValueRow[];
  annotations: KeyValueRow[];
  noDataState: Outcome;
  errorState: Outcome;
  recoveryThreshold: string;
  enabled: boolean;
}

export interface GroupDraft {
  name: string;
  description: string;
  interval: string;
  /** The scope's parts are kept apart so switching the type back and forth loses nothing. */
  scopeType: 'all' | 'cluster' | 'selector';
  scopeClusterId: string;
  scopeSelector: string;
  paused: boolean;
  rules: RuleDraft[];
}

let counter = 0;
const nextUid = () => `rule-${++counter}`;

const rows = (map: Record<string, string> | undefined): KeyValueRow[] => Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));

export function emptyRule(): RuleDraft {
  return {
    uid: nextUid(),
    alert: '',
    mode: 'promql',
    expr: '',
    metric: METRIC_TEMPLATE_IDS[0],
    operator: '>',
    thresholdValue: '90',
    for: '5m',
    keepFiringFor: '0s',
    severity: 'warning',
    labels: [],
    annotations: [{ key: 'summary', value: '' }],
    noDataState: 'ok',
    errorState: 'keep_last',
    recoveryThreshold: '',
    enabled: true,
  };
}

/** A rule as the API returns it, or a template's rule input: what a draft can start from. */
export interface RuleLike {
  id?: string;
  alert?: string;
  expr?: string;
  threshold?: { metric: MetricTemplateId; operator: ThresholdOperator; value: number };
  for?: string;
  keepFiringFor?: string;
  severity?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  noDataState?: Outcome;
  errorState?: Outcome;
  recoveryThreshold?: number;
  enabled?: boolean;
}

export function ruleToDraft(rule: RuleLike): RuleDraft {
  const base = emptyRule();
  const threshold = rule.threshold;
  return {
    ...base,
    id: rule.id,
    alert: rule.alert ?? '',
    mode: threshold ? 'threshold' : 'promql',
    // A threshold rule's stored expr is compiled from the builder: not the user's PromQL.
    expr: threshold ? '' : (rule.expr ?? ''),
    metric: threshold?.metric ?? base.metric,
    operator: threshold?.operator ?? base.operator,
    thresholdValue: threshold ? String(threshold.value) : base.thresholdValue,
    for: rule.for ?? '0s',
    keepFiringFor: rule.keepFiringFor ?? '0s',
    severity: rule.severity ?? '',
    labels: rows(rule.labels),
    annotations: rows(rule.annotations),
    noDataState: rule.noDataState ?? 'ok',
    errorState: rule.errorState ?? 'keep_last',
    recoveryThreshold: rule.recoveryThreshold === undefined ? '' : String(rule.recoveryThreshold),
    enabled: rule.enabled ?? true,
  };
}

export function groupToDraft(group: RuleGroupView | undefined, defaultClusterId = ''): GroupDraft {
  if (!group) return { name: '', description: '', interval: '1m', scopeType: 'all', scopeClusterId: defaultClusterId, scopeSelector: '', paused: false, rules: [emptyRule()] };
  const scope = group.scope;
  return {
    name: group.name,
    description: group.description ?? '',
    interval: group.interval,
    scopeType: scope.type,
    scopeClusterId: scope.type === 'cluster' ? scope.clusterId : defaultClusterId,
    scopeSelector: scope.type === 'selector' ? scope.selector : '',
    paused: group.paused,
    rules: group.rules.map(ruleToDraft),
  };
}

/** A typed number, or the text itself so the server reports it at its field. */
const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

const toMap = (list: KeyValueRow[]) => Object.fromEntries(list.filter((r) => r.key.trim() || r.value.trim()).map((r) => [r.key.trim(), r.value]));

/** The PromQL a draft evaluates (compiled live for the threshold builder). */
export function draftExpr(rule: RuleDraft): string {
  if (rule.mode === 'promql') return rule.expr;
  const value = Number(rule.thresholdValue);
  return Number.isFinite(value) && rule.thresholdValue.trim() !== '' ? compileThreshold({ metric: rule.metric, operator: rule.operator, value }) : '';
}

/** One rule in the API's input form (alertRuleInputSchema). */
export function draftToRuleInput(rule: RuleDraft) {
  return {
    ...(rule.id ? { id: rule.id } : {}),
    alert: rule.alert.trim(),
    ...(rule.mode === 'promql' ? { expr: rule.expr } : { threshold: { metric: rule.metric, operator: rule.operator, value: numberOrText(rule.thresholdValue) } }),
    for: rule.for.trim() || '0s',
    keepFiringFor: rule.keepFiringFor.trim() || '0s',
    ...(rule.severity.trim() ? { severity: rule.severity.trim() } : {}),
    labels: toMap(rule.labels),
    annotations: toMap(rule.annotations),
    noDataState: rule.noDataState,
    errorState: rule.errorState,
    ...(rule.recoveryThreshold.trim() ? { recoveryThreshold: numberOrText(rule.recoveryThreshold) } : {}),
    enabled: rule.enabled,
  };
}

/** The whole group in the API's input form (ruleGroupInputSchema). */
export function draftToGroupInput(group: GroupDraft) {
  return {
    name: group.name.trim(),
    ...(group.description.trim() ? { description: group.description } : {}),
    interval: group.interval.trim() || '1m',
    scope:
      group.scopeType === 'cluster'
        ? { type: 'cluster' as const, clusterId: group.scopeClusterId }
        : group.scopeType === 'selector'
          ? { type: 'selector' as const, selector: group.scopeSelector }
          : { type: 'all' as const },
    paused: group.paused,
    rules: group.rules.map(draftToRuleInput),
  };
}
