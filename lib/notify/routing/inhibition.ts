// Inhibit rules as in Alertmanager (inhibit/inhibit.go): a firing alert matching sourceMatchers
// mutes alerts matching targetMatchers when the `equal` labels have the same values.

import { z } from 'zod';
import type { Labels } from '../types';
import { matchesPromMatchers } from '../../prometheus/matchers';
import { matcherTextSchema, parseMatcherList } from './matcher-list';

export interface InhibitRule {
  sourceMatchers: string[];
  targetMatchers: string[];
  /** Labels that must be equal in source and target; a label missing on both counts as equal (""). */
  equal: string[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const inhibitRuleSchema = z
  .object({
    sourceMatchers: z.array(matcherTextSchema),
    targetMatchers: z.array(matcherTextSchema),
    equal: z.array(z.string().regex(LABEL_NAME, 'invalid label name in equal')).default([]),
  })
  .strict();

/** A possible source: a label set taken as firing, or an alert with its status. */
export type InhibitionSource = Readonly<Labels> | { labels: Readonly<Labels>; status?: 'firing' | 'resolved' };

function sourceLabels(source: InhibitionSource): Readonly<Labels> | null {
  if (typeof (source as { labels?: unknown }).labels === 'object' && (source as { labels?: unknown }).labels !== null) {
    const alert = source as { labels: Readonly<Labels>; status?: string };
    return alert.status === 'resolved' ? null : alert.labels;
  }
  return source as Readonly<Labels>;
}

/** Which rule and source alert inhibit the target, or null. */
export function inhibitingSource(
  rules: readonly InhibitRule[],
  alerts: readonly InhibitionSource[],
  target: Readonly<Labels>,
): { ruleIndex: number; source: Readonly<Labels> } | null {
  for (const [ruleIndex, rule] of rules.entries()) {
    const targetMatchers = parseMatcherList(rule.targetMatchers);
    if (!matchesPromMatchers(targetMatchers, target)) continue;
    const sourceMatchers = parseMatcherList(rule.sourceMatchers);
    // When the target could also be a source, sources that are also targets are ignored: this is
    // how Alertmanager keeps an alert (or its peers) from inhibiting itself.
    const excludeTwoSided = matchesPromMatchers(sourceMatchers, target);
    for (const candidate of alerts) {
      const labels = sourceLabels(candidate);
      if (!labels || !matchesPromMatchers(sourceMatchers, labels)) continue;
      if (!rule.equal.every((name) => (labels[name] ?? '') === (target[name] ?? ''))) continue;
      if (excludeTwoSided && matchesPromMatchers(targetMatchers, labels)) continue;
      return { ruleIndex, source: labels };
    }
  }
  return null;
}

/** Whether a firing source alert inhibits an alert with the target labels. */
export function isInhibited(rules: readonly InhibitRule[], firingAlerts: readonly InhibitionSource[], targetLabels: Readonly<Labels>): boolean {
  return inhibitingSource(rules, firingAlerts, targetLabels) !== null;
}
