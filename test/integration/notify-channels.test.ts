// Notification channels against real receivers on 127.0.0.1: an SMTP server (smtp-server, with
// and without STARTTLS, with AUTH) whose mail is parsed with postal-mime, HTTP servers standing in
// for Slack, webhooks, PagerDuty and Teams, and a real Alertmanager 0.25.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PostalMime, { type Email } from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../lib/notify/channels';
import type { SendContext } from '../../lib/notify/channels/channel';
import { DeliveryError, type Notification, type NotificationAlert, type NotificationGroup } from '../../lib/notify/types';
import { freePort } from '../support/free-port';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager';
import { type HttpReceiver, startHttpReceiver } from '../support/http-receiver';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';

const CERTS = path.resolve(import.meta.dirname, '..', 'fixtures', 'kubernetes', 'certs');
const TLS = { key: readFileSync(path.join(CERTS, 'localhost-key.pem'), 'utf8'), cert: readFileSync(path.join(CERTS, 'localhost-cert.pem'), 'utf8') };
const SAMPLE = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'conformance', 'alertmanager', 'webhook-v4.firing.json'), 'utf8'),
) as Record<string, unknown> & { alerts: Record<string, unknown>[] };

const EXTERNAL_URL = 'https://kubewatch.example.com';
const NOW = new Date('2026-11-22T04:00:00Z');

const firingCritical: NotificationAlert = {
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', cluster: 'prod-eu', namespace: 'shop', pod: 'cart-7d9f', severity: 'critical' },
  annotations: { summary: 'Pod shop/cart-7d9f is crash looping', runbook_url: 'https://runbooks.example.com/crashloop' },
  startsAt: '2026-11-22T03:01:22.335Z',
  endsAt: null,
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=up&g0.tab=1',
  fingerprint: 'ce20369b570926da',
};
const resolvedWarning: NotificationAlert = {
  status: 'resolved',
  labels: { alertname: 'KubePodCrashLooping', cluster: 'prod-eu', namespace: 'shop', pod: 'cart-1a2b', severity: 'warning' },
  annotations: { summary: 'Pod shop/cart-1a2b is crash looping' },
  startsAt: '2026-11-22T02:00:00Z',
  endsAt: '2026-11-22T03:30:00Z',
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=up&g0.tab=1',
  fingerprint: '0123456789abcdef',
};

function group(alerts: NotificationAlert[], extra: Partial<NotificationGroup> = {}): NotificationGroup {
  return {
    groupKey: '{}/{alertname="KubePodCrashLooping"}:{alertname="KubePodCrashLooping"}',
    receiver: 'team-shop',
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: { alertname: 'KubePodCrashLooping', cluster: 'prod-eu', namespace: 'shop' },
    commonAnnotations: {},
    externalURL: EXTERNAL_URL,
    alerts,
    truncatedAlerts: 0,
    ...extra,
  };
}

let idCounter = 0;
const notification = (g: NotificationGroup): Notification => ({ id: `ntf-${++idCounter}-01J9Z`, group: g });
const context = (signal: AbortSignal = AbortSignal.timeout(15_000)): SendContext => ({ signal, now: NOW });

/** Sends through a channel type after validating the settings like the API would. */
function send(type: string, rawConfig: unknown, n: Notification, ctx: SendContext = context()) {
  const channel = CHANNEL_TYPES[type]!;
  return channel.send(channel.configSchema.parse(rawConfig), n, ctx);
}

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

const header = (mail: Email, name: string) => mail.headers.find((h) => h.key === name.toLowerCase())?.value;
const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, any>;

