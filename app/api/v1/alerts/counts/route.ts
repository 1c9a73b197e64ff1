import { apiRoute } from '@/lib/http/api-route';
import { countActiveAlerts } from '@/lib/rules/alert-queries';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/counts - how many alert instances are firing and pending (the nav badge polls it)
export const GET = apiRoute('read', async ({ app }) => Response.json(await countActiveAlerts(app)));
