// codemirror-promql's PrometheusClient backed by our own API: we do not proxy Prometheus's HTTP
// API, but /api/v1/clusters/{id}/label-values answers metric names and label values for the
// cluster chosen for autocomplete. What that endpoint cannot answer comes back empty.
import type { PrometheusClient } from '@prometheus-io/codemirror-promql';

const CACHE_MS = 5 * 60_000;

export function clusterPromQLClient(currentCluster: () => string | undefined): PrometheusClient {
  const cache = new Map<string, { at: number; values: Promise<string[]> }>();

  function labelValuesOf(label: string): Promise<string[]> {
    const clusterId = currentCluster();
    if (!clusterId) return Promise.resolve([]);
    const key = `${clusterId}/${label}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.values;
    const values = fetch(`/api/v1/clusters/${encodeURIComponent(clusterId)}/label-values?label=${encodeURIComponent(label)}`, { credentials: 'same-origin' })
      .then(async (response) => (response.ok ? ((await response.json()) as { values: string[] }).values : []))
      .catch(() => []);
    // Failures are not cached: the next keystroke tries again.
    void values.then((list) => list.length === 0 && cache.delete(key));
    cache.set(key, { at: Date.now(), values });
    return values;
  }

  return {
    metricNames: () => labelValuesOf('__name__'),
    // The endpoint lists a label's values over all series, not only the metric's: still the useful set.
    labelValues: (labelName) => labelValuesOf(labelName),
    labelNames: async () => [],
    metricMetadata: async () => ({}),
    series: async () => [],
    flags: async () => ({}),
  };
}
