import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/client';
import { isRole, type Role, weakerRole } from './roles';

const TOKEN_PREFIX = 'kw_';
const LAST_USED_RESOLUTION_MS = 60_000;

/** SHA-256 of a token, the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token: `kw_` + 43 base64url characters (256 bits). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What an API token authenticates as. */
export interface TokenIdentity {
  tokenId: string;
  userId: string;
  email: string;
  role: Role;
}

/**
 * Resolves a bearer token: unknown, revoked or expired tokens give null. Its role is the weaker
 * of the token's and its owner's current role. Records last use at most once a minute.
 */
export async function resolveToken(db: PrismaClient, token: string, now: Date): Promise<TokenIdentity | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!isRole(row.role) || !isRole(row.user.role)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, userId: row.userId, email: row.user.email, role: weakerRole(row.role, row.user.role) };
}

/** Shown to people: enough to recognise a token, useless to use it. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
