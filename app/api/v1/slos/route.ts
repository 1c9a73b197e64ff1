import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { createSlo, listSlos, sloInputSchema } from '@/lib/slo/service/slo-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/slos - every SLO with its numbers per cluster, least remaining budget first
export const GET = apiRoute('read', async ({ app }) => Response.json({ slos: await listSlos(app) }));

// POST /api/v1/slos - add an SLO; its burn-rate alerts become a generated rule group
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const slo = await createSlo(app, principal, await readJson(req, sloInputSchema));
  return Response.json(slo, { status: 201, headers: { Location: `/api/v1/slos/${slo.id}` } });
});
