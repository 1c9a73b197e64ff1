// Builds a Flush: the alerts in Alertmanager's order and a deterministic idempotency key, so the
// same flush computed twice (a retry, or a re-run after a crash) carries the same id.

import { createHash } from 'node:crypto';
import type { NotificationAlert } from '../types';
import type { AggregationGroup, AlertEvent, Flush, FlushReason } from './aggregation-types';
import { compareAlertLabels } from './label-sets';

/** sha256 of the group (and its incarnation), receiver, kind, sequence and the (fingerprint, status) set. */
export function flushId(input: {
  groupKey: string;
  groupCreatedAt: number;
  receiver: string;
  kind: Flush['kind'];
  sequence: number;
  alerts: readonly Pick<NotificationAlert, 'fingerprint' | 'status'>[];
}): string {
  const items = input.alerts.map((a) => `${a.fingerprint}:${a.status}`).sort();
  // The creation time tells apart a group that was removed and created again with the same key.
  const material = JSON.stringify([input.groupKey, input.groupCreatedAt, input.receiver, input.kind, input.sequence, items]);
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

function toNotificationAlert(alert: AlertEvent): NotificationAlert {
  const { activeAt: _activeAt, ...rest } = alert;
  return structuredClone(rest);
}

export function buildFlush(input: {
  group: AggregationGroup;
  receiver: string;
  kind: Flush['kind'];
  reason: FlushReason;
  sequence: number;
  alerts: readonly AlertEvent[];
  dueAt: number;
}): Flush {
  const alerts = input.alerts.map(toNotificationAlert).sort((a, b) => compareAlertLabels(a.labels, b.labels));
  return {
    id: flushId({
      groupKey: input.group.key,
      groupCreatedAt: input.group.createdAt,
      receiver: input.receiver,
      kind: input.kind,
      sequence: input.sequence,
      alerts,
    }),
    groupKey: input.group.key,
    routeId: input.group.routeId,
    receiver: input.receiver,
    kind: input.kind,
    reason: input.reason,
    sequence: input.sequence,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    groupLabels: { ...input.group.labels },
    alerts,
    dueAt: new Date(input.dueAt).toISOString(),
  };
}
