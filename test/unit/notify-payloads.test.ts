// Channel payloads against their references: the webhook body against a real Alertmanager 0.25
// webhook body, Slack messages against Block Kit's documented limits, PagerDuty severities
// against the Events API v2 enum, templates against Go text/template behaviour.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertmanagerWebhookPayload, CHANNEL_TYPES, previewNotification, sampleNotification } from '../../lib/notify/channels';
import { renderNotificationTemplate } from '../../lib/notify/channels/notification-template';
import { pagerdutySeverity } from '../../lib/notify/channels/pagerduty';
import { slackMessage } from '../../lib/notify/channels/slack-message';
import { parseRetryAfter } from '../../lib/notify/channels/http-delivery';
import { emailMessageId } from '../../lib/notify/channels/email';
import type { NotificationAlert, NotificationGroup } from '../../lib/notify/types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SAMPLE = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'conformance', 'alertmanager', 'webhook-v4.firing.json'), 'utf8'),
) as { [key: string]: Json } & { alerts: { [key: string]: Json }[] };

/** The sample read back into our types (endsAt null while firing, as the engine has it). */
function groupFromSample(): NotificationGroup {
  const s = SAMPLE as unknown as NotificationGroup & { alerts: (NotificationAlert & { endsAt: string })[] };
  return {
    groupKey: s.groupKey,
    receiver: s.receiver,
    status: s.status,
    groupLabels: s.groupLabels,
    commonLabels: s.commonLabels,
    commonAnnotations: s.commonAnnotations,
    externalURL: s.externalURL,
    truncatedAlerts: s.truncatedAlerts,
    alerts: s.alerts.map((a) => ({ ...a, endsAt: null })),
  };
}

/** The JSON "shape" of a value: its type, and for objects the sorted keys with their shapes. */
function shape(value: Json): Json {
  if (Array.isArray(value)) return ['array', ...(value.length ? [shape(value[0]!)] : [])];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape(value[k]!)]));
  return typeof value;
}

// Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros dropped, UTC as Z).
const GO_RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/;

