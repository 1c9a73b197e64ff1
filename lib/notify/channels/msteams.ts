// Microsoft Teams through a "Workflows" (Power Automate) webhook: a message with one Adaptive
// Card 1.4 attachment, the shape the "Post to a channel when a webhook request is received"
// template expects. Teams messages are limited to about 28 KB, so at most MAX_ALERTS alerts are
// listed. The webhook URL carries its signature: it is the secret.

import { z } from 'zod';
import type { NotificationAlert, NotificationGroup } from '../types';
import {
  alertLink, alertName, alertSummary, clusterName, defaultTitle, displayTime, groupLink, groupSeverity, labelPairs, truncate,
} from './alert-text';
import type { ChannelType, RenderedRequest } from './channel';
import {
  groupToSend, messageTemplateSettings, NOTHING_TO_SEND, renderMessageTemplates, sendResolvedSetting, templateFailure,
  type RenderedTemplates,
} from './common-settings';
import { hostOf, postHttp, urlSecrets } from './http-delivery';
import { httpUrlSetting } from './http-settings';

const MAX_ALERTS = 20;

export const msteamsConfigSchema = z.strictObject({
  url: httpUrlSetting,
  ...sendResolvedSetting,
  ...messageTemplateSettings,
});

export type MsTeamsConfig = z.output<typeof msteamsConfigSchema>;

type CardColour = 'Attention' | 'Warning' | 'Accent' | 'Good' | 'Default';

/** Adaptive Card colours: Attention (red) critical/error, Warning (amber), Accent (blue) info, Good (green) resolved. */
export function teamsColour(group: NotificationGroup): CardColour {
  if (group.status === 'resolved') return 'Good';
  const severity = groupSeverity(group);
  if (severity === 'critical' || severity === 'error') return 'Attention';
  if (severity === 'info') return 'Accent';
  return 'Warning';
}

function alertContainer(group: NotificationGroup, alert: NotificationAlert) {
  const facts = [
    { title: 'Status', value: alert.status === 'firing' ? 'Firing' : 'Resolved' },
    { title: 'Cluster', value: clusterName(alert) || '—' },
    { title: 'Severity', value: alert.labels.severity || '—' },
    { title: 'Started', value: displayTime(alert.startsAt) },
    ...(alert.status === 'resolved' ? [{ title: 'Resolved', value: displayTime(alert.endsAt) }] : []),
    ...(labelPairs(alert.labels) ? [{ title: 'Labels', value: truncate(labelPairs(alert.labels), 1000) }] : []),
  ];
  const summary = alertSummary(alert);
  return {
    type: 'Container',
    separator: true,
    items: [
      { type: 'TextBlock', text: alertName(alert), weight: 'Bolder', wrap: true, color: alert.status === 'resolved' ? 'Good' : 'Default' },
      ...(summary ? [{ type: 'TextBlock', text: truncate(summary, 2000), wrap: true }] : []),
      { type: 'FactSet', facts },
    ],
    // The whole block opens the alert in Kubewatch.
    selectAction: { type: 'Action.OpenUrl', url: alertLink(group, alert), title: 'View in Kubewatch' },
  };
}

/** The Teams message body for a group. */
export function teamsMessage(group: NotificationGroup, templates: RenderedTemplates) {
  const shown = group.alerts.slice(0, MAX_ALERTS);
  const notShown = group.alerts.length - shown.length + group.truncatedAlerts;
  const body = [
    {
      type: 'TextBlock',
      text: templates.title || defaultTitle(group),
      size: 'Large',
      weight: 'Bolder',
      color: teamsColour(group),
      wrap: true,
    },
    ...(templates.text?.trim() ? [{ type: 'TextBlock', text: truncate(templates.text, 4000), wrap: true }] : []),
    ...shown.map((alert) => alertContainer(group, alert)),
    ...(notShown > 0 ? [{ type: 'TextBlock', text: `…and ${notShown} more alert${notShown === 1 ? '' : 's'}`, isSubtle: true, wrap: true }] : []),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'View in Kubewatch', url: groupLink(group) }],
        },
      },
    ],
  };
}

export const msteamsChannel: ChannelType<MsTeamsConfig> = {
  type: 'msteams',
  title: 'Microsoft Teams',
  configSchema: msteamsConfigSchema,
  secretPaths: ['url'],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const templates = await renderMessageTemplates(config, group, context).catch(templateFailure);
    return postHttp({
      url: config.url,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Kubewatch' },
      body: JSON.stringify(teamsMessage(group, templates)),
      signal: context.signal,
      service: 'Teams',
      now: context.now,
      secrets: urlSecrets(config.url),
    });
  },

  async render(config, notification, context): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    const templates = await renderMessageTemplates(config, group, context);
    return [
      {
        target: `POST Teams workflow webhook on ${hostOf(config.url)}`,
        headers: { 'Content-Type': 'application/json' },
        body: teamsMessage(group, templates),
      },
    ];
  },
};
