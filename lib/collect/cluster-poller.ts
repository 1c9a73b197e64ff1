import { toInput } from '../clusters/cluster-record';
import type { CoreContext } from '../runtime/app-context';
import { loopLeases } from '../worker/loop-leases';
import type { WorkerLoop } from '../worker/worker';
import { ClusterClients } from './cluster-clients';
import { pollCluster } from './poll-cluster';
import { pruneSnapshots, saveSnapshot } from './snapshots';

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The worker loop that polls every registered cluster. Each cluster is polled on its own: a
 * tick starts a poll for every cluster whose previous poll has finished, so a slow or dead
 * cluster (bounded by its own timeout and circuit breaker) never holds up the others.
 * With a `workerId`, several workers share the clusters through leases (each cluster polled by
 * one of them per interval); without one, this worker polls every cluster.
 */
export function createClusterPoller(core: CoreContext, options: { workerId?: string } = {}): WorkerLoop & { drain(): Promise<void> } {
  const intervalMs = core.settings.CLUSTER_POLL_INTERVAL;
  const leases = options.workerId ? loopLeases(core, 'cluster-poll', options.workerId, intervalMs) : undefined;
  // A cluster that stops answering is marked unreachable by the poll that started while it was up.
  const timeoutMs = Math.min(10_000, Math.max(2_000, Math.floor(intervalMs / 2)));
  const clients = new ClusterClients({ timeoutMs, clock: core.clock });
  const inFlight = new Map<string, Promise<void>>();
  let lastPrune = 0;

  async function pollOne(row: Parameters<typeof toInput>[0]) {
    try {
      const { snapshot, versions } = await pollCluster({ clients, clock: core.clock, timeoutMs }, { id: row.id, input: toInput(row, core.secrets) });
      await saveSnapshot(core.prisma, snapshot, versions);
      if (snapshot.status !== 'healthy') core.logger.info({ cluster: row.name, status: snapshot.status, reason: snapshot.reason }, 'cluster poll');
    } catch (error) {
      core.logger.warn({ cluster: row.name, err: error }, 'cluster poll failed');
    }
  }

  return {
    name: 'cluster-poll',
    intervalMs,
    async run(now) {
      const all = await core.prisma.cluster.findMany();
      const mine = leases ? await leases.mine(all.map((r) => r.id), now) : undefined;
      const rows = mine ? all.filter((r) => mine.has(r.id)) : all;
      clients.retain(new Set(rows.map((r) => r.id)));
      for (const row of rows) {
        if (inFlight.has(row.id)) continue; // still polling since the last tick
        const poll = pollOne(row).finally(() => inFlight.delete(row.id));
        inFlight.set(row.id, poll);
      }
      if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await pruneSnapshots(core.prisma, new Date(now.getTime() - core.settings.CLUSTER_HISTORY_RETENTION));
      }
    },
    async drain() {
      await Promise.allSettled([...inFlight.values()]);
      await leases?.release(core.clock.now());
    },
  };
}
