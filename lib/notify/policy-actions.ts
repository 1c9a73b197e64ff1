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

export const explainRequestSchema = z
  .object({
    labels: z.record(z.string(), z.string()),
    config: notificationConfigSchema
      .optional()
      .describe('An unsaved configuration to explain instead of the stored one (check a policy before PUT)'),
  })
  .strict();

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
  const now = app.clock.now();
  const data = { policy: (input.policy ?? null) as never, timeIntervals: (input.timeIntervals ?? []) as never, inhibitRules: (input.inhibitRules ?? []) as never };
  await app.prisma.$transaction(async (tx) => {
    // The config row is locked while the references are checked, as deleting or renaming a
    // channel locks it too: neither can slip in between the check and the write.
    await tx.$executeRaw`INSERT INTO notification_config (id, "updatedAt") VALUES (${CONFIG_ID}, ${now}) ON CONFLICT (id) DO NOTHING`;
    await tx.$queryRaw`SELECT id FROM notification_config WHERE id = ${CONFIG_ID} FOR UPDATE`;
    const issues: FieldIssue[] = [];
    if (parsed.data.policy) {
      const channels = new Set((await tx.notificationChannel.findMany({ select: { name: true } })).map((c) => c.name));
      const intervals = new Set(parsed.data.timeIntervals.map((t) => t.name));
      const references = policyReferences(parsed.data.policy);
      for (const receiver of references.receivers) if (!channels.has(receiver)) issues.push({ path: 'policy', message: `receiver "${receiver}" is not a channel` });
      for (const name of references.timeIntervals) if (!intervals.has(name)) issues.push({ path: 'policy', message: `time interval "${name}" is not defined in timeIntervals` });
    }
    if (issues.length) throw new ApiError(422, 'invalid_request', 'The policy refers to things that do not exist.', issues);
    const before = await getNotificationConfig({ prisma: tx as never });
    await tx.notificationConfig.update({ where: { id: CONFIG_ID }, data });
    await recordAudit(tx, actor, { action: 'notification_policy.update', targetType: 'notification_policy', targetId: CONFIG_ID, before, after: data }, now);
  });
  return getNotificationConfig(app);
}

/** Which route(s) an alert with these labels would take, and why; with the stored policy or an unsaved one. */
export async function explainNotificationRoute(app: CoreContext, labels: Record<string, string>, unsaved?: z.output<typeof notificationConfigSchema>) {
  const stored = unsaved ? undefined : (await getNotificationConfig(app)).policy;
  const policy = unsaved ? unsaved.policy : stored ? notificationPolicySchema.parse(stored) : null;
  if (!policy) {
    const channels = (await app.prisma.notificationChannel.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((c) => c.name);
    return { policy: 'default' as const, receivers: channels, explanation: null };
  }
  const explanation = explainRouting(compilePolicy(policy), labels);
  return { policy: 'configured' as const, receivers: [...new Set(explanation.matches.map((m) => m.settings.receiver))], explanation };
}
