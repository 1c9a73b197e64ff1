import { apiRoute } from '@/lib/http/api-route';
import { testCluster } from '@/lib/clusters/test-cluster';

export const dynamic = 'force-dynamic';

// POST /api/v1/clusters/{id}/test - check Prometheus buildinfo and Kubernetes /version; records the status
export const POST = apiRoute<{ id: string }>('write', async ({ app, params }) => Response.json(await testCluster(app, params.id)));
