import { rangeQuerySchema, runRangeQuery } from '@/lib/collect/ad-hoc-query';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// POST /api/v1/clusters/{id}/query_range - a PromQL range query scoped to the cluster (charts)
export const POST = apiRoute<{ id: string }>('read', async ({ req, app, params }) =>
  Response.json(await runRangeQuery(app, params.id, await readJson(req, rangeQuerySchema, 64 * 1024))),
);
