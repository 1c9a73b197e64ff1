import { z } from 'zod';
import type { Prisma } from '../db/generated/client';
import { ApiError } from '../http/errors';
import { matchesPromMatchers, parsePromMatchers, PromMatcherError, type PromMatcher } from '../prometheus/matchers';
import type { CoreContext } from '../runtime/app-context';

type Db = Pick<CoreContext, 'prisma'>;

function matchersParam() {
  return z
    .string()
    .max(4096)
    .optional()
    .transform((text, ctx): PromMatcher[] => {
      if (!text) return [];
      try {
        return parsePromMatchers(text.trim().startsWith('{') ? text : `{${text}}`);
      } catch (error) {
        if (!(error instanceof PromMatcherError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    });
}

/** GET /api/v1/alerts filters. */
export const alertListQuerySchema = z
  .object({
    state: z.enum(['pending', 'firing']).optional(),
    cluster: z.string().max(63).optional(),
    severity: z.string().max(63).optional(),
    alertname: z.string().max(200).optional(),
    /** Prometheus matchers on the instance labels: `team="db",env=~"prod|staging"`. */
    filter: matchersParam(),
  })
  .strict();

/** The active alert instances (pending and firing), firing first, then most recent. */
export async function listActiveAlerts(app: Db, query: z.output<typeof alertListQuerySchema>) {
  const rows = await app.prisma.alertInstance.findMany({
    where: {
      ...(query.state ? { state: query.state } : {}),
      ...(query.cluster ? { cluster: { name: query.cluster } } : {}),
    },
    include: { cluster: { select: { id: true, name: true } }, rule: { select: { id: true, alert: true, group: { select: { id: true, name: true } } } } },
    orderBy: [{ activeAt: 'desc' }],
    take: 5000,
  });
  const labelMatchers: PromMatcher[] = [
    ...query.filter,
    ...(query.severity ? [{ name: 'severity', type: '=' as const, value: query.severity }] : []),
    ...(query.alertname ? [{ name: 'alertname', type: '=' as const, value: query.alertname }] : []),
  ];
  const alerts = rows
    .filter((row) => matchesPromMatchers(labelMatchers, row.labels as Record<string, string>))
    .map((row) => ({
      id: row.id,
      fingerprint: row.fingerprint,
      state: row.state as 'pending' | 'firing',
      labels: row.labels as Record<string, string>,
      annotations: row.annotations as Record<string, string>,
      activeAt: row.activeAt.toISOString(),
      firedAt: row.firedAt?.toISOString() ?? null,
      keepFiringSince: row.keepFiringSince?.toISOString() ?? null,
      acknowledgement: row.ackAt ? { by: row.ackBy!, at: row.ackAt.toISOString(), comment: row.ackComment } : null,
      value: jsonNumber(row.value),
      cluster: row.cluster,
      rule: { id: row.rule.id, alert: row.rule.alert, groupId: row.rule.group.id, groupName: row.rule.group.name },
    }))
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1));
  return {
    alerts,
    counts: { firing: alerts.filter((a) => a.state === 'firing').length, pending: alerts.filter((a) => a.state === 'pending').length },
  };
}

/** JSON has no NaN or infinities: Prometheus's API writes them as strings, and so do we. */
export function jsonNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return value;
}

/** GET /api/v1/alerts/history filters; newest first, keyset pages by id. */
export const alertHistoryQuerySchema = z
  .object({
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'a fingerprint is 16 hex digits').optional(),
    cluster: z.string().max(63).optional(),
    alertname: z.string().max(200).optional(),
    ruleId: z.uuid().optional(),
    kind: z.enum(['pending', 'firing', 'resolved', 'pending_cleared', 'keep_firing', 'keep_firing_cleared', 'acknowledged']).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    cursor: z.string().regex(/^\d+$/, 'cursor is the nextCursor of the previous page').optional(),
  })
  .strict();

/** Transitions, newest first. */
export async function listAlertHistory(app: Db, query: z.output<typeof alertHistoryQuerySchema>) {
  let clusterId: string | undefined;
  if (query.cluster) {
    const cluster = await app.prisma.cluster.findUnique({ where: { name: query.cluster }, select: { id: true } });
    if (!cluster) return { transitions: [], nextCursor: null };
    clusterId = cluster.id;
  }
  if (query.since && query.until && Date.parse(query.since) > Date.parse(query.until)) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'until', message: 'until must not be before since' }]);
  }
  const where: Prisma.AlertTransitionWhereInput = {
    ...(query.fingerprint ? { fingerprint: query.fingerprint } : {}),
    ...(clusterId ? { clusterId } : {}),
    ...(query.alertname ? { alertname: query.alertname } : {}),
    ...(query.ruleId ? { ruleId: query.ruleId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.since || query.until ? { at: { ...(query.since ? { gte: new Date(query.since) } : {}), ...(query.until ? { lte: new Date(query.until) } : {}) } } : {}),
    ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
  };
  const rows = await app.prisma.alertTransition.findMany({ where, orderBy: { id: 'desc' }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const clusters = await app.prisma.cluster.findMany({ where: { id: { in: [...new Set(page.map((r) => r.clusterId))] } }, select: { id: true, name: true } });
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  return {
    transitions: page.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      kind: row.kind,
      alertname: row.alertname,
      fingerprint: row.fingerprint,
      labels: row.labels as Record<string, string>,
      annotations: row.annotations as Record<string, string>,
      value: jsonNumber(row.value),
      activeAt: row.activeAt.toISOString(),
      ruleId: row.ruleId,
      groupId: row.groupId,
      cluster: { id: row.clusterId, name: names.get(row.clusterId) ?? null },
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** GET /api/v1/alerts/counts: what the navigation's live badge polls (two counts, no rows). */
export async function countActiveAlerts(app: Db) {
  const rows = await app.prisma.alertInstance.groupBy({ by: ['state'], _count: { _all: true } });
  const count = (state: string) => rows.find((r) => r.state === state)?._count._all ?? 0;
  return { firing: count('firing'), pending: count('pending') };
}
