import type { LookupFunction } from 'node:net';
import type { ConnectionErrorKind } from '../clusters/connection-test';
import type { PrometheusConnection } from '../clusters/connection-schema';
import { type Clock, systemClock } from '../time/clock';
import { type CircuitPermit, type CircuitRejection, type CircuitSnapshot, CircuitBreaker } from './circuit-breaker';
import { ConcurrencyLimiter, DEFAULT_MAX_CONCURRENCY, QueueTimeoutError } from './concurrency';
import { type DnsCache, sharedDnsCache } from './dns-cache';
import {
  displayUrl,
  prometheusEndpoint,
  prometheusRequestUrl,
  prometheusSecrets,
  type PrometheusResponse,
  RequestTimeoutError,
  ResponseTooLargeError,
} from './http';
import { errorChain } from '../http/error-chain';

/**
 * The Prometheus HTTP API client of ONE cluster, used by every collector.
 *
 * Each client has its own concurrency limit, circuit breaker and deadline handling, so that a
 * slow or dead cluster only ever delays its own calls:
 * - every call has one deadline (`timeoutMs`, default 10 s) covering its wait for a request slot,
 *   every attempt and every retry backoff; a call still queued at its deadline is never sent;
 * - at most `maxConcurrency` (default 4) requests are in flight, further calls queue FIFO;
 * - connection errors (ECONNREFUSED, ECONNRESET / socket hang up, EAI_AGAIN) are retried
 *   `retries` times (default 2) with exponential backoff and jitter; timeouts, HTTP errors and
 *   bad_data never are;
 * - `threshold` (default 3) consecutive failures of kind refused/timeout/dns/tls open the
 *   breaker for `openMs` (default 30 s): calls then fail at once with {@link CircuitOpenError};
 * - host names are resolved through a {@link DnsCache} (shared by default).
 * Errors are {@link PrometheusQueryError}s whose strings never contain the connection's
 * credentials or custom header values.
 */

// ---------------------------------------------------------------------------------------------
// Results

/** A label set. */
export type Labels = Record<string, string>;

/** One float sample. `value` is parsed from Prometheus' string form ("NaN", "+Inf", "-Inf" included). */
export interface Sample {
  /** Milliseconds since the epoch. */
  timestampMs: number;
  value: number;
}

/** One bucket of a native histogram: boundary rule (0..3, see the Prometheus API docs), bounds and count. */
export interface HistogramBucket {
  boundaryRule: number;
  lower: number;
  upper: number;
  count: number;
}

/** A native histogram sample value. */
export interface HistogramValue {
  count: number;
  sum: number;
  buckets: HistogramBucket[];
}

/** One series of an instant vector; a native histogram sample has `histogram` and `value` NaN. */
export interface VectorSample extends Sample {
  metric: Labels;
  histogram?: HistogramValue;
}

/** One series of a range vector; native histogram samples are in `histograms`. */
export interface MatrixSeries {
  metric: Labels;
  values: Sample[];
  histograms?: Array<{ timestampMs: number; histogram: HistogramValue }>;
}

/** The `data` of `/api/v1/query`, by result type. */
export type InstantQueryData =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: Sample }
  | { resultType: 'string'; result: { timestampMs: number; value: string } };

/** The `data` of `/api/v1/query_range` (always a matrix). */
export type RangeQueryData = { resultType: 'matrix'; result: MatrixSeries[] };

/** A successful API answer: its data and Prometheus' warnings (empty when none). */
export interface PrometheusResult<T> {
  data: T;
  warnings: string[];
}

/** One metadata entry of `/api/v1/metadata`. */
export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

/** `/api/v1/status/buildinfo`; fields the server does not send are empty strings. */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Why a call failed: the connection-test kinds plus a rejected query and an open breaker. */
export type PrometheusErrorKind = ConnectionErrorKind | 'bad_data' | 'circuit_open';

/** Details of a {@link PrometheusQueryError}; all optional. */
export interface PrometheusErrorDetails {
  /** HTTP status when the server answered. */
  status?: number;
  /** Prometheus' `errorType` (bad_data, execution, timeout, internal, ...). */
  errorType?: string;
  /** Prometheus' `error` text, e.g. its parse error. */
  error?: string;
  /** The transport error code (ECONNREFUSED, EAI_AGAIN, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  code?: string;
  /** The endpoint, fit for display (no credentials, no query string). */
  url?: string;
  /** Requests sent for this call (0: never sent). */
  attempts?: number;
}

