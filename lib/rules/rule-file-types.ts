import type { AlertRuleInput, ClusterScope } from './rule-schema';

// Shapes of the rule-file import and export (Prometheus rule files and PrometheusRule resources).

/**
 * One problem found in a rule file, at a 1-based line and column. `error`: invalid (Prometheus
 * or our schema rejects it) and left out; `unsupported`: valid somewhere, but not imported.
 */
export interface RuleFileProblem {
  line: number;
  column: number;
  /** Where in the document, e.g. `groups[0].rules[2].for` or `spec.groups[1].name`. */
  path: string;
  /** The rule's or group's name, when known. */
  name?: string;
  message: string;
  severity: 'error' | 'unsupported';
}

interface ItemPosition {
  line: number;
  column: number;
  /** e.g. `groups[0].rules[2]`. */
  path: string;
}

export type ParsedRuleItem =
  | ({ kind: 'alert'; rule: AlertRuleInput } & ItemPosition)
  | ({ kind: 'record'; record: string; expr: string; labels: Record<string, string> } & ItemPosition);

/** Group settings Prometheus has no field for, read back from `# kubewatch:` comments. */
export interface GroupExtensions {
  description?: string;
  scope?: ClusterScope;
  paused?: boolean;
}

export interface ParsedRuleGroup {
  name: string;
  /** Canonical duration text, when the file sets a non-zero interval. */
  interval?: string;
  /** Prometheus' per-rule series limit (group `limit`), when positive; the import ignores it. */
  limit?: number;
  line: number;
  column: number;
  path: string;
  /** The PrometheusRule resource the group came from. */
  resource?: { name?: string; namespace?: string };
  kubewatch?: GroupExtensions;
  /** Rules in file order (disabled rules read back from comments included). */
  items: ParsedRuleItem[];
}

export interface ParsedRuleFile {
  groups: ParsedRuleGroup[];
  problems: RuleFileProblem[];
}

/** A group as the export takes it; RuleGroupInput fits. */
export interface ExportableGroup {
  name: string;
  interval: string;
  rules: AlertRuleInput[];
  description?: string;
  scope?: ClusterScope;
  paused?: boolean;
}
