import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { importRuleFile, ruleFileImportSchema } from '@/lib/rules/rule-file-actions';

export const dynamic = 'force-dynamic';

// POST /api/v1/rule-groups/import - a Prometheus rule file / PrometheusRule (YAML in `content`); problems by line
export const POST = apiRoute('write', async ({ req, app, principal }) =>
  Response.json(await importRuleFile(app, principal, await readJson(req, ruleFileImportSchema, 3 * 1024 * 1024))),
);