/**
 * A failed Prometheus API call. No field or message ever contains the connection's token,
 * password, Authorization header or custom header values (they are replaced by `[redacted]`),
 * and no raw transport error is attached as `cause` (they could quote request headers).
 */
export class PrometheusQueryError extends Error {
  readonly kind: PrometheusErrorKind;
  readonly status?: number;
  readonly errorType?: string;
  readonly error?: string;
  readonly code?: string;
  readonly url?: string;
  readonly attempts?: number;

  /** Creates the error; callers are responsible for having redacted the strings. */
  constructor(kind: PrometheusErrorKind, message: string, details: PrometheusErrorDetails = {}) {
    super(message);
    this.name = 'PrometheusQueryError';
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.errorType !== undefined) this.errorType = details.errorType;
    if (details.error !== undefined) this.error = details.error;
    if (details.code !== undefined) this.code = details.code;
    if (details.url !== undefined) this.url = details.url;
    if (details.attempts !== undefined) this.attempts = details.attempts;
  }
}

/** Thrown at once while the client's circuit breaker is open; `lastError` is what opened it. */
export class CircuitOpenError extends PrometheusQueryError {
  declare readonly kind: 'circuit_open';
  /** The failure that opened the breaker. */
  readonly lastError?: PrometheusQueryError;
  /** When the breaker lets a trial call through. */
  readonly retryAt: Date;

  /** Creates the error from the breaker's rejection. */
  constructor(rejection: CircuitRejection, url?: string) {
    const last = rejection.lastError instanceof PrometheusQueryError ? rejection.lastError : undefined;
    const why = last ? `: last error (${last.kind}): ${last.message}` : '';
    const when =
      rejection.state === 'open' ? `next attempt after ${rejection.retryAt.toISOString()}` : 'a trial request is under way';
    super('circuit_open', `circuit open, request not sent (${when})${why}`, {
      ...(url !== undefined ? { url } : {}),
      attempts: 0,
    });
    this.name = 'CircuitOpenError';
    if (last) this.lastError = last;
    this.retryAt = rejection.retryAt;
  }
}

/** Kinds that say the cluster could not be reached: they count towards opening the breaker. */
export const BREAKER_FAILURE_KINDS: ReadonlySet<PrometheusErrorKind> = new Set(['refused', 'timeout', 'dns', 'tls']);

// ---------------------------------------------------------------------------------------------
// Transport

/** One HTTP request of the client. GET sends `params` in the query string, POST as a form body. */
export interface PrometheusHttpRequest {
  method: 'GET' | 'POST';
  /** Path under the connection's URL, e.g. `/api/v1/query`. */
  apiPath: string;
  params: Array<[string, string]>;
  /** Deadline of this attempt. */
  timeoutMs: number;
  /** Response body limit in bytes. */
  maxBytes: number;
  /** Host name resolution (see {@link DnsCache.lookup}). */
  lookup?: LookupFunction;
}

/** Sends one request; rejects with the raw transport error (its `code` intact) or a timeout. */
export type PrometheusTransport = (conn: PrometheusConnection, request: PrometheusHttpRequest) => Promise<PrometheusResponse>;

/**
 * The client's HTTP transport: `prometheusRequestUrl` of ./http (auth, custom headers, CA /
 * insecureSkipVerify, deadline, size limit, same errors) with the params in the query string
 * (GET) or a form body (POST), and a `lookup`. A custom content-type header is never sent.
 */
export const prometheusRequest: PrometheusTransport = (conn, req) => {
  const url = prometheusEndpoint(conn.url, req.apiPath);
  if (req.method === 'GET') for (const [name, value] of req.params) url.searchParams.append(name, value);
  return prometheusRequestUrl(conn, url, {
    method: req.method,
    timeoutMs: req.timeoutMs,
    maxBytes: req.maxBytes,
    ignoreHeaders: ['content-type'],
    ...(req.method === 'POST' ? { body: new URLSearchParams(req.params).toString() } : {}),
    ...(req.lookup ? { lookup: req.lookup } : {}),
  });
};

// ---------------------------------------------------------------------------------------------
// Client

