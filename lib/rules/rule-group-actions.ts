import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Principal } from '../auth/principal';
import { LabelSelectorError, parseLabelSelector } from '../clusters/label-selector';
import type { PrismaClient } from '../db/client';
import { ApiError, conflict, issuesOf, notFound } from '../http/errors';
import { applyMergePatch } from '../http/merge-patch';
import type { CoreContext } from '../runtime/app-context';
import { parseDuration } from '../time/duration';
import { resolveInstances } from './alert-store';
import { type RuleGroupRow, toRuleGroupInput, toRuleGroupView, type RuleGroupView } from './rule-group-record';
import { ruleGroupInputSchema, type ClusterScope, type RuleGroupInput } from './rule-schema';
import { checkExpressionsOnPrometheus } from './validate-on-prometheus';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const uuid = z.uuid();
const WITH_RULES = { rules: { orderBy: { position: 'asc' } }, slo: { select: { id: true, name: true } } } as const;

/** Who may change a group: the rule-group API, or the SLO that generated it. */
export type GroupEditor = 'rule-api' | 'slo';

/** A group generated from an SLO is changed through the SLO, never directly. */
function refuseSloManaged(row: RuleGroupRow, editor: GroupEditor): void {
  if (editor === 'rule-api' && row.slo) throw conflict(`rule group "${row.name}" is generated from SLO "${row.slo.name}": change the SLO instead`);
}

function uniqueName(error: unknown, name: string): never {
  if ((error as { code?: string }).code === 'P2002') throw conflict(`a rule group named "${name}" already exists`);
  throw error;
}

/** Checks what the schema cannot: the scope's cluster exists, its selector parses. */
async function checkScope(tx: Tx, input: RuleGroupInput): Promise<void> {
  await checkClusterScope(tx, input.scope);
  checkRuleIds(input);
}

/** A scope's cluster exists and its selector parses (422 at scope.* otherwise). */
export async function checkClusterScope(tx: Tx, scope: ClusterScope): Promise<void> {
  if (scope.type === 'cluster' && !(await tx.cluster.findUnique({ where: { id: scope.clusterId }, select: { id: true } }))) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'scope.clusterId', message: `no cluster with id ${scope.clusterId}` }]);
  }
  if (scope.type === 'selector') {
    try {
      parseLabelSelector(scope.selector);
    } catch (error) {
      if (!(error instanceof LabelSelectorError)) throw error;
      throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'scope.selector', message: error.message }]);
    }
  }
}

function checkRuleIds(input: RuleGroupInput): void {
  const ids = new Set<string>();
  input.rules.forEach((rule, i) => {
    if (rule.id !== undefined && ids.has(rule.id)) {
      throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: `rules.${i}.id`, message: 'two rules with the same id' }]);
    }
    if (rule.id !== undefined) ids.add(rule.id);
  });
}

function groupColumns(input: RuleGroupInput) {
  return {
    name: input.name,
    description: input.description ?? null,
    intervalMs: parseDuration(input.interval),
    intervalText: input.interval,
    scope: input.scope,
    paused: input.paused,
  };
}

function ruleSpec(rule: RuleGroupInput['rules'][number]) {
  const { id: _id, ...spec } = rule;
  return spec;
}

/** Creates a rule group with its rules (201 view). */
export async function createRuleGroup(app: CoreContext, actor: Principal | 'system', input: RuleGroupInput): Promise<RuleGroupView> {
  const now = app.clock.now();
  await checkExpressionsOnPrometheus(app, input);
  const row = await app.prisma.$transaction((tx) => createRuleGroupIn(tx, actor, input, now)).catch((error) => uniqueName(error, input.name));
  return toRuleGroupView(row);
}

/** createRuleGroup inside a caller's transaction (the SLO actions create their group with the SLO). */
export async function createRuleGroupIn(tx: Tx, actor: Principal | 'system', input: RuleGroupInput, now: Date): Promise<RuleGroupRow> {
  await checkScope(tx, input);
  const id = randomUUID();
  await tx.ruleGroup.create({
    data: {
      id,
      ...groupColumns(input),
      rules: { create: input.rules.map((rule, position) => ({ id: randomUUID(), position, alert: rule.alert, spec: ruleSpec(rule) })) },
    },
  });
  const created = await tx.ruleGroup.findUniqueOrThrow({ where: { id }, include: WITH_RULES });
  await recordAudit(tx, actor, { action: 'rule_group.create', targetType: 'rule_group', targetId: id, targetName: input.name, after: toRuleGroupView(created) }, now);
  return created;
}

export async function findGroup(db: Pick<PrismaClient, 'ruleGroup'>, id: string): Promise<RuleGroupRow> {
  if (!uuid.safeParse(id).success) throw notFound(`rule group ${id}`);
  const row = await db.ruleGroup.findUnique({ where: { id }, include: WITH_RULES });
  if (!row) throw notFound(`rule group ${id}`);
  return row;
}

/** One rule group with its rules. */
export async function getRuleGroup(app: Pick<CoreContext, 'prisma'>, id: string): Promise<RuleGroupView> {
  return toRuleGroupView(await findGroup(app.prisma, id));
}

