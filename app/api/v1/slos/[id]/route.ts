import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { deleteSlo, getSlo, replaceSlo, sloInputSchema } from '@/lib/slo/service/slo-actions';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /api/v1/slos/{id} - one SLO with its numbers per cluster
export const GET = apiRoute<Params>('read', async ({ app, params }) => Response.json(await getSlo(app, params.id)));

// PUT /api/v1/slos/{id} - replace the definition; burn-rate alerts keep their state per window pair
export const PUT = apiRoute<Params>('write', async ({ req, app, principal, params }) =>
  Response.json(await replaceSlo(app, principal, params.id, await readJson(req, sloInputSchema))),
);

// DELETE /api/v1/slos/{id} - remove the SLO and its alerts (firing ones resolve)
export const DELETE = apiRoute<Params>('write', async ({ app, principal, params }) => {
  await deleteSlo(app, principal, params.id);
  return new Response(null, { status: 204 });
});
