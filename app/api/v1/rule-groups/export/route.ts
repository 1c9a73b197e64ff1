import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { exportRuleGroups, ruleFileExportQuerySchema } from '@/lib/rules/rule-file-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/rule-groups/export?format=prometheus|prometheusrule&ids=... - YAML for Prometheus or the Prometheus Operator
export const GET = apiRoute('read', async ({ req, app }) => {
  const query = readQuery(req, ruleFileExportQuerySchema);
  return new Response(await exportRuleGroups(app, query), {
    headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Content-Disposition': `attachment; filename="${query.format === 'prometheus' ? 'kubewatch.rules.yml' : `${query.name}.yaml`}"` },
  });
});
