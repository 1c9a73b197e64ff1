// SLO CRUD against PostgreSQL: the burn-rate alerts live in a generated rule group written in the
// same transaction, kept in step with every edit (rule identity per window pair, so alert state
// survives), unchangeable through the rule-group API, and gone with the SLO.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/http/errors';
import type { CoreContext } from '../../lib/runtime/app-context';
import { deleteRuleGroup, getRuleGroup, patchRuleGroup } from '../../lib/rules/rule-group-actions';
import { createSlo, deleteSlo, getSlo, listSlos, replaceSlo } from '../../lib/slo/service/slo-actions';
import { exportSlo } from '../../lib/slo/service/slo-export';
import { sloInputSchema, type SloInput } from '../../lib/slo/slo-schema';
import { createTestCore, type TestCore } from '../support/core';
import type { TestDatabase } from '../support/database';

const INPUT: SloInput = {
  name: 'checkout',
  objective: 99.9,
  window: '30d',
  sli: { type: 'ratio', errors: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(http_requests_total[{{window}}]))' },
};

async function rejection(work: Promise<unknown>): Promise<ApiError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('SLO actions', () => {
  let database: TestDatabase;
  let core: CoreContext;
  let testCore: TestCore;
  let id: string;

  beforeAll(async () => {
    testCore = await createTestCore('slo-actions');
    database = testCore.database;
    core = testCore.core;
  }, 60_000);
  afterAll(async () => {
    await testCore?.close();
  });

  it('creating an SLO generates its four burn-rate rules with the workbook labels', async () => {
    const slo = await createSlo(core, 'system', sloInputSchema.parse(INPUT));
    id = slo.id;
    expect(slo.ruleGroupId).not.toBeNull();
    const group = await getRuleGroup(core, slo.ruleGroupId!);
    expect(group.name).toBe('slo:checkout');
    expect(group.slo).toEqual({ id, name: 'checkout' });
    expect(group.rules.map((r) => [r.severity, r.labels?.long_window, r.labels?.short_window, r.labels?.slo])).toEqual([
      ['page', '1h', '5m', 'checkout'],
      ['page', '6h', '30m', 'checkout'],
      ['ticket', '1d', '2h', 'checkout'],
      ['ticket', '3d', '6h', 'checkout'],
    ]);
    // 14.4 × (1 - 0.999) on both windows of the first row.
    expect(group.rules[0]!.expr).toContain('[5m]');
    expect(group.rules[0]!.expr).toContain('[1h]');
    expect(group.rules[0]!.expr).toMatch(/14\.4 \* 0\.001/);
    expect((await database.prisma.auditEvent.findMany({ where: { targetType: 'slo' } })).map((e) => e.action)).toEqual(['slo.create']);
  });

  it('the generated group cannot be changed or deleted through the rule-group API', async () => {
    const { ruleGroupId } = await getSlo(core, id);
    expect((await rejection(patchRuleGroup(core, 'system', ruleGroupId!, { paused: true }))).status).toBe(409);
    const refused = await rejection(deleteRuleGroup(core, 'system', ruleGroupId!));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/change the SLO/);
  });

  it('an edit keeps each rule (and so its alerts) by window pair; turning pages off drops only those', async () => {
    const before = await getRuleGroup(core, (await getSlo(core, id)).ruleGroupId!);
    await replaceSlo(core, 'system', id, sloInputSchema.parse({ ...INPUT, objective: 99.5 }));
    const after = await getRuleGroup(core, before.id);
    expect(after.rules.map((r) => r.id)).toEqual(before.rules.map((r) => r.id));
    expect(after.rules[0]!.expr).toMatch(/14\.4 \* 0\.005/);
    await replaceSlo(core, 'system', id, sloInputSchema.parse({ ...INPUT, alerting: { page: false, ticket: true } }));
    const tickets = await getRuleGroup(core, before.id);
    expect(tickets.rules.map((r) => r.id)).toEqual(before.rules.slice(2).map((r) => r.id));
  });

  it('with every alert off there is no group; turning them on creates one again', async () => {
    const oldGroup = (await getSlo(core, id)).ruleGroupId!;
    const off = await replaceSlo(core, 'system', id, sloInputSchema.parse({ ...INPUT, alerting: { page: false, ticket: false } }));
    expect(off.ruleGroupId).toBeNull();
    expect(await database.prisma.ruleGroup.findUnique({ where: { id: oldGroup } })).toBeNull();
    const on = await replaceSlo(core, 'system', id, sloInputSchema.parse(INPUT));
    expect((await getRuleGroup(core, on.ruleGroupId!)).rules).toHaveLength(4);
  });

  it('a changed SLI starts a new bucket cache (version), a changed objective does not', async () => {
    const v = (await getSlo(core, id)).version;
    await replaceSlo(core, 'system', id, sloInputSchema.parse({ ...INPUT, objective: 99.95 }));
    expect((await getSlo(core, id)).version).toBe(v);
    await replaceSlo(core, 'system', id, sloInputSchema.parse({ ...INPUT, sli: { ...INPUT.sli, total: 'sum(rate(http_requests_total{job="shop"}[{{window}}]))' } }));
    expect((await getSlo(core, id)).version).toBe(v + 1);
  });

  it('bad input: a missing cluster is a 422 at scope.clusterId; a taken name is a 409; nothing is half-written', async () => {
    const groups = await database.prisma.ruleGroup.count();
    const missing = await rejection(createSlo(core, 'system', sloInputSchema.parse({ ...INPUT, name: 'other', scope: { type: 'cluster', clusterId: '00000000-0000-4000-8000-000000000000' } })));
    expect(missing.status).toBe(422);
    expect(missing.issues?.map((i) => i.path)).toEqual(['scope.clusterId']);
    expect((await rejection(createSlo(core, 'system', sloInputSchema.parse(INPUT)))).status).toBe(409);
    expect(await database.prisma.ruleGroup.count()).toBe(groups);
    expect(await database.prisma.slo.count()).toBe(1);
  });

  it('exports as Sloth, Pyrra and Prometheus rules', async () => {
    const sloth = parseYaml((await exportSlo(core, id, { format: 'sloth' })).yaml);
    expect(sloth).toMatchObject({ version: 'prometheus/v1', slos: [{ name: 'checkout', objective: 99.9 }] });
    const pyrra = parseYaml((await exportSlo(core, id, { format: 'pyrra' })).yaml);
    expect(pyrra).toMatchObject({ apiVersion: 'pyrra.dev/v1alpha1', kind: 'ServiceLevelObjective', spec: { window: '30d' } });
    const rules = parseYaml((await exportSlo(core, id, { format: 'prometheus' })).yaml);
    expect(rules.groups.flatMap((g: { rules: Array<{ alert?: string }> }) => g.rules.filter((r) => r.alert))).toHaveLength(4);
  });

  it('lists SLOs and deletes one with its group', async () => {
    expect((await listSlos(core)).map((s) => s.name)).toEqual(['checkout']);
    const { ruleGroupId } = await getSlo(core, id);
    await deleteSlo(core, 'system', id);
    expect(await database.prisma.ruleGroup.findUnique({ where: { id: ruleGroupId! } })).toBeNull();
    expect((await rejection(getSlo(core, id))).status).toBe(404);
  });
});
