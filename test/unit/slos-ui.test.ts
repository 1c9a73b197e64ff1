// The SLO pages' pure parts: budget words and number texts, the alerts-board link, and the form's
// draft, which must turn every template (and a stored SLO) back into input the schema accepts
// unchanged.
import { describe, expect, it } from 'vitest';
import { draftObjective, draftToInput, emptyDraft, sloToDraft } from '@/app/slos/slo-draft';
import { budgetMinutesText, budgetState, burnRateText, exhaustionText, exhaustionValue, percent, sliText, sliTypeText, sloAlertsHref } from '@/app/slos/slo-text';
import { parsePromMatchers } from '@/lib/prometheus/matchers';
import { sloInputSchema } from '@/lib/slo/slo-schema';
import { SLO_TEMPLATES } from '@/lib/slo/slo-templates';

describe('SLO numbers in words', () => {
  it('budget states: healthy from 50%, at risk from 0, exhausted below 0', () => {
    expect([1, 0.5, 0.4999, 0, -0.0001, -3].map(budgetState)).toEqual(['healthy', 'healthy', 'at-risk', 'at-risk', 'exhausted', 'exhausted']);
    expect(percent(0.3339)).toBe('33.4%');
    expect(percent(-0.5)).toBe('-50.0%');
  });

  it('SLI decimals follow the objective; burn rates and exhaustion read as text', () => {
    expect(sliText(0.996612, 99.5)).toBe('99.66%');
    expect(sliText(0.999512, 99.95)).toBe('99.951%');
    expect(sliText(null, 99.9)).toBe('no traffic');
    expect([null, 0, 4, 14.44, 250].map(burnRateText)).toEqual(['no traffic', '0×', '4.00×', '14.4×', '250×']);
    expect(exhaustionText(3 * 86_400_000 + 4 * 3_600_000, 0.5)).toBe('at this rate: 3d 4h');
    expect(exhaustionText(null, 0.5)).toBe('not burning');
    expect(exhaustionText(0, -0.2)).toBe('budget spent');
    expect(exhaustionValue(49_000_000, 0.3)).toBe('13h 36m');
    expect(budgetMinutesText(16.75)).toBe('16m 45s of full outage left');
    expect(budgetMinutesText(-90)).toBe('overspent by 1h 30m of full outage');
  });

  it('the alerts link filters on the slo label, quotes escaped', () => {
    const href = sloAlertsHref('api "edge"');
    const filter = new URL(href, 'http://x').searchParams.get('filter')!;
    expect(parsePromMatchers(`{${filter}}`)).toEqual([{ name: 'slo', type: '=', value: 'api "edge"' }]);
  });
});

describe('the SLO form draft', () => {
  it.each(SLO_TEMPLATES.map((t) => [t.id, t] as const))('template %s goes through the form unchanged', (_id, template) => {
    const input = draftToInput(sloToDraft(template.slo));
    expect(sloInputSchema.parse(input)).toEqual(sloInputSchema.parse(template.slo));
    expect(sliTypeText(template.slo.sli)).toMatch(/^(ratio|latency)/);
  });

  it('a stored SLO with good events, a cluster scope, labels, annotations and a runbook round-trips', () => {
    const stored = sloInputSchema.parse({
      name: 'search',
      description: 'Search answers',
      scope: { type: 'cluster', clusterId: '7d1f0c52-4a7e-4c59-9d51-2f3d0e9f3a11' },
      objective: 99.95,
      window: '28d',
      sli: { type: 'ratio', good: 'sum(rate(req_total{code!~"5.."}[{{window}}]))', total: 'sum(rate(req_total[{{window}}]))' },
      labels: { team: 'search' },
      annotations: { dashboard: 'https://grafana.example.com/d/search' },
      alerting: { page: false, ticket: true, runbookUrl: 'https://runbooks.example.com/search' },
    });
    const draft = sloToDraft(stored);
    expect(draft).toMatchObject({ ratioKind: 'good', scopeType: 'cluster', objective: '99.95', page: false });
    expect(sloInputSchema.parse(draftToInput(draft))).toEqual(stored);
  });

  it('what is typed is sent as typed, so the server names the problem at its field', () => {
    const draft = { ...emptyDraft(), name: 'x', objective: 'lots', sliType: 'latency' as const, metric: 'h', thresholdSeconds: '' };
    const input = draftToInput(draft);
    expect(input.objective).toBe('lots');
    expect(input.sli).toEqual({ type: 'latency', metric: 'h', thresholdSeconds: undefined });
    const issues = sloInputSchema.safeParse(input).error!.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(expect.arrayContaining(['objective', 'sli.thresholdSeconds']));
    expect(draftObjective(draft)).toBeUndefined();
    expect(draftObjective({ ...draft, objective: ' 99.9 ' })).toBe(99.9);
    expect(draftObjective({ ...draft, objective: '100' })).toBeUndefined();
  });
});
