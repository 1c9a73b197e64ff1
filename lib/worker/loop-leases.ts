// Leases for loops that tick on a long interval (cluster polls, SLO refreshes), where the work is
// an idempotent refresh rather than state transitions: each key is done by one worker per tick,
// spread over the live workers, and a dead worker's keys are picked up at the others' next ticks.
// The rule scheduler uses work-leases directly: it renews every 2 s and fences its writes.

import type { CoreContext } from '../runtime/app-context';
import { countLiveWorkers, releaseLeases, syncLeases } from './work-leases';

export interface LoopLeases {
  /** Of `keys`, those this worker should work on at this tick. */
  mine(keys: readonly string[], now: Date): Promise<Set<string>>;
  /** Gives every lease back (graceful stop), so the others take them at their next tick. */
  release(now: Date): Promise<void>;
}

/**
 * Leases renewed once per tick: valid for one interval plus half of one (at least 5 s more) so a
 * tick that runs a little late keeps them. A dead worker's keys are taken at the others' first
 * tick after they expire once its heartbeat is stale (the fair share then covers them), so within
 * about 2.5 intervals; a key free for a whole interval is anyone's, even above its share. (Not
 * sooner: new keys start free, and the first worker to tick must not take them all.)
 */
export function loopLeases(core: Pick<CoreContext, 'prisma' | 'settings'>, kind: string, workerId: string, intervalMs: number): LoopLeases {
  const ttlMs = intervalMs + Math.max(5_000, Math.floor(intervalMs / 2));
  return {
    async mine(keys, now) {
      const liveWorkers = await countLiveWorkers(core.prisma, now, 3 * core.settings.WORKER_HEARTBEAT_INTERVAL);
      const held = await syncLeases(core.prisma, { kind, workerId, keys, now, ttlMs, liveWorkers, orphanAfterMs: intervalMs });
      return new Set(held.keys());
    },
    release: (now) => releaseLeases(core.prisma, kind, workerId, now),
  };
}
