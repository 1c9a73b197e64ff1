import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { sloHistory, sloHistoryQuerySchema } from '@/lib/slo/service/slo-history';

export const dynamic = 'force-dynamic';

// GET /api/v1/slos/{id}/history?cluster= - hourly SLI and the budget burn-down over the period
export const GET = apiRoute<{ id: string }>('read', async ({ req, app, params }) => Response.json(await sloHistory(app, params.id, readQuery(req, sloHistoryQuerySchema))));
