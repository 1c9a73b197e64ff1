import type { Cluster } from '../db/generated/client';
import { toInput } from '../clusters/cluster-record';
import { ClusterClients } from '../collect/cluster-clients';
import { appMetrics } from '../metrics/registry';
import type { CoreContext } from '../runtime/app-context';
import type { WorkerLoop } from '../worker/worker';
import { loadActiveInstances, pruneAlertHistory } from './alert-store';
import { instantQueryVia } from './engine/prometheus-query';
import type { EngineRule } from './engine/types';
import { toEngineRule } from './engine-rule';
import { evaluateGroupOnCluster, type GroupTarget } from './group-evaluation';
import { clustersInScope } from './cluster-scope';
import type { AlertRuleInput, ClusterScope } from './rule-schema';
import { groupOffsetMs, latestSlot } from './slots';
import { assertLeaseHeld, countLiveWorkers, LeaseLostError, releaseLeases, syncLeases } from '../worker/work-leases';

const RELOAD_EVERY_MS = 5_000;
/** Leases: renewed every 2 s, valid 8 s; a dead worker's groups are taken 8-10 s after its last renewal. */
const LEASE_KIND = 'rule-group';
const LEASE_SYNC_MS = 2_000;
const LEASE_TTL_MS = 8_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const QUERY_TIMEOUT_MS = 10_000;

interface LoadedGroup {
  id: string;
  name: string;
  version: number;
  intervalMs: number;
  offsetMs: number;
  scope: ClusterScope;
  paused: boolean;
  rules: EngineRule[];
}

interface TargetRun {
  target: GroupTarget;
  lastSlot?: number;
  running?: Promise<void>;
  loaded: boolean;
  /** The lease epoch its in-memory state belongs to (0 without leases). */
  epoch: number;
}

/**
 * The worker loop that evaluates rule groups. Each (group, cluster) pair runs on its own aligned
 * slots (offset + k * interval, the offset stable per group) and is evaluated at the slot's time;
 * a pair whose previous evaluation is still running skips the slot and counts it as missed, so a
 * slow cluster delays nobody else. Group and cluster definitions are reloaded every few seconds.
 *
 * With a `workerId` (the worker process), several workers share the groups through leases in
 * PostgreSQL (lib/worker/work-leases.ts): each group is evaluated by the one worker that holds
 * its lease, and its writes are fenced by that lease. Without one (a single in-process
 * scheduler, tests) it evaluates every group.
 */
