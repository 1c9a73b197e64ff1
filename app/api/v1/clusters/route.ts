import { createCluster } from '@/lib/clusters/cluster-actions';
import { clusterInputSchema, clusterListQuerySchema } from '@/lib/clusters/cluster-schema';
import { listClusters } from '@/lib/clusters/list-clusters';
import { apiRoute } from '@/lib/http/api-route';
import { readJson, readQuery } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// GET /api/v1/clusters?selector=env=prod,region in (eu,us)&limit=100&cursor=... - list clusters
export const GET = apiRoute('read', async ({ req, app }) =>
  Response.json(await listClusters(app, readQuery(req, clusterListQuerySchema))),
);

// POST /api/v1/clusters - register a cluster
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const cluster = await createCluster(app, principal, await readJson(req, clusterInputSchema));
  return Response.json(cluster, { status: 201, headers: { Location: `/api/v1/clusters/${cluster.id}` } });
});
