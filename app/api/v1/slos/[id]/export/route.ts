import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { exportSlo, sloExportQuerySchema } from '@/lib/slo/service/slo-export';

export const dynamic = 'force-dynamic';

// GET /api/v1/slos/{id}/export?format=sloth|pyrra|prometheus - the SLO as YAML for in-cluster evaluation
export const GET = apiRoute<{ id: string }>('read', async ({ req, app, params }) => {
  const { yaml, filename } = await exportSlo(app, params.id, readQuery(req, sloExportQuerySchema));
  return new Response(yaml, { headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` } });
});
