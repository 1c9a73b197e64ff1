// Done-when of the rule engine: a backtest (range queries + the state machine) equals a
// step-by-step live evaluation (instant queries at each time) on the same data, in a real
// Prometheus loaded through remote write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusConnectionSchema } from '../../lib/clusters/connection-schema';
import { createPrometheusClient } from '../../lib/prometheus/client';
import { startLocalPrometheus, type LocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { RemoteWriteClient, type RemoteWriteSeries } from '../../lib/prometheus/remote-write';
import { backtestRule, intervalsOf, RangeBackedQuery } from '../../lib/rules/backtest';
import { evaluateAlertRule } from '../../lib/rules/engine/evaluate-rule';
import { instantQueryVia } from '../../lib/rules/engine/prometheus-query';
import type { AlertInstance, EngineRule, Transition } from '../../lib/rules/engine/types';
import { toEngineRule } from '../../lib/rules/engine-rule';
import { alertRuleInputSchema } from '../../lib/rules/rule-schema';

const M = 60_000;
const STEP = 15_000;

/** Load values over two hours: a wave for a, an outage (no samples) for b, a flapping c. */
function syntheticSeries(startMs: number): RemoteWriteSeries[] {
  const points = (value: (i: number) => number | undefined) =>
    Array.from({ length: (120 * M) / STEP }, (_, i) => ({ timestampMs: startMs + i * STEP, value: value(i) })).filter((p): p is { timestampMs: number; value: number } => p.value !== undefined);
  const wave = (i: number) => 50 + 45 * Math.sin(i / 20);
  return [
    { labels: [{ name: '__name__', value: 'kw_load' }, { name: 'instance', value: 'a' }], samples: points(wave) },
    { labels: [{ name: '__name__', value: 'kw_load' }, { name: 'instance', value: 'b' }], samples: points((i) => (i > 100 && i < 160 ? undefined : 92)) },
    { labels: [{ name: '__name__', value: 'kw_load' }, { name: 'instance', value: 'c' }], samples: points((i) => (Math.floor(i / 7) % 2 ? 95 : 70)) },
  ];
}

const RULES: EngineRule[] = [
  { alert: 'ForZero', expr: 'kw_load > 90' },
  { alert: 'ForThree', expr: 'kw_load > 80', for: '3m', annotations: { summary: '{{ $labels.instance }} at {{ $value | printf "%.1f" }}' } },
  { alert: 'KeepFiring', expr: 'kw_load > 85', for: '1m', keepFiringFor: '4m' },
  { alert: 'Hysteresis', expr: 'kw_load > 90', recoveryThreshold: 60, for: '2m' },
  { alert: 'NoDataAlerts', expr: 'kw_load{instance="b"} > 0', noDataState: 'alerting', for: '2m' },
].map((spec, i) => toEngineRule(`rule-${i}`, alertRuleInputSchema.parse(spec)));

describe('backtest equals step-by-step live evaluation', () => {
  let prometheus: LocalPrometheus;
  let startMs: number;
  const endOffset = 120 * M;

  beforeAll(async () => {
    prometheus = await startLocalPrometheus();
    startMs = Math.floor((Date.now() - 3 * 3600_000) / M) * M;
    await new RemoteWriteClient(prometheus.url).write(syntheticSeries(startMs));
  }, 60_000);
  afterAll(() => prometheus?.stop());

  it.each(RULES.map((rule) => [rule.alert, rule]))('%s', async (_name, rule) => {
    const client = createPrometheusClient(prometheusConnectionSchema.parse({ url: prometheus.url }));
    const window = { startMs: startMs + 5 * M, endMs: startMs + endOffset, intervalMs: M };

    const live: Transition[] = [];
    let active: ReadonlyMap<string, AlertInstance> = new Map();
    const query = instantQueryVia(client);
    for (let ts = window.startMs; ts <= window.endMs; ts += window.intervalMs) {
      const result = await evaluateAlertRule(rule, active, { ts, query, identityLabels: { cluster: 'eq' }, externalLabels: {}, externalURL: '' });
      live.push(...result.transitions);
      active = result.active;
    }

    const backtest = await backtestRule(rule, { query: new RangeBackedQuery(client, window.startMs, window.endMs, window.intervalMs), ...window, identityLabels: { cluster: 'eq' }, externalURL: '' });
    // The data makes every rule do something, so the comparison is not of two empty lists.
    expect(live.some((t) => t.kind === 'firing')).toBe(true);
    expect(backtest.instances).toEqual(intervalsOf(live));
    expect(backtest.notifications).toEqual(
      live
        .filter((t) => t.kind === 'firing' || t.kind === 'resolved')
        .map((t) => ({ status: t.kind, at: new Date(t.at).toISOString(), fingerprint: t.fingerprint, labels: t.labels, annotations: t.annotations })),
    );
    expect(backtest.evaluations).toBe((window.endMs - window.startMs) / window.intervalMs + 1);
  }, 120_000);

  it('hysteresis keeps an instance active between the recovery and the trigger threshold', async () => {
    const client = createPrometheusClient(prometheusConnectionSchema.parse({ url: prometheus.url }));
    const window = { startMs: startMs + 5 * M, endMs: startMs + endOffset, intervalMs: M };
    const run = (rule: EngineRule) => backtestRule(rule, { query: new RangeBackedQuery(client, window.startMs, window.endMs, window.intervalMs), ...window, identityLabels: {}, externalURL: '' });
    const withRecovery = await run(RULES[3]!);
    const without = await run(toEngineRule('plain', alertRuleInputSchema.parse({ alert: 'Hysteresis', expr: 'kw_load > 90', for: '2m' })));
    const firingMs = (r: typeof withRecovery, instance: string) =>
      r.instances
        .filter((i) => i.labels.instance === instance)
        .flatMap((i) => i.intervals.filter((iv) => iv.state === 'firing'))
        .reduce((sum, iv) => sum + (Date.parse(iv.end ?? r.end) - Date.parse(iv.start)), 0);
    // c flaps between 95 (105 s) and 70 (105 s). Without hysteresis each high spell is shorter
    // than `for`, so it never fires; with a recovery threshold of 60 the dips do not count as
    // recovery: it fires 2m after the first spell and never resolves.
    expect(without.notifications.filter((n) => n.labels.instance === 'c')).toEqual([]);
    expect(withRecovery.notifications.filter((n) => n.labels.instance === 'c').map((n) => n.status)).toEqual(['firing']);
    expect(firingMs(withRecovery, 'c')).toBeGreaterThan(60 * M);
    expect(firingMs(without, 'c')).toBe(0);
  }, 120_000);
});
