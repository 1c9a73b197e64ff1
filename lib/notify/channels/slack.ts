// Slack incoming webhook, sent with @slack/webhook. The library (8.x) posts with fetch and reports
// only the status and body of a failed request, so the fetch it uses is wrapped here: it gets the
// dispatcher's AbortSignal and remembers Retry-After for 429s. The webhook URL is the secret: it
// never appears in an error.

import {
  type FetchFunction, IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError,
  type IncomingWebhookSendArguments,
} from '@slack/webhook';
import { z } from 'zod';
import type { Notification } from '../types';
import type { ChannelType, RenderContext, RenderedRequest, SendContext } from './channel';
import { groupToSend, messageTemplateSettings, NOTHING_TO_SEND, renderMessageTemplates, sendResolvedSetting, templateFailure } from './common-settings';
import { checkHttpResponse, hostOf, networkFailure, snippet, urlSecrets } from './http-delivery';
import { httpUrlSetting } from './http-settings';
import { slackMessage } from './slack-message';

export const slackConfigSchema = z.strictObject({
  /** The incoming webhook URL (https://hooks.slack.com/services/...): a secret. */
  url: httpUrlSetting,
  /** Overrides the webhook's channel where the workspace allows it ("#alerts"). */
  channel: z.string().min(1).max(80).optional(),
  username: z.string().min(1).max(80).optional(),
  /** An emoji (":bell:") or an image URL. */
  icon: z
    .string()
    .max(2048)
    .refine((v) => /^:[a-z0-9_+'-]+:$/i.test(v) || /^https?:\/\/\S+$/.test(v), { error: 'expected :emoji: or an http(s) image URL' })
    .optional(),
  ...sendResolvedSetting,
  ...messageTemplateSettings,
});

export type SlackConfig = z.output<typeof slackConfigSchema>;

async function buildMessage(config: SlackConfig, group: Notification['group'], context: RenderContext): Promise<IncomingWebhookSendArguments> {
  const templates = await renderMessageTemplates(config, group, context);
  return {
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.icon ? (config.icon.startsWith(':') ? { icon_emoji: config.icon } : { icon_url: config.icon }) : {}),
    ...(slackMessage(group, templates) as unknown as IncomingWebhookSendArguments),
  };
}

/** A fetch for @slack/webhook that honours our signal and reports the response it got. */
function trackingFetch(signal: AbortSignal, seen: { status?: number; retryAfter: string | null }): FetchFunction {
  return async (url, init) => {
    const response = await fetch(url, { ...init, signal });
    seen.status = response.status;
    seen.retryAfter = response.headers.get('retry-after');
    return response;
  };
}

async function sendToSlack(config: SlackConfig, message: IncomingWebhookSendArguments, context: SendContext) {
  const seen: { status?: number; retryAfter: string | null } = { retryAfter: null };
  const service = 'Slack';
  const secrets = urlSecrets(config.url);
  // Retries are the dispatcher's job (with backoff and a delivery log), not the library's.
  const webhook = new IncomingWebhook(config.url, { fetch: trackingFetch(context.signal, seen), timeout: 0, retryConfig: { retries: 0 } });
  try {
    const result = await webhook.send(message);
    const responseSnippet = snippet(result.text, secrets);
    return { status: seen.status ?? 200, ...(responseSnippet ? { responseSnippet } : {}) };
  } catch (error) {
    if (error instanceof IncomingWebhookHTTPError) {
      return checkHttpResponse({ status: error.statusCode, retryAfter: seen.retryAfter, body: error.body }, { service, secrets, now: context.now });
    }
    const cause = error instanceof IncomingWebhookRequestError ? error.original : error;
    throw networkFailure(cause, { url: config.url, signal: context.signal, service, secrets });
  }
}

export const slackChannel: ChannelType<SlackConfig> = {
  type: 'slack',
  title: 'Slack',
  configSchema: slackConfigSchema,
  secretPaths: ['url'],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const message = await buildMessage(config, group, context).catch(templateFailure);
    return sendToSlack(config, message, context);
  },

  async render(config, notification, context): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    return [
      {
        target: `POST Slack incoming webhook on ${hostOf(config.url)}`,
        headers: { 'Content-Type': 'application/json' },
        body: await buildMessage(config, group, context),
      },
    ];
  },
};
