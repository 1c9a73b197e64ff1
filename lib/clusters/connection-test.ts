import { ApiException, VersionApi } from '@kubernetes/client-node';
import { z } from 'zod';
import {
  checkHeaderValue,
  checkPem,
  createKubeClient,
  type KubeCallFailure,
  KubeRequestError,
  kubernetesSecrets,
  redactSecrets,
  kubernetesStatusMessage,
} from '../kube/client';
import {
  displayUrl,
  prometheusEndpoint,
  prometheusGet,
  prometheusSecrets,
  RequestTimeoutError,
  ResponseTooLargeError,
} from '../prometheus/http';
import type { KubernetesConnection, PrometheusConnection } from './connection-schema';
import { type CodedError, DNS_ERROR_CODES, errorChain } from '../http/error-chain';
import { describeTlsFailure } from '../http/tls-errors';

/**
 * The "Test connection" of a registered cluster: one cheap request to its Prometheus
 * (`/api/v1/status/buildinfo`) and one to its Kubernetes API (`/version`), each turned into a
 * result a person can act on. These functions never throw, and no result ever contains a
 * credential (token, password, Authorization header, client key).
 */

/** Why a check failed, coarse enough for the UI to pick a hint. */
export type ConnectionErrorKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'http'
  | 'invalid_response';

/** The outcome of one connection test. `latencyMs` is the wall time of the whole attempt. */
export type ConnectionCheck =
  | { ok: true; latencyMs: number; version: string; details: Record<string, string> }
  | { ok: false; latencyMs: number; error: { kind: ConnectionErrorKind; message: string } };

/** Options of a connection test. */
export interface ConnectionTestOptions {
  /** Deadline of the whole request (DNS, connect, TLS, response). Default 5000 ms. */
  timeoutMs?: number;
}

/** Both checks of a cluster; `kubernetes` is present when a Kubernetes connection was given. */
export interface ClusterConnectionChecks {
  prometheus: ConnectionCheck;
  kubernetes?: ConnectionCheck;
}

/** Default deadline of a connection test. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5000;

const BUILDINFO_PATH = '/api/v1/status/buildinfo';
const MAX_BUILDINFO_BYTES = 1024 * 1024;

const buildInfoSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    version: z.string().min(1),
    revision: z.string().optional(),
    branch: z.string().optional(),
    goVersion: z.string().optional(),
  }),
});

class ConnectionFailure extends Error {
  constructor(
    readonly kind: ConnectionErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Tests a Prometheus-compatible API: `GET {url}/api/v1/status/buildinfo` with the connection's auth and TLS. */
export async function testPrometheusConnection(
  conn: PrometheusConnection,
  opts: ConnectionTestOptions = {},
): Promise<ConnectionCheck> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  const secrets = safeSecrets(() => prometheusSecrets(conn));
  try {
    const url = prometheusEndpoint(conn.url, BUILDINFO_PATH);
    let check: ConnectionCheck;
    try {
      checkPem({ caCert: conn.caCert });
      if (conn.auth.type === 'bearer') checkHeaderValue(conn.auth.token, 'the bearer token');
      for (const [name, value] of Object.entries(conn.headers ?? {})) checkHeaderValue(value, `header ${name}`);
      const response = await prometheusGet(conn, BUILDINFO_PATH, { timeoutMs, maxBytes: MAX_BUILDINFO_BYTES });
      if (response.status < 200 || response.status > 299) {
        throw prometheusHttpFailure(response.status, response.statusText, response.headers, response.body, url, conn);
      }
      check = parseBuildInfo(response.body, response.headers['content-type'], elapsed(started));
    } catch (error) {
      check = failed(started, classify(error, url, timeoutMs, Boolean(conn.caCert)));
    }
    return redact(check, secrets);
  } catch (error) {
    return redact(failed(started, classify(error, undefined, timeoutMs, Boolean(conn.caCert))), secrets);
  }
}

/** Tests a Kubernetes API server: `GET {server}/version` through @kubernetes/client-node. */
export async function testKubernetesConnection(
  conn: KubernetesConnection,
  opts: ConnectionTestOptions = {},
): Promise<ConnectionCheck> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  const secrets = kubernetesSecrets(conn);
  let url: URL | undefined;
  try {
    const versionUrl = new URL(`${conn.server.replace(/\/+$/, '')}/version`);
    url = versionUrl;
    // The KubeConfig, the deadline, closing client-node's per-call pools and the up-front checks
    // (PEM, token) are lib/kube/client's; the failures are worded here.
    const client = createKubeClient(conn, {
      timeoutMs,
      describeFailure: (failure) => kubernetesCallFailure(failure, versionUrl, conn, timeoutMs),
    });
    const api = client.kubeConfig.makeApiClient(VersionApi);
    const info = await client.call('/version', (options) => api.getCode({}, options));
    if (typeof info?.gitVersion !== 'string' || info.gitVersion === '') {
      throw new ConnectionFailure('invalid_response', 'response is not Kubernetes /version JSON (no gitVersion)');
    }
    const details: Record<string, string> = {};
    for (const key of ['platform', 'gitCommit', 'goVersion', 'buildDate', 'major', 'minor'] as const) {
      const value = info[key];
      if (typeof value === 'string' && value !== '') details[key] = value;
    }
    return redact({ ok: true, latencyMs: elapsed(started), version: info.gitVersion, details }, secrets);
  } catch (error) {
    return redact(failed(started, classify(error, url, timeoutMs, Boolean(conn.caCert))), secrets);
  }
}

