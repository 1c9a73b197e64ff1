import type { CoreContext } from '../runtime/app-context';
import { createClusters, updateCluster } from './cluster-actions';
import { clusterInputSchema, type ClusterInput } from './cluster-schema';

/**
 * Registers simulated clusters, or re-points existing ones of the same name (the simulation's
 * ports change from run to run). Recorded in the audit log as done by "system".
 */
export async function registerDemoClusters(core: CoreContext, clusters: unknown[]): Promise<{ created: string[]; updated: string[] }> {
  const inputs: ClusterInput[] = clusters.map((c) => clusterInputSchema.parse(c));
  const existing = await core.prisma.cluster.findMany({ where: { name: { in: inputs.map((i) => i.name) } }, select: { id: true, name: true } });
  const byName = new Map(existing.map((c) => [c.name, c.id]));
  const updated: string[] = [];
  for (const input of inputs.filter((i) => byName.has(i.name))) {
    // A full replacement as a merge patch: prometheus and kubernetes objects are replaced field by field.
    await updateCluster(core, 'system', byName.get(input.name)!, { ...input, kubernetes: input.kubernetes ?? null } as Record<string, unknown>);
    updated.push(input.name);
  }
  const fresh = inputs.filter((i) => !byName.has(i.name));
  if (fresh.length) await createClusters(core, 'system', fresh);
  return { created: fresh.map((i) => i.name), updated };
}
