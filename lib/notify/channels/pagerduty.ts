// PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
// one event per alert, `trigger` while it fires and `resolve` when it is resolved, with a
// dedup_key stable per alert so PagerDuty folds repeats and retries into one incident.
// Events are sent one after another; a failure fails the whole notification, and the retry
// resends them all, which PagerDuty deduplicates by dedup_key.

import { z } from 'zod';
import type { NotificationAlert, NotificationGroup } from '../types';
import {
  alertLink, alertName, alertSummary, clusterName, knownSeverity, truncate, type Severity,
} from './alert-text';
import type { ChannelType, RenderContext, RenderedRequest } from './channel';
import { groupToSend, messageTemplateSettings, NOTHING_TO_SEND, renderMessageTemplates, sendResolvedSetting, templateFailure } from './common-settings';
import { postHttp } from './http-delivery';
import { httpUrlSetting } from './http-settings';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export const pagerdutyConfigSchema = z.strictObject({
  /** The service integration's routing (integration) key: a secret. */
  routingKey: z.string().min(1).max(128),
  url: httpUrlSetting.default(PAGERDUTY_EVENTS_URL),
  /** Severity for alerts whose `severity` label is not critical, error, warning or info. */
  defaultSeverity: z.enum(SEVERITIES).default('warning'),
  ...sendResolvedSetting,
  // title → payload.summary, text → custom_details.text; rendered per alert (.Alerts holds that one alert).
  ...messageTemplateSettings,
});

export type PagerDutyConfig = z.output<typeof pagerdutyConfigSchema>;

/** PagerDuty's severity for an alert: its `severity` label when PagerDuty knows it, else the default. */
export function pagerdutySeverity(labels: Record<string, string>, fallback: Severity = 'warning'): Severity {
  return knownSeverity(labels) ?? fallback;
}

/** The dedup_key of an alert: the same for every trigger and the resolve of one alert. */
export const pagerdutyDedupKey = (alert: NotificationAlert): string => `kubewatch-${alert.fingerprint}`;

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: Severity;
    timestamp: string;
    class?: string;
    component?: string;
    group?: string;
    custom_details: Record<string, unknown>;
  };
  client: string;
  client_url: string;
  links: { href: string; text: string }[];
}

async function pagerdutyEvent(
  config: PagerDutyConfig,
  group: NotificationGroup,
  alert: NotificationAlert,
  context: RenderContext,
): Promise<PagerDutyEvent> {
  const single: NotificationGroup = { ...group, status: alert.status, alerts: [alert], truncatedAlerts: 0 };
  const templates = await renderMessageTemplates(config, single, context);
  const name = alertName(alert);
  const summary = templates.title || [name, alertSummary(alert)].filter(Boolean).join(': ');
  const link = alertLink(group, alert);
  return {
    routing_key: config.routingKey,
    event_action: alert.status === 'firing' ? 'trigger' : 'resolve',
    dedup_key: pagerdutyDedupKey(alert),
    payload: {
      summary: truncate(summary, 1024),
      source: clusterName(alert) || alert.labels.instance || 'kubewatch',
      severity: pagerdutySeverity(alert.labels, config.defaultSeverity),
      timestamp: alert.startsAt,
      class: name,
      ...(alert.labels.namespace ? { component: alert.labels.namespace } : {}),
      ...(alert.labels.job ? { group: alert.labels.job } : {}),
      custom_details: {
        status: alert.status,
        labels: alert.labels,
        annotations: alert.annotations,
        ...(alert.endsAt && alert.status === 'resolved' ? { resolved_at: alert.endsAt } : {}),
        ...(templates.text ? { text: templates.text } : {}),
      },
    },
    client: 'Kubewatch',
    client_url: link,
    links: [
      { href: link, text: 'View in Kubewatch' },
      ...(alert.generatorURL ? [{ href: alert.generatorURL, text: 'Source' }] : []),
    ],
  };
}

async function pagerdutyEvents(config: PagerDutyConfig, group: NotificationGroup, context: RenderContext) {
  const events: PagerDutyEvent[] = [];
  for (const alert of group.alerts) events.push(await pagerdutyEvent(config, group, alert, context));
  return events;
}

export const pagerdutyChannel: ChannelType<PagerDutyConfig> = {
  type: 'pagerduty',
  title: 'PagerDuty',
  configSchema: pagerdutyConfigSchema,
  secretPaths: ['routingKey'],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const events = await pagerdutyEvents(config, group, context).catch(templateFailure);
    let last = NOTHING_TO_SEND as { status?: number; responseSnippet?: string };
    for (const event of events) {
      last = await postHttp({
        url: config.url,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Kubewatch' },
        body: JSON.stringify(event),
        signal: context.signal,
        service: 'PagerDuty',
        now: context.now,
        secrets: [config.routingKey],
      });
    }
    return events.length > 1 ? { ...last, responseSnippet: `${events.length} events; last: ${last.responseSnippet ?? ''}`.trim() } : last;
  },

  async render(config, notification, context): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    const events = await pagerdutyEvents(config, group, context);
    return events.map((event) => ({
      target: `POST ${config.url}`,
      headers: { 'Content-Type': 'application/json' },
      body: { ...event, routing_key: '<secret>' },
    }));
  },
};
