// The web process: Next.js (UI + REST API) behind a plain Node HTTP server, so that every
// request is timed by route pattern and SIGTERM drains in-flight requests before exit.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { bootstrapAccess } from '../lib/auth/bootstrap';
import { closeDb } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/ensure-database';
import { loadRouteLabeler } from '../lib/http/route-label';
import { routeConsoleToLogger } from '../lib/log/console-to-logger';
import { createLogger } from '../lib/log/logger';
import { appMetrics } from '../lib/metrics/registry';
import { appContext } from '../lib/runtime/app-context';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';
import { exitGracefullyOnSignal } from '../lib/runtime/shutdown';
import { failStartup } from '../lib/runtime/fail-startup';
import { projectRoot } from './project-root';

/** The config `next build` recorded, so the server needs neither next.config.js nor its imports. */
function builtNextConfig(root: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path.join(root, '.next', 'required-server-files.json'), 'utf8')).config;
  } catch {
    return undefined;
  }
}

async function runWeb(): Promise<void> {
  const settings = loadSettingsOrExit();
  const logger = createLogger('web', settings.LOG_LEVEL);
  routeConsoleToLogger(logger.child({ source: 'console' }));
  const root = projectRoot();
  const database = await ensureDatabase(settings, logger);
  process.env.DATABASE_URL = database.url; // read by route handlers through lib/db/client
  if (!process.env.KUBEWATCH_MIGRATIONS_APPLIED) await migrateDatabase(database.url, logger, root);
  await bootstrapAccess(await appContext());

  const conf = builtNextConfig(root);
  if (conf) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);
  const app = next({ dev: false, dir: root, hostname: settings.HOST, port: settings.PORT, ...(conf ? { conf } : {}) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const routeOf = loadRouteLabeler(root);
  const { httpRequestDuration } = appMetrics();

  const server = http.createServer((req, res) => {
    const endTimer = httpRequestDuration.startTimer();
    res.once('finish', () => {
      // The path only: query strings are not logged.
      const pathname = (req.url ?? '/').split('?')[0]!;
      const labels = { method: req.method ?? 'GET', route: routeOf(pathname), status: String(res.statusCode) };
      const seconds = endTimer(labels);
      if (!pathname.startsWith('/_next/')) {
        logger.info({ ...labels, path: pathname, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
    handle(req, res).catch((error: unknown) => {
      // A visitor who leaves while a page still streams in (behind its loading skeleton) aborts
      // the request: not a server error, and there is nobody left to answer.
      if (req.destroyed || res.destroyed || (error as NodeJS.ErrnoException | null)?.code === 'ECONNRESET') {
        logger.info({ path: (req.url ?? '/').split('?')[0], reason: error instanceof Error ? error.message : String(error) }, 'client closed the connection before the response was complete');
        return;
      }
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, settings.HOST, resolve);
  });
  logger.info({ url: `http://${settings.HOST}:${settings.PORT}`, embeddedDb: database.embedded }, 'web server listening');

  exitGracefullyOnSignal(logger, settings.SHUTDOWN_TIMEOUT + 1000, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), settings.SHUTDOWN_TIMEOUT).unref()),
    ]);
    if (!drained) {
      logger.warn('in-flight requests did not finish in time; closing their connections');
      server.closeAllConnections();
    }
    await closeDb();
    await database.release();
  });
}

runWeb().catch(failStartup('web'));
