// The Slack message of a notification: a header (and the text template's output) as top-level
// blocks, then the alerts as Block Kit blocks inside one attachment whose colour bar shows the
// status (firing critical/error red, warning amber, info blue, resolved green).
// Slack's limits (https://docs.slack.dev/reference/block-kit/blocks): at most 50 blocks (kept for
// the top-level and attachment blocks together),
// header text 150 characters, section text 3000, section fields 10 of 2000 each, button text 75,
// button URL 3000. Alerts beyond what fits are summarised in a last context block.

import type { NotificationAlert, NotificationGroup } from '../types';
import {
  alertLink, alertName, alertsLink, alertSummary, clusterName, defaultTitle, displayTime, groupSeverity, knownSeverity,
  labelPairs, truncate,
} from './alert-text';
import type { RenderedTemplates } from './common-settings';

export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  buttonText: 75,
  url: 3000,
  contextElements: 10,
  /** Slack truncates a message's top-level text beyond 40,000 characters; 4,000 is its advice. */
  fallbackText: 4000,
} as const;

export const SLACK_COLOURS = {
  critical: '#E01E5A',
  warning: '#ECB22E',
  info: '#36C5F0',
  resolved: '#2EB67D',
} as const;

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[]; accessory?: SlackButton }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };
type SlackButton = { type: 'button'; text: TextObject; url: string; action_id: string };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  attachments: [{ color: string; fallback: string; blocks: SlackBlock[] }];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The colour bar of a group: green when resolved, else by its most severe firing alert (unknown → amber). */
export function slackColour(group: NotificationGroup): string {
  if (group.status === 'resolved') return SLACK_COLOURS.resolved;
  const severity = groupSeverity(group);
  if (severity === 'critical' || severity === 'error') return SLACK_COLOURS.critical;
  if (severity === 'info') return SLACK_COLOURS.info;
  return SLACK_COLOURS.warning;
}

const mrkdwn = (text: string, max: number): TextObject => ({ type: 'mrkdwn', text: truncate(text, max) });

function alertSection(group: NotificationGroup, alert: NotificationAlert, index: number): SlackBlock {
  const resolved = alert.status === 'resolved' ? ' _(resolved)_' : '';
  const summary = alertSummary(alert);
  const labels = labelPairs(alert.labels);
  const lines = [
    `*${escapeMrkdwn(alertName(alert))}*${resolved}`,
    ...(summary ? [escapeMrkdwn(summary)] : []),
    ...(labels ? [`\`${escapeMrkdwn(labels)}\``] : []),
  ];
  const fields = [
    mrkdwn(`*Cluster*\n${escapeMrkdwn(clusterName(alert) || '—')}`, SLACK_LIMITS.fieldText),
    mrkdwn(`*Severity*\n${escapeMrkdwn(alert.labels.severity || '—')}`, SLACK_LIMITS.fieldText),
    mrkdwn(`*Started*\n${displayTime(alert.startsAt)}`, SLACK_LIMITS.fieldText),
    ...(alert.status === 'resolved' ? [mrkdwn(`*Resolved*\n${displayTime(alert.endsAt)}`, SLACK_LIMITS.fieldText)] : []),
  ];
  const url = alertLink(group, alert);
  return {
    type: 'section',
    text: mrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText),
    fields,
    ...(url.length <= SLACK_LIMITS.url
      ? {
          accessory: {
            type: 'button',
            text: { type: 'plain_text', text: 'View in Kubewatch', emoji: false },
            url,
            action_id: `kubewatch-view-${index}`,
          },
        }
      : {}),
  };
}

/** The Slack message for a group, with the rendered title/text templates when given. */
export function slackMessage(group: NotificationGroup, templates: RenderedTemplates): SlackMessage {
  const title = templates.title || defaultTitle(group);
  const icon = group.status === 'resolved' ? ':white_check_mark:' : knownSeverity(group.commonLabels) === 'info' ? ':information_source:' : ':rotating_light:';
  const top: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${icon} ${title}`, SLACK_LIMITS.headerText), emoji: true } },
  ];
  if (templates.text?.trim()) top.push({ type: 'section', text: mrkdwn(templates.text, SLACK_LIMITS.sectionText) });

  // Room for the alerts, keeping one block for "and N more" when they do not all fit.
  const blocks: SlackBlock[] = [];
  const room = SLACK_LIMITS.blocks - top.length;
  const shown = group.alerts.length <= room ? group.alerts : group.alerts.slice(0, room - 1);
  shown.forEach((alert, i) => blocks.push(alertSection(group, alert, i)));
  const notShown = group.alerts.length - shown.length + group.truncatedAlerts;
  if (notShown > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${notShown} more alert${notShown === 1 ? '' : 's'}: <${alertsLink(group)}|view all in Kubewatch>`, SLACK_LIMITS.sectionText)],
    });
  }

  const fallback = truncate(templates.text?.trim() ? `${title}\n${templates.text}` : title, SLACK_LIMITS.fallbackText);
  return { text: fallback, blocks: top, attachments: [{ color: slackColour(group), fallback, blocks }] };
}
