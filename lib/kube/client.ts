import {
  ApiException,
  type Cluster,
  type ConfigurationOptions,
  type Context,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type User,
} from '@kubernetes/client-node';
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { KubernetesConnection } from '../clusters/connection-schema';
import type { KubeErrorKind } from './types';
import { type CodedError, DNS_ERROR_CODES, errorChain } from '../http/error-chain';
import { describeTlsFailure } from '../http/tls-errors';

/**
 * A Kubernetes API client for one registered cluster, on top of @kubernetes/client-node: the
 * KubeConfig built from a {@link KubernetesConnection}, a deadline per call (client-node has no
 * per-call timeout), the per-call connection pools closed afterwards, and every failure turned
 * into a {@link KubeRequestError} whose message never contains the token or the client key.
 */

/** Default deadline of one call (all pages of one list). */
export const DEFAULT_KUBE_TIMEOUT_MS = 10_000;

/** A failed Kubernetes API call, classified; `message` is safe to store and show. */
export class KubeRequestError extends Error {
  /** Creates the error; `status` is the HTTP status when the server answered. */
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

/** A client for one cluster; see {@link createKubeClient}. */
export interface KubeClient {
  /** The KubeConfig to make API clients from (`kubeConfig.makeApiClient(CoreV1Api)`). */
  readonly kubeConfig: KubeConfig;
  /**
   * Runs `run` under one deadline of `timeoutMs`. `run` must pass `options` to every client-node
   * call it makes (several calls are fine, e.g. the pages of a list). `path` (e.g.
   * `/api/v1/nodes`) only names the request in error messages. Rejects with a
   * {@link KubeRequestError}.
   */
  call<T>(path: string, run: (options: ConfigurationOptions) => Promise<T>): Promise<T>;
  /** Removes the connection's secrets (token, client key) from a text. */
  redact(text: string): string;
}

/** What a failed `call` saw, for a caller that words its own errors (see {@link KubeClientOptions}). */
export interface KubeCallFailure {
  /** The raw error (client-node's ApiException, a fetch/undici error, ...); may quote credentials. */
  error: unknown;
  /** True when the call's deadline passed (then `error` is an internal deadline error). */
  timedOut: boolean;
  /** Status and content type of the last response received, if any. */
  lastResponse?: { status: number; contentType?: string };
}

/** Options of {@link createKubeClient}. */
export interface KubeClientOptions {
  /** Deadline of each `call` (connect, TLS, every response). Default {@link DEFAULT_KUBE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /**
   * Replaces the built-in classification of a failed `call`: `call` rejects with whatever this
   * returns, as is (not redacted: the caller must redact it).
   */
  describeFailure?: (failure: KubeCallFailure) => Error;
}

/**
 * Builds the KubeConfig of a connection: one cluster, one user, one context. A plain http://
 * server gets `skipTLSVerify` (client-node refuses http:// otherwise; there is nothing to verify).
 * Throws a {@link KubeRequestError} (`tls` or `http`) for an invalid URL, PEM or a token that
 * cannot be sent in a header.
 */
export function kubeConfigFromConnection(conn: KubernetesConnection): KubeConfig {
  let url: URL;
  try {
    url = new URL(conn.server);
  } catch {
    throw new KubeRequestError('http', 'the server URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KubeRequestError('http', 'the server URL must be http:// or https://');
  }
  checkPem(conn);
  if (conn.token) checkHeaderValue(conn.token, 'the token');
  const server = conn.server.replace(/\/+$/, '');
  const cluster: Cluster = {
    name: 'target',
    server,
    skipTLSVerify: conn.insecureSkipVerify || url.protocol === 'http:',
    ...(conn.caCert ? { caData: base64(conn.caCert) } : {}),
  };
  const user: User = {
    name: 'kubewatch',
    ...(conn.token ? { token: conn.token } : {}),
    ...(conn.clientCert && conn.clientKey ? { certData: base64(conn.clientCert), keyData: base64(conn.clientKey) } : {}),
  };
  const context: Context = { name: 'target', cluster: cluster.name, user: user.name };
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: context.name });
  return kubeConfig;
}

/**
 * Creates the client of a connection. Throws a {@link KubeRequestError} when the connection
 * cannot be used at all (see {@link kubeConfigFromConnection}); the message is redacted.
 */
