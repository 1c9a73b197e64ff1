import type { AlertInstance, Labels, Transition } from './types';

/** One evaluation's outcome for a rule, already rendered: the instances the condition holds for. */
export interface StepInput {
  /** Present instances: final labels (identity), rendered annotations, value. */
  present: Array<{ fingerprint: string; labels: Labels; annotations: Labels; value: number }>;
  /** Leave instances that are not present untouched (keep last state on NoData / Error). */
  keepAbsent?: boolean;
}

export interface StepResult {
  active: Map<string, AlertInstance>;
  transitions: Transition[];
}

/**
 * Advances a rule's instances by one evaluation at `ts`, exactly as Prometheus 2.42's
 * AlertingRule.Eval does: new instances become pending with activeAt = ts, turn firing at the
 * first evaluation where ts - activeAt >= for (so for: 0 fires at once), absent pending ones
 * are dropped, absent firing ones resolve unless keep_firing_for holds them since the condition
 * was last true. Pure: time is the `ts` parameter, nothing is read from a clock.
 */
export function stepAlertRule(
  previous: ReadonlyMap<string, AlertInstance>,
  input: StepInput,
  ts: number,
  timing: { forMs: number; keepFiringForMs: number },
): StepResult {
  const active = new Map<string, AlertInstance>();
  const transitions: Transition[] = [];
  const record = (kind: Transition['kind'], a: AlertInstance) =>
    transitions.push({
      kind,
      at: ts,
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: a.annotations,
      value: a.value,
      activeAt: a.activeAt,
      ...(a.firedAt !== undefined ? { firedAt: a.firedAt } : {}),
    });

  const presentByFp = new Map(input.present.map((p) => [p.fingerprint, p]));
  const untouched = new Set<string>();

  // Instances the condition still (or newly) holds for: update value and annotations.
  for (const p of input.present) {
    const prior = previous.get(p.fingerprint);
    if (prior) {
      const next: AlertInstance = { ...prior, value: p.value, annotations: p.annotations };
      if (next.keepFiringSince !== undefined) {
        delete next.keepFiringSince;
        record('keep_firing_cleared', next);
      }
      active.set(p.fingerprint, next);
    } else {
      const created: AlertInstance = { fingerprint: p.fingerprint, labels: p.labels, annotations: p.annotations, state: 'pending', activeAt: ts, value: p.value };
      active.set(p.fingerprint, created);
      if (timing.forMs > 0) record('pending', created);
    }
  }

  // Instances the condition no longer holds for.
  for (const [fp, prior] of previous) {
    if (presentByFp.has(fp)) continue;
    if (input.keepAbsent) {
      active.set(fp, prior);
      untouched.add(fp);
      continue;
    }
    if (prior.state === 'firing' && timing.keepFiringForMs > 0) {
      const since = prior.keepFiringSince ?? ts;
      if (ts - since < timing.keepFiringForMs) {
        const kept: AlertInstance = { ...prior, keepFiringSince: since };
        active.set(fp, kept);
        if (prior.keepFiringSince === undefined) record('keep_firing', kept);
        continue;
      }
    }
    record(prior.state === 'firing' ? 'resolved' : 'pending_cleared', prior);
  }

  // Pending instances whose `for` has passed fire now (new ones with for: 0 included).
  for (const [fp, instance] of active) {
    if (instance.state === 'pending' && !untouched.has(fp) && ts - instance.activeAt >= timing.forMs) {
      const fired: AlertInstance = { ...instance, state: 'firing', firedAt: ts };
      active.set(fp, fired);
      record('firing', fired);
    }
  }
  return { active, transitions };
}
