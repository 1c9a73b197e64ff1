// The Prometheus client's moving parts with fakes: circuit breaker (fake clock), concurrency
// limiter (ordering, queue deadline), DNS cache (fake resolver, fake clock), retry classification
// (fake transport, fake sleep), response parsing and redaction. No network.
import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrometheusConnection } from '../../lib/clusters/connection-schema';
import { CircuitBreaker } from '../../lib/prometheus/circuit-breaker';
import {
  CircuitOpenError,
  classifyTransportError,
  isRetryable,
  parseSampleValue,
  PrometheusClient,
  type PrometheusClientOptions,
  type PrometheusHttpRequest,
  PrometheusQueryError,
} from '../../lib/prometheus/client';
import { ConcurrencyLimiter, QueueTimeoutError } from '../../lib/prometheus/concurrency';
import { DnsCache } from '../../lib/prometheus/dns-cache';
import { type PrometheusResponse, RequestTimeoutError } from '../../lib/prometheus/http';

class FakeClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

function response(status: number, body: unknown, contentType = 'application/json'): PrometheusResponse {
  return {
    status,
    statusText: '',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    url: 'http://prom.test/api/v1/query',
  };
}

const success = (data: unknown, warnings?: string[]) => response(200, { status: 'success', data, ...(warnings ? { warnings } : {}) });
const VECTOR_1 = success({ resultType: 'vector', result: [{ metric: { __name__: 'up' }, value: [1700000000.5, '1'] }] });

type Handler = (req: PrometheusHttpRequest, n: number) => PrometheusResponse | Promise<PrometheusResponse>;

/** A client whose transport is `handler`; records requests and sleeps. */
function fakeClient(handler: Handler, opts: PrometheusClientOptions = {}, conn: Partial<PrometheusConnection> = {}) {
  const requests: PrometheusHttpRequest[] = [];
  const sleeps: number[] = [];
  const clock = (opts.clock as FakeClock | undefined) ?? new FakeClock();
  const client = new PrometheusClient(
    { url: 'http://prom.test', auth: { type: 'none' }, insecureSkipVerify: false, headers: {}, ...conn },
    {
      clock,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      ...opts,
      transport: async (_conn, req) => {
        requests.push(req);
        return handler(req, requests.length);
      },
    },
  );
  return { client, requests, sleeps, clock };
}

