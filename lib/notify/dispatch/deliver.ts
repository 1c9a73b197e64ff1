import { appMetrics } from '../../metrics/registry';
import type { CoreContext } from '../../runtime/app-context';
import { toChannelInput } from '../channel-record';
import { CHANNEL_TYPES } from '../channels';
import { DeliveryError, type Notification } from '../types';

const SEND_TIMEOUT_MS = 15_000;
/** Longer than a send can take, so a live worker never loses its claim mid-send. */
const LEASE_MS = SEND_TIMEOUT_MS + 15_000;
const BATCH = 20;

/** Exponential backoff from 5 s, capped at 10 min, with full jitter (random in [d/2, d]). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

/**
 * Sends the deliveries that are due. Each is claimed with a lease (SKIP LOCKED, so one worker
 * sends it; a worker that dies mid-send loses the claim when the lease runs out and another
 * retries it: at-least-once, the receiver sees the same idempotency key). Every attempt is
 * logged; a retryable failure is tried again later with backoff, anything else (or the
 * NOTIFY_MAX_ATTEMPTS-th attempt) is dead-lettered.
 */
export async function deliverDue(core: CoreContext, now: Date, random: () => number = Math.random): Promise<{ sent: number; failed: number }> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  // A locking CTE runs once (an `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` may be rescanned and claim more than n).
  const claimed = await core.prisma.$queryRaw<Array<{ id: string }>>`
    WITH picked AS (
      SELECT id FROM notification_deliveries
      WHERE status = 'pending' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      ORDER BY "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    UPDATE notification_deliveries AS delivery SET "leaseUntil" = ${leaseUntil}
    FROM picked WHERE delivery.id = picked.id
    RETURNING delivery.id`;
  let sent = 0;
  let failed = 0;
  for (const { id } of claimed) {
    const delivery = await core.prisma.notificationDelivery.findUniqueOrThrow({ where: { id } });
    const channelRow = await core.prisma.notificationChannel.findUnique({ where: { name: delivery.channelName } });
    const attempts = delivery.attempts + 1;
    const started = performance.now();
    let error: DeliveryError | undefined;
    let status: number | undefined;
    if (!channelRow) {
      error = new DeliveryError(`channel "${delivery.channelName}" does not exist (any more)`, false);
    } else {
      const input = toChannelInput(channelRow, core.secrets);
      const channel = CHANNEL_TYPES[input.type]!;
      try {
        const result = await channel.send(channel.configSchema.parse(input.config), delivery.notification as unknown as Notification, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS), now });
        status = result.status;
      } catch (caught) {
        error = caught instanceof DeliveryError ? caught : new DeliveryError(`unexpected: ${(caught as Error).message}`, false);
        status = error.details.status;
      }
    }
    const latencyMs = Math.round(performance.now() - started);
    const channelType = channelRow?.type ?? 'unknown';
    const dead = error !== undefined && (!error.retryable || attempts >= core.settings.NOTIFY_MAX_ATTEMPTS);
    appMetrics().notificationDeliverySeconds.observe({ channel_type: channelType }, latencyMs / 1000);
    appMetrics().notificationsSent.inc({ channel_type: channelType, outcome: !error ? 'sent' : dead ? 'dead' : 'retry' });
    const retryAt = error ? new Date(now.getTime() + Math.max(retryDelayMs(attempts, random), error.details.retryAfterMs ?? 0)) : null;
    await core.prisma.$transaction(async (tx) => {
      await tx.deliveryAttempt.create({ data: { deliveryId: id, channelName: delivery.channelName, at: now, ok: !error, status: status ?? null, latencyMs, error: error?.message ?? null } });
      if (!error) {
        await tx.notificationDelivery.update({ where: { id }, data: { status: 'sent', attempts, sentAt: now, leaseUntil: null, lastError: null } });
        if (channelRow) await tx.notificationChannel.update({ where: { id: channelRow.id }, data: { lastSuccessAt: now } });
        return;
      }
      await tx.notificationDelivery.update({
        where: { id },
        data: { status: dead ? 'dead' : 'pending', attempts, nextAttemptAt: retryAt!, leaseUntil: null, lastError: error.message },
      });
      if (channelRow) await tx.notificationChannel.update({ where: { id: channelRow.id }, data: { lastErrorAt: now, lastError: error.message } });
    });
    if (error) {
      failed++;
      // Operators read these; the message is already scrubbed of the channel's secrets by the channel.
      const fields = { channel: delivery.channelName, delivery: id, attempt: attempts, status: status ?? null, error: error.message };
      if (dead) core.logger.warn(fields, 'notification dead-lettered: no more attempts');
      else core.logger.warn({ ...fields, retryAt: retryAt!.toISOString() }, 'notification delivery failed; will retry');
    } else sent++;
  }
  return { sent, failed };
}
