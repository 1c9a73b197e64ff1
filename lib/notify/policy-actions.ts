import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Principal } from '../auth/principal';
import { ApiError, type FieldIssue } from '../http/errors';
import type { CoreContext } from '../runtime/app-context';
import { compilePolicy, explainRouting, inhibitRuleSchema, notificationPolicySchema, policyReferences } from './routing';
import { namedTimeIntervalSchema } from './routing/time-interval-schema';

const CONFIG_ID = 'default';

/** PUT /api/v1/notification-policy: the policy tree (null: every channel gets everything), mute timings, inhibition. */
export const notificationConfigSchema = z
  .object({
    policy: notificationPolicySchema.nullable(),
    timeIntervals: z.array(namedTimeIntervalSchema).max(200).default([]),
    inhibitRules: z.array(inhibitRuleSchema).max(200).default([]),
  })
  .strict();

export const explainRequestSchema = z.object({ labels: z.record(z.string(), z.string()) }).strict();

/** The stored configuration in the form PUT takes (the written form of the time intervals is kept). */
export async function getNotificationConfig(app: Pick<CoreContext, 'prisma'>) {
  const row = await app.prisma.notificationConfig.findUnique({ where: { id: CONFIG_ID } });
  return {
    policy: (row?.policy ?? null) as unknown,
    timeIntervals: (row?.timeIntervals && Array.isArray(row.timeIntervals) ? row.timeIntervals : []) as unknown[],
    inhibitRules: (row?.inhibitRules ?? []) as unknown[],
  };
}

/** Replaces the configuration; receivers must be existing channels and interval names defined. */
export async function putNotificationConfig(app: CoreContext, actor: Principal, raw: unknown) {
  const parsed = notificationConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const input = raw as { policy: unknown; timeIntervals?: unknown[]; inhibitRules?: unknown[] };
  const issues: FieldIssue[] = [];
  if (parsed.data.policy) {
    const channels = new Set((await app.prisma.notificationChannel.findMany({ select: { name: true } })).map((c) => c.name));
    const intervals = new Set(parsed.data.timeIntervals.map((t) => t.name));
    const references = policyReferences(parsed.data.policy);
    for (const receiver of references.receivers) if (!channels.has(receiver)) issues.push({ path: 'policy', message: `receiver "${receiver}" is not a channel` });
    for (const name of references.timeIntervals) if (!intervals.has(name)) issues.push({ path: 'policy', message: `time interval "${name}" is not defined in timeIntervals` });
  }
  if (issues.length) throw new ApiError(422, 'invalid_request', 'The policy refers to things that do not exist.', issues);
  const now = app.clock.now();
  const before = await getNotificationConfig(app);
  const data = { policy: (input.policy ?? null) as never, timeIntervals: (input.timeIntervals ?? []) as never, inhibitRules: (input.inhibitRules ?? []) as never };
  await app.prisma.$transaction(async (tx) => {
    await tx.notificationConfig.upsert({ where: { id: CONFIG_ID }, create: { id: CONFIG_ID, ...data }, update: data });
    await recordAudit(tx, actor, { action: 'notification_policy.update', targetType: 'notification_policy', targetId: CONFIG_ID, before, after: data }, now);
  });
  return getNotificationConfig(app);
}

/** Which route(s) an alert with these labels would take, and why; with the stored policy. */
export async function explainNotificationRoute(app: CoreContext, labels: Record<string, string>) {
  const config = await getNotificationConfig(app);
  if (!config.policy) {
    const channels = (await app.prisma.notificationChannel.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((c) => c.name);
    return { policy: 'default' as const, receivers: channels, explanation: null };
  }
  const explanation = explainRouting(compilePolicy(notificationPolicySchema.parse(config.policy)), labels);
  return { policy: 'configured' as const, receivers: [...new Set(explanation.matches.map((m) => m.settings.receiver))], explanation };
}