async function rejection(promise: Promise<unknown>): Promise<PrometheusQueryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrometheusQueryError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CircuitBreaker', () => {
  it('opens after 3 consecutive counted failures, refuses, then lets one trial through after openMs', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ clock, threshold: 3, openMs: 30_000 });
    const fail = (error: string) => {
      const got = breaker.acquire();
      if (!got.ok) throw new Error('unexpectedly refused');
      breaker.onFailure(got.permit, error);
    };
    fail('e1');
    fail('e2');
    expect(breaker.state()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    fail('e3');
    expect(breaker.state()).toMatchObject({ state: 'open', consecutiveFailures: 3, lastError: 'e3' });
    expect(breaker.state().retryAt?.getTime()).toBe(clock.ms + 30_000);

    const refused = breaker.acquire();
    expect(refused).toMatchObject({ ok: false, rejection: { state: 'open', lastError: 'e3' } });
    clock.advance(29_999);
    expect(breaker.acquire().ok).toBe(false);
    clock.advance(1);
    expect(breaker.state().state).toBe('half_open');

    const trial = breaker.acquire();
    expect(trial).toMatchObject({ ok: true, permit: { trial: true } });
    // Only one trial at a time.
    expect(breaker.acquire()).toMatchObject({ ok: false, rejection: { state: 'half_open' } });
    expect(breaker.peek()).toBeDefined();
    if (trial.ok) breaker.onSuccess(trial.permit);
    expect(breaker.state()).toEqual({ state: 'closed', consecutiveFailures: 0 });
    expect(breaker.acquire().ok).toBe(true);
  });

  it('a failed trial re-opens it for another openMs; a released trial frees the trial slot', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ clock, threshold: 1, openMs: 1000 });
    const first = breaker.acquire();
    if (first.ok) breaker.onFailure(first.permit, 'down');
    expect(breaker.state().state).toBe('open');
    clock.advance(1000);
    const trial = breaker.acquire();
    expect(trial.ok && trial.permit.trial).toBe(true);
    if (trial.ok) breaker.release(trial.permit); // never sent: says nothing
    expect(breaker.state().state).toBe('half_open');
    const trial2 = breaker.acquire();
    expect(trial2.ok && trial2.permit.trial).toBe(true);
    clock.advance(10);
    if (trial2.ok) breaker.onFailure(trial2.permit, 'still down');
    expect(breaker.state()).toMatchObject({ state: 'open', lastError: 'still down' });
    expect(breaker.state().retryAt?.getTime()).toBe(clock.ms + 1000);
  });

  it('a success resets the count; late stragglers neither close nor double-count', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ clock, threshold: 2, openMs: 1000 });
    const a = breaker.acquire();
    const b = breaker.acquire();
    const c = breaker.acquire();
    const d = breaker.acquire();
    if (!a.ok || !b.ok || !c.ok || !d.ok) throw new Error('refused');
    breaker.onFailure(a.permit, 1);
    breaker.onSuccess(b.permit);
    expect(breaker.state().consecutiveFailures).toBe(0);
    breaker.onFailure(c.permit, 2);
    breaker.onFailure(c.permit, 2); // settled twice: ignored
    expect(breaker.state().consecutiveFailures).toBe(1);
    const e = breaker.acquire();
    if (!e.ok) throw new Error('refused');
    breaker.onFailure(e.permit, 3);
    expect(breaker.state().state).toBe('open');
    breaker.onSuccess(d.permit); // started before it opened
    expect(breaker.state().state).toBe('open');
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most max at once and starts queued calls in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const tasks = Array.from({ length: 6 }, (_, i) =>
      limiter.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(4);
    // Finish in reverse order of start: the queue still starts 2, 3, 4, 5 in order.
    for (let round = 0; round < 10 && gates.length > 0; round++) {
      gates.pop()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let round = 0; round < 10 && started.length < 6; round++) await new Promise((resolve) => setImmediate(resolve));
    while (gates.length > 0) gates.shift()!();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('a waiter whose budget runs out is rejected and removed, never granted a slot', async () => {
    vi.useFakeTimers();
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const late = limiter.acquire(100);
    const patient = limiter.acquire(10_000);
    const lateResult = late.then(
      () => 'granted',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(100);
    const error = await lateResult;
    expect(error).toBeInstanceOf(QueueTimeoutError);
    expect((error as QueueTimeoutError).waitedMs).toBe(100);
    expect(limiter.queued).toBe(1);
    release();
    const next = await patient;
    expect(limiter.inFlight).toBe(1);
    next();
    next(); // idempotent
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects a zero budget at once when it would have to queue', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire(0); // free slot: granted
    await expect(limiter.acquire(0)).rejects.toBeInstanceOf(QueueTimeoutError);
    release();
  });

  it('client: a call still queued at its deadline times out without being sent', async () => {
    let releaseFirst: (() => void) | undefined;
    const { client, requests } = fakeClient(
      (_req, n) =>
        n === 1
          ? new Promise<PrometheusResponse>((resolve) => {
              releaseFirst = () => resolve(VECTOR_1);
            })
          : VECTOR_1,
      { maxConcurrency: 1, timeoutMs: 80, clock: { now: () => new Date() } },
    );
    const first = client.query('up');
    const second = client.query('up');
    const error = await rejection(second);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 0 });
    expect(error.message).toMatch(/waiting for a free request slot.*not sent/);
    expect(requests).toHaveLength(1);
    releaseFirst!();
    await expect(first).resolves.toMatchObject({ data: { resultType: 'vector' } });
    // A queue timeout does not count against the cluster.
    expect(client.state()).toMatchObject({ state: 'closed', consecutiveFailures: 0, inFlight: 0, queued: 0 });
  });
});

