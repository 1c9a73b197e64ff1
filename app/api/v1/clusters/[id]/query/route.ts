import { adHocQuerySchema, runAdHocQuery } from '@/lib/collect/ad-hoc-query';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// POST /api/v1/clusters/{id}/query - an instant PromQL query scoped to the cluster
export const POST = apiRoute<{ id: string }>('read', async ({ req, app, params }) =>
  Response.json(await runAdHocQuery(app, params.id, await readJson(req, adHocQuerySchema, 64 * 1024))),
);
