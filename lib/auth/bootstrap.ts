import type { AppContext } from '../runtime/app-context';
import { hashToken, tokenPrefix } from './api-tokens';
import { createUser, needsFirstAdmin, claimFlag, FIRST_ADMIN_FLAG } from './users';

const AUTOMATION_EMAIL = 'automation@kubewatch.local';
const BOOTSTRAP_TOKEN_NAME = 'ADMIN_API_TOKEN';

/**
 * Applies ADMIN_EMAIL/ADMIN_PASSWORD (first admin, only while there is no user) and
 * ADMIN_API_TOKEN (that value becomes a valid admin token, stored hashed; a changed value
 * replaces the previous one). Safe to run in every process at every start.
 */
export async function bootstrapAccess(app: AppContext): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_API_TOKEN } = app.settings;
  if (ADMIN_EMAIL && ADMIN_PASSWORD && (await needsFirstAdmin(app)) && (await claimFlag(app, FIRST_ADMIN_FLAG))) {
    await createUser(app, { email: ADMIN_EMAIL, name: 'Admin', password: ADMIN_PASSWORD, role: 'admin' });
    app.logger.info({ email: ADMIN_EMAIL }, 'created the first admin from ADMIN_EMAIL');
  }
  if (!ADMIN_API_TOKEN) return;
  const tokenHash = hashToken(ADMIN_API_TOKEN);
  if (await app.prisma.apiToken.findUnique({ where: { tokenHash } })) return;
  const owner =
    (ADMIN_EMAIL && (await app.prisma.user.findUnique({ where: { email: ADMIN_EMAIL.toLowerCase() } }))) ||
    (await app.prisma.user.findUnique({ where: { email: AUTOMATION_EMAIL } })) ||
    (await app.prisma.user.create({
      // An owner that cannot sign in (no credential account): the token's admin role needs one.
      data: { id: `automation-${Date.now()}`, email: AUTOMATION_EMAIL, name: 'Automation', emailVerified: true, role: 'admin' },
    }));
  const now = app.clock.now();
  await app.prisma.$transaction([
    app.prisma.apiToken.updateMany({ where: { name: BOOTSTRAP_TOKEN_NAME, revokedAt: null }, data: { revokedAt: now } }),
    app.prisma.apiToken.create({
      data: { userId: owner.id, name: BOOTSTRAP_TOKEN_NAME, prefix: tokenPrefix(ADMIN_API_TOKEN), tokenHash, role: 'admin' },
    }),
  ]).catch((error: { code?: string }) => {
    if (error.code !== 'P2002') throw error; // another process stored the same token first
  });
  app.logger.info('ADMIN_API_TOKEN is a valid admin API token');
}