/** Every rule group, by name. */
export async function listRuleGroups(app: Pick<CoreContext, 'prisma'>): Promise<RuleGroupView[]> {
  const rows = await app.prisma.ruleGroup.findMany({ include: WITH_RULES, orderBy: { name: 'asc' } });
  return rows.map(toRuleGroupView);
}

/**
 * Replaces a group's definition. Rules keep their identity (and so their instances' state) when
 * the new definition names their `id`, or else has a rule with the same alert name at the same
 * occurrence; other old rules are removed, and their firing instances are resolved.
 */
export async function replaceRuleGroup(app: CoreContext, actor: Principal | 'system', id: string, input: RuleGroupInput): Promise<RuleGroupView> {
  const now = app.clock.now();
  await checkExpressionsOnPrometheus(app, input);
  const row = await app.prisma.$transaction((tx) => replaceRuleGroupIn(tx, actor, id, input, now, 'rule-api')).catch((error) => uniqueName(error, input.name));
  return toRuleGroupView(row);
}

/** replaceRuleGroup inside a caller's transaction. */
export async function replaceRuleGroupIn(tx: Tx, actor: Principal | 'system', id: string, input: RuleGroupInput, now: Date, editor: GroupEditor): Promise<RuleGroupRow> {
  const current = await findGroup(tx, id);
  refuseSloManaged(current, editor);
  await checkScope(tx, input);
  const kept = matchRules(current.rules, input.rules);
  const removed = current.rules.filter((r) => !kept.has(r.id));
  await resolveInstances(tx, { ruleId: { in: removed.map((r) => r.id) } }, now);
  await tx.alertRule.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
  for (const [position, rule] of input.rules.entries()) {
    const existing = [...kept.entries()].find(([, index]) => index === position)?.[0];
    const data = { position, alert: rule.alert, spec: ruleSpec(rule) };
    if (existing) await tx.alertRule.update({ where: { id: existing }, data });
    else await tx.alertRule.create({ data: { id: randomUUID(), groupId: id, ...data } });
  }
  await tx.ruleGroup.update({ where: { id }, data: { ...groupColumns(input), version: { increment: 1 } } });
  const updated = await findGroup(tx, id);
  await recordAudit(tx, actor, { action: 'rule_group.update', targetType: 'rule_group', targetId: id, targetName: input.name, before: toRuleGroupView(current), after: toRuleGroupView(updated) }, now);
  return updated;
}

/** JSON Merge Patch on the group's input form (a `rules` array replaces the rules). */
export async function patchRuleGroup(app: CoreContext, actor: Principal | 'system', id: string, patch: Record<string, unknown>): Promise<RuleGroupView> {
  const current = await findGroup(app.prisma, id);
  refuseSloManaged(current, 'rule-api');
  const merged = ruleGroupInputSchema.safeParse(applyMergePatch(toRuleGroupInput(current), patch));
  if (!merged.success) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', issuesOf(merged.error));
  return replaceRuleGroup(app, actor, id, merged.data);
}

/** Deletes a group; its firing instances are resolved (notified as resolved), pending ones dropped. */
export async function deleteRuleGroup(app: CoreContext, actor: Principal | 'system', id: string): Promise<void> {
  const now = app.clock.now();
  await app.prisma.$transaction((tx) => deleteRuleGroupIn(tx, actor, id, now, 'rule-api'));
}

/** deleteRuleGroup inside a caller's transaction. */
export async function deleteRuleGroupIn(tx: Tx, actor: Principal | 'system', id: string, now: Date, editor: GroupEditor): Promise<void> {
  const current = await findGroup(tx, id);
  refuseSloManaged(current, editor);
  await resolveInstances(tx, { ruleId: { in: current.rules.map((r) => r.id) } }, now);
  await tx.ruleGroup.delete({ where: { id } });
  await recordAudit(tx, actor, { action: 'rule_group.delete', targetType: 'rule_group', targetId: id, targetName: current.name, before: toRuleGroupView(current) }, now);
}

/** Old rule id -> index in the new rules, for rules that keep their identity. */
function matchRules(old: RuleGroupRow['rules'], next: RuleGroupInput['rules']): Map<string, number> {
  const kept = new Map<string, number>();
  const taken = new Set<number>();
  next.forEach((rule, index) => {
    if (rule.id !== undefined && old.some((o) => o.id === rule.id)) {
      kept.set(rule.id, index);
      taken.add(index);
    }
  });
  // Same alert name, same occurrence among rules of that name.
  const occurrence = (list: Array<{ alert: string }>, index: number) => list.slice(0, index).filter((r) => r.alert === list[index]!.alert).length;
  next.forEach((rule, index) => {
    if (taken.has(index) || rule.id !== undefined) return;
    const match = old.find((o, i) => !kept.has(o.id) && o.alert === rule.alert && occurrence(old, i) === occurrence(next, index));
    if (match) {
      kept.set(match.id, index);
      taken.add(index);
    }
  });
  return kept;
}
