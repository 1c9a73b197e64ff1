import { ApiError } from '../http/errors';
import type { AppContext } from '../runtime/app-context';
import { resolveToken } from './api-tokens';
import { isRole, type Role } from './roles';

/** Who is making a request: a signed-in user, or an API token acting for its owner. */
export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  email: string;
  role: Role;
  tokenId?: string;
}

/**
 * Authenticates a request: `Authorization: Bearer <token>` when present (a bad one is a 401,
 * never a fallback to the cookie), else the session cookie. Null when neither is there.
 */
export async function authenticate(req: Request, app: AppContext): Promise<Principal | null> {
  const authorization = req.headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <API token>".');
    const identity = await resolveToken(app.prisma, match[1]!, app.clock.now());
    if (!identity) throw new ApiError(401, 'unauthorized', 'The API token is unknown, expired or revoked.');
    return { kind: 'token', ...identity };
  }
  const session = await app.auth.api.getSession({ headers: req.headers });
  if (!session) return null;
  const role = (session.user as { role?: unknown }).role;
  return { kind: 'user', userId: session.user.id, email: session.user.email, role: isRole(role) ? role : 'viewer' };
}
