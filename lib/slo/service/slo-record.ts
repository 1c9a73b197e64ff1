// How an SLO row (with its per-cluster statuses) is shown by the API and the pages.

import type { Prisma } from '../../db/generated/client';
import type { Slo } from '../slo-schema';
import type { SloStatusNumbers } from './slo-status';

export const WITH_STATUS = { statuses: { include: { cluster: { select: { name: true } } }, orderBy: { cluster: { name: 'asc' } } } } as const satisfies Prisma.SloInclude;

type SloRow = Prisma.SloGetPayload<{ include: typeof WITH_STATUS }>;

export function toSloView(row: SloRow) {
  const statuses = row.statuses.map((s) => ({
    clusterId: s.clusterId,
    clusterName: s.cluster.name,
    computedAt: s.computedAt.toISOString(),
    error: s.error,
    numbers: (s.status as unknown as SloStatusNumbers | null) ?? null,
  }));
  const budgets = statuses.map((s) => s.numbers?.budgetRemaining).filter((b): b is number => typeof b === 'number');
  return {
    id: row.id,
    name: row.name,
    spec: row.spec as unknown as Slo,
    ruleGroupId: row.ruleGroupId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    /** The least remaining budget among the clusters (null before the first computation). */
    worstBudgetRemaining: budgets.length ? Math.min(...budgets) : null,
    statuses,
  };
}

export type SloView = ReturnType<typeof toSloView>;
