import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/errors';
import type { CoreContext } from '../runtime/app-context';
import { createRuleGroup, listRuleGroups, replaceRuleGroup } from './rule-group-actions';
import { toRuleGroupInput } from './rule-group-record';
import { exportPrometheusRule, exportPrometheusRuleFile, parseRuleFile, toRuleGroupInputs } from './rule-file';
import { clusterScopeSchema, ruleGroupInputSchema, type RuleGroupInput } from './rule-schema';

/** POST /api/v1/rule-groups/import: a Prometheus rule file or PrometheusRule resource (YAML). */
export const ruleFileImportSchema = z
  .object({
    content: z.string().min(1).max(2 * 1024 * 1024),
    /** Only report what would be imported. */
    dryRun: z.boolean().default(false),
    /** The scope of imported groups that do not carry a `# kubewatch: scope=` comment (default all clusters). */
    scope: clusterScopeSchema.optional(),
  })
  .strict();

/**
 * Imports rule groups: new names are created, existing ones replaced (rules matched by alert
 * name keep their alerts' state, like `kubectl apply`). Any error-level problem refuses the
 * whole import (422 with every problem at its line); unsupported content (recording rules,
 * unknown fields) is reported by name and line and left out.
 */
export async function importRuleFile(app: CoreContext, actor: Principal, body: z.output<typeof ruleFileImportSchema>) {
  const { groups, problems } = toRuleGroupInputs(parseRuleFile(body.content));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new ApiError(
      422,
      'invalid_rule_file',
      'The rule file has errors; nothing was imported.',
      errors.map((p) => ({ path: `content:${p.line}:${p.column}`, message: `${p.path}${p.name ? ` (${p.name})` : ''}: ${p.message}` })),
    );
  }
  const existing = new Map((await listRuleGroups(app)).map((g) => [g.name, g.id]));
  const planned = groups.map((group) => ({ group: withScope(group, body.scope), action: existing.has(group.name) ? ('replaced' as const) : ('created' as const) }));
  const results = [];
  for (const { group, action } of planned) {
    if (body.dryRun) {
      results.push({ name: group.name, rules: group.rules.length, action });
      continue;
    }
    const id = existing.get(group.name);
    const saved = id ? await replaceRuleGroup(app, actor, id, group) : await createRuleGroup(app, actor, group);
    results.push({ name: saved.name, rules: saved.rules.length, action, id: saved.id });
  }
  return { dryRun: body.dryRun, groups: results, problems };
}

function withScope(group: RuleGroupInput, scope: z.output<typeof clusterScopeSchema> | undefined): RuleGroupInput {
  // The parsed group carries the default scope unless the file said otherwise.
  if (!scope || JSON.stringify(group.scope) !== JSON.stringify({ type: 'all' })) return group;
  return ruleGroupInputSchema.parse({ ...group, scope });
}

/** GET /api/v1/rule-groups/export: every group (or some) as a rule file or a PrometheusRule resource. */
export const ruleFileExportQuerySchema = z
  .object({
    format: z.enum(['prometheus', 'prometheusrule']).default('prometheus'),
    /** Comma-separated group ids; all groups when absent. */
    ids: z.string().max(10_000).optional(),
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes object name').max(253).default('kubewatch-rules'),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name').max(63).default('monitoring'),
  })
  .strict();

export async function exportRuleGroups(app: CoreContext, query: z.output<typeof ruleFileExportQuerySchema>): Promise<string> {
  const wanted = query.ids ? new Set(query.ids.split(',').map((s) => s.trim())) : undefined;
  const rows = await app.prisma.ruleGroup.findMany({ include: { rules: { orderBy: { position: 'asc' } } }, orderBy: { name: 'asc' } });
  const groups = rows.filter((row) => !wanted || wanted.has(row.id)).map((row) => ruleGroupInputSchema.parse(toRuleGroupInput(row)));
  return query.format === 'prometheus' ? exportPrometheusRuleFile(groups) : exportPrometheusRule(groups, { name: query.name, namespace: query.namespace });
}
