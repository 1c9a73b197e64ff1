// A real Prometheus (the Debian `prometheus` 2.42 binary) that scrapes a tiny local exporter every
// second, so integration tests can query known series: the exporter serves whatever Prometheus text
// exposition the test renders. Both listen on 127.0.0.1 only; everything lives in a temp directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { prometheusBinary } from './prometheus';

/** Options of {@link startSyntheticPrometheus}. */
export interface SyntheticPrometheusOptions {
  /** Renders the exposition text for one scrape; `seconds` is the time since the exporter started. */
  render(seconds: number): string;
  /** Wait until the target has been scraped at least this often (default 5). */
  minScrapes?: number;
  /** Give up waiting after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** A running Prometheus with its synthetic scrape target. */
export interface SyntheticPrometheus {
  /** Base URL of Prometheus, e.g. http://127.0.0.1:41234. */
  url: string;
  /** URL of the exporter's /metrics page. */
  exporterUrl: string;
  /** Stops Prometheus (SIGTERM) and the exporter and removes the temp directory. */
  stop(): Promise<void>;
}

/** JSON envelope of the Prometheus HTTP API. */
export interface PromApiResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

/** Runs an instant query through `/api/v1/query`; `time` is in Unix seconds. Never throws on API errors. */
export async function instantQuery(url: string, query: string, time?: number): Promise<PromApiResponse> {
  const params = new URLSearchParams({ query });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as PromApiResponse;
}

const JOB = 'synthetic';

/**
 * Starts an exporter on 127.0.0.1 serving `render()` and a Prometheus scraping it every second
 * (honor_labels: true, so labels such as `cluster` in the exposition are kept), then waits until
 * the target is up and has been scraped `minScrapes` times.
 */
export async function startSyntheticPrometheus(opts: SyntheticPrometheusOptions): Promise<SyntheticPrometheus> {
  const started = Date.now();
  const exporter = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(opts.render((Date.now() - started) / 1000));
  });
  await new Promise<void>((resolve, reject) => {
    exporter.once('error', reject);
    exporter.listen(0, '127.0.0.1', () => resolve());
  });
  const exporterPort = (exporter.address() as AddressInfo).port;
  const closeExporter = () =>
    new Promise<void>((resolve) => {
      exporter.closeAllConnections();
      exporter.close(() => resolve());
    });

  let dir: string | undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let output = '';
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killTimer);
    }
    await closeExporter();
    if (dir) await rm(dir, { recursive: true, force: true });
  };

  try {
    dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-synthetic-prometheus-'));
    const configFile = path.join(dir, 'prometheus.yml');
    await writeFile(
      configFile,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        `  - job_name: ${JOB}`,
        '    honor_labels: true',
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporterPort}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    child = spawn(
      prometheusBinary(),
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    });
    const proc = child;
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitForScrapes(url, opts.minScrapes ?? 5, opts.timeoutMs ?? 60_000, proc, () => output);
    return { url, exporterUrl: `http://127.0.0.1:${exporterPort}/metrics`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForScrapes(
  url: string,
  minScrapes: number,
  timeoutMs: number,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const query = `count_over_time(up{job="${JOB}"}[5m]) and on() (up{job="${JOB}"} == 1)`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const res = await instantQuery(url, query);
      const result = res.data?.result as { value: [number, string] }[] | undefined;
      const count = Number(result?.[0]?.value[1] ?? 0);
      if (count >= minScrapes) return;
      last = `${count} successful scrapes`;
    } catch (error) {
      // Not listening yet.
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`prometheus did not scrape the synthetic target ${minScrapes} times in ${timeoutMs} ms (${last}):\n${output()}`);
}
