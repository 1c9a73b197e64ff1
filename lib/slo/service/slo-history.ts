// GET /api/v1/slos/{id}/history?cluster=: the chart data of one SLO on one cluster.

import { z } from 'zod';
import { ApiError, notFound } from '../../http/errors';
import type { CoreContext } from '../../runtime/app-context';
import { burnDown } from './burn-down';
import { getSlo } from './slo-actions';

export const sloHistoryQuerySchema = z.object({ cluster: z.uuid().describe('The cluster (one of the SLO\u2019s statuses)') }).strict();

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
  return { sloId: id, clusterId: query.cluster, objective: slo.spec.objective, window: slo.spec.window, points: points.map((p) => ({ ...p, t: new Date(p.t).toISOString() })) };
}
