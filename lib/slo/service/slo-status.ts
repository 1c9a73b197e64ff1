// Computes an SLO's numbers on one cluster (SLI and error budget over the period, burn rate per
// alert window, time to exhaustion) with the hourly bucket cache: complete hours are queried once
// and kept in slo_buckets, so a refresh costs the partial hour plus the burn-rate windows.

import type { PrismaClient } from '../../db/client';
import type { PrometheusClient } from '../../prometheus/client';
import { formatDuration } from '../../time/duration';
import { bucketPlan, HOUR_MS } from '../buckets';
import { burnRate, errorBudget, timeToExhaustion } from '../budget';
import { burnRateWindows, sloWindowMs, type AlertSeverity } from '../burn-rate-windows';
import { errorAndTotalCountQueries, errorRatioQuery } from '../sli-queries';
import type { Slo } from '../slo-schema';

export interface BurnRateRow {
  severity: AlertSeverity;
  longWindow: string;
  shortWindow: string;
  factor: number;
  /** Burn rate over the long / short window (null without traffic in it). */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both above the factor: the alert condition holds now. */
  breaching: boolean;
}

export interface SloStatusNumbers {
  computedAt: string;
  /** The period counted: [from, computedAt). */
  from: string;
  errors: number;
  total: number;
  sli: number | null;
  errorRatio: number | null;
  allowedErrorRatio: number;
  budgetRemaining: number;
  budgetRemainingMinutes: number;
  /** Burn rate over the last hour, and when the budget is gone at that rate (null: not burning). */
  currentBurnRate: number | null;
  timeToExhaustionMs: number | null;
  burnRates: BurnRateRow[];
  /** PromQL expressions evaluated by this refresh (the cost; buckets cached before cost nothing). */
  queries: number;
}

interface SloRef {
  id: string;
  version: number;
  spec: Slo;
}

/** Sum of an instant query's samples; an empty result (no series) counts as 0 events. */
async function instantSum(client: PrometheusClient, expr: string, at: number): Promise<number> {
  const { data } = await client.query(expr, new Date(at));
  if (data.resultType === 'scalar') return Number.isFinite(data.result.value) ? data.result.value : 0;
  if (data.resultType !== 'vector') throw new Error(`expected a vector from ${expr}`);
  // NaN (0/0 inside a user's expression) counts as no events.
  return data.result.reduce((sum, sample) => sum + (Number.isFinite(sample.value) ? sample.value : 0), 0);
}

/** The error ratio at `at`, or null when there was no traffic (empty result or NaN). */
async function ratioAt(client: PrometheusClient, expr: string, at: number): Promise<number | null> {
  const { data } = await client.query(expr, new Date(at));
  const values = data.resultType === 'vector' ? data.result.map((s) => s.value) : data.resultType === 'scalar' ? [data.result.value] : [];
  const finite = values.filter(Number.isFinite);
  return finite.length ? Math.max(...finite) : null;
}

/** Per bucket start, the sum of a range query's samples evaluated at each bucket's end. */
async function rangeSums(client: PrometheusClient, expr: string, start: number, end: number): Promise<Map<number, number>> {
  const { data } = await client.queryRange(expr, new Date(start + HOUR_MS), new Date(end), HOUR_MS / 1000);
  const sums = new Map<number, number>();
  for (const series of data.result) {
    for (const sample of series.values) {
      const bucketStart = sample.timestampMs - HOUR_MS;
      if (Number.isFinite(sample.value)) sums.set(bucketStart, (sums.get(bucketStart) ?? 0) + sample.value);
    }
  }
  return sums;
}

/**
 * Refreshes one SLO on one cluster at `now`: fills missing complete buckets (one range query per
 * run of hours), re-queries unsettled and partial hours, drops expired buckets, and returns the
 * numbers. Prometheus errors reject (the caller records them).
 */
