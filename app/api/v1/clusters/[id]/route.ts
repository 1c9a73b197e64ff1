import { z } from 'zod';
import { deleteCluster, getCluster, updateCluster } from '@/lib/clusters/cluster-actions';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /api/v1/clusters/{id} - one cluster (credentials never included)
export const GET = apiRoute<Params>('read', async ({ app, params }) => Response.json(await getCluster(app, params.id)));

// PATCH /api/v1/clusters/{id} - JSON Merge Patch (RFC 7396): omitted fields and credentials are kept
export const PATCH = apiRoute<Params>('write', async ({ req, app, principal, params }) => {
  const patch = await readJson(req, z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));
  return Response.json(await updateCluster(app, principal, params.id, patch));
});

// DELETE /api/v1/clusters/{id} - remove a cluster
export const DELETE = apiRoute<Params>('write', async ({ app, principal, params }) => {
  await deleteCluster(app, principal, params.id);
  return new Response(null, { status: 204 });
});
