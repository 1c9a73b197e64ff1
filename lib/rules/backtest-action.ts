import { z } from 'zod';
import { getCluster } from '../clusters/cluster-actions';
import { clusterPrometheus, prometheusApiError } from '../collect/ad-hoc-query';
import { ApiError } from '../http/errors';
import type { CoreContext } from '../runtime/app-context';
import { parseDuration } from '../time/duration';
import { backtestRule, RangeBackedQuery, type BacktestResult } from './backtest';
import { toEngineRule } from './engine-rule';
import { alertRuleInputSchema, durationText } from './rule-schema';

/** At most this many evaluations per rule (7 days at the 10 s minimum interval). */
export const MAX_BACKTEST_STEPS = 60_480;

/** POST /api/v1/rules/backtest: rules to try on one cluster over a past range. */
export const backtestRequestSchema = z
  .object({
    clusterId: z.uuid(),
    rules: z.array(alertRuleInputSchema).min(1).max(20),
    /** The range: either `range` back from `end` (default now), or `start` and `end`. */
    range: durationText({ min: 60_000, max: 31 * 24 * 3600_000 }).optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    /** Evaluation interval (the group's). */
    interval: durationText({ min: 10_000, max: 24 * 3600_000 }).default('1m'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.start !== undefined && body.range !== undefined) ctx.addIssue({ code: 'custom', path: ['range'], message: 'give start or range, not both' });
    if (body.start === undefined && body.range === undefined) ctx.addIssue({ code: 'custom', path: ['range'], message: 'give range (e.g. 24h) or start' });
  });

export type BacktestRequest = z.output<typeof backtestRequestSchema>;

/** Step-aligned range: evaluations at start + k * interval, like a group's slots. */
export function backtestWindow(body: Pick<BacktestRequest, 'range' | 'start' | 'end' | 'interval'>, now: Date) {
  const intervalMs = parseDuration(body.interval);
  const endRaw = body.end ? Date.parse(body.end) : now.getTime();
  const startRaw = body.start ? Date.parse(body.start) : endRaw - parseDuration(body.range!);
  const endMs = Math.floor(endRaw / intervalMs) * intervalMs;
  const startMs = Math.ceil(startRaw / intervalMs) * intervalMs;
  if (startMs >= endMs) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'end', message: 'the range must span at least one interval' }]);
  const steps = (endMs - startMs) / intervalMs + 1;
  if (steps > MAX_BACKTEST_STEPS) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'interval', message: `the range has ${steps} evaluations at this interval; at most ${MAX_BACKTEST_STEPS}` }]);
  }
  return { startMs, endMs, intervalMs };
}

/** Backtests each rule on the cluster with the engine's own state machine. */
export async function runBacktest(app: CoreContext, body: BacktestRequest): Promise<{ cluster: { id: string; name: string }; results: BacktestResult[] }> {
  const cluster = await getCluster(app, body.clusterId);
  const window = backtestWindow(body, app.clock.now());
  const client = await clusterPrometheus(app, body.clusterId);
  const query = new RangeBackedQuery(client, window.startMs, window.endMs, window.intervalMs);
  const results: BacktestResult[] = [];
  for (const [i, spec] of body.rules.entries()) {
    try {
      // Fetch the expression first so Prometheus's own errors surface as 422 / 502, not as Error states.
      await query.query(spec.expr, window.startMs);
      results.push(
        await backtestRule(toEngineRule(`backtest-${i}`, spec), {
          query,
          ...window,
          identityLabels: { cluster: cluster.name },
          externalURL: app.settings.PUBLIC_URL ?? '',
        }),
      );
    } catch (error) {
      throw prometheusApiError(error, `rules.${i}.expr`);
    }
  }
  return { cluster: { id: cluster.id, name: cluster.name }, results };
}