export async function computeSloStatus(db: PrismaClient, slo: SloRef, clusterId: string, client: PrometheusClient, now: number): Promise<SloStatusNumbers> {
  const spec = slo.spec;
  const windowMs = sloWindowMs(spec.window);
  const key = { sloId: slo.id, clusterId, sloVersion: slo.version };
  const cached = await db.sloBucket.findMany({ where: key, select: { start: true, errors: true, total: true } });
  const plan = bucketPlan({ now, windowMs, cachedBucketStarts: cached.map((b) => b.start.getTime()) });
  const hour = errorAndTotalCountQueries(spec.sli, '1h');
  let queries = 0;

  const counts = new Map<number, { errors: number; total: number }>();
  for (const bucket of cached) counts.set(bucket.start.getTime(), { errors: bucket.errors, total: bucket.total });
  const fresh: Array<{ start: number; errors: number; total: number }> = [];
  for (const run of plan.missingRuns) {
    const [errors, total] = await Promise.all([rangeSums(client, hour.errors, run.start, run.end), rangeSums(client, hour.total, run.start, run.end)]);
    queries += 2;
    for (let start = run.start; start < run.end; start += HOUR_MS) fresh.push({ start, errors: errors.get(start) ?? 0, total: total.get(start) ?? 0 });
  }
  for (const start of plan.unsettled) {
    const [errors, total] = await Promise.all([instantSum(client, hour.errors, start + HOUR_MS), instantSum(client, hour.total, start + HOUR_MS)]);
    queries += 2;
    counts.set(start, { errors, total });
  }
  let partial = { errors: 0, total: 0 };
  if (plan.partial) {
    const part = errorAndTotalCountQueries(spec.sli, formatDuration(plan.partial.end - plan.partial.start));
    const [errors, total] = await Promise.all([instantSum(client, part.errors, now), instantSum(client, part.total, now)]);
    queries += 2;
    partial = { errors, total };
  }
  for (const bucket of fresh) counts.set(bucket.start, { errors: bucket.errors, total: bucket.total });
  if (fresh.length) {
    await db.sloBucket.createMany({ data: fresh.map((b) => ({ ...key, start: new Date(b.start), errors: b.errors, total: b.total })), skipDuplicates: true });
  }
  if (plan.expired.length) await db.sloBucket.deleteMany({ where: { ...key, start: { in: plan.expired.map((s) => new Date(s)) } } });

  let errors = partial.errors;
  let total = partial.total;
  for (const start of plan.bucketStarts) {
    errors += counts.get(start)?.errors ?? 0;
    total += counts.get(start)?.total ?? 0;
  }
  const budget = errorBudget({ objective: spec.objective, windowMs, errorCount: errors, totalCount: total });

  // Each distinct window is queried once (the short window of one row may be another's long one).
  const windows = burnRateWindows(windowMs);
  const ratioByWindow = new Map<string, Promise<number | null>>();
  // An `errors` query with no failing series at all answers nothing rather than 0: then the
  // window's total tells "no errors" (0) from "no traffic" (null).
  const ratioOrZero = async (text: string): Promise<number | null> => {
    const value = await ratioAt(client, errorRatioQuery(spec.sli, text), now);
    if (value !== null) return value;
    queries++;
    return (await instantSum(client, errorAndTotalCountQueries(spec.sli, text).total, now)) > 0 ? 0 : null;
  };
  const ratio = (text: string) => {
    if (!ratioByWindow.has(text)) {
      queries++;
      ratioByWindow.set(text, ratioOrZero(text));
    }
    return ratioByWindow.get(text)!;
  };
  const burn = (value: number | null) => (value === null ? null : burnRate(value, spec.objective));
  const burnRates: BurnRateRow[] = [];
  for (const row of windows) {
    const [longRatio, shortRatio] = await Promise.all([ratio(row.long), ratio(row.short)]);
    const longBurnRate = burn(longRatio);
    const shortBurnRate = burn(shortRatio);
    burnRates.push({
      severity: row.severity,
      longWindow: row.long,
      shortWindow: row.short,
      factor: row.factor,
      longBurnRate,
      shortBurnRate,
      breaching: longBurnRate !== null && shortBurnRate !== null && longBurnRate > row.factor && shortBurnRate > row.factor,
    });
  }
  const currentBurnRate = burn(await ratio('1h'));
  return {
    computedAt: new Date(now).toISOString(),
    from: new Date(plan.from).toISOString(),
    errors,
    total,
    ...budget,
    currentBurnRate,
    timeToExhaustionMs: currentBurnRate === null ? null : timeToExhaustion(budget.budgetRemaining, windowMs, currentBurnRate),
    burnRates,
    queries,
  };
}
