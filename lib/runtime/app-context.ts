import { createAuth, type Auth } from '../auth/better-auth';
import { parseSettings, publicUrl, type Settings } from '../config/env';
import { loadRootKey } from '../crypto/root-key';
import { deriveKey, SecretBox } from '../crypto/secret-box';
import { db, type PrismaClient } from '../db/client';
import { createLogger, type Logger } from '../log/logger';
import { systemClock, type Clock } from '../time/clock';

/** What the worker and request handlers both need: settings, the database, sealed secrets, time. */
export interface CoreContext {
  settings: Settings;
  prisma: PrismaClient;
  secrets: SecretBox;
  logger: Logger;
  clock: Clock;
  /** The root key, for deriving purpose-specific keys. */
  rootKey: Buffer;
}

/** Everything a request handler needs, built once per process. */
export interface AppContext extends CoreContext {
  auth: Auth;
}

/** Builds the core context from settings, a database client and the root key. */
export async function createCoreContext(settings: Settings, prisma: PrismaClient, logger: Logger): Promise<CoreContext> {
  const { key } = await loadRootKey(settings.ENCRYPTION_KEY, settings.DATA_DIR);
  return { settings, prisma, secrets: new SecretBox(key, settings.ENCRYPTION_KEYS_PREVIOUS ?? []), logger, clock: systemClock, rootKey: key };
}

/** Builds the web context: the core plus better-auth. */
export async function createAppContext(settings: Settings, prisma: PrismaClient, logger: Logger): Promise<AppContext> {
  const core = await createCoreContext(settings, prisma, logger);
  const key = core.rootKey;
  return {
    ...core,
    auth: createAuth({
      prisma,
      secret: deriveKey(key, 'auth-secret').toString('base64'),
      baseURL: publicUrl(settings),
      signInPerMinute: 20,
    }),
  };
}

const KEY = Symbol.for('kubewatch.appContext');
type WithContext = typeof globalThis & { [KEY]?: Promise<AppContext> };

/** The web process's context (route handlers share it through globalThis across Next bundles). */
export function appContext(): Promise<AppContext> {
  const holder = globalThis as WithContext;
  holder[KEY] ??= (async () => {
    const settings = parseSettings(process.env);
    return createAppContext(settings, db(), createLogger('web', settings.LOG_LEVEL));
  })();
  return holder[KEY];
}
