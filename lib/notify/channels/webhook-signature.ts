/**
 * Webhook request signing, so a receiver can check that a request comes from its Kubewatch
 * channel and is not an old request replayed.
 *
 * Every webhook request with a signing secret carries two headers:
 *
 *     X-Kubewatch-Timestamp: 1795316305
 *     X-Kubewatch-Signature: sha256=42c5d7adf1dbf23ca882bd5ce4badb67c224ca5ecedd5f03bcd1cae403df1a60
 *
 * - the timestamp is the send time in Unix seconds (a decimal integer);
 * - the signature is the lowercase hex HMAC-SHA256, keyed with the channel's signing secret
 *   (its UTF-8 bytes), of `timestamp + "." + body`, where body is the exact bytes of the request
 *   body as sent (UTF-8 JSON); the example above is secret `example-secret` and body `{"version":"4"}`;
 * - retries of one notification are signed again with a new timestamp (the Idempotency-Key
 *   header stays the same).
 *
 * To verify: read the raw body before parsing it as JSON, compute
 * `HMAC_SHA256(secret, timestamp + "." + rawBody)` in hex, compare it with the header's value
 * after "sha256=" in constant time (e.g. crypto.timingSafeEqual), and reject timestamps more
 * than a few minutes from your clock.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Kubewatch-Signature';
export const TIMESTAMP_HEADER = 'X-Kubewatch-Timestamp';

/** The X-Kubewatch-Signature value ("sha256=<hex>") of a body sent at `timestamp` (Unix seconds). */
export function webhookSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  hmac.update(Buffer.from(`${timestamp}.`, 'utf8'));
  hmac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return `sha256=${hmac.digest('hex')}`;
}

/** The two signature headers for a body sent at `now`. */
export function signatureHeaders(secret: string, now: Date, body: string): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}

/**
 * A receiver-side check (for Kubewatch's own tools and docs): true when `signature` matches the
 * body and the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string; signature: string },
  rawBody: string | Uint8Array,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  if (!/^\d+$/.test(headers.timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(headers.timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, headers.timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
