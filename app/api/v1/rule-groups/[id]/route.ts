import { z } from 'zod';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { deleteRuleGroup, getRuleGroup, patchRuleGroup, replaceRuleGroup } from '@/lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '@/lib/rules/rule-schema';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /api/v1/rule-groups/{id} - one group with its rules
export const GET = apiRoute<Params>('read', async ({ app, params }) => Response.json(await getRuleGroup(app, params.id)));

// PUT /api/v1/rule-groups/{id} - replace the definition; rules keep their state by id (or alert name)
export const PUT = apiRoute<Params>('write', async ({ req, app, principal, params }) =>
  Response.json(await replaceRuleGroup(app, principal, params.id, await readJson(req, ruleGroupInputSchema))),
);

// PATCH /api/v1/rule-groups/{id} - JSON Merge Patch (RFC 7396) of the group; a `rules` array replaces the rules
export const PATCH = apiRoute<Params>('write', async ({ req, app, principal, params }) => {
  const patch = await readJson(req, z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));
  return Response.json(await patchRuleGroup(app, principal, params.id, patch));
});

// DELETE /api/v1/rule-groups/{id} - remove the group; its firing alerts resolve
export const DELETE = apiRoute<Params>('write', async ({ app, principal, params }) => {
  await deleteRuleGroup(app, principal, params.id);
  return new Response(null, { status: 204 });
});
