// Deleting a cluster resolves its firing alerts (history and a resolved event for the dispatcher)
// instead of letting them vanish with it, which left receivers with alerts firing forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../lib/auth/principal';
import { createCluster, deleteCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import type { AppContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import type { AlertInstance } from '../../lib/rules/engine/types';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { createTestCore, type TestCore } from '../support/core';
import type { TestDatabase } from '../support/database';

describe('deleting a cluster with alerts', () => {
  let database: TestDatabase;
  let app: AppContext;
  let testCore: TestCore;

  beforeAll(async () => {
    testCore = await createTestCore('cluster-delete');
    database = testCore.database;
    app = testCore.core;
  }, 60_000);
  afterAll(async () => {
    await testCore?.close();
  });

  it('resolves its firing alerts, clears its pending ones, and leaves other clusters alone', async () => {
    const admin = { kind: 'token', userId: null, email: 'system', role: 'admin' } as unknown as Principal;
    const doomed = await createCluster(app, 'system', clusterInputSchema.parse({ name: 'doomed', prometheus: { url: 'http://prometheus.invalid:9090' } }));
    const kept = await createCluster(app, 'system', clusterInputSchema.parse({ name: 'kept', prometheus: { url: 'http://prometheus.invalid:9090' } }));
    const group = await createRuleGroup(app, 'system', ruleGroupInputSchema.parse({ name: 'g', rules: [{ alert: 'Up', expr: 'vector(1)' }] }));
    const ruleId = group.rules[0]!.id;
    const at = Date.now() - 60_000;
    const instance = (cluster: string, state: 'firing' | 'pending'): AlertInstance => {
      const labels = { alertname: 'Up', cluster, instance: state };
      return { fingerprint: labelsFingerprint(labels), labels, annotations: {}, state, activeAt: at - 60_000, ...(state === 'firing' ? { firedAt: at } : {}), value: 1 };
    };
    for (const cluster of [doomed, kept]) {
      const firing = instance(cluster.name, 'firing');
      const pending = instance(cluster.name, 'pending');
      await persistTransitions(database.prisma, {
        ruleId,
        groupId: group.id,
        clusterId: cluster.id,
        alertname: 'Up',
        transitions: [
          { kind: 'firing', at, fingerprint: firing.fingerprint, labels: firing.labels, annotations: {}, value: 1, activeAt: firing.activeAt, firedAt: at },
          { kind: 'pending', at, fingerprint: pending.fingerprint, labels: pending.labels, annotations: {}, value: 1, activeAt: pending.activeAt },
        ],
        active: new Map([firing, pending].map((i) => [i.fingerprint, i])),
      });
    }
    expect(await database.prisma.alertInstance.count()).toBe(4);

    await deleteCluster(app, admin, doomed.id);

    expect((await database.prisma.alertInstance.findMany()).map((i) => i.clusterId)).toEqual([kept.id, kept.id]);
    const events = await database.prisma.alertEvent.findMany({ where: { clusterId: doomed.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.status)).toEqual(['firing', 'resolved']);
    expect((events[1]!.labels as Record<string, string>).instance).toBe('firing');
    const history = await database.prisma.alertTransition.findMany({ where: { clusterId: doomed.id }, orderBy: { id: 'asc' } });
    expect(history.map((t) => t.kind).slice(-2).sort()).toEqual(['pending_cleared', 'resolved']);
  });
});
