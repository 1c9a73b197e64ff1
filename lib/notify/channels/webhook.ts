// Generic webhook: POSTs Alertmanager's webhook payload (version "4", see webhook-payload.ts) with
// an Idempotency-Key header, optional auth and custom headers, and an HMAC signature
// (see webhook-signature.ts). The body is fixed for Alertmanager compatibility, so this type
// has no title/text templates.

import { z } from 'zod';
import type { Notification } from '../types';
import type { ChannelType, RenderContext, RenderedRequest } from './channel';
import { groupToSend, NOTHING_TO_SEND, sendResolvedSetting } from './common-settings';
import { maskHeaders, postHttp } from './http-delivery';
import { authorizationHeader, authSecrets, HTTP_AUTH_SECRET_PATHS, httpAuthSetting, httpUrlSetting } from './http-settings';
import { alertmanagerWebhookPayload } from './webhook-payload';
import { signatureHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';

/** Headers Kubewatch sets itself (credentials go in `auth`). */
const RESERVED_HEADERS = [
  'authorization', 'host', 'content-length', 'content-type', 'idempotency-key',
  SIGNATURE_HEADER.toLowerCase(), TIMESTAMP_HEADER.toLowerCase(),
];

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected an HTTP header name' })
  .refine((name) => !RESERVED_HEADERS.includes(name.toLowerCase()), { error: 'this header is set by Kubewatch' });

export const webhookConfigSchema = z.strictObject({
  url: httpUrlSetting,
  auth: httpAuthSetting,
  /** Extra request headers; their values are secrets (they often carry API keys). */
  headers: z.record(headerName, z.string().max(4096).regex(/^[^\r\n]*$/, { error: 'no line breaks in header values' })).default({}),
  /** Key of the X-Kubewatch-Signature HMAC; without it requests are not signed. */
  signingSecret: z.string().min(16).max(1024).optional(),
  /** At most this many alerts per request (0 = all); the rest are counted in truncatedAlerts. */
  maxAlerts: z.number().int().min(0).max(100_000).default(0),
  ...sendResolvedSetting,
});

export type WebhookConfig = z.output<typeof webhookConfigSchema>;

function buildRequest(config: WebhookConfig, notification: Notification, group: Notification['group'], now: Date) {
  const body = JSON.stringify(alertmanagerWebhookPayload(group, config.maxAlerts));
  const authorization = authorizationHeader(config.auth);
  const headers: Record<string, string> = {
    ...config.headers,
    'Content-Type': 'application/json',
    'User-Agent': 'Kubewatch',
    'Idempotency-Key': notification.id,
    ...(authorization ? { Authorization: authorization } : {}),
    ...(config.signingSecret ? signatureHeaders(config.signingSecret, now, body) : {}),
  };
  return { body, headers };
}

export const webhookChannel: ChannelType<WebhookConfig> = {
  type: 'webhook',
  title: 'Webhook',
  configSchema: webhookConfigSchema,
  secretPaths: [...HTTP_AUTH_SECRET_PATHS, 'headers.*', 'signingSecret'],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const { body, headers } = buildRequest(config, notification, group, context.now);
    return postHttp({
      url: config.url,
      headers,
      body,
      signal: context.signal,
      service: 'webhook',
      now: context.now,
      secrets: [...authSecrets(config.auth), ...Object.values(config.headers), ...(config.signingSecret ? [config.signingSecret] : [])],
    });
  },

  async render(config, notification, context: RenderContext): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    const { body, headers } = buildRequest(config, notification, group, context.now);
    return [
      {
        target: `POST ${config.url}`,
        headers: maskHeaders(headers, ['authorization', ...Object.keys(config.headers)]),
        body: JSON.parse(body) as unknown,
      },
    ];
  },
};
