import type { Settings } from '../config/env';
import type { Logger } from '../log/logger';
import { redactUrl } from '../log/logger';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations, defaultMigrationPaths } from './migrations';

/** The database this process uses, and how to let go of it at shutdown. */
export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR (started if needed). */
export async function ensureDatabase(settings: Settings, logger: Logger): Promise<DatabaseHandle> {
  if (settings.DATABASE_URL) {
    return { url: settings.DATABASE_URL, embedded: false, release: async () => {} };
  }
  const started = Date.now();
  const handle = await startEmbeddedPostgres({
    dataDir: settings.DATA_DIR,
    port: settings.EMBEDDED_PG_PORT,
    database: 'kubewatch',
    log: (message) => logger.debug({ postgres: message }, 'embedded postgres'),
  });
  logger.info(
    { url: redactUrl(handle.url), dataDir: settings.DATA_DIR, startedHere: handle.owned, ms: Date.now() - started },
    'using embedded PostgreSQL',
  );
  return { url: handle.url, embedded: true, release: () => handle.stop() };
}

/** Applies pending migrations (idempotent; Prisma serialises concurrent runs with a lock). */
export async function migrateDatabase(url: string, logger: Logger, root?: string): Promise<void> {
  const started = Date.now();
  const applied = await applyMigrations(url, defaultMigrationPaths(root));
  logger.info({ applied, ms: Date.now() - started }, applied.length ? 'applied migrations' : 'database schema up to date');
}
