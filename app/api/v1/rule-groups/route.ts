import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { createRuleGroup, listRuleGroups } from '@/lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '@/lib/rules/rule-schema';

export const dynamic = 'force-dynamic';

// GET /api/v1/rule-groups - every rule group with its rules
export const GET = apiRoute('read', async ({ app }) => Response.json({ groups: await listRuleGroups(app) }));

// POST /api/v1/rule-groups - create a group (rules nested)
export const POST = apiRoute('write', async ({ req, app, principal }) => {
  const group = await createRuleGroup(app, principal, await readJson(req, ruleGroupInputSchema));
  return Response.json(group, { status: 201, headers: { Location: `/api/v1/rule-groups/${group.id}` } });
});
