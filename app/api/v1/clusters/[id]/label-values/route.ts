import { labelValuesQuerySchema, listLabelValues } from '@/lib/collect/ad-hoc-query';
import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// GET /api/v1/clusters/{id}/label-values?label=__name__ - metric names (or a label's values) on the cluster
export const GET = apiRoute<{ id: string }>('read', async ({ req, app, params }) =>
  Response.json(await listLabelValues(app, params.id, readQuery(req, labelValuesQuerySchema).label)),
);
