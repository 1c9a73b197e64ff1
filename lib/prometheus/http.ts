import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PrometheusConnection } from '../clusters/connection-schema';

/**
 * GET and POST requests to a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics)
 * with the connection's auth, custom headers, TLS settings and a hard deadline.
 *
 * Built on node:http/node:https rather than fetch so that network errors keep their codes
 * (ENOTFOUND, ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...) and so that no dependency is needed
 * beyond Node itself. Errors thrown from here never carry a credential: the request headers are
 * never part of an error, and URLs are only ever shown through {@link displayUrl}.
 */

/** Options of one request. */
export interface PrometheusRequestOptions {
  /** Deadline for the whole exchange: DNS, connect, TLS, headers and body. */
  timeoutMs: number;
  /** The body is cut off (and {@link ResponseTooLargeError} thrown) beyond this many bytes. Default 64 MiB. */
  maxBytes?: number;
  /** Aborts the request early; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@link prometheusRequestUrl}: those of {@link prometheusGet} plus method, body and lookup. */
export interface PrometheusHttpOptions extends PrometheusRequestOptions {
  /** Default GET. */
  method?: 'GET' | 'POST';
  /** A form body (sent as application/x-www-form-urlencoded with its content-length). */
  body?: string;
  /** Host name resolution for the connection (e.g. a DNS cache's `lookup`). */
  lookup?: LookupFunction;
  /** Custom header names (lower case) not to send, besides authorization, host and content-length. */
  ignoreHeaders?: readonly string[];
}

/** A complete HTTP response, whatever its status. */
export interface PrometheusResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The requested URL, fit for messages (see {@link displayUrl}). */
  url: string;
}

/** Thrown when the deadline passes before the response is complete. */
export class RequestTimeoutError extends Error {
  readonly code = 'KUBEWATCH_TIMEOUT';
  /** Creates the error for a deadline of `timeoutMs`. */
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** Thrown when the body is larger than `maxBytes`. */
export class ResponseTooLargeError extends Error {
  readonly code = 'KUBEWATCH_TOO_LARGE';
  /** Creates the error for a limit of `maxBytes`. */
  constructor(readonly maxBytes: number) {
    super(`response is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The URL of an API path under a Prometheus base URL, keeping its path prefix and query:
 * `http://h/prometheus/` + `/api/v1/query` -> `http://h/prometheus/api/v1/query`.
 */
export function prometheusEndpoint(baseUrl: string, apiPath: string): URL {
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/+$/, '') + '/' + apiPath.replace(/^\/+/, '');
  url.hash = '';
  return url;
}

/** A URL for messages: scheme, host, port and path only (no user info, query or fragment). */
export function displayUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.origin}${parsed.pathname}`;
}

/** The Authorization header value for the connection's auth, or undefined for `none`. */
export function authorizationHeader(auth: PrometheusConnection['auth']): string | undefined {
  switch (auth.type) {
    case 'bearer':
      return `Bearer ${auth.token}`;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    default:
      return undefined;
  }
}

/** The connection's credentials in every form they could take on the wire, for redaction. */
export function prometheusSecrets(conn: PrometheusConnection): string[] {
  const auth = conn.auth;
  const header = authorizationHeader(auth);
  const secrets: string[] = [];
  if (auth.type === 'bearer') secrets.push(auth.token);
  if (auth.type === 'basic') secrets.push(auth.password);
  if (header) secrets.push(header, header.replace(/^\S+ /, ''));
  return secrets;
}

const FORBIDDEN_HEADERS = new Set(['authorization', 'host', 'content-length']);

/**
 * GET `apiPath` under the connection's URL. Resolves with any HTTP status; rejects with the
 * transport error (its `code` intact), {@link RequestTimeoutError} or {@link ResponseTooLargeError}.
 */
export function prometheusGet(
  conn: PrometheusConnection,
  apiPath: string,
  opts: PrometheusRequestOptions,
): Promise<PrometheusResponse> {
  return prometheusRequestUrl(conn, prometheusEndpoint(conn.url, apiPath), opts);
}

/**
 * Sends one request to `url` (a URL under the connection's, see {@link prometheusEndpoint}) with
 * the connection's auth, custom headers and TLS settings. Resolves and rejects like {@link prometheusGet}.
 */
export function prometheusRequestUrl(
  conn: PrometheusConnection,
  url: URL,
  opts: PrometheusHttpOptions,
): Promise<PrometheusResponse> {
  const method = opts.method ?? 'GET';
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const headers: http.OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': 'kubewatch' };
  for (const [name, value] of Object.entries(conn.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!FORBIDDEN_HEADERS.has(lower) && !opts.ignoreHeaders?.includes(lower)) headers[lower] = value;
  }
  const authorization = authorizationHeader(conn.auth);
  if (authorization) headers.authorization = authorization;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(opts.body);
  }

  return new Promise<PrometheusResponse>((resolve, reject) => {
    let settled = false;
    let request: http.ClientRequest | undefined;
    const finish = (error: unknown, response?: PrometheusResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        request?.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const onAbort = () => finish(opts.signal?.reason ?? new Error('aborted'));
    const timer = setTimeout(() => finish(new RequestTimeoutError(opts.timeoutMs)), opts.timeoutMs);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const common: http.RequestOptions = {
        method,
        headers,
        agent: false,
        ...(opts.lookup ? { lookup: opts.lookup } : {}),
      };
      request =
        url.protocol === 'https:'
          ? https.request(url, { ...common, ca: conn.caCert, rejectUnauthorized: !conn.insecureSkipVerify })
          : http.request(url, common);
    } catch (error) {
      // Invalid header values, unusable CA certificates: thrown before anything is sent.
      return finish(error);
    }
    request.on('error', (error) => finish(error));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(new ResponseTooLargeError(maxBytes));
        chunks.push(chunk);
      });
      res.on('error', (error) => finish(error));
      res.on('close', () => {
        if (!res.complete) finish(Object.assign(new Error('connection closed mid-response'), { code: 'ECONNRESET' }));
      });
      res.on('end', () =>
        finish(undefined, {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          url: displayUrl(url),
        }),
      );
    });
    request.end(opts.body);
  });
}
