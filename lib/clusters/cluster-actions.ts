import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Principal } from '../auth/principal';
import { Prisma } from '../db/generated/client.ts';
import { ApiError, conflict, issuesOf, notFound } from '../http/errors';
import { applyMergePatch } from '../http/merge-patch';
import type { AppContext, CoreContext } from '../runtime/app-context';
import { type ClusterColumns, toColumns, toInput, toView, type ClusterView } from './cluster-record';
import { clusterInputSchema, type ClusterInput } from './cluster-schema';
import { resolveInstances } from '../rules/alert-store';

/** The columns as Prisma data: a missing `kubernetes` is SQL NULL (Prisma.DbNull), not JSON null. */
function columnsData(columns: ClusterColumns) {
  return { ...columns, kubernetes: columns.kubernetes ?? Prisma.DbNull };
}

function uniqueName(error: unknown, name: string): never {
  if ((error as { code?: string }).code === 'P2002') throw conflict(`a cluster named "${name}" already exists`);
  throw error;
}

/** Registers a cluster (201 view). */
export async function createCluster(app: AppContext, actor: Principal | 'system', input: ClusterInput): Promise<ClusterView> {
  const id = randomUUID();
  const data = columnsData(toColumns(input, id, app.secrets));
  const row = await app.prisma
    .$transaction(async (tx) => {
      const created = await tx.cluster.create({ data: { id, ...data } });
      await recordAudit(tx, actor, { action: 'cluster.create', targetType: 'cluster', targetId: id, targetName: input.name, after: toView(created) }, app.clock.now());
      return created;
    })
    .catch((error) => uniqueName(error, input.name));
  return toView(row);
}

/** Registers several clusters at once: all of them or none. */
export async function createClusters(app: CoreContext, actor: Principal | 'system', inputs: ClusterInput[]): Promise<ClusterView[]> {
  const rows = await app.prisma
    .$transaction(async (tx) => {
      const created = [];
      for (const input of inputs) {
        const id = randomUUID();
        const row = await tx.cluster.create({ data: { id, ...columnsData(toColumns(input, id, app.secrets)) } });
        await recordAudit(tx, actor, { action: 'cluster.import', targetType: 'cluster', targetId: id, targetName: input.name, after: toView(row) }, app.clock.now());
        created.push(row);
      }
      return created;
    })
    .catch((error) => uniqueName(error, inputs.map((i) => i.name).join('", "')));
  return rows.map(toView);
}

const uuid = z.uuid();
async function findRow(app: CoreContext, id: string) {
  if (!uuid.safeParse(id).success) throw notFound(`cluster ${id}`);
  const row = await app.prisma.cluster.findUnique({ where: { id } });
  if (!row) throw notFound(`cluster ${id}`);
  return row;
}

/** One cluster's public view. */
export async function getCluster(app: CoreContext, id: string): Promise<ClusterView> {
  return toView(await findRow(app, id));
}

/** One cluster's full connection settings, credentials included: for the worker and the connection test only. */
export async function getClusterInput(app: CoreContext, id: string): Promise<ClusterInput> {
  return toInput(await findRow(app, id), app.secrets);
}

/**
 * Applies a JSON Merge Patch to a cluster: omitted fields (and so credentials) stay, `null`
 * removes; the result must be a valid cluster as a whole (422 lists every problem).
 */
export async function updateCluster(app: CoreContext, actor: Principal | 'system', id: string, patch: Record<string, unknown>): Promise<ClusterView> {
  const row = await app.prisma
    .$transaction(async (tx) => {
      const current = await tx.cluster.findUnique({ where: { id } });
      if (!current) throw notFound(`cluster ${id}`);
      const merged = clusterInputSchema.safeParse(applyMergePatch(toInput(current, app.secrets), patch));
      if (!merged.success) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', issuesOf(merged.error));
      const updated = await tx.cluster.update({ where: { id }, data: columnsData(toColumns(merged.data, id, app.secrets)) });
      // A secret that changed shows in the audit log only as "changed", never by value.
      const secretsChanged = current.secrets !== updated.secrets;
      await recordAudit(tx, actor, {
        action: 'cluster.update', targetType: 'cluster', targetId: id, targetName: updated.name,
        before: { ...toView(current), ...(secretsChanged ? { credentials: 'previous' } : {}) },
        after: { ...toView(updated), ...(secretsChanged ? { credentials: 'changed' } : {}) },
      }, app.clock.now());
      return updated;
    })
    .catch((error) => uniqueName(error, String(patch.name ?? '')));
  return toView(row);
}

/** Removes a cluster. */
export async function deleteCluster(app: AppContext, actor: Principal, id: string): Promise<void> {
  await findRow(app, id);
  const now = app.clock.now();
  await app.prisma.$transaction(async (tx) => {
    // Its firing alerts are resolved (and notified as resolved) rather than vanishing with it.
    await resolveInstances(tx, { clusterId: id }, now);
    const deleted = await tx.cluster.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'cluster.delete', targetType: 'cluster', targetId: id, targetName: deleted.name, before: toView(deleted) }, now);
  });
}
