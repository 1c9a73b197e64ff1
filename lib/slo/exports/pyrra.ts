import { Document } from 'yaml';
import { latencySelectors } from '../sli-queries';
import type { Slo } from '../slo-schema';
import { sumOfRateSelector } from './rate-selector';
import { slugify } from './slug';

// Pyrra (github.com/pyrra-dev/pyrra) `pyrra.dev/v1alpha1` ServiceLevelObjective resources. Pyrra
// builds its queries itself from plain selectors: a ratio indicator is `errors` and `total`
// metrics it wraps in sum(rate(...)), a latency indicator a `success` bucket selector (with le)
// and a `total` count selector. So only SLIs of that shape translate; for anything else
// toPyrraSLO lists why instead of writing a file that would measure something else.
//
// Pyrra keeps the SLI and the objective but alerts with its own table (factors 14/7/2/1 over
// 1h/5m, 6h/30m, 1d/2h, 4d/6h at 28d, scaled to the window, with `for` durations; severities
// critical and warning), and its `slo` label is the resource name. Labels and annotations reach
// its rules through metadata labels and annotations prefixed `pyrra.dev/`.

export interface PyrraExportOptions {
  /** metadata.namespace (default "monitoring"). */
  namespace?: string;
  /** More metadata.labels, e.g. the ones a Prometheus' ruleSelector wants. */
  resourceLabels?: Record<string, string>;
}

export type PyrraExport = { ok: true; yaml: string } | { ok: false; problems: string[] };

// Kubernetes label values (and the name part of keys): at most 63 characters, alphanumerics
// and - _ . inside, alphanumeric at both ends.
const K8S_LABEL_VALUE_RE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const K8S_NAME_PART_RE = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function toPyrraSLO(slo: Slo, options: PyrraExportOptions = {}): PyrraExport {
  const problems: string[] = [];
  const indicator = pyrraIndicator(slo, problems);
  if (slo.alerting.page !== slo.alerting.ticket) {
    problems.push('Pyrra turns burn-rate alerts on or off as a whole (alerting.burnrates); it cannot keep only the page or only the ticket alerts');
  }
  const labels: Record<string, string> = { ...options.resourceLabels };
  for (const [name, value] of Object.entries(slo.labels ?? {})) {
    if (!K8S_NAME_PART_RE.test(name)) problems.push(`label "${name}" cannot be a Kubernetes label name (it must start with a letter or digit)`);
    else if (!K8S_LABEL_VALUE_RE.test(value)) problems.push(`label ${name}=${JSON.stringify(value)}: Pyrra takes alert labels from Kubernetes labels, whose values are at most 63 letters, digits, - _ .`);
    else labels[`pyrra.dev/${name}`] = value;
  }
  const annotations: Record<string, string> = {};
  const alertAnnotations = { ...(slo.alerting.runbookUrl ? { runbook_url: slo.alerting.runbookUrl } : {}), ...slo.annotations };
  for (const [name, value] of Object.entries(alertAnnotations)) {
    if (K8S_NAME_PART_RE.test(name)) annotations[`pyrra.dev/${name}`] = value;
    else problems.push(`annotation "${name}" cannot be a Kubernetes annotation name (it must start with a letter or digit)`);
  }
  if (problems.length > 0 || indicator === undefined) return { ok: false, problems };

  const alertsOn = slo.alerting.page && slo.alerting.ticket;
  const doc = new Document({
    apiVersion: 'pyrra.dev/v1alpha1',
    kind: 'ServiceLevelObjective',
    metadata: {
      name: slugify(slo.name),
      namespace: options.namespace ?? 'monitoring',
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ...(slo.description ? { description: slo.description } : {}),
      // A string: Kubernetes CRDs have no floats.
      target: String(slo.objective),
      window: slo.window,
      indicator,
      alerting: alertsOn ? { burnrates: true } : { burnrates: false },
    },
  });
  doc.commentBefore = ` Pyrra SLO for the Kubewatch SLO "${slo.name}". Pyrra generates its own burn-rate alerts (its windows and factors).`;
  return { ok: true, yaml: doc.toString({ lineWidth: 0 }) };
}

function pyrraIndicator(slo: Slo, problems: string[]): Record<string, unknown> | undefined {
  const sli = slo.sli;
  if (sli.type === 'latency') {
    const { fast, all } = latencySelectors(sli);
    return { latency: { success: { metric: fast }, total: { metric: all } } };
  }
  if (sli.errors === undefined) {
    problems.push("Pyrra's ratio indicator needs the failed events (errors) and the total; this SLI gives the good events instead");
    return undefined;
  }
  const errors = sumOfRateSelector(sli.errors);
  const total = sumOfRateSelector(sli.total);
  for (const [field, shape] of [['errors', errors], ['total', total]] as const) {
    if ('problem' in shape) problems.push(`sli.${field}: Pyrra takes a plain selector and computes sum(rate(...)) itself; ${shape.problem}`);
  }
  if ('problem' in errors || 'problem' in total) return undefined;
  if (errors.grouping.join(',') !== total.grouping.join(',')) {
    problems.push(`errors and total must group by the same labels for Pyrra (got by (${errors.grouping.join(', ')}) and by (${total.grouping.join(', ')}))`);
    return undefined;
  }
  return {
    ratio: {
      errors: { metric: errors.selector },
      total: { metric: total.selector },
      ...(total.grouping.length > 0 ? { grouping: total.grouping } : {}),
    },
  };
}
