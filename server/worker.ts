// The worker process: polls clusters, evaluates alert rules and dispatches notifications; a
// heartbeat row in the database, its own /metrics, and a graceful stop.
import http from 'node:http';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createClusterPoller } from '../lib/collect/cluster-poller';
import { createRuleScheduler } from '../lib/rules/rule-scheduler';
import { createDispatcherLoop } from '../lib/notify/dispatch/dispatcher-loop';
import { createSloStatusLoop } from '../lib/slo/service/slo-status-loop';
import { createPrismaClient } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/ensure-database';
import { routeConsoleToLogger } from '../lib/log/console-to-logger';
import { createLogger } from '../lib/log/logger';
import { appMetrics } from '../lib/metrics/registry';
import { createCoreContext } from '../lib/runtime/app-context';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';
import { exitGracefullyOnSignal } from '../lib/runtime/shutdown';
import { systemClock } from '../lib/time/clock';
import { recordWorkerBeat, recordWorkerStart, recordWorkerStop } from '../lib/worker/heartbeat';
import { Worker } from '../lib/worker/worker';
import { failStartup } from '../lib/runtime/fail-startup';
import { projectRoot } from './project-root';

declare const __APP_VERSION__: string | undefined;

function serveWorkerMetrics(host: string, port: number): Promise<http.Server> {
  const { registry } = appMetrics();
  const server = http.createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(await registry.metrics());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function runWorker(): Promise<void> {
  const settings = loadSettingsOrExit();
  const logger = createLogger('worker', settings.LOG_LEVEL);
  routeConsoleToLogger(logger.child({ source: 'console' }));
  const database = await ensureDatabase(settings, logger);
  if (!process.env.KUBEWATCH_MIGRATIONS_APPLIED) await migrateDatabase(database.url, logger, projectRoot());
  const prisma = createPrismaClient(database.url, 5);
  const metrics = appMetrics();
  const core = await createCoreContext(settings, prisma, logger);
  const identity = {
    id: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    pid: process.pid,
    version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev',
  };

  const worker = new Worker({
    clock: systemClock,
    logger: logger.child({ workerId: identity.id }),
    metrics,
    lifecycle: {
      onStart: (now) => recordWorkerStart(prisma, identity, now),
      onStop: (now) => recordWorkerStop(prisma, identity.id, now),
    },
    loops: [
      {
        name: 'heartbeat',
        intervalMs: settings.WORKER_HEARTBEAT_INTERVAL,
        run: async (now) => {
          await recordWorkerBeat(prisma, identity.id, now);
          metrics.workerLastHeartbeat.set(now.getTime() / 1000);
        },
      },
      createClusterPoller(core, { workerId: identity.id }),
      createRuleScheduler(core, { workerId: identity.id }),
      createDispatcherLoop(core),
      createSloStatusLoop(core, { workerId: identity.id }),
    ],
  });
  await worker.start();
  const metricsServer =
    settings.WORKER_METRICS_PORT > 0 ? await serveWorkerMetrics(settings.HOST, settings.WORKER_METRICS_PORT) : undefined;
  if (metricsServer) logger.info({ port: settings.WORKER_METRICS_PORT }, 'worker metrics listening');

  exitGracefullyOnSignal(logger, settings.SHUTDOWN_TIMEOUT + 1000, async () => {
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    await worker.stop(settings.SHUTDOWN_TIMEOUT);
    await prisma.$disconnect();
    await database.release();
  });
}

runWorker().catch(failStartup('worker'));
