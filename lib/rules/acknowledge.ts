import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { ApiError, conflict, notFound } from '../http/errors';
import type { CoreContext } from '../runtime/app-context';

export const acknowledgeSchema = z.object({ comment: z.string().trim().max(2000).optional() }).strict();

/**
 * Acknowledges a firing alert instance: who, when, why. It stops repeat notifications (and an
 * escalation that has not happened yet) but not the resolved notification. Recorded on the
 * instance, in the history, and handed to the dispatcher as an event.
 */
export async function acknowledgeAlert(app: CoreContext, actor: Principal, instanceId: string, body: z.output<typeof acknowledgeSchema>) {
  if (!z.uuid().safeParse(instanceId).success) throw notFound(`alert ${instanceId}`);
  const now = app.clock.now();
  return app.prisma.$transaction(async (tx) => {
    const instance = await tx.alertInstance.findUnique({ where: { id: instanceId }, include: { rule: { select: { groupId: true, alert: true } } } });
    if (!instance) throw notFound(`alert ${instanceId}`);
    if (instance.state !== 'firing') throw new ApiError(409, 'conflict', 'only a firing alert can be acknowledged (this one is pending)');
    if (instance.ackAt) throw conflict(`already acknowledged by ${instance.ackBy} at ${instance.ackAt.toISOString()}`);
    const acknowledgement = { by: actor.email, at: now.toISOString(), ...(body.comment ? { comment: body.comment } : {}) };
    await tx.alertInstance.update({ where: { id: instanceId }, data: { ackBy: actor.email, ackAt: now, ackComment: body.comment ?? null } });
    await tx.alertTransition.create({
      data: { at: now, ruleId: instance.ruleId, groupId: instance.rule.groupId, clusterId: instance.clusterId, alertname: instance.rule.alert, fingerprint: instance.fingerprint, kind: 'acknowledged', labels: instance.labels ?? {}, annotations: { ...(instance.annotations as object), ...acknowledgementNote(acknowledgement) }, value: instance.value, activeAt: instance.activeAt },
    });
    await tx.alertEvent.create({
      data: { createdAt: now, status: 'firing', ruleId: instance.ruleId, clusterId: instance.clusterId, fingerprint: instance.fingerprint, labels: instance.labels ?? {}, annotations: instance.annotations ?? {}, startsAt: instance.firedAt ?? instance.activeAt, activeAt: instance.activeAt, value: instance.value, acknowledgement },
    });
    return { id: instanceId, acknowledgement };
  });
}

/** The history entry shows who acknowledged, in its annotations. */
function acknowledgementNote(ack: { by: string; comment?: string }) {
  return { acknowledged_by: ack.by, ...(ack.comment ? { acknowledgement_comment: ack.comment } : {}) };
}
