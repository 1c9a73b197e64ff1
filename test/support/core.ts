import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { type AppContext, createCoreContext } from '../../lib/runtime/app-context';
import { createTestDatabase, type TestDatabase } from './database';

/** A migrated test database with the worker's context over it (what lib/ functions take). */
export interface TestCore {
  database: TestDatabase;
  /**
   * Typed as the web's context so the same object serves functions of either side; `auth` is
   * absent, so only what the worker has may be used.
   */
  core: AppContext;
  close(): Promise<void>;
}

/** `settings` are environment-style values added to the required ones (e.g. CLUSTER_POLL_INTERVAL). */
export async function createTestCore(name: string, settings: Record<string, string> = {}): Promise<TestCore> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), `kubewatch-${name}-`));
  const core = await createCoreContext(
    parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...settings }),
    database.prisma,
    createLogger('test', 'error'),
  );
  return {
    database,
    core: core as AppContext,
    async close() {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
