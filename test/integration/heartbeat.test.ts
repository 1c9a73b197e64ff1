import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveWorkers, recordWorkerBeat, recordWorkerStart, recordWorkerStop } from '../../lib/worker/heartbeat';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('worker heartbeat rows', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const t = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, seconds));

  it('records start, beats and a graceful stop; liveness follows the last beat', async () => {
    const a = { id: 'host-a-1', hostname: 'host-a', pid: 1, version: '0.1.0' };
    const b = { id: 'host-b-2', hostname: 'host-b', pid: 2, version: '0.1.0' };
    await recordWorkerStart(database.prisma, a, t(0));
    await recordWorkerStart(database.prisma, b, t(1));
    await recordWorkerBeat(database.prisma, a.id, t(20));

    expect((await liveWorkers(database.prisma, t(25), 30_000)).map((w) => w.id)).toEqual(['host-a-1', 'host-b-2']);
    // b stopped beating at 1s: after 30s of silence it no longer counts as live.
    expect((await liveWorkers(database.prisma, t(40), 30_000)).map((w) => w.id)).toEqual(['host-a-1']);

    await recordWorkerStop(database.prisma, a.id, t(41));
    expect(await liveWorkers(database.prisma, t(42), 30_000)).toEqual([]);
    const row = await database.prisma.workerHeartbeat.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.stoppedAt?.toISOString()).toBe(t(41).toISOString());
    expect(row.startedAt.toISOString()).toBe(t(0).toISOString());
  });

  it('a restart under the same id clears the stop mark', async () => {
    const c = { id: 'host-c-3', hostname: 'host-c', pid: 3, version: '0.1.0' };
    await recordWorkerStart(database.prisma, c, t(0));
    await recordWorkerStop(database.prisma, c.id, t(5));
    await recordWorkerStart(database.prisma, c, t(10));
    const row = await database.prisma.workerHeartbeat.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.stoppedAt).toBeNull();
    expect(row.startedAt.toISOString()).toBe(t(10).toISOString());
  });
});
