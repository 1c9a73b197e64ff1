// The dispatcher's state as plain JSON-safe data (times in epoch ms), so the worker can keep it in
// the database and a restart resumes the same timers.

import type { Labels, NotificationAlert } from '../types';
import type { RouteSettings } from './policy';
import type { SilenceLike } from './silences';
import type { InhibitionSource, InhibitRule } from './inhibition';
import type { TimeInterval } from './time-interval-schema';

/** An alert as the rule engine reports it; `activeAt` is when it became pending. */
export interface AlertEvent extends NotificationAlert {
  /** RFC 3339; when the condition first held (before `for`). Defaults to startsAt. */
  activeAt?: string;
}

/** What one receiver was last told about a group (Alertmanager's notification log entry). */
export interface ReceiverLog {
  firing: string[];
  resolved: string[];
  /** When that notification was due (tick time), for repeat_interval. */
  at: number;
  /** Notifications sent so far; part of the idempotency key. */
  sequence: number;
}

export interface EscalationState {
  receiver: string;
  /** First notification + escalation.after; moved to the end of a mute window if muted then. */
  dueAt: number;
  /** pending: waiting; sent: escalated (a resolution may still follow); done: nothing more to send. */
  state: 'pending' | 'sent' | 'done';
  /** Fingerprints the escalation receiver was told about. */
  firing: string[];
  sequence: number;
}

export interface AggregationGroup {
  /** `${routeId}:${group labels}`. */
  key: string;
  routeId: string;
  /** The route's settings at the last event (a config reload takes effect on the next event). */
  route: RouteSettings;
  labels: Labels;
  createdAt: number;
  /** Whether the group_wait flush has happened. */
  flushedOnce: boolean;
  /** group_wait deadline before the first flush, then the next group_interval tick. */
  nextFlushAt: number;
  alerts: Record<string, AlertEvent>;
  /** Per receiver name. */
  log: Record<string, ReceiverLog>;
  /** A notification a mute/active time interval held back; sent when the route is unmuted. */
  heldBack?: { since: number; releaseAt: number | null };
  escalation?: EscalationState;
}

export interface AggregationState {
  version: 1;
  groups: Record<string, AggregationGroup>;
}

export interface AggregationOptions {
  /**
   * Count group_wait from when an alert became pending (activeAt) instead of from group creation:
   * it has already been debounced by `for`. First flush at max(creation, activeAt + group_wait).
   * Default true. With false, Alertmanager's rule: flush at once if startsAt + group_wait has passed.
   */
  groupWaitFromActiveAt?: boolean;
}

/** What flushes are evaluated against: the current silences, inhibit rules, time intervals, receivers. */
export interface FlushContext {
  silences?: readonly SilenceLike[];
  inhibitRules?: readonly InhibitRule[];
  /** Inhibition sources; default: every firing alert in the state. */
  inhibitionSources?: readonly InhibitionSource[];
  /** Named time intervals referenced by routes; an unknown name never holds. */
  timeIntervals?: Readonly<Record<string, TimeInterval | readonly TimeInterval[]>>;
  /** Per receiver; sendResolved defaults to true. */
  receivers?: Readonly<Record<string, { sendResolved?: boolean }>>;
}

export type FlushReason =
  | 'first-notification'
  | 'new-alerts'
  | 'new-resolved'
  | 'all-resolved'
  | 'repeat'
  | 'mute-ended'
  | 'escalation';

/** One notification to send now: a group's alerts for one receiver. */
export interface Flush {
  /** Idempotency key: the same when the same flush is computed again (retry, re-run after a crash). */
  id: string;
  groupKey: string;
  routeId: string;
  receiver: string;
  kind: 'notification' | 'escalation';
  reason: FlushReason;
  /** 1 for a receiver's first notification of this group, then 2, 3, ... */
  sequence: number;
  status: 'firing' | 'resolved';
  groupLabels: Labels;
  /** In Alertmanager's order (job, instance, labels). */
  alerts: NotificationAlert[];
  /** RFC 3339; when this flush was due. */
  dueAt: string;
}
