// Alertmanager's dispatcher (dispatch/dispatch.go, aggrGroup) as a pure state machine: alerts go
// into aggregation groups per (route, group labels); a group flushes after group_wait, then on a
// group_interval grid, where the notification log decides what is new (see flush-decision.ts).
// Time is always a parameter. Our additions: group_wait from activeAt, notifications held back
// by mute windows are sent when they end, acknowledgement stops repeats, escalation.

import type { Labels } from '../types';
import type {
  AggregationGroup,
  AggregationOptions,
  AggregationState,
  AlertEvent,
  Flush,
  FlushContext,
} from './aggregation-types';
import { buildFlush } from './flush-builder';
import { acknowledgedBy, notificationReason, routeMuted, unmutedAt, visibleAlerts } from './flush-decision';
import type { InhibitionSource } from './inhibition';
import { formatLabelSet } from './label-sets';
import { groupLabelsFor, matchRoutes, type CompiledRoute, type MatchedRoute, type NotificationPolicy } from './policy';

export type * from './aggregation-types';

export function emptyAggregationState(): AggregationState {
  return { version: 1, groups: {} };
}

/** `${routeId}:{label="value", ...}`, like Alertmanager's group key with the route id for the route. */
export function groupKeyFor(routeId: string, groupLabels: Readonly<Labels>): string {
  return `${routeId}:${formatLabelSet(groupLabels)}`;
}

/** When the first flush is due after this firing alert joined a group that has not flushed yet. */
function firstFlushDeadline(group: AggregationGroup, alert: AlertEvent, now: number, options: AggregationOptions): number {
  const wait = group.route.groupWaitMs;
  if (options.groupWaitFromActiveAt ?? true) {
    const since = Date.parse(alert.activeAt ?? alert.startsAt);
    if (!Number.isFinite(since)) return group.nextFlushAt;
    return Math.min(group.nextFlushAt, Math.max(now, since + wait));
  }
  // aggrGroup.insert: flush at once when the alert's group_wait, counted from startsAt, has passed.
  const startsAt = Date.parse(alert.startsAt);
  return Number.isFinite(startsAt) && startsAt + wait < now ? Math.min(group.nextFlushAt, now) : group.nextFlushAt;
}

/**
 * Records an alert's new state in its group on one matched route. A new group waits group_wait;
 * a resolved alert for a group that does not exist (or does not hold it) changes nothing.
 */
export function applyAlertEvent(
  state: AggregationState,
  event: AlertEvent,
  route: MatchedRoute,
  now: Date,
  options: AggregationOptions = {},
): AggregationState {
  const t = now.getTime();
  const labels = groupLabelsFor(route.settings, event.labels);
  const key = groupKeyFor(route.id, labels);
  const existing = state.groups[key];
  if (event.status === 'resolved' && !existing?.alerts[event.fingerprint]) return state;
  const group: AggregationGroup = existing
    ? structuredClone(existing)
    : {
        key,
        routeId: route.id,
        route: structuredClone(route.settings),
        labels,
        createdAt: t,
        flushedOnce: false,
        nextFlushAt: t + route.settings.groupWaitMs,
        alerts: {},
        log: {},
      };
  group.route = structuredClone(route.settings);
  group.alerts[event.fingerprint] = structuredClone(event);
  if (!group.flushedOnce && event.status === 'firing') group.nextFlushAt = firstFlushDeadline(group, event, t, options);
  return { ...state, groups: { ...state.groups, [key]: group } };
}

/** Matches the alert against the policy and records it on every matched route. */
export function routeAlertEvent(
  state: AggregationState,
  policy: CompiledRoute | NotificationPolicy,
  event: AlertEvent,
  now: Date,
  options: AggregationOptions = {},
): AggregationState {
  return matchRoutes(policy, event.labels).reduce((next, route) => applyAlertEvent(next, event, route, now, options), state);
}

