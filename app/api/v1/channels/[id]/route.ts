import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { deleteChannel, getChannel, updateChannel } from '@/lib/notify/channel-actions';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /api/v1/channels/{id} - one channel (secrets never included)
export const GET = apiRoute<Params>('read', async ({ app, params }) => Response.json(await getChannel(app, params.id)));

// PATCH /api/v1/channels/{id} - JSON Merge Patch: omitted settings, and so secrets, are kept
export const PATCH = apiRoute<Params>('write', async ({ req, app, principal, params }) => {
  const patch = await readJson(req, z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));
  return Response.json(await updateChannel(app, principal, params.id, patch));
});

// DELETE /api/v1/channels/{id} - remove a channel
export const DELETE = apiRoute<Params>('write', async ({ app, principal, params }) => {
  await deleteChannel(app, principal, params.id);
  return new Response(null, { status: 204 });
});
