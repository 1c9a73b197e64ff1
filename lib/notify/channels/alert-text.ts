// Small pieces of the built-in messages shared by the channel types: names, severities, links,
// titles, truncation.

import type { Labels, NotificationAlert, NotificationGroup } from '../types';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, error: 3, warning: 2, info: 1 };

/** The alert's `severity` label when it is one we know (any case), else undefined. */
export function knownSeverity(labels: Labels): Severity | undefined {
  const value = labels.severity?.trim().toLowerCase();
  return value && Object.hasOwn(SEVERITY_RANK, value) ? (value as Severity) : undefined;
}

/** The most severe known severity among the group's firing alerts (undefined when none is known). */
export function groupSeverity(group: NotificationGroup): Severity | undefined {
  let best: Severity | undefined;
  for (const alert of group.alerts) {
    if (alert.status !== 'firing') continue;
    const s = knownSeverity(alert.labels);
    if (s && (!best || SEVERITY_RANK[s] > SEVERITY_RANK[best])) best = s;
  }
  return best;
}

export const alertName = (alert: NotificationAlert): string => alert.labels.alertname || '(unnamed alert)';
export const clusterName = (alert: NotificationAlert): string => alert.labels.cluster ?? '';

/** The alert's one-line description: summary, else description, else message annotation. */
export function alertSummary(alert: NotificationAlert): string {
  const a = alert.annotations;
  return a.summary || a.description || a.message || '';
}

/** Link to the alert's page in Kubewatch. */
export function alertLink(group: NotificationGroup, alert: NotificationAlert): string {
  return `${baseUrl(group.externalURL)}/alerts/${encodeURIComponent(alert.fingerprint)}`;
}

/** Link to the alert list in Kubewatch (for messages about several alerts). */
export function alertsLink(group: NotificationGroup): string {
  return `${baseUrl(group.externalURL)}/alerts`;
}

/** The one link for a message: the alert's page when there is one alert, else the list. */
export function groupLink(group: NotificationGroup): string {
  return group.alerts.length === 1 ? alertLink(group, group.alerts[0]!) : alertsLink(group);
}

const baseUrl = (externalURL: string) => externalURL.replace(/\/+$/, '');

export const firingCount = (group: NotificationGroup): number => group.alerts.filter((a) => a.status === 'firing').length;

/** What the group is about: the common alertname, else "N alerts". */
export function groupSubject(group: NotificationGroup): string {
  const name = group.commonLabels.alertname ?? group.groupLabels.alertname;
  const cluster = group.commonLabels.cluster;
  const what = name ?? `${group.alerts.length} alerts`;
  return cluster ? `${what} (${cluster})` : what;
}

/** "[FIRING:2] KubePodCrashLooping (prod-eu)" / "[RESOLVED] KubePodCrashLooping (prod-eu)", like Alertmanager's default title. */
export function defaultTitle(group: NotificationGroup): string {
  const status = group.status === 'firing' ? `FIRING:${firingCount(group)}` : 'RESOLVED';
  return `[${status}] ${groupSubject(group)}`;
}

/** `k="v", ...` of the labels not already shown elsewhere, sorted by name. */
export function labelPairs(labels: Labels, omit: readonly string[] = ['alertname', 'cluster', 'severity']): string {
  return Object.keys(labels)
    .filter((k) => !omit.includes(k))
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(', ');
}

/** `s` cut to at most `max` UTF-16 units, ending in "…" when cut (never splitting a surrogate pair). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut -= 1;
  return s.slice(0, Math.max(cut, 0)) + '…';
}

/** "2026-11-22 03:01:22 UTC" from an RFC 3339 time. */
export function displayTime(rfc3339: string | null): string {
  if (!rfc3339) return '';
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
