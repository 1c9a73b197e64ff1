import { z } from 'zod';
import type { CoreContext } from '../runtime/app-context';

/** GET /api/v1/deliveries: notifications and their attempts, newest first. */
export const deliveryListQuerySchema = z
  .object({
    channel: z.string().max(100).optional(),
    status: z.enum(['pending', 'sent', 'dead']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** The delivery log: every notification with every attempt (time, status code, latency, error). */
export async function listDeliveries(app: Pick<CoreContext, 'prisma'>, query: z.output<typeof deliveryListQuerySchema>) {
  const rows = await app.prisma.notificationDelivery.findMany({
    where: { ...(query.channel ? { channelName: query.channel } : {}), ...(query.status ? { status: query.status } : {}) },
    include: { attemptLog: { orderBy: { id: 'asc' } } },
    orderBy: { createdAt: 'desc' },
    take: query.limit,
  });
  return {
    deliveries: rows.map((row) => {
      const group = (row.notification as { group?: { status?: string; groupLabels?: Record<string, string>; alerts?: unknown[] } }).group ?? {};
      return {
        id: row.id,
        channel: row.channelName,
        status: row.status,
        notification: { status: group.status ?? null, groupLabels: group.groupLabels ?? {}, alerts: group.alerts?.length ?? 0 },
        attempts: row.attemptLog.map((a) => ({ at: a.at.toISOString(), ok: a.ok, status: a.status, latencyMs: a.latencyMs, error: a.error })),
        nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
        lastError: row.lastError,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
      };
    }),
  };
}
