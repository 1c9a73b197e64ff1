// One HTTP POST to a receiver, and how its outcome maps to DeliveryResult / DeliveryError:
// 2xx delivered; 429 and 5xx retryable (with Retry-After when given); other statuses not;
// network errors and aborts retryable. Messages name the host only: receiver URLs often are
// the secret (Slack, Teams), and known secrets are scrubbed from messages and snippets.

import { describeTlsFailure } from '../../http/tls-errors';
import { errorChain } from '../../http/error-chain';
import { DeliveryError, type DeliveryResult } from '../types';

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** Receiver name for messages ("Slack", "webhook", ...). */
  service: string;
  /** Values that must never appear in an error message or snippet (URL, tokens, passwords). */
  secrets?: readonly string[];
  /** For Retry-After given as an HTTP date. */
  now?: Date;
}

const SNIPPET_CHARS = 300;
const MAX_BODY_BYTES = 64 * 1024;

export async function postHttp(req: HttpPost): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      // A redirect would resend the body (and maybe credentials) elsewhere: report it instead.
      redirect: 'manual',
    });
  } catch (error) {
    throw networkFailure(error, req);
  }
  let text: string;
  try {
    text = await readCapped(response);
  } catch (error) {
    throw networkFailure(error, req);
  }
  return checkHttpResponse(
    { status: response.status, retryAfter: response.headers.get('retry-after'), body: text },
    req,
  );
}

/** A received response as DeliveryResult, or the DeliveryError it means. */
export function checkHttpResponse(
  res: { status: number; retryAfter: string | null; body: string },
  req: Pick<HttpPost, 'service' | 'secrets' | 'now'>,
): DeliveryResult {
  const responseSnippet = snippet(res.body, req.secrets);
  if (res.status >= 200 && res.status < 300) return { status: res.status, ...(responseSnippet ? { responseSnippet } : {}) };
  const retryable = res.status === 429 || res.status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(res.retryAfter, req.now ?? new Date()) : undefined;
  const what = res.status >= 300 && res.status < 400 ? 'redirected the request (not followed)' : 'answered';
  return fail(
    new DeliveryError(`${req.service} ${what} with HTTP ${res.status}${responseSnippet ? `: ${responseSnippet}` : ''}`, retryable, {
      status: res.status,
      ...(responseSnippet ? { responseSnippet } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    }),
  );
}

const fail = (error: DeliveryError): never => {
  throw error;
};

/** A failure before a complete response (connect, TLS, abort) as a retryable DeliveryError. */
export function networkFailure(error: unknown, req: Pick<HttpPost, 'url' | 'signal' | 'service' | 'secrets'>): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const host = hostOf(req.url);
  if (req.signal.aborted) {
    const reason = req.signal.reason as { name?: string } | undefined;
    const why = reason?.name === 'TimeoutError' ? 'timed out' : 'was aborted';
    return new DeliveryError(`${req.service}: request to ${host} ${why}`, true);
  }
  const chain = errorChain(error);
  const tls = describeTlsFailure(chain, host, false);
  const code = chain.map((e) => e.code).find((c): c is string => typeof c === 'string' && c !== 'ABORT_ERR');
  const detail = tls ?? (code ? `(${code})` : scrub(innermostMessage(chain), req.secrets));
  return new DeliveryError(`${req.service}: request to ${host} failed ${detail}`.trim(), true);
}

function innermostMessage(chain: ReturnType<typeof errorChain>): string {
  const last = chain.at(-1);
  return last?.message ? `(${last.message.slice(0, 200)})` : '';
}

/** "host:port" of a URL, or "the receiver" when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the receiver';
  }
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The start of a response body, on one line, without secrets. */
export function snippet(body: string, secrets?: readonly string[]): string {
  const oneLine = scrub(body, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > SNIPPET_CHARS ? `${oneLine.slice(0, SNIPPET_CHARS - 1)}…` : oneLine;
}

/** `text` with every known secret (of 4+ characters) replaced by "<secret>". */
export function scrub(text: string, secrets?: readonly string[]): string {
  let out = text;
  // Longest first, so a whole URL goes before the parts of it that are listed too.
  const ordered = [...(secrets ?? [])].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of ordered) out = out.split(secret).join('<secret>');
  return out;
}

/** The body as text, reading at most MAX_BODY_BYTES (a receiver may answer with megabytes). */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    if (size >= MAX_BODY_BYTES) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
}

/** Headers for a preview: the values of `secretNames` (any case) replaced by "<secret>". */
export function maskHeaders(headers: Record<string, string>, secretNames: readonly string[]): Record<string, string> {
  const secret = new Set(secretNames.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, secret.has(k.toLowerCase()) ? '<secret>' : v]));
}

/** The parts of a URL that is itself a secret (Slack, Teams) as they could appear in a message. */
export function urlSecrets(url: string): string[] {
  if (!URL.canParse(url)) return [url];
  const parsed = new URL(url);
  const path = parsed.pathname.length > 1 ? [parsed.pathname + parsed.search, parsed.pathname] : [];
  return [url, ...path, ...(parsed.search ? [parsed.search.slice(1)] : []), ...parsed.searchParams.values()];
}
