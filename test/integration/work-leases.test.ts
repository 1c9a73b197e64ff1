// Leases that spread rule groups over workers, on a real PostgreSQL: every key held by exactly
// one worker even when they sync at the same moment, fair shares, rebalancing when a worker
// joins, orphans taken when one dies, and the fence that stops a worker that lost its lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/db/client';
import { assertLeaseHeld, LeaseLostError, syncLeases } from '../../lib/worker/work-leases';
import { createTestDatabase, type TestDatabase } from '../support/database';

const KEYS = Array.from({ length: 10 }, (_, i) => `group-${i}`);
const TTL = 8_000;
const t0 = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('work leases', () => {
  let database: TestDatabase;
  const clients: PrismaClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 4; i++) clients.push(createPrismaClient(database.url, 2));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.$disconnect()));
    await database?.drop();
  });

  const sync = (worker: number, at: number, liveWorkers: number, keys = KEYS) =>
    syncLeases(clients[worker]!, { kind: 'rule-group', workerId: `w${worker}`, keys, now: new Date(at), ttlMs: TTL, liveWorkers, orphanAfterMs: TTL });
  const holders = async () => Object.fromEntries((await database.prisma.workLease.findMany({ orderBy: { key: 'asc' } })).map((l) => [l.key, l.workerId]));

  it('three workers syncing at the same moment share the keys, each key held once', async () => {
    const held = await Promise.all([0, 1, 2].map((w) => sync(w, t0, 3)));
    expect(held.map((h) => h.size).sort()).toEqual([2, 4, 4]);
    const all = held.flatMap((h) => [...h.keys()]);
    expect(all.sort()).toEqual([...KEYS].sort());
    const byKey = await holders();
    for (const [w, keys] of held.entries()) for (const key of keys.keys()) expect(byKey[key]).toBe(`w${w}`);
    // First holding of every key: epoch 1.
    expect(held.flatMap((h) => [...h.values()])).toEqual(Array(10).fill(1));
  });

  it('renewing keeps the same keys', async () => {
    const before = await holders();
    await Promise.all([0, 1, 2].map((w) => sync(w, t0 + 2_000, 3)));
    expect(await holders()).toEqual(before);
  });

  it('a fourth worker joining gets a share: the others give back what is above theirs', async () => {
    let now = t0 + 4_000;
    for (let round = 0; round < 3; round++, now += 2_000) {
      for (const w of [0, 1, 2, 3]) await sync(w, now, 4);
    }
    const counts = Object.values(await holders()).reduce<Record<string, number>>((acc, w) => ({ ...acc, [w!]: (acc[w!] ?? 0) + 1 }), {});
    expect(Object.keys(counts).sort()).toEqual(['w0', 'w1', 'w2', 'w3']);
    expect(Math.max(...Object.values(counts))).toBeLessThanOrEqual(3);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('the keys of a worker that stopped renewing are taken by the others once orphaned, even above their share', async () => {
    const last = t0 + 8_000; // the last round above synced at t0 + 8 s
    const dead = Object.entries(await holders()).filter(([, w]) => w === 'w3').map(([k]) => k);
    expect(dead.length).toBeGreaterThan(0);
    // Still counted as live (its heartbeat is not stale yet): shares stay at 3, but orphans are taken anyway.
    const now = last + TTL + TTL + 1;
    for (const w of [0, 1, 2]) await sync(w, now, 4);
    const after = await holders();
    for (const key of dead) expect(['w0', 'w1', 'w2']).toContain(after[key]);
    expect(Object.values(after).every((w) => w !== null && w !== 'w3')).toBe(true);
  });

  it('the fence refuses a worker whose lease expired or was taken, and work begun under an earlier holding', async () => {
    const now = t0 + 30_000;
    const held = await Promise.all([0, 1, 2].map((w) => sync(w, now, 3)));
    const [key, holder] = Object.entries(await holders())[0]!;
    const w = Number(holder!.slice(1));
    const epoch = held[w]!.get(key)!;
    const fence = (workerId: string, e: number, at: number) => database.prisma.$transaction((tx) => assertLeaseHeld(tx, 'rule-group', key, workerId, e, new Date(at)));
    await expect(fence(holder!, epoch, now)).resolves.toBeUndefined();
    const other = holder === 'w0' ? 'w1' : 'w0';
    await expect(fence(other, epoch, now)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(fence(holder!, epoch, now + TTL + 1)).rejects.toBeInstanceOf(LeaseLostError);
    // The holder lets it lapse and takes it again (alone now): a new epoch, and the old one is refused.
    const later = now + 3 * TTL;
    const again = await sync(w, later, 1);
    expect(again.get(key)).toBeGreaterThan(epoch);
    await expect(fence(holder!, again.get(key)!, later)).resolves.toBeUndefined();
    await expect(fence(holder!, epoch, later)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('keys that no longer exist lose their leases', async () => {
    await sync(0, t0 + 40_000, 3, KEYS.slice(0, 3));
    expect(Object.keys(await holders()).sort()).toEqual(KEYS.slice(0, 3));
  });
});