export function createKubeClient(conn: KubernetesConnection, opts: KubeClientOptions = {}): KubeClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const secrets = kubernetesSecrets(conn);
  const redact = (text: string) => redactSecrets(text, secrets);
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = kubeConfigFromConnection(conn);
  } catch (error) {
    const failure = error instanceof KubeRequestError ? error : new KubeRequestError('http', 'the connection cannot be used');
    throw new KubeRequestError(failure.kind, redact(failure.message), failure.status);
  }
  const server = conn.server.replace(/\/+$/, '');
  const hasCa = Boolean(conn.caCert);

  async function call<T>(path: string, run: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    const url = new URL(server + path);
    const controller = new AbortController();
    const dispatchers = new Set<NonNullable<ReturnType<RequestContext['getDispatcher']>>>();
    let lastResponse: { status: number; contentType?: string } | undefined;
    // client-node has no per-call timeout: the middleware hands fetch an AbortSignal that the
    // deadline fires, and remembers the per-call undici Agents so that they can be closed.
    const middleware: ObservableMiddleware = {
      pre(ctx) {
        const dispatcher = ctx.getDispatcher();
        if (dispatcher) dispatchers.add(dispatcher);
        ctx.setSignal(controller.signal);
        return new Observable(Promise.resolve(ctx));
      },
      post(ctx) {
        lastResponse = { status: ctx.httpStatusCode, contentType: ctx.headers['content-type'] };
        return new Observable(Promise.resolve(ctx));
      },
    };
    const options: ConfigurationOptions = { middleware: [middleware], middlewareMergeStrategy: 'append' };
    try {
      return await withDeadline(run(options), timeoutMs, () => controller.abort());
    } catch (error) {
      if (opts.describeFailure) throw opts.describeFailure({ error, timedOut: error instanceof DeadlineError, lastResponse });
      const failure = classifyKubeError(error, { url, timeoutMs, hasCa, token: Boolean(conn.token), lastResponse });
      throw new KubeRequestError(failure.kind, redact(failure.message), failure.status);
    } finally {
      controller.abort();
      for (const dispatcher of dispatchers) void dispatcher.destroy().catch(() => {});
    }
  }

  return { kubeConfig, call, redact };
}

// ---------------------------------------------------------------------------------------------
// Classification

class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'DeadlineError';
  }
}

interface ClassifyContext {
  url: URL;
  timeoutMs: number;
  hasCa: boolean;
  token: boolean;
  lastResponse?: { status: number; contentType?: string };
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
};


function classifyKubeError(error: unknown, ctx: ClassifyContext): KubeRequestError {
  if (error instanceof KubeRequestError) return error;
  const where = `${ctx.url.origin}${ctx.url.pathname}`;
  if (error instanceof ApiException) return httpFailure(error.code, error.body, where, ctx.token);

  const chain = errorChain(error);
  const codes = chain.map((e) => (typeof e.code === 'string' ? e.code : '')).filter(Boolean);
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const hostPort = `${host}:${ctx.url.port || (ctx.url.protocol === 'https:' ? 443 : 80)}`;

  if (chain.some((e) => e instanceof DeadlineError || e.name === 'AbortError' || e.name === 'TimeoutError')) {
    return new KubeRequestError('timeout', `${where} timed out after ${ctx.timeoutMs} ms`);
  }
  const dns = chain.find((e) => typeof e.code === 'string' && DNS_ERROR_CODES.has(e.code));
  if (dns) {
    const name = typeof dns.hostname === 'string' && dns.hostname ? dns.hostname : host;
    return new KubeRequestError('refused', `DNS lookup failed for ${name} (${String(dns.code)})`);
  }
  let code = codes.find((c) => TIMEOUT_CODES.has(c));
  if (code) return new KubeRequestError('timeout', `connection to ${hostPort} timed out (${code})`);
  const tlsText = describeTlsFailure(chain, 'the server name', ctx.hasCa);
  const tls = tlsText ? new KubeRequestError('tls', tlsText) : undefined;
  if (tls) return tls;
  code = codes.find((c) => c in UNREACHABLE);
  if (code) return new KubeRequestError('refused', `${UNREACHABLE[code]} by ${hostPort} (${code})`);
  code = codes.find((c) => c.startsWith('HPE_'));
  if (code) return new KubeRequestError('http', `response from ${hostPort} is not valid HTTP (${code})`);
  const status = ctx.lastResponse?.status;
  if (status !== undefined && status >= 200 && status < 300) {
    // A 2xx whose body client-node could not parse (HTML, no content type, broken JSON).
    const type = ctx.lastResponse?.contentType ? `content-type ${ctx.lastResponse.contentType.split(';')[0]}` : 'no content-type';
    return new KubeRequestError('http', `response of ${where} is not Kubernetes JSON (${type})`, status);
  }
  const innermost = chain[chain.length - 1];
  const detail = innermost ? firstLine(innermost.message) : String(error);
  const lastCode = codes[codes.length - 1];
  return new KubeRequestError(
    'http',
    `request to ${where} failed: ${detail}${lastCode && !detail.includes(lastCode) ? ` (${lastCode})` : ''}`,
  );
}

