// The per-flush decisions of Alertmanager's notification pipeline, as pure functions: which
// alerts a receiver may see (silences, inhibition), whether the route is muted by its time
// intervals, and whether the group's current state needs a notification (DedupStage.needsUpdate).

import type { AlertEvent, AggregationGroup, FlushContext, FlushReason, ReceiverLog } from './aggregation-types';
import type { InhibitionSource } from './inhibition';
import { isInhibited } from './inhibition';
import type { RouteSettings } from './policy';
import { isSilenced } from './silences';
import { isActive, nextChange } from './time-intervals';
import type { TimeInterval } from './time-interval-schema';

type Intervals = FlushContext['timeIntervals'];

function lookup(intervals: Intervals, name: string): TimeInterval | readonly TimeInterval[] | undefined {
  return intervals?.[name];
}

/** Alertmanager's TimeMuteStage + TimeActiveStage: muted inside a mute interval or outside all active ones. */
export function routeMuted(route: Pick<RouteSettings, 'muteTimeIntervals' | 'activeTimeIntervals'>, intervals: Intervals, at: Date): boolean {
  const inMute = route.muteTimeIntervals.some((name) => {
    const interval = lookup(intervals, name);
    return interval !== undefined && isActive(interval, at);
  });
  if (inMute) return true;
  if (route.activeTimeIntervals.length === 0) return false;
  return !route.activeTimeIntervals.some((name) => {
    const interval = lookup(intervals, name);
    return interval !== undefined && isActive(interval, at);
  });
}

/** The first instant at or after `from` when the route is not muted; null if never again. */
export function unmutedAt(route: Pick<RouteSettings, 'muteTimeIntervals' | 'activeTimeIntervals'>, intervals: Intervals, from: number): number | null {
  const referenced = [...route.muteTimeIntervals, ...route.activeTimeIntervals]
    .map((name) => lookup(intervals, name))
    .filter((interval): interval is TimeInterval | readonly TimeInterval[] => interval !== undefined);
  let t = from;
  // Each step jumps to the next instant where one referenced interval changes state.
  for (let step = 0; step < 10_000; step++) {
    if (!routeMuted(route, intervals, new Date(t))) return t;
    const changes = referenced.map((interval) => nextChange(interval, new Date(t))).filter((d): d is Date => d !== null);
    if (changes.length === 0) return null;
    t = Math.min(...changes.map((d) => d.getTime()));
  }
  return null;
}

/** The group's alerts a receiver may be told about now: not silenced and not inhibited (MuteStage). */
export function visibleAlerts(
  group: AggregationGroup,
  ctx: FlushContext,
  at: Date,
  sources: readonly InhibitionSource[],
): { firing: AlertEvent[]; resolved: AlertEvent[] } {
  const firing: AlertEvent[] = [];
  const resolved: AlertEvent[] = [];
  for (const alert of Object.values(group.alerts)) {
    if (ctx.silences && isSilenced(ctx.silences, alert.labels, at)) continue;
    if (ctx.inhibitRules && isInhibited(ctx.inhibitRules, sources, alert.labels)) continue;
    (alert.status === 'firing' ? firing : resolved).push(alert);
  }
  return { firing, resolved };
}

const isSubset = (items: readonly string[], of: readonly string[]) => items.every((item) => of.includes(item));

/** Whether an acknowledgement was given by `at` (ms). */
export function acknowledgedBy(alert: AlertEvent, at: number): boolean {
  return alert.acknowledgement !== undefined && Date.parse(alert.acknowledgement.at) <= at;
}

/**
 * DedupStage.needsUpdate with our additions: `resolved` holds only alerts this receiver was told
 * were firing (so an alert resolved within group_wait is never notified), a notification held back
 * by a mute window goes out when it ends (`release`), and acknowledged alerts do not repeat.
 */
export function notificationReason(input: {
  log: ReceiverLog | undefined;
  firing: readonly AlertEvent[];
  resolved: readonly AlertEvent[];
  sendResolved: boolean;
  repeatIntervalMs: number;
  dueAt: number;
  release: boolean;
}): FlushReason | null {
  const { log, sendResolved, release } = input;
  const firing = input.firing.map((a) => a.fingerprint);
  const resolved = input.resolved.map((a) => a.fingerprint);
  if (!log) return firing.length > 0 ? 'first-notification' : null;
  if (!isSubset(firing, log.firing)) return log.firing.length === 0 ? 'first-notification' : 'new-alerts';
  // All resolved: recorded even without send_resolved, so the log forgets the firing alerts.
  if (firing.length === 0) return log.firing.length > 0 ? 'all-resolved' : null;
  if (sendResolved && !isSubset(resolved, log.resolved)) return 'new-resolved';
  if (release) return 'mute-ended';
  const repeatDue = input.dueAt - log.at >= input.repeatIntervalMs;
  if (repeatDue && input.firing.some((a) => a.acknowledgement === undefined)) return 'repeat';
  return null;
}
