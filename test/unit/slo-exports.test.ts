import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parsePromQLOrThrow } from '../../lib/prometheus/inject-selector';
import { toPrometheusRules } from '../../lib/slo/exports/prometheus-rules';
import { toPyrraSLO } from '../../lib/slo/exports/pyrra';
import { toSlothAlertWindows, toSlothSpec } from '../../lib/slo/exports/sloth';
import { type SloInput, sloInputSchema } from '../../lib/slo/slo-schema';

const ERRORS = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{window}}]))';
const TOTAL = 'sum(rate(http_requests_total{job="checkout"}[{{window}}]))';
const LATENCY = { type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="checkout"', thresholdSeconds: 0.25 } as const;

const slo = (overrides: Partial<SloInput> = {}) =>
  sloInputSchema.parse({
    name: 'Checkout availability',
    description: 'Checkout answers.',
    objective: 99.9,
    window: '7d',
    sli: { type: 'ratio', errors: ERRORS, total: TOTAL },
    labels: { team: 'payments' },
    alerting: { runbookUrl: 'https://runbooks.example/checkout' },
    ...overrides,
  });

interface RuleFile {
  groups: Array<{ name: string; interval: string; rules: Array<Record<string, any>> }>;
}

describe('toPrometheusRules', () => {
  const file = YAML.parse(toPrometheusRules(slo())) as RuleFile;
  const [group] = file.groups;
  const records = group!.rules.filter((r) => r.record);
  const alerts = group!.rules.filter((r) => r.alert);

  it('records the error ratio for every window of the 7d table, shortest first, before the alerts', () => {
    // 7d windows: 14m/1m10s, 1h24m/7m, 5h36m/28m, 16h48m/1h24m; 1h24m is used twice.
    expect(group).toMatchObject({ name: 'slo:Checkout availability', interval: '1m' });
    expect(records.map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate1m10s',
      'slo:sli_error:ratio_rate7m',
      'slo:sli_error:ratio_rate14m',
      'slo:sli_error:ratio_rate28m',
      'slo:sli_error:ratio_rate1h24m',
      'slo:sli_error:ratio_rate5h36m',
      'slo:sli_error:ratio_rate16h48m',
    ]);
    expect(group!.rules.slice(0, 7)).toEqual(records);
    expect(records[0]).toEqual({
      record: 'slo:sli_error:ratio_rate1m10s',
      expr: '(sum(rate(http_requests_total{job="checkout",code=~"5.."}[1m10s]))) / (sum(rate(http_requests_total{job="checkout"}[1m10s])))',
      labels: { slo: 'Checkout availability' },
    });
  });

  it('alerts on the recorded series with the same labels as the engine rules', () => {
    expect(alerts).toHaveLength(4);
    expect(alerts[0]).toMatchObject({
      alert: 'SLOErrorBudgetBurn',
      expr:
        '(slo:sli_error:ratio_rate1m10s{slo="Checkout availability"}) > (14.4 * 0.001)\nand\n' +
        '(slo:sli_error:ratio_rate14m{slo="Checkout availability"}) > (14.4 * 0.001)',
      labels: { severity: 'page', team: 'payments', slo: 'Checkout availability', long_window: '14m', short_window: '1m10s' },
      annotations: { runbook_url: 'https://runbooks.example/checkout' },
    });
    expect(alerts.map((a) => [a.labels.severity, a.labels.long_window])).toEqual([
      ['page', '14m'],
      ['page', '1h24m'],
      ['ticket', '5h36m'],
      ['ticket', '16h48m'],
    ]);
    for (const rule of group!.rules) expect(() => parsePromQLOrThrow(rule.expr)).not.toThrow();
    for (const alert of alerts) expect(Object.keys(alert)).toEqual(['alert', 'expr', 'labels', 'annotations']);
  });

  it('records only the windows of enabled alerts, or all of them when alerting is off', () => {
    const pageOnly = (YAML.parse(toPrometheusRules(slo({ alerting: { ticket: false } }))) as RuleFile).groups[0]!.rules;
    expect(pageOnly.filter((r) => r.record).map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate1m10s',
      'slo:sli_error:ratio_rate7m',
      'slo:sli_error:ratio_rate14m',
      'slo:sli_error:ratio_rate1h24m',
    ]);
    expect(pageOnly.filter((r) => r.alert)).toHaveLength(2);
    const off = (YAML.parse(toPrometheusRules(slo({ alerting: { page: false, ticket: false } }))) as RuleFile).groups[0]!.rules;
    expect(off.map((r) => r.record)).toHaveLength(7);
  });

  it('quotes SLO names in the alert selectors', () => {
    const text = toPrometheusRules(slo({ name: 'api/v1: checkout' }));
    expect(text).toContain('slo:sli_error:ratio_rate14m{slo="api/v1: checkout"}');
  });
});

