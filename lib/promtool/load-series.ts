/**
 * Incremental loading of a test group's input series into a real Prometheus through remote
 * write, as promtool 2.42 loads them: before evaluating at time T it appends every sample at or
 * before T ("WithSamplesTill"). Samples go out in time order across all series, so each request
 * starts no earlier than the previous one ended and the TSDB head never sees a sample older than
 * what it holds (which it would reject as out of order or out of bounds).
 */
import type { RemoteWriteLabel, RemoteWriteSample, RemoteWriter, RemoteWriteSeries } from '../prometheus/remote-write';
import { type LoadedSeries, type SeriesPoint, loadInputSeries } from './series-notation';

export interface SeriesLoaderOptions {
  /** Samples per remote-write request (default 20,000). */
  maxSamplesPerRequest?: number;
}

export interface SeriesLoader {
  /** Writes the samples not written yet with timestamp <= ms; resolves to how many were written. */
  writeUntil(ms: number): Promise<number>;
  /** Samples not written yet. */
  readonly pendingSamples: number;
}

interface SeriesState {
  labels: RemoteWriteLabel[];
  points: SeriesPoint[];
  next: number;
}

/**
 * Points with a timestamp already used keep only the first: the TSDB keeps the first sample of
 * a timestamp too (an unset test-group interval puts every sample at 0).
 */
function firstPerTimestamp(points: readonly SeriesPoint[]): SeriesPoint[] {
  const kept: SeriesPoint[] = [];
  for (const p of points) {
    if (kept.length === 0 || p.t > kept[kept.length - 1]!.t) kept.push(p);
  }
  return kept;
}

export function createSeriesLoader(series: readonly LoadedSeries[], writer: RemoteWriter, options: SeriesLoaderOptions = {}): SeriesLoader {
  const batchSize = options.maxSamplesPerRequest ?? 20_000;
  const states: SeriesState[] = series.map((s) => ({
    // An empty label value means "no such label" in Prometheus; the test TSDB drops it too.
    labels: s.labels.filter((l) => l.value !== ''),
    points: firstPerTimestamp(s.points),
    next: 0,
  }));

  const writeBatch = async (batch: { state: SeriesState; point: SeriesPoint }[]) => {
    const bySeries = new Map<SeriesState, RemoteWriteSample[]>();
    for (const { state, point } of batch) {
      let samples = bySeries.get(state);
      if (!samples) bySeries.set(state, (samples = []));
      samples.push({ timestampMs: point.t, value: point.value, stale: point.stale });
    }
    const request: RemoteWriteSeries[] = [...bySeries].map(([state, samples]) => ({ labels: state.labels, samples }));
    await writer.write(request);
    for (const [state, samples] of bySeries) state.next += samples.length;
  };

  return {
    async writeUntil(ms: number): Promise<number> {
      const due: { state: SeriesState; point: SeriesPoint }[] = [];
      for (const state of states) {
        for (let i = state.next; i < state.points.length && state.points[i]!.t <= ms; i++) due.push({ state, point: state.points[i]! });
      }
      due.sort((a, b) => a.point.t - b.point.t); // stable: series order within a timestamp
      for (let start = 0; start < due.length; start += batchSize) await writeBatch(due.slice(start, start + batchSize));
      return due.length;
    },
    get pendingSamples() {
      return states.reduce((n, s) => n + s.points.length - s.next, 0);
    },
  };
}

/** A loader for a test group's `input_series` as written in the file (see loadInputSeries). */
export function createSeriesLoaderFromInput(
  input: readonly { series: string; values: string }[],
  intervalMs: number,
  writer: RemoteWriter,
  options?: SeriesLoaderOptions,
): SeriesLoader {
  return createSeriesLoader(loadInputSeries(input, intervalMs), writer, options);
}
