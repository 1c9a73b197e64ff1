import { z } from 'zod';
import { clusterOverview } from '@/lib/collect/overview';
import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

const overviewQuerySchema = z.object({ selector: z.string().max(2048).optional() }).strict();

// GET /api/v1/overview?selector=... - every cluster with its latest poll (the overview page's data)
export const GET = apiRoute('read', async ({ req, app }) => {
  const { selector } = readQuery(req, overviewQuerySchema);
  return Response.json({ clusters: await clusterOverview(app, selector) });
});
