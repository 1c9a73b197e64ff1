import type { PrometheusClient } from '../../prometheus/client';
import type { InstantQuery, QuerySample } from './types';

/**
 * The engine's query function over our Prometheus client. Like Prometheus's rule manager
 * (EngineQueryFunc), a scalar result is one sample without labels; a matrix or string is an error.
 */
export function instantQueryVia(client: PrometheusClient, onDuration?: (seconds: number) => void): InstantQuery {
  return async (expr, timeMs) => {
    const started = performance.now();
    try {
      const { data } = await client.query(expr, new Date(timeMs));
      switch (data.resultType) {
        case 'vector':
          return data.result.map((s): QuerySample => ({ labels: s.metric, value: s.value }));
        case 'scalar':
          return [{ labels: {}, value: data.result.value }];
        default:
          throw new Error('rule result is not a vector or scalar');
      }
    } finally {
      onDuration?.((performance.now() - started) / 1000);
    }
  };
}
