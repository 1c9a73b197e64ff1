import { ApiError, conflict } from '../http/errors';
import type { AppContext } from '../runtime/app-context';
import type { Role } from './roles';

/** What creating a local account needs. */
export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/**
 * Creates a local account through better-auth's own adapter and password hashing (scrypt), so
 * the user can sign in with better-auth exactly as if they had signed up.
 */
export async function createUser(app: AppContext, input: NewUser): Promise<{ id: string; email: string; role: Role }> {
  const ctx = await app.auth.$context;
  if (await app.prisma.user.findUnique({ where: { email: input.email.toLowerCase() } })) {
    throw conflict(`a user with email ${input.email} already exists`);
  }
  if (input.password.length < 12) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [
      { path: 'password', message: 'must be at least 12 characters' },
    ]);
  }
  const user = await ctx.internalAdapter.createUser(
    { email: input.email.toLowerCase(), name: input.name, emailVerified: true, role: input.role },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(input.password),
  });
  return { id: user.id, email: user.email, role: input.role };
}

/** Claims a one-time flag; false when it was already claimed (by this or another process). */
export async function claimFlag(app: AppContext, key: string): Promise<boolean> {
  const rows = await app.prisma.$executeRaw`INSERT INTO system_flags (key, at) VALUES (${key}, now()) ON CONFLICT DO NOTHING`;
  return rows === 1;
}

export const FIRST_ADMIN_FLAG = 'first-admin-created';

/**
 * True until someone can sign in: the UI then leads to the setup page. The owner of
 * ADMIN_API_TOKEN has no password, so it does not count.
 */
export async function needsFirstAdmin(app: AppContext): Promise<boolean> {
  return (await app.prisma.account.count({ where: { providerId: 'credential' } })) === 0;
}

/** Creates the first admin, once per installation (409 afterwards). */
export async function createFirstAdmin(app: AppContext, input: Omit<NewUser, 'role'>) {
  if (!(await needsFirstAdmin(app)) || !(await claimFlag(app, FIRST_ADMIN_FLAG))) {
    throw conflict('this installation already has an admin; sign in instead');
  }
  return createUser(app, { ...input, role: 'admin' });
}
