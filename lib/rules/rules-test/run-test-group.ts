import { prometheusConnectionSchema } from '../../clusters/connection-schema';
import { createPrometheusClient } from '../../prometheus/client';
import { RemoteWriteClient, type RemoteWriteSeries } from '../../prometheus/remote-write';
import { checkAlertRuleTest, checkPromqlExprTest, formatMissingAlertname, formatPromqlQueryError, formatRuleEvalError, type Sample } from '../../promtool/compare';
import { labelsFromRecord } from '../../promtool/labels';
import { createSeriesLoaderFromInput } from '../../promtool/load-series';
import type { TestGroup } from '../../promtool/test-file';
import { alertsSeries, evaluateAlertRule } from '../engine/evaluate-rule';
import { instantQueryVia } from '../engine/prometheus-query';
import type { AlertInstance, InstantQuery, Labels } from '../engine/types';
import { StaleTracker } from './stale-tracker';
import type { LoadedRuleGroup } from './load-rule-files';

/**
 * Runs one promtool test group against a Prometheus that holds nothing else, the way promtool
 * 2.42 does (cmd/promtool/unittest.go): evaluation at 0, E, 2E, ... up to the last eval_time,
 * input samples loaded up to each evaluation time first; every group's rules in order through
 * the engine's own evaluateAlertRule; ALERTS / ALERTS_FOR_STATE and recording-rule results
 * written back (with staleness markers) so later rules and promql_expr_test queries see them;
 * alert_rule_test checked after the last evaluation at or before its eval_time; then the
 * promql_expr_tests are queried. Returns promtool-style failure messages (empty: passed).
 */
export async function runTestGroup(test: TestGroup, groups: readonly LoadedRuleGroup[], evaluationIntervalMs: number, prometheusUrl: string): Promise<string[]> {
  const unnamed = test.alertRuleTests.find((t) => !t.alertname);
  if (unnamed) return [formatMissingAlertname(unnamed.evalTimeMs, test.name)];
  const client = createPrometheusClient(prometheusConnectionSchema.parse({ url: prometheusUrl }), { timeoutMs: 60_000 });
  const query: InstantQuery = instantQueryVia(client);
  const writer = new RemoteWriteClient(prometheusUrl);
  const loader = createSeriesLoaderFromInput(test.inputSeries, test.intervalMs, writer);
  const externalLabels = Object.fromEntries(test.externalLabels.map((l) => [l.name, l.value]));

  const alertTimes = [...new Set(test.alertRuleTests.map((t) => t.evalTimeMs))].sort((a, b) => a - b);
  const maxT = Math.max(0, ...test.alertRuleTests.map((t) => t.evalTimeMs), ...test.promqlExprTests.map((t) => t.evalTimeMs));
  const state = new Map<string, ReadonlyMap<string, AlertInstance>>();
  const stale = new StaleTracker();
  const failures: string[] = [];
  let nextAlertTime = 0;

  for (let ts = 0; ts <= maxT; ts += evaluationIntervalMs) {
    await loader.writeUntil(ts);
    for (const group of groups) {
      for (const item of group.items) {
        if (item.kind === 'alert') {
          const result = await evaluateAlertRule(item.rule, state.get(item.key) ?? new Map(), {
            ts,
            query,
            identityLabels: {},
            externalLabels,
            externalURL: test.externalUrl,
          });
          if (result.error !== undefined) return [formatRuleEvalError(item.rule.alert, ts, result.error)];
          state.set(item.key, result.active);
          await writeWithStaleness(writer, stale, item.key, alertsSeries(result.active.values()), ts);
        } else {
          let samples: Array<{ labels: Labels; value: number }>;
          try {
            samples = recordedSamples(item.record, item.labels, await query(item.expr, ts));
          } catch (error) {
            return [formatRuleEvalError(item.record, ts, (error as Error).message)];
          }
          await writeWithStaleness(writer, stale, item.key, samples, ts);
        }
      }
    }
    // Alert tests whose eval_time falls in [ts, ts + E) compare with this evaluation.
    while (nextAlertTime < alertTimes.length && alertTimes[nextAlertTime]! < ts + evaluationIntervalMs) {
      const at = alertTimes[nextAlertTime++]!;
      for (const alertTest of test.alertRuleTests.filter((t) => t.evalTimeMs === at)) {
        const firing = groups
          .flatMap((g) => g.items)
          .filter((item) => item.kind === 'alert' && item.rule.alert === alertTest.alertname)
          .flatMap((item) => [...(state.get(item.key)?.values() ?? [])])
          .filter((a) => a.state === 'firing')
          .map((a) => ({ labels: labelsFromRecord(a.labels), annotations: labelsFromRecord(a.annotations) }));
        const failure = checkAlertRuleTest(alertTest, firing, test.name);
        if (failure) failures.push(failure);
      }
    }
  }

  for (const exprTest of test.promqlExprTests) {
    let got: Sample[];
    try {
      got = (await query(exprTest.expr, exprTest.evalTimeMs)).map((s) => ({ labels: labelsFromRecord(s.labels), value: s.value }));
    } catch (error) {
      failures.push(formatPromqlQueryError(exprTest, (error as Error).message));
      continue;
    }
    const failure = checkPromqlExprTest(exprTest, got);
    if (failure) failures.push(failure);
  }
  return failures;
}

/** A recording rule's output: the result's labels without __name__, rule labels on top, the new name. */
function recordedSamples(record: string, ruleLabels: Labels, result: Array<{ labels: Labels; value: number }>) {
  const seen = new Set<string>();
  return result.map((s) => {
    const labels: Labels = { ...s.labels, ...ruleLabels, __name__: record };
    const key = JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
    seen.add(key);
    return { labels, value: s.value };
  });
}

async function writeWithStaleness(writer: RemoteWriteClient, stale: StaleTracker, ruleKey: string, samples: Array<{ labels: Labels; value: number }>, ts: number) {
  const series: RemoteWriteSeries[] = samples.map((s) => ({ labels: labelsFromRecord(s.labels), samples: [{ timestampMs: ts, value: s.value }] }));
  for (const gone of stale.update(ruleKey, samples.map((s) => s.labels))) {
    series.push({ labels: labelsFromRecord(gone), samples: [{ timestampMs: ts, value: Number.NaN, stale: true }] });
  }
  await writer.write(series);
}
