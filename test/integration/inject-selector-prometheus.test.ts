// injectSelector against a real Prometheus: one server holds series of two clusters ("a" and "b",
// told apart by a `cluster` label, as on a shared Thanos/Mimir endpoint). For each query, the
// injected query must give exactly the result of the same query scoped by hand, and a different
// result than the unscoped query, to which both clusters contribute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectSelector } from '../../lib/prometheus/inject-selector';
import type { PromMatcher } from '../../lib/prometheus/matchers';
import { instantQuery, type PromApiResponse, type SyntheticPrometheus, startSyntheticPrometheus } from '../support/synthetic-series';

const SCOPE: PromMatcher[] = [{ name: 'cluster', type: '=', value: 'a' }];

/** Exposition text: counters grow with time at cluster-specific rates, gauges differ per cluster. */
function render(s: number): string {
  const t = Math.floor(s);
  const lines = [
    '# TYPE demo_requests_total counter',
    `demo_requests_total{cluster="a",service="api",code="200"} ${10 + 3 * s}`,
    `demo_requests_total{cluster="a",service="api",code="500"} ${1 * s}`,
    `demo_requests_total{cluster="a",service="web",code="200"} ${5 * s}`,
    `demo_requests_total{cluster="b",service="api",code="200"} ${7 * s}`,
    `demo_requests_total{cluster="b",service="api",code="500"} ${4 * s}`,
    `demo_requests_total{cluster="b",service="db",code="200"} ${2 * s}`,
    '# TYPE demo_node_cpu_seconds_total counter',
    `demo_node_cpu_seconds_total{cluster="a",node="a-1",mode="user"} ${0.5 * s}`,
    `demo_node_cpu_seconds_total{cluster="a",node="a-2",mode="user"} ${0.25 * s}`,
    `demo_node_cpu_seconds_total{cluster="b",node="b-1",mode="user"} ${0.75 * s}`,
    '# TYPE demo_node_info gauge',
    'demo_node_info{cluster="a",node="a-1",kernel="6.1"} 1',
    'demo_node_info{cluster="a",node="a-2",kernel="6.6"} 1',
    'demo_node_info{cluster="b",node="b-1",kernel="5.15"} 1',
    '# TYPE demo_memory_bytes gauge',
    `demo_memory_bytes{cluster="a",pod="api-1"} ${100 + t}`,
    'demo_memory_bytes{cluster="a",pod="api-2"} 300',
    'demo_memory_bytes{cluster="a",pod="web-1"} 50',
    `demo_memory_bytes{cluster="b",pod="api-1"} ${200 + 2 * t}`,
    'demo_memory_bytes{cluster="b",pod="db-1"} 900',
    'demo_memory_bytes{cluster="b",pod="db-2"} 800',
    '# TYPE demo_request_duration_seconds histogram',
  ];
  const buckets: Record<string, number[]> = { a: [2, 5, 6, 6], b: [0.5, 1, 4, 8] };
  for (const [cluster, perSecond] of Object.entries(buckets)) {
    ['0.1', '0.5', '1', '+Inf'].forEach((le, i) => {
      lines.push(`demo_request_duration_seconds_bucket{cluster="${cluster}",le="${le}"} ${(perSecond[i] ?? 0) * s}`);
    });
    lines.push(`demo_request_duration_seconds_sum{cluster="${cluster}"} ${(cluster === 'a' ? 2 : 5) * s}`);
    lines.push(`demo_request_duration_seconds_count{cluster="${cluster}"} ${(perSecond[3] ?? 0) * s}`);
  }
  return `${lines.join('\n')}\n`;
}