/** Options of a {@link PrometheusClient}; every one has a default. */
export interface PrometheusClientOptions {
  /** Deadline of a whole call: queueing, attempts and retry backoff. Default 10 000 ms. */
  timeoutMs?: number;
  /** Requests in flight at once; more calls queue FIFO. Default 4. */
  maxConcurrency?: number;
  /** Extra attempts after a connection error (never after a timeout or an HTTP error). Default 2. */
  retries?: number;
  /** Backoff before retry n (0-based): min(retryMaxMs, retryBaseMs·2^n)·(0.5 + 0.5·random()). Default 100 ms. */
  retryBaseMs?: number;
  /** Upper bound of one backoff before jitter. Default 1000 ms. */
  retryMaxMs?: number;
  /** Applied to every expression and series selector sent (selector injection plugs in here). */
  rewrite?: (expr: string) => string;
  /** Consecutive refused/timeout/dns/tls failures that open the breaker. Default 3. */
  breakerThreshold?: number;
  /** How long an open breaker refuses calls before a trial call. Default 30 000 ms. */
  breakerOpenMs?: number;
  /** Response body limit. Default 64 MiB. */
  maxBytes?: number;
  /** Source of "now" (deadlines, breaker). Default the system clock. */
  clock?: Clock;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Waits between retries. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Host name cache. Default the process-wide {@link sharedDnsCache}. */
  dnsCache?: DnsCache;
  /** Sends the HTTP requests. Default {@link prometheusRequest}; tests pass fakes. */
  transport?: PrometheusTransport;
}

/** Default deadline of a call. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default number of retries after a connection error. */
export const DEFAULT_RETRIES = 2;
/** Default base of the retry backoff. */
export const DEFAULT_RETRY_BASE_MS = 100;

/** What {@link PrometheusClient.state} reports: the breaker plus the request slots. */
export interface PrometheusClientState extends CircuitSnapshot {
  inFlight: number;
  queued: number;
}

