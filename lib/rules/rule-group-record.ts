import type { AlertRule, RuleGroup } from '../db/generated/client';
import type { AlertRuleInput, ClusterScope, RuleGroupInput } from './rule-schema';

export type RuleGroupRow = RuleGroup & { rules: AlertRule[]; slo?: { id: string; name: string } | null };

type StoredSpec = Omit<AlertRuleInput, 'id'>;

/** A rule group as the API returns it: rules carry their ids and their compiled `expr`. */
export function toRuleGroupView(row: RuleGroupRow) {
  return {
    id: row.id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    interval: row.intervalText,
    scope: row.scope as ClusterScope,
    paused: row.paused,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    rules: row.rules.map((rule) => ({ id: rule.id, ...(rule.spec as StoredSpec) })),
    /** The SLO this group is generated from (then it is changed through the SLO only). */
    slo: row.slo ? { id: row.slo.id, name: row.slo.name } : null,
  };
}

export type RuleGroupView = ReturnType<typeof toRuleGroupView>;

/** The group in the input form (what PUT accepts), for merge patches and exports. */
export function toRuleGroupInput(row: RuleGroupRow): RuleGroupInputForm {
  return {
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    interval: row.intervalText,
    scope: row.scope as ClusterScope,
    paused: row.paused,
    rules: row.rules.map((rule) => {
      const spec = rule.spec as StoredSpec;
      // A threshold rule's expr is compiled from the threshold; the input form has only one of them.
      const { expr, ...rest } = spec;
      return spec.threshold ? { id: rule.id, ...rest } : { id: rule.id, ...rest, expr };
    }),
  };
}

/** The PUT body form of a group (rules by id, a threshold rule without its compiled expr). */
export type RuleGroupInputForm = Omit<RuleGroupInput, 'rules'> & { rules: Array<Omit<AlertRuleInput, 'expr'> & { expr?: string }> };
