import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onFreePort } from '../net/free-port';
import { ownChildProcess } from '../runtime/terminate-child';

/**
 * A real Prometheus for the demo: its own config and TSDB in a temporary directory, listening on
 * 127.0.0.1, scraping the demo exporter every 5 s with `honor_labels: true` (the exporter's
 * `cluster` and `instance` labels win). Started only when the binary is installed.
 */

/** The error message when no prometheus binary is found. */
export const PROMETHEUS_MISSING_MESSAGE = 'Demo clusters need Prometheus: apt-get install -y prometheus (Debian/Ubuntu)';

/** The scrape job name of the demo exporter (the `job` label of every demo series). */
export const DEMO_SCRAPE_JOB = 'kubewatch-demo';

/** Where to look for `prometheus`: $PATH, then /usr/bin and /usr/local/bin. */
export function defaultPrometheusSearchPath(): string[] {
  return (process.env.PATH ?? '')
    .split(':')
    .filter(Boolean)
    .concat(['/usr/bin', '/usr/local/bin']);
}

/** The path of an executable `prometheus` in `dirs`; throws {@link PROMETHEUS_MISSING_MESSAGE} when there is none. */
export function findPrometheusBinary(dirs: readonly string[] = defaultPrometheusSearchPath()): string {
  for (const dir of dirs) {
    const candidate = path.join(dir, 'prometheus');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  throw new Error(PROMETHEUS_MISSING_MESSAGE);
}

/** Options of {@link startDemoPrometheus}. */
export interface DemoPrometheusOptions {
  /** `host:port` of the exporter (its `/metrics` is scraped). */
  target: string;
  /** TCP port on 127.0.0.1 (default: a free port). */
  port?: number;
  scrapeIntervalSeconds?: number;
  /** The prometheus executable (default: {@link findPrometheusBinary}). */
  binary?: string;
  /** How long to wait for readiness and the first scrape (default 60 s). */
  timeoutMs?: number;
}

/** A running demo Prometheus. */
export interface RunningDemoPrometheus {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}


function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 1_000_000) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    request.setTimeout(timeoutMs, () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: '' }));
  });
}

function scrapeConfig(target: string, intervalSeconds: number): string {
  return [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    `  scrape_timeout: ${Math.max(1, intervalSeconds - 1)}s`,
    `  evaluation_interval: ${intervalSeconds}s`,
    'scrape_configs:',
    `  - job_name: ${DEMO_SCRAPE_JOB}`,
    '    honor_labels: true',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n');
}

/** Starts Prometheus and resolves once it is ready and its first scrape of the exporter has landed. */
export async function startDemoPrometheus(opts: DemoPrometheusOptions): Promise<RunningDemoPrometheus> {
  const binary = opts.binary ?? findPrometheusBinary();
  const interval = opts.scrapeIntervalSeconds ?? 5;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-demo-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, scrapeConfig(opts.target, interval));

  try {
    return await onFreePort((port) => launch(binary, dir, configFile, port, deadline), { port: opts.port });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(binary: string, dir: string, configFile: string, port: number, deadline: number): Promise<RunningDemoPrometheus> {
  const dataDir = path.join(dir, 'data');
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=2d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  // If this process exits without stop(), Prometheus and its files go along.
  const { stop, abandon } = ownChildProcess(child, dir);

  const url = `http://127.0.0.1:${port}`;
  try {
    const query = `${url}/api/v1/query?query=${encodeURIComponent(`up{job="${DEMO_SCRAPE_JOB}"} == 1`)}`;
    let ready = false;
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`could not start ${binary}: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prometheus exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (!ready) {
        ready = (await get(`${url}/-/ready`, 2000)).status === 200;
      } else {
        const answer = await get(query, 2000);
        if (answer.status === 200 && /"result":\[\{/.test(answer.body)) {
          if (child.pid === undefined) throw new Error('prometheus has no pid');
          return { url, port, pid: child.pid, dataDir, stop: () => stop() };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`prometheus did not ${ready ? 'scrape the demo exporter' : 'become ready'} in time:\n${output}`);
  } catch (error) {
    await abandon();
    throw error;
  }
}