/** Transport error codes that are retried (socket hang up is ECONNRESET). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EAI_AGAIN']);

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The Prometheus HTTP API of one cluster (see the module comment for the guarantees). */
export class PrometheusClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly maxBytes: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rewrite: (expr: string) => string;
  private readonly transport: PrometheusTransport;
  private readonly lookup: LookupFunction;
  private readonly limiter: ConcurrencyLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly secrets: string[];
  private readonly baseUrl: string;

  /** Creates a client for `conn`; nothing is sent until the first call. */
  constructor(
    private readonly conn: PrometheusConnection,
    opts: PrometheusClientOptions = {},
  ) {
    this.timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.retries = Math.max(0, Math.floor(opts.retries ?? DEFAULT_RETRIES));
    this.retryBaseMs = Math.max(0, opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS);
    this.retryMaxMs = Math.max(this.retryBaseMs, opts.retryMaxMs ?? 1000);
    this.maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES);
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.rewrite = opts.rewrite ?? ((expr) => expr);
    this.transport = opts.transport ?? prometheusRequest;
    this.lookup = (opts.dnsCache ?? sharedDnsCache()).lookup;
    this.limiter = new ConcurrencyLimiter(Math.max(1, Math.floor(opts.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY)));
    this.breaker = new CircuitBreaker({
      clock: this.clock,
      ...(opts.breakerThreshold !== undefined ? { threshold: opts.breakerThreshold } : {}),
      ...(opts.breakerOpenMs !== undefined ? { openMs: opts.breakerOpenMs } : {}),
    });
    this.secrets = collectSecrets(conn);
    this.baseUrl = safeDisplayUrl(conn.url);
  }

  /** Instant query (`POST /api/v1/query`); without `time` Prometheus evaluates at its own now. */
  query(expr: string, time?: Date): Promise<PrometheusResult<InstantQueryData>> {
    return this.call('POST', '/api/v1/query', () => {
      const params: Array<[string, string]> = [['query', this.rewriteExpr(expr)]];
      if (time) params.push(['time', unixSeconds(time)]);
      return params;
    }, parseInstantData);
  }

  /** Range query (`POST /api/v1/query_range`) from `start` to `end` every `stepSeconds`. */
  queryRange(expr: string, start: Date, end: Date, stepSeconds: number): Promise<PrometheusResult<RangeQueryData>> {
    return this.call('POST', '/api/v1/query_range', () => {
      if (!Number.isFinite(stepSeconds) || stepSeconds <= 0) {
        throw new PrometheusQueryError('bad_data', `step must be a positive number of seconds, got ${stepSeconds}`, { attempts: 0 });
      }
      return [
        ['query', this.rewriteExpr(expr)],
        ['start', unixSeconds(start)],
        ['end', unixSeconds(end)],
        ['step', String(stepSeconds)],
      ];
    }, parseRangeData);
  }

  /** Series matching any of the selectors (`GET /api/v1/series`). */
  series(matchers: string[], start?: Date, end?: Date): Promise<PrometheusResult<Labels[]>> {
    return this.call('GET', '/api/v1/series', () => {
      if (matchers.length === 0) throw new PrometheusQueryError('bad_data', 'series needs at least one matcher', { attempts: 0 });
      const params: Array<[string, string]> = matchers.map((m) => ['match[]', this.rewriteExpr(m)]);
      if (start) params.push(['start', unixSeconds(start)]);
      if (end) params.push(['end', unixSeconds(end)]);
      return params;
    }, (data) => arrayOf(data, 'series', parseLabels));
  }

  /** Values of label `name`, optionally only on series matching `matchers` (`GET /api/v1/label/<name>/values`). */
  labelValues(name: string, matchers?: string[]): Promise<PrometheusResult<string[]>> {
    if (!LABEL_NAME.test(name)) {
      return Promise.reject(new PrometheusQueryError('bad_data', `invalid label name ${JSON.stringify(name.slice(0, 100))}`, { attempts: 0 }));
    }
    return this.call('GET', `/api/v1/label/${name}/values`, () =>
      (matchers ?? []).map((m): [string, string] => ['match[]', this.rewriteExpr(m)]),
    (data) => arrayOf(data, 'label values', (v) => stringOf(v, 'label value')));
  }

  /** Metric metadata, of one metric or all (`GET /api/v1/metadata`). */
  metadata(metric?: string): Promise<PrometheusResult<Record<string, MetricMetadata[]>>> {
    return this.call('GET', '/api/v1/metadata', () => (metric !== undefined ? [['metric', metric]] : []), parseMetadata);
  }

  /** The server's version and build (`GET /api/v1/status/buildinfo`). */
  buildInfo(): Promise<PrometheusResult<BuildInfo>> {
    return this.call('GET', '/api/v1/status/buildinfo', () => [], parseBuildInfo);
  }

  /**
   * Parses (and type-checks) an expression without running it (`POST /api/v1/format_query`,
   * Prometheus 2.40+): resolves to the formatted expression, or rejects with Prometheus's own
   * parse error and position (kind bad_data).
   */
  formatQuery(expr: string): Promise<PrometheusResult<string>> {
    return this.call('POST', '/api/v1/format_query', () => [['query', expr]], (data) => {
      if (typeof data !== 'string') throw new Error('format_query did not return a string');
      return data;
    });
  }

  /** The breaker's state and the request slots, for the UI. */
  state(): PrometheusClientState {
    return { ...this.breaker.state(), inFlight: this.limiter.inFlight, queued: this.limiter.queued };
  }

  private rewriteExpr(expr: string): string {
    try {
      return this.rewrite(expr);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new PrometheusQueryError('bad_data', `the expression could not be rewritten: ${this.redact(detail)}`, { attempts: 0 });
    }
  }

  private async call<T>(
    method: 'GET' | 'POST',
    apiPath: string,
    buildParams: () => Array<[string, string]>,
    parse: (data: unknown) => T,
  ): Promise<PrometheusResult<T>> {
    const startedMs = this.nowMs();
    const deadlineMs = startedMs + this.timeoutMs;
    const url = this.endpoint(apiPath);
    const params = buildParams(); // local errors (rewrite, step) are thrown before anything else

    const early = this.breaker.peek();
    if (early) throw new CircuitOpenError(early, url);

    let release: () => void;
    try {
      release = await this.limiter.acquire(deadlineMs - this.nowMs());
    } catch (error) {
      if (!(error instanceof QueueTimeoutError)) throw error;
      throw new PrometheusQueryError(
        'timeout',
        `timed out after ${this.timeoutMs} ms waiting for a free request slot (${this.limiter.max} in use); the request was not sent`,
        { url, attempts: 0 },
      );
    }
    try {
      const admitted = this.breaker.acquire();
      if (!admitted.ok) throw new CircuitOpenError(admitted.rejection, url);
      return await this.attempt(admitted.permit, method, apiPath, params, parse, deadlineMs, url);
    } finally {
      release();
    }
  }

  private async attempt<T>(
    permit: CircuitPermit,
    method: 'GET' | 'POST',
    apiPath: string,
    params: Array<[string, string]>,
    parse: (data: unknown) => T,
    deadlineMs: number,
    url: string,
  ): Promise<PrometheusResult<T>> {
    let attempts = 0;
    try {
      for (;;) {
        const remaining = deadlineMs - this.nowMs();
        if (remaining <= 0) throw this.timeoutError(url, attempts);
        let response: PrometheusResponse;
        attempts += 1;
        try {
          response = await this.transport(this.conn, {
            method,
            apiPath,
            params,
            timeoutMs: remaining,
            maxBytes: this.maxBytes,
            lookup: this.lookup,
          });
        } catch (error) {
          if (attempts <= this.retries && isRetryable(error)) {
            const delay = this.backoff(attempts - 1);
            if (this.nowMs() + delay < deadlineMs) {
              await this.sleep(delay);
              continue;
            }
          }
          throw this.transportError(error, url, attempts);
        }
        const result = this.interpret(response, parse, url, attempts);
        this.breaker.onSuccess(permit);
        return result;
      }
    } catch (error) {
      const failure =
        error instanceof PrometheusQueryError
          ? error
          : this.build('http', `request to ${url} failed`, { url, attempts });
      if (BREAKER_FAILURE_KINDS.has(failure.kind)) this.breaker.onFailure(permit, failure);
      else if (failure.status !== undefined) this.breaker.onSuccess(permit); // the cluster answered
      else this.breaker.release(permit);
      throw failure;
    }
  }

  private interpret<T>(response: PrometheusResponse, parse: (data: unknown) => T, url: string, attempts: number): PrometheusResult<T> {
    const { status } = response;
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    const body = isObject(json) ? json : undefined;
    const errorType = typeof body?.errorType === 'string' ? body.errorType : undefined;
    const errorText = typeof body?.error === 'string' ? body.error : undefined;
    const details: PrometheusErrorDetails = {
      status,
      url,
      attempts,
      ...(errorType !== undefined ? { errorType } : {}),
      ...(errorText !== undefined ? { error: truncate(errorText, 2000) } : {}),
    };
    const ok = status >= 200 && status <= 299;
    if (!ok || body?.status === 'error') {
      const says = errorText !== undefined ? `: ${truncate(errorText, 500)}` : plainText(response);
      if (errorType === 'bad_data') {
        throw this.build('bad_data', `bad_data${says} (HTTP ${status} from ${url})`, details);
      }
      if (status === 401) {
        const hint =
          this.conn.auth.type === 'bearer'
            ? 'check the bearer token'
            : this.conn.auth.type === 'basic'
              ? 'check the username and password'
              : 'the server requires credentials: set auth';
        throw this.build('unauthorized', `401 Unauthorized from ${url}: ${hint}`, details);
      }
      if (status === 403) throw this.build('forbidden', `403 Forbidden from ${url}${says}`, details);
      const type = errorType !== undefined ? ` (${errorType})` : '';
      throw this.build('http', `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}${type}${says}`, details);
    }
    if (!body || body.status !== 'success' || !('data' in body)) {
      const contentType = response.headers['content-type'];
      const what = contentType ? `content-type ${contentType.split(';')[0]}` : 'no content-type';
      throw this.build('invalid_response', `response from ${url} is not Prometheus API JSON (${what})`, details);
    }
    let data: T;
    try {
      data = parse(body.data);
    } catch (error) {
      const detail = error instanceof InvalidShape ? error.message : 'unexpected data';
      throw this.build('invalid_response', `response from ${url} has unexpected data: ${detail}`, details);
    }
    const warnings = Array.isArray(body.warnings) ? body.warnings.filter((w): w is string => typeof w === 'string') : [];
    return { data, warnings: warnings.map((w) => this.redact(w)) };
  }

  private transportError(error: unknown, url: string, attempts: number): PrometheusQueryError {
    const failure = classifyTransportError(error, url, Boolean(this.conn.caCert));
    if (failure.kind === 'timeout' && failure.code === undefined) {
      return this.timeoutError(url, attempts);
    }
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    return this.build(failure.kind, `${failure.message}${tries}`, {
      url,
      attempts,
      ...(failure.code !== undefined ? { code: failure.code } : {}),
    });
  }

  private timeoutError(url: string, attempts: number): PrometheusQueryError {
    return this.build('timeout', `no response from ${url} within ${this.timeoutMs} ms`, { url, attempts });
  }

  /** A PrometheusQueryError with every string redacted. */
  private build(kind: PrometheusErrorKind, message: string, details: PrometheusErrorDetails): PrometheusQueryError {
    const clean: PrometheusErrorDetails = { ...details };
    if (clean.error !== undefined) clean.error = this.redact(clean.error);
    if (clean.errorType !== undefined) clean.errorType = this.redact(clean.errorType);
    if (clean.url !== undefined) clean.url = this.redact(clean.url);
    if (clean.code !== undefined) clean.code = this.redact(clean.code);
    return new PrometheusQueryError(kind, this.redact(message), clean);
  }

  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  }

  private endpoint(apiPath: string): string {
    try {
      return this.redact(displayUrl(prometheusEndpoint(this.conn.url, apiPath)));
    } catch {
      return this.baseUrl;
    }
  }

  private backoff(retryIndex: number): number {
    const base = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** retryIndex);
    const random = Math.min(1, Math.max(0, this.random()));
    return Math.round(base * (0.5 + 0.5 * random));
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}

