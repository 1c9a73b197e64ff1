// One rule evaluation with the query as a function: how results become instances (labels,
// annotations, identity) and what NoData / Error do under each outcome. Prometheus's own
// behaviour (PRODUCT.md) is the expectation for `ok` and `keep_last`.
import { describe, expect, it } from 'vitest';
import { evaluateAlertRule, DUPLICATE_LABELSET_ERROR } from '@/lib/rules/engine/evaluate-rule';
import type { AlertInstance, InstantQuery, QuerySample } from '@/lib/rules/engine/types';
import { toEngineRule } from '@/lib/rules/engine-rule';
import { alertRuleInputSchema } from '@/lib/rules/rule-schema';

const M = 60_000;
const rule = (spec: Record<string, unknown>) => toEngineRule('r1', alertRuleInputSchema.parse({ alert: 'Test', expr: 'x > 1', ...spec }));
const answering = (samples: QuerySample[]): InstantQuery => async () => samples;
const failing: InstantQuery = async () => {
  throw new Error('connection refused by prometheus:9090');
};
const ctx = (ts: number, query: InstantQuery) => ({ ts, query, identityLabels: { cluster: 'prod-eu' }, externalLabels: {}, externalURL: 'https://kw.example' });

async function firingOn(spec: Record<string, unknown>) {
  const r = rule(spec);
  const first = await evaluateAlertRule(r, new Map(), ctx(0, answering([{ labels: { __name__: 'x', instance: 'a' }, value: 5 }])));
  return { r, active: first.active };
}

describe('evaluateAlertRule', () => {
  it('builds the identity like Prometheus: series labels without __name__, rule labels win, alertname, then cluster last', async () => {
    const r = rule({ labels: { instance: 'overridden', team: '{{ $labels.job }}-oncall' }, severity: 'critical', annotations: { summary: '{{ $labels.instance }} is {{ $value }} on {{ $labels.cluster }}' } });
    const result = await evaluateAlertRule(r, new Map(), ctx(0, answering([{ labels: { __name__: 'x', instance: 'a', job: 'api', cluster: 'from-series' }, value: 1500000 }])));
    const [instance] = [...result.active.values()];
    expect(instance!.labels).toEqual({ alertname: 'Test', cluster: 'prod-eu', instance: 'overridden', job: 'api', severity: 'critical', team: 'api-oncall' });
    // Templates see the series' own labels ($labels.instance is the series' "a"); the cluster is the registered one.
    expect(instance!.annotations).toEqual({ summary: 'a is 1.5e+06 on prod-eu' });
    expect(result.health).toBe('ok');
  });

  it('two series that collapse onto one identity fail the evaluation, leaving state as it was (errorState keep_last)', async () => {
    const { r, active } = await firingOn({});
    const result = await evaluateAlertRule(r, active, ctx(M, answering([{ labels: { instance: 'a', pod: '1' }, value: 2 }, { labels: { instance: 'a', pod: '2' }, value: 3 }].map((s) => ({ ...s, labels: { instance: s.labels.instance } })))));
    expect(result.error).toBe(DUPLICATE_LABELSET_ERROR);
    expect(result.transitions).toEqual([]);
    expect(result.active).toEqual(active);
  });

  it('a scalar result is one instance with no series labels', async () => {
    const result = await evaluateAlertRule(rule({ expr: 'vector(1)' }), new Map(), ctx(0, answering([{ labels: {}, value: 1 }])));
    expect([...result.active.values()].map((a) => a.labels)).toEqual([{ alertname: 'Test', cluster: 'prod-eu' }]);
  });

  describe('query errors', () => {
    it('keep_last (default, as Prometheus): nothing changes, not even a pending timer reaching `for`', async () => {
      const r = rule({ for: '1m' });
      const pending = await evaluateAlertRule(r, new Map(), ctx(0, answering([{ labels: { instance: 'a' }, value: 5 }])));
      const result = await evaluateAlertRule(r, pending.active, ctx(5 * M, failing));
      expect(result).toMatchObject({ health: 'error', error: 'connection refused by prometheus:9090', transitions: [] });
      expect(result.active).toEqual(pending.active);
    });

    it('ok: every instance resolves, as if the query returned nothing', async () => {
      const { r, active } = await firingOn({ errorState: 'ok' });
      const result = await evaluateAlertRule(r, active, ctx(M, failing));
      expect(result.transitions.map((t) => t.kind)).toEqual(['resolved']);
      expect(result.active.size).toBe(0);
    });

    it('alerting: an instance labelled reason="Error" goes through `for`, with the error in an annotation; the others keep their state', async () => {
      const { r, active } = await firingOn({ errorState: 'alerting', for: '2m' });
      const before = [...active.values()];
      const t1 = await evaluateAlertRule(r, active, ctx(M, failing));
      const errorInstance = [...t1.active.values()].find((a) => a.labels.reason === 'Error')!;
      expect(errorInstance).toMatchObject({ state: 'pending', labels: { alertname: 'Test', cluster: 'prod-eu', reason: 'Error' }, annotations: { error: 'connection refused by prometheus:9090' } });
      expect([...t1.active.values()].filter((a) => a.labels.reason === undefined)).toEqual(before);
      const t3 = await evaluateAlertRule(r, t1.active, ctx(3 * M, failing));
      expect(t3.transitions.map((t) => `${t.labels.reason ?? '-'}:${t.kind}`)).toEqual(['Error:firing']);
      // Prometheus answers again: the Error instance resolves (it is absent from the result), and
      // the series' instance, pending since 0 with its timer kept through the outage, fires (4m >= 2m).
      const back = await evaluateAlertRule(r, t3.active, ctx(4 * M, answering([{ labels: { instance: 'a' }, value: 5 }])));
      expect(back.transitions.map((t) => `${t.labels.reason ?? '-'}:${t.kind}`)).toEqual(['Error:resolved', '-:firing']);
      expect([...back.active.values()].map((a) => a.activeAt)).toEqual([0]);
    });
  });

  describe('no data', () => {
    it('ok (default, as Prometheus): instances resolve', async () => {
      const { r, active } = await firingOn({});
      const result = await evaluateAlertRule(r, active, ctx(M, answering([])));
      expect(result.health).toBe('nodata');
      expect(result.transitions.map((t) => t.kind)).toEqual(['resolved']);
    });

    it('keep_last: instances stay as they were', async () => {
      const { r, active } = await firingOn({ noDataState: 'keep_last' });
      const result = await evaluateAlertRule(r, active, ctx(M, answering([])));
      expect(result.transitions).toEqual([]);
      expect(result.active).toEqual(active);
    });

    it('alerting: a reason="NoData" instance fires, with NaN as its value', async () => {
      const result = await evaluateAlertRule(rule({ noDataState: 'alerting' }), new Map(), ctx(0, answering([])));
      const instances: AlertInstance[] = [...result.active.values()];
      expect(instances).toHaveLength(1);
      expect(instances[0]).toMatchObject({ state: 'firing', labels: { alertname: 'Test', cluster: 'prod-eu', reason: 'NoData' } });
      expect(instances[0]!.value).toBeNaN();
    });
  });
});