/** [original query, the same query with cluster="a" added by hand, result expected empty]. */
const PAIRS: [string, string, boolean?][] = [
  [
    'sum by (service) (rate(demo_requests_total[30s]))',
    'sum by (service) (rate(demo_requests_total{cluster="a"}[30s]))',
  ],
  [
    'sum(rate(demo_requests_total{code="500"}[30s])) / sum(rate(demo_requests_total[30s]))',
    'sum(rate(demo_requests_total{cluster="a",code="500"}[30s])) / sum(rate(demo_requests_total{cluster="a"}[30s]))',
  ],
  [
    'sum by (node, kernel) (rate(demo_node_cpu_seconds_total[30s]) * on(node) group_left(kernel) demo_node_info)',
    'sum by (node, kernel) (rate(demo_node_cpu_seconds_total{cluster="a"}[30s]) * on(node) group_left(kernel) demo_node_info{cluster="a"})',
  ],
  [
    'max_over_time(rate(demo_requests_total{service="api"}[10s])[30s:2s])',
    'max_over_time(rate(demo_requests_total{service="api",cluster="a"}[10s])[30s:2s])',
  ],
  [
    'histogram_quantile(0.9, sum by (le) (rate(demo_request_duration_seconds_bucket[30s])))',
    'histogram_quantile(0.9, sum by (le) (rate(demo_request_duration_seconds_bucket{cluster="a"}[30s])))',
  ],
  ['demo_memory_bytes offset 3s', 'demo_memory_bytes{cluster="a"} offset 3s'],
  ['absent(demo_requests_total{service="db"})', 'absent(demo_requests_total{cluster="a",service="db"})'],
  [
    'label_replace(demo_memory_bytes, "selector", "{cluster=\\"b\\"}", "pod", "(.*)")',
    'label_replace(demo_memory_bytes{cluster="a"}, "selector", "{cluster=\\"b\\"}", "pod", "(.*)")',
  ],
  ['count by (cluster) (demo_memory_bytes)', 'count by (cluster) (demo_memory_bytes{cluster="a"})'],
  ['topk(2, demo_memory_bytes)', 'topk(2, demo_memory_bytes{cluster="a"})'],
  [
    '{__name__=~"demo_memory_bytes|demo_node_info"}',
    '{cluster="a",__name__=~"demo_memory_bytes|demo_node_info"}',
  ],
  [
    'demo_memory_bytes @ end() - demo_memory_bytes offset 2s',
    'demo_memory_bytes{cluster="a"} @ end() - demo_memory_bytes{cluster="a"} offset 2s',
  ],
  [
    'sum without (pod) (demo_memory_bytes) and on(cluster) count by (cluster) (demo_node_info)',
    'sum without (pod) (demo_memory_bytes{cluster="a"}) and on(cluster) count by (cluster) (demo_node_info{cluster="a"})',
  ],
  [
    'sum by (service) (rate(demo_requests_total[30s])) / on(service) group_left() (sum by (service) (rate(demo_requests_total{code="500"}[30s])))',
    'sum by (service) (rate(demo_requests_total{cluster="a"}[30s])) / on(service) group_left() (sum by (service) (rate(demo_requests_total{code="500",cluster="a"}[30s])))',
  ],
  ['demo_memory_bytes > bool 250', 'demo_memory_bytes{cluster="a"} > bool 250'],
  ['quantile_over_time(0.5, (demo_memory_bytes)[10s:1s])', 'quantile_over_time(0.5, (demo_memory_bytes{cluster="a"})[10s:1s])'],
  ['count(count by (node) ({__name__="demo_node_info"}))', 'count(count by (node) ({__name__="demo_node_info",cluster="a"}))'],
  // An existing matcher on the same label is kept and ANDed: cluster b scoped to a is empty.
  ['demo_requests_total{cluster="b"}', 'demo_requests_total{cluster="b",cluster="a"}', true],
];

type Sample = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] };

/** The result with series in a fixed order (Prometheus does not promise one for unsorted queries). */
function normalize(res: PromApiResponse): unknown {
  expect(res.status, JSON.stringify(res)).toBe('success');
  const data = res.data!;
  if (data.resultType !== 'vector' && data.resultType !== 'matrix') return data;
  const key = (s: Sample) => JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => a.localeCompare(b)));
  const result = [...(data.result as Sample[])].sort((x, y) => key(x).localeCompare(key(y)));
  return { resultType: data.resultType, result };
}

describe('injectSelector against a real Prometheus with two clusters', () => {
  let prom: SyntheticPrometheus;
  let time: number;

  beforeAll(async () => {
    prom = await startSyntheticPrometheus({ render, minScrapes: 12 });
    // Evaluate every query at one fixed instant a little in the past, so that no scrape can land
    // in the queried data between the queries that are compared.
    time = Math.floor(Date.now() / 1000) - 2;
  });

  afterAll(async () => {
    await prom?.stop();
  });

  it('has series from both clusters', async () => {
    const res = normalize(await instantQuery(prom.url, 'count by (cluster) ({__name__=~"demo_.*"})', time));
    expect((res as { result: Sample[] }).result.map((s) => s.metric.cluster)).toEqual(['a', 'b']);
  });

  it.each(PAIRS)('%s', async (original, handScoped, expectEmpty = false) => {
    const injected = injectSelector(original, SCOPE);
    const [viaInjection, viaHand, unscoped] = await Promise.all(
      [injected, handScoped, original].map(async (q) => normalize(await instantQuery(prom.url, q, time))),
    );
    expect(viaInjection).toEqual(viaHand);
    expect(viaInjection).not.toEqual(unscoped);

    const series = (viaInjection as { result: Sample[] }).result;
    expect(series.length === 0).toBe(expectEmpty);
    // Whatever keeps a cluster label belongs to cluster a.
    for (const s of series) if ('cluster' in s.metric) expect(s.metric.cluster).toBe('a');
  });

  it('leaves string literals that look like selectors untouched', () => {
    const query = PAIRS.find(([q]) => q.startsWith('label_replace'))![0];
    expect(injectSelector(query, SCOPE)).toBe(
      'label_replace(demo_memory_bytes{cluster="a"}, "selector", "{cluster=\\"b\\"}", "pod", "(.*)")',
    );
  });
});
