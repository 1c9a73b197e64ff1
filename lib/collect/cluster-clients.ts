import { createHash } from 'node:crypto';
import type { PrometheusConnection } from '../clusters/connection-schema';
import { PrometheusClient } from '../prometheus/client';
import { injectSelector } from '../prometheus/inject-selector';
import { parsePromMatchers } from '../prometheus/matchers';
import type { Clock } from '../time/clock';

/**
 * One Prometheus client per cluster, kept across polls so its circuit breaker and queue
 * persist; replaced when the cluster's connection settings change. In selector mode every
 * expression gets the cluster's matchers injected.
 */
export class ClusterClients {
  private readonly clients = new Map<string, { fingerprint: string; client: PrometheusClient }>();

  constructor(private readonly options: { timeoutMs: number; clock: Clock }) {}

  prometheus(clusterId: string, connection: PrometheusConnection): PrometheusClient {
    const fingerprint = createHash('sha256').update(JSON.stringify(connection)).digest('hex');
    const cached = this.clients.get(clusterId);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const matchers = connection.selector ? parsePromMatchers(connection.selector) : [];
    const client = new PrometheusClient(connection, {
      timeoutMs: this.options.timeoutMs,
      clock: this.options.clock,
      ...(matchers.length ? { rewrite: (expr: string) => injectSelector(expr, matchers) } : {}),
    });
    this.clients.set(clusterId, { fingerprint, client });
    return client;
  }

  /** Forgets clusters that no longer exist. */
  retain(clusterIds: Set<string>): void {
    for (const id of this.clients.keys()) if (!clusterIds.has(id)) this.clients.delete(id);
  }
}
