// SLO CRUD. An SLO owns a generated rule group holding its burn-rate alerts, written in the same
// transaction, so the alerts flow through the same engine, routing and channels as any rule; the
// group can only be changed through the SLO.

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit';
import type { Principal } from '../../auth/principal';
import { ApiError, conflict, notFound } from '../../http/errors';
import type { CoreContext } from '../../runtime/app-context';
import { checkClusterScope, createRuleGroupIn, deleteRuleGroupIn, replaceRuleGroupIn, type Tx } from '../../rules/rule-group-actions';
import { ruleGroupInputSchema, type AlertRuleInput, type RuleGroupInput } from '../../rules/rule-schema';
import { checkExpressionsOnPrometheus } from '../../rules/validate-on-prometheus';
import { sloRuleGroup } from '../alert-rules';
import { sloInputSchema, type Slo } from '../slo-schema';
import { toSloView, WITH_STATUS, type SloView } from './slo-record';

const uuid = z.uuid();

export { sloInputSchema };

function uniqueName(error: unknown, name: string): never {
  if ((error as { code?: string }).code === 'P2002') throw conflict(`an SLO or rule group named "${name}" (or "slo:${name}") already exists`);
  throw error;
}

/** The generated group (schema-checked), or null when page and ticket alerts are both off. */
function generatedGroup(slo: Slo): RuleGroupInput | null {
  const group = sloRuleGroup(slo);
  return group ? ruleGroupInputSchema.parse(group) : null;
}

/** Prometheus's own verdict on the SLI queries (best effort), reported at `sli`. */
async function checkOnPrometheus(app: CoreContext, group: RuleGroupInput | null): Promise<void> {
  if (!group) return;
  try {
    await checkExpressionsOnPrometheus(app, group);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const messages = [...new Set((error.issues ?? []).map((i) => i.message))];
    throw new ApiError(422, 'invalid_request', 'Prometheus rejected the SLI queries.', messages.map((message) => ({ path: 'sli', message })));
  }
}

/** Keeps each generated rule's identity (and its alerts' state) by its window pair across edits. */
function withRuleIds(group: RuleGroupInput, existing: Array<{ id: string; spec: unknown }>): RuleGroupInput {
  const key = (labels: Record<string, string> | undefined, severity: string | undefined) => `${severity}/${labels?.long_window}/${labels?.short_window}`;
  const byKey = new Map(existing.map((r) => [key((r.spec as AlertRuleInput).labels, (r.spec as AlertRuleInput).severity), r.id]));
  return { ...group, rules: group.rules.map((rule) => ({ ...rule, id: byKey.get(key(rule.labels, rule.severity)) })) };
}

async function findRow(db: Pick<Tx, 'slo'>, id: string) {
  if (!uuid.safeParse(id).success) throw notFound(`SLO ${id}`);
  const row = await db.slo.findUnique({ where: { id }, include: WITH_STATUS });
  if (!row) throw notFound(`SLO ${id}`);
  return row;
}

export async function createSlo(app: CoreContext, actor: Principal | 'system', slo: Slo): Promise<SloView> {
  const now = app.clock.now();
  const group = generatedGroup(slo);
  await checkOnPrometheus(app, group);
  const row = await app.prisma
    .$transaction(async (tx) => {
      await checkClusterScope(tx, slo.scope);
      const ruleGroup = group ? await createRuleGroupIn(tx, actor, group, now) : null;
      const id = randomUUID();
      await tx.slo.create({ data: { id, name: slo.name, spec: slo as never, ruleGroupId: ruleGroup?.id ?? null } });
      const created = await findRow(tx, id);
      await recordAudit(tx, actor, { action: 'slo.create', targetType: 'slo', targetId: id, targetName: slo.name, after: toSloView(created) }, now);
      return created;
    })
    .catch((error) => uniqueName(error, slo.name));
  return toSloView(row);
}

/**
 * Replaces an SLO's definition (PUT). Its generated rules keep their identity per window pair,
 * so alerts that are pending or firing stay so; a changed SLI starts a new bucket cache.
 */
export async function replaceSlo(app: CoreContext, actor: Principal | 'system', id: string, slo: Slo): Promise<SloView> {
  const now = app.clock.now();
  const generated = generatedGroup(slo);
  await checkOnPrometheus(app, generated);
  const row = await app.prisma
    .$transaction(async (tx) => {
      const current = await findRow(tx, id);
      await checkClusterScope(tx, slo.scope);
      const previous = current.spec as Slo;
      let ruleGroupId = current.ruleGroupId;
      if (ruleGroupId && generated) {
        const rules = await tx.alertRule.findMany({ where: { groupId: ruleGroupId }, select: { id: true, spec: true } });
        await replaceRuleGroupIn(tx, actor, ruleGroupId, withRuleIds(generated, rules), now, 'slo');
      } else if (ruleGroupId && !generated) {
        await tx.slo.update({ where: { id }, data: { ruleGroupId: null } });
        await deleteRuleGroupIn(tx, actor, ruleGroupId, now, 'slo');
        ruleGroupId = null;
      } else if (generated) {
        ruleGroupId = (await createRuleGroupIn(tx, actor, generated, now)).id;
      }
      // Deep equality: JSONB does not keep key order.
      const sliChanged = !isDeepStrictEqual(previous.sli, slo.sli);
      await tx.slo.update({ where: { id }, data: { name: slo.name, spec: slo as never, ruleGroupId, ...(sliChanged ? { version: { increment: 1 } } : {}) } });
      if (sliChanged) await tx.sloStatus.deleteMany({ where: { sloId: id } });
      const updated = await findRow(tx, id);
      await recordAudit(tx, actor, { action: 'slo.update', targetType: 'slo', targetId: id, targetName: slo.name, before: toSloView(current), after: toSloView(updated) }, now);
      return updated;
    })
    .catch((error) => uniqueName(error, slo.name));
  return toSloView(row);
}

/** Deletes an SLO and its rule group (firing burn-rate alerts are resolved and notified). */
export async function deleteSlo(app: CoreContext, actor: Principal | 'system', id: string): Promise<void> {
  const now = app.clock.now();
  await app.prisma.$transaction(async (tx) => {
    const current = await findRow(tx, id);
    await tx.slo.delete({ where: { id } });
    if (current.ruleGroupId) await deleteRuleGroupIn(tx, actor, current.ruleGroupId, now, 'slo');
    await recordAudit(tx, actor, { action: 'slo.delete', targetType: 'slo', targetId: id, targetName: current.name, before: toSloView(current) }, now);
  });
}

export async function getSlo(app: Pick<CoreContext, 'prisma'>, id: string): Promise<SloView> {
  return toSloView(await findRow(app.prisma, id));
}

/** Every SLO, the least remaining budget (on its worst cluster) first; SLOs not computed yet last. */
export async function listSlos(app: Pick<CoreContext, 'prisma'>): Promise<SloView[]> {
  const rows = await app.prisma.slo.findMany({ include: WITH_STATUS, orderBy: { name: 'asc' } });
  const views = rows.map(toSloView);
  const worst = (v: SloView) => v.worstBudgetRemaining ?? Infinity;
  return views.sort((a, b) => worst(a) - worst(b) || a.name.localeCompare(b.name));
}
