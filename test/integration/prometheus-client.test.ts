// The Prometheus client against real servers on 127.0.0.1: a real Prometheus 2.42 that scrapes
// itself (so `up` and `__name__` have data), a dedicated one that is killed mid-test, a local
// server that accepts connections and never answers, and one that echoes credentials back.
import { type ChildProcess, spawn } from 'node:child_process';
import dns from 'node:dns';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrometheusConnection } from '../../lib/clusters/connection-schema';
import {
  CircuitOpenError,
  PrometheusClient,
  type PrometheusClientOptions,
  PrometheusQueryError,
} from '../../lib/prometheus/client';
import { DnsCache } from '../../lib/prometheus/dns-cache';
import { freePort } from '../support/free-port';
import { send, startTestServer, type TestServer } from '../support/kube-api';
import { installedPrometheusVersion, prometheusBinary, startPrometheus } from '../support/prometheus';

const TOKEN = 'integration-bearer-secret-5e0c1f';
const HEADER_VALUE = 'tenant-header-secret-a93b07';
const OTHER_HEADER_VALUE = 'proxy-header-secret-2d4e88';

const conn = (url: string, extra: Partial<PrometheusConnection> = {}): PrometheusConnection => ({
  url,
  auth: { type: 'none' },
  insecureSkipVerify: false,
  headers: {},
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<PrometheusQueryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrometheusQueryError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Everything an error exposes, as the UI or a log line could see it. */
function exposed(error: PrometheusQueryError): string {
  const last = error instanceof CircuitOpenError ? error.lastError : undefined;
  return JSON.stringify({
    ...error,
    message: error.message,
    stack: error.stack,
    string: String(error),
    ...(last ? { last: { ...last, message: last.message, stack: last.stack } } : {}),
  });
}

/** A Prometheus that scrapes itself every second; resolves once `up` has a sample. */
async function startScrapingPrometheus(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-prom-client-'));
  const port = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${port}']`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    prometheusBinary(),
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const probe = new PrometheusClient(conn(url), { timeoutMs: 2000, retries: 0 });
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < 600 && Date.now() < deadline; i++) {
    if (child.exitCode !== null) break;
    try {
      const { data } = await probe.query('up');
      if (data.resultType === 'vector' && data.result.length > 0) return { url, stop };
    } catch {
      /* not ready yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`prometheus did not scrape itself within 60 s:\n${output}`);
}

let prom: { url: string; stop(): Promise<void> };
let hanging: TestServer;

beforeAll(async () => {
  [prom, hanging] = await Promise.all([
    startScrapingPrometheus(),
    // Accepts connections and reads requests, never answers.
    startTestServer(() => {}),
  ]);
});

afterAll(async () => {
  await Promise.all([prom?.stop(), hanging?.close()]);
});

describe('against a real Prometheus', () => {
  it("query('up') returns the self-scrape as a typed vector", async () => {
    const client = new PrometheusClient(conn(prom.url));
    const { data, warnings } = await client.query('up');
    expect(warnings).toEqual([]);
    if (data.resultType !== 'vector') throw new Error(`expected a vector, got ${data.resultType}`);
    expect(data.result).toHaveLength(1);
    expect(data.result[0]).toMatchObject({ metric: { __name__: 'up', job: 'prometheus' }, value: 1 });
    expect(Math.abs(data.result[0]!.timestampMs - Date.now())).toBeLessThan(60_000);
  });

  it("query('1+1') is a scalar 2 at the requested time; NaN and ±Inf come back as numbers", async () => {
    const client = new PrometheusClient(conn(prom.url));
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect((await client.query('1+1', at)).data).toEqual({ resultType: 'scalar', result: { timestampMs: at.getTime(), value: 2 } });
    const specials = await client.query('vector(0/0) or label_replace(vector(1/0), "s", "inf", "", "") or label_replace(vector(-1/0), "s", "-inf", "", "")');
    if (specials.data.resultType !== 'vector') throw new Error('expected a vector');
    const bySign = Object.fromEntries(specials.data.result.map((s) => [s.metric.s ?? 'nan', s.value]));
    expect(bySign).toEqual({ nan: NaN, inf: Infinity, '-inf': -Infinity });
    expect((await client.query('"hello"', at)).data).toEqual({ resultType: 'string', result: { timestampMs: at.getTime(), value: 'hello' } });
  });

  it("queryRange('vector(1)') has exactly one point per step", async () => {
    const client = new PrometheusClient(conn(prom.url));
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
    const end = new Date(start.getTime() + 5 * 60_000);
    const { data } = await client.queryRange('vector(1)', start, end, 15);
    expect(data.resultType).toBe('matrix');
    expect(data.result).toHaveLength(1);
    const values = data.result[0]!.values;
    expect(values).toHaveLength(21); // 300 s / 15 s + 1
    expect(values.map((v) => v.timestampMs)).toEqual(Array.from({ length: 21 }, (_, i) => start.getTime() + i * 15_000));
    expect(values.every((v) => v.value === 1)).toBe(true);
  });

  it("labelValues('__name__'), series and metadata see the scraped metrics", async () => {
    const client = new PrometheusClient(conn(prom.url));
    const names = (await client.labelValues('__name__')).data;
    expect(names).toContain('up');
    expect(names).toContain('prometheus_build_info');
    expect((await client.labelValues('job', ['up'])).data).toEqual(['prometheus']);
    const series = (await client.series(['up'], new Date(Date.now() - 3_600_000), new Date())).data;
    expect(series).toEqual([{ __name__: 'up', instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/), job: 'prometheus' }]);
    // Metadata comes from scrapes of the target; it may take a scrape to show up.
    const meta = (await client.metadata('prometheus_build_info')).data;
    if (meta.prometheus_build_info) expect(meta.prometheus_build_info[0]).toMatchObject({ type: 'gauge' });
  });

  it('buildInfo().version is the running Prometheus version', async () => {
    const client = new PrometheusClient(conn(prom.url));
    const { data } = await client.buildInfo();
    expect(data.version).toBe(installedPrometheusVersion());
    expect(data.goVersion).toMatch(/^go/);
  });

  it("a bad expression fails with kind bad_data and Prometheus's own parse error", async () => {
    const client = new PrometheusClient(conn(prom.url));
    // What Prometheus itself says about it, asked without the client.
    const raw = (await (
      await fetch(`${prom.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: 'sum(up' }) })
    ).json()) as { errorType: string; error: string };
    expect(raw.errorType).toBe('bad_data');

    const error = await failure(client.query('sum(up'));
    expect(error).toMatchObject({ kind: 'bad_data', status: 400, errorType: 'bad_data', error: raw.error, attempts: 1 });
    expect(error.error).toMatch(/parse error/);
    expect(error.message).toContain(raw.error);
    // The cluster answered: the breaker does not count it.
    expect(client.state()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('POSTs a 20 KB expression', async () => {
    const client = new PrometheusClient(conn(prom.url));
    const alternatives = Array.from({ length: 2500 }, (_, i) => `job${String(i).padStart(4, '0')}`).join('|');
    const expr = `count(up{job=~"prometheus|${alternatives}"})`;
    expect(expr.length).toBeGreaterThan(20_000);
    const { data } = await client.query(expr);
    if (data.resultType !== 'vector') throw new Error('expected a vector');
    expect(data.result.map((s) => s.value)).toEqual([1]);
  });

  it('rewrite is applied to what is sent', async () => {
    const seen: string[] = [];
    const client = new PrometheusClient(conn(prom.url), {
      rewrite: (expr) => {
        seen.push(expr);
        return expr.replace('up', 'up{job="prometheus"}');
      },
    });
    const { data } = await client.query('count(up)');
    expect(seen).toEqual(['count(up)']);
    expect(data.resultType === 'vector' && data.result[0]?.value).toBe(1);
  });

  it('resolves host names through the DNS cache: one lookup for many requests', async () => {
    const port = new URL(prom.url).port;
    let lookups = 0;
    const cache = new DnsCache({
      resolve: async (hostname) => {
        lookups += 1;
        // localhost may also be ::1 where nothing listens; the real resolver is what is cached.
        return (await dns.promises.lookup(hostname, { all: true })).filter((a) => a.family === 4);
      },
    });
    const client = new PrometheusClient(conn(`http://localhost:${port}`), { dnsCache: cache });
    const results = await Promise.all([client.query('1'), client.query('2'), client.buildInfo()]);
    await client.query('3');
    expect(results).toHaveLength(3);
    expect(lookups).toBe(1);
  });
});

describe('isolation: one hanging cluster does not delay the others', () => {
  it('9 healthy clients finish before the hanging one times out; its breaker then opens and fails fast', async () => {
    const HANG_TIMEOUT_MS = 1500;
    const healthy = Array.from({ length: 9 }, () => new PrometheusClient(conn(prom.url), { timeoutMs: HANG_TIMEOUT_MS }));
    const stuck = new PrometheusClient(conn(hanging.url), { timeoutMs: HANG_TIMEOUT_MS });
    // Warm nothing up: all 10 start together.
    const t0 = performance.now();
    const healthyDone = healthy.map((client) =>
      client.query('up').then((result) => ({ at: performance.now() - t0, result })),
    );
    const stuckDone = stuck.query('up').then(
      () => {
        throw new Error('the hanging server answered');
      },
      (error: unknown) => ({ at: performance.now() - t0, error }),
    );
    const [finished, hung] = await Promise.all([Promise.all(healthyDone), stuckDone]);

    expect(hung.error).toMatchObject({ kind: 'timeout', attempts: 1 });
    const latencies = finished.map((f) => Math.round(f.at));
    console.log(`isolation: healthy latencies ${latencies.join(', ')} ms; hanging rejected at ${Math.round(hung.at)} ms`);
    for (const f of finished) {
      expect(f.result.data.resultType).toBe('vector');
      expect(f.at).toBeLessThan(hung.at); // resolved before the hanging one's timeout fired
      expect(f.at).toBeLessThan(HANG_TIMEOUT_MS / 2); // and not inflated by it
    }

    // Two more timeouts (concurrently) make three in a row: the breaker opens.
    const more = await Promise.all([failure(stuck.query('up')), failure(stuck.query('up'))]);
    expect(more.map((e) => e.kind)).toEqual(['timeout', 'timeout']);
    expect(stuck.state()).toMatchObject({ state: 'open', consecutiveFailures: 3 });

    const t1 = performance.now();
    const open = await failure(stuck.query('up'));
    const fastMs = performance.now() - t1;
    console.log(`isolation: circuit_open rejection after ${fastMs.toFixed(2)} ms`);
    expect(fastMs).toBeLessThan(50);
    expect(open).toBeInstanceOf(CircuitOpenError);
    expect(open).toMatchObject({ kind: 'circuit_open', attempts: 0 });
    expect((open as CircuitOpenError).lastError).toMatchObject({ kind: 'timeout' });
    // The healthy ones are untouched.
    expect(healthy.every((c) => c.state().state === 'closed')).toBe(true);
  });
});

describe('a Prometheus that dies', () => {
  it('fails with refused after the connection retries, then opens the breaker', async () => {
    const dying = await startPrometheus();
    const sleeps: number[] = [];
    const opts: PrometheusClientOptions = {
      timeoutMs: 5000,
      retryBaseMs: 20,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    };
    const client = new PrometheusClient(conn(dying.url), opts);
    try {
      expect((await client.query('1')).data.resultType).toBe('scalar');
    } finally {
      await dying.stop();
    }
    for (let call = 1; call <= 3; call++) {
      const error = await failure(client.query('1'));
      expect(error).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED', attempts: 3 });
      expect(client.state().state).toBe(call < 3 ? 'closed' : 'open');
    }
    expect(sleeps).toHaveLength(6); // 2 backoffs per call
    const t = performance.now();
    const open = await failure(client.query('1'));
    expect(performance.now() - t).toBeLessThan(50);
    expect(open).toMatchObject({ kind: 'circuit_open' });
    expect((open as CircuitOpenError).lastError).toMatchObject({ kind: 'refused' });
  });
});

describe('secrets never appear in errors', () => {
  let echo: TestServer;
  beforeAll(async () => {
    // A proxy that quotes the request's credentials back in its error, the worst case.
    echo = await startTestServer((req, res) => {
      const quoted = `auth=${req.headers.authorization ?? ''} tenant=${String(req.headers['x-scope-orgid'] ?? '')}`;
      if (req.url?.includes('/label/')) return send(res, 401, `unauthorized: ${quoted}`, 'text/plain');
      if (req.url?.includes('buildinfo')) return send(res, 502, `bad gateway: ${quoted}`, 'text/plain');
      send(res, 400, { status: 'error', errorType: 'bad_data', error: `rejected ${quoted}` });
    });
  });
  afterAll(async () => {
    await echo?.close();
  });

  it('in bad_data, HTTP, timeout, refused and circuit_open errors', async () => {
    const secretConn = (url: string) =>
      conn(url, {
        auth: { type: 'bearer', token: TOKEN },
        headers: { 'X-Scope-OrgID': HEADER_VALUE, 'X-Proxy-Key': OTHER_HEADER_VALUE },
      });
    const errors: PrometheusQueryError[] = [];
    const real = new PrometheusClient(secretConn(prom.url));
    expect((await real.query('up')).data.resultType).toBe('vector'); // Prometheus ignores the credentials
    errors.push(await failure(real.query('sum(up')));

    const echoing = new PrometheusClient(secretConn(echo.url));
    errors.push(await failure(echoing.query('up')));
    errors.push(await failure(echoing.labelValues('job')));
    errors.push(await failure(echoing.buildInfo()));
    expect(errors.map((e) => e.kind)).toEqual(['bad_data', 'bad_data', 'unauthorized', 'http']);
    expect(errors[1]!.error).toContain('[redacted]');

    const stuck = new PrometheusClient(secretConn(hanging.url), { timeoutMs: 300, breakerThreshold: 1 });
    errors.push(await failure(stuck.query('up')));
    errors.push(await failure(stuck.query('up')));
    expect(errors.slice(-2).map((e) => e.kind)).toEqual(['timeout', 'circuit_open']);

    const refused = new PrometheusClient(secretConn(`http://127.0.0.1:${await freePort()}`), { retryBaseMs: 1 });
    errors.push(await failure(refused.query('up')));
    expect(errors.at(-1)!.kind).toBe('refused');

    // Prometheus' own warnings and the client state are exposed too.
    const all = errors.map(exposed).join('\n') + JSON.stringify([real.state(), stuck.state(), echoing.state()]);
    for (const secret of [TOKEN, `Bearer ${TOKEN}`, HEADER_VALUE, OTHER_HEADER_VALUE]) expect(all).not.toContain(secret);
  });
});