describe('webhook payload (Alertmanager webhook v4)', () => {
  it('reproduces the real Alertmanager body from the same data, key order included', () => {
    const payload = alertmanagerWebhookPayload(groupFromSample());
    expect(payload).toEqual(SAMPLE);
    expect(Object.keys(payload)).toEqual(Object.keys(SAMPLE));
    expect(Object.keys(payload.alerts[0]!)).toEqual(Object.keys(SAMPLE.alerts[0]!));
  });

  it('has the sample shape (keys and value types at every level) for mixed firing/resolved groups', () => {
    const base = groupFromSample();
    const firing = base.alerts[0]!;
    const group: NotificationGroup = {
      ...base,
      groupLabels: { alertname: 'DemoCondition' },
      commonAnnotations: { summary: 'x' },
      alerts: [
        { ...firing, annotations: { summary: 'x' }, acknowledgement: { by: 'alice', at: '2026-11-22T03:05:00Z' } },
        { ...firing, status: 'resolved', endsAt: '2026-11-22T03:10:00.120Z', fingerprint: '0123456789abcdef', annotations: { summary: 'x' } },
      ],
    };
    const payload = alertmanagerWebhookPayload(group) as unknown as { [key: string]: Json };
    const sampleAlertShape = shape(SAMPLE.alerts[0]!) as { [key: string]: Json };
    const alertShapes = (payload.alerts as Json[]).map((a) => shape(a) as { [key: string]: Json });
    for (const alertShape of alertShapes) {
      expect(Object.keys(alertShape)).toEqual(Object.keys(sampleAlertShape));
      for (const key of ['status', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint']) expect(alertShape[key]).toBe(sampleAlertShape[key]);
    }
    const top = shape(payload) as { [key: string]: Json };
    const sampleTop = shape(SAMPLE) as { [key: string]: Json };
    expect(Object.keys(top)).toEqual(Object.keys(sampleTop));
    for (const key of ['receiver', 'status', 'externalURL', 'version', 'groupKey', 'truncatedAlerts']) expect(top[key]).toBe(sampleTop[key]);

    const alerts = payload.alerts as { [key: string]: string }[];
    for (const a of alerts) {
      expect(a.startsAt).toMatch(GO_RFC3339_UTC);
      expect(a.endsAt).toMatch(GO_RFC3339_UTC);
      expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/); // like the sample's ce20369b570926da
    }
    expect(alerts[0]!.endsAt).toBe(SAMPLE.alerts[0]!.endsAt); // Go's zero time while firing
    expect(alerts[1]!.endsAt).toBe('2026-11-22T03:10:00.12Z');
    expect(JSON.stringify(payload)).not.toContain('acknowledgement');
  });

  it('writes times like Go: UTC, no trailing fractional zeros', () => {
    const base = groupFromSample();
    const at = (startsAt: string) => alertmanagerWebhookPayload({ ...base, alerts: [{ ...base.alerts[0]!, startsAt }] }).alerts[0]!.startsAt;
    expect(at('2026-11-22T03:01:22.000Z')).toBe('2026-11-22T03:01:22Z');
    expect(at('2026-11-22T03:01:22.500Z')).toBe('2026-11-22T03:01:22.5Z');
    expect(at('2026-11-22T04:01:22.335+01:00')).toBe('2026-11-22T03:01:22.335Z');
    expect(at('2026-11-22T03:01:22.123456789Z')).toBe('2026-11-22T03:01:22.123456789Z');
  });

  it('sorts map keys like Go encoding/json', () => {
    const base = groupFromSample();
    const payload = alertmanagerWebhookPayload({
      ...base,
      commonLabels: { zone: 'a', Alpha: 'b', alertname: 'c' },
      alerts: [{ ...base.alerts[0]!, labels: { zone: 'a', Alpha: 'b', alertname: 'c' } }],
    });
    expect(Object.keys(payload.commonLabels)).toEqual(['Alpha', 'alertname', 'zone']); // byte order: upper case first
    expect(Object.keys(payload.alerts[0]!.labels)).toEqual(['Alpha', 'alertname', 'zone']);
  });

  it('truncates to maxAlerts and counts the rest in truncatedAlerts (on top of earlier truncation)', () => {
    const base = groupFromSample();
    const alerts = Array.from({ length: 5 }, (_, i) => ({ ...base.alerts[0]!, fingerprint: `000000000000000${i}` }));
    const payload = alertmanagerWebhookPayload({ ...base, alerts, truncatedAlerts: 2 }, 3);
    expect(payload.alerts.map((a) => a.fingerprint)).toEqual(alerts.slice(0, 3).map((a) => a.fingerprint));
    expect(payload.truncatedAlerts).toBe(4);
    expect(alertmanagerWebhookPayload({ ...base, alerts }, 0).alerts).toHaveLength(5);
  });
});

// Block Kit limits, from Slack's reference (docs.slack.dev/reference/block-kit): 50 blocks per
// message, header text 150 characters, section text 3000, at most 10 fields of 2000 each,
// button text 75, button url 3000.
describe('Slack message limits', () => {
  const long = 'x'.repeat(5000);
  function bigGroup(count: number, truncatedAlerts = 0): NotificationGroup {
    const alerts: NotificationAlert[] = Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `Alert${i}${long}`, cluster: long, severity: 'critical', pod: long },
      annotations: { summary: long },
      startsAt: '2026-11-22T03:00:00Z',
      endsAt: null,
      generatorURL: '',
      fingerprint: i.toString(16).padStart(16, '0'),
    }));
    return {
      groupKey: 'k', receiver: 'r', status: 'firing', groupLabels: {}, commonLabels: {}, commonAnnotations: {},
      externalURL: 'https://kubewatch.example.com', alerts, truncatedAlerts,
    };
  }

  function checkLimits(blocks: any[]) {
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') {
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
        if (block.accessory) {
          expect(block.accessory.text.text.length).toBeLessThanOrEqual(75);
          expect(block.accessory.url.length).toBeLessThanOrEqual(3000);
        }
      }
      if (block.type === 'context') {
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
      }
    }
  }

  it('keeps 200 huge alerts within the limits and says how many are not shown', () => {
    const group = bigGroup(200, 7);
    const message = slackMessage(group, { title: long, text: long });
    const blocks = message.attachments[0].blocks as any[];
    checkLimits([...message.blocks, ...blocks]);
    const shown = blocks.filter((b) => b.type === 'section' && b.accessory).length;
    expect(shown).toBeGreaterThan(10);
    expect(blocks.at(-1).type).toBe('context');
    expect(blocks.at(-1).elements[0].text).toContain(String(200 - shown + 7));
    expect(message.text.length).toBeLessThanOrEqual(40_000);
  });

  it('shows every alert when they fit, without a "more" block', () => {
    const message = slackMessage(bigGroup(3), {});
    const blocks = message.attachments[0].blocks as any[];
    checkLimits([...message.blocks, ...blocks]);
    expect(blocks.filter((b) => b.type === 'section' && b.accessory)).toHaveLength(3);
    expect(blocks.some((b) => b.type === 'context')).toBe(false);
  });

  it('escapes &, < and > in alert data (Slack mrkdwn control characters)', () => {
    const group = bigGroup(1);
    group.alerts[0]!.labels = { alertname: 'A<b>&c', severity: 'warning' };
    group.alerts[0]!.annotations = { summary: '<!channel> & <https://evil.example|click>' };
    const section = (slackMessage(group, {}).attachments[0].blocks as any[]).find((b) => b.accessory);
    expect(section.text.text).not.toMatch(/[<>]/);
    expect(section.text.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });
});