function firingSources(state: AggregationState): InhibitionSource[] {
  const byFingerprint = new Map<string, Labels>();
  for (const group of Object.values(state.groups)) {
    for (const alert of Object.values(group.alerts)) {
      if (alert.status === 'firing') byFingerprint.set(alert.fingerprint, alert.labels);
    }
  }
  return [...byFingerprint.values()];
}

const sendsResolved = (ctx: FlushContext, receiver: string) => ctx.receivers?.[receiver]?.sendResolved ?? true;

/** Sends the escalation once if the firing alerts were not all acknowledged by its due time. */
function escalate(group: AggregationGroup, firing: readonly AlertEvent[], flushes: Flush[]): void {
  const escalation = group.escalation!;
  const cutoff = escalation.dueAt;
  if (firing.length === 0 || firing.every((alert) => acknowledgedBy(alert, cutoff))) {
    escalation.state = 'done';
    return;
  }
  escalation.sequence += 1;
  escalation.state = 'sent';
  escalation.firing = firing.map((a) => a.fingerprint);
  flushes.push(
    buildFlush({ group, receiver: escalation.receiver, kind: 'escalation', reason: 'escalation', sequence: escalation.sequence, alerts: firing, dueAt: cutoff }),
  );
}

/** After an escalation, tells its receiver once none of the escalated alerts fires any more. */
function closeEscalation(group: AggregationGroup, ctx: FlushContext, visibleResolved: readonly AlertEvent[], dueAt: number, flushes: Flush[]): void {
  const escalation = group.escalation!;
  const stillFiring = escalation.firing.some((fp) => group.alerts[fp]?.status === 'firing');
  if (stillFiring) return;
  escalation.state = 'done';
  const resolved = visibleResolved.filter((a) => escalation.firing.includes(a.fingerprint));
  if (resolved.length === 0 || !sendsResolved(ctx, escalation.receiver)) return;
  escalation.sequence += 1;
  flushes.push(buildFlush({ group, receiver: escalation.receiver, kind: 'escalation', reason: 'all-resolved', sequence: escalation.sequence, alerts: resolved, dueAt }));
}

