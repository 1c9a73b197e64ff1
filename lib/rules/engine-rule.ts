import { parseDuration } from '../time/duration';
import type { EngineRule } from './engine/types';
import type { AlertRuleInput } from './rule-schema';
import { recoveryExpression } from './threshold';

/** The engine's form of a validated rule: durations in ms, severity as a label, hysteresis expr. */
export function toEngineRule(id: string, spec: AlertRuleInput): EngineRule {
  const recovery = spec.recoveryThreshold === undefined ? undefined : recoveryExpression(spec.expr, spec.recoveryThreshold);
  return {
    id,
    alert: spec.alert,
    expr: spec.expr,
    forMs: parseDuration(spec.for),
    keepFiringForMs: parseDuration(spec.keepFiringFor),
    labels: { ...spec.labels, ...(spec.severity !== undefined ? { severity: spec.severity } : {}) },
    annotations: spec.annotations,
    noDataState: spec.noDataState,
    errorState: spec.errorState,
    ...(typeof recovery === 'string' ? { recoveryExpr: recovery } : {}),
  };
}
