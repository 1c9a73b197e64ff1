import { clusterInputSchema } from '@/lib/clusters/cluster-schema';
import { statusOf, testUnsavedCluster } from '@/lib/clusters/test-cluster';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

const unsavedSchema = clusterInputSchema.pick({ prometheus: true, kubernetes: true });

// POST /api/v1/clusters/test - test connection settings before saving them (the register form)
export const POST = apiRoute('write', async ({ req }) => {
  const checks = await testUnsavedCluster(await readJson(req, unsavedSchema));
  return Response.json({ status: statusOf(checks), ...checks });
});
