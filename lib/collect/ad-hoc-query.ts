import { z } from 'zod';
import { getClusterInput } from '../clusters/cluster-actions';
import { ApiError } from '../http/errors';
import { PrometheusQueryError, type InstantQueryData } from '../prometheus/client';
import { PromQLSyntaxError, parsePromQLOrThrow } from '../prometheus/inject-selector';
import type { CoreContext } from '../runtime/app-context';
import { ClusterClients } from './cluster-clients';

/** An ad-hoc PromQL query for one cluster (the query box on the cluster page). */
export const adHocQuerySchema = z
  .object({
    query: z.string().trim().min(1, { error: 'required' }).max(20_000),
    time: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** A range query for one cluster (the charts on the cluster page); at most 11,000 points like Prometheus. */
export const rangeQuerySchema = z
  .object({
    query: z.string().trim().min(1, { error: 'required' }).max(20_000),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    stepSeconds: z.number().min(1).max(86_400),
  })
  .strict()
  .superRefine((q, ctx) => {
    const span = (Date.parse(q.end) - Date.parse(q.start)) / 1000;
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (span / q.stepSeconds > 11_000) ctx.addIssue({ code: 'custom', path: ['stepSeconds'], message: `gives ${Math.ceil(span / q.stepSeconds)} points; at most 11000` });
  });

const KEY = Symbol.for('kubewatch.adHocClients');
type WithClients = typeof globalThis & { [KEY]?: ClusterClients };

/** The shared client (selector injected) for a registered cluster, for request handlers. */
export async function clusterPrometheus(app: CoreContext, clusterId: string): Promise<ReturnType<ClusterClients['prometheus']>> {
  const cluster = await getClusterInput(app, clusterId);
  const holder = globalThis as WithClients;
  const clients = (holder[KEY] ??= new ClusterClients({ timeoutMs: 15_000, clock: app.clock }));
  return clients.prometheus(clusterId, cluster.prometheus);
}

/** Prometheus failures as API errors: its PromQL errors are 422 at `path`, anything else 502. */
export function prometheusApiError(error: unknown, path = 'query'): unknown {
  if (error instanceof PrometheusQueryError) {
    if (error.kind === 'bad_data') return new ApiError(422, 'invalid_query', 'Prometheus rejected the query.', [{ path, message: error.error ?? error.message }]);
    return new ApiError(502, 'prometheus_unavailable', `The cluster's Prometheus did not answer: ${error.message}`);
  }
  return error;
}

/** The cluster's client (selector injected) after checking the PromQL parses; errors as API errors. */
async function scopedQuery<T>(app: CoreContext, clusterId: string, query: string, run: (client: ReturnType<ClusterClients['prometheus']>) => Promise<T>): Promise<T> {
  const client = await clusterPrometheus(app, clusterId);
  try {
    parsePromQLOrThrow(query);
  } catch (error) {
    if (error instanceof PromQLSyntaxError) throw new ApiError(422, 'invalid_query', 'The PromQL does not parse.', [{ path: 'query', message: error.message }]);
    throw error;
  }
  try {
    return await run(client);
  } catch (error) {
    throw prometheusApiError(error);
  }
}

/**
 * Runs an instant query against the cluster's Prometheus, scoped to the cluster (its selector
 * is injected, so a shared Thanos/Mimir only answers for this cluster). PromQL errors are 422
 * with Prometheus's own message and position; an unreachable Prometheus is 502.
 */
export async function runAdHocQuery(app: CoreContext, clusterId: string, input: z.output<typeof adHocQuerySchema>): Promise<InstantQueryData & { warnings: string[] }> {
  return scopedQuery(app, clusterId, input.query, async (client) => {
    const { data, warnings } = await client.query(input.query, input.time ? new Date(input.time) : undefined);
    return { ...data, warnings: warnings ?? [] };
  });
}

/** A range query scoped to the cluster, for charts: series with [timestampMs, value] points. */
export async function runRangeQuery(app: CoreContext, clusterId: string, input: z.output<typeof rangeQuerySchema>) {
  return scopedQuery(app, clusterId, input.query, async (client) => {
    const { data, warnings } = await client.queryRange(input.query, new Date(input.start), new Date(input.end), input.stepSeconds);
    return {
      series: data.result.map((s) => ({ metric: s.metric, points: s.values.map((v) => [v.timestampMs, v.value] as [number, number]) })),
      warnings: warnings ?? [],
    };
  });
}

/** GET /api/v1/clusters/{id}/label-values: which label (`__name__` lists metric names). */
export const labelValuesQuerySchema = z
  .object({ label: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name, e.g. __name__ or namespace') })
  .strict();

/** Values of a label on this cluster's series (the PromQL editor's autocomplete); selector injected via match[]. */
export async function listLabelValues(app: CoreContext, clusterId: string, label: string): Promise<{ values: string[] }> {
  const client = await clusterPrometheus(app, clusterId);
  try {
    const { data } = await client.labelValues(label, ['{__name__=~".+"}']);
    return { values: data };
  } catch (error) {
    throw prometheusApiError(error, 'label');
  }
}