/** Creates a {@link PrometheusClient} for one cluster's Prometheus. */
export function createPrometheusClient(conn: PrometheusConnection, opts: PrometheusClientOptions = {}): PrometheusClient {
  return new PrometheusClient(conn, opts);
}

// ---------------------------------------------------------------------------------------------
// Transport error classification (the connection test's kinds; its classifier is not exported)


const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENODATA', 'ETIMEOUT', 'ESERVFAIL']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN']);
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);


function codesOf(error: unknown): string[] {
  return errorChain(error)
    .map((e) => (typeof e.code === 'string' ? e.code : ''))
    .filter(Boolean);
}

/**
 * Whether a transport error is a connection error worth another attempt: ECONNREFUSED,
 * ECONNRESET (which includes "socket hang up") or EAI_AGAIN. Timeouts never are.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PrometheusQueryError) return false;
  const chain = errorChain(error);
  if (chain.some((e) => e instanceof RequestTimeoutError || e instanceof QueueTimeoutError)) return false;
  if (codesOf(error).some((code) => RETRYABLE_CODES.has(code))) return true;
  return chain.some((e) => typeof e.message === 'string' && /socket hang up/i.test(e.message));
}

/**
 * Sorts a transport error (not an HTTP answer) into a kind with a message free of request
 * details. `code` is the transport code when there is one; a deadline gives kind timeout, no code.
 */
