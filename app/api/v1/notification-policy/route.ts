import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { z } from 'zod';
import { getNotificationConfig, putNotificationConfig } from '@/lib/notify/policy-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/notification-policy - the policy tree, mute timings and inhibition rules
export const GET = apiRoute('read', async ({ app }) => Response.json(await getNotificationConfig(app)));

// PUT /api/v1/notification-policy - replace them (receivers must be channels, interval names defined)
export const PUT = apiRoute('write', async ({ req, app, principal }) => {
  // Checked inside (the written form of time intervals is what gets stored).
  const body = await readJson(req, z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));
  return Response.json(await putNotificationConfig(app, principal, body));
});
