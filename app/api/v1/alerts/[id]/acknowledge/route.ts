import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { acknowledgeAlert, acknowledgeSchema } from '@/lib/rules/acknowledge';

export const dynamic = 'force-dynamic';

// POST /api/v1/alerts/{id}/acknowledge - acknowledge a firing alert: no more repeats, the resolution is still sent
export const POST = apiRoute<{ id: string }>('write', async ({ req, app, principal, params }) =>
  Response.json(await acknowledgeAlert(app, principal, params.id, await readJson(req, acknowledgeSchema))),
);
