// Turns a Flush into what a channel delivers: an Alertmanager-style group (webhook payload v4
// fields) with common labels/annotations computed over all alerts before truncation, as
// Alertmanager does.

import type { Notification, NotificationGroup } from '../types';
import type { Flush } from './aggregation-types';
import { commonLabels } from './label-sets';

export function toNotification(flush: Flush, options: { externalURL: string; maxAlerts?: number }): Notification {
  const max = options.maxAlerts ?? 0;
  const alerts = max > 0 ? flush.alerts.slice(0, max) : flush.alerts;
  const group: NotificationGroup = {
    groupKey: flush.groupKey,
    receiver: flush.receiver,
    status: flush.status,
    groupLabels: { ...flush.groupLabels },
    commonLabels: commonLabels(flush.alerts.map((a) => a.labels)),
    commonAnnotations: commonLabels(flush.alerts.map((a) => a.annotations)),
    externalURL: options.externalURL,
    alerts: structuredClone(alerts),
    truncatedAlerts: flush.alerts.length - alerts.length,
  };
  return { id: flush.id, group };
}
