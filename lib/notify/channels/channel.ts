// The one interface every notification channel type implements (email, Slack, webhook,
// PagerDuty, Microsoft Teams, Alertmanager), so the dispatcher, the API and the UI treat them alike.

import type { z } from 'zod';
import type { DeliveryResult, Notification } from '../types';

export type ChannelTypeName = 'email' | 'slack' | 'webhook' | 'pagerduty' | 'msteams' | 'alertmanager';

/** What send() gets besides the settings and the notification. */
export interface SendContext {
  /** Aborts the delivery (the dispatcher's timeout or shutdown); an aborted send rejects with a retryable DeliveryError. */
  signal: AbortSignal;
  /** The dispatcher's clock (timestamps in messages and signatures). */
  now: Date;
  /** Apply the channel's title/text templates (default true); false sends the built-in message. */
  renderTemplates?: boolean;
}

/** What render() gets: send()'s context without the signal. */
export type RenderContext = Omit<SendContext, 'signal'>;

/**
 * One request or message a channel would send, for the preview UI: where it goes (without
 * secrets), the headers (secret values replaced by "<secret>") and the body (parsed JSON for the
 * HTTP channels; subject, addresses, text and HTML for email).
 */
export interface RenderedRequest {
  target: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface ChannelType<Config> {
  type: ChannelTypeName;
  title: string;
  /** zod 4 schema of the channel's settings; secrets are normal fields here. */
  configSchema: z.ZodType<Config>;
  /**
   * Dotted paths of the settings that are secrets (write-only in the API, never logged).
   * `headers.*` means every value of the `headers` record.
   */
  secretPaths: string[];
  /**
   * Sends one notification; resolves with the receiver's status, or rejects with DeliveryError
   * (retryable for network errors, timeouts, 429 with Retry-After, 5xx; not for other 4xx),
   * keeping a short snippet of the response body.
   */
  send(config: Config, notification: Notification, context: SendContext): Promise<DeliveryResult>;
  /** What send() would deliver, without sending it (preview and "send test" UIs). */
  render(config: Config, notification: Notification, context: RenderContext): Promise<RenderedRequest[]>;
}
