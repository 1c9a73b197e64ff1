// Forwards alerts to an existing Alertmanager through its API v2 (POST /api/v2/alerts), the way
// Prometheus does, so teams keep their Alertmanager routing and receivers.
// - Firing alerts are sent without endsAt: Alertmanager then resolves them by itself after its
//   resolve_timeout (default 5 m) unless they are sent again, so the dispatcher must resend
//   firing alerts to this channel more often than that (Prometheus resends about every minute).
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

export function postableAlert(alert: NotificationAlert, now: Date): PostableAlert {
  return {
    labels: sortedLabels(alert.labels),
    annotations: sortedLabels(alert.annotations),
    startsAt: goRfc3339Nano(alert.startsAt),
    ...(alert.status === 'resolved' ? { endsAt: goRfc3339Nano(alert.endsAt ?? now.toISOString()) } : {}),
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
