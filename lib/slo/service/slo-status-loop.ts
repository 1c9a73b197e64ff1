// The worker loop that keeps every SLO's numbers fresh: once a minute, for each SLO and each
// cluster in its scope, compute the status (cheap after the first run, see slo-status.ts) and
// store it for the API and pages. A failing Prometheus keeps the last good numbers with an error.

import { toInput } from '../../clusters/cluster-record';
import { ClusterClients } from '../../collect/cluster-clients';
import type { CoreContext } from '../../runtime/app-context';
import { clustersInScope } from '../../rules/cluster-scope';
import { loopLeases } from '../../worker/loop-leases';
import type { WorkerLoop } from '../../worker/worker';
import type { Slo } from '../slo-schema';
import { computeSloStatus } from './slo-status';

const QUERY_TIMEOUT_MS = 20_000;

/**
 * Refreshes every SLO (or those `pick` keeps, by id) on every cluster in its scope at `now`;
 * returns how many refreshes failed.
 */
export async function refreshAllSloStatuses(core: CoreContext, clients: ClusterClients, now: Date, pick?: (sloIds: string[]) => Promise<Set<string>>): Promise<number> {
  const [all, clusters] = await Promise.all([core.prisma.slo.findMany(), core.prisma.cluster.findMany()]);
  const picked = pick ? await pick(all.map((s) => s.id)) : undefined;
  const slos = picked ? all.filter((s) => picked.has(s.id)) : all;
  clients.retain(new Set(clusters.map((c) => c.id)));
  let failed = 0;
  for (const slo of slos) {
    const spec = slo.spec as unknown as Slo;
    const inScope = clustersInScope(spec.scope, clusters);
    await core.prisma.sloStatus.deleteMany({ where: { sloId: slo.id, clusterId: { notIn: inScope.map((c) => c.id) } } });
    for (const cluster of inScope) {
      const key = { sloId_clusterId: { sloId: slo.id, clusterId: cluster.id } };
      try {
        const client = clients.prometheus(cluster.id, toInput(cluster, core.secrets).prometheus);
        const numbers = await computeSloStatus(core.prisma, { id: slo.id, version: slo.version, spec }, cluster.id, client, now.getTime());
        await core.prisma.sloStatus.upsert({
          where: key,
          create: { sloId: slo.id, clusterId: cluster.id, computedAt: now, status: numbers as never, error: null },
          update: { computedAt: now, status: numbers as never, error: null },
        });
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        core.logger.warn({ slo: slo.name, cluster: cluster.name, error: message }, 'SLO status could not be computed');
        await core.prisma.sloStatus.upsert({ where: key, create: { sloId: slo.id, clusterId: cluster.id, computedAt: now, error: message }, update: { computedAt: now, error: message } });
      }
    }
  }
  return failed;
}

/** With a `workerId`, several workers share the SLOs through leases (each refreshed by one of them). */
export function createSloStatusLoop(core: CoreContext, options: { intervalMs?: number; workerId?: string } = {}): WorkerLoop {
  const clients = new ClusterClients({ timeoutMs: QUERY_TIMEOUT_MS, clock: core.clock });
  const intervalMs = options.intervalMs ?? core.settings.SLO_REFRESH_INTERVAL;
  const leases = options.workerId ? loopLeases(core, 'slo-status', options.workerId, intervalMs) : undefined;
  return {
    name: 'slo-status',
    intervalMs,
    async run(now) {
      await refreshAllSloStatuses(core, clients, now, leases && ((ids) => leases.mine(ids, now)));
    },
    async drain() {
      await leases?.release(core.clock.now());
    },
  };
}
