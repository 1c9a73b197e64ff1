// Spreads recurring work (rule groups) over the live workers with leases in PostgreSQL: each key
// is held by at most one worker; a worker renews what it holds, takes its fair share of free
// keys (FOR UPDATE SKIP LOCKED, so two workers never take the same one), gives back what is
// above its share when workers join, and anyone takes keys orphaned by a worker that died.
// No consensus protocol: the database's row locks and lease expiry decide.

import type { PrismaClient } from '../db/client';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Db = PrismaClient | Tx;

export interface LeaseSync {
  kind: string;
  workerId: string;
  /** Every key of this kind that exists now (leases of other keys are dropped). */
  keys: readonly string[];
  now: Date;
  ttlMs: number;
  /** How many workers are alive (at least 1), for the fair share. */
  liveWorkers: number;
  /**
   * A lease expired longer than this ago is orphaned (its holder died rather than gave it back):
   * any worker takes it, even above its share, so no work waits for the liveness count to catch up.
   */
  orphanAfterMs: number;
}

/** The lease for `key` is no longer held by this worker: its work must not be written. */
export class LeaseLostError extends Error {
  constructor(kind: string, key: string) {
    super(`lease ${kind}/${key} is no longer held by this worker`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Renews, gives back and takes leases; returns the keys this worker holds afterwards, each with
 * its epoch (the fencing token of this holding: it changes whenever the key is taken).
 */
export async function syncLeases(db: PrismaClient, sync: LeaseSync): Promise<Map<string, number>> {
  const { kind, workerId, keys, now, ttlMs } = sync;
  const until = new Date(now.getTime() + ttlMs);
  await db.$executeRaw`DELETE FROM work_leases WHERE kind = ${kind} AND NOT (key = ANY(${keys as string[]}))`;
  if (keys.length === 0) return new Map();
  // New keys start free, not orphaned: the fair shares take them first.
  await db.$executeRaw`
    INSERT INTO work_leases (kind, key, "workerId", "expiresAt")
    SELECT ${kind}, k, NULL, ${now} FROM unnest(${keys as string[]}::text[]) AS k
    ON CONFLICT (kind, key) DO NOTHING`;

  const renewed = await db.$queryRaw<Array<{ key: string; epoch: number }>>`
    UPDATE work_leases SET "expiresAt" = ${until}
    WHERE kind = ${kind} AND "workerId" = ${workerId} AND "expiresAt" > ${now}
    RETURNING key, epoch`;
  const held = new Map(renewed.map((r) => [r.key, r.epoch]));
  const share = Math.ceil(keys.length / Math.max(1, sync.liveWorkers));

  if (held.size > share) {
    // Workers joined: give back the extra keys (at their next slot the others take them).
    const extra = [...held.keys()].sort().slice(share);
    await db.$executeRaw`
      UPDATE work_leases SET "workerId" = NULL, "expiresAt" = ${now}
      WHERE kind = ${kind} AND "workerId" = ${workerId} AND key = ANY(${extra})`;
    for (const key of extra) held.delete(key);
  }

  const wanted = share - held.size;
  if (wanted > 0) {
    // A locking CTE runs once: `key IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` may be
    // rescanned and take more than n rows when others hold locks.
    const taken = await db.$queryRaw<Array<{ key: string; epoch: number }>>`
      WITH picked AS (
        SELECT key FROM work_leases
        WHERE kind = ${kind} AND ("workerId" IS NULL OR "expiresAt" <= ${now})
        ORDER BY md5(key || ${workerId}) LIMIT ${wanted} FOR UPDATE SKIP LOCKED)
      UPDATE work_leases AS lease SET "workerId" = ${workerId}, "expiresAt" = ${until}, epoch = lease.epoch + 1
      FROM picked WHERE lease.kind = ${kind} AND lease.key = picked.key
      RETURNING lease.key, lease.epoch`;
    for (const { key, epoch } of taken) held.set(key, epoch);
  }

  const orphanedBefore = new Date(now.getTime() - sync.orphanAfterMs);
  const orphans = await db.$queryRaw<Array<{ key: string; epoch: number }>>`
    WITH picked AS (
      SELECT key FROM work_leases
      WHERE kind = ${kind} AND "expiresAt" <= ${orphanedBefore}
      FOR UPDATE SKIP LOCKED)
    UPDATE work_leases AS lease SET "workerId" = ${workerId}, "expiresAt" = ${until}, epoch = lease.epoch + 1
    FROM picked WHERE lease.kind = ${kind} AND lease.key = picked.key
    RETURNING lease.key, lease.epoch`;
  for (const { key, epoch } of orphans) held.set(key, epoch);
  return held;
}

/**
 * Checks inside a transaction that this worker still holds the lease under the same epoch (and
 * keeps it from being taken until the transaction ends), so neither a worker that lost the key
 * without noticing (a long pause) nor work begun before it lost and took the key again can be
 * written over what another holder wrote in between.
 */
export async function assertLeaseHeld(tx: Db, kind: string, key: string, workerId: string, epoch: number, now: Date): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ key: string }>>`
    SELECT key FROM work_leases
    WHERE kind = ${kind} AND key = ${key} AND "workerId" = ${workerId} AND epoch = ${epoch} AND "expiresAt" > ${now}
    FOR SHARE`;
  if (rows.length === 0) throw new LeaseLostError(kind, key);
}

/** Workers whose heartbeat is recent and that did not stop (at least this one). */
export async function countLiveWorkers(db: PrismaClient, now: Date, staleAfterMs: number): Promise<number> {
  const live = await db.workerHeartbeat.count({ where: { stoppedAt: null, lastBeatAt: { gt: new Date(now.getTime() - staleAfterMs) } } });
  return Math.max(1, live);
}

/** Lets go of every lease this worker holds (graceful stop), so others take over at once. */
export async function releaseLeases(db: PrismaClient, kind: string, workerId: string, now: Date): Promise<void> {
  await db.$executeRaw`UPDATE work_leases SET "workerId" = NULL, "expiresAt" = ${now} WHERE kind = ${kind} AND "workerId" = ${workerId}`;
}
