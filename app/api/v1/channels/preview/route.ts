import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { channelPreviewRequestSchema, previewChannel } from '@/lib/notify/channel-preview';

export const dynamic = 'force-dynamic';

// POST /api/v1/channels/preview - what a channel would send for a sample alert (nothing is sent; secrets masked)
export const POST = apiRoute('read', async ({ req, app }) => Response.json(await previewChannel(app, await readJson(req, channelPreviewRequestSchema))));
