import { z } from 'zod';
import { firstAdminSchema, newApiTokenSchema, newUserSchema } from '../auth/schemas';
import { ROLES, type Permission } from '../auth/roles';
import { clusterInputSchema, clusterListQuerySchema, kubeconfigImportSchema } from '../clusters/cluster-schema';
import { adHocQuerySchema, labelValuesQuerySchema, rangeQuerySchema } from '../collect/ad-hoc-query';
import { alertHistoryQuerySchema, alertListQuerySchema } from '../rules/alert-queries';
import { backtestRequestSchema } from '../rules/backtest-action';
import { ruleFileExportQuerySchema, ruleFileImportSchema } from '../rules/rule-file-actions';
import { ruleGroupInputSchema } from '../rules/rule-schema';
import { deliveryListQuerySchema } from '../notify/delivery-log';
import { deliveryLogSchema, acknowledgementResultSchema, activeAlertsSchema, alertHistorySchema, backtestResponseSchema, channelPreviewSchema, channelTestResultSchema, channelViewSchema, notificationConfigViewSchema, routeExplanationSchema, ruleGroupViewSchema, ruleImportResultSchema, silenceViewSchema } from './rule-response-schemas';
import { explainRequestSchema, notificationConfigSchema } from '../notify/policy-actions';
import { silenceInputSchema, silenceListQuerySchema } from '../notify/silence-actions';
import { acknowledgeSchema } from '../rules/acknowledge';
import { channelInputSchema } from '../notify/channel-actions';
import { channelPreviewRequestSchema } from '../notify/channel-preview';
import { sloInputSchema } from '../slo/slo-schema';
import { sloExportQuerySchema } from '../slo/service/slo-export';
import { sloHistoryQuerySchema } from '../slo/service/slo-history';
import { sloHistorySchema, sloViewSchema } from './slo-response-schemas';
import { alertCountsSchema, searchResultSchema } from './search-response-schemas';
import { searchQuerySchema } from '../search/search';
import {
  auditPageSchema,
  clusterPageSchema,
  clusterViewSchema,
  connectionTestSchema,
  createdTokenSchema,
  errorSchema,
  kubeconfigImportResultSchema,
  meSchema,
  overviewSchema,
  tokenViewSchema,
  userViewSchema,
} from './response-schemas';

/** One REST operation, described once: the document is generated from this table. */
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  permission: Permission | 'none';
  body?: z.ZodType;
  bodyDescription?: string;
  query?: z.ZodObject;
  success: { status: number; schema?: z.ZodType; description: string };
  errors: number[];
}

const adHocResultSchema = z.object({ resultType: z.enum(['vector', 'matrix', 'scalar', 'string']), result: z.unknown(), warnings: z.array(z.string()) });
const rangeResultSchema = z.object({
  series: z.array(z.object({ metric: z.record(z.string(), z.string()), points: z.array(z.tuple([z.number(), z.number()])) })),
  warnings: z.array(z.string()),
});
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const ROLE_OF: Record<Permission, string> = { read: 'viewer', write: 'editor', admin: 'admin' };
const mergePatchSchema = z.record(z.string(), z.unknown()).describe('JSON Merge Patch (RFC 7396) of a cluster: omitted fields and credentials are kept; null removes.');

