// Shared by the db:* scripts: a database to run the schema engine against (DATABASE_URL, or the
// embedded server under DATA_DIR) and a logger on stderr.
import pino from 'pino';
import { ensureDatabase, type DatabaseHandle } from '../lib/db/ensure-database';
import { createLogger } from '../lib/log/logger';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';

export async function withToolDatabase<T>(run: (db: DatabaseHandle) => Promise<T>): Promise<T> {
  const settings = loadSettingsOrExit();
  const logger = createLogger('db', settings.LOG_LEVEL === 'info' ? 'warn' : settings.LOG_LEVEL, pino.destination(2));
  const database = await ensureDatabase(settings, logger);
  try {
    return await run(database);
  } finally {
    await database.release();
  }
}
