import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log/logger';
import { appMetrics } from '../../lib/metrics/registry';
import { Worker, type WorkerLoop } from '../../lib/worker/worker';

const silent = createLogger('test', 'silent', new Writable({ write: (_c, _e, done) => done() }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fixedClock(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function makeWorker(loops: WorkerLoop[], events: string[], clock = fixedClock(1_000_000)) {
  return new Worker({
    loops,
    clock,
    logger: silent,
    metrics: appMetrics(),
    lifecycle: {
      onStart: async (now) => void events.push(`start@${now.getTime()}`),
      onStop: async (now) => void events.push(`stop@${now.getTime()}`),
    },
  });
}

describe('Worker', () => {
  it('runs each loop right away and then every interval, passing the clock time', async () => {
    const times: number[] = [];
    const events: string[] = [];
    const clock = fixedClock(5_000);
    const worker = makeWorker(
      [{ name: 'tick', intervalMs: 20, run: async (now) => void (times.push(now.getTime()), clock.advance(1000)) }],
      events,
      clock,
    );
    await worker.start();
    await sleep(110);
    await worker.stop(1000);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.slice(0, 3)).toEqual([5_000, 6_000, 7_000]);
    expect(events[0]).toBe('start@5000');
    expect(events.at(-1)).toMatch(/^stop@/);
  });

  it('never overlaps iterations of one loop', async () => {
    let running = 0;
    let maxRunning = 0;
    const worker = makeWorker(
      [
        {
          name: 'slow',
          intervalMs: 1,
          run: async () => {
            running++;
            maxRunning = Math.max(maxRunning, running);
            await sleep(15);
            running--;
          },
        },
      ],
      [],
    );
    await worker.start();
    await sleep(80);
    await worker.stop(1000);
    expect(maxRunning).toBe(1);
  });

  it('lets an in-flight iteration finish before onStop, then schedules nothing', async () => {
    const events: string[] = [];
    const worker = makeWorker(
      [
        {
          name: 'job',
          intervalMs: 10,
          run: async () => {
            events.push('job-begin');
            await sleep(100);
            events.push('job-end');
          },
        },
      ],
      events,
    );
    await worker.start();
    await sleep(20);
    const result = await worker.stop(2000);
    expect(result.drained).toBe(true);
    expect(events).toEqual(['start@1000000', 'job-begin', 'job-end', 'stop@1000000']);
    await sleep(50);
    expect(events.filter((e) => e === 'job-begin')).toHaveLength(1);
  });

  it('gives up on in-flight work after the timeout and aborts its signal', async () => {
    const events: string[] = [];
    let aborted = false;
    const worker = makeWorker(
      [
        {
          name: 'stuck',
          intervalMs: 10,
          run: (_now, signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                resolve();
              });
            }),
        },
      ],
      events,
    );
    await worker.start();
    const started = Date.now();
    const result = await worker.stop(100);
    expect(result.drained).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aborted).toBe(true);
    expect(events.at(-1)).toMatch(/^stop@/);
  });

  it('counts failed iterations and keeps running the loop', async () => {
    let calls = 0;
    const metrics = appMetrics();
    const before = (await metrics.workerLoopIterations.get()).values.find(
      (v) => v.labels.loop === 'flaky' && v.labels.outcome === 'error',
    )?.value ?? 0;
    const worker = makeWorker(
      [
        {
          name: 'flaky',
          intervalMs: 5,
          run: async () => {
            calls++;
            if (calls % 2 === 1) throw new Error('boom');
          },
        },
      ],
      [],
    );
    await worker.start();
    await sleep(60);
    await worker.stop(1000);
    const errors = (await metrics.workerLoopIterations.get()).values.find(
      (v) => v.labels.loop === 'flaky' && v.labels.outcome === 'error',
    )!.value;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(errors - before).toBe(Math.ceil(calls / 2));
  });

  it('waits for work a loop started in the background (drain) before onStop', async () => {
    const events: string[] = [];
    let background: Promise<void> | undefined;
    const worker = makeWorker(
      [
        {
          name: 'launcher',
          intervalMs: 1000,
          run: async () => {
            background ??= sleep(80).then(() => void events.push('background-done'));
          },
          drain: () => background ?? Promise.resolve(),
        },
      ],
      events,
    );
    await worker.start();
    await sleep(10);
    await worker.stop(2000);
    expect(events).toEqual(['start@1000000', 'background-done', 'stop@1000000']);
  });
});
