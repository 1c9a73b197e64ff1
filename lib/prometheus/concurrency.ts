/**
 * A FIFO concurrency limiter: at most `max` holders at once; further callers wait in arrival
 * order. A waiter gives up (and is removed from the queue) when its own wait budget runs out, so
 * that a call never starts after its deadline has passed.
 */

/** Thrown to a waiter whose wait budget ran out before a slot was free. */
export class QueueTimeoutError extends Error {
  readonly code = 'KUBEWATCH_QUEUE_TIMEOUT';
  /** Creates the error for a waiter that waited `waitedMs` behind `max` holders. */
  constructor(
    readonly waitedMs: number,
    readonly max: number,
  ) {
    super(`no free request slot (${max} in use) within ${waitedMs} ms`);
    this.name = 'QueueTimeoutError';
  }
}

/** Hands a slot back; calling it more than once has no effect. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Default number of concurrent requests per Prometheus client. */
export const DEFAULT_MAX_CONCURRENCY = 4;

/** At most `max` concurrent holders, FIFO queueing, per-waiter deadlines. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];

  /** Creates a limiter for `max` (at least 1) concurrent holders. */
  constructor(readonly max: number = DEFAULT_MAX_CONCURRENCY) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  }

  /** Holders right now. */
  get inFlight(): number {
    return this.active;
  }

  /** Waiters right now. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Takes a slot, waiting at most `maxWaitMs` (Infinity: no limit) in FIFO order. Rejects with
   * {@link QueueTimeoutError} when no slot was free in time; a waiter that gave up never gets one.
   */
  acquire(maxWaitMs = Infinity): Promise<Release> {
    if (this.active < this.max && this.queue.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (maxWaitMs <= 0) return Promise.reject(new QueueTimeoutError(0, this.max));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, timer: undefined };
      if (Number.isFinite(maxWaitMs)) {
        waiter.timer = setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(new QueueTimeoutError(Math.round(maxWaitMs), this.max));
        }, maxWaitMs);
      }
      this.queue.push(waiter);
    });
  }

  /** Runs `task` in a slot (see {@link acquire}); the slot is freed when it settles. */
  async run<T>(task: () => Promise<T>, maxWaitMs = Infinity): Promise<T> {
    const release = await this.acquire(maxWaitMs);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        // The slot passes straight to the next waiter: `active` stays the same.
        clearTimeout(next.timer);
        next.grant(this.releaser());
      } else {
        this.active -= 1;
      }
    };
  }
}
