import { z } from 'zod';
import { clusterScopeSchema } from '../rules/rule-schema';

// Response shapes of the rule and alert endpoints, for the OpenAPI document and its tests.

const labels = z.record(z.string(), z.string());
/** Prometheus-style numbers: NaN and infinities as strings. */
const sampleValue = z.union([z.number(), z.enum(['NaN', '+Inf', '-Inf'])]);
const outcome = z.enum(['ok', 'alerting', 'keep_last']);

export const alertRuleViewSchema = z.object({
  id: z.uuid(),
  alert: z.string(),
  expr: z.string().describe('PromQL; for a threshold rule, compiled from the threshold'),
  threshold: z.object({ metric: z.string(), operator: z.string(), value: z.number() }).optional(),
  for: z.string(),
  keepFiringFor: z.string(),
  severity: z.string().optional(),
  labels,
  annotations: labels,
  noDataState: outcome,
  errorState: outcome,
  recoveryThreshold: z.number().optional(),
  enabled: z.boolean(),
});

export const ruleGroupViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().optional(),
  interval: z.string(),
  scope: clusterScopeSchema,
  paused: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  rules: z.array(alertRuleViewSchema),
  slo: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The SLO this group is generated from; such a group is changed through the SLO (409 otherwise)'),
});

export const activeAlertSchema = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  state: z.enum(['pending', 'firing']),
  labels,
  annotations: labels,
  activeAt: z.iso.datetime(),
  firedAt: z.iso.datetime().nullable(),
  keepFiringSince: z.iso.datetime().nullable(),
  acknowledgement: z.object({ by: z.string(), at: z.iso.datetime(), comment: z.string().nullable() }).nullable(),
  value: sampleValue,
  cluster: z.object({ id: z.uuid(), name: z.string() }),
  rule: z.object({ id: z.uuid(), alert: z.string(), groupId: z.uuid(), groupName: z.string() }),
});

export const activeAlertsSchema = z.object({
  alerts: z.array(activeAlertSchema),
  counts: z.object({ firing: z.number().int(), pending: z.number().int() }),
});

export const alertHistorySchema = z.object({
  transitions: z.array(
    z.object({
      id: z.string(),
      at: z.iso.datetime(),
      kind: z.enum(['pending', 'firing', 'resolved', 'pending_cleared', 'keep_firing', 'keep_firing_cleared', 'acknowledged']),
      alertname: z.string(),
      fingerprint: z.string(),
      labels,
      annotations: labels,
      value: sampleValue,
      activeAt: z.iso.datetime(),
      ruleId: z.uuid(),
      groupId: z.uuid(),
      cluster: z.object({ id: z.uuid(), name: z.string().nullable() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const backtestResponseSchema = z.object({
  cluster: z.object({ id: z.uuid(), name: z.string() }),
  results: z.array(
    z.object({
      alert: z.string(),
      start: z.iso.datetime(),
      end: z.iso.datetime(),
      intervalMs: z.number().int(),
      evaluations: z.number().int(),
      instances: z.array(
        z.object({
          fingerprint: z.string(),
          labels,
          intervals: z.array(z.object({ state: z.enum(['pending', 'firing']), start: z.iso.datetime(), end: z.iso.datetime().nullable() })),
        }),
      ),
      notifications: z.array(z.object({ status: z.enum(['firing', 'resolved']), at: z.iso.datetime(), fingerprint: z.string(), labels, annotations: labels })),
      errors: z.object({ count: z.number().int(), first: z.string().optional() }),
      series: z.array(z.object({ labels, points: z.array(z.tuple([z.number(), z.number()])) })),
      seriesTruncated: z.boolean(),
    }),
  ),
});

export const ruleImportResultSchema = z.object({
  dryRun: z.boolean(),
  groups: z.array(z.object({ name: z.string(), rules: z.number().int(), action: z.enum(['created', 'replaced']), id: z.uuid().optional() })),
  problems: z.array(z.object({ line: z.number().int(), column: z.number().int(), path: z.string(), name: z.string().optional(), message: z.string(), severity: z.enum(['error', 'unsupported']) })),
});

export const channelViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(['email', 'slack', 'webhook', 'pagerduty', 'msteams', 'alertmanager']),
  config: z.record(z.string(), z.unknown()).describe('Settings without their secrets'),
  secretsSet: z.array(z.string()).describe('Which secret settings are set (their values are never returned)'),
  health: z.object({ lastSuccessAt: z.iso.datetime().nullable(), lastErrorAt: z.iso.datetime().nullable(), lastError: z.string().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const channelTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  response: z.string().nullable(),
  error: z.string().optional(),
  retryable: z.boolean().optional(),
});

export const channelPreviewSchema = z.object({
  type: z.string(),
  requests: z
    .array(
      z.object({
        target: z.string().describe('Where it would go (secret parts masked)'),
        headers: z.record(z.string(), z.string()).describe('Secret values shown as <secret>'),
        body: z.unknown().describe('Parsed JSON for HTTP channels; subject, addresses, text and HTML for email'),
      }),
    )
    .describe('Empty when nothing would be sent (resolved with sendResolved off)'),
});

export const silenceViewSchema = z.object({
  id: z.uuid(),
  matchers: z.array(z.string()),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  state: z.enum(['pending', 'active', 'expired']),
});

export const notificationConfigViewSchema = z.object({
  policy: z.unknown().describe('The policy tree, or null: every channel gets everything'),
  timeIntervals: z.array(z.unknown()),
  inhibitRules: z.array(z.unknown()),
});

export const routeExplanationSchema = z.object({
  policy: z.enum(['default', 'configured']),
  receivers: z.array(z.string()),
  explanation: z.unknown().nullable(),
});

export const acknowledgementResultSchema = z.object({
  id: z.uuid(),
  acknowledgement: z.object({ by: z.string(), at: z.iso.datetime(), comment: z.string().optional() }),
});

export const deliveryLogSchema = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      status: z.enum(['pending', 'sent', 'dead']),
      notification: z.object({ status: z.string().nullable(), groupLabels: labels, alerts: z.number().int() }),
      attempts: z.array(z.object({ at: z.iso.datetime(), ok: z.boolean(), status: z.number().int().nullable(), latencyMs: z.number().int(), error: z.string().nullable() })),
      nextAttemptAt: z.iso.datetime().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.iso.datetime(),
      sentAt: z.iso.datetime().nullable(),
    }),
  ),
});
