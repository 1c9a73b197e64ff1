// Notification channels over real HTTP: CRUD with write-only secrets, "send test" against a real
// HTTP receiver (webhook signature verified here) and a real SMTP server, health recorded, and no
// secret ever in a response or a log line.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { channelPreviewSchema, channelTestResultSchema, channelViewSchema } from '../../lib/api/rule-response-schemas';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { leakedSecrets, startWebApp, type WebApp } from '../support/web-app';

const SIGNING_SECRET = 'whsec-7c1d9e2f4a';
const HEADER_TOKEN = 'hdr-token-5b6c7d';
const SMTP_PASSWORD = 'smtp-pass-3e4f5a';

let app: WebApp;
let receiver: HttpReceiver;
let smtp: SmtpReceiver;
beforeAll(async () => {
  [app, receiver, smtp] = await Promise.all([startWebApp(), startHttpReceiver(), startSmtpReceiver({ user: { username: 'kw', password: SMTP_PASSWORD } })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([app?.stop(), receiver?.close(), smtp?.close()]);
});

describe('channels', () => {
  let webhookId: string;

  it('creates a webhook channel; secrets are accepted but never shown', async () => {
    const res = await app.call('POST', '/api/v1/channels', {
      body: { name: 'ops-webhook', type: 'webhook', config: { url: `${receiver.url}/hook`, signingSecret: SIGNING_SECRET, headers: { 'X-Token': HEADER_TOKEN } } },
    });
    expect(res.status, res.text).toBe(201);
    const view = channelViewSchema.parse(res.json);
    webhookId = view.id;
    expect(view.secretsSet).toEqual(['headers.X-Token', 'signingSecret']);
    expect(view.config).toMatchObject({ url: `${receiver.url}/hook` });
    expect(JSON.stringify(view)).not.toContain(SIGNING_SECRET);
  });

  it('send test delivers a signed Alertmanager v4 body and records the channel as healthy', async () => {
    const res = await app.call('POST', `/api/v1/channels/${webhookId}/test`);
    expect(res.status, res.text).toBe(200);
    expect(channelTestResultSchema.parse(res.json)).toMatchObject({ ok: true, status: 200 });
    const request = receiver.requests.at(-1)!;
    expect(request.headers['x-token']).toBe(HEADER_TOKEN);
    const timestamp = request.headers['x-kubewatch-timestamp'] as string;
    const expected = createHmac('sha256', SIGNING_SECRET).update(`${timestamp}.`).update(request.rawBody).digest('hex');
    expect(request.headers['x-kubewatch-signature']).toBe(`sha256=${expected}`);
    const body = JSON.parse(request.rawBody.toString('utf8'));
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'ops-webhook', alerts: [{ labels: { alertname: 'KubewatchTestAlert' } }] });
    expect((await app.call('GET', `/api/v1/channels/${webhookId}`)).json.health.lastSuccessAt).not.toBeNull();
  });

  it('a receiver that answers 500 is reported with its status and snippet, and becomes the channel\u2019s last error', async () => {
    receiver.reply({ status: 500, body: 'database is down' });
    const res = await app.call('POST', `/api/v1/channels/${webhookId}/test`);
    receiver.reply({ status: 200, body: 'ok' });
    expect(res.json).toMatchObject({ ok: false, status: 500, retryable: true, response: 'database is down' });
    const health = (await app.call('GET', `/api/v1/channels/${webhookId}`)).json.health;
    expect(health.lastError).toMatch(/500/);
  });

  it('PATCH keeps the secrets it does not mention; null removes one', async () => {
    const renamed = await app.call('PATCH', `/api/v1/channels/${webhookId}`, { body: { name: 'ops-hook', config: { headers: { 'X-Token': null } } } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json.secretsSet).toEqual(['signingSecret']);
    await app.call('POST', `/api/v1/channels/${webhookId}/test`);
    const request = receiver.requests.at(-1)!;
    expect(request.headers['x-token']).toBeUndefined();
    expect(request.headers['x-kubewatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('an email channel sends its test mail through a real SMTP server with auth', async () => {
    const res = await app.call('POST', '/api/v1/channels', {
      body: { name: 'ops-mail', type: 'email', config: { host: '127.0.0.1', port: smtp.port, security: 'none', auth: { username: 'kw', password: SMTP_PASSWORD }, from: 'kubewatch@example.org', to: ['oncall@example.org'] } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.secretsSet).toEqual(['auth.password']);
    const test = await app.call('POST', `/api/v1/channels/${res.json.id}/test`);
    expect(test.json, test.text).toMatchObject({ ok: true });
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({ to: ['oncall@example.org'], user: 'kw' });
    const parsed = await PostalMime.parse(mail.raw);
    expect(parsed.subject).toMatch(/KubewatchTestAlert/);
  });

  it('bad settings are a 422 at the setting, and nothing is written', async () => {
    const before = (await app.call('GET', '/api/v1/channels')).json.channels.length;
    const cases = [
      [{ name: 'x', type: 'webhook', config: { url: 'not a url' } }, 'config.url'],
      [{ name: 'x', type: 'slack', config: {} }, 'config.url'],
      [{ name: 'x', type: 'carrier-pigeon', config: {} }, 'type'],
      [{ name: 'x', type: 'email', config: { host: 'smtp', from: 'kw@example.org', to: ['not-an-address'] } }, 'config.to.0'],
    ] as const;
    for (const [body, path] of cases) {
      const res = await app.call('POST', '/api/v1/channels', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path), JSON.stringify(res.json.error.issues)).toContain(path);
    }
    expect((await app.call('POST', '/api/v1/channels', { body: { name: 'ops-mail', type: 'slack', config: { url: 'https://hooks.slack.com/services/T/B/X' } } })).status).toBe(409);
    expect((await app.call('GET', '/api/v1/channels')).json.channels.length).toBe(before);
  });

  it('preview renders a stored channel with unsaved changes on top, secrets masked, nothing sent', async () => {
    const sentBefore = receiver.requests.length;
    const res = await app.call('POST', '/api/v1/channels/preview', {
      body: { channelId: webhookId, config: { headers: { 'X-Token': HEADER_TOKEN, 'X-Team': 'payments' } }, status: 'resolved' },
    });
    expect(res.status, res.text).toBe(200);
    const preview = channelPreviewSchema.parse(res.json);
    expect(preview.type).toBe('webhook');
    expect(preview.requests).toHaveLength(1);
    const [request] = preview.requests;
    expect(request!.target).toBe(`POST ${receiver.url}/hook`);
    // Every custom header value is write-only (headers.* is a secret path); the new one is there, masked.
    expect(request!.headers).toMatchObject({ 'X-Team': '<secret>', 'X-Token': '<secret>', 'Idempotency-Key': expect.any(String) });
    expect(request!.body).toMatchObject({ version: '4', status: 'resolved', receiver: 'ops-hook' });
    expect(receiver.requests.length).toBe(sentBefore);
  });

  it('preview of a new Slack channel shows the edited title template; a broken template is a 422 at it', async () => {
    const config = { url: 'https://hooks.slack.com/services/T000/B000/preview-secret', title: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.cluster }}' };
    const res = await app.call('POST', '/api/v1/channels/preview', { body: { type: 'slack', config } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('KubewatchTestAlert on example-cluster');
    expect(res.text).not.toContain('preview-secret');
    const broken = await app.call('POST', '/api/v1/channels/preview', { body: { type: 'slack', config: { ...config, title: '{{ .CommonLabels.alertname ' } } });
    expect(broken.status).toBe(422);
    expect(broken.json.error.issues.map((i: { path: string }) => i.path)).toContain('config.title');
    const missing = await app.call('POST', '/api/v1/channels/preview', { body: { channelId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.status).toBe(404);
    const untyped = await app.call('POST', '/api/v1/channels/preview', { body: { config } });
    expect(untyped.status).toBe(422);
    expect(untyped.json.error.issues.map((i: { path: string }) => i.path)).toContain('type');
  });

  it('DELETE removes it', async () => {
    expect((await app.call('DELETE', `/api/v1/channels/${webhookId}`)).status).toBe(204);
    expect((await app.call('GET', `/api/v1/channels/${webhookId}`)).status).toBe(404);
  });

  it('no secret appears in any response or log line', () => {
    expect(leakedSecrets(app, [SIGNING_SECRET, HEADER_TOKEN, SMTP_PASSWORD])).toEqual([]);
  });
});