/** Runs the Prometheus and (when given) Kubernetes tests of one cluster concurrently. */
export async function testClusterConnections(
  input: { prometheus: PrometheusConnection; kubernetes?: KubernetesConnection },
  opts: ConnectionTestOptions = {},
): Promise<ClusterConnectionChecks> {
  const [prometheus, kubernetes] = await Promise.all([
    testPrometheusConnection(input.prometheus, opts),
    input.kubernetes ? testKubernetesConnection(input.kubernetes, opts) : Promise.resolve(undefined),
  ]);
  return kubernetes ? { prometheus, kubernetes } : { prometheus };
}

// ---------------------------------------------------------------------------------------------
// Prometheus responses

function parseBuildInfo(body: string, contentType: string | undefined, latencyMs: number): ConnectionCheck {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const type = contentType ? `content-type ${contentType.split(';')[0]}` : 'no content-type';
    throw new ConnectionFailure('invalid_response', `response is not Prometheus buildinfo JSON (${type})`);
  }
  const parsed = buildInfoSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConnectionFailure('invalid_response', 'response is not Prometheus buildinfo JSON (no data.version)');
  }
  const { version, revision, goVersion } = parsed.data.data;
  const details: Record<string, string> = {};
  if (revision) details.revision = revision;
  if (goVersion) details.goVersion = goVersion;
  return { ok: true, latencyMs, version, details };
}

function prometheusHttpFailure(
  status: number,
  statusText: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  url: URL,
  conn: PrometheusConnection,
): ConnectionFailure {
  const where = displayUrl(url);
  if (status === 401) {
    const hint =
      conn.auth.type === 'bearer'
        ? 'check the bearer token'
        : conn.auth.type === 'basic'
          ? 'check the username and password'
          : 'the server requires credentials: set auth';
    return new ConnectionFailure('unauthorized', `401 Unauthorized: ${hint}`);
  }
  if (status === 403) {
    return new ConnectionFailure('forbidden', `403 Forbidden: ${where} refused these credentials${serverSays(body)}`);
  }
  if (status === 404) return new ConnectionFailure('http', `HTTP 404 from ${where}: is this a Prometheus?`);
  if (status === 400 && /HTTP request to an HTTPS server/i.test(body)) {
    return new ConnectionFailure('http', `HTTP 400 from ${where}: the server speaks HTTPS; use an https:// URL`);
  }
  if (status >= 300 && status < 400 && typeof headers.location === 'string') {
    let target = headers.location;
    try {
      target = displayUrl(new URL(headers.location, url));
    } catch {
      /* keep it as sent */
    }
    return new ConnectionFailure('http', `HTTP ${status} from ${where}: redirects to ${truncate(target, 200)}; use that URL`);
  }
  return new ConnectionFailure('http', `HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${where}${serverSays(body)}`);
}