/** Evaluates one group at `now`; returns the updated group (null once it is empty) and its flushes. */
function evaluateGroup(
  original: AggregationGroup,
  now: number,
  ctx: FlushContext,
  sources: readonly InhibitionSource[],
): { group: AggregationGroup | null; flushes: Flush[] } {
  const tickDue = now >= original.nextFlushAt;
  const releaseAt = original.heldBack?.releaseAt ?? null;
  const releaseDue = releaseAt !== null && now >= releaseAt;
  const escalationDue = original.escalation?.state === 'pending' && now >= original.escalation.dueAt;
  if (!tickDue && !releaseDue && !escalationDue) return { group: original, flushes: [] };

  const group = structuredClone(original);
  const { route } = group;
  const interval = route.groupIntervalMs;
  // The grid tick (or release time) this evaluation stands for, even when the worker runs late.
  const tickAt = tickDue ? group.nextFlushAt + Math.floor((now - group.nextFlushAt) / interval) * interval : null;
  const dueAt = Math.max(tickAt ?? -Infinity, releaseDue ? releaseAt : -Infinity, escalationDue ? group.escalation!.dueAt : -Infinity);
  const full = tickDue || releaseDue;
  const at = new Date(now);
  const flushes: Flush[] = [];
  const { firing, resolved } = visibleAlerts(group, ctx, at, sources);
  const receiver = route.receiver;
  const log = group.log[receiver];
  const sendResolved = sendsResolved(ctx, receiver);
  // Only alerts this receiver was told were firing can be reported resolved.
  const knownResolved = resolved.filter((a) => log?.firing.includes(a.fingerprint));
  // Like Alertmanager's pipeline, which stops when silences and inhibitions leave no alert: the
  // notification log is not touched, so a silence ending does not look like a change.
  const nothingVisible = firing.length === 0 && resolved.length === 0;
  const decide = (release: boolean) =>
    nothingVisible
      ? null
      : notificationReason({ log, firing, resolved: knownResolved, sendResolved, repeatIntervalMs: route.repeatIntervalMs, dueAt, release });

  if (routeMuted(route, ctx.timeIntervals, at)) {
    if (full && (group.heldBack || decide(false))) {
      group.heldBack = { since: group.heldBack?.since ?? dueAt, releaseAt: unmutedAt(route, ctx.timeIntervals, now) };
    }
    if (escalationDue) {
      const until = unmutedAt(route, ctx.timeIntervals, now);
      if (until === null) group.escalation!.state = 'done';
      else group.escalation!.dueAt = until;
    }
    // Resolved alerts stay in the group so the end of the window can still report them.
    if (tickAt !== null) {
      group.nextFlushAt = tickAt + interval;
      group.flushedOnce = true;
    }
    return { group, flushes };
  }

  if (full) {
    const reason = decide(group.heldBack !== undefined);
    if (reason) {
      const alerts = [...firing, ...(sendResolved ? knownResolved : [])];
      const sequence = (log?.sequence ?? 0) + (alerts.length > 0 ? 1 : 0);
      if (alerts.length > 0) flushes.push(buildFlush({ group, receiver, kind: 'notification', reason, sequence, alerts, dueAt }));
      group.log[receiver] = { firing: firing.map((a) => a.fingerprint), resolved: knownResolved.map((a) => a.fingerprint), at: dueAt, sequence };
      if (route.escalation && !group.escalation && firing.length > 0 && alerts.length > 0) {
        group.escalation = { receiver: route.escalation.receiver, dueAt: dueAt + route.escalation.afterMs, state: 'pending', firing: [], sequence: 0 };
      }
    }
    delete group.heldBack;
  }
  if (group.escalation?.state === 'pending' && now >= group.escalation.dueAt) escalate(group, firing, flushes);
  if (full && group.escalation?.state === 'sent') closeEscalation(group, ctx, resolved, dueAt, flushes);

  if (full) {
    // As after an Alertmanager flush: resolved alerts are dropped, an empty group goes away.
    for (const [fingerprint, alert] of Object.entries(group.alerts)) {
      if (alert.status === 'resolved') delete group.alerts[fingerprint];
    }
    if (tickAt !== null) {
      group.nextFlushAt = tickAt + interval;
      group.flushedOnce = true;
    }
    if (Object.keys(group.alerts).length === 0) return { group: null, flushes };
  }
  return { group, flushes };
}

/**
 * Evaluates every group that is due at `now` and returns the flushes to send plus the new state
 * (with the notification log updated as if they were sent: hand them to a durable outbox in the
 * same transaction that stores the state). Deterministic: the same state, time and context give
 * the same flushes with the same ids.
 */
export function flushDue(state: AggregationState, now: Date, ctx: FlushContext = {}): { state: AggregationState; flushes: Flush[] } {
  const t = now.getTime();
  const sources = ctx.inhibitionSources ?? firingSources(state);
  const groups: Record<string, AggregationGroup> = {};
  const flushes: Flush[] = [];
  for (const key of Object.keys(state.groups).sort()) {
    const result = evaluateGroup(state.groups[key]!, t, ctx, sources);
    if (result.group) groups[key] = result.group;
    flushes.push(...result.flushes);
  }
  return { state: { ...state, groups }, flushes };
}

/** The flushes due at `now`, without the new state (a preview, or the check before committing). */
export function dueFlushes(state: AggregationState, now: Date, ctx: FlushContext = {}): Flush[] {
  return flushDue(state, now, ctx).flushes;
}

/** When flushDue next has something to do: the earliest group timer, or null with no groups. */
export function nextWakeUp(state: AggregationState): Date | null {
  let earliest = Infinity;
  for (const group of Object.values(state.groups)) {
    earliest = Math.min(earliest, group.nextFlushAt);
    if (group.heldBack?.releaseAt != null) earliest = Math.min(earliest, group.heldBack.releaseAt);
    if (group.escalation?.state === 'pending') earliest = Math.min(earliest, group.escalation.dueAt);
  }
  return earliest === Infinity ? null : new Date(earliest);
}
