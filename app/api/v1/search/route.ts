import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { search, searchQuerySchema } from '@/lib/search/search';

export const dynamic = 'force-dynamic';

// GET /api/v1/search?q=prod&limit=8 - clusters, active alerts, rule groups, rules and SLOs matching q
export const GET = apiRoute('read', async ({ req, app }) => Response.json(await search(app, readQuery(req, searchQuerySchema))));