/** `: <error>` from a Prometheus error body ({"status":"error","error":"..."}), else nothing. */
function serverSays(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown };
    if (typeof json.error === 'string' && json.error) return `: ${truncate(json.error, 300)}`;
  } catch {
    /* not JSON */
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Kubernetes responses

/** Words a failed client-node call of the connection test (see {@link KubeCallFailure}). */
function kubernetesCallFailure(
  { error, timedOut, lastResponse }: KubeCallFailure,
  url: URL,
  conn: KubernetesConnection,
  timeoutMs: number,
): ConnectionFailure {
  if (error instanceof ApiException) return kubernetesHttpFailure(error.code, error.body, url, conn);
  if (timedOut) return new ConnectionFailure('timeout', `timed out after ${timeoutMs} ms`);
  if (!(error instanceof ConnectionFailure) && lastResponse && lastResponse.status >= 200 && lastResponse.status < 300) {
    // A 2xx whose body client-node could not parse (HTML, no content type, broken JSON).
    const type = lastResponse.contentType ? `content-type ${lastResponse.contentType.split(';')[0]}` : 'no content-type';
    return new ConnectionFailure('invalid_response', `response is not Kubernetes /version JSON (${type})`);
  }
  return classify(error, url, timeoutMs, Boolean(conn.caCert));
}

function kubernetesHttpFailure(status: number, body: unknown, url: URL, conn: KubernetesConnection): ConnectionFailure {
  const where = displayUrl(url);
  const statusMessage = kubernetesStatusMessage(body);
  if (status === 401) {
    const hint = conn.token
      ? 'check the bearer token'
      : conn.clientCert
        ? 'the client certificate was not accepted'
        : 'the API server requires credentials: set a token or a client certificate';
    return new ConnectionFailure('unauthorized', `401 Unauthorized: ${hint}`);
  }
  if (status === 403) {
    return new ConnectionFailure(
      'forbidden',
      `403 Forbidden: ${statusMessage ?? `these credentials may not read ${where}`}`,
    );
  }
  if (status === 404) return new ConnectionFailure('http', `HTTP 404 from ${where}: is this a Kubernetes API server?`);
  return new ConnectionFailure('http', `HTTP ${status} from ${where}${statusMessage ? `: ${statusMessage}` : ''}`);
}


// ---------------------------------------------------------------------------------------------
// Transport errors

const CONNECT_TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE: Record<string, string> = {
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
};



function classify(error: unknown, url: URL | undefined, timeoutMs: number, hasCa = false): ConnectionFailure {
  if (error instanceof ConnectionFailure) return error;
  // The up-front checks of lib/kube/client (PEM, header values, URL): kind tls or http.
  if (error instanceof KubeRequestError) return new ConnectionFailure(error.kind === 'tls' ? 'tls' : 'http', error.message);
  const chain = errorChain(error);
  const codes = chain.map((e) => (typeof e.code === 'string' ? e.code : '')).filter(Boolean);
  const has = (test: (code: string) => boolean) => codes.find(test);
  const host = url ? url.hostname.replace(/^\[|\]$/g, '') : 'the server';
  const hostPort = url ? `${host}:${url.port || (url.protocol === 'https:' ? 443 : 80)}` : 'the server';

  if (chain.some((e) => e instanceof RequestTimeoutError || e.name === 'AbortError' || e.name === 'TimeoutError')) {
    return new ConnectionFailure('timeout', `timed out after ${timeoutMs} ms`);
  }
  const dnsError = chain.find((e) => typeof e.code === 'string' && DNS_ERROR_CODES.has(e.code));
  if (dnsError) {
    // The failing name can differ from the URL's after a redirect.
    const name = typeof dnsError.hostname === 'string' && dnsError.hostname ? dnsError.hostname : host;
    return new ConnectionFailure('dns', `DNS lookup failed for ${name} (${String(dnsError.code)})`);
  }
  let code: string | undefined;
  if (has((c) => c === 'ECONNREFUSED')) return new ConnectionFailure('refused', `connection refused by ${hostPort}`);
  code = has((c) => CONNECT_TIMEOUT_CODES.has(c));
  if (code) return new ConnectionFailure('timeout', `connection to ${hostPort} timed out (${code})`);
  const tlsText = describeTlsFailure(chain, host, hasCa);
  const tls = tlsText ? new ConnectionFailure('tls', tlsText) : undefined;
  if (tls) return tls;
  code = has((c) => c in UNREACHABLE);
  if (code) return new ConnectionFailure('refused', `${UNREACHABLE[code]} by ${hostPort} before a response (${code})`);
  code = has((c) => c.startsWith('HPE_'));
  if (code) return new ConnectionFailure('invalid_response', `response from ${hostPort} is not valid HTTP (${code})`);
  if (chain.some((e) => e instanceof ResponseTooLargeError)) {
    return new ConnectionFailure('invalid_response', `response is larger than ${MAX_BUILDINFO_BYTES / 1024 / 1024} MiB`);
  }
  code = has((c) => c.startsWith('ERR_INVALID_CHAR') || c === 'ERR_HTTP_INVALID_HEADER_VALUE' || c === 'ERR_INVALID_HTTP_TOKEN');
  if (code) return new ConnectionFailure('http', `a custom header has an invalid name or value (${code})`);
  if (chain.some((e) => e instanceof TypeError && /invalid url/i.test(e.message))) {
    return new ConnectionFailure('http', 'the URL is not valid');
  }
  const innermost = chain[chain.length - 1];
  const detail = innermost ? firstLine(innermost.message) : String(error);
  const lastCode = codes[codes.length - 1];
  return new ConnectionFailure('http', `request to ${url ? displayUrl(url) : 'the server'} failed: ${detail}${lastCode && !detail.includes(lastCode) ? ` (${lastCode})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function failed(started: number, failure: ConnectionFailure): ConnectionCheck {
  return { ok: false, latencyMs: elapsed(started), error: { kind: failure.kind, message: failure.message } };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function safeSecrets(collect: () => string[]): string[] {
  try {
    return collect();
  } catch {
    return [];
  }
}

/** Replaces every secret (longer than 3 characters) and every line of one in the result's strings with [redacted]. */
function redact(check: ConnectionCheck, secrets: string[]): ConnectionCheck {
  if (secrets.length === 0) return check;
  const clean = (text: string) => redactSecrets(text, secrets);
  if (check.ok) {
    const details = Object.fromEntries(Object.entries(check.details).map(([k, v]) => [k, clean(v)]));
    return { ...check, version: clean(check.version), details };
  }
  return { ...check, error: { kind: check.error.kind, message: clean(check.error.message) } };
}

function firstLine(text: string): string {
  return truncate(text.split('\n')[0] ?? '', 300);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
