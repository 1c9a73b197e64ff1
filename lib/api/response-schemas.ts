import { z } from 'zod';
import { ROLES } from '../auth/roles';

// What the API returns. Requests are validated by the schemas next to each action; these
// document the responses in OpenAPI, and a test parses real responses against them.

export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ example: 'invalid_request' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string().meta({ example: 'prometheus.url' }), message: z.string() })).optional(),
  }),
});

export const clusterViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayName: z.string().nullable(),
  description: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  prometheus: z.object({
    url: z.string(),
    auth: z.union([
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('bearer'), tokenSet: z.literal(true) }),
      z.object({ type: z.literal('basic'), username: z.string().optional(), passwordSet: z.literal(true) }),
    ]),
    caCert: z.string().nullable(),
    insecureSkipVerify: z.boolean(),
    headerNames: z.array(z.string()).describe('Custom header names; their values are secret and never returned.'),
    selector: z.string().nullable(),
  }),
  kubernetes: z
    .object({
      server: z.string(),
      auth: z.enum(['none', 'token', 'clientCertificate']),
      caCert: z.string().nullable(),
      clientCert: z.string().nullable(),
      insecureSkipVerify: z.boolean(),
    })
    .nullable(),
  status: z.object({
    state: z.enum(['unknown', 'healthy', 'degraded', 'unreachable']),
    reason: z.string().nullable(),
    checkedAt: z.iso.datetime().nullable(),
  }),
  versions: z.object({ prometheus: z.string().optional(), kubernetes: z.string().optional() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const clusterPageSchema = z.object({
  items: z.array(clusterViewSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
});

const connectionCheckSchema = z.union([
  z.object({ ok: z.literal(true), latencyMs: z.number(), version: z.string(), details: z.record(z.string(), z.string()) }),
  z.object({
    ok: z.literal(false),
    latencyMs: z.number(),
    error: z.object({
      kind: z.enum(['dns', 'refused', 'timeout', 'tls', 'unauthorized', 'forbidden', 'http', 'invalid_response']),
      message: z.string(),
    }),
  }),
]);

export const connectionTestSchema = z.object({
  status: z.object({ state: z.enum(['healthy', 'degraded', 'unreachable']), reason: z.string().nullable() }),
  prometheus: connectionCheckSchema,
  kubernetes: connectionCheckSchema.optional(),
});

export const kubeconfigImportResultSchema = z.union([
  z.object({
    dryRun: z.literal(true),
    contexts: z.array(
      z.object({
        context: z.string(),
        cluster: z.string(),
        user: z.string(),
        namespace: z.string().optional(),
        current: z.boolean(),
        suggestedName: z.string(),
        server: z.string().nullable(),
        problems: z.array(z.string()),
        warnings: z.array(z.string()),
      }),
    ),
  }),
  z.object({ dryRun: z.literal(false), clusters: z.array(clusterViewSchema) }),
]);

export const tokenViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const createdTokenSchema = tokenViewSchema.extend({ token: z.string().describe('The token itself: shown in this response only.') });

export const userViewSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), createdAt: z.iso.datetime() });

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.iso.datetime(),
      actorType: z.enum(['user', 'token', 'system']),
      actorId: z.string().nullable(),
      actorLabel: z.string(),
      action: z.string(),
      targetType: z.string(),
      targetId: z.string().nullable(),
      targetName: z.string().nullable(),
      diff: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    }),
  ),
  nextBefore: z.string().nullable(),
});

export const meSchema = z.object({ kind: z.enum(['user', 'token']), userId: z.string(), email: z.string(), role: z.enum(ROLES) });

const nullableNumber = z.number().nullable();
export const metricsSummarySchema = z.object({
  nodes: z.object({ ready: nullableNumber, total: nullableNumber }),
  cpu: z.object({ usedCores: nullableNumber, requestedCores: nullableNumber, allocatableCores: nullableNumber }),
  memory: z.object({ usedBytes: nullableNumber, requestedBytes: nullableNumber, allocatableBytes: nullableNumber }),
  pods: z.object({ byPhase: z.record(z.string(), z.number()), notRunning: z.number() }),
  crashLoopingPods: z.number(),
  hpasAtMax: z.number(),
  apiserver: z.object({ requestsPerSecond: nullableNumber, errorRatio: nullableNumber, p99Seconds: nullableNumber }),
  nodeOvercommit: z.array(z.object({ node: z.string(), cpu: nullableNumber, memory: nullableNumber })),
});

export const overviewSchema = z.object({
  clusters: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      displayName: z.string().nullable(),
      labels: z.record(z.string(), z.string()),
      simulated: z.boolean(),
      status: z.object({ state: z.string(), reason: z.string().nullable(), checkedAt: z.iso.datetime().nullable() }),
      polledAt: z.iso.datetime().nullable().describe('When the last poll evaluated its queries.'),
      metrics: metricsSummarySchema.nullable().describe('From the last poll of its Prometheus; null before the first.'),
      inventory: z.object({ nodesNotReady: z.array(z.string()), warningEvents: z.number(), workloadsNeedingAttention: z.number() }).nullable(),
      history: z
        .object({
          stepSeconds: z.number().int().describe('Width of each point: the polls within it are averaged.'),
          points: z.array(z.tuple([z.number().describe('Unix seconds at the step start'), nullableNumber.describe('CPU used / allocatable'), nullableNumber.describe('Memory used / allocatable')])),
        })
        .describe('CPU and memory used / allocatable over the last hour, one point per minute, oldest first.'),
      alerts: z.object({ firing: z.number().int(), pending: z.number().int() }).describe('Active alert instances on the cluster.'),
    }),
  ),
});