export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/me', tag: 'Access', summary: 'Who this request is authenticated as', permission: 'read', success: { status: 200, schema: meSchema, description: 'The caller' }, errors: [401] },
  { method: 'get', path: '/api/v1/overview', tag: 'Clusters', summary: 'Every cluster with its latest poll: status, nodes, CPU/memory used vs requested vs allocatable, pods', permission: 'read', query: z.object({ selector: z.string().optional() }), success: { status: 200, schema: overviewSchema, description: 'The overview' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/clusters', tag: 'Clusters', summary: 'List clusters (label selector, pages)', permission: 'read', query: clusterListQuerySchema, success: { status: 200, schema: clusterPageSchema, description: 'A page of clusters by name' }, errors: [401, 422] },
  { method: 'post', path: '/api/v1/clusters', tag: 'Clusters', summary: 'Register a cluster', permission: 'write', body: clusterInputSchema, success: { status: 201, schema: clusterViewSchema, description: 'The registered cluster' }, errors: [400, 401, 403, 409, 413, 415, 422] },
  { method: 'get', path: '/api/v1/clusters/{id}', tag: 'Clusters', summary: 'Get a cluster (credentials are never returned)', permission: 'read', success: { status: 200, schema: clusterViewSchema, description: 'The cluster' }, errors: [401, 404] },
  { method: 'patch', path: '/api/v1/clusters/{id}', tag: 'Clusters', summary: 'Change a cluster (JSON Merge Patch)', permission: 'write', body: mergePatchSchema, success: { status: 200, schema: clusterViewSchema, description: 'The changed cluster' }, errors: [400, 401, 403, 404, 409, 413, 415, 422] },
  { method: 'delete', path: '/api/v1/clusters/{id}', tag: 'Clusters', summary: 'Remove a cluster', permission: 'write', success: { status: 204, description: 'Removed' }, errors: [401, 403, 404] },
  { method: 'post', path: '/api/v1/clusters/{id}/test', tag: 'Clusters', summary: 'Test a registered cluster (Prometheus buildinfo, Kubernetes /version) and record its status', permission: 'write', success: { status: 200, schema: connectionTestSchema, description: 'Versions and latency, or the precise error' }, errors: [401, 403, 404] },
  { method: 'post', path: '/api/v1/clusters/{id}/query', tag: 'Clusters', summary: 'Run an instant PromQL query against the cluster\u2019s Prometheus, scoped to the cluster (its selector is injected)', permission: 'read', body: adHocQuerySchema, success: { status: 200, schema: adHocResultSchema, description: 'Prometheus\u2019s result (resultType and result) and warnings' }, errors: [400, 401, 404, 415, 422, 502] },
  { method: 'post', path: '/api/v1/clusters/{id}/query_range', tag: 'Clusters', summary: 'Run a PromQL range query scoped to the cluster (the charts)', permission: 'read', body: rangeQuerySchema, success: { status: 200, schema: rangeResultSchema, description: 'Series with [timestamp ms, value] points, and warnings' }, errors: [400, 401, 404, 415, 422, 502] },
  { method: 'get', path: '/api/v1/clusters/{id}/label-values', tag: 'Clusters', summary: 'Values of a label on the cluster\u2019s series (label=__name__ lists metric names), for PromQL autocomplete', permission: 'read', query: labelValuesQuerySchema, success: { status: 200, schema: z.object({ values: z.array(z.string()) }), description: 'The values, sorted by Prometheus' }, errors: [401, 404, 422, 502] },
  { method: 'post', path: '/api/v1/clusters/test', tag: 'Clusters', summary: 'Test connection settings before saving them', permission: 'write', body: clusterInputSchema.pick({ prometheus: true, kubernetes: true }), success: { status: 200, schema: connectionTestSchema, description: 'Versions and latency, or the precise error' }, errors: [400, 401, 403, 415, 422] },
  { method: 'post', path: '/api/v1/clusters/import-kubeconfig', tag: 'Clusters', summary: 'List a kubeconfig\u2019s contexts (dryRun) or register chosen ones, all or nothing', permission: 'write', body: kubeconfigImportSchema, success: { status: 201, schema: kubeconfigImportResultSchema, description: 'The registered clusters (200 with the contexts for a dry run)' }, errors: [400, 401, 403, 409, 413, 415, 422] },
  { method: 'get', path: '/api/v1/rule-groups', tag: 'Rules', summary: 'List rule groups with their rules', permission: 'read', success: { status: 200, schema: z.object({ groups: z.array(ruleGroupViewSchema) }), description: 'Every rule group, by name' }, errors: [401] },
  { method: 'post', path: '/api/v1/rule-groups', tag: 'Rules', summary: 'Create a rule group (rules nested; PromQL checked, errors with their position)', permission: 'write', body: ruleGroupInputSchema, success: { status: 201, schema: ruleGroupViewSchema, description: 'The group' }, errors: [400, 401, 403, 409, 413, 415, 422] },
  { method: 'get', path: '/api/v1/rule-groups/{id}', tag: 'Rules', summary: 'Get a rule group', permission: 'read', success: { status: 200, schema: ruleGroupViewSchema, description: 'The group' }, errors: [401, 404] },
  { method: 'put', path: '/api/v1/rule-groups/{id}', tag: 'Rules', summary: 'Replace a rule group; rules matched by id (or alert name) keep their alerts\u2019 state', permission: 'write', body: ruleGroupInputSchema, success: { status: 200, schema: ruleGroupViewSchema, description: 'The group' }, errors: [400, 401, 403, 404, 409, 413, 415, 422] },
  { method: 'patch', path: '/api/v1/rule-groups/{id}', tag: 'Rules', summary: 'Change a rule group (JSON Merge Patch; a rules array replaces the rules)', permission: 'write', body: z.record(z.string(), z.unknown()).describe('JSON Merge Patch (RFC 7396) of the group'), success: { status: 200, schema: ruleGroupViewSchema, description: 'The group' }, errors: [400, 401, 403, 404, 409, 413, 415, 422] },
  { method: 'delete', path: '/api/v1/rule-groups/{id}', tag: 'Rules', summary: 'Delete a rule group (its firing alerts resolve)', permission: 'write', success: { status: 204, description: 'Deleted' }, errors: [401, 403, 404] },
  { method: 'post', path: '/api/v1/rule-groups/import', tag: 'Rules', summary: 'Import a Prometheus rule file or PrometheusRule resource (YAML): new groups created, existing ones replaced; recording rules and unsupported fields reported by line', permission: 'write', body: ruleFileImportSchema, success: { status: 200, schema: ruleImportResultSchema, description: 'What was (or, with dryRun, would be) imported, and every problem by line' }, errors: [400, 401, 403, 413, 415, 422] },
  { method: 'get', path: '/api/v1/rule-groups/export', tag: 'Rules', summary: 'Export rule groups as a Prometheus rule file or a PrometheusRule resource (YAML)', permission: 'read', query: ruleFileExportQuerySchema, success: { status: 200, description: 'YAML (application/yaml)' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/rule-templates', tag: 'Rules', summary: 'The rule template library (Rancher defaults, kube-prometheus classics)', permission: 'read', success: { status: 200, schema: z.object({ templates: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), category: z.string(), rule: z.record(z.string(), z.unknown()) })) }), description: 'Templates, each with a rule ready to POST' }, errors: [401] },
  { method: 'post', path: '/api/v1/rules/backtest', tag: 'Rules', summary: 'Backtest rules on a cluster over a past range: pending/firing intervals and the notifications they would have sent', permission: 'read', body: backtestRequestSchema, success: { status: 200, schema: backtestResponseSchema, description: 'Per rule: instances with intervals, notifications, the expression\u2019s series' }, errors: [400, 401, 404, 413, 415, 422, 502] },
  { method: 'get', path: '/api/v1/alerts', tag: 'Alerts', summary: 'Active alert instances (pending and firing), filtered by state, cluster, severity, labels', permission: 'read', query: alertListQuerySchema, success: { status: 200, schema: activeAlertsSchema, description: 'Firing first, newest first' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/alerts/counts', tag: 'Alerts', summary: 'How many alert instances are firing and pending (cheap enough to poll)', permission: 'read', success: { status: 200, schema: alertCountsSchema, description: 'The counts' }, errors: [401] },
  { method: 'get', path: '/api/v1/search', tag: 'Search', summary: 'Search clusters (name, labels), active alerts (alertname, cluster, labels, state), rule groups, rules and SLOs; every term must match; best first, grouped by kind', permission: 'read', query: searchQuerySchema, success: { status: 200, schema: searchResultSchema, description: 'Results grouped by kind, each with the link of its page' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/alerts/history', tag: 'Alerts', summary: 'Alert state transitions, newest first (keyset pages)', permission: 'read', query: alertHistoryQuerySchema, success: { status: 200, schema: alertHistorySchema, description: 'A page of transitions' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/channels', tag: 'Notifications', summary: 'Notification channels (secrets never included) with their delivery health', permission: 'read', success: { status: 200, schema: z.object({ channels: z.array(channelViewSchema) }), description: 'Every channel, by name' }, errors: [401] },
  { method: 'post', path: '/api/v1/channels', tag: 'Notifications', summary: 'Add a channel: email, slack, webhook, pagerduty, msteams or alertmanager (settings checked against the type)', permission: 'write', body: channelInputSchema, success: { status: 201, schema: channelViewSchema, description: 'The channel' }, errors: [400, 401, 403, 409, 413, 415, 422] },
  { method: 'get', path: '/api/v1/channels/{id}', tag: 'Notifications', summary: 'Get a channel (secrets never included)', permission: 'read', success: { status: 200, schema: channelViewSchema, description: 'The channel' }, errors: [401, 404] },
  { method: 'patch', path: '/api/v1/channels/{id}', tag: 'Notifications', summary: 'Change a channel (JSON Merge Patch; omitted secrets are kept)', permission: 'write', body: z.record(z.string(), z.unknown()).describe('JSON Merge Patch (RFC 7396) of {name, type, config}'), success: { status: 200, schema: channelViewSchema, description: 'The channel' }, errors: [400, 401, 403, 404, 409, 413, 415, 422] },
  { method: 'delete', path: '/api/v1/channels/{id}', tag: 'Notifications', summary: 'Remove a channel (409 while the notification policy routes to it)', permission: 'write', success: { status: 204, description: 'Removed' }, errors: [401, 403, 404, 409] },
  { method: 'post', path: '/api/v1/channels/preview', tag: 'Notifications', summary: 'What a channel would send for a sample alert, from unsaved settings or a stored channel with changes on top (nothing is sent; secrets masked)', permission: 'read', body: channelPreviewRequestSchema, success: { status: 200, schema: channelPreviewSchema, description: 'The rendered requests or messages' }, errors: [400, 401, 404, 413, 415, 422] },
  { method: 'post', path: '/api/v1/channels/{id}/test', tag: 'Notifications', summary: 'Send a sample notification through the channel; the receiver\u2019s answer either way (recorded as the channel\u2019s health)', permission: 'write', success: { status: 200, schema: channelTestResultSchema, description: 'ok, status, latency, and the error when it failed' }, errors: [401, 403, 404] },
  { method: 'get', path: '/api/v1/deliveries', tag: 'Notifications', summary: 'The delivery log: notifications with every attempt (time, status code, latency, error), newest first', permission: 'read', query: deliveryListQuerySchema, success: { status: 200, schema: deliveryLogSchema, description: 'Deliveries and their attempts' }, errors: [401, 422] },
  { method: 'get', path: '/api/v1/slos', tag: 'SLOs', summary: 'Every SLO with its SLI, error budget and burn rates per cluster, least remaining budget first', permission: 'read', success: { status: 200, schema: z.object({ slos: z.array(sloViewSchema) }), description: 'The SLOs' }, errors: [401] },
  { method: 'post', path: '/api/v1/slos', tag: 'SLOs', summary: 'Add an SLO (ratio or latency SLI, objective, 7d/28d/30d window); its multi-window burn-rate alerts become a generated rule group', permission: 'write', body: sloInputSchema, success: { status: 201, schema: sloViewSchema, description: 'The SLO' }, errors: [400, 401, 403, 409, 413, 415, 422] },
  { method: 'get', path: '/api/v1/slos/{id}', tag: 'SLOs', summary: 'One SLO with its numbers per cluster', permission: 'read', success: { status: 200, schema: sloViewSchema, description: 'The SLO' }, errors: [401, 404] },
  { method: 'put', path: '/api/v1/slos/{id}', tag: 'SLOs', summary: 'Replace an SLO; its burn-rate alerts keep their state per window pair', permission: 'write', body: sloInputSchema, success: { status: 200, schema: sloViewSchema, description: 'The SLO' }, errors: [400, 401, 403, 404, 409, 413, 415, 422] },
  { method: 'delete', path: '/api/v1/slos/{id}', tag: 'SLOs', summary: 'Remove an SLO and its alerts (firing ones resolve)', permission: 'write', success: { status: 204, description: 'Removed' }, errors: [401, 403, 404] },
  { method: 'get', path: '/api/v1/slos/{id}/export', tag: 'SLOs', summary: 'The SLO as a Sloth spec, a Pyrra ServiceLevelObjective or Prometheus recording + alerting rules (YAML)', permission: 'read', query: sloExportQuerySchema, success: { status: 200, description: 'YAML (application/yaml)' }, errors: [401, 404, 422] },
  { method: 'get', path: '/api/v1/slos/{id}/history', tag: 'SLOs', summary: 'Hourly SLI and the error budget burn-down over the period on one cluster (from the cached hours)', permission: 'read', query: sloHistoryQuerySchema, success: { status: 200, schema: sloHistorySchema, description: 'Points per hour' }, errors: [401, 404, 409, 422] },
  { method: 'get', path: '/api/v1/slo-templates', tag: 'SLOs', summary: 'Ready-made SLOs: API server availability and latency, ingress success ratio', permission: 'read', success: { status: 200, schema: z.object({ templates: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), slo: z.record(z.string(), z.unknown()) })) }), description: 'Templates, each with an SLO ready to POST' }, errors: [401] },
  { method: 'get', path: '/api/v1/silences', tag: 'Notifications', summary: 'Silences, latest end first (filter by state)', permission: 'read', query: silenceListQuerySchema, success: { status: 200, schema: z.object({ silences: z.array(silenceViewSchema) }), description: 'Silences with their state' }, errors: [401, 422] },
  { method: 'post', path: '/api/v1/silences', tag: 'Notifications', summary: 'Silence alerts matching every matcher for a while (Alertmanager\u2019s rules: at least one matcher that does not match the empty string)', permission: 'write', body: silenceInputSchema, success: { status: 201, schema: silenceViewSchema, description: 'The silence' }, errors: [400, 401, 403, 415, 422] },
  { method: 'get', path: '/api/v1/silences/{id}', tag: 'Notifications', summary: 'Get a silence', permission: 'read', success: { status: 200, schema: silenceViewSchema, description: 'The silence' }, errors: [401, 404] },
  { method: 'post', path: '/api/v1/silences/{id}/expire', tag: 'Notifications', summary: 'End a silence now', permission: 'write', success: { status: 200, schema: silenceViewSchema, description: 'The silence, expired' }, errors: [401, 403, 404] },
  { method: 'get', path: '/api/v1/notification-policy', tag: 'Notifications', summary: 'The notification policy tree, mute timings (time intervals) and inhibition rules', permission: 'read', success: { status: 200, schema: notificationConfigViewSchema, description: 'As last saved' }, errors: [401] },
  { method: 'put', path: '/api/v1/notification-policy', tag: 'Notifications', summary: 'Replace the policy, mute timings and inhibition rules (receivers must be channels; interval names must be defined)', permission: 'write', body: notificationConfigSchema, success: { status: 200, schema: notificationConfigViewSchema, description: 'As saved' }, errors: [400, 401, 403, 413, 415, 422] },
  { method: 'post', path: '/api/v1/notification-policy/explain', tag: 'Notifications', summary: 'Which route(s) and channels an alert with these labels would take, and why (with `config`: for an unsaved configuration)', permission: 'read', body: explainRequestSchema, success: { status: 200, schema: routeExplanationSchema, description: 'The receivers and the path through the tree' }, errors: [400, 401, 415, 422] },
  { method: 'post', path: '/api/v1/alerts/{id}/acknowledge', tag: 'Alerts', summary: 'Acknowledge a firing alert: no more repeat notifications or escalation; its resolution is still sent', permission: 'write', body: acknowledgeSchema, success: { status: 200, schema: acknowledgementResultSchema, description: 'Who and when' }, errors: [400, 401, 403, 404, 409, 415, 422] },
  { method: 'get', path: '/api/v1/tokens', tag: 'Access', summary: 'Your API tokens (never their values)', permission: 'read', success: { status: 200, schema: z.object({ items: z.array(tokenViewSchema) }), description: 'Your tokens' }, errors: [401] },
  { method: 'post', path: '/api/v1/tokens', tag: 'Access', summary: 'Create a personal API token (signed-in users only); the value is shown once', permission: 'read', body: newApiTokenSchema, success: { status: 201, schema: createdTokenSchema, description: 'The token, with its value' }, errors: [400, 401, 403, 415, 422] },
  { method: 'delete', path: '/api/v1/tokens/{id}', tag: 'Access', summary: 'Revoke a token (its owner or an admin)', permission: 'read', success: { status: 200, schema: tokenViewSchema, description: 'The revoked token' }, errors: [401, 404] },
  { method: 'get', path: '/api/v1/users', tag: 'Access', summary: 'List accounts', permission: 'admin', success: { status: 200, schema: z.object({ items: z.array(userViewSchema) }), description: 'Every account' }, errors: [401, 403] },
  { method: 'post', path: '/api/v1/users', tag: 'Access', summary: 'Create an account', permission: 'admin', body: newUserSchema, success: { status: 201, schema: userViewSchema, description: 'The account' }, errors: [400, 401, 403, 409, 415, 422] },
  { method: 'patch', path: '/api/v1/users/{id}', tag: 'Access', summary: 'Change a user\u2019s role (never the last admin\u2019s)', permission: 'admin', body: z.object({ role: z.enum(ROLES) }).strict(), success: { status: 200, schema: userViewSchema, description: 'The account' }, errors: [401, 403, 404, 409, 422] },
  { method: 'delete', path: '/api/v1/users/{id}', tag: 'Access', summary: 'Delete an account with its sessions and tokens', permission: 'admin', success: { status: 204, description: 'Deleted' }, errors: [401, 403, 404, 409] },
  { method: 'get', path: '/api/v1/audit', tag: 'Access', summary: 'The audit log, newest first', permission: 'admin', query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.string().optional() }), success: { status: 200, schema: auditPageSchema, description: 'A page of audit events' }, errors: [401, 403, 422] },
  { method: 'post', path: '/api/setup', tag: 'Access', summary: 'Create the first admin of a fresh installation (no credentials; only while nobody can sign in)', permission: 'none', body: firstAdminSchema, success: { status: 200, description: 'Signed in (session cookie set)' }, errors: [400, 409, 415, 422] },
];

