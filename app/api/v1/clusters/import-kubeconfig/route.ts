import { kubeconfigImportSchema } from '@/lib/clusters/cluster-schema';
import { importKubeconfig } from '@/lib/clusters/import-kubeconfig';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// POST /api/v1/clusters/import-kubeconfig - list a kubeconfig's contexts (dryRun) or register chosen ones
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const result = await importKubeconfig(app, principal, await readJson(req, kubeconfigImportSchema, 2 * 1024 * 1024));
  return Response.json(result, { status: result.dryRun ? 200 : 201 });
});
