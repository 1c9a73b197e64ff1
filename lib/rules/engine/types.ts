import type { StateOutcome } from '../rule-schema';

/** A label set (names to values). */
export type Labels = Record<string, string>;

/** An alert rule as the engine runs it: durations in milliseconds, `severity` already a label. */
export interface EngineRule {
  /** Stable id: instances belong to (rule id, cluster, label fingerprint). */
  id: string;
  alert: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
  noDataState: StateOutcome;
  errorState: StateOutcome;
  /** Hysteresis: the expression with the recovery threshold; active instances stay while it returns them. */
  recoveryExpr?: string;
}

/** Prometheus's alert states (rules/alerting.go); inactive instances are not kept. */
export type AlertState = 'pending' | 'firing';

/** One alert instance: what Prometheus keeps in AlertingRule.active, plus its fingerprint. */
export interface AlertInstance {
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  state: AlertState;
  /** Epoch ms of the evaluation that first saw the condition (pending since). */
  activeAt: number;
  firedAt?: number;
  /** Set while a firing instance is kept firing by keep_firing_for after its condition ended. */
  keepFiringSince?: number;
  /** The value at the last evaluation that returned the series. */
  value: number;
}

/** What happened to one instance at one evaluation; only these are persisted. */
export type TransitionKind =
  | 'pending' // new instance, waiting for `for`
  | 'firing' // pending -> firing (or straight to firing with for: 0)
  | 'resolved' // firing -> inactive
  | 'pending_cleared' // pending -> inactive before `for` passed: never notified
  | 'keep_firing' // condition ended, kept firing by keep_firing_for
  | 'keep_firing_cleared'; // condition back while kept firing

export interface Transition {
  kind: TransitionKind;
  at: number;
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  value: number;
  activeAt: number;
  firedAt?: number;
}

/** One series of a query result: Prometheus's instant-vector sample. */
export interface QuerySample {
  labels: Labels;
  value: number;
}

/** Runs an instant query at `timeMs`; throws on any failure (network, PromQL, timeout). */
export type InstantQuery = (expr: string, timeMs: number) => Promise<QuerySample[]>;
