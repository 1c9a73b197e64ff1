import type { PrismaClient } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type { AlertInstance, Labels, Transition } from './engine/types';

type Db = Pick<PrismaClient, 'alertInstance' | 'alertTransition' | 'alertEvent' | '$transaction'>;

/** The active instances of some rules on one cluster, as the engine keeps them: rule id -> fingerprint -> instance. */
export async function loadActiveInstances(db: Db, ruleIds: string[], clusterId: string): Promise<Map<string, Map<string, AlertInstance>>> {
  const rows = await db.alertInstance.findMany({ where: { clusterId, ruleId: { in: ruleIds } } });
  const byRule = new Map<string, Map<string, AlertInstance>>(ruleIds.map((id) => [id, new Map()]));
  for (const row of rows) {
    const instance: AlertInstance = {
      fingerprint: row.fingerprint,
      labels: row.labels as Labels,
      annotations: row.annotations as Labels,
      state: row.state as AlertInstance['state'],
      activeAt: row.activeAt.getTime(),
      value: row.value,
      ...(row.firedAt ? { firedAt: row.firedAt.getTime() } : {}),
      ...(row.keepFiringSince ? { keepFiringSince: row.keepFiringSince.getTime() } : {}),
    };
    byRule.get(row.ruleId)?.set(row.fingerprint, instance);
  }
  return byRule;
}

export interface TransitionBatch {
  ruleId: string;
  groupId: string;
  clusterId: string;
  alertname: string;
  transitions: Transition[];
  /** The rule's instances after the evaluation (for the rows to write). */
  active: ReadonlyMap<string, AlertInstance>;
  /** Runs first inside the transaction; throwing aborts it (a worker that lost the group's lease). */
  fence?: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0]) => Promise<void>;
}

/**
 * Writes one evaluation's transitions in one transaction: the instance rows, the history, and
 * the notification events (firing / resolved) for the dispatcher. Nothing is written when
 * nothing changed, so steady state costs no database writes. A crash before the commit loses
 * the whole evaluation, which the next one redoes; it never leaves a notification half-recorded.
 */
export async function persistTransitions(db: Db, batch: TransitionBatch): Promise<void> {
  if (batch.transitions.length === 0) return;
  const { ruleId, groupId, clusterId, alertname } = batch;
  await db.$transaction(async (tx) => {
    await batch.fence?.(tx);
    for (const t of batch.transitions) {
      const key = { ruleId_clusterId_fingerprint: { ruleId, clusterId, fingerprint: t.fingerprint } };
      const at = new Date(t.at);
      if (t.kind === 'resolved' || t.kind === 'pending_cleared') {
        await tx.alertInstance.deleteMany({ where: { ruleId, clusterId, fingerprint: t.fingerprint } });
      } else {
        const current = batch.active.get(t.fingerprint);
        if (current) {
          const columns = instanceColumns(current, at);
          await tx.alertInstance.upsert({ where: key, create: { ruleId, clusterId, ...columns }, update: columns });
        }
      }
      await tx.alertTransition.create({
        data: {
          at,
          ruleId,
          groupId,
          clusterId,
          alertname,
          fingerprint: t.fingerprint,
          kind: t.kind,
          labels: t.labels,
          annotations: t.annotations,
          value: t.value,
          activeAt: new Date(t.activeAt),
        },
      });
      if (t.kind === 'firing' || t.kind === 'resolved') {
        await tx.alertEvent.create({
          data: {
            createdAt: at,
            status: t.kind,
            ruleId,
            clusterId,
            fingerprint: t.fingerprint,
            labels: t.labels,
            annotations: t.annotations,
            startsAt: new Date(t.firedAt ?? t.at),
            activeAt: new Date(t.activeAt),
            endsAt: t.kind === 'resolved' ? at : null,
            value: t.value,
          },
        });
      }
    }
  });
}

function instanceColumns(a: AlertInstance, at: Date) {
  return {
    fingerprint: a.fingerprint,
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: new Date(a.activeAt),
    firedAt: a.firedAt !== undefined ? new Date(a.firedAt) : null,
    keepFiringSince: a.keepFiringSince !== undefined ? new Date(a.keepFiringSince) : null,
    value: a.value,
    updatedAt: at,
  };
}

/** Drops history older than `before`, and notification events delivered before it (undelivered ones stay). */
export async function pruneAlertHistory(db: Pick<PrismaClient, 'alertTransition' | 'alertEvent'>, before: Date): Promise<void> {
  await db.alertTransition.deleteMany({ where: { at: { lt: before } } });
  await db.alertEvent.deleteMany({ where: { processedAt: { lt: before } } });
}

type InstanceTx = Pick<Parameters<Parameters<PrismaClient['$transaction']>[0]>[0], 'alertInstance' | 'alertTransition' | 'alertEvent'>;

/**
 * Ends the instances matching `where` because what they belong to goes away (a rule, a group, a
 * cluster): firing ones are resolved (history and a resolved event, so receivers hear of it),
 * pending ones cleared, and the rows deleted. Inside the caller's transaction.
 */
export async function resolveInstances(tx: InstanceTx, where: Prisma.AlertInstanceWhereInput, now: Date): Promise<void> {
  const instances = await tx.alertInstance.findMany({ where, include: { rule: { select: { groupId: true, alert: true } } } });
  for (const i of instances) {
    const kind = i.state === 'firing' ? 'resolved' : 'pending_cleared';
    await tx.alertTransition.create({
      data: { at: now, ruleId: i.ruleId, groupId: i.rule.groupId, clusterId: i.clusterId, alertname: i.rule.alert, fingerprint: i.fingerprint, kind, labels: i.labels ?? {}, annotations: i.annotations ?? {}, value: i.value, activeAt: i.activeAt },
    });
    if (kind === 'resolved') {
      await tx.alertEvent.create({
        data: { createdAt: now, status: 'resolved', ruleId: i.ruleId, clusterId: i.clusterId, fingerprint: i.fingerprint, labels: i.labels ?? {}, annotations: i.annotations ?? {}, startsAt: i.firedAt ?? i.activeAt, activeAt: i.activeAt, endsAt: now, value: i.value },
      });
    }
  }
  await tx.alertInstance.deleteMany({ where });
}