const ERROR_TEXT: Record<number, string> = {
  502: 'The cluster\u2019s Prometheus did not answer',
  400: 'Malformed JSON',
  401: 'No or invalid credentials',
  403: 'The role is not enough',
  404: 'Not found',
  409: 'Conflicts with an existing object',
  413: 'Body too large (1 MiB)',
  415: 'Not JSON',
  422: 'Invalid fields: every problem, by path',
};

/**
 * zod -> JSON Schema for one document. Recursive schemas (the notification policy tree) come with
 * `$defs`, whose "#/$defs/x" refs would point into the OpenAPI document's root: each definition
 * becomes a component and the refs are rewritten to it.
 */
function createSchemaWriter() {
  const definitions: Record<string, unknown> = {};
  let count = 0;
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
    if (!$defs) return rest;
    const names = new Map(Object.keys($defs as object).map((name) => [name, `Definition${++count}`]));
    const rewrite = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(rewrite)
        : node && typeof node === 'object'
          ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${names.get(v.slice(8))}` : rewrite(v)]))
          : node;
    for (const [name, definition] of Object.entries($defs as object)) definitions[names.get(name)!] = rewrite(definition);
    return rewrite(rest) as Record<string, unknown>;
  };
  return { jsonSchema, definitions };
}

function queryParameters(query: z.ZodObject, jsonSchema: ReturnType<typeof createSchemaWriter>['jsonSchema']) {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** The OpenAPI 3.1 document of the REST API, generated from the zod schemas that validate it. */
export function openApiDocument(serverUrl: string) {
  const { jsonSchema, definitions } = createSchemaWriter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.success.status]: {
        description: op.success.description,
        ...(op.success.schema ? { content: { 'application/json': { schema: jsonSchema(op.success.schema, 'output') } } } : {}),
      },
    };
    for (const status of op.errors) {
      responses[status] = { description: ERROR_TEXT[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By$1').replace(/[^a-zA-Z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      description: op.permission === 'none' ? 'No credentials needed.' : `Needs the ${ROLE_OF[op.permission]} role (or higher).`,
      ...(op.permission === 'none' ? { security: [] } : {}),
      parameters: [...(op.path.includes('{id}') ? [ID] : []), ...(op.query ? queryParameters(op.query, jsonSchema) : [])],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kubewatch API',
      version: '1',
      description:
        'Register Kubernetes clusters and manage access. Authenticate with `Authorization: Bearer <API token>` ' +
        '(create one under Settings > API tokens, or set ADMIN_API_TOKEN) or with the session cookie of a signed-in user.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [{ name: 'Clusters' }, { name: 'Rules' }, { name: 'Alerts' }, { name: 'Notifications' }, { name: 'SLOs' }, { name: 'Search' }, { name: 'Access' }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (kw_...)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output'), ...definitions },
    },
  };
}
