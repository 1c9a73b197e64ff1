import type { PrismaClient } from '../db/client';
import { persistTransitions, type TransitionBatch } from './alert-store';
import { evaluateAlertRule } from './engine/evaluate-rule';
import type { AlertInstance, EngineRule, InstantQuery } from './engine/types';

/** A rule group on one cluster, with its instances as the engine keeps them between evaluations. */
export interface GroupTarget {
  groupId: string;
  clusterId: string;
  clusterName: string;
  rules: EngineRule[];
  /** rule id -> fingerprint -> instance; updated in place after each rule's evaluation is stored. */
  active: Map<string, Map<string, AlertInstance>>;
}

export interface GroupEvaluationResult {
  durationMs: number;
  transitions: number;
  failures: Array<{ ruleId: string; alert: string; error: string }>;
}

/**
 * Evaluates every rule of a group on one cluster at `ts`, in order (as Prometheus does), and
 * stores each rule's transitions before moving on. If storing fails the in-memory state is not
 * advanced, so the next evaluation redoes the transition instead of losing it.
 */
export async function evaluateGroupOnCluster(
  db: PrismaClient,
  target: GroupTarget,
  ts: number,
  query: InstantQuery,
  options: { externalURL: string; onTransitions?: (kinds: string[]) => void; fence?: TransitionBatch['fence'] },
): Promise<GroupEvaluationResult> {
  const started = performance.now();
  const failures: GroupEvaluationResult['failures'] = [];
  let transitions = 0;
  for (const rule of target.rules) {
    const previous = target.active.get(rule.id) ?? new Map<string, AlertInstance>();
    const result = await evaluateAlertRule(rule, previous, {
      ts,
      query,
      identityLabels: { cluster: target.clusterName },
      externalLabels: {},
      externalURL: options.externalURL,
    });
    if (result.error !== undefined) failures.push({ ruleId: rule.id, alert: rule.alert, error: result.error });
    await persistTransitions(db, {
      ruleId: rule.id,
      groupId: target.groupId,
      clusterId: target.clusterId,
      alertname: rule.alert,
      transitions: result.transitions,
      active: result.active,
      fence: options.fence,
    });
    target.active.set(rule.id, result.active);
    transitions += result.transitions.length;
    if (result.transitions.length) options.onTransitions?.(result.transitions.map((t) => t.kind));
  }
  return { durationMs: performance.now() - started, transitions, failures };
}
