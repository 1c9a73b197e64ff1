import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Principal } from '../auth/principal';
import type { Silence as SilenceRow } from '../db/generated/client';
import { ApiError, notFound } from '../http/errors';
import type { CoreContext } from '../runtime/app-context';
import { silenceState, validateNewSilence } from './routing';

/** POST/PUT body: matchers, the window (startsAt defaults to now) and a comment; the author is the caller. */
export const silenceInputSchema = z
  .object({
    matchers: z.array(z.string().max(1024)).min(1).max(50),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().trim().min(1).max(2000),
  })
  .strict();

const silenceListQuerySchema = z.object({ state: z.enum(['active', 'pending', 'expired']).optional() }).strict();
export { silenceListQuerySchema };

function toView(row: SilenceRow, now: Date) {
  const view = {
    id: row.id,
    matchers: row.matchers as string[],
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  return { ...view, state: silenceState(view, now) };
}
export type SilenceView = ReturnType<typeof toView>;

function checked(input: z.output<typeof silenceInputSchema>, actor: Principal, now: Date, id = 'new') {
  const candidate = { id, matchers: input.matchers, startsAt: input.startsAt ?? now.toISOString(), endsAt: input.endsAt, createdBy: actor.email, comment: input.comment };
  const result = validateNewSilence(candidate, now);
  if (!result.ok) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', result.errors);
  return result.silence;
}

export async function createSilence(app: CoreContext, actor: Principal, input: z.output<typeof silenceInputSchema>): Promise<SilenceView> {
  const now = app.clock.now();
  const silence = checked(input, actor, now);
  const row = await app.prisma.$transaction(async (tx) => {
    const created = await tx.silence.create({ data: { matchers: silence.matchers, startsAt: new Date(silence.startsAt), endsAt: new Date(silence.endsAt), createdBy: silence.createdBy, comment: silence.comment } });
    await recordAudit(tx, actor, { action: 'silence.create', targetType: 'silence', targetId: created.id, after: toView(created, now) }, now);
    return created;
  });
  return toView(row, now);
}

export async function listSilences(app: CoreContext, query: z.output<typeof silenceListQuerySchema>): Promise<SilenceView[]> {
  const now = app.clock.now();
  const rows = await app.prisma.silence.findMany({ orderBy: { endsAt: 'desc' }, take: 1000 });
  return rows.map((row) => toView(row, now)).filter((s) => !query.state || s.state === query.state);
}

const uuid = z.uuid();
async function findRow(app: CoreContext, id: string) {
  if (!uuid.safeParse(id).success) throw notFound(`silence ${id}`);
  const row = await app.prisma.silence.findUnique({ where: { id } });
  if (!row) throw notFound(`silence ${id}`);
  return row;
}

export async function getSilence(app: CoreContext, id: string): Promise<SilenceView> {
  return toView(await findRow(app, id), app.clock.now());
}

/** Ends a silence now (Alertmanager's "expire"); an expired silence stays listed. */
export async function expireSilence(app: CoreContext, actor: Principal, id: string): Promise<SilenceView> {
  const now = app.clock.now();
  const before = await findRow(app, id);
  const row = await app.prisma.$transaction(async (tx) => {
    // A silence is active through its endsAt (inclusive, as in Alertmanager): end it just before now.
    const endedAt = new Date(now.getTime() - 1);
    const updated = await tx.silence.update({ where: { id }, data: { endsAt: before.endsAt < endedAt ? before.endsAt : endedAt, startsAt: before.startsAt > endedAt ? endedAt : before.startsAt } });
    await recordAudit(tx, actor, { action: 'silence.expire', targetType: 'silence', targetId: id, before: toView(before, now), after: toView(updated, now) }, now);
    return updated;
  });
  return toView(row, now);
}

/** The silences the dispatcher checks: those not yet expired. */
export async function currentSilences(app: Pick<CoreContext, 'prisma'>, now: Date) {
  const rows = await app.prisma.silence.findMany({ where: { endsAt: { gte: now } } });
  return rows.map((row) => ({ id: row.id, matchers: row.matchers as string[], startsAt: row.startsAt, endsAt: row.endsAt }));
}
