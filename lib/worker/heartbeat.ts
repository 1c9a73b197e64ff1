import type { PrismaClient } from '../db/client';

/** Identity of one worker process as recorded in worker_heartbeats. */
export interface WorkerIdentity {
  id: string;
  hostname: string;
  pid: number;
  version: string;
}

/** Records that a worker started (or restarted under the same id). */
export async function recordWorkerStart(db: PrismaClient, worker: WorkerIdentity, now: Date): Promise<void> {
  const row = { ...worker, startedAt: now, lastBeatAt: now, stoppedAt: null };
  await db.workerHeartbeat.upsert({ where: { id: worker.id }, create: row, update: row });
}

/** Records that a worker is alive at `now`. */
export async function recordWorkerBeat(db: PrismaClient, workerId: string, now: Date): Promise<void> {
  await db.workerHeartbeat.update({ where: { id: workerId }, data: { lastBeatAt: now } });
}

/** Records a graceful stop, so the UI can tell a stopped worker from a crashed one. */
export async function recordWorkerStop(db: PrismaClient, workerId: string, now: Date): Promise<void> {
  await db.workerHeartbeat.update({ where: { id: workerId }, data: { lastBeatAt: now, stoppedAt: now } });
}

/** Workers that beat within `staleAfterMs` of `now` and have not stopped. */
export function liveWorkers(db: PrismaClient, now: Date, staleAfterMs: number) {
  return db.workerHeartbeat.findMany({
    where: { stoppedAt: null, lastBeatAt: { gte: new Date(now.getTime() - staleAfterMs) } },
    orderBy: { startedAt: 'asc' },
  });
}