export function createRuleScheduler(core: CoreContext, options: { tickMs?: number; workerId?: string } = {}): WorkerLoop & { drain(): Promise<void> } {
  const metrics = appMetrics();
  const clients = new ClusterClients({ timeoutMs: QUERY_TIMEOUT_MS, clock: core.clock });
  const groups = new Map<string, LoadedGroup>();
  const runs = new Map<string, TargetRun>();
  let clusters: Cluster[] = [];
  let lastReload = -Infinity;
  let lastPrune = -Infinity;
  let lastLeaseSync = -Infinity;
  /** Groups this worker holds the lease of, with each lease's epoch (every group, epoch 0, without a workerId). */
  let owned: Map<string, number> | 'all' = options.workerId ? new Map() : 'all';

  async function syncOwnership(now: number) {
    lastLeaseSync = now;
    if (!options.workerId) return;
    const at = new Date(now);
    const liveWorkers = await countLiveWorkers(core.prisma, at, 3 * core.settings.WORKER_HEARTBEAT_INTERVAL);
    const keys = [...groups.keys()];
    const next = await syncLeases(core.prisma, { kind: LEASE_KIND, workerId: options.workerId, keys, now: at, ttlMs: LEASE_TTL_MS, liveWorkers, orphanAfterMs: LEASE_TTL_MS });
    // A group given up or lost: forget its in-memory state; whoever evaluates it next loads it from the database.
    for (const [key, run] of runs) if (!next.has(key.split('/')[0]!) && !run.running) runs.delete(key);
    owned = next;
  }
  const epochOf = (groupId: string) => (owned === 'all' ? 0 : owned.get(groupId));
  const fenceFor = (groupId: string, epoch: number) =>
    options.workerId ? (tx: Parameters<typeof assertLeaseHeld>[0]) => assertLeaseHeld(tx, LEASE_KIND, groupId, options.workerId!, epoch, core.clock.now()) : undefined;

  async function reload(now: number) {
    lastReload = now;
    clusters = await core.prisma.cluster.findMany();
    clients.retain(new Set(clusters.map((c) => c.id)));
    const versions = await core.prisma.ruleGroup.findMany({ select: { id: true, version: true } });
    const changed = versions.filter((v) => groups.get(v.id)?.version !== v.version).map((v) => v.id);
    for (const id of groups.keys()) if (!versions.some((v) => v.id === id)) groups.delete(id);
    if (changed.length) {
      const rows = await core.prisma.ruleGroup.findMany({ where: { id: { in: changed } }, include: { rules: { orderBy: { position: 'asc' } } } });
      for (const row of rows) {
        groups.set(row.id, {
          id: row.id,
          name: row.name,
          version: row.version,
          intervalMs: row.intervalMs,
          offsetMs: groupOffsetMs(row.id, row.intervalMs),
          scope: row.scope as ClusterScope,
          paused: row.paused,
          rules: row.rules
            .filter((r) => (r.spec as AlertRuleInput).enabled !== false)
            .map((r) => toEngineRule(r.id, r.spec as AlertRuleInput)),
        });
      }
    }
  }

  function runFor(group: LoadedGroup, cluster: Cluster, epoch: number): TargetRun {
    const key = `${group.id}/${cluster.id}`;
    let run = runs.get(key);
    if (run && run.epoch !== epoch && !run.running) {
      // Held again after another worker held it: what this worker remembers is stale.
      runs.delete(key);
      run = undefined;
    }
    if (!run) {
      run = { target: { groupId: group.id, clusterId: cluster.id, clusterName: cluster.name, rules: group.rules, active: new Map() }, loaded: false, epoch };
      runs.set(key, run);
    }
    // Edits keep instance state by rule id; rules that were removed take their state with them.
    run.target.rules = group.rules;
    run.target.clusterName = cluster.name;
    for (const ruleId of run.target.active.keys()) if (!group.rules.some((r) => r.id === ruleId)) run.target.active.delete(ruleId);
    return run;
  }

  async function evaluate(group: LoadedGroup, cluster: Cluster, run: TargetRun, slot: number) {
    const endTimer = metrics.ruleGroupDuration.startTimer({ group: group.name });
    try {
      if (!run.loaded) {
        run.target.active = await loadActiveInstances(core.prisma, group.rules.map((r) => r.id), cluster.id);
        run.loaded = true;
      }
      const client = clients.prometheus(cluster.id, toInput(cluster, core.secrets).prometheus);
      const query = instantQueryVia(client, (seconds) => metrics.ruleQueryDuration.observe(seconds));
      const result = await evaluateGroupOnCluster(core.prisma, run.target, slot, query, {
        externalURL: core.settings.PUBLIC_URL ?? '',
        onTransitions: (kinds) => kinds.forEach((kind) => metrics.alertTransitions.inc({ kind })),
        fence: fenceFor(group.id, run.epoch),
      });
      metrics.ruleGroupEvaluations.inc({ group: group.name, outcome: result.failures.length ? 'error' : 'ok' });
      if (result.failures.length) {
        core.logger.debug({ group: group.name, cluster: cluster.name, failures: result.failures }, 'rule evaluation failed');
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Another worker holds the group now; it continues from the stored state.
        core.logger.info({ group: group.name, cluster: cluster.name }, 'rule group lease lost; evaluation not stored');
        runs.delete(`${group.id}/${cluster.id}`);
        return;
      }
      metrics.ruleGroupEvaluations.inc({ group: group.name, outcome: 'error' });
      core.logger.warn({ group: group.name, cluster: cluster.name, err: error }, 'rule group evaluation could not be stored');
    } finally {
      endTimer();
    }
  }

  return {
    name: 'rule-eval',
    intervalMs: options.tickMs ?? 250,
    async run(nowDate) {
      const now = nowDate.getTime();
      if (now - lastReload >= RELOAD_EVERY_MS) await reload(now);
      if (now - lastLeaseSync >= LEASE_SYNC_MS) await syncOwnership(now);
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        await pruneAlertHistory(core.prisma, new Date(now - core.settings.ALERT_HISTORY_RETENTION));
      }
      const live = new Set<string>();
      for (const group of groups.values()) {
        const epoch = epochOf(group.id);
        if (group.paused || group.rules.length === 0 || epoch === undefined) continue;
        const slot = latestSlot(now, group.intervalMs, group.offsetMs);
        for (const cluster of clustersInScope(group.scope, clusters)) {
          const run = runFor(group, cluster as Cluster, epoch);
          live.add(`${group.id}/${cluster.id}`);
          if (run.lastSlot !== undefined && slot <= run.lastSlot) continue;
          if (run.running) continue; // counted as missed when the next evaluation starts
          if (run.lastSlot !== undefined) {
            const missed = Math.round((slot - run.lastSlot) / group.intervalMs) - 1;
            if (missed > 0) metrics.ruleGroupMissedSlots.inc({ group: group.name }, missed);
          }
          run.lastSlot = slot;
          run.running = evaluate(group, cluster as Cluster, run, slot).finally(() => (run.running = undefined));
        }
      }
      for (const [key, run] of runs) if (!live.has(key) && !run.running) runs.delete(key);
    },
    /** At a graceful stop: lets running evaluations finish, then gives the leases back so other workers take over at once. */
    async drain() {
      await Promise.allSettled([...runs.values()].map((r) => r.running));
      if (options.workerId) await releaseLeases(core.prisma, LEASE_KIND, options.workerId, core.clock.now());
    },
  };
}
