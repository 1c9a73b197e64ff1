import { formatGoFloat } from '../rules/template';
import { formatDuration, parseDuration } from '../time/duration';
import type { LatencySli, Sli } from './slo-schema';
import { fillWindow } from './window-placeholder';

// PromQL for an SLI over one window: the error ratio (what burn-rate alerts compare) and the
// error and total counts (what the budget adds up over hourly buckets).

/**
 * A histogram bucket's `le` value as Go client libraries (client_golang, used by Kubernetes and
 * ingress-nginx) write it: strconv.FormatFloat(v, 'g', -1, 64), so 0.5 → "0.5", 1 → "1",
 * 1e-05 → "1e-05". (Python and Java clients write "1.0"; Prometheus 3 rewrites those to "1" at
 * scrape time, Prometheus 2 does not.) "+Inf" is refused: every request is faster than that.
 */
export function formatLe(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`a latency threshold must be a positive finite number of seconds (got ${seconds})`);
  return formatGoFloat(seconds);
}

/** Window as Prometheus duration text; accepts milliseconds or text (checked). */
function windowText(window: string | number): string {
  if (typeof window === 'number') return formatDuration(window);
  parseDuration(window);
  return window;
}

/** The series a latency SLI reads: the threshold's bucket (`fast`) and the count (`all`). */
export function latencySelectors(sli: LatencySli): { fast: string; all: string } {
  const extra = sli.selector ? `,${sli.selector}` : '';
  return {
    fast: `${sli.metric}_bucket{le="${formatLe(sli.thresholdSeconds)}"${extra}}`,
    all: sli.selector ? `${sli.metric}_count{${sli.selector}}` : `${sli.metric}_count`,
  };
}

/**
 * The good-events query, or 0 where it has no result but total has: a sum() over series that do
 * not exist is empty, not 0, and during a total outage of a new service there may be no good
 * series at all. Without this, `1 - good / total` would be empty exactly when it should be 1.
 */
export function goodOrZero(good: string, total: string): string {
  return `((${good}) or (0 * (${total})))`;
}

/**
 * The error ratio (0..1) over `window`. Ratio SLIs: `(errors) / (total)` or `1 - (good /
 * (total))`; latency SLIs: one minus the share of requests in the threshold's bucket. The
 * result has the labels the queries keep (none when they aggregate with a plain sum()). An
 * errors query with no result (no failing series) gives no ratio: nothing failed.
 */
export function errorRatioQuery(sli: Sli, window: string | number): string {
  const w = windowText(window);
  if (sli.type === 'latency') {
    const { fast, all } = latencySelectors(sli);
    return `1 - (sum(rate(${fast}[${w}])) / sum(rate(${all}[${w}])))`;
  }
  const total = fillWindow(sli.total, w);
  if (sli.errors !== undefined) return `(${fillWindow(sli.errors, w)}) / (${total})`;
  return `1 - (${goodOrZero(fillWindow(sli.good!, w), total)} / (${total}))`;
}

/**
 * PromQL for the number of failed and of all events in the `window` before the evaluation time.
 * Counts over consecutive windows add up (unlike ratios), so an hour's counts can be cached and
 * summed into a 30-day ratio. Ratio SLIs are per-second rates (the schema insists on rate()), so
 * the count is rate × window seconds, which is exactly what increase() returns in Prometheus;
 * latency SLIs use increase() on the histogram series directly. An empty errors result means 0.
 */
export function errorAndTotalCountQueries(sli: Sli, window: string | number): { errors: string; total: string } {
  const w = windowText(window);
  if (sli.type === 'latency') {
    const { fast, all } = latencySelectors(sli);
    const total = `sum(increase(${all}[${w}]))`;
    return { errors: `${total} - sum(increase(${fast}[${w}]))`, total };
  }
  const seconds = String(parseDuration(w) / 1000);
  const total = fillWindow(sli.total, w);
  const errors = sli.errors !== undefined ? fillWindow(sli.errors, w) : `(${total}) - ${goodOrZero(fillWindow(sli.good!, w), total)}`;
  return { errors: `(${errors}) * ${seconds}`, total: `(${total}) * ${seconds}` };
}
