import type { SyntaxNode } from '@lezer/common';
import { parsePromQLOrThrow } from '../prometheus/inject-selector';

// The threshold builder ("metric template + operator + threshold", compiled to PromQL) and the
// hysteresis rewrite (the same comparison against the recovery threshold).

export const THRESHOLD_OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** Metrics the builder offers; kube-prometheus / node-exporter / kube-state-metrics names. */
export const METRIC_TEMPLATES = {
  node_cpu_utilisation_percent: {
    title: 'Node CPU utilisation (%)',
    unit: '%',
    query: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
  },
  node_load_per_core_percent: {
    title: 'Node load per CPU core (%, Rancher\'s "CPU load")',
    unit: '%',
    query: '100 * max by (instance) (node_load1) / count by (instance) (node_cpu_seconds_total{mode="idle"})',
  },
  node_memory_used_percent: {
    title: 'Node memory used (%)',
    unit: '%',
    query: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)',
  },
  node_filesystem_used_percent: {
    title: 'Node filesystem used (%)',
    unit: '%',
    query: '100 * (1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"})',
  },
  pod_restarts_15m: {
    title: 'Container restarts in the last 15 minutes',
    unit: '',
    query: 'increase(kube_pod_container_status_restarts_total[15m])',
  },
  apiserver_5xx_percent: {
    title: 'API server 5xx responses (%)',
    unit: '%',
    query: '100 * sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m]))',
  },
} as const;

export type MetricTemplateId = keyof typeof METRIC_TEMPLATES;
export const METRIC_TEMPLATE_IDS = Object.keys(METRIC_TEMPLATES) as [MetricTemplateId, ...MetricTemplateId[]];

/** The PromQL a threshold compiles to; shown to the user next to the builder. */
export function compileThreshold(threshold: { metric: MetricTemplateId; operator: ThresholdOperator; value: number }): string {
  return `${METRIC_TEMPLATES[threshold.metric].query} ${threshold.operator} ${formatNumber(threshold.value)}`;
}

// JavaScript's shortest round-trip form ("0.5", "1e+21") is valid PromQL number syntax.
const formatNumber = (value: number): string => String(value);

const COMPARISONS = new Set(['Gtr', 'Gte', 'Lss', 'Lte', 'Eql', 'Neq']);

/**
 * The expression with its top-level comparison's number replaced by `threshold`: for
 * `x > 90` and 80, `x > 80`. Hysteresis needs a filtering comparison against a literal at the
 * top (a `bool` comparison returns every series, so it cannot say "still active").
 */
export function recoveryExpression(expr: string, threshold: number): string | { problem: string } {
  const top = unwrapParens(parsePromQLOrThrow(expr).topNode.firstChild);
  if (!top || top.name !== 'BinaryExpr') {
    return { problem: 'a recovery threshold needs an expression that ends in a comparison with a number, like `metric > 90`' };
  }
  const children: SyntaxNode[] = [];
  for (let child = top.firstChild; child; child = child.nextSibling) children.push(child);
  const operator = children.find((child) => COMPARISONS.has(child.name));
  if (!operator) return { problem: 'a recovery threshold needs a comparison (>, >=, <, <=, ==, !=) at the top of the expression' };
  if (children.some((child) => child.name === 'BoolModifier')) {
    return { problem: 'a recovery threshold does not work with a `bool` comparison, which returns every series' };
  }
  const left = children[0]!;
  const right = children[children.length - 1]!;
  const literal = right.name === 'NumberDurationLiteral' ? right : left.name === 'NumberDurationLiteral' ? left : undefined;
  if (!literal) return { problem: 'a recovery threshold needs one side of the top-level comparison to be a number, like `metric > 90`' };
  return expr.slice(0, literal.from) + formatNumber(threshold) + expr.slice(literal.to);
}

function unwrapParens(node: SyntaxNode | null): SyntaxNode | null {
  let current = node;
  while (current?.name === 'ParenExpr') current = current.firstChild;
  return current;
}
