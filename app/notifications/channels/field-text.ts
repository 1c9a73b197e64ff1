// Labels and help for channel settings. The form's structure comes from each type's zod schema;
// only the words people read live here (the schemas carry no descriptions). Keys are
// `<type>.<path>` for one type or `<path>` for every type; unknown settings get a label made
// from their name.
import { humanize } from './schema-draft';

const LABELS: Record<string, string> = {
  url: 'URL',
  'slack.url': 'Incoming webhook URL',
  'msteams.url': 'Workflows webhook URL',
  'pagerduty.url': 'Events API URL',
  'alertmanager.url': 'Alertmanager URL',
  routingKey: 'Routing key',
  defaultSeverity: 'Default severity',
  auth: 'Authentication',
  'auth.type': 'Authentication',
  'auth.username': 'Username',
  'auth.password': 'Password',
  'auth.token': 'Bearer token',
  headers: 'Extra headers',
  signingSecret: 'Signing secret',
  maxAlerts: 'Max alerts per request',
  sendResolved: 'Send resolved notifications',
  title: 'Title template',
  text: 'Text template',
  host: 'SMTP host',
  port: 'Port',
  security: 'Connection security',
  requireTls: 'Require STARTTLS',
  tls: 'TLS',
  'tls.caCert': 'CA certificate (PEM)',
  'tls.insecureSkipVerify': 'Skip certificate verification (insecure)',
  'tls.serverName': 'Server name to verify',
  from: 'From',
  to: 'To',
  cc: 'Cc',
  channel: 'Channel override',
  username: 'Username',
  icon: 'Icon',
};

const HINTS: Record<string, string> = {
  'webhook.url': 'Receives Alertmanager’s webhook JSON (version 4) by POST. Credentials go in Authentication, not in the URL.',
  'alertmanager.url': 'Base URL of an existing Alertmanager (with its route prefix), e.g. http://alertmanager:9093. Alerts are posted to /api/v2/alerts.',
  'slack.url': 'https://hooks.slack.com/services/… — it is the secret: stored encrypted, never shown again.',
  'msteams.url': 'From the Teams “Post to a channel when a webhook request is received” workflow; it carries its signature, so it is a secret.',
  'pagerduty.url': 'Leave as is unless you use a PagerDuty proxy or EU endpoint.',
  routingKey: 'The integration key of the PagerDuty service (Events API v2).',
  defaultSeverity: 'For alerts whose severity label is not critical, error, warning or info.',
  headers: 'Sent with every request. Values are secrets (they often carry API keys): stored encrypted, never shown again.',
  signingSecret: 'At least 16 characters. Requests are signed: X-Kubewatch-Signature = sha256 HMAC of "<timestamp>.<body>". Empty: not signed.',
  maxAlerts: '0 sends every alert of the group; with a limit the rest are counted in truncatedAlerts.',
  sendResolved: 'Also notify when alerts resolve (Alertmanager’s send_resolved).',
  port: 'Empty: 587 for STARTTLS, 465 for TLS, 25 for none.',
  security: 'starttls upgrades a plain connection; tls is TLS from the start (SMTPS); none never encrypts.',
  requireTls: 'With STARTTLS: refuse to send in clear text when the server does not offer it.',
  'email.auth': 'SMTP login, when the server needs one.',
  'tls.serverName': 'When host is an IP address or an alias: the name in the server’s certificate.',
  'tls.caCert': 'Only for a private CA; public certificates are trusted already.',
  from: 'name@example.com or Kubewatch <name@example.com>',
  to: 'One address per line.',
  cc: 'One address per line (optional).',
  channel: 'e.g. #alerts, where the workspace allows overriding the webhook’s channel.',
  icon: ':emoji: or an http(s) image URL.',
};

const TEMPLATE_SYNTAX = 'Go template, as in Alertmanager: {{ .Status }}, {{ .CommonLabels.alertname }}, {{ range .Alerts }}{{ .Labels.instance }} {{ end }}, {{ .ExternalURL }}.';

/** What each type does with the title/text templates when they are empty. */
const TEMPLATE_DEFAULTS: Record<string, { title: string; text: string }> = {
  email: { title: 'The subject. Empty: “[FIRING:2] HighCPU (prod-eu)” / “[RESOLVED] …”.', text: 'An introduction above the table of alerts. Empty: none, just the table.' },
  slack: { title: 'The message header. Empty: “[FIRING:2] HighCPU (prod-eu)”.', text: 'A section under the header, above the alerts. Empty: none.' },
  msteams: { title: 'The card’s title. Empty: “[FIRING:2] HighCPU (prod-eu)”.', text: 'A paragraph under the title, above the alerts. Empty: none.' },
  pagerduty: { title: 'Each event’s summary (rendered per alert). Empty: “<alertname>: <summary annotation>”.', text: 'Goes to custom_details.text. Empty: not set.' },
};

export function fieldLabel(type: string, path: readonly string[]): string {
  const dotted = path.join('.');
  return LABELS[`${type}.${dotted}`] ?? LABELS[dotted] ?? humanize(path.at(-1) ?? '');
}

export function fieldHint(type: string, path: readonly string[]): string | undefined {
  const dotted = path.join('.');
  if (path.length === 1 && (dotted === 'title' || dotted === 'text')) {
    const defaults = TEMPLATE_DEFAULTS[type];
    return `${defaults ? defaults[dotted] + ' ' : ''}${TEMPLATE_SYNTAX}`;
  }
  return HINTS[`${type}.${dotted}`] ?? HINTS[dotted];
}

/** Settings shown together under "Message" after the type's own settings. */
export const MESSAGE_SETTINGS = ['sendResolved', 'title', 'text'];
