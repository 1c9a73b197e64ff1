// The SLO form's state (strings, as typed) and its conversion to the API's input. No validation
// here: the server's schema is the single source of truth, its issues are shown at the fields.
import type { SloInput, SloWindow } from '@/lib/slo/slo-schema';
import type { KeyValueRow } from '../rules/rule-draft';

export const WINDOWS: readonly SloWindow[] = ['7d', '28d', '30d'];

export interface SloDraft {
  name: string;
  description: string;
  scopeType: 'all' | 'cluster' | 'selector';
  scopeClusterId: string;
  scopeSelector: string;
  objective: string;
  window: SloWindow;
  sliType: 'ratio' | 'latency';
  /** Which events the first ratio query counts: failed ones or good ones. */
  ratioKind: 'errors' | 'good';
  ratioQuery: string;
  totalQuery: string;
  metric: string;
  selector: string;
  thresholdSeconds: string;
  page: boolean;
  ticket: boolean;
  runbookUrl: string;
  labels: KeyValueRow[];
  /** Kept as they are (the form does not edit them). */
  annotations?: Record<string, string>;
}

export function emptyDraft(defaultClusterId = ''): SloDraft {
  return {
    name: '',
    description: '',
    scopeType: 'all',
    scopeClusterId: defaultClusterId,
    scopeSelector: '',
    objective: '99.9',
    window: '30d',
    sliType: 'ratio',
    ratioKind: 'errors',
    ratioQuery: '',
    totalQuery: '',
    metric: '',
    selector: '',
    thresholdSeconds: '',
    page: true,
    ticket: true,
    runbookUrl: '',
    labels: [],
  };
}

/** A stored SLO or a template's SLO in the form. */
export function sloToDraft(slo: SloInput, defaultClusterId = ''): SloDraft {
  const draft = emptyDraft(defaultClusterId);
  const scope = slo.scope ?? { type: 'all' as const };
  const sli = slo.sli;
  return {
    ...draft,
    name: slo.name,
    description: slo.description ?? '',
    scopeType: scope.type,
    scopeClusterId: scope.type === 'cluster' ? scope.clusterId : defaultClusterId,
    scopeSelector: scope.type === 'selector' ? scope.selector : '',
    objective: String(slo.objective),
    window: slo.window,
    sliType: sli.type,
    ...(sli.type === 'ratio'
      ? { ratioKind: sli.good !== undefined && sli.errors === undefined ? 'good' : 'errors', ratioQuery: sli.errors ?? sli.good ?? '', totalQuery: sli.total }
      : { metric: sli.metric, selector: sli.selector ?? '', thresholdSeconds: String(sli.thresholdSeconds) }),
    page: slo.alerting?.page ?? true,
    ticket: slo.alerting?.ticket ?? true,
    runbookUrl: slo.alerting?.runbookUrl ?? '',
    labels: Object.entries(slo.labels ?? {}).map(([key, value]) => ({ key, value })),
    annotations: slo.annotations,
  };
}

/** A typed number as a number; anything else is sent as typed so the server names the problem. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** The objective typed in the form as a number, when it is one (for the live alert table). */
export function draftObjective(draft: SloDraft): number | undefined {
  const value = numberOrText(draft.objective);
  return typeof value === 'number' && value > 0 && value < 100 ? value : undefined;
}

export function draftToInput(draft: SloDraft) {
  const scope =
    draft.scopeType === 'cluster' ? { type: 'cluster', clusterId: draft.scopeClusterId } : draft.scopeType === 'selector' ? { type: 'selector', selector: draft.scopeSelector } : { type: 'all' };
  const sli =
    draft.sliType === 'ratio'
      ? { type: 'ratio', [draft.ratioKind]: draft.ratioQuery, total: draft.totalQuery }
      : { type: 'latency', metric: draft.metric, ...(draft.selector.trim() ? { selector: draft.selector } : {}), thresholdSeconds: numberOrText(draft.thresholdSeconds) };
  const labels = Object.fromEntries(draft.labels.filter((r) => r.key.trim() || r.value.trim()).map((r) => [r.key.trim(), r.value]));
  return {
    name: draft.name,
    ...(draft.description.trim() ? { description: draft.description } : {}),
    scope,
    objective: numberOrText(draft.objective),
    window: draft.window,
    sli,
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(draft.annotations && Object.keys(draft.annotations).length ? { annotations: draft.annotations } : {}),
    alerting: { page: draft.page, ticket: draft.ticket, ...(draft.runbookUrl.trim() ? { runbookUrl: draft.runbookUrl.trim() } : {}) },
  };
}
