import type { Logger } from '../log/logger';

/**
 * Runs `stop` once on the first SIGTERM/SIGINT, then exits 0 (1 if stop failed). A hard deadline
 * makes sure the process never outlives `deadlineMs`, and a second signal does not restart it.
 */
export function exitGracefullyOnSignal(
  logger: Logger,
  deadlineMs: number,
  stop: (signal: NodeJS.Signals) => Promise<void>,
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.info({ signal }, 'shutdown already in progress');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs }, 'graceful shutdown did not finish in time; exiting');
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    stop(signal).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
