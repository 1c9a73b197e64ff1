import { apiRoute } from '@/lib/http/api-route';
import { SLO_TEMPLATES } from '@/lib/slo/slo-templates';

export const dynamic = 'force-dynamic';

// GET /api/v1/slo-templates - ready-made SLOs (API server availability and latency, ingress success)
export const GET = apiRoute('read', async () => Response.json({ templates: SLO_TEMPLATES }));
