import { recordAudit } from '../audit/record-audit';
import { ApiError, notFound } from '../http/errors';
import type { AppContext } from '../runtime/app-context';
import type { Principal } from './principal';
import type { Role } from './roles';
import { createUser, type NewUser } from './users';

type UserRow = { id: string; email: string; name: string; role: string; createdAt: Date };

/** A user as listed (never a password hash or session). */
export function userView(row: UserRow) {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt.toISOString() };
}

export async function listUsers(app: AppContext) {
  return (await app.prisma.user.findMany({ orderBy: { email: 'asc' } })).map(userView);
}

/** An admin creates an account. */
export async function addUser(app: AppContext, actor: Principal, input: NewUser) {
  const created = await createUser(app, input);
  const row = await app.prisma.user.findUniqueOrThrow({ where: { id: created.id } });
  await recordAudit(app.prisma, actor, { action: 'user.create', targetType: 'user', targetId: row.id, targetName: row.email, after: userView(row) }, app.clock.now());
  return userView(row);
}

async function assertAnotherAdminRemains(app: AppContext, userId: string) {
  const admins = await app.prisma.user.count({ where: { role: 'admin', id: { not: userId } } });
  if (admins === 0) throw new ApiError(409, 'conflict', 'this is the last admin; make someone else admin first');
}

/** Changes a user's role (never leaving the installation without an admin). */
export async function setUserRole(app: AppContext, actor: Principal, id: string, role: Role) {
  const before = await app.prisma.user.findUnique({ where: { id } });
  if (!before) throw notFound(`user ${id}`);
  if (before.role === 'admin' && role !== 'admin') await assertAnotherAdminRemains(app, id);
  const after = await app.prisma.user.update({ where: { id }, data: { role } });
  await recordAudit(app.prisma, actor, { action: 'user.update', targetType: 'user', targetId: id, targetName: after.email, before: userView(before), after: userView(after) }, app.clock.now());
  return userView(after);
}

/** Deletes a user with their sessions and tokens (never the last admin). */
export async function removeUser(app: AppContext, actor: Principal, id: string) {
  const row = await app.prisma.user.findUnique({ where: { id } });
  if (!row) throw notFound(`user ${id}`);
  if (row.role === 'admin') await assertAnotherAdminRemains(app, id);
  await app.prisma.$transaction(async (tx) => {
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'user.delete', targetType: 'user', targetId: id, targetName: row.email, before: userView(row) }, app.clock.now());
  });
}

/** The newest audit events first, a page at a time. */
export async function listAuditEvents(app: AppContext, query: { limit: number; before?: bigint }) {
  const rows = await app.prisma.auditEvent.findMany({
    where: query.before ? { id: { lt: query.before } } : {},
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  return {
    items: rows.map((row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() })),
    nextBefore: rows.length === query.limit ? rows.at(-1)!.id.toString() : null,
  };
}