describe('DnsCache', () => {
  const A: LookupAddress[] = [{ address: '10.0.0.1', family: 4 }, { address: 'fd00::1', family: 6 }];
  const B: LookupAddress[] = [{ address: '10.0.0.2', family: 4 }];

  function fakeResolver(...answers: Array<LookupAddress[] | Error>) {
    const calls: string[] = [];
    const resolve = async (hostname: string) => {
      calls.push(hostname);
      const answer = answers[Math.min(calls.length, answers.length) - 1];
      if (answer instanceof Error) throw answer;
      return answer!;
    };
    return { calls, resolve };
  }

  it('serves an answer for the TTL, then asks again', async () => {
    const clock = new FakeClock();
    const resolver = fakeResolver(A, B);
    const cache = new DnsCache({ clock, resolve: resolver.resolve, ttlMs: 30_000 });
    expect(await cache.resolve('prom.example')).toEqual(A);
    clock.advance(29_999);
    expect(await cache.resolve('PROM.example')).toEqual(A);
    expect(resolver.calls).toHaveLength(1);
    clock.advance(1);
    expect(await cache.resolve('prom.example')).toEqual(B);
    expect(resolver.calls).toHaveLength(2);
  });

  it('serves a stale answer when the refresh fails with EAI_AGAIN/ETIMEOUT, for up to staleMs', async () => {
    const clock = new FakeClock();
    const resolver = fakeResolver(A, coded('EAI_AGAIN'), coded('ETIMEOUT'), coded('EAI_AGAIN'));
    const cache = new DnsCache({ clock, resolve: resolver.resolve, ttlMs: 30_000, staleMs: 300_000 });
    await cache.resolve('prom.example');
    clock.advance(30_000);
    expect(await cache.resolve('prom.example')).toEqual(A); // EAI_AGAIN: stale
    clock.advance(300_000);
    expect(await cache.resolve('prom.example')).toEqual(A); // ETIMEOUT, exactly at the limit
    clock.advance(1);
    await expect(cache.resolve('prom.example')).rejects.toMatchObject({ code: 'EAI_AGAIN' });
    expect(resolver.calls).toHaveLength(4);
    expect(cache.size).toBe(0);
  });

  it('passes definitive failures on and drops the entry', async () => {
    const clock = new FakeClock();
    const resolver = fakeResolver(A, coded('ENOTFOUND'), B);
    const cache = new DnsCache({ clock, resolve: resolver.resolve, ttlMs: 1000 });
    await cache.resolve('prom.example');
    clock.advance(1000);
    await expect(cache.resolve('prom.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(cache.size).toBe(0);
    expect(await cache.resolve('prom.example')).toEqual(B);
  });

  it('de-duplicates concurrent lookups of one host (success and failure)', async () => {
    let finish: ((value: LookupAddress[]) => void) | undefined;
    let calls = 0;
    const cache = new DnsCache({
      clock: new FakeClock(),
      resolve: (hostname) => {
        calls += 1;
        if (hostname === 'bad.example') return Promise.reject(coded('EAI_AGAIN'));
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const pending = Array.from({ length: 10 }, () => cache.resolve('prom.example'));
    expect(calls).toBe(1);
    finish!(A);
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 10 }, () => A));
    const failures = await Promise.allSettled([cache.resolve('bad.example'), cache.resolve('bad.example')]);
    expect(failures.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(2);
    // Not cached: the next lookup asks again.
    await cache.resolve('bad.example').catch(() => {});
    expect(calls).toBe(3);
  });

  it('lookup(): honours family and all, answers IP literals without resolving', async () => {
    const resolver = fakeResolver(A);
    const cache = new DnsCache({ clock: new FakeClock(), resolve: resolver.resolve });
    const lookup = (hostname: string, options: { family?: number; all?: boolean }) =>
      new Promise<{ error: unknown; address: unknown; family: unknown }>((resolve) =>
        cache.lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
      );
    expect(await lookup('prom.example', { all: true })).toMatchObject({ error: null, address: A });
    expect(await lookup('prom.example', { family: 6 })).toEqual({ error: null, address: 'fd00::1', family: 6 });
    expect(await lookup('prom.example', { family: 4, all: true })).toMatchObject({ address: [A[0]] });
    expect(await lookup('127.0.0.1', {})).toEqual({ error: null, address: '127.0.0.1', family: 4 });
    expect(resolver.calls).toEqual(['prom.example']);
    const onlyV4 = new DnsCache({ clock: new FakeClock(), resolve: async () => B });
    const missing = await new Promise<unknown>((resolve) => onlyV4.lookup('x.example', { family: 6 }, (error) => resolve(error)));
    expect(missing).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('retry classification', () => {
  it.each([
    ['ECONNREFUSED', coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:9090'), true],
    ['ECONNRESET', coded('ECONNRESET', 'read ECONNRESET'), true],
    ['socket hang up', coded('ECONNRESET', 'socket hang up'), true],
    ['socket hang up without code', new Error('socket hang up'), true],
    ['EAI_AGAIN', coded('EAI_AGAIN', 'getaddrinfo EAI_AGAIN prom'), true],
    ['ECONNREFUSED inside AggregateError', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), true],
    ['request timeout', new RequestTimeoutError(1000), false],
    ['queue timeout', new QueueTimeoutError(1000, 4), false],
    ['ETIMEDOUT', coded('ETIMEDOUT'), false],
    ['ENOTFOUND', coded('ENOTFOUND'), false],
    ['self-signed certificate', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), false],
    ['an HTTP error', new PrometheusQueryError('http', 'HTTP 503', { status: 503 }), false],
  ])('%s -> retry %s', (_name, error, expected) => expect(isRetryable(error)).toBe(expected));

  it.each([
    [coded('ECONNREFUSED'), 'refused'],
    [coded('ECONNRESET', 'socket hang up'), 'refused'],
    [coded('EHOSTUNREACH'), 'refused'],
    [coded('EAI_AGAIN'), 'dns'],
    [coded('ENOTFOUND'), 'dns'],
    [coded('ETIMEDOUT'), 'timeout'],
    [new RequestTimeoutError(5), 'timeout'],
    [coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [coded('HPE_INVALID_CONSTANT'), 'invalid_response'],
    [coded('ERR_INVALID_CHAR'), 'http'],
  ])('classifies %s as %s', (error, kind) => {
    expect(classifyTransportError(error, 'http://prom.test:9090/api/v1/query').kind).toBe(kind);
  });

  it('connection errors are retried `retries` times with exponential backoff and jitter', async () => {
    const randoms = [0, 1];
    const { client, requests, sleeps } = fakeClient(
      () => {
        throw coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:9090');
      },
      { retries: 2, retryBaseMs: 100, random: () => randoms.shift() ?? 0 },
    );
    const error = await rejection(client.query('up'));
    expect(error).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED', attempts: 3 });
    expect(requests).toHaveLength(3);
    // retry 0: 100 * (0.5 + 0.5*0) = 50; retry 1: 200 * (0.5 + 0.5*1) = 200.
    expect(sleeps).toEqual([50, 200]);
  });

  it('a reset then a success resolves after one retry', async () => {
    const { client, requests, sleeps } = fakeClient((_req, n) => {
      if (n === 1) throw coded('ECONNRESET', 'socket hang up');
      return VECTOR_1;
    });
    await expect(client.query('up')).resolves.toMatchObject({ data: { resultType: 'vector' } });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([75]);
    expect(client.state().consecutiveFailures).toBe(0);
  });

  it.each<[string, () => PrometheusResponse, string]>([
    ['timeout', () => { throw new RequestTimeoutError(10_000); }, 'timeout'],
    ['DNS NXDOMAIN', () => { throw coded('ENOTFOUND'); }, 'dns'],
    ['TLS', () => { throw coded('DEPTH_ZERO_SELF_SIGNED_CERT'); }, 'tls'],
    ['HTTP 500', () => response(500, { status: 'error', errorType: 'internal', error: 'boom' }), 'http'],
    ['HTTP 503', () => response(503, 'upstream down', 'text/plain'), 'http'],
    ['HTTP 400 bad_data', () => response(400, { status: 'error', errorType: 'bad_data', error: 'parse error' }), 'bad_data'],
    ['HTTP 422 execution', () => response(422, { status: 'error', errorType: 'execution', error: 'many-to-many' }), 'http'],
    ['HTTP 401', () => response(401, 'Unauthorized', 'text/plain'), 'unauthorized'],
    ['HTTP 403', () => response(403, 'Forbidden', 'text/plain'), 'forbidden'],
  ])('never retries %s', async (_name, handler, kind) => {
    const { client, requests, sleeps } = fakeClient(handler, { retries: 5 });
    const error = await rejection(client.query('up'));
    expect(error.kind).toBe(kind);
    expect(error.attempts).toBe(1);
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries: 0 sends once; a backoff past the deadline is not waited for', async () => {
    const once = fakeClient(() => {
      throw coded('ECONNREFUSED');
    }, { retries: 0 });
    expect(await rejection(once.client.query('up'))).toMatchObject({ kind: 'refused', attempts: 1 });
    expect(once.sleeps).toEqual([]);

    const clock = new FakeClock();
    const tight = fakeClient(() => {
      clock.advance(60); // each attempt takes 60 ms of a 100 ms deadline
      throw coded('ECONNREFUSED');
    }, { retries: 2, timeoutMs: 100, retryBaseMs: 100, clock });
    expect(await rejection(tight.client.query('up'))).toMatchObject({ kind: 'refused', attempts: 1 });
    expect(tight.sleeps).toEqual([]);
  });
});

describe('circuit breaker in the client', () => {
  it('3 refused calls open it; then calls fail at once with circuit_open; a trial after openMs closes it', async () => {
    const clock = new FakeClock();
    let up = false;
    const { client, requests } = fakeClient(
      () => {
        if (!up) throw coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:9090');
        return VECTOR_1;
      },
      { clock, retries: 0, breakerOpenMs: 30_000 },
    );
    for (let i = 0; i < 3; i++) expect(await rejection(client.query('up'))).toMatchObject({ kind: 'refused' });
    expect(client.state()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    const open = await rejection(client.query('up'));
    expect(open).toBeInstanceOf(CircuitOpenError);
    expect(open).toMatchObject({ kind: 'circuit_open', attempts: 0 });
    expect((open as CircuitOpenError).lastError).toMatchObject({ kind: 'refused' });
    expect(open.message).toContain('connection refused');
    expect(requests).toHaveLength(3);

    clock.advance(30_000);
    expect(client.state().state).toBe('half_open');
    up = true;
    await expect(client.query('up')).resolves.toBeDefined();
    expect(client.state()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('answers from the cluster (bad_data, 4xx, 5xx) do not count and reset the count', async () => {
    const clock = new FakeClock();
    const answers: Array<() => PrometheusResponse> = [
      () => { throw new RequestTimeoutError(100); },
      () => { throw new RequestTimeoutError(100); },
      () => response(400, { status: 'error', errorType: 'bad_data', error: 'parse error' }),
      () => { throw new RequestTimeoutError(100); },
      () => { throw new RequestTimeoutError(100); },
      () => response(422, { status: 'error', errorType: 'execution', error: 'x' }),
      () => response(401, ''),
      () => response(503, { status: 'error', errorType: 'unavailable', error: 'y' }),
    ];
    const { client } = fakeClient((_req, n) => answers[n - 1]!(), { clock });
    for (let i = 0; i < answers.length; i++) await rejection(client.query('up'));
    expect(client.state()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});

describe('requests and parsing', () => {
  it('POSTs query/query_range, GETs the rest, and passes every expression through rewrite', async () => {
    const rewrite = (expr: string) => `${expr} /*rw*/`;
    const { client, requests } = fakeClient((req) => {
      if (req.apiPath === '/api/v1/query_range') return success({ resultType: 'matrix', result: [] });
      if (req.apiPath === '/api/v1/query') return VECTOR_1;
      if (req.apiPath === '/api/v1/series') return success([{ __name__: 'up', job: 'a' }]);
      if (req.apiPath.startsWith('/api/v1/label/')) return success(['a', 'b']);
      if (req.apiPath === '/api/v1/metadata') return success({ up: [{ type: 'gauge', help: 'Up.', unit: '' }] });
      return success({ version: '2.42.0', revision: 'abc' });
    }, { rewrite });
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 123));
    await client.query('up', at);
    await client.queryRange('rate(x[5m])', new Date(0), new Date(60_000), 15);
    expect(await client.series(['up', '{job="a"}'], new Date(1000))).toEqual({ data: [{ __name__: 'up', job: 'a' }], warnings: [] });
    expect((await client.labelValues('job', ['up'])).data).toEqual(['a', 'b']);
    expect((await client.metadata('up')).data).toEqual({ up: [{ type: 'gauge', help: 'Up.', unit: '' }] });
    expect((await client.buildInfo()).data).toEqual({
      version: '2.42.0', revision: 'abc', branch: '', buildUser: '', buildDate: '', goVersion: '',
    });
    expect(requests.map((r) => [r.method, r.apiPath, r.params])).toEqual([
      ['POST', '/api/v1/query', [['query', 'up /*rw*/'], ['time', '1767225600.123']]],
      ['POST', '/api/v1/query_range', [['query', 'rate(x[5m]) /*rw*/'], ['start', '0.000'], ['end', '60.000'], ['step', '15']]],
      ['GET', '/api/v1/series', [['match[]', 'up /*rw*/'], ['match[]', '{job="a"} /*rw*/'], ['start', '1.000']]],
      ['GET', '/api/v1/label/job/values', [['match[]', 'up /*rw*/']]],
      ['GET', '/api/v1/metadata', [['metric', 'up']]],
      ['GET', '/api/v1/status/buildinfo', []],
    ]);
  });

  it('parses vector, scalar, string and matrix results with NaN and ±Inf, and returns warnings', async () => {
    const bodies = [
      success(
        {
          resultType: 'vector',
          result: [
            { metric: { a: '1' }, value: [1700000000, 'NaN'] },
            { metric: { a: '2' }, value: [1700000000.25, '+Inf'] },
            { metric: { a: '3' }, value: [1700000000, '-Inf'] },
            { metric: { a: '4' }, value: [1700000000, '1.5e-3'] },
          ],
        },
        ['PromQL info: metric might not be a counter'],
      ),
      success({ resultType: 'scalar', result: [1700000000, '2'] }),
      success({ resultType: 'string', result: [1700000000, 'hello'] }),
      success({ resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, '+Inf']] }] }),
    ];
    const { client } = fakeClient((_req, n) => bodies[n - 1]!);
    const vector = await client.query('x');
    expect(vector.warnings).toEqual(['PromQL info: metric might not be a counter']);
    if (vector.data.resultType !== 'vector') throw new Error('not a vector');
    expect(vector.data.result.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, 0.0015]);
    expect(vector.data.result[1]!.timestampMs).toBe(1700000000250);
    expect((await client.query('x')).data).toEqual({ resultType: 'scalar', result: { timestampMs: 1700000000000, value: 2 } });
    expect((await client.query('x')).data).toEqual({ resultType: 'string', result: { timestampMs: 1700000000000, value: 'hello' } });
    expect((await client.query('x')).data).toEqual({
      resultType: 'matrix',
      result: [{ metric: {}, values: [{ timestampMs: 1000, value: 1 }, { timestampMs: 2000, value: Infinity }] }],
    });
  });

  it('parseSampleValue rejects what is not a number', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('-0.25')).toBe(-0.25);
    expect(() => parseSampleValue('')).toThrow();
    expect(() => parseSampleValue('abc')).toThrow();
    expect(() => parseSampleValue(null)).toThrow();
  });

  it('a 200 that is not Prometheus JSON is invalid_response; local input errors are never sent', async () => {
    const { client, requests } = fakeClient(() => response(200, '<html>login</html>', 'text/html'));
    expect(await rejection(client.query('up'))).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(await rejection(client.queryRange('up', new Date(0), new Date(1), 0))).toMatchObject({ kind: 'bad_data', attempts: 0 });
    expect(await rejection(client.labelValues('bad name'))).toMatchObject({ kind: 'bad_data', attempts: 0 });
    expect(await rejection(client.series([]))).toMatchObject({ kind: 'bad_data', attempts: 0 });
    const throwing = fakeClient(() => VECTOR_1, {
      rewrite: () => {
        throw new Error('selector does not parse');
      },
    });
    expect(await rejection(throwing.client.query('up'))).toMatchObject({ kind: 'bad_data', attempts: 0 });
    expect(throwing.requests).toHaveLength(0);
    expect(requests).toHaveLength(1);
    const badShape = fakeClient(() => success({ resultType: 'vector', result: [{ metric: {}, value: [1, 'x'] }] }));
    expect(await rejection(badShape.client.query('up'))).toMatchObject({ kind: 'invalid_response' });
  });

  it('redacts the token, the Authorization header and custom header values from every error string', async () => {
    const TOKEN = 'unit-secret-token-81c2aa';
    const HEADER = 'tenant-secret-value-77d1';
    const echo = `bad token Bearer ${TOKEN} for tenant ${HEADER} (${encodeURIComponent(HEADER)})`;
    const bodies = [
      () => response(400, { status: 'error', errorType: 'bad_data', error: echo }),
      () => response(500, echo, 'text/plain'),
      () => response(200, { status: 'success', data: { resultType: 'scalar', result: [1, '1'] }, warnings: [echo] }),
      () => {
        throw coded('ECONNREFUSED', echo);
      },
      () => {
        throw coded('ERR_INVALID_CHAR', echo);
      },
    ];
    const { client } = fakeClient((_req, n) => bodies[n - 1]!(), { retries: 0 }, {
      auth: { type: 'bearer', token: TOKEN },
      headers: { 'X-Scope-OrgID': HEADER },
    });
    const seen: unknown[] = [];
    for (let i = 0; i < bodies.length; i++) {
      try {
        seen.push(await client.query('up'));
      } catch (error) {
        const e = error as PrometheusQueryError;
        seen.push({ ...e, message: e.message, stack: e.stack, string: String(e) });
      }
    }
    const text = JSON.stringify(seen);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(HEADER);
    expect(text).not.toContain(encodeURIComponent(HEADER));
  });
});
