import { apiRoute } from '@/lib/http/api-route';
import { RULE_TEMPLATES } from '@/lib/rules/rule-templates';

export const dynamic = 'force-dynamic';

// GET /api/v1/rule-templates - the one-click rule library (Rancher defaults, kube-prometheus classics)
export const GET = apiRoute('read', async () => Response.json({ templates: RULE_TEMPLATES }));
