// The webhook body: Alertmanager's webhook payload version "4", field for field, so receivers
// written for Alertmanager work unchanged. Compared with a real Alertmanager 0.25 body
// (../shared/conformance/alertmanager/webhook-v4.firing.json):
// - the same keys in the same order, and nothing else (our `acknowledgement` extension is left out);
// - times as Go's RFC3339Nano in UTC ("2026-11-22T03:01:22.335Z", trailing zeros dropped),
//   endsAt "0001-01-01T00:00:00Z" (Go's zero time) while an alert fires;
// - maps with their keys sorted, as Go's encoding/json writes them;
// - truncatedAlerts a number, version the string "4".

import type { Labels, NotificationAlert, NotificationGroup } from '../types';

export interface WebhookAlertV4 {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayloadV4 {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: WebhookAlertV4[];
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
}

/** Go's zero time.Time in RFC 3339. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** An RFC 3339 time the way Go's time.Time marshals to JSON in UTC: RFC3339Nano, trailing fractional zeros dropped. */
export function goRfc3339Nano(time: string | null): string {
  if (!time) return GO_ZERO_TIME;
  // Already UTC: keep the digits given (they may be finer than milliseconds).
  const utc = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/i.exec(time);
  if (utc) {
    const fraction = (utc[2] ?? '').replace(/0+$/, '');
    return `${utc[1]}${fraction ? `.${fraction}` : ''}Z`;
  }
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return GO_ZERO_TIME;
  return goRfc3339Nano(new Date(ms).toISOString());
}

/** A copy of `labels` with keys in Go's sorted (byte-wise) order. */
export function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const key of Object.keys(labels).sort(byteOrder)) out[key] = labels[key]!;
  return out;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function webhookAlert(alert: NotificationAlert): WebhookAlertV4 {
  return {
    status: alert.status,
    labels: sortedLabels(alert.labels),
    annotations: sortedLabels(alert.annotations),
    startsAt: goRfc3339Nano(alert.startsAt),
    // Alertmanager zeroes endsAt of alerts that still fire.
    endsAt: alert.status === 'firing' ? GO_ZERO_TIME : goRfc3339Nano(alert.endsAt),
    generatorURL: alert.generatorURL,
    fingerprint: alert.fingerprint,
  };
}

/**
 * The Alertmanager webhook v4 body of a group. With `maxAlerts` > 0, only the first `maxAlerts`
 * alerts are included and the rest are counted in truncatedAlerts (Alertmanager's max_alerts).
 */
export function alertmanagerWebhookPayload(group: NotificationGroup, maxAlerts = 0): WebhookPayloadV4 {
  const kept = maxAlerts > 0 ? group.alerts.slice(0, maxAlerts) : group.alerts;
  return {
    receiver: group.receiver,
    status: group.status,
    alerts: kept.map(webhookAlert),
    groupLabels: sortedLabels(group.groupLabels),
    commonLabels: sortedLabels(group.commonLabels),
    commonAnnotations: sortedLabels(group.commonAnnotations),
    externalURL: group.externalURL,
    version: '4',
    groupKey: group.groupKey,
    truncatedAlerts: group.truncatedAlerts + (group.alerts.length - kept.length),
  };
}
