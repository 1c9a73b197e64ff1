import { recordAudit } from '../audit/record-audit';
import { ApiError, notFound } from '../http/errors';
import type { AppContext } from '../runtime/app-context';
import { generateToken, hashToken, tokenPrefix } from './api-tokens';
import type { Principal } from './principal';
import { allows, type Role, weakerRole } from './roles';

type TokenRow = { id: string; name: string; prefix: string; role: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null; userId: string };

/** A token as listed: never its value, which is shown once at creation. */
export function tokenView(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a personal token for the caller; returns its value once. Tokens cannot create tokens. */
export async function createApiToken(app: AppContext, actor: Principal, input: { name: string; role?: Role; expiresInDays?: number }) {
  if (actor.kind === 'token') throw new ApiError(403, 'forbidden', 'API tokens cannot create tokens; sign in to create one.');
  const role = input.role ?? actor.role;
  if (weakerRole(role, actor.role) !== role) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'role', message: `may not exceed your own role (${actor.role})` }]);
  }
  const token = generateToken();
  const now = app.clock.now();
  const row = await app.prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        name: input.name,
        prefix: tokenPrefix(token),
        tokenHash: hashToken(token),
        role,
        ...(input.expiresInDays ? { expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000) } : {}),
      },
    });
    await recordAudit(tx, actor, { action: 'token.create', targetType: 'token', targetId: created.id, targetName: input.name, after: tokenView(created) }, now);
    return created;
  });
  return { ...tokenView(row), token };
}

/** The caller's tokens (admins may list anyone's with `userId`). */
export async function listApiTokens(app: AppContext, actor: Principal) {
  const rows = await app.prisma.apiToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: 'desc' } });
  return rows.map(tokenView);
}

/** Revokes a token: its owner or an admin. Idempotent. */
export async function revokeApiToken(app: AppContext, actor: Principal, id: string) {
  const row = await app.prisma.apiToken.findUnique({ where: { id } }).catch(() => null);
  if (!row || (row.userId !== actor.userId && !allows(actor.role, 'admin'))) throw notFound(`token ${id}`);
  if (row.revokedAt) return tokenView(row);
  const now = app.clock.now();
  return app.prisma.$transaction(async (tx) => {
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    await recordAudit(tx, actor, { action: 'token.revoke', targetType: 'token', targetId: id, targetName: row.name, before: tokenView(row), after: tokenView(revoked) }, now);
    return tokenView(revoked);
  });
}