function httpFailure(status: number, body: unknown, where: string, token: boolean): KubeRequestError {
  const said = kubernetesStatusMessage(body);
  if (status === 401) {
    const hint = token ? 'check the bearer token' : 'the client certificate was not accepted, or credentials are missing';
    return new KubeRequestError('unauthorized', `401 Unauthorized: ${hint}`, status);
  }
  if (status === 403) {
    return new KubeRequestError('forbidden', `403 Forbidden: ${said ?? `these credentials may not read ${where}`}`, status);
  }
  if (status === 404) {
    return new KubeRequestError(
      'not_found',
      `HTTP 404 from ${where}: the server does not serve this API${said ? ` (${said})` : ''}`,
      status,
    );
  }
  return new KubeRequestError('http', `HTTP ${status} from ${where}${said ? `: ${said}` : ''}`, status);
}

/** The `message` of a Kubernetes Status body (client-node hands it over as text or as an object). */
export function kubernetesStatusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string' && value.message) {
    return truncate(value.message, 500);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Inputs checked up front

/**
 * Node ignores a CA PEM it cannot parse (and then reports the server as untrusted), so the PEM
 * inputs are checked first. Throws a {@link KubeRequestError} (`tls`) whose message names the
 * field and the code, never the content.
 */
export function checkPem(pem: { caCert?: string; clientCert?: string; clientKey?: string }): void {
  const fail = (message: string) => new KubeRequestError('tls', `TLS: ${message}`);
  const codeOf = (error: unknown) =>
    error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : 'invalid';
  const certificates = (field: 'caCert' | 'clientCert', text: string): X509Certificate[] => {
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) throw fail(`${field} is not a PEM certificate`);
    return blocks.map((block) => {
      try {
        return new X509Certificate(block);
      } catch (error) {
        throw fail(`${field} is not a valid PEM certificate (${codeOf(error)})`);
      }
    });
  };
  if (pem.caCert) certificates('caCert', pem.caCert);
  if (pem.clientCert && pem.clientKey) {
    const [cert] = certificates('clientCert', pem.clientCert);
    let key: KeyObject;
    try {
      key = createPrivateKey(pem.clientKey);
    } catch (error) {
      const code = codeOf(error);
      throw fail(
        code === 'ERR_MISSING_PASSPHRASE'
          ? `clientKey is encrypted; give it without a passphrase (${code})`
          : `clientKey is not a valid PEM private key (${code})`,
      );
    }
    if (cert && !cert.checkPrivateKey(key)) throw fail('clientCert and clientKey do not match');
  }
}

/**
 * Rejects values Node/undici would refuse in a header (their errors may quote the value): throws a
 * {@link KubeRequestError} (`http`) naming the value as `what`.
 */
export function checkHeaderValue(value: string, what: string): void {
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new KubeRequestError('http', `${what} contains a character that cannot be sent in an HTTP header (a line break?)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets and helpers

/** The connection's secrets (token, client key) in every form they could take, for redaction. */
export function kubernetesSecrets(conn: KubernetesConnection): string[] {
  const secrets: string[] = [];
  if (conn.token) secrets.push(conn.token, `Bearer ${conn.token}`);
  if (conn.clientKey) secrets.push(conn.clientKey, base64(conn.clientKey), ...pemBody(conn.clientKey));
  return secrets;
}

/** Replaces every secret (longer than 3 characters) and every piece of one in `text` with [redacted]. */
export function redactSecrets(text: string, secrets: string[]): string {
  // Whole secrets, and the pieces of multi-line ones (a message may quote only a first line).
  const pieces = secrets.flatMap((secret) => secret.split(/\s+/).filter((piece) => piece.length >= 6));
  const usable = [...new Set([...secrets.filter((s) => s.length > 3), ...pieces])].sort((a, b) => b.length - a.length);
  return usable.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/** The base64 lines of a PEM block, so that no fragment of a key can slip out either. */
function pemBody(pem: string): string[] {
  return pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

function withDeadline<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DeadlineError(timeoutMs));
    }, timeoutMs);
  });
  // The losing promise's rejection (the aborted fetch) must not go unhandled.
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function firstLine(text: string): string {
  return truncate(text.split('\n')[0] ?? '', 300);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
