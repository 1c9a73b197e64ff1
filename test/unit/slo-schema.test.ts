import { describe, expect, it } from 'vitest';
import { sloInputSchema } from '../../lib/slo/slo-schema';

const RATIO = {
  type: 'ratio',
  errors: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{window}}]))',
  total: 'sum(rate(http_requests_total{job="api"}[{{window}}]))',
} as const;

const valid = { name: 'api availability', objective: 99.9, window: '30d', sli: RATIO };

/** The issues of a rejected input as [path, message] pairs. */
function issues(input: unknown): Array<[string, string]> {
  const result = sloInputSchema.safeParse(input);
  if (result.success) throw new Error(`accepted: ${JSON.stringify(result.data)}`);
  return result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const paths = (input: unknown) => issues(input).map(([path]) => path);

describe('sloInputSchema accepts', () => {
  it('a ratio SLO, with defaults for scope and alerting', () => {
    expect(sloInputSchema.parse(valid)).toEqual({
      name: 'api availability',
      objective: 99.9,
      window: '30d',
      scope: { type: 'all' },
      sli: RATIO,
      alerting: { page: true, ticket: true },
    });
  });

  it("Sloth's {{.window}} spelling and inner spaces, stored as {{window}}", () => {
    const slo = sloInputSchema.parse({ ...valid, sli: { type: 'ratio', good: 'sum(rate(ok_total[{{ .window }}]))', total: 'sum(rate(all_total[{{ window }}]))' } });
    expect(slo.sli).toEqual({ type: 'ratio', good: 'sum(rate(ok_total[{{window}}]))', total: 'sum(rate(all_total[{{window}}]))' });
  });

  it('a latency SLO; the selector is stored in canonical form', () => {
    const slo = sloInputSchema.parse({
      ...valid,
      window: '7d',
      sli: { type: 'latency', metric: 'apiserver_request_duration_seconds', selector: " verb!='WATCH' , job = \"apiserver\" ", thresholdSeconds: 0.5 },
    });
    expect(slo.sli).toEqual({ type: 'latency', metric: 'apiserver_request_duration_seconds', selector: 'verb!="WATCH",job="apiserver"', thresholdSeconds: 0.5 });
  });

  it('objectives with up to 5 decimals, every window, scopes, labels, annotations and a runbook', () => {
    for (const objective of [99, 99.5, 99.95, 99.999, 99.99999, 0.00001]) expect(sloInputSchema.parse({ ...valid, objective }).objective).toBe(objective);
    for (const window of ['7d', '28d', '30d']) expect(sloInputSchema.parse({ ...valid, window }).window).toBe(window);
    const slo = sloInputSchema.parse({
      ...valid,
      scope: { type: 'selector', selector: 'env=prod' },
      labels: { team: 'payments', tier: '{{ if true }}1{{ end }}' },
      annotations: { dashboard: 'https://grafana.example/d/api' },
      alerting: { ticket: false, runbookUrl: 'https://runbooks.example/api' },
    });
    expect(slo).toMatchObject({ labels: { team: 'payments' }, alerting: { page: true, ticket: false, runbookUrl: 'https://runbooks.example/api' } });
  });
});

describe('sloInputSchema rejects, at the field', () => {
  it('objectives outside (0, 100) or with more than 5 decimals', () => {
    expect(paths({ ...valid, objective: 100 })).toEqual(['objective']);
    expect(paths({ ...valid, objective: 0 })).toEqual(['objective']);
    expect(paths({ ...valid, objective: -1 })).toEqual(['objective']);
    expect(issues({ ...valid, objective: 99.123456 })).toEqual([['objective', 'the objective has at most 5 decimals (e.g. 99.999)']]);
    expect(paths({ ...valid, objective: '99.9' })).toEqual(['objective']);
  });

  it('other windows', () => {
    expect(paths({ ...valid, window: '14d' })).toEqual(['window']);
    expect(paths({ ...valid, window: '4w' })).toEqual(['window']);
  });

  it('names that are empty, too long, or carry template or odd characters', () => {
    expect(paths({ ...valid, name: '' })).toEqual(['name']);
    expect(paths({ ...valid, name: 'a'.repeat(101) })).toEqual(['name']);
    expect(sloInputSchema.parse({ ...valid, name: 'a'.repeat(100) }).name).toHaveLength(100);
    expect(paths({ ...valid, name: 'api {{ $value }}' })).toEqual(['name']);
    expect(paths({ ...valid, name: 'line\nbreak' })).toEqual(['name']);
    expect(paths({ ...valid, name: '-api' })).toEqual(['name']);
  });

  it('ratio SLIs without exactly one of errors and good', () => {
    expect(issues({ ...valid, sli: { type: 'ratio', total: RATIO.total } })).toEqual([
      ['sli.errors', 'give exactly one of errors (failed events) or good (successful events), next to total'],
    ]);
    expect(paths({ ...valid, sli: { ...RATIO, good: RATIO.total } })).toEqual(['sli.good']);
  });

  it('queries without the placeholder, with it outside rate(), or that do not parse', () => {
    const [[path, message]] = issues({ ...valid, sli: { ...RATIO, total: 'sum(rate(http_requests_total[5m]))' } }) as [[string, string]];
    expect(path).toBe('sli.total');
    expect(message).toContain('{{window}}');
    for (const errors of ['sum(increase(x[{{window}}]))', 'sum_over_time(x[{{window}}])', 'sum(rate(x[5m])) offset {{window}}']) {
      const [[where, text]] = issues({ ...valid, sli: { ...RATIO, errors } }) as [[string, string]];
      expect(where).toBe('sli.errors');
      expect(text).toMatch(/rate\(\)|PromQL syntax error/);
    }
    expect(issues({ ...valid, sli: { ...RATIO, errors: 'sum(rate(x{[{{window}}]))' } })[0]).toEqual([
      'sli.errors',
      expect.stringContaining('with {{window}} set to 5m: PromQL syntax error'),
    ]);
    // A subquery range is not a rate over the window either, nor is a shifted window.
    expect(issues({ ...valid, sli: { ...RATIO, errors: 'max_over_time(rate(x[1m])[{{window}}:1m])' } })).toEqual([['sli.errors', expect.stringContaining('(found it in a subquery)')]]);
    expect(issues({ ...valid, sli: { ...RATIO, errors: 'sum(rate(x[{{window}}] offset 1h))' } })).toEqual([['sli.errors', expect.stringContaining('offset or @')]]);
    expect(issues({ ...valid, sli: { ...RATIO, errors: 'sum(increase(x[{{window}}]))' } })).toEqual([['sli.errors', expect.stringContaining('(found it in increase())')]]);
  });

  it('latency SLIs with a suffixed metric, a selector on le or __name__, a bad selector, or a non-positive threshold', () => {
    const latency = { type: 'latency', metric: 'http_request_duration_seconds', thresholdSeconds: 0.25 };
    expect(paths({ ...valid, sli: { ...latency, metric: 'http_request_duration_seconds_bucket' } })).toEqual(['sli.metric']);
    expect(paths({ ...valid, sli: { ...latency, metric: '0abc' } })).toEqual(['sli.metric']);
    expect(paths({ ...valid, sli: { ...latency, selector: 'le="0.5"' } })).toEqual(['sli.selector']);
    expect(paths({ ...valid, sli: { ...latency, selector: '__name__="x"' } })).toEqual(['sli.selector']);
    expect(issues({ ...valid, sli: { ...latency, selector: 'job=' } })).toEqual([['sli.selector', expect.stringContaining('invalid matcher set')]]);
    for (const thresholdSeconds of [0, -1, Number.POSITIVE_INFINITY]) expect(paths({ ...valid, sli: { ...latency, thresholdSeconds } })).toEqual(['sli.thresholdSeconds']);
  });

  it('labels the alerts set themselves, and what rule labels refuse', () => {
    for (const name of ['slo', 'severity', 'long_window', 'short_window', 'alertname', 'cluster']) {
      expect(issues({ ...valid, labels: { [name]: 'x' } })).toEqual([[`labels.${name}`, `"${name}" is set on every SLO alert and cannot be an extra label`]]);
    }
    expect(paths({ ...valid, labels: { 'a-b': 'x', __reserved: 'y', team: '{{ .Unclosed', slo: 'z' } }).sort()).toEqual([
      'labels.__reserved',
      'labels.a-b',
      'labels.slo',
      'labels.team',
    ]);
  });

  it('annotations that are not valid templates, and runbook URLs that are not http(s)', () => {
    expect(paths({ ...valid, annotations: { summary: '{{ end }}' } })).toEqual(['annotations.summary']);
    expect(paths({ ...valid, alerting: { runbookUrl: 'javascript:alert(1)' } })).toEqual(['alerting.runbookUrl']);
    expect(paths({ ...valid, alerting: { runbookUrl: 'not a url' } })).toEqual(['alerting.runbookUrl']);
  });

  it('unknown fields and bad scopes', () => {
    expect(issues({ ...valid, target: 99 })).toEqual([['', expect.stringContaining('target')]]);
    expect(paths({ ...valid, sli: { ...RATIO, extra: 1 } })).toEqual(['sli']);
    expect(paths({ ...valid, alerting: { pager: true } })).toEqual(['alerting']);
    expect(paths({ ...valid, scope: { type: 'cluster', clusterId: 'prod' } })).toEqual(['scope.clusterId']);
    expect(paths({ ...valid, sli: { type: 'histogram' } })).toEqual(['sli.type']);
  });
});
