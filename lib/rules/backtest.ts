import type { PrometheusClient } from '../prometheus/client';
import { evaluateAlertRule } from './engine/evaluate-rule';
import type { AlertInstance, EngineRule, InstantQuery, Labels, QuerySample, Transition } from './engine/types';

/** Prometheus refuses range queries of more than 11,000 points per series. */
const MAX_POINTS_PER_QUERY = 10_000;
/** How many expression series a backtest returns for charting. */
const MAX_CHART_SERIES = 50;

export interface BacktestInterval {
  state: 'pending' | 'firing';
  start: string;
  /** When the state ended; null if it lasted to the end of the range. */
  end: string | null;
}

export interface BacktestInstance {
  fingerprint: string;
  labels: Labels;
  intervals: BacktestInterval[];
}

export interface BacktestNotification {
  status: 'firing' | 'resolved';
  at: string;
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
}

export interface BacktestResult {
  alert: string;
  start: string;
  end: string;
  intervalMs: number;
  evaluations: number;
  instances: BacktestInstance[];
  notifications: BacktestNotification[];
  /** Evaluations whose query failed, with the first error (the state then follows errorState). */
  errors: { count: number; first?: string };
  /** The expression's series over the range (for the chart), at most 50. */
  series: Array<{ labels: Labels; points: Array<[number, number]> }>;
  seriesTruncated: boolean;
}

/**
 * Answers instant queries at the backtest's step times from range queries: one range query per
 * distinct expression (split into chunks Prometheus accepts), fetched on first use. A range
 * query's value at step t is by definition the instant query's value at t, so the engine sees
 * exactly what live evaluations at those times would have seen.
 */
export class RangeBackedQuery {
  private readonly cache = new Map<string, Promise<Map<number, QuerySample[]>>>();
  private readonly matrices = new Map<string, Array<{ labels: Labels; points: Array<[number, number]> }>>();

  constructor(
    private readonly client: PrometheusClient,
    private readonly startMs: number,
    private readonly endMs: number,
    private readonly stepMs: number,
  ) {}

  readonly query: InstantQuery = async (expr, timeMs) => {
    let byTime = this.cache.get(expr);
    if (!byTime) {
      byTime = this.fetch(expr);
      this.cache.set(expr, byTime);
    }
    const at = (await byTime).get(timeMs);
    if (at === undefined && (timeMs < this.startMs || timeMs > this.endMs || (timeMs - this.startMs) % this.stepMs !== 0)) {
      throw new Error(`backtest cannot answer a query at ${new Date(timeMs).toISOString()}: not a step of the range`);
    }
    return at ?? [];
  };

  /** The fetched series of an expression (after it was queried). */
  seriesOf(expr: string) {
    return this.matrices.get(expr) ?? [];
  }

  private async fetch(expr: string): Promise<Map<number, QuerySample[]>> {
    const byTime = new Map<number, QuerySample[]>();
    const series = new Map<string, { labels: Labels; points: Array<[number, number]> }>();
    const chunkMs = MAX_POINTS_PER_QUERY * this.stepMs;
    for (let from = this.startMs; from <= this.endMs; from += chunkMs) {
      const to = Math.min(this.endMs, from + chunkMs - this.stepMs);
      const { data } = await this.client.queryRange(expr, new Date(from), new Date(to), this.stepMs / 1000);
      for (const s of data.result) {
        const key = JSON.stringify(Object.entries(s.metric).sort());
        const entry = series.get(key) ?? { labels: s.metric, points: [] };
        series.set(key, entry);
        for (const point of s.values) {
          entry.points.push([point.timestampMs, point.value]);
          const list = byTime.get(point.timestampMs) ?? [];
          list.push({ labels: s.metric, value: point.value });
          byTime.set(point.timestampMs, list);
        }
      }
    }
    this.matrices.set(expr, [...series.values()]);
    return byTime;
  }
}

/**
 * Evaluates one rule at every step of [start, end] with the live engine's code (the same
 * evaluateAlertRule and state machine), starting from no state, and reports when each instance
 * was pending and firing, and the firing / resolved notifications it would have produced.
 */
export async function backtestRule(
  rule: EngineRule,
  options: { query: RangeBackedQuery; startMs: number; endMs: number; intervalMs: number; identityLabels: Labels; externalURL: string },
): Promise<BacktestResult> {
  let active: ReadonlyMap<string, AlertInstance> = new Map();
  const transitions: Transition[] = [];
  const errors: BacktestResult['errors'] = { count: 0 };
  let evaluations = 0;
  for (let ts = options.startMs; ts <= options.endMs; ts += options.intervalMs) {
    const result = await evaluateAlertRule(rule, active, {
      ts,
      query: options.query.query,
      identityLabels: options.identityLabels,
      externalLabels: {},
      externalURL: options.externalURL,
    });
    evaluations++;
    if (result.error !== undefined) {
      errors.count++;
      errors.first ??= result.error;
    }
    transitions.push(...result.transitions);
    active = result.active;
  }
  const allSeries = options.query.seriesOf(rule.expr);
  return {
    alert: rule.alert,
    start: new Date(options.startMs).toISOString(),
    end: new Date(options.endMs).toISOString(),
    intervalMs: options.intervalMs,
    evaluations,
    instances: intervalsOf(transitions),
    notifications: transitions
      .filter((t) => t.kind === 'firing' || t.kind === 'resolved')
      .map((t) => ({ status: t.kind as 'firing' | 'resolved', at: new Date(t.at).toISOString(), fingerprint: t.fingerprint, labels: t.labels, annotations: t.annotations })),
    errors,
    series: allSeries.slice(0, MAX_CHART_SERIES),
    seriesTruncated: allSeries.length > MAX_CHART_SERIES,
  };
}

/** Turns the transition log into per-instance pending / firing intervals. */
export function intervalsOf(transitions: readonly Transition[]): BacktestInstance[] {
  const instances = new Map<string, BacktestInstance>();
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const t of transitions) {
    const instance = instances.get(t.fingerprint) ?? { fingerprint: t.fingerprint, labels: t.labels, intervals: [] };
    instances.set(t.fingerprint, instance);
    const open = instance.intervals.at(-1);
    const close = () => {
      if (open && open.end === null) open.end = iso(t.at);
    };
    switch (t.kind) {
      case 'pending':
        instance.intervals.push({ state: 'pending', start: iso(t.at), end: null });
        break;
      case 'firing':
        close();
        instance.intervals.push({ state: 'firing', start: iso(t.at), end: null });
        break;
      case 'resolved':
      case 'pending_cleared':
        close();
        break;
      default:
        break; // keep_firing: still firing
    }
  }
  return [...instances.values()];
}
