// "Preview" and "send test" support: what a channel would send for a group, and a sample
// notification to send or preview when no real alert is at hand.

import { randomUUID } from 'node:crypto';
import { labelsFingerprint } from '../../rules/engine/fingerprint';
import type { Notification, NotificationGroup } from '../types';
import type { RenderedRequest } from './channel';
import { CHANNEL_TYPES } from './channel-types';

export interface NotificationPreview {
  type: string;
  /** Empty when nothing would be sent (a resolved group with sendResolved off). */
  requests: RenderedRequest[];
}

/**
 * What a channel of `type` with `config` (raw settings, validated here: a ZodError when invalid)
 * would send for `sampleGroup`, secrets masked. Template errors reject with NotificationTemplateError.
 */
export async function previewNotification(
  type: string,
  config: unknown,
  sampleGroup: NotificationGroup,
  now: Date = new Date(),
): Promise<NotificationPreview> {
  const channel = Object.hasOwn(CHANNEL_TYPES, type) ? CHANNEL_TYPES[type] : undefined;
  if (!channel) throw new Error(`unknown channel type: ${type}`);
  const parsed: unknown = channel.configSchema.parse(config);
  const requests = await channel.render(parsed, { id: 'preview', group: sampleGroup }, { now });
  return { type, requests };
}

/** A notification with one made-up alert, for "send test" and previews; a new id each call. */
export function sampleNotification(
  now: Date,
  options: { externalURL?: string; receiver?: string; status?: 'firing' | 'resolved' } = {},
): Notification {
  const status = options.status ?? 'firing';
  const labels = { alertname: 'KubewatchTestAlert', cluster: 'example-cluster', namespace: 'default', severity: 'warning' };
  const startsAt = new Date(now.getTime() - 5 * 60_000).toISOString();
  return {
    id: `test-${randomUUID()}`,
    group: {
      groupKey: `test:${JSON.stringify({ alertname: labels.alertname })}`,
      receiver: options.receiver ?? 'test',
      status,
      groupLabels: { alertname: labels.alertname },
      commonLabels: labels,
      commonAnnotations: { summary: 'This is a test notification from Kubewatch.' },
      externalURL: options.externalURL ?? 'http://localhost:3000',
      truncatedAlerts: 0,
      alerts: [
        {
          status,
          labels,
          annotations: { summary: 'This is a test notification from Kubewatch.' },
          startsAt,
          endsAt: status === 'resolved' ? now.toISOString() : null,
          generatorURL: '',
          fingerprint: labelsFingerprint(labels),
        },
      ],
    },
  };
}
