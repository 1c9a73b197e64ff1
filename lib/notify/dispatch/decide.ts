import type { AlertEvent as AlertEventRow } from '../../db/generated/client';
import type { CoreContext } from '../../runtime/app-context';
import { compilePolicy, flushDue, nextWakeUp, inhibitRuleSchema, notificationPolicySchema, routeAlertEvent, toNotification, type AggregationState, type AlertEvent, type NotificationPolicy } from '../routing';
import { namedTimeIntervalSchema } from '../routing/time-interval-schema';
import { currentSilences } from '../silence-actions';
import type { Labels } from '../types';

const CONFIG_ID = 'default';
const EVENTS_PER_TICK = 500;

/** With no policy configured, every channel gets every alert (grouped by the default group_by). */
function everyChannelPolicy(channelNames: string[]): NotificationPolicy {
  return notificationPolicySchema.parse({ receiver: channelNames[0] ?? 'nobody', routes: channelNames.map((receiver) => ({ receiver, continue: true })) });
}

function toAlertEvent(row: AlertEventRow, externalURL: string): AlertEvent {
  return {
    status: row.status as 'firing' | 'resolved',
    labels: row.labels as Labels,
    annotations: row.annotations as Labels,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    generatorURL: `${externalURL}/alerts/${row.fingerprint}`,
    fingerprint: row.fingerprint,
    activeAt: row.activeAt.toISOString(),
    ...(row.acknowledgement ? { acknowledgement: row.acknowledgement as { by: string; at: string; comment?: string } } : {}),
  };
}

/** Whether any group has a flush, a release or an escalation due (or a hold without a known end). */
function dueAt(state: AggregationState, now: Date): boolean {
  if (Object.values(state.groups).some((g) => g.heldBack && g.heldBack.releaseAt == null)) return true;
  const wake = nextWakeUp(state);
  return wake !== null && wake.getTime() <= now.getTime();
}

/**
 * One decision step, in one transaction: take the rule engine's new events (SKIP LOCKED, so
 * workers never take the same ones), route them into the aggregation groups, compute the flushes
 * due at `now`, and store them as deliveries (keyed by their idempotency id) together with the
 * new state and the events marked processed. A crash before the commit redoes the step; after
 * it, the deliveries are durable. Returns how many deliveries it queued.
 */
export async function decideNotifications(core: CoreContext, now: Date): Promise<number> {
  const externalURL = core.settings.PUBLIC_URL ?? '';
  return core.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO notification_config (id, "updatedAt") VALUES (${CONFIG_ID}, ${now}) ON CONFLICT (id) DO NOTHING`;
    // One decider at a time: the row lock serialises the state.
    await tx.$queryRaw`SELECT id FROM notification_config WHERE id = ${CONFIG_ID} FOR UPDATE`;
    const config = await tx.notificationConfig.findUniqueOrThrow({ where: { id: CONFIG_ID } });
    const events = await tx.$queryRaw<Array<{ id: bigint }>>`
      SELECT id FROM alert_events WHERE "processedAt" IS NULL ORDER BY id LIMIT ${EVENTS_PER_TICK} FOR UPDATE SKIP LOCKED`;
    const rows = events.length ? await tx.alertEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, orderBy: { id: 'asc' } }) : [];
    // Nothing new and nothing due (the common tick): no more reads, and no write.
    if (rows.length === 0 && !dueAt(config.state as unknown as AggregationState, now)) return 0;
    const channels = await tx.notificationChannel.findMany({ select: { name: true, config: true }, orderBy: { name: 'asc' } });
    if (!config.policy && channels.length === 0) {
      // Nowhere to send anything: the events are handed over to nobody, like an Alertmanager without receivers.
      if (rows.length) await tx.alertEvent.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { processedAt: now } });
      return 0;
    }
    const policy = compilePolicy(config.policy ? notificationPolicySchema.parse(config.policy) : everyChannelPolicy(channels.map((c) => c.name)));

    let state = config.state as unknown as AggregationState;
    for (const row of rows) state = routeAlertEvent(state, policy, toAlertEvent(row, externalURL), now);
    const receivers = Object.fromEntries(channels.map((c) => [c.name, { sendResolved: (c.config as { sendResolved?: boolean }).sendResolved !== false }]));
    const timeIntervals = Object.fromEntries(namedTimeIntervalSchema.array().parse(Array.isArray(config.timeIntervals) ? config.timeIntervals : []).map((t) => [t.name, t.timeIntervals]));
    const inhibitRules = inhibitRuleSchema.array().parse(config.inhibitRules);
    const silences = await currentSilences({ prisma: tx as never }, now);
    const { state: next, flushes } = flushDue(state, now, { receivers, timeIntervals, inhibitRules, silences });

    if (flushes.length) {
      await tx.notificationDelivery.createMany({
        data: flushes.map((flush) => ({
          id: flush.id,
          channelName: flush.receiver,
          notification: toNotification(flush, { externalURL }) as never,
          nextAttemptAt: now,
          createdAt: now,
        })),
        skipDuplicates: true,
      });
    }
    await tx.notificationConfig.update({ where: { id: CONFIG_ID }, data: { state: next as never } });
    if (rows.length) await tx.alertEvent.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { processedAt: now } });
    return flushes.length;
  });
}
