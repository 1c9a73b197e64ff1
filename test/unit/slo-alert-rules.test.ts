import { describe, expect, it } from 'vitest';
import { parsePromQLOrThrow } from '../../lib/prometheus/inject-selector';
import { alertRuleInputSchema, ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { renderTemplate } from '../../lib/rules/template';
import { burnThreshold, SLO_ALERT_NAME, sloAlertRules, sloRuleGroup } from '../../lib/slo/alert-rules';
import { type SloInput, sloInputSchema } from '../../lib/slo/slo-schema';

const ERRORS = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{window}}]))';
const TOTAL = 'sum(rate(http_requests_total{job="checkout"}[{{window}}]))';
const CLUSTER_ID = '6f1c2d9e-8a4b-4c3d-9e2f-1a2b3c4d5e6f';

const slo = (overrides: Partial<SloInput> = {}) =>
  sloInputSchema.parse({
    name: 'checkout',
    objective: 99.9,
    window: '30d',
    scope: { type: 'cluster', clusterId: CLUSTER_ID },
    sli: { type: 'ratio', errors: ERRORS, total: TOTAL },
    labels: { team: 'payments' },
    ...overrides,
  });

const ratio = (w: string) => `(sum(rate(http_requests_total{job="checkout",code=~"5.."}[${w}]))) / (sum(rate(http_requests_total{job="checkout"}[${w}])))`;

describe('sloAlertRules', () => {
  it('makes one rule per row of the table, told apart by labels', () => {
    const rules = sloAlertRules(slo());
    expect(rules.map((r) => [r.alert, r.severity, r.labels])).toEqual([
      [SLO_ALERT_NAME, 'page', { team: 'payments', slo: 'checkout', long_window: '1h', short_window: '5m' }],
      [SLO_ALERT_NAME, 'page', { team: 'payments', slo: 'checkout', long_window: '6h', short_window: '30m' }],
      [SLO_ALERT_NAME, 'ticket', { team: 'payments', slo: 'checkout', long_window: '1d', short_window: '2h' }],
      [SLO_ALERT_NAME, 'ticket', { team: 'payments', slo: 'checkout', long_window: '3d', short_window: '6h' }],
    ]);
  });

  it('compares both windows with factor x (1 - objective)', () => {
    const [page] = sloAlertRules(slo());
    expect(page!.expr).toBe(`(${ratio('5m')}) > (14.4 * 0.001)\nand\n(${ratio('1h')}) > (14.4 * 0.001)`);
    expect(() => parsePromQLOrThrow(page!.expr!)).not.toThrow();
    const [, , , slowTicket] = sloAlertRules(slo({ window: '7d' }));
    expect(slowTicket!.expr).toBe(`(${ratio('1h24m')}) > (1 * 0.001)\nand\n(${ratio('16h48m')}) > (1 * 0.001)`);
  });

  it('writes the allowed error ratio without floating-point noise', () => {
    // 100 - 99.95 = 0.05% -> 0.0005; 99.99 -> 0.0001; 99.999 -> 0.00001; 99.99999 -> 0.0000001; 99 -> 0.01.
    expect(burnThreshold(14.4, 99.95)).toBe('(14.4 * 0.0005)');
    expect(burnThreshold(6, 99.99)).toBe('(6 * 0.0001)');
    expect(burnThreshold(3, 99.999)).toBe('(3 * 0.00001)');
    expect(burnThreshold(1, 99.99999)).toBe('(1 * 1e-7)');
    expect(burnThreshold(14.4, 99)).toBe('(14.4 * 0.01)');
    expect(() => parsePromQLOrThrow(`up > ${burnThreshold(1, 99.99999)}`)).not.toThrow();
  });

  it('has no for and no keep_firing_for, and passes the alert rule schema', () => {
    for (const rule of sloAlertRules(slo())) {
      expect(rule.for).toBeUndefined();
      expect(rule.keepFiringFor).toBeUndefined();
      const parsed = alertRuleInputSchema.safeParse(rule);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      expect(parsed.data).toMatchObject({ for: '0s', keepFiringFor: '0s', noDataState: 'ok' });
    }
  });

  it('only makes the rows alerting enables', () => {
    expect(sloAlertRules(slo({ alerting: { ticket: false } })).map((r) => r.labels!.long_window)).toEqual(['1h', '6h']);
    expect(sloAlertRules(slo({ alerting: { page: false } })).map((r) => r.labels!.long_window)).toEqual(['1d', '3d']);
    expect(sloAlertRules(slo({ alerting: { page: false, ticket: false } }))).toEqual([]);
  });

  it('renders summary and description with the numbers of the row', async () => {
    const [page, , ticket] = sloAlertRules(slo({ alerting: { runbookUrl: 'https://runbooks.example/checkout' } }));
    const render = (text: string, labels: Record<string, string>, value: number) =>
      renderTemplate(text, { labels, value, externalLabels: {}, externalURL: '' }, { time: new Date(0) });
    expect(page!.annotations!.runbook_url).toBe('https://runbooks.example/checkout');
    expect(await render(page!.annotations!.summary!, {}, 0.05)).toBe('SLO checkout: error budget burning over 14.4× the sustainable rate (1h and 5m windows)');
    // 0.05 -> humanizePercentage "5%"; threshold 14.4 * 0.1% = 1.44%; 30d / 14.4 = 50h = 2d2h.
    expect(await render(page!.annotations!.description!, { cluster: 'prod-eu' }, 0.05)).toBe(
      '5% of requests failed over the last 5m in cluster prod-eu; over both 1h and 5m more than 1.44% failed, 14.4× the 0.1% ' +
        'error budget of the 99.9% objective. At that rate 2% of the 30d error budget burns every 1h, and all of it within 2d2h.',
    );
    // 0.0045 -> "0.45%"; 3 * 0.1% = 0.3%; 30d / 3 = 10d; no cluster label (a rule file in one cluster).
    expect(await render(ticket!.annotations!.description!, {}, 0.0045)).toBe(
      '0.45% of requests failed over the last 2h; over both 1d and 2h more than 0.3% failed, 3× the 0.1% ' +
        'error budget of the 99.9% objective. At that rate 10% of the 30d error budget burns every 1d, and all of it within 10d.',
    );
  });

  it("lets the SLO's annotations replace generated ones", () => {
    const [page] = sloAlertRules(slo({ annotations: { summary: 'custom', owner: 'payments' }, alerting: { runbookUrl: 'https://r.example/x' } }));
    expect(page!.annotations).toMatchObject({ summary: 'custom', owner: 'payments', runbook_url: 'https://r.example/x' });
    expect(page!.annotations!.description).toContain('1.44%');
  });
});

describe('sloRuleGroup', () => {
  it('is a rule group the rule group schema accepts, scoped like the SLO', () => {
    const group = sloRuleGroup(slo());
    const parsed = ruleGroupInputSchema.safeParse(group);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(parsed.data).toMatchObject({ name: 'slo:checkout', interval: '1m', scope: { type: 'cluster', clusterId: CLUSTER_ID }, paused: false });
    expect(parsed.data!.rules).toHaveLength(4);
  });

  it('takes interval and paused options, and is null without any alert', () => {
    expect(ruleGroupInputSchema.parse(sloRuleGroup(slo(), { interval: '30s', paused: true }))).toMatchObject({ interval: '30s', paused: true });
    expect(sloRuleGroup(slo({ alerting: { page: false, ticket: false } }))).toBeNull();
  });
});
