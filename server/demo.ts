// `npm run demo`: simulated clusters on loopback (a synthetic exporter scraped by a real
// Prometheus, and Kubernetes API stand-ins), registered in the database the app uses.
// Runs until SIGTERM/SIGINT.
import { demoClusterCount } from '../lib/config/env';
import { createPrismaClient } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/ensure-database';
import { startAndRegisterDemo } from '../lib/demo-runtime';
import { routeConsoleToLogger } from '../lib/log/console-to-logger';
import { createLogger } from '../lib/log/logger';
import { createCoreContext } from '../lib/runtime/app-context';
import { failStartup } from '../lib/runtime/fail-startup';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';
import { exitGracefullyOnSignal } from '../lib/runtime/shutdown';
import { projectRoot } from './project-root';

async function runDemo(): Promise<void> {
  const settings = loadSettingsOrExit();
  const logger = createLogger('demo', settings.LOG_LEVEL);
  routeConsoleToLogger(logger.child({ source: 'console' }));
  const database = await ensureDatabase(settings, logger);
  await migrateDatabase(database.url, logger, projectRoot());
  const prisma = createPrismaClient(database.url, 2);
  const core = await createCoreContext(settings, prisma, logger);
  const demo = await startAndRegisterDemo(core, demoClusterCount(settings) || 3).finally(() => prisma.$disconnect()); // only needed to register
  if (!demo) process.exit(1);
  exitGracefullyOnSignal(logger, settings.SHUTDOWN_TIMEOUT + 1000, async () => {
    await demo.stop();
    await database.release();
  });
}

runDemo().catch(failStartup('demo'));
