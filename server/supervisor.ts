// `npm start`: one command for a whole installation. Starts (or reuses) the database, applies
// migrations once, then runs the web and worker processes, restarting one that crashes, and
// stops everything in order on SIGTERM/SIGINT.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoClusterCount, type Settings } from '../lib/config/env';
import { createPrismaClient } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/ensure-database';
import { startAndRegisterDemo } from '../lib/demo-runtime';
import { createCoreContext } from '../lib/runtime/app-context';
import { routeConsoleToLogger } from '../lib/log/console-to-logger';
import { createLogger, type Logger } from '../lib/log/logger';
import { failStartup } from '../lib/runtime/fail-startup';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';
import { exitGracefullyOnSignal } from '../lib/runtime/shutdown';
import { projectRoot } from './project-root';

const EX_CONFIG = 78;
const MAX_BACKOFF_MS = 30_000;

/** Simulated clusters for a local try-out (DEMO_CLUSTERS; off with DATABASE_URL by default). */
async function startDemo(settings: Settings, databaseUrl: string, logger: Logger) {
  const count = demoClusterCount(settings);
  if (count === 0) return null;
  // The database is needed only to register them.
  const prisma = createPrismaClient(databaseUrl, 2);
  try {
    return await startAndRegisterDemo(await createCoreContext(settings, prisma, createLogger('demo', settings.LOG_LEVEL)), count);
  } catch (error) {
    logger.error({ err: error }, 'demo clusters failed to start');
    return null;
  } finally {
    await prisma.$disconnect();
  }
}

async function runSupervisor(): Promise<void> {
  const settings = loadSettingsOrExit();
  const logger = createLogger('supervisor', settings.LOG_LEVEL);
  routeConsoleToLogger(logger.child({ source: 'console' }));
  const database = await ensureDatabase(settings, logger);
  await migrateDatabase(database.url, logger, projectRoot());

  const here = path.dirname(fileURLToPath(import.meta.url));
  const childEnv = { ...process.env, DATABASE_URL: database.url, KUBEWATCH_MIGRATIONS_APPLIED: '1' };
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const launch = (name: 'web' | 'worker', failures = 0) => {
    const child = spawn(process.execPath, [path.join(here, `${name}.js`)], { env: childEnv, stdio: 'inherit' });
    const startedAt = Date.now();
    children.set(name, child);
    child.once('exit', (code, signal) => {
      children.delete(name);
      if (stopping) return;
      if (code === EX_CONFIG) {
        logger.fatal({ child: name }, 'invalid configuration; stopping');
        process.kill(process.pid, 'SIGTERM');
        return;
      }
      // A child that ran for a minute gets a fresh backoff.
      const attempt = Date.now() - startedAt > 60_000 ? 0 : failures + 1;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempt - 1));
      logger.error({ child: name, code, signal, restartInMs: delay }, 'process exited unexpectedly; restarting');
      setTimeout(() => !stopping && launch(name, attempt), delay);
    });
  };
  launch('web');
  launch('worker');

  const demo = await startDemo(settings, database.url, logger);

  exitGracefullyOnSignal(logger, settings.SHUTDOWN_TIMEOUT + 2500, async () => {
    stopping = true;
    const exits = [...children.entries()].map(
      ([name, child]) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => {
            logger.warn({ child: name }, 'process did not stop in time; killing it');
            child.kill('SIGKILL');
          }, settings.SHUTDOWN_TIMEOUT + 1200);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
    await demo?.stop();
    await database.release();
  });
}

runSupervisor().catch(failStartup('supervisor'));