describe('toSlothSpec', () => {
  it('writes a prometheus/v1 spec with events queries on {{.window}}', () => {
    const spec = YAML.parse(toSlothSpec(slo()));
    expect(spec).toEqual({
      version: 'prometheus/v1',
      service: 'kubewatch',
      slos: [
        {
          name: 'checkout-availability',
          objective: 99.9,
          description: 'Checkout answers.',
          labels: { slo: 'Checkout availability' },
          sli: {
            events: {
              error_query: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
              total_query: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
            },
          },
          alerting: {
            name: 'SLOErrorBudgetBurn',
            labels: { team: 'payments' },
            annotations: { runbook_url: 'https://runbooks.example/checkout' },
            page_alert: { labels: { severity: 'page' } },
            ticket_alert: { labels: { severity: 'ticket' } },
          },
        },
      ],
    });
    expect(toSlothSpec(slo())).toContain('--default-slo-period=7d');
  });

  it('expresses good-event and latency SLIs as error events, and disabled alerts', () => {
    const good = YAML.parse(toSlothSpec(slo({ sli: { type: 'ratio', good: 'sum(rate(ok_total[{{window}}]))', total: 'sum(rate(all_total[{{window}}]))' } }), { service: 'Shop' }));
    expect(good.service).toBe('shop');
    expect(good.slos[0].sli.events).toEqual({
      error_query: '(sum(rate(all_total[{{.window}}]))) - ((sum(rate(ok_total[{{.window}}]))) or (0 * (sum(rate(all_total[{{.window}}])))))',
      total_query: 'sum(rate(all_total[{{.window}}]))',
    });
    const latency = YAML.parse(toSlothSpec(slo({ sli: LATENCY, alerting: { ticket: false } })));
    expect(latency.slos[0].sli.events).toEqual({
      error_query:
        'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{le="0.25",job="checkout"}[{{.window}}]))',
      total_query: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))',
    });
    expect(latency.slos[0].alerting.ticket_alert).toEqual({ disable: true });
  });
});

describe('toSlothAlertWindows', () => {
  it("is Sloth's built-in table for 30d", () => {
    // Sloth's internal/alert/windows/google-30d.yaml: 2% 5m/1h, 5% 30m/6h, 10% 2h/1d, 10% 6h/3d.
    expect(YAML.parse(toSlothAlertWindows('30d'))).toEqual({
      version: 'alertWindows/v1',
      sloPeriod: '30d',
      page: { quick: { errorBudgetPercent: 2, shortWindow: '5m', longWindow: '1h' }, slow: { errorBudgetPercent: 5, shortWindow: '30m', longWindow: '6h' } },
      ticket: { quick: { errorBudgetPercent: 10, shortWindow: '2h', longWindow: '1d' }, slow: { errorBudgetPercent: 10, shortWindow: '6h', longWindow: '3d' } },
    });
  });

  it('is our scaled table for 7d (so Sloth derives factor 0.02 * 7d / 14m = 14.4 again)', () => {
    expect(YAML.parse(toSlothAlertWindows('7d'))).toMatchObject({
      sloPeriod: '7d',
      page: { quick: { errorBudgetPercent: 2, shortWindow: '1m10s', longWindow: '14m' }, slow: { errorBudgetPercent: 5, shortWindow: '7m', longWindow: '1h24m' } },
      ticket: { quick: { errorBudgetPercent: 10, shortWindow: '28m', longWindow: '5h36m' }, slow: { errorBudgetPercent: 10, shortWindow: '1h24m', longWindow: '16h48m' } },
    });
  });
});

