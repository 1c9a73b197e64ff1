import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { channelInputSchema, createChannel, listChannels } from '@/lib/notify/channel-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/channels - notification channels (secrets never included) with their delivery health
export const GET = apiRoute('read', async ({ app }) => Response.json({ channels: await listChannels(app) }));

// POST /api/v1/channels - add a channel (email, slack, webhook, pagerduty, msteams, alertmanager)
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const channel = await createChannel(app, principal, await readJson(req, channelInputSchema));
  return Response.json(channel, { status: 201, headers: { Location: `/api/v1/channels/${channel.id}` } });
});
