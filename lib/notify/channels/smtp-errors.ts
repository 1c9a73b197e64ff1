// How a failed SMTP send maps to DeliveryError: the server's reply class decides (RFC 5321:
// 5yz permanent except 503, 4yz transient), connection failures and aborts are retryable,
// everything else (bad settings, missing credentials) is not.

import { errorChain } from '../../http/error-chain';
import { describeTlsFailure } from '../../http/tls-errors';
import { DeliveryError } from '../types';
import { scrub, snippet } from './http-delivery';

/** What the message needs to know about the server, and the values to keep out of it. */
export interface SmtpServerInfo {
  host: string;
  /** The name the certificate is checked against. */
  tlsName: string;
  hasCa: boolean;
  secrets: readonly string[];
  signal: AbortSignal;
}

type SmtpError = Error & { code?: string; originalCode?: string; responseCode?: number; response?: string; permanent?: boolean };

/** nodemailer codes of failures to reach or talk to the server, which a later attempt may not hit. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EABORT', 'EPROTOCOL']);

/** A nodemailer error as DeliveryError: SMTP 5xx (but 503) is permanent, 4xx and connection failures retryable. */
export function smtpFailure(error: unknown, server: SmtpServerInfo): DeliveryError {
  const { host, secrets, signal } = server;
  const e = error as SmtpError;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return new DeliveryError(`SMTP: sending to ${host} ${reason?.name === 'TimeoutError' ? 'timed out' : 'was aborted'}`, true);
  }
  const responseSnippet = e.response ? snippet(e.response, secrets) : undefined;
  const details = { ...(e.responseCode ? { status: e.responseCode } : {}), ...(responseSnippet ? { responseSnippet } : {}) };
  if (typeof e.responseCode === 'number') {
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503);
    return new DeliveryError(`SMTP: ${scrub(e.message ?? 'error', secrets)}`.slice(0, 500), !permanent, details);
  }
  // nodemailer replaces a socket error's code with its own (ESOCKET) and keeps the original in originalCode.
  const chain = errorChain(error).flatMap((c) => {
    const original = (c as { originalCode?: unknown }).originalCode;
    return typeof original === 'string' ? [c, Object.assign(new Error(c.message), { code: original })] : [c];
  });
  const tls = describeTlsFailure(chain, server.tlsName, server.hasCa)?.replace(
    'use an http:// URL?',
    "security 'tls' needs a port that speaks TLS at once (465); use 'starttls' for 587",
  );
  const codes = chain.map((c) => c.code).filter((c): c is string => typeof c === 'string');
  const detail = tls ?? scrub(e.message ?? String(error), secrets);
  return new DeliveryError(`SMTP ${host}: ${detail}${codes.length ? ` (${[...new Set(codes)].join(', ')})` : ''}`.slice(0, 500), TRANSIENT_CODES.has(e.code ?? ''), details);
}
