// The built-in email of a notification: subject, a plain-text part and an HTML part with a table
// of the alerts (status, alert, cluster, severity, summary, labels, started, link to Kubewatch).
// Resolved notifications get a "[RESOLVED]" subject and a green banner instead of red/amber/blue.
// HTML is built with inline styles only: mail clients drop <style> blocks and external CSS.

import type { NotificationAlert, NotificationGroup } from '../types';
import {
  alertLink, alertName, alertsLink, alertSummary, clusterName, defaultTitle, displayTime, groupSeverity, labelPairs,
} from './alert-text';
import type { RenderedTemplates } from './common-settings';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const BANNER = { critical: '#C62828', warning: '#B26A00', info: '#1565C0', resolved: '#2E7D32' } as const;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function bannerColour(group: NotificationGroup): string {
  if (group.status === 'resolved') return BANNER.resolved;
  const severity = groupSeverity(group);
  if (severity === 'critical' || severity === 'error') return BANNER.critical;
  if (severity === 'info') return BANNER.info;
  return BANNER.warning;
}

/** The subject: the title template's output or the default, always "[RESOLVED] …" when resolved. */
export function emailSubject(group: NotificationGroup, templates: RenderedTemplates): string {
  const subject = (templates.title || defaultTitle(group)).replace(/[\r\n]+/g, ' ').trim();
  if (group.status === 'resolved' && !/^\[RESOLVED\]/i.test(subject)) return `[RESOLVED] ${subject}`;
  return subject;
}

function textPart(group: NotificationGroup, subject: string, intro: string | undefined): string {
  const lines = [subject, ''];
  if (intro?.trim()) lines.push(intro.trim(), '');
  for (const alert of group.alerts) {
    lines.push(`${alert.status === 'firing' ? 'FIRING' : 'RESOLVED'}: ${alertName(alert)}`);
    const summary = alertSummary(alert);
    if (summary) lines.push(`  ${summary}`);
    if (clusterName(alert)) lines.push(`  Cluster:  ${clusterName(alert)}`);
    if (alert.labels.severity) lines.push(`  Severity: ${alert.labels.severity}`);
    const labels = labelPairs(alert.labels);
    if (labels) lines.push(`  Labels:   ${labels}`);
    lines.push(`  Started:  ${displayTime(alert.startsAt)}`);
    if (alert.status === 'resolved') lines.push(`  Resolved: ${displayTime(alert.endsAt)}`);
    lines.push(`  Details:  ${alertLink(group, alert)}`, '');
  }
  if (group.truncatedAlerts > 0) lines.push(`…and ${group.truncatedAlerts} more alerts.`, '');
  lines.push(`All alerts: ${alertsLink(group)}`, '', '-- ', 'Sent by Kubewatch');
  return lines.join('\n');
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #e0e0e0;vertical-align:top;text-align:left;';

function alertRow(group: NotificationGroup, alert: NotificationAlert): string {
  const firing = alert.status === 'firing';
  const status = `<span style="font-weight:bold;color:${firing ? bannerColour({ ...group, status: 'firing', alerts: [alert] }) : BANNER.resolved};">${firing ? 'FIRING' : 'RESOLVED'}</span>`;
  const cells = [
    status,
    `<strong>${escapeHtml(alertName(alert))}</strong>`,
    escapeHtml(clusterName(alert)),
    escapeHtml(alert.labels.severity ?? ''),
    escapeHtml(alertSummary(alert)),
    `<code style="font-size:12px;">${escapeHtml(labelPairs(alert.labels))}</code>`,
    escapeHtml(displayTime(alert.startsAt)) + (firing ? '' : `<br>resolved ${escapeHtml(displayTime(alert.endsAt))}`),
    `<a href="${escapeHtml(alertLink(group, alert))}">View</a>`,
  ];
  return `<tr>${cells.map((c) => `<td style="${CELL}">${c}</td>`).join('')}</tr>`;
}

function htmlPart(group: NotificationGroup, subject: string, intro: string | undefined): string {
  const headers = ['Status', 'Alert', 'Cluster', 'Severity', 'Summary', 'Labels', 'Started', 'Link'];
  const introHtml = intro?.trim() ? `<p style="margin:16px 0;">${escapeHtml(intro.trim()).replace(/\n/g, '<br>')}</p>` : '';
  const more = group.truncatedAlerts > 0 ? `<p>…and ${group.truncatedAlerts} more alerts.</p>` : '';
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#212121;">',
    `<div style="background:${bannerColour(group)};color:#ffffff;padding:12px 16px;font-size:18px;font-weight:bold;">${escapeHtml(subject)}</div>`,
    introHtml,
    '<table style="border-collapse:collapse;width:100%;margin-top:16px;" cellspacing="0" cellpadding="0">',
    `<thead><tr>${headers.map((h) => `<th style="${CELL}background:#f5f5f5;">${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${group.alerts.map((alert) => alertRow(group, alert)).join('')}</tbody>`,
    '</table>',
    more,
    `<p style="margin-top:16px;"><a href="${escapeHtml(alertsLink(group))}">View all alerts in Kubewatch</a></p>`,
    '<p style="color:#757575;font-size:12px;">Sent by Kubewatch</p>',
    '</body></html>',
  ].join('\n');
}

/** Subject, text and HTML of the email for a group; the text template, when given, is the introduction. */
export function emailContent(group: NotificationGroup, templates: RenderedTemplates): EmailContent {
  const subject = emailSubject(group, templates);
  return { subject, text: textPart(group, subject, templates.text), html: htmlPart(group, subject, templates.text) };
}
