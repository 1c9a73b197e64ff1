import { apiRoute } from '@/lib/http/api-route';
import { readJson, readQuery } from '@/lib/http/read-json';
import { createSilence, listSilences, silenceInputSchema, silenceListQuerySchema } from '@/lib/notify/silence-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/silences?state=active - silences, latest end first
export const GET = apiRoute('read', async ({ req, app }) => Response.json({ silences: await listSilences(app, readQuery(req, silenceListQuerySchema)) }));

// POST /api/v1/silences - mute alerts matching every matcher between startsAt (default now) and endsAt
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const silence = await createSilence(app, principal, await readJson(req, silenceInputSchema));
  return Response.json(silence, { status: 201, headers: { Location: `/api/v1/silences/${silence.id}` } });
});
