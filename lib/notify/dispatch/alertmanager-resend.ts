// Keeps forwarded alerts alive in Alertmanager, as Prometheus does: every minute the firing alerts
// each Alertmanager channel was told about are posted again (each with endsAt = now + 4 min), so
// Alertmanager neither resolves them after its resolve_timeout nor keeps them forever once
// Kubewatch stops. Best effort and outside the outbox: a missed resend is made up a minute later,
// and Alertmanager deduplicates repeated posts (several workers may resend the same alerts).

import type { CoreContext } from '../../runtime/app-context';
import { toChannelInput } from '../channel-record';
import { CHANNEL_TYPES } from '../channels';
import type { AggregationState } from '../routing/aggregation-types';
import { DeliveryError, type NotificationAlert } from '../types';

export const ALERTMANAGER_RESEND_MS = 60_000;
const SEND_TIMEOUT_MS = 15_000;

/** The firing alerts the notification state says `receiver` was last told about. */
export function firingAlertsFor(state: AggregationState | null, receiver: string): NotificationAlert[] {
  const alerts = new Map<string, NotificationAlert>();
  for (const group of Object.values(state?.groups ?? {})) {
    const told = new Set([...(group.log[receiver]?.firing ?? []), ...(group.escalation?.receiver === receiver ? group.escalation.firing : [])]);
    for (const fingerprint of told) {
      const alert = group.alerts[fingerprint];
      if (alert && alert.status === 'firing') alerts.set(fingerprint, alert);
    }
  }
  return [...alerts.values()];
}

/** Posts the still-firing alerts to every Alertmanager channel; returns how many alerts were sent. */
export async function resendToAlertmanagers(core: CoreContext, now: Date): Promise<number> {
  const channels = await core.prisma.notificationChannel.findMany({ where: { type: 'alertmanager' } });
  if (channels.length === 0) return 0;
  const config = await core.prisma.notificationConfig.findUnique({ where: { id: 'default' }, select: { state: true } });
  const state = (config?.state ?? null) as AggregationState | null;
  const channelType = CHANNEL_TYPES.alertmanager!;
  let sent = 0;
  for (const row of channels) {
    const alerts = firingAlertsFor(state, row.name);
    if (alerts.length === 0) continue;
    try {
      const settings = channelType.configSchema.parse(toChannelInput(row, core.secrets).config);
      const group = { groupKey: 'resend', receiver: row.name, status: 'firing' as const, groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: core.settings.PUBLIC_URL ?? '', alerts, truncatedAlerts: 0 };
      await channelType.send(settings, { id: `resend-${row.id}-${now.getTime()}`, group }, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS), now });
      sent += alerts.length;
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      core.logger.warn({ channel: row.name, alerts: alerts.length, error: error.message }, 'resending firing alerts to Alertmanager failed; next try in a minute');
    }
  }
  return sent;
}
