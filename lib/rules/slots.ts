import { createHash } from 'node:crypto';

/**
 * A stable offset within the interval for a group, from a hash of its id (Prometheus does the
 * same with the group's name and file), so groups with the same interval spread over it instead
 * of all querying at the top of the minute.
 */
export function groupOffsetMs(groupId: string, intervalMs: number): number {
  const hash = createHash('sha256').update(groupId).digest();
  return Number(hash.readBigUInt64BE(0) % BigInt(intervalMs));
}

/** The latest slot at or before `now`: slots are offset + k * interval on the epoch's time line. */
export function latestSlot(nowMs: number, intervalMs: number, offsetMs: number): number {
  return Math.floor((nowMs - offsetMs) / intervalMs) * intervalMs + offsetMs;
}
