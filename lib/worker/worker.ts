import type { Logger } from '../log/logger';
import type { AppMetrics } from '../metrics/registry';
import type { Clock } from '../time/clock';

/** A piece of periodic work the worker runs: rule evaluation, dispatch, polling, heartbeat. */
export interface WorkerLoop {
  name: string;
  intervalMs: number;
  /** One iteration. `signal` aborts when the worker is stopping; finish or bail out cleanly. */
  run(now: Date, signal: AbortSignal): Promise<void>;
  /** Work the loop started in the background (e.g. per-cluster polls) that a stop waits for. */
  drain?(): Promise<void>;
}

/** Hooks around the worker's lifetime (the heartbeat row). */
export interface WorkerLifecycle {
  onStart(now: Date): Promise<void>;
  onStop(now: Date): Promise<void>;
}

export interface WorkerOptions {
  loops: WorkerLoop[];
  lifecycle: WorkerLifecycle;
  clock: Clock;
  logger: Logger;
  metrics: AppMetrics;
}

/**
 * The worker process's scheduler: runs each loop every interval (never two iterations of one
 * loop at once), and on stop lets in-flight iterations finish before the lifecycle's onStop.
 */
export class Worker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(private readonly options: WorkerOptions) {}

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`worker cannot start from state ${this.state}`);
    await this.options.lifecycle.onStart(this.options.clock.now());
    this.state = 'running';
    for (const loop of this.options.loops) this.runThenSchedule(loop);
    this.options.logger.info({ loops: this.options.loops.map((l) => l.name) }, 'worker started');
  }

  private runThenSchedule(loop: WorkerLoop): void {
    if (this.state !== 'running') return;
    const iteration = this.runOnce(loop).finally(() => {
      this.inFlight.delete(iteration);
      if (this.state !== 'running') return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.runThenSchedule(loop);
      }, loop.intervalMs);
      this.timers.add(timer);
    });
    this.inFlight.add(iteration);
  }

  private async runOnce(loop: WorkerLoop): Promise<void> {
    const { metrics, logger, clock } = this.options;
    const endTimer = metrics.workerLoopDuration.startTimer({ loop: loop.name });
    metrics.workerInFlight.inc({ loop: loop.name });
    try {
      await loop.run(clock.now(), this.abort.signal);
      metrics.workerLoopIterations.inc({ loop: loop.name, outcome: 'ok' });
    } catch (error) {
      metrics.workerLoopIterations.inc({ loop: loop.name, outcome: 'error' });
      if (!this.abort.signal.aborted) logger.warn({ loop: loop.name, err: error }, 'worker loop iteration failed');
    } finally {
      metrics.workerInFlight.dec({ loop: loop.name });
      endTimer();
    }
  }

  /** Stops scheduling, waits up to `timeoutMs` for in-flight iterations, then runs onStop. */
  async stop(timeoutMs: number): Promise<{ drained: boolean }> {
    if (this.state !== 'running') return { drained: true };
    this.state = 'stopping';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    let timeout: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled([...this.inFlight, ...this.options.loops.map((loop) => loop.drain?.())]).then(() => true),
      new Promise<false>((resolve) => (timeout = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timeout);
    this.abort.abort();
    if (!drained) this.options.logger.warn({ inFlight: this.inFlight.size }, 'worker stop timed out; abandoning in-flight work');
    await this.options.lifecycle.onStop(this.options.clock.now());
    this.state = 'stopped';
    this.options.logger.info({ drained }, 'worker stopped');
    return { drained };
  }
}
