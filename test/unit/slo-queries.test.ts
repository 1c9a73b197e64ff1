import { describe, expect, it } from 'vitest';
import { parsePromQLOrThrow } from '../../lib/prometheus/inject-selector';
import { errorAndTotalCountQueries, errorRatioQuery, formatLe } from '../../lib/slo/sli-queries';
import { type Sli, sliSchema } from '../../lib/slo/slo-schema';

const errorsSli = sliSchema.parse({ type: 'ratio', errors: 'sum(rate(req_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(req_total[{{window}}]))' });
const goodSli = sliSchema.parse({ type: 'ratio', good: 'sum(rate(req_total{code!~"5.."}[{{window}}]))', total: 'sum(rate(req_total[{{window}}]))' });
const latencySli = sliSchema.parse({ type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="api"', thresholdSeconds: 0.5 });
const bareLatencySli = sliSchema.parse({ type: 'latency', metric: 'http_request_duration_seconds', thresholdSeconds: 1 });

describe('formatLe', () => {
  it('writes bucket boundaries as Go clients do (FormatFloat g -1)', () => {
    expect([0.005, 0.025, 0.5, 1, 2.5, 10, 100000].map(formatLe)).toEqual(['0.005', '0.025', '0.5', '1', '2.5', '10', '100000']);
    expect([1e-5, 1e6, 1.5e7].map(formatLe)).toEqual(['1e-05', '1e+06', '1.5e+07']);
  });

  it('refuses +Inf, zero and negative thresholds', () => {
    for (const bad of [Number.POSITIVE_INFINITY, 0, -1, Number.NaN]) expect(() => formatLe(bad)).toThrow();
  });
});

describe('errorRatioQuery', () => {
  it('divides errors by total', () => {
    expect(errorRatioQuery(errorsSli, '5m')).toBe('(sum(rate(req_total{code=~"5.."}[5m]))) / (sum(rate(req_total[5m])))');
  });

  it('subtracts the good share from 1, counting absent good series as 0 (a total outage)', () => {
    expect(errorRatioQuery(goodSli, '1h')).toBe(
      '1 - (((sum(rate(req_total{code!~"5.."}[1h]))) or (0 * (sum(rate(req_total[1h]))))) / (sum(rate(req_total[1h]))))',
    );
  });

  it("takes the threshold bucket's share from 1 for latency", () => {
    expect(errorRatioQuery(latencySli, '30m')).toBe(
      '1 - (sum(rate(http_request_duration_seconds_bucket{le="0.5",job="api"}[30m])) / sum(rate(http_request_duration_seconds_count{job="api"}[30m])))',
    );
    expect(errorRatioQuery(bareLatencySli, '5m')).toBe(
      '1 - (sum(rate(http_request_duration_seconds_bucket{le="1"}[5m])) / sum(rate(http_request_duration_seconds_count[5m])))',
    );
  });

  it('takes windows as milliseconds too, and refuses bad duration text', () => {
    expect(errorRatioQuery(errorsSli, 70_000)).toBe('(sum(rate(req_total{code=~"5.."}[1m10s]))) / (sum(rate(req_total[1m10s])))');
    expect(() => errorRatioQuery(errorsSli, '5 minutes')).toThrow();
  });
});

describe('errorAndTotalCountQueries', () => {
  it('turns per-second rates into counts: rate x window seconds (1h = 3600 s)', () => {
    expect(errorAndTotalCountQueries(errorsSli, '1h')).toEqual({
      errors: '(sum(rate(req_total{code=~"5.."}[1h]))) * 3600',
      total: '(sum(rate(req_total[1h]))) * 3600',
    });
    // 1m10s = 70 s.
    expect(errorAndTotalCountQueries(goodSli, '1m10s')).toEqual({
      errors: '((sum(rate(req_total[1m10s]))) - ((sum(rate(req_total{code!~"5.."}[1m10s]))) or (0 * (sum(rate(req_total[1m10s])))))) * 70',
      total: '(sum(rate(req_total[1m10s]))) * 70',
    });
  });

  it('counts slow requests as all minus those in the threshold bucket', () => {
    expect(errorAndTotalCountQueries(latencySli, '1h')).toEqual({
      errors:
        'sum(increase(http_request_duration_seconds_count{job="api"}[1h])) - sum(increase(http_request_duration_seconds_bucket{le="0.5",job="api"}[1h]))',
      total: 'sum(increase(http_request_duration_seconds_count{job="api"}[1h]))',
    });
  });

  it('produces PromQL that parses, for every SLI kind', () => {
    for (const sli of [errorsSli, goodSli, latencySli, bareLatencySli] as Sli[]) {
      const { errors, total } = errorAndTotalCountQueries(sli, '1h');
      for (const query of [errors, total, errorRatioQuery(sli, '5m')]) expect(() => parsePromQLOrThrow(query), query).not.toThrow();
    }
  });
});
