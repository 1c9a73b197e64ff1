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

const KEY = Symbol.for('kubewatch.adHocClients');
type WithClients = typeof globalThis & { [KEY]?: ClusterClients };

/**
 * Runs an instant query against the cluster's Prometheus, scoped to the cluster (its selector
 * is injected, so a shared Thanos/Mimir only answers for this cluster). PromQL errors are 422
 * with Prometheus's own message and position; an unreachable Prometheus is 502.
 */
export async function runAdHocQuery(app: CoreContext, clusterId: string, input: z.output<typeof adHocQuerySchema>): Promise<InstantQueryData & { warnings: string[] }> {
  const cluster = await getClusterInput(app, clusterId);
  try {
    parsePromQLOrThrow(input.query);
  } catch (error) {
    if (error instanceof PromQLSyntaxError) throw new ApiError(422, 'invalid_query', 'The PromQL does not parse.', [{ path: 'query', message: error.message }]);
    throw error;
  }
  const holder = globalThis as WithClients;
  const clients = (holder[KEY] ??= new ClusterClients({ timeoutMs: 15_000, clock: app.clock }));
  try {
    const { data, warnings } = await clients.prometheus(clusterId, cluster.prometheus).query(input.query, input.time ? new Date(input.time) : undefined);
    return { ...data, warnings: warnings ?? [] };
  } catch (error) {
    if (error instanceof PrometheusQueryError) {
      if (error.kind === 'bad_data') throw new ApiError(422, 'invalid_query', 'Prometheus rejected the query.', [{ path: 'query', message: error.error ?? error.message }]);
      throw new ApiError(502, 'prometheus_unavailable', `The cluster's Prometheus did not answer: ${error.message}`);
    }
    throw error;
  }
}