describe('PagerDuty Events API v2 severities', () => {
  // The API accepts exactly critical, error, warning and info.
  it('maps the severity label, any case, and falls back to warning', () => {
    expect(pagerdutySeverity({ severity: 'critical' })).toBe('critical');
    expect(pagerdutySeverity({ severity: 'ERROR' })).toBe('error');
    expect(pagerdutySeverity({ severity: 'Warning' })).toBe('warning');
    expect(pagerdutySeverity({ severity: 'info' })).toBe('info');
    expect(pagerdutySeverity({ severity: 'page' })).toBe('warning');
    expect(pagerdutySeverity({})).toBe('warning');
    expect(pagerdutySeverity({ severity: 'none' }, 'info')).toBe('info');
  });

  it('renders one event per alert with the documented fields', async () => {
    const n = sampleNotification(new Date('2026-11-22T04:00:00Z'), { externalURL: 'https://kw.example' });
    const preview = await previewNotification('pagerduty', { routingKey: 'abc', defaultSeverity: 'error' }, n.group);
    expect(preview.requests).toHaveLength(1);
    const event = preview.requests[0]!.body as any;
    expect(event.event_action).toBe('trigger');
    expect(event.routing_key).toBe('<secret>');
    expect(event.dedup_key.length).toBeLessThanOrEqual(255);
    expect(Object.keys(event.payload)).toEqual(expect.arrayContaining(['summary', 'source', 'severity']));
    expect(['critical', 'error', 'warning', 'info']).toContain(event.payload.severity);
  });
});

describe('notification templates (Alertmanager-style data)', () => {
  const group: NotificationGroup = {
    groupKey: 'k', receiver: 'team', status: 'firing',
    groupLabels: { alertname: 'HighLoad' }, commonLabels: { alertname: 'HighLoad', cluster: 'prod' }, commonAnnotations: {},
    externalURL: 'https://kw.example', truncatedAlerts: 0,
    alerts: ['a', 'b'].map((node, i) => ({
      status: i === 0 ? 'firing' : 'resolved', labels: { alertname: 'HighLoad', node }, annotations: { summary: `load on ${node}` },
      startsAt: '2026-11-22T03:01:22.335Z', endsAt: i === 0 ? null : '2026-11-22T03:30:00Z', generatorURL: '', fingerprint: `000000000000000${i}`,
    })),
  };
  const render = (text: string) => renderNotificationTemplate('text', text, group);

  it('exposes .Status, .CommonLabels, .GroupLabels, .ExternalURL, .Receiver and the alerts in order', async () => {
    expect(await render('[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }} on {{ .CommonLabels.cluster }} → {{ .ExternalURL }} ({{ .Receiver }})'))
      .toBe('[FIRING] HighLoad on prod → https://kw.example (team)');
    expect(await render('{{ len .Alerts }}:{{ range .Alerts }} {{ .Labels.node }}={{ .Status }}/{{ .Annotations.summary }}{{ end }}'))
      .toBe('2: a=firing/load on a b=resolved/load on b');
  });

  it('gives .StartsAt/.EndsAt as Go times (zero EndsAt while firing)', async () => {
    // Go: time.Time.String() and Format with the reference layout.
    expect(await render('{{ range .Alerts }}{{ .StartsAt.Format "2006-01-02 15:04:05" }}|{{ .EndsAt }};{{ end }}'))
      .toBe('2026-11-22 03:01:22|0001-01-01 00:00:00 +0000 UTC;2026-11-22 03:01:22|2026-11-22 03:30:00 +0000 UTC;');
    expect(await render('{{ range .Alerts }}{{ .EndsAt.IsZero }} {{ end }}')).toBe('true false ');
  });

  it('rejects templates that do not parse when the settings are validated', () => {
    const result = CHANNEL_TYPES.slack!.configSchema.safeParse({ url: 'https://hooks.slack.com/services/T/B/X', title: '{{ if .Status }}' });
    expect(result.success).toBe(false);
    expect(CHANNEL_TYPES.slack!.configSchema.safeParse({ url: 'https://hooks.slack.com/services/T/B/X', title: '{{ .Status }}' }).success).toBe(true);
  });
});

