// GET /api/v1/slos/{id}/history?cluster=: the chart data of one SLO on one cluster.

import { z } from 'zod';
import { ApiError, notFound } from '../../http/errors';
import type { CoreContext } from '../../runtime/app-context';
import { burnDown } from './burn-down';
import { getSlo } from './slo-actions';

const HOUR_MS = 3_600_000;

export const sloHistoryQuerySchema = z
  .object({
    cluster: z.uuid().describe('The cluster (one of the SLO\u2019s statuses)'),
    from: z.iso.datetime({ offset: true }).optional().describe('Only the hours that end after this instant (the chart pages\u2019 time range)'),
    to: z.iso.datetime({ offset: true }).optional().describe('Only the hours that start before this instant'),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'to must be after from' });

export async function sloHistory(app: Pick<CoreContext, 'prisma'>, id: string, query: z.output<typeof sloHistoryQuerySchema>) {
  const slo = await getSlo(app, id);
  const status = slo.statuses.find((s) => s.clusterId === query.cluster);
  if (!status) {
    const cluster = await app.prisma.cluster.findUnique({ where: { id: query.cluster }, select: { id: true } });
    if (!cluster) throw notFound(`cluster ${query.cluster}`);
    throw new ApiError(409, 'not_computed', 'This SLO has not been computed on that cluster yet (or the cluster is not in its scope).');
  }
  const from = status.numbers ? Date.parse(status.numbers.from) : 0;
  const buckets = await app.prisma.sloBucket.findMany({
    where: { sloId: id, clusterId: query.cluster, sloVersion: slo.version, start: { gte: new Date(from) } },
    orderBy: { start: 'asc' },
  });
  const points = burnDown(
    buckets.map((b) => ({ start: b.start.getTime(), errors: b.errors, total: b.total })),
    slo.spec.objective,
    status.numbers?.total ?? 0,
  );
  // The burn-down runs over the whole period (budget left is cumulative); a time range only picks
  // the hours to show, each hour [t, t+1h) overlapping [from, to).
  const shownFrom = query.from ? Date.parse(query.from) : -Infinity;
  const shownTo = query.to ? Date.parse(query.to) : Infinity;
  const shown = points.filter((p) => p.t + HOUR_MS > shownFrom && p.t < shownTo);
  return { sloId: id, clusterId: query.cluster, objective: slo.spec.objective, window: slo.spec.window, points: shown.map((p) => ({ ...p, t: new Date(p.t).toISOString() })) };
}
