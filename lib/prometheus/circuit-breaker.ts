import { type Clock, systemClock } from '../time/clock';

/**
 * A circuit breaker for one remote endpoint, so that a dead endpoint fails fast instead of
 * making every caller wait for its timeouts.
 *
 * closed    -> every call goes through; `threshold` consecutive counted failures open it.
 * open      -> calls are refused at once until `openMs` have passed.
 * half_open -> exactly one trial call goes through; its success closes the breaker, a counted
 *              failure opens it again for another `openMs`. Other calls are refused meanwhile.
 *
 * Which failures count is the caller's decision (`countsAsFailure`): a failure that proves the
 * endpoint answered (an HTTP 4xx, a bad query) is reported with {@link CircuitBreaker.onSuccess}.
 * Time comes from the injected clock; there are no timers, transitions happen on use.
 */

/** The three states of a breaker. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** What {@link CircuitBreaker.state} reports, e.g. for the UI. */
export interface CircuitSnapshot {
  state: CircuitState;
  /** Counted failures since the last success. */
  consecutiveFailures: number;
  /** When the breaker last opened (while open or half-open). */
  openedAt?: Date;
  /** When an open breaker lets a trial call through. */
  retryAt?: Date;
  /** The failure that opened the breaker (or the last counted failure while closed). */
  lastError?: unknown;
}

/** Options of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive counted failures that open the breaker. Default 3. */
  threshold?: number;
  /** How long the breaker stays open before a trial call. Default 30 000 ms. */
  openMs?: number;
  /** Source of "now". Default the system clock. */
  clock?: Clock;
}

/** The right to make one call; hand it back through onSuccess/onFailure/release exactly once. */
export interface CircuitPermit {
  /** True for the single trial call of a half-open breaker. */
  readonly trial: boolean;
}

/** Why a call was refused: the breaker is open (or half-open with its trial call under way). */
export interface CircuitRejection {
  state: 'open' | 'half_open';
  /** The failure that opened the breaker. */
  lastError: unknown;
  /** When a trial call will be let through (in the past while a trial is under way). */
  retryAt: Date;
}

/** Default number of consecutive counted failures that open a breaker. */
export const DEFAULT_BREAKER_THRESHOLD = 3;
/** Default time a breaker stays open. */
export const DEFAULT_BREAKER_OPEN_MS = 30_000;

interface PermitImpl extends CircuitPermit {
  done: boolean;
}

/** A consecutive-failure circuit breaker with a single half-open trial call. */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly clock: Clock;
  private failures = 0;
  private openedAtMs: number | undefined;
  private lastError: unknown;
  private trialInFlight = false;

  /** Creates a closed breaker. */
  constructor(opts: CircuitBreakerOptions = {}) {
    this.threshold = Math.max(1, Math.floor(opts.threshold ?? DEFAULT_BREAKER_THRESHOLD));
    this.openMs = Math.max(0, opts.openMs ?? DEFAULT_BREAKER_OPEN_MS);
    this.clock = opts.clock ?? systemClock;
  }

  /** The current state; an open breaker whose `openMs` have passed reports `half_open`. */
  state(): CircuitSnapshot {
    const snapshot: CircuitSnapshot = { state: this.currentState(), consecutiveFailures: this.failures };
    if (this.openedAtMs !== undefined) {
      snapshot.openedAt = new Date(this.openedAtMs);
      snapshot.retryAt = new Date(this.openedAtMs + this.openMs);
    }
    if (this.lastError !== undefined) snapshot.lastError = this.lastError;
    return snapshot;
  }

  /** The rejection a call would get now, without taking a permit; undefined when it may go. */
  peek(): CircuitRejection | undefined {
    const state = this.currentState();
    if (state === 'closed') return undefined;
    if (state === 'half_open' && !this.trialInFlight) return undefined;
    return this.rejection(state);
  }

  /** A permit for one call, or the reason it may not go. Half-open: the first caller gets the trial. */
  acquire(): { ok: true; permit: CircuitPermit } | { ok: false; rejection: CircuitRejection } {
    const state = this.currentState();
    if (state === 'closed') return { ok: true, permit: this.permit(false) };
    if (state === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return { ok: true, permit: this.permit(true) };
    }
    return { ok: false, rejection: this.rejection(state) };
  }

  /** The call reached the endpoint (a success, or a failure that does not count): closes the breaker. */
  onSuccess(permit: CircuitPermit): void {
    if (!this.settle(permit)) return;
    if (!permit.trial && this.currentState() !== 'closed') return; // a late straggler does not close an open breaker
    this.failures = 0;
    this.openedAtMs = undefined;
    this.lastError = undefined;
  }

  /** The call failed in a way that counts: may open (or re-open) the breaker. */
  onFailure(permit: CircuitPermit, error: unknown): void {
    if (!this.settle(permit)) return;
    this.failures += 1;
    this.lastError = error;
    if (permit.trial) {
      this.openedAtMs = this.clock.now().getTime();
    } else if (this.openedAtMs === undefined && this.failures >= this.threshold) {
      this.openedAtMs = this.clock.now().getTime();
    }
  }

  /** The call ended without saying anything about the endpoint (it was never sent). */
  release(permit: CircuitPermit): void {
    this.settle(permit);
  }

  private permit(trial: boolean): CircuitPermit {
    const permit: PermitImpl = { trial, done: false };
    return permit;
  }

  private settle(permit: CircuitPermit): boolean {
    const impl = permit as PermitImpl;
    if (impl.done) return false;
    impl.done = true;
    if (permit.trial) this.trialInFlight = false;
    return true;
  }

  private currentState(): CircuitState {
    if (this.openedAtMs === undefined) return 'closed';
    return this.clock.now().getTime() >= this.openedAtMs + this.openMs ? 'half_open' : 'open';
  }

  private rejection(state: 'open' | 'half_open'): CircuitRejection {
    return { state, lastError: this.lastError, retryAt: new Date((this.openedAtMs ?? 0) + this.openMs) };
  }
}