describe('channel settings', () => {
  const fullConfigs: Record<string, unknown> = {
    email: { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'], auth: { username: 'u', password: 'smtp-pass' } },
    slack: { url: 'https://hooks.slack.com/services/T/B/X' },
    webhook: { url: 'https://example.com/hook', auth: { type: 'bearer', token: 'tok' }, headers: { 'X-Key': 'v' }, signingSecret: '0123456789abcdef' },
    pagerduty: { routingKey: 'rk' },
    msteams: { url: 'https://example.logic.azure.com/workflows/1?sig=s' },
    alertmanager: { url: 'http://am:9093', auth: { type: 'basic', username: 'u', password: 'p' } },
  };

  it('has one module per type behind the same interface, sendResolved defaulting to true', () => {
    expect(Object.keys(CHANNEL_TYPES).sort()).toEqual(['alertmanager', 'email', 'msteams', 'pagerduty', 'slack', 'webhook']);
    for (const [type, channel] of Object.entries(CHANNEL_TYPES)) {
      expect(channel.type).toBe(type);
      const parsed = channel.configSchema.parse(fullConfigs[type]);
      expect(parsed.sendResolved).toBe(true);
    }
  });

  it('lists secret paths that exist in the settings', () => {
    for (const [type, channel] of Object.entries(CHANNEL_TYPES)) {
      const parsed = channel.configSchema.parse(fullConfigs[type]) as Record<string, any>;
      const found = channel.secretPaths.filter((p) => {
        const [head, ...rest] = p.split('.');
        let value: any = parsed[head!];
        for (const part of rest) value = part === '*' ? Object.values(value ?? {})[0] : value?.[part];
        return typeof value === 'string';
      });
      expect(found.length, type).toBeGreaterThan(0);
    }
  });

  it('rejects credentials in a URL and Kubewatch-owned webhook headers', () => {
    expect(CHANNEL_TYPES.webhook!.configSchema.safeParse({ url: 'https://user:pw@example.com/hook' }).success).toBe(false);
    expect(CHANNEL_TYPES.webhook!.configSchema.safeParse({ url: 'https://example.com/hook', headers: { 'X-Kubewatch-Signature': 'x' } }).success).toBe(false);
    expect(CHANNEL_TYPES.webhook!.configSchema.safeParse({ url: 'https://example.com/hook', headers: { Authorization: 'x' } }).success).toBe(false);
  });
});

describe('small protocol details', () => {
  it('reads Retry-After as delta-seconds or an HTTP-date (RFC 9110 10.2.3)', () => {
    const now = new Date('2026-11-22T04:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 04:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('garbage', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('builds an RFC 5322 Message-ID from any notification id', () => {
    for (const id of ['01J9Z', 'a b@c<d>', 'grp/1:2', 'ünï']) {
      const messageId = emailMessageId(id, 'Kubewatch <alerts@kubewatch.example.com>');
      // msg-id = "<" dot-atom-text "@" dot-atom-text ">"
      expect(messageId).toMatch(/^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@kubewatch\.example\.com>$/);
    }
    expect(emailMessageId('a', 'x@y.z')).not.toBe(emailMessageId('b', 'x@y.z'));
  });
});
