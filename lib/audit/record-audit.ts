import type { Principal } from '../auth/principal';
import type { PrismaClient } from '../db/client';

type Db = Pick<PrismaClient, 'auditEvent'>;

/** One mutation to record: what was done to which object, and what changed. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string;
  targetName?: string;
  /** Only public views go in here: callers never pass secrets. */
  before?: unknown;
  after?: unknown;
}

/** Field-level differences between two public views: { field: { from, to } }. */
export function diffViews(before: unknown, after: unknown, prefix = ''): Record<string, { from: unknown; to: unknown }> {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  // A created or deleted object (one side absent) is listed field by field too.
  const objectOrAbsent = (v: unknown) => v === undefined || v === null || isObject(v);
  if ((isObject(before) || isObject(after)) && objectOrAbsent(before) && objectOrAbsent(after)) {
    before = before ?? {};
    after = after ?? {};
  }
  if (isObject(before) && isObject(after)) {
    const out: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      Object.assign(out, diffViews(before[key], after[key], prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  // Absent and null are the same to a reader.
  return JSON.stringify(before ?? null) === JSON.stringify(after ?? null) ? {} : { [prefix || '(value)']: { from: before ?? null, to: after ?? null } };
}

/** Records who did what, inside the caller's transaction so the audit row and the change agree. */
export async function recordAudit(db: Db, actor: Principal | 'system', entry: AuditEntry, now: Date): Promise<void> {
  const ignored = new Set(['updatedAt', 'createdAt']);
  const diff = Object.fromEntries(
    Object.entries(diffViews(entry.before, entry.after)).filter(([path]) => !ignored.has(path)),
  );
  await db.auditEvent.create({
    data: {
      at: now,
      actorType: actor === 'system' ? 'system' : actor.kind,
      actorId: actor === 'system' ? null : actor.kind === 'token' ? actor.tokenId! : actor.userId,
      actorLabel: actor === 'system' ? 'system' : actor.kind === 'token' ? `${actor.email} (API token)` : actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetName: entry.targetName ?? null,
      diff: diff as object,
    },
  });
}
