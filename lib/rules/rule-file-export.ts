import { Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { DISABLED_SETTING, formatSetting } from './rule-file-extensions';
import type { ExportableGroup } from './rule-file-types';
import type { AlertRuleInput } from './rule-schema';

// Groups to a Prometheus rule file or a PrometheusRule resource. What Prometheus cannot express
// (no-data/error outcomes, hysteresis, threshold builder, scope, pause, disabled rules) goes into
// `# kubewatch:` comments, which the import reads back (see rule-file-extensions.ts).

const HEADER =
  ' Exported by Kubewatch. "# kubewatch:" comments hold settings Prometheus has no field for;\n' +
  ' Kubewatch reads them back on import. Disabled rules are only in such comments.';

const DNS_SUBDOMAIN_RE = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL_RE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function exportPrometheusRuleFile(groups: ExportableGroup[]): string {
  const doc = new Document({ groups: groups.map(groupObject) });
  decorate(doc.get('groups') as YAMLSeq, groups);
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}

export function exportPrometheusRule(
  groups: ExportableGroup[],
  resource: { name: string; namespace: string; labels?: Record<string, string> },
): string {
  if (!DNS_SUBDOMAIN_RE.test(resource.name)) throw new Error(`"${resource.name}" is not a valid resource name (lowercase DNS subdomain)`);
  if (!DNS_LABEL_RE.test(resource.namespace)) throw new Error(`"${resource.namespace}" is not a valid namespace name (lowercase DNS label)`);
  const metadata = {
    name: resource.name,
    namespace: resource.namespace,
    ...(resource.labels && Object.keys(resource.labels).length > 0 ? { labels: resource.labels } : {}),
  };
  const doc = new Document({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata,
    spec: { groups: groups.map(groupObject) },
  });
  decorate(doc.getIn(['spec', 'groups']) as YAMLSeq, groups);
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}

function groupObject(group: ExportableGroup) {
  return { name: group.name, interval: group.interval, rules: group.rules.filter((rule) => rule.enabled).map(ruleObject) };
}

/** A rule with Prometheus' fields, in the order of its documentation. */
function ruleObject(rule: AlertRuleInput) {
  const labels = { ...(rule.severity !== undefined ? { severity: rule.severity } : {}), ...rule.labels };
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for !== '0s' ? { for: rule.for } : {}),
    ...(rule.keepFiringFor !== '0s' ? { keep_firing_for: rule.keepFiringFor } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(rule.annotations).length > 0 ? { annotations: rule.annotations } : {}),
  };
}

/** Adds the `# kubewatch:` comments to the groups' nodes. */
function decorate(seq: YAMLSeq, groups: ExportableGroup[]): void {
  groups.forEach((group, i) => {
    const node = seq.items[i] as YAMLMap;
    node.commentBefore = joinComments(groupSettings(group));
    const rules = node.get('rules') as YAMLSeq;
    let enabledIndex = 0;
    let pending: string[] = []; // disabled rules wait for the next exported rule (or the list's end)
    for (const rule of group.rules) {
      if (!rule.enabled) {
        pending.push(formatSetting(DISABLED_SETTING, apiInput(rule)));
        continue;
      }
      const ruleNode = rules.items[enabledIndex++] as YAMLMap;
      ruleNode.commentBefore = joinComments([...pending, ...ruleSettings(rule)]);
      pending = [];
    }
    if (pending.length > 0) rules.comment = joinComments(pending);
  });
}

const joinComments = (lines: string[]): string | undefined => (lines.length > 0 ? lines.join('\n') : undefined);

function groupSettings(group: ExportableGroup): string[] {
  const out: string[] = [];
  if (group.description) out.push(formatSetting('description', group.description));
  if (group.scope && group.scope.type !== 'all') out.push(formatSetting('scope', group.scope));
  if (group.paused) out.push(formatSetting('paused', true));
  return out;
}

/** The settings that differ from the schema's defaults (which are Prometheus' behaviour). */
function ruleSettings(rule: AlertRuleInput): string[] {
  const out: string[] = [];
  if (rule.noDataState !== 'ok') out.push(formatSetting('noDataState', rule.noDataState));
  if (rule.errorState !== 'keep_last') out.push(formatSetting('errorState', rule.errorState));
  if (rule.recoveryThreshold !== undefined) out.push(formatSetting('recoveryThreshold', rule.recoveryThreshold));
  if (rule.threshold) out.push(formatSetting('threshold', rule.threshold));
  return out;
}

/** The shortest API input that parses back to `rule` (without id and enabled). */
function apiInput(rule: AlertRuleInput): Record<string, unknown> {
  const { id: _id, enabled: _enabled, threshold, expr, ...rest } = rule;
  const defaults: Record<string, unknown> = { for: '0s', keepFiringFor: '0s', noDataState: 'ok', errorState: 'keep_last' };
  const out: Record<string, unknown> = threshold ? { alert: rule.alert, threshold } : { alert: rule.alert, expr };
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'alert' || value === undefined || defaults[key] === value) continue;
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}