describe('email over real SMTP', () => {
  let starttls: SmtpReceiver;
  let plain: SmtpReceiver;
  let refusing: SmtpReceiver;
  let busy: SmtpReceiver;
  let smtps: SmtpReceiver;
  beforeAll(async () => {
    smtps = await startSmtpReceiver({ tls: TLS, implicitTls: true });
    starttls = await startSmtpReceiver({ tls: TLS, user: { username: 'kubewatch', password: 's3cret-pass' } });
    plain = await startSmtpReceiver();
    refusing = await startSmtpReceiver({ rejectRecipientsWith: 550 });
    busy = await startSmtpReceiver({ rejectRecipientsWith: 451 });
  });
  afterAll(async () => {
    await Promise.all([starttls?.close(), plain?.close(), refusing?.close(), busy?.close(), smtps?.close()]);
  });

  const base = (port: number) => ({
    host: '127.0.0.1',
    port,
    from: 'Kubewatch <alerts@kubewatch.example.com>',
    to: ['oncall@example.com', 'shop-team@example.com'],
    cc: ['audit@example.com'],
  });

  it('sends over STARTTLS with AUTH, verifying the certificate, with text and HTML parts and the idempotency headers', async () => {
    const n = notification(group([firingCritical, resolvedWarning]));
    const result = await send('email', {
      ...base(starttls.port),
      security: 'starttls',
      auth: { username: 'kubewatch', password: 's3cret-pass' },
      tls: { caCert: TLS.cert, serverName: 'localhost' },
    }, n);
    expect(result.status).toBe(250); // RFC 5321: 250 = requested action completed

    expect(starttls.mails).toHaveLength(1);
    const received = starttls.mails[0]!;
    expect(received.secure).toBe(true);
    expect(received.user).toBe('kubewatch');
    expect(received.from).toBe('alerts@kubewatch.example.com');
    expect(received.to.sort()).toEqual(['audit@example.com', 'oncall@example.com', 'shop-team@example.com']);

    const mail = await PostalMime.parse(received.raw);
    expect(mail.from).toMatchObject({ name: 'Kubewatch', address: 'alerts@kubewatch.example.com' });
    expect(mail.to?.map((a) => a.address)).toEqual(['oncall@example.com', 'shop-team@example.com']);
    expect(mail.cc?.map((a) => a.address)).toEqual(['audit@example.com']);
    expect(mail.subject).toMatch(/^\[FIRING/);
    expect(mail.subject).toContain('KubePodCrashLooping');
    expect(mail.subject).not.toContain('[RESOLVED]');
    expect(header(mail, 'X-Kubewatch-Notification-Id')).toBe(n.id);
    expect(mail.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/); // RFC 5322 msg-id
    expect(mail.messageId).toContain(n.id.replace(/[^A-Za-z0-9_-]/g, ''));

    for (const part of [mail.text!, mail.html!]) {
      expect(part).toContain('KubePodCrashLooping');
      expect(part).toContain('prod-eu');
      expect(part).toContain('critical');
      expect(part).toContain('Pod shop/cart-7d9f is crash looping');
      expect(part).toContain(`${EXTERNAL_URL}/alerts/${firingCritical.fingerprint}`);
      expect(part).toContain(`${EXTERNAL_URL}/alerts/${resolvedWarning.fingerprint}`);
    }
    expect(mail.html).toMatch(/<table[\s>]/);
    expect(mail.html).toContain(`href="${EXTERNAL_URL}/alerts/${firingCritical.fingerprint}"`);
    expect(mail.html).toContain('pod=&quot;cart-7d9f&quot;');
  });

  it('sends without TLS or AUTH, and a resolved notification says [RESOLVED] in the subject', async () => {
    const n = notification(group([resolvedWarning]));
    await send('email', { ...base(plain.port), security: 'none' }, n);
    const received = plain.mails.at(-1)!;
    expect(received.secure).toBe(false);
    const mail = await PostalMime.parse(received.raw);
    expect(mail.subject).toMatch(/^\[RESOLVED\]/);
    expect(mail.text).toContain('KubePodCrashLooping');
    expect(header(mail, 'x-kubewatch-notification-id')).toBe(n.id);
  });

  it('renders the title template as the subject and the text template into both parts', async () => {
    const n = notification(group([firingCritical]));
    await send('email', {
      ...base(plain.port),
      security: 'none',
      title: '{{ .Status | toUpper }} {{ .CommonLabels.alertname }} in {{ .CommonLabels.cluster }}',
      text: '{{ range .Alerts }}Pod {{ .Labels.pod }} since {{ .StartsAt.Format "15:04" }}{{ end }}',
    }, n);
    const mail = await PostalMime.parse(plain.mails.at(-1)!.raw);
    expect(mail.subject).toBe('FIRING KubePodCrashLooping in prod-eu');
    expect(mail.text).toContain('Pod cart-7d9f since 03:01');
    expect(mail.html).toContain('Pod cart-7d9f since 03:01');
  });

  it('does not send resolved-only notifications when sendResolved is off', async () => {
    const before = plain.mails.length;
    const result = await send('email', { ...base(plain.port), security: 'none', sendResolved: false }, notification(group([resolvedWarning])));
    expect(result.status).toBeUndefined();
    expect(plain.mails.length).toBe(before);
  });

  it('sends over implicit TLS (SMTPS), here without certificate verification', async () => {
    const n = notification(group([firingCritical]));
    await send('email', { ...base(smtps.port), security: 'tls', tls: { insecureSkipVerify: true } }, n);
    expect(smtps.mails).toHaveLength(1);
    expect(smtps.mails[0]!.secure).toBe(true);
    const mail = await PostalMime.parse(smtps.mails[0]!.raw);
    expect(header(mail, 'x-kubewatch-notification-id')).toBe(n.id);
  });

  it('fails without retry on a wrong password (SMTP 535 is a permanent reply)', async () => {
    const error = await rejection(
      send('email', {
        ...base(starttls.port),
        auth: { username: 'kubewatch', password: 'wrong-password' },
        tls: { caCert: TLS.cert, serverName: 'localhost' },
      }, notification(group([firingCritical]))),
    );
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(535);
    expect(error.message).not.toContain('wrong-password');
  });

  it('fails when the certificate cannot be verified and no CA is given', async () => {
    const before = starttls.mails.length;
    const error = await rejection(
      send('email', { ...base(starttls.port), auth: { username: 'kubewatch', password: 's3cret-pass' } }, notification(group([firingCritical]))),
    );
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT'); // Node's code for an untrusted self-signed certificate
    expect(starttls.mails.length).toBe(before);
  });

  it('retries when the connection is refused', async () => {
    const port = await freePort();
    const error = await rejection(send('email', { ...base(port), security: 'none' }, notification(group([firingCritical]))));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('maps recipient refusals by reply class: 550 permanent, 451 retryable', async () => {
    const permanent = await rejection(send('email', { ...base(refusing.port), security: 'none' }, notification(group([firingCritical]))));
    expect(permanent.retryable).toBe(false);
    expect(permanent.details.status).toBe(550);
    const transient = await rejection(send('email', { ...base(busy.port), security: 'none' }, notification(group([firingCritical]))));
    expect(transient.retryable).toBe(true);
    expect(transient.details.status).toBe(451);
  });

  it('requireTls refuses to send in clear text to a server without STARTTLS', async () => {
    const before = plain.mails.length;
    const error = await rejection(send('email', { ...base(plain.port), security: 'starttls', requireTls: true }, notification(group([firingCritical]))));
    expect(error.message).toMatch(/STARTTLS|TLS/);
    expect(plain.mails.length).toBe(before);
  });
});

describe('HTTP channels against a real HTTP receiver', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  const last = () => receiver.requests.at(-1)!;

  describe('slack', () => {
    const slackUrl = () => `${receiver.url}/services/T0000/B0000/XXXXSECRETXXXX`;

    it('posts a Block Kit message with a red bar for a critical alert and a button per alert', async () => {
      receiver.reply({ status: 200, body: 'ok' });
      const result = await send('slack', { url: slackUrl(), channel: '#alerts', username: 'Kubewatch', icon: ':bell:' }, notification(group([firingCritical, resolvedWarning])));
      expect(result.status).toBe(200);
      const req = last();
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/services/T0000/B0000/XXXXSECRETXXXX');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      const body = json(req.rawBody);
      expect(body).toMatchObject({ channel: '#alerts', username: 'Kubewatch', icon_emoji: ':bell:' });
      expect(typeof body.text).toBe('string');
      const attachment = body.attachments[0];
      const [r, g, b] = rgb(attachment.color);
      expect(r).toBeGreaterThan(g); // red
      expect(r).toBeGreaterThan(b);
      const blocks = [...body.blocks, ...attachment.blocks] as any[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      const headerBlock = blocks[0];
      expect(headerBlock.type).toBe('header');
      expect(headerBlock.text.type).toBe('plain_text');
      expect(headerBlock.text.text).toContain('FIRING');
      expect(headerBlock.text.text).toContain('KubePodCrashLooping');
      expect(headerBlock.text.text).toContain('1'); // one alert still firing
      const sections = blocks.filter((x) => x.type === 'section' && x.accessory);
      expect(sections).toHaveLength(2);
      expect(sections[0].accessory).toMatchObject({ type: 'button', url: `${EXTERNAL_URL}/alerts/${firingCritical.fingerprint}` });
      expect(sections[0].accessory.text.text).toBe('View in Kubewatch');
      const sectionText = JSON.stringify(sections[0]);
      expect(sectionText).toContain('prod-eu');
      expect(sectionText).toContain('critical');
      expect(sectionText).toContain('Pod shop/cart-7d9f is crash looping');
      expect(sectionText).toContain('cart-7d9f');
    });

    it('sends a distinct green message when everything is resolved', async () => {
      receiver.reply({ status: 200, body: 'ok' });
      await send('slack', { url: slackUrl() }, notification(group([resolvedWarning])));
      const attachment = json(last().rawBody).attachments[0];
      const [r, g, b] = rgb(attachment.color);
      expect(g).toBeGreaterThan(r);
      expect(g).toBeGreaterThan(b);
      expect(json(last().rawBody).blocks[0].text.text).toContain('RESOLVED');
    });

    it('maps Slack errors to DeliveryError without leaking the webhook URL', async () => {
      receiver.reply({ status: 500, body: 'internal_error' });
      const e500 = await rejection(send('slack', { url: slackUrl() }, notification(group([firingCritical]))));
      expect(e500).toMatchObject({ retryable: true, details: { status: 500, responseSnippet: 'internal_error' } });

      receiver.reply({ status: 429, headers: { 'Retry-After': '7' }, body: 'rate_limited' });
      const e429 = await rejection(send('slack', { url: slackUrl() }, notification(group([firingCritical]))));
      expect(e429).toMatchObject({ retryable: true, details: { status: 429, retryAfterMs: 7000 } });

      receiver.reply({ status: 400, body: 'invalid_payload' });
      const e400 = await rejection(send('slack', { url: slackUrl() }, notification(group([firingCritical]))));
      expect(e400).toMatchObject({ retryable: false, details: { status: 400, responseSnippet: 'invalid_payload' } });

      receiver.reply('hang');
      const hung = await rejection(send('slack', { url: slackUrl() }, notification(group([firingCritical])), context(AbortSignal.timeout(300))));
      expect(hung.retryable).toBe(true);

      for (const error of [e500, e429, e400, hung]) {
        expect(error.message).not.toContain('XXXXSECRETXXXX');
        expect(JSON.stringify(error.details)).not.toContain('XXXXSECRETXXXX');
      }
    });

    it('retries on connection refused', async () => {
      const port = await freePort();
      const error = await rejection(send('slack', { url: `http://127.0.0.1:${port}/services/T/B/XXXXSECRETXXXX` }, notification(group([firingCritical]))));
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.message).not.toContain('XXXXSECRETXXXX');
    });
  });

  describe('webhook', () => {
    const secret = 'whsec-0123456789abcdef';

    it('posts the Alertmanager v4 payload, signed over the exact body bytes, with an Idempotency-Key', async () => {
      receiver.reply({ status: 204 });
      const n = notification(group([firingCritical, resolvedWarning]));
      const result = await send('webhook', {
        url: `${receiver.url}/hooks/alerts?team=shop`,
        signingSecret: secret,
        headers: { 'X-Api-Key': 'key-123' },
        auth: { type: 'basic', username: 'hook', password: 'hook-pass' },
      }, n);
      expect(result.status).toBe(204);
      const req = last();
      expect(req.path).toBe('/hooks/alerts?team=shop');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      expect(req.headers['idempotency-key']).toBe(n.id);
      expect(req.headers['x-api-key']).toBe('key-123');
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from('hook:hook-pass').toString('base64')}`);

      // The receiver's check: HMAC-SHA256 over `timestamp + "." + raw body`.
      const timestamp = req.headers['x-kubewatch-timestamp'] as string;
      expect(timestamp).toBe(String(Math.floor(NOW.getTime() / 1000)));
      const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(req.rawBody).digest('hex');
      expect(req.headers['x-kubewatch-signature']).toBe(`sha256=${expected}`);

      const body = json(req.rawBody);
      expect(Object.keys(body).sort()).toEqual(Object.keys(SAMPLE).sort());
      expect(Object.keys(body.alerts[0]).sort()).toEqual(Object.keys(SAMPLE.alerts[0]!).sort());
      expect(body.version).toBe('4');
      expect(body.alerts[0].endsAt).toBe('0001-01-01T00:00:00Z');
      expect(body.alerts[1].endsAt).toBe('2026-11-22T03:30:00Z');
      expect(body.alerts[0].fingerprint).toBe(firingCritical.fingerprint);
    });

    it('honours maxAlerts with truncatedAlerts', async () => {
      receiver.reply({ status: 200 });
      await send('webhook', { url: `${receiver.url}/hooks`, maxAlerts: 1 }, notification(group([firingCritical, resolvedWarning])));
      const body = json(last().rawBody);
      expect(body.alerts).toHaveLength(1);
      expect(body.truncatedAlerts).toBe(1);
      expect(last().headers['x-kubewatch-signature']).toBeUndefined();
    });

    it('classifies failures: 500 and 429 retryable, 400 not, a hanging receiver aborted and retryable', async () => {
      const cfg = { url: `${receiver.url}/hooks`, auth: { type: 'bearer', token: 'tok-SECRET-123' } };
      receiver.reply({ status: 500, body: '{"error":"database is down"}' });
      const e500 = await rejection(send('webhook', cfg, notification(group([firingCritical]))));
      expect(e500).toMatchObject({ retryable: true, details: { status: 500 } });
      expect(e500.details.responseSnippet).toContain('database is down');

      receiver.reply({ status: 429, headers: { 'Retry-After': '30' }, body: 'slow down' });
      const e429 = await rejection(send('webhook', cfg, notification(group([firingCritical]))));
      expect(e429).toMatchObject({ retryable: true, details: { status: 429, retryAfterMs: 30_000, responseSnippet: 'slow down' } });

      const at = new Date(NOW.getTime() + 90_000).toUTCString(); // RFC 9110 HTTP-date form
      receiver.reply({ status: 429, headers: { 'Retry-After': at } });
      const eDate = await rejection(send('webhook', cfg, notification(group([firingCritical]))));
      expect(eDate.details.retryAfterMs).toBe(90_000);

      receiver.reply({ status: 400, body: 'missing field "alerts"' });
      const e400 = await rejection(send('webhook', cfg, notification(group([firingCritical]))));
      expect(e400).toMatchObject({ retryable: false, details: { status: 400, responseSnippet: 'missing field "alerts"' } });

      receiver.reply({ status: 404, body: 'tok-SECRET-123 not found' });
      const e404 = await rejection(send('webhook', cfg, notification(group([firingCritical]))));
      expect(e404.retryable).toBe(false);
      expect(e404.details.responseSnippet).not.toContain('tok-SECRET-123');

      receiver.reply('hang');
      const started = Date.now();
      const hung = await rejection(send('webhook', cfg, notification(group([firingCritical])), context(AbortSignal.timeout(300))));
      expect(hung.retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(hung.message).toMatch(/timed out/);
    });
  });

  describe('pagerduty', () => {
    const PD_OK = { status: 202, headers: { 'Content-Type': 'application/json' }, body: '{"status":"success","message":"Event processed","dedup_key":"x"}' };

    it('sends one Events API v2 event per alert: trigger for firing, resolve for resolved, stable dedup_key', async () => {
      receiver.reply(PD_OK);
      const before = receiver.requests.length;
      const result = await send('pagerduty', { routingKey: 'R0UTINGKEY0123456789abcdefabcdef', url: `${receiver.url}/v2/enqueue` }, notification(group([firingCritical, resolvedWarning])));
      expect(result.status).toBe(202);
      const events = receiver.requests.slice(before).map((r) => json(r.rawBody));
      expect(receiver.requests.slice(before).map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
      expect(events.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
      for (const e of events) expect(e.routing_key).toBe('R0UTINGKEY0123456789abcdefabcdef');
      const trigger = events[0]!;
      expect(trigger.payload.severity).toBe('critical');
      expect(trigger.payload.source).toBe('prod-eu');
      expect(trigger.payload.summary).toContain('KubePodCrashLooping');
      expect(trigger.payload.summary.length).toBeLessThanOrEqual(1024); // Events API v2 limit
      expect(trigger.payload.custom_details.labels.pod).toBe('cart-7d9f');
      expect(trigger.links).toContainEqual(expect.objectContaining({ href: `${EXTERNAL_URL}/alerts/${firingCritical.fingerprint}` }));

      // The same alert resolving later uses the same dedup_key as its trigger.
      receiver.reply(PD_OK);
      const resolvedLater: NotificationAlert = { ...firingCritical, status: 'resolved', endsAt: '2026-11-22T03:59:00Z' };
      await send('pagerduty', { routingKey: 'R0UTINGKEY0123456789abcdefabcdef', url: `${receiver.url}/v2/enqueue` }, notification(group([resolvedLater])));
      const resolve = json(last().rawBody);
      expect(resolve.event_action).toBe('resolve');
      expect(resolve.dedup_key).toBe(trigger.dedup_key);
      expect(resolve.dedup_key).not.toBe(events[1]!.dedup_key);
    });

    it('does not retry an event PagerDuty calls invalid (400)', async () => {
      receiver.reply({ status: 400, headers: { 'Content-Type': 'application/json' }, body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect (should be 32 characters)"]}' });
      const error = await rejection(send('pagerduty', { routingKey: 'short', url: `${receiver.url}/v2/enqueue` }, notification(group([firingCritical]))));
      expect(error).toMatchObject({ retryable: false, details: { status: 400 } });
      expect(error.details.responseSnippet).toContain('invalid event');
    });
  });

  describe('msteams', () => {
    it('posts an Adaptive Card 1.4 message with facts per alert and an OpenUrl action', async () => {
      receiver.reply({ status: 202 });
      const url = `${receiver.url}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SIGSECRET123`;
      const result = await send('msteams', { url }, notification(group([firingCritical, resolvedWarning])));
      expect(result.status).toBe(202);
      const body = json(last().rawBody);
      expect(body.type).toBe('message');
      expect(body.attachments).toHaveLength(1);
      expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card = body.attachments[0].content;
      expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
      expect(card.actions[0].type).toBe('Action.OpenUrl');
      expect(card.actions[0].url).toMatch(new RegExp(`^${EXTERNAL_URL}/alerts`));
      expect(['Attention', 'Warning', 'Accent', 'Good', 'Default', 'Dark', 'Light']).toContain(card.body[0].color);
      expect(card.body[0].color).toBe('Attention'); // a critical alert fires
      const factSets = JSON.stringify(card.body);
      expect(factSets).toContain('"FactSet"');
      expect(factSets).toContain('prod-eu');

      receiver.reply({ status: 500, body: 'flow failed' });
      const error = await rejection(send('msteams', { url }, notification(group([firingCritical]))));
      expect(error.retryable).toBe(true);
      expect(error.message).not.toContain('SIGSECRET123');
    });
  });
});

describe('forwarding to a real Alertmanager 0.25', () => {
  let alertmanager: RunningAlertmanager;
  let baseUrl: string;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    baseUrl = alertmanager.baseUrl;
  });
  afterAll(() => alertmanager?.stop());

  const amAlerts = () => alertmanager.alerts();

  it('creates the alert with our labels, then resolves it', async () => {
    const now = new Date();
    const alert: NotificationAlert = {
      ...firingCritical,
      labels: { ...firingCritical.labels, test_run: `run-${now.getTime()}` },
      startsAt: new Date(now.getTime() - 60_000).toISOString(),
    };
    const config = { url: baseUrl };
    const fired = await send('alertmanager', config, notification(group([alert])), { signal: AbortSignal.timeout(10_000), now });
    expect(fired.status).toBe(200);

    const mine = (list: any[]) => list.filter((a) => a.labels.test_run === alert.labels.test_run);
    const active = mine(await amAlerts());
    expect(active).toHaveLength(1);
    expect(active[0].labels).toEqual(alert.labels);
    expect(active[0].annotations).toEqual(alert.annotations);
    expect(active[0].generatorURL).toBe(alert.generatorURL);
    expect(active[0].status.state).toBe('active');
    expect(Date.parse(active[0].startsAt)).toBe(Date.parse(alert.startsAt));
    expect(Date.parse(active[0].endsAt)).toBe(now.getTime() + 4 * 60_000); // firing: now + 4 min, as Prometheus sends

    const resolvedAt = new Date();
    await send(
      'alertmanager',
      config,
      notification(group([{ ...alert, status: 'resolved', endsAt: resolvedAt.toISOString() }])),
      { signal: AbortSignal.timeout(10_000), now: resolvedAt },
    );
    // Alertmanager 0.25's GET /api/v2/alerts lists only unresolved alerts.
    expect(mine(await amAlerts())).toEqual([]);
  });

  it('rejects an alert Alertmanager finds invalid without retry', async () => {
    const invalid: NotificationAlert = { ...firingCritical, labels: { 'bad label': 'x' } };
    const error = await rejection(send('alertmanager', { url: baseUrl }, notification(group([invalid]))));
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(400);
  });
});

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}
