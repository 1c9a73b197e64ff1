// Forwards alerts to an existing Alertmanager through its API v2 (POST /api/v2/alerts), the way
// Prometheus does, so teams keep their Alertmanager routing and receivers.
// - Firing alerts carry endsAt = now + 4 minutes, as Prometheus sends them (4 x its 1-minute
//   resend delay): the dispatcher resends the firing alerts of every Alertmanager channel each
//   minute (dispatch/alertmanager-resend.ts), and if Kubewatch stops, Alertmanager resolves them.
// - Resolved alerts carry endsAt (their resolve time), which resolves them at once.
// The body is Alertmanager's own format, so this type has no title/text templates.

import { z } from 'zod';
import type { NotificationAlert, NotificationGroup } from '../types';
import type { ChannelType, RenderedRequest } from './channel';
import { groupToSend, NOTHING_TO_SEND, sendResolvedSetting } from './common-settings';
import { maskHeaders, postHttp } from './http-delivery';
import { authorizationHeader, authSecrets, HTTP_AUTH_SECRET_PATHS, httpAuthSetting, httpUrlSetting } from './http-settings';
import { goRfc3339Nano, sortedLabels } from './webhook-payload';

export const alertmanagerConfigSchema = z.strictObject({
  /** The Alertmanager's base URL (with its route prefix, if any), e.g. http://alertmanager:9093. */
  url: httpUrlSetting,
  auth: httpAuthSetting,
  ...sendResolvedSetting,
});

export type AlertmanagerConfig = z.output<typeof alertmanagerConfigSchema>;

/** One element of POST /api/v2/alerts (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

/** How long Alertmanager keeps a firing alert without hearing of it again. */
export const FIRING_VALIDITY_MS = 4 * 60_000;

export function postableAlert(alert: NotificationAlert, now: Date): PostableAlert {
  const endsAt = alert.status === 'resolved' ? (alert.endsAt ?? now.toISOString()) : new Date(now.getTime() + FIRING_VALIDITY_MS).toISOString();
  return {
    labels: sortedLabels(alert.labels),
    annotations: sortedLabels(alert.annotations),
    startsAt: goRfc3339Nano(alert.startsAt),
    endsAt: goRfc3339Nano(endsAt),
    // generatorURL must be a URI for Alertmanager's validation: leave an empty one out.
    ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
  };
}

/** {url}/api/v2/alerts, keeping a path prefix of the base URL. */
export function alertsEndpoint(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

function buildRequest(config: AlertmanagerConfig, group: NotificationGroup, now: Date) {
  const authorization = authorizationHeader(config.auth);
  return {
    url: alertsEndpoint(config.url),
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Kubewatch',
      ...(authorization ? { Authorization: authorization } : {}),
    } as Record<string, string>,
    alerts: group.alerts.map((alert) => postableAlert(alert, now)),
  };
}

export const alertmanagerChannel: ChannelType<AlertmanagerConfig> = {
  type: 'alertmanager',
  title: 'Alertmanager',
  configSchema: alertmanagerConfigSchema,
  secretPaths: [...HTTP_AUTH_SECRET_PATHS],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const request = buildRequest(config, group, context.now);
    return postHttp({
      url: request.url,
      headers: request.headers,
      body: JSON.stringify(request.alerts),
      signal: context.signal,
      service: 'Alertmanager',
      now: context.now,
      secrets: authSecrets(config.auth),
    });
  },

  async render(config, notification, context): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    const request = buildRequest(config, group, context.now);
    return [{ target: `POST ${request.url}`, headers: maskHeaders(request.headers, ['authorization']), body: request.alerts }];
  },
};