describe('toPyrraSLO', () => {
  it('writes a ServiceLevelObjective with plain selectors for a sum(rate()) ratio', () => {
    const result = toPyrraSLO(slo(), { namespace: 'shop', resourceLabels: { role: 'alert-rules' } });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(YAML.parse(result.yaml)).toEqual({
      apiVersion: 'pyrra.dev/v1alpha1',
      kind: 'ServiceLevelObjective',
      metadata: {
        name: 'checkout-availability',
        namespace: 'shop',
        labels: { role: 'alert-rules', 'pyrra.dev/team': 'payments' },
        annotations: { 'pyrra.dev/runbook_url': 'https://runbooks.example/checkout' },
      },
      spec: {
        description: 'Checkout answers.',
        target: '99.9',
        window: '7d',
        indicator: {
          ratio: {
            errors: { metric: 'http_requests_total{job="checkout",code=~"5.."}' },
            total: { metric: 'http_requests_total{job="checkout"}' },
          },
        },
        alerting: { burnrates: true },
      },
    });
  });

  it('keeps a common grouping and writes latency SLIs as success and total selectors', () => {
    const grouped = toPyrraSLO(slo({ sli: { type: 'ratio', errors: 'sum by (route) (rate(req_total{code="500"}[{{window}}]))', total: '(sum(rate(req_total[{{window}}])) by (route))' } }));
    expect(grouped.ok && YAML.parse(grouped.yaml).spec.indicator).toEqual({
      ratio: { errors: { metric: 'req_total{code="500"}' }, total: { metric: 'req_total' }, grouping: ['route'] },
    });
    const latency = toPyrraSLO(slo({ sli: LATENCY, labels: {}, alerting: { page: false, ticket: false } }));
    expect(latency.ok && YAML.parse(latency.yaml).spec).toMatchObject({
      target: '99.9',
      indicator: {
        latency: {
          success: { metric: 'http_request_duration_seconds_bucket{le="0.25",job="checkout"}' },
          total: { metric: 'http_request_duration_seconds_count{job="checkout"}' },
        },
      },
      alerting: { burnrates: false },
    });
  });

  it('lists why an SLO cannot be written for Pyrra instead of writing a different one', () => {
    const arithmetic = toPyrraSLO(slo({ sli: { type: 'ratio', errors: 'sum(rate(a_total[{{window}}])) + sum(rate(b_total[{{window}}]))', total: 'sum(rate(x_total{a="b"}[{{window}}]) * 2)' } }));
    expect(arithmetic.ok).toBe(false);
    expect(!arithmetic.ok && arithmetic.problems).toEqual([expect.stringMatching(/^sli\.errors: .*not a sum\(\)/), expect.stringMatching(/^sli\.total: .*a sum\(\) of something other than rate\(\)/)]);
    const good = toPyrraSLO(slo({ sli: { type: 'ratio', good: 'sum(rate(ok_total[{{window}}]))', total: 'sum(rate(all_total[{{window}}]))' } }));
    expect(!good.ok && good.problems).toEqual([expect.stringContaining('needs the failed events (errors)')]);
    const other = toPyrraSLO(slo({ sli: { type: 'ratio', errors: 'max(rate(a_total[{{window}}]))', total: 'sum by (x) (rate(b_total[{{window}}]))' } }));
    expect(!other.ok && other.problems).toEqual([expect.stringContaining('aggregation with max()')]);
    const groups = toPyrraSLO(slo({ sli: { type: 'ratio', errors: 'sum(rate(a_total[{{window}}]))', total: 'sum by (x) (rate(b_total[{{window}}]))' } }));
    expect(!groups.ok && groups.problems).toEqual([expect.stringContaining('group by the same labels')]);
    const pageOnly = toPyrraSLO(slo({ alerting: { ticket: false }, labels: { team: 'pay ments' } }));
    expect(!pageOnly.ok && pageOnly.problems).toEqual([expect.stringContaining('only the page or only the ticket'), expect.stringContaining('label team="pay ments"')]);
  });
});
