import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { explainNotificationRoute, explainRequestSchema } from '@/lib/notify/policy-actions';

export const dynamic = 'force-dynamic';

// POST /api/v1/notification-policy/explain - which route(s) and channels an alert with these labels would take, and why
export const POST = apiRoute('read', async ({ req, app }) => {
  const { labels, config } = await readJson(req, explainRequestSchema);
  return Response.json(await explainNotificationRoute(app, labels, config));
});
