// The SLO period's error and total counts are sums of hourly buckets, so the app never asks
// Prometheus for 30 days of raw data again: a complete bucket is queried once
// (errorAndTotalCountQueries(sli, '1h') evaluated at the bucket's end) and cached for good; only
// the current, partial hour is queried on every refresh.
//
// Alignment: buckets are aligned to multiples of bucketMs since the Unix epoch (whole UTC hours),
// and the period is rounded to whole buckets at its old end: it covers the `window / bucket`
// complete buckets before the current hour plus the partial current hour, i.e. between `window`
// and `window + 1 bucket` of time (30d + at most 1h: at most 0.14% more; 7d: 0.6%). We include
// the whole oldest bucket rather than trim it because a bucket's counts are only known whole,
// and trimming (or querying the odd edge piece on every refresh) buys little: the ratio of a
// period 1h longer barely differs. `from` in the plan says exactly what is covered.
//
// A bucket that ended less than `settleMs` ago may still be missing late samples (scrape and
// remote-write lag), so it is queried on each refresh but not cached until it has settled.
//
// Cost for a 30d SLO with 1h buckets: a cold start needs 720 bucket counts — one range query
// per expression (step 1h, so each step is one bucket) or 720 instant queries; in steady state
// 1 query per refresh (the partial hour), plus the just-finished hour while it settles.

export const HOUR_MS = 3_600_000;
/** How long after its end a bucket is still re-queried before it is cached. */
export const DEFAULT_SETTLE_MS = 2 * 60_000;

export interface BucketPlanInput {
  /** Evaluation time (ms since epoch); passed in, never read from the clock here. */
  now: number;
  /** The SLO period in ms. */
  windowMs: number;
  bucketMs?: number;
  /** Start times of the buckets already cached. */
  cachedBucketStarts: Iterable<number>;
  settleMs?: number;
}

export interface BucketRange {
  /** Start of the first bucket. */
  start: number;
  /** End of the last bucket (exclusive). */
  end: number;
}

export interface BucketPlan {
  /** Start of the oldest bucket counted: the period covers [from, now). */
  from: number;
  now: number;
  bucketMs: number;
  /** Every complete bucket of the period, oldest first. */
  bucketStarts: number[];
  /** Complete, settled buckets not cached yet: query each once (at start + bucketMs), then cache. */
  missing: number[];
  /** `missing` as contiguous runs: one range query each (start + bucketMs … end, step bucketMs). */
  missingRuns: BucketRange[];
  /** Complete buckets too recent to cache: query on every refresh, do not cache. */
  unsettled: number[];
  /** The current bucket so far, [start, now): query with a `now - start` range at now. Null at a boundary. */
  partial: BucketRange | null;
  /** Cached buckets that fell out of the period and can be deleted. */
  expired: number[];
}

/** Which bucket counts to query (and cache) to cover the SLO period ending at `now`. */
export function bucketPlan({ now, windowMs, bucketMs = HOUR_MS, cachedBucketStarts, settleMs = DEFAULT_SETTLE_MS }: BucketPlanInput): BucketPlan {
  if (!(bucketMs > 0) || !(windowMs >= bucketMs)) throw new Error('the SLO period must be at least one bucket long');
  const currentStart = Math.floor(now / bucketMs) * bucketMs;
  const from = Math.floor((now - windowMs) / bucketMs) * bucketMs;
  const cached = new Set(cachedBucketStarts);
  const bucketStarts: number[] = [];
  const missing: number[] = [];
  const unsettled: number[] = [];
  for (let start = from; start < currentStart; start += bucketMs) {
    bucketStarts.push(start);
    if (start + bucketMs > now - settleMs) unsettled.push(start);
    else if (!cached.has(start)) missing.push(start);
  }
  const expired = [...cached].filter((start) => start < from).sort((a, b) => a - b);
  return {
    from,
    now,
    bucketMs,
    bucketStarts,
    missing,
    missingRuns: contiguousRuns(missing, bucketMs),
    unsettled,
    partial: now > currentStart ? { start: currentStart, end: now } : null,
    expired,
  };
}

function contiguousRuns(starts: readonly number[], bucketMs: number): BucketRange[] {
  const runs: BucketRange[] = [];
  for (const start of starts) {
    const last = runs[runs.length - 1];
    if (last && last.end === start) last.end = start + bucketMs;
    else runs.push({ start, end: start + bucketMs });
  }
  return runs;
}

export interface BucketCounts {
  errorCount: number;
  totalCount: number;
}

/** Adds up bucket counts (counts add; ratios would not). */
export function combineBuckets(buckets: Iterable<BucketCounts>): BucketCounts {
  let errorCount = 0;
  let totalCount = 0;
  for (const bucket of buckets) {
    errorCount += bucket.errorCount;
    totalCount += bucket.totalCount;
  }
  return { errorCount, totalCount };
}

export interface SloQueryCost {
  /** Complete buckets in the period (720 for 30d of hours). */
  bucketsPerPeriod: number;
  /** Cold start as instant queries: one per bucket. */
  coldStartInstantQueries: number;
  /** Cold start as range queries: one (step = bucket). */
  coldStartRangeQueries: number;
  /** Per refresh in steady state: the partial current bucket. */
  steadyStateQueriesPerRefresh: number;
  /** New complete buckets to query per hour once settled (amortized). */
  newBucketQueriesPerHour: number;
}

/**
 * What an SLO costs in Prometheus queries with bucket caching, for docs and capacity planning.
 * Each "query" evaluates the errors and the total expression (two PromQL expressions).
 */
export function sloQueryCost({ windowMs, bucketMs = HOUR_MS }: { windowMs: number; bucketMs?: number }): SloQueryCost {
  const bucketsPerPeriod = Math.ceil(windowMs / bucketMs);
  return {
    bucketsPerPeriod,
    coldStartInstantQueries: bucketsPerPeriod,
    coldStartRangeQueries: 1,
    steadyStateQueriesPerRefresh: 1,
    newBucketQueriesPerHour: HOUR_MS / bucketMs,
  };
}
