import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Principal } from '../auth/principal';
import { ApiError, conflict, issuesOf, notFound } from '../http/errors';
import { applyMergePatch } from '../http/merge-patch';
import type { CoreContext } from '../runtime/app-context';
import { toChannelColumns, toChannelInput, toChannelView, type ChannelInput, type ChannelView } from './channel-record';
import { CHANNEL_TYPES } from './channels';
import { sampleNotification } from './channels/preview';
import { notificationPolicySchema, policyReferences } from './routing';
import { DeliveryError } from './types';

const TYPE_NAMES = Object.keys(CHANNEL_TYPES) as [string, ...string[]];
const TEST_TIMEOUT_MS = 15_000;

/** A channel as POST takes it: `config` is checked against its type's schema (issues at config.<path>). */
export const channelInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    type: z.enum(TYPE_NAMES),
    config: z.record(z.string(), z.unknown()),
  })
  .strict()
  .transform((input, ctx) => {
    const parsed = CHANNEL_TYPES[input.type]!.configSchema.safeParse(input.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['config', ...issue.path.map(String)], message: issue.message });
      return z.NEVER;
    }
    return { name: input.name, type: input.type, config: parsed.data as Record<string, unknown> };
  });

const uuid = z.uuid();

function uniqueName(error: unknown, name: string): never {
  if ((error as { code?: string }).code === 'P2002') throw conflict(`a channel named "${name}" already exists`);
  throw error;
}

type Tx = Parameters<Parameters<CoreContext['prisma']['$transaction']>[0]>[0];

/**
 * The policy names channels as receivers: deleting or renaming one it names would leave routes
 * pointing nowhere, so that is refused (409) until the policy is changed. The config row is
 * locked, so a concurrent policy update cannot slip a reference in.
 */
async function refuseIfRouted(tx: Tx, name: string, change: 'deleted' | 'renamed'): Promise<void> {
  const [config] = await tx.$queryRaw<Array<{ policy: unknown }>>`SELECT policy FROM notification_config WHERE id = 'default' FOR UPDATE`;
  const parsed = config?.policy ? notificationPolicySchema.safeParse(config.policy) : undefined;
  if (parsed?.success && policyReferences(parsed.data).receivers.includes(name)) {
    throw conflict(`channel "${name}" is a receiver in the notification policy: change the policy before it can be ${change}`);
  }
}

async function findRow(app: CoreContext, id: string) {
  if (!uuid.safeParse(id).success) throw notFound(`channel ${id}`);
  const row = await app.prisma.notificationChannel.findUnique({ where: { id } });
  if (!row) throw notFound(`channel ${id}`);
  return row;
}

export async function createChannel(app: CoreContext, actor: Principal | 'system', input: ChannelInput): Promise<ChannelView> {
  const id = randomUUID();
  const row = await app.prisma
    .$transaction(async (tx) => {
      const created = await tx.notificationChannel.create({ data: { id, ...toChannelColumns(input, id, app.secrets) } });
      await recordAudit(tx, actor, { action: 'channel.create', targetType: 'channel', targetId: id, targetName: input.name, after: toChannelView(created, app.secrets) }, app.clock.now());
      return created;
    })
    .catch((error) => uniqueName(error, input.name));
  return toChannelView(row, app.secrets);
}

export async function listChannels(app: CoreContext): Promise<ChannelView[]> {
  const rows = await app.prisma.notificationChannel.findMany({ orderBy: { name: 'asc' } });
  return rows.map((row) => toChannelView(row, app.secrets));
}

/** A stored channel's full settings, secrets included (server side only: previews and sends). */
export async function getChannelInput(app: CoreContext, id: string): Promise<ChannelInput> {
  return toChannelInput(await findRow(app, id), app.secrets);
}

export async function getChannel(app: CoreContext, id: string): Promise<ChannelView> {
  return toChannelView(await findRow(app, id), app.secrets);
}

/** JSON Merge Patch on the full settings: omitted secrets are kept, `null` removes. */
export async function updateChannel(app: CoreContext, actor: Principal | 'system', id: string, patch: Record<string, unknown>): Promise<ChannelView> {
  const row = await app.prisma
    .$transaction(async (tx) => {
      const current = await tx.notificationChannel.findUnique({ where: { id } });
      if (!current) throw notFound(`channel ${id}`);
      const merged = channelInputSchema.safeParse(applyMergePatch(toChannelInput(current, app.secrets), patch));
      if (!merged.success) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', issuesOf(merged.error));
      if (merged.data.name !== current.name) await refuseIfRouted(tx, current.name, 'renamed');
      const updated = await tx.notificationChannel.update({ where: { id }, data: toChannelColumns(merged.data, id, app.secrets) });
      await recordAudit(tx, actor, { action: 'channel.update', targetType: 'channel', targetId: id, targetName: updated.name, before: toChannelView(current, app.secrets), after: toChannelView(updated, app.secrets) }, app.clock.now());
      return updated;
    })
    .catch((error) => uniqueName(error, String(patch.name ?? '')));
  return toChannelView(row, app.secrets);
}

export async function deleteChannel(app: CoreContext, actor: Principal | 'system', id: string): Promise<void> {
  await app.prisma.$transaction(async (tx) => {
    const current = await tx.notificationChannel.findUnique({ where: { id } });
    if (!current) throw notFound(`channel ${id}`);
    await refuseIfRouted(tx, current.name, 'deleted');
    await tx.notificationChannel.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'channel.delete', targetType: 'channel', targetId: id, targetName: current.name, before: toChannelView(current, app.secrets) }, app.clock.now());
  });
}

/**
 * Sends a sample notification through the channel ("send test") and records the outcome in the
 * channel's health. Answers 200 either way: `ok` false carries the receiver's status and error.
 */
export async function testChannel(app: CoreContext, id: string) {
  const row = await findRow(app, id);
  const input = toChannelInput(row, app.secrets);
  const channel = CHANNEL_TYPES[input.type]!;
  const now = app.clock.now();
  const started = performance.now();
  const notification = sampleNotification(now, { externalURL: app.settings.PUBLIC_URL ?? '', receiver: row.name });
  try {
    const result = await channel.send(channel.configSchema.parse(input.config), notification, { signal: AbortSignal.timeout(TEST_TIMEOUT_MS), now });
    await app.prisma.notificationChannel.update({ where: { id }, data: { lastSuccessAt: now } });
    return { ok: true as const, status: result.status ?? null, latencyMs: Math.round(performance.now() - started), response: result.responseSnippet ?? null };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    await app.prisma.notificationChannel.update({ where: { id }, data: { lastErrorAt: now, lastError: error.message } });
    return {
      ok: false as const,
      status: error.details.status ?? null,
      latencyMs: Math.round(performance.now() - started),
      error: error.message,
      retryable: error.retryable,
      response: error.details.responseSnippet ?? null,
    };
  }
}
