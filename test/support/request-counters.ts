// Synthetic request counters for SLO tests: a constant request rate whose error share changes only
// at whole hours, integrated exactly, so the tests know every increase() Prometheus will compute.
import { RemoteWriteClient } from '../../lib/prometheus/remote-write';

const M = 60_000;
const H = 60 * M;

export interface RequestCounters {
  /** The 5xx and 2xx counters at time t (ms). */
  at(t: number): { errors: number; good: number };
  /** Writes both as kw_requests_total{code="500"|"200"}, one sample a minute from `start` to `end`, in ONE request
   * (Prometheus's head accepts days-old samples only in a fresh TSDB and one append). */
  write(prometheusUrl: string, end: number): Promise<void>;
}

/** `errorShare(h)` is the failing share during hour h since `start` (a whole UTC hour). */
export function requestCounters(start: number, requestsPerSecond: number, errorShare: (hour: number) => number): RequestCounters {
  const at = (t: number) => {
    let errors = 1e6; // large starting values: increase() never extrapolates below zero
    let good = 1e8;
    for (let from = start; from < t; from += H) {
      const seconds = (Math.min(t, from + H) - from) / 1000;
      const share = errorShare((from - start) / H);
      errors += requestsPerSecond * share * seconds;
      good += requestsPerSecond * (1 - share) * seconds;
    }
    return { errors, good };
  };
  return {
    at,
    async write(prometheusUrl, end) {
      const samples = (which: 'errors' | 'good') => Array.from({ length: (end - start) / M + 1 }, (_, i) => ({ timestampMs: start + i * M, value: at(start + i * M)[which] }));
      await new RemoteWriteClient(prometheusUrl).write([
        { labels: [{ name: '__name__', value: 'kw_requests_total' }, { name: 'code', value: '500' }], samples: samples('errors') },
        { labels: [{ name: '__name__', value: 'kw_requests_total' }, { name: 'code', value: '200' }], samples: samples('good') },
      ]);
    },
  };
}
