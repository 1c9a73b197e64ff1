// Loading promtool input series into a real Prometheus 2.42 through remote write: values, gaps,
// staleness markers and the 5m lookback must look exactly as promtool's own run of upstream
// unittest.yml (first test group) expects, and a day of data must stay queryable.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPrometheus, startLocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { RemoteWriteClient } from '../../lib/prometheus/remote-write';
import { type Sample, checkPromqlExprTest } from '../../lib/promtool/compare';
import { labelsFromRecord } from '../../lib/promtool/labels';
import { createSeriesLoader, createSeriesLoaderFromInput } from '../../lib/promtool/load-series';
import { loadInputSeries } from '../../lib/promtool/series-notation';
import { readTestFile } from '../../lib/promtool/test-file';

const UNITTEST_YML = path.resolve(import.meta.dirname, '../fixtures/conformance/promtool/upstream-v2.42.0/cmd-promtool-testdata/unittest.yml');

const started: LocalPrometheus[] = [];
async function prometheus(): Promise<LocalPrometheus> {
  const instance = await startLocalPrometheus();
  started.push(instance);
  console.log(`prometheus ready in ${instance.startupMs} ms`);
  return instance;
}
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
});

function parseValue(text: string): number {
  return text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
}

/** An instant query over HTTP, as promtool's query() sees the result (a scalar is one unlabeled sample). */
async function query(prom: LocalPrometheus, expr: string, timeMs: number): Promise<Sample[]> {
  const url = `${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeMs / 1000}`;
  const body = (await (await fetch(url)).json()) as {
    status: string;
    error?: string;
    data: { resultType: string; result: unknown };
  };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  if (body.data.resultType === 'scalar') return [{ labels: [], value: parseValue((body.data.result as [number, string])[1]) }];
  return (body.data.result as { metric: Record<string, string>; value: [number, string] }[]).map((s) => ({
    labels: labelsFromRecord(s.metric),
    value: parseValue(s.value[1]),
  }));
}

const values = (samples: Sample[]) => samples.map((s) => s.value);

describe('input series written to a real Prometheus', () => {
  let prom: LocalPrometheus;
  beforeAll(async () => {
    prom = await prometheus();
  });

  it("matches promtool's expectations for unittest.yml's first test group", async () => {
    const file = readTestFile(UNITTEST_YML);
    const group = file.tests[0]!;
    const loader = createSeriesLoaderFromInput(group.inputSeries, group.intervalMs, new RemoteWriteClient(prom.url));
    // promtool loads samples up to each evaluation time, 0 to the last eval_time in steps of E.
    const lastEval = Math.max(...group.promqlExprTests.map((t) => t.evalTimeMs));
    for (let t = 0; t <= lastEval; t += file.evaluationIntervalMs) await loader.writeUntil(t);

    for (const test of group.promqlExprTests) {
      expect(checkPromqlExprTest(test, await query(prom, test.expr, test.evalTimeMs)), `${test.expr} at ${test.evalTimeMs} ms`).toBeUndefined();
    }
    // The same, spelled out: sample times, staleness at once, 5m lookback closed on the left.
    expect(values(await query(prom, 'timestamp(test_full)', 0))).toEqual([0]);
    expect(values(await query(prom, 'timestamp(test_full)', 60_000))).toEqual([60]);
    expect(values(await query(prom, 'timestamp(test_full)', 120_000))).toEqual([60]);
    expect(await query(prom, 'test_stale', 59_000)).toEqual([{ labels: [{ name: '__name__', value: 'test_stale' }], value: 0 }]);
    expect(await query(prom, 'test_stale', 60_000)).toEqual([]);
    expect(values(await query(prom, 'timestamp(test_missing)', 300_000))).toEqual([0]);
    expect(await query(prom, 'timestamp(test_missing)', 301_000)).toEqual([]);
    // The stale marker is stored but never counted as a sample.
    expect(values(await query(prom, 'count_over_time(test_stale[10m])', 120_000))).toEqual([1]);
  });

  it('writes gaps and stale markers of a longer series in time order', async () => {
    const series = loadInputSeries([{ series: 'gappy{job="x"}', values: '1 _ 3 stale _x2 7+1x2' }], 60_000);
    const loader = createSeriesLoader(series, new RemoteWriteClient(prom.url));
    expect(await loader.writeUntil(600_000)).toBe(6);
    expect(loader.pendingSamples).toBe(0);
    expect(values(await query(prom, 'gappy', 60_000))).toEqual([1]); // the gap at 1m: lookback finds 0m
    expect(values(await query(prom, 'gappy', 179_000))).toEqual([3]);
    expect(await query(prom, 'gappy', 180_000)).toEqual([]); // stale from 3m
    expect(await query(prom, 'gappy', 300_000)).toEqual([]);
    expect(values(await query(prom, 'gappy', 360_000))).toEqual([7]);
    expect(values(await query(prom, 'count_over_time(gappy[1h])', 600_000))).toEqual([5]);
  });
});

