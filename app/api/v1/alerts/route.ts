import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { alertListQuerySchema, listActiveAlerts } from '@/lib/rules/alert-queries';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts?state=firing&cluster=prod-eu&severity=critical&filter=team="db" - active alert instances
export const GET = apiRoute('read', async ({ req, app }) => Response.json(await listActiveAlerts(app, readQuery(req, alertListQuerySchema))));