export function classifyTransportError(
  error: unknown,
  url: string,
  hasCa = false,
): { kind: PrometheusErrorKind; message: string; code?: string } {
  const chain = errorChain(error);
  const codes = codesOf(error);
  let host = 'the server';
  try {
    const parsed = new URL(url);
    host = `${parsed.hostname.replace(/^\[|\]$/g, '')}:${parsed.port || (parsed.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    /* keep the generic name */
  }
  if (chain.some((e) => e instanceof RequestTimeoutError || e instanceof QueueTimeoutError)) {
    return { kind: 'timeout', message: `no response from ${url}` };
  }
  const dns = chain.find((e) => typeof e.code === 'string' && DNS_CODES.has(e.code));
  if (dns) {
    const name = typeof dns.hostname === 'string' && dns.hostname ? dns.hostname : host.replace(/:\d+$/, '');
    return { kind: 'dns', message: `DNS lookup failed for ${name} (${String(dns.code)})`, code: String(dns.code) };
  }
  if (codes.includes('ECONNREFUSED')) return { kind: 'refused', message: `connection refused by ${host}`, code: 'ECONNREFUSED' };
  const timedOut = codes.find((c) => c === 'ETIMEDOUT' || c.startsWith('UND_ERR_') && c.endsWith('TIMEOUT'));
  if (timedOut) return { kind: 'timeout', message: `connection to ${host} timed out (${timedOut})`, code: timedOut };
  const tls = codes.find(
    (c) =>
      TLS_TRUST_CODES.has(c) ||
      c.startsWith('CERT_') ||
      c.includes('_CERT_') ||
      c.startsWith('ERR_TLS_') ||
      c.startsWith('ERR_SSL_') ||
      c.startsWith('ERR_OSSL_') ||
      c === 'EPROTO',
  );
  if (tls) {
    const hint = TLS_TRUST_CODES.has(tls) ? (hasCa ? '; the given caCert did not issue it' : '; add its CA or enable insecureSkipVerify') : '';
    return { kind: 'tls', message: `TLS handshake with ${host} failed (${tls})${hint}`, code: tls };
  }
  const unreachable = codes.find((c) => UNREACHABLE_CODES.has(c));
  if (unreachable) {
    return { kind: 'refused', message: `connection to ${host} failed before a response (${unreachable})`, code: unreachable };
  }
  if (chain.some((e) => typeof e.message === 'string' && /socket hang up/i.test(e.message))) {
    return { kind: 'refused', message: `connection to ${host} closed before a response (socket hang up)`, code: 'ECONNRESET' };
  }
  const parseError = codes.find((c) => c.startsWith('HPE_'));
  if (parseError) return { kind: 'invalid_response', message: `response from ${host} is not valid HTTP (${parseError})`, code: parseError };
  if (chain.some((e) => e instanceof ResponseTooLargeError)) {
    const max = chain.find((e): e is ResponseTooLargeError => e instanceof ResponseTooLargeError)?.maxBytes ?? 0;
    return { kind: 'invalid_response', message: `response from ${url} is larger than ${max} bytes` };
  }
  const header = codes.find((c) => c.startsWith('ERR_INVALID_CHAR') || c === 'ERR_HTTP_INVALID_HEADER_VALUE' || c === 'ERR_INVALID_HTTP_TOKEN');
  if (header) return { kind: 'http', message: `a custom header or the token has an invalid name or value (${header})`, code: header };
  const last = codes[codes.length - 1];
  // The raw message is left out on purpose: transport messages may quote request details.
  return { kind: 'http', message: `request to ${url} failed${last ? ` (${last})` : ''}`, ...(last ? { code: last } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Parsing

class InvalidShape extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shape(ok: boolean, what: string): asserts ok {
  if (!ok) throw new InvalidShape(what);
}

/** Parses a Prometheus sample value: a decimal string, "NaN", "+Inf" or "-Inf". */
export function parseSampleValue(value: unknown): number {
  if (typeof value === 'number') return value;
  shape(typeof value === 'string', 'sample value is not a string');
  if (value === 'NaN') return NaN;
  if (value === '+Inf' || value === 'Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  const parsed = Number(value);
  shape(value.trim() !== '' && !Number.isNaN(parsed), `sample value ${JSON.stringify(value.slice(0, 40))} is not a number`);
  return parsed;
}

function timestampOf(value: unknown): number {
  shape(typeof value === 'number' && Number.isFinite(value), 'timestamp is not a number');
  return Math.round(value * 1000);
}

function stringOf(value: unknown, what: string): string {
  shape(typeof value === 'string', `${what} is not a string`);
  return value;
}

function arrayOf<T>(value: unknown, what: string, item: (v: unknown) => T): T[] {
  shape(Array.isArray(value), `${what} is not an array`);
  return value.map(item);
}

function parseLabels(value: unknown): Labels {
  shape(isObject(value), 'labels are not an object');
  const labels: Labels = {};
  for (const [name, v] of Object.entries(value)) labels[name] = stringOf(v, `label ${name}`);
  return labels;
}

function parsePair(value: unknown): Sample {
  shape(Array.isArray(value) && value.length === 2, 'sample is not a [time, value] pair');
  return { timestampMs: timestampOf(value[0]), value: parseSampleValue(value[1]) };
}

function parseHistogram(value: unknown): HistogramValue {
  shape(isObject(value), 'histogram is not an object');
  const buckets = value.buckets === undefined ? [] : arrayOf(value.buckets, 'histogram buckets', (b): HistogramBucket => {
    shape(Array.isArray(b) && b.length === 4, 'histogram bucket is not [rule, lower, upper, count]');
    return { boundaryRule: Number(b[0]), lower: parseSampleValue(b[1]), upper: parseSampleValue(b[2]), count: parseSampleValue(b[3]) };
  });
  return { count: parseSampleValue(value.count), sum: parseSampleValue(value.sum), buckets };
}

function parseHistogramPair(value: unknown): { timestampMs: number; histogram: HistogramValue } {
  shape(Array.isArray(value) && value.length === 2, 'histogram sample is not a [time, histogram] pair');
  return { timestampMs: timestampOf(value[0]), histogram: parseHistogram(value[1]) };
}

function parseVectorSample(value: unknown): VectorSample {
  shape(isObject(value), 'vector sample is not an object');
  const metric = parseLabels(value.metric ?? {});
  if (value.histogram !== undefined) {
    const { timestampMs, histogram } = parseHistogramPair(value.histogram);
    return { metric, timestampMs, value: NaN, histogram };
  }
  return { metric, ...parsePair(value.value) };
}

function parseMatrixSeries(value: unknown): MatrixSeries {
  shape(isObject(value), 'matrix series is not an object');
  const series: MatrixSeries = {
    metric: parseLabels(value.metric ?? {}),
    values: value.values === undefined ? [] : arrayOf(value.values, 'values', parsePair),
  };
  if (value.histograms !== undefined) series.histograms = arrayOf(value.histograms, 'histograms', parseHistogramPair);
  return series;
}

function parseInstantData(data: unknown): InstantQueryData {
  shape(isObject(data), 'data is not an object');
  switch (data.resultType) {
    case 'vector':
      return { resultType: 'vector', result: arrayOf(data.result, 'result', parseVectorSample) };
    case 'matrix':
      return { resultType: 'matrix', result: arrayOf(data.result, 'result', parseMatrixSeries) };
    case 'scalar':
      return { resultType: 'scalar', result: parsePair(data.result) };
    case 'string': {
      shape(Array.isArray(data.result) && data.result.length === 2, 'string result is not a [time, value] pair');
      return { resultType: 'string', result: { timestampMs: timestampOf(data.result[0]), value: stringOf(data.result[1], 'string result') } };
    }
    default:
      throw new InvalidShape(`unknown resultType ${JSON.stringify(String(data.resultType).slice(0, 40))}`);
  }
}

function parseRangeData(data: unknown): RangeQueryData {
  shape(isObject(data), 'data is not an object');
  shape(data.resultType === 'matrix', 'range query result is not a matrix');
  return { resultType: 'matrix', result: arrayOf(data.result, 'result', parseMatrixSeries) };
}

function parseMetadata(data: unknown): Record<string, MetricMetadata[]> {
  shape(isObject(data), 'metadata is not an object');
  const out: Record<string, MetricMetadata[]> = {};
  for (const [metric, entries] of Object.entries(data)) {
    out[metric] = arrayOf(entries, `metadata of ${metric}`, (e) => {
      shape(isObject(e), 'metadata entry is not an object');
      return {
        type: typeof e.type === 'string' ? e.type : '',
        help: typeof e.help === 'string' ? e.help : '',
        unit: typeof e.unit === 'string' ? e.unit : '',
      };
    });
  }
  return out;
}

function parseBuildInfo(data: unknown): BuildInfo {
  shape(isObject(data), 'buildinfo is not an object');
  shape(typeof data.version === 'string' && data.version !== '', 'buildinfo has no version');
  const field = (name: string) => (typeof data[name] === 'string' ? data[name] : '');
  return {
    version: field('version'),
    revision: field('revision'),
    branch: field('branch'),
    buildUser: field('buildUser'),
    buildDate: field('buildDate'),
    goVersion: field('goVersion'),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Unix seconds with millisecond precision, as the API takes them. */
function unixSeconds(time: Date): string {
  const ms = time.getTime();
  if (!Number.isFinite(ms)) throw new PrometheusQueryError('bad_data', 'invalid Date', { attempts: 0 });
  return (ms / 1000).toFixed(3);
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `: <first line>` of a short text/plain error body (proxies), else nothing. */
function plainText(response: PrometheusResponse): string {
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('text/plain')) return '';
  const line = response.body.trim().split('\n')[0] ?? '';
  return line ? `: ${truncate(line, 300)}` : '';
}

function safeDisplayUrl(url: string): string {
  try {
    return displayUrl(url);
  } catch {
    return 'the Prometheus URL';
  }
}

/** The credentials and custom header values of a connection, longest first, in every form they take. */
function collectSecrets(conn: PrometheusConnection): string[] {
  let secrets: string[] = [];
  try {
    secrets = prometheusSecrets(conn);
  } catch {
    /* an unusable auth object: nothing to send, nothing to hide */
  }
  for (const value of Object.values(conn.headers ?? {})) secrets.push(value);
  // Pieces of multi-part secrets (a message may quote one line of a pasted token), not the auth scheme.
  const pieces = secrets.flatMap((s) => s.split(/\s+/).filter((piece) => piece.length >= 6 && !/^(Bearer|Basic)$/i.test(piece)));
  const encoded = secrets.map((s) => encodeURIComponent(s));
  return [...new Set([...secrets, ...pieces, ...encoded])]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
}