describe('a day of samples', () => {
  it('stays queryable through head compaction', async () => {
    const prom = await prometheus();
    const loader = createSeriesLoaderFromInput([{ series: 'up{job="prometheus", instance="localhost:9090"}', values: '0+0x1440' }], 60_000, new RemoteWriteClient(prom.url));
    const day = 86_400_000;
    const started = performance.now();
    for (let t = 0; t <= day; t += 60_000) await loader.writeUntil(t); // one request per evaluation, like promtool
    console.log(`1441 incremental writes took ${Math.round(performance.now() - started)} ms`);

    const countAt = async (t: number) => values(await query(prom, 'count_over_time(up[1d])', t));
    expect(await countAt(day)).toEqual([1441]);
    // The head now spans a day, more than 1.5 x its 2h chunk range: Prometheus compacts the old
    // part into blocks (seen within a second or two). Wait for that, then read everything again.
    const blocks = () => readdirSync(prom.dataDir).filter((name) => /^[0-9A-Z]{26}$/.test(name));
    const deadline = Date.now() + 20_000;
    while (blocks().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const head = (await (await fetch(`${prom.url}/api/v1/status/tsdb`)).json()) as { data: { headStats: { minTime: number; maxTime: number } } };
    console.log(`after compaction: ${blocks().length} blocks, head ${head.data.headStats.minTime}..${head.data.headStats.maxTime} ms`);
    expect(blocks().length).toBeGreaterThan(0);
    expect(await countAt(day)).toEqual([1441]);
    expect(values(await query(prom, 'count_over_time(up[2h])', 7_200_000))).toEqual([121]);
    expect(values(await query(prom, 'timestamp(up)', 0))).toEqual([0]);
    expect(values(await query(prom, 'timestamp(up)', 43_200_000))).toEqual([43_200]);

    // Samples older than the head's newest minus 1h are refused: a Prometheus holds one load.
    await expect(new RemoteWriteClient(prom.url).write([{ labels: [{ name: '__name__', value: 'late' }], samples: [{ timestampMs: 0, value: 1 }] }])).rejects.toThrow(
      'HTTP 400: out of bounds',
    );
  });
});

describe('throughput', () => {
  it('writes 100,000 samples (100 series x 1000) in time-ordered batches', async () => {
    const prom = await prometheus();
    const input = Array.from({ length: 100 }, (_, i) => ({ series: `load_test{i="${i}"}`, values: '0+1x999' }));
    const loader = createSeriesLoaderFromInput(input, 60_000, new RemoteWriteClient(prom.url));
    const started = performance.now();
    expect(await loader.writeUntil(Number.MAX_SAFE_INTEGER)).toBe(100_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`wrote 100000 samples in ${Math.round(seconds * 1000)} ms (${Math.round(100_000 / seconds)} samples/s)`);
    expect(values(await query(prom, 'sum(count_over_time(load_test[1d]))', 999 * 60_000))).toEqual([100_000]);
    expect(values(await query(prom, 'sum(load_test)', 999 * 60_000))).toEqual([999 * 100]);
  });
});
