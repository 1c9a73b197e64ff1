import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import type { PrismaClient } from '../db/client';

export interface AuthOptions {
  prisma: PrismaClient;
  secret: string;
  baseURL: string;
  /** Sign-in attempts allowed per minute and client address. */
  signInPerMinute: number;
}

/**
 * better-auth for local accounts: email + password (scrypt), sessions in PostgreSQL, a `role`
 * on each user. Sign-up is closed: the first admin comes from the setup page or ADMIN_EMAIL,
 * everyone else is created by an admin.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'Kubewatch',
    database: prismaAdapter(options.prisma, { provider: 'postgresql' }),
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: '/api/auth',
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: {
      additionalFields: { role: { type: 'string', required: false, defaultValue: 'viewer', input: false } },
    },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: options.signInPerMinute } },
    },
    // PUBLIC_URL is trusted by default; also trust the host the request was sent to (its Host
    // header; Next's request.url names its own bind address instead), so http://127.0.0.1:3000
    // works as well as http://localhost:3000. A cross-site request carries the other site's
    // Origin, which never names this host. Both schemes: a TLS proxy may terminate in front.
    trustedOrigins: (request) => {
      const host = request?.headers.get('host');
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
