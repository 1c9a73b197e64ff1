// Shared pieces of `npm run bench` (scripts/bench.ts): a fresh embedded PostgreSQL, the built
// web / worker processes with their logs in files, a controllable scrape target, a real
// Prometheus or Alertmanager with our own config, markdown tables and small statistics.
// Every server listens on 127.0.0.1; everything started here is stopped by a Cleanup.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSettings } from '../../lib/config/env';
import { createPrismaClient, type PrismaClient } from '../../lib/db/client';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { migrateDatabase } from '../../lib/db/ensure-database';
import { createLogger } from '../../lib/log/logger';
import { freePort } from '../../lib/net/free-port';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Progress lines go to stderr, so stdout keeps the tables. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Things to stop, newest first, whatever happened. */
export class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> | unknown }> = [];
  add(name: string, run: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, run });
  }
  async run(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        progress(`cleanup of ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics and tables

export const sortedCopy = (values: readonly number[]) => [...values].sort((a, b) => a - b);
export function median(values: readonly number[]): number {
  const s = sortedCopy(values);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
export const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The machine, the build, and other work on it

/** Processes that would distort the figures (test runs, builds), as `pgrep -af` lines. */
export function competingProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'vitest|next build|scripts/build-server|scripts/copy-vendor'])
      .toString()
      .trim()
      .split('\n')
      .filter((line) => line && !line.includes('<defunct>')); // zombies use no CPU
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Waits (up to `maxMs`) until no test run or build is going on; returns what was still running. */
export async function waitForQuietMachine(maxMs: number): Promise<string[]> {
  const deadline = Date.now() + maxMs;
  let busy = competingProcesses();
  while (busy.length && Date.now() < deadline) {
    progress(`waiting for other work to finish (${busy.length} process(es): ${busy[0]!.slice(0, 100)})`);
    await sleep(20_000);
    busy = competingProcesses();
  }
  return busy;
}

const versionOf = (binary: string) => {
  try {
    return execFileSync(binary, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().split('\n')[0]!.trim();
  } catch {
    return 'not installed';
  }
};

export function machineInfo() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const memKiB = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  let os = 'unknown';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    /* not Linux-like */
  }
  return {
    node: process.version,
    cpu: model,
    cores,
    memoryGiB: Math.round(memKiB / 1024 / 1024),
    os,
    prometheus: versionOf(PROMETHEUS_BIN),
    alertmanager: versionOf(ALERTMANAGER_BIN),
  };
}

/** The build the processes run from; another agent may be rebuilding, so wait a little for it. */
export async function waitForBuild(maxMs = 300_000): Promise<void> {
  const files = ['.next/BUILD_ID', 'dist/web.js', 'dist/worker.js'];
  const deadline = Date.now() + maxMs;
  for (;;) {
    const missing = files.filter((f) => !existsSync(path.join(ROOT, f)));
    if (!missing.length) return;
    if (Date.now() > deadline) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first`);
    progress(`${missing.join(', ')} missing (a build may be running); checking again in 30 s`);
    await sleep(30_000);
  }
}

// ---------------------------------------------------------------------------------------------
// Database

export interface BenchDatabase {
  url: string;
  dataDir: string;
  encryptionKey: string;
  prisma: PrismaClient;
  core: CoreContext;
}

/** A fresh embedded PostgreSQL in a temporary directory on a free port, migrated, with a core context. */
export async function startDatabase(cleanup: Cleanup, name: string): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `kubewatch-bench-${name}-`));
  cleanup.add(`${name} data dir`, () => rm(dataDir, { recursive: true, force: true }));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as user postgres and must enter it
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'kubewatch' });
  cleanup.add(`${name} PostgreSQL`, () => server.stop());
  const logger = createLogger('bench', 'error');
  await migrateDatabase(server.url, logger);
  const encryptionKey = randomBytes(32).toString('base64');
  const prisma = createPrismaClient(server.url, 4);
  cleanup.add(`${name} Prisma`, () => prisma.$disconnect());
  const core = await createCoreContext(parseSettings({ DATABASE_URL: server.url, DATA_DIR: dataDir, ENCRYPTION_KEY: encryptionKey }), prisma, logger);
  return { url: server.url, dataDir, encryptionKey, prisma, core };
}

// ---------------------------------------------------------------------------------------------
// The built processes

export interface BuiltProcess {
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Log lines at `level` (pino's label) so far. */
  countLogLines(level: string): number;
  stop(): Promise<void>;
}

/** Runs dist/<entry>.js (production build) with `env`; its output goes to `logFile`. */
export function startBuilt(cleanup: Cleanup, entry: 'web' | 'worker', env: Record<string, string>, logFile: string): BuiltProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', `${entry}.js`)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  cleanup.add(entry, stop);
  return {
    pid: child.pid!,
    child,
    logFile,
    countLogLines: (level) => {
      try {
        return readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes(`"level":"${level}"`)).length;
      } catch {
        return 0;
      }
    },
    stop,
  };
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs = 90_000, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms (last: ${last})`);
}

/** Sums the samples of a metric in Prometheus text (optionally only those whose labels contain `labelText`). */
export function sumMetric(text: string, name: string, labelText = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (labelText && !rest.includes(labelText)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

export async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

// ---------------------------------------------------------------------------------------------
// A scrape target we control

/** Listens on a free port of 127.0.0.1; the stop (also registered with `cleanup`) drops open connections. */
async function listenOnLoopback(cleanup: Cleanup, name: string, server: http.Server): Promise<{ port: number; stop: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanup.add(name, stop);
  return { port: (server.address() as AddressInfo).port, stop };
}

export interface Exporter {
  /** host:port, for a scrape config. */
  target: string;
  stop(): Promise<void>;
}

/** Serves `render()` (Prometheus text exposition) at /metrics on 127.0.0.1. */
export async function startExporter(cleanup: Cleanup, render: () => string): Promise<Exporter> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(render());
  });
  const { port, stop } = await listenOnLoopback(cleanup, 'exporter', server);
  return { target: `127.0.0.1:${port}`, stop };
}

// ---------------------------------------------------------------------------------------------
// Real Prometheus and Alertmanager with a config of ours

export interface RunningBinary {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function runBinary(
  cleanup: Cleanup,
  name: string,
  binary: string,
  files: Record<string, string>,
  args: (dir: string, port: number) => string[],
): Promise<RunningBinary> {
  const dir = await mkdtemp(path.join(tmpdir(), `kubewatch-bench-${name}-`));
  cleanup.add(`${name} dir`, () => rm(dir, { recursive: true, force: true }));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  const port = await freePort();
  const child = spawn(binary, args(dir, port), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  cleanup.add(name, stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${output}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, pid: child.pid!, stop };
    await sleep(100);
  }
  throw new Error(`${name} not ready in 60 s: ${output}`);
}

/** Prometheus with `config` (prometheus.yml) and any rule files, on 127.0.0.1. */
export function startPrometheus(cleanup: Cleanup, name: string, config: string, ruleFiles: Record<string, string> = {}): Promise<RunningBinary> {
  return runBinary(cleanup, name, PROMETHEUS_BIN, { 'prometheus.yml': config, ...ruleFiles }, (dir, port) => [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
}

/** Alertmanager with `config`, on 127.0.0.1, without its cluster (gossip) listener. */
export function startAlertmanager(cleanup: Cleanup, config: string): Promise<RunningBinary> {
  return runBinary(cleanup, 'alertmanager', ALERTMANAGER_BIN, { 'alertmanager.yml': config }, (dir, port) => [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
}

/** Waits until Prometheus has scraped `job` successfully at least `count` times. */
export async function waitForScrapes(prometheusUrl: string, job: string, count: number, timeoutMs = 120_000): Promise<void> {
  const query = `count_over_time(up{job="${job}"}[10m]) and on() (up{job="${job}"} == 1)`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data?: { result?: Array<{ value: [number, string] }> } };
      if (Number(body.data?.result?.[0]?.value[1] ?? 0) >= count) return;
    } catch {
      /* not yet */
    }
    await sleep(500);
  }
  throw new Error(`Prometheus did not scrape ${job} ${count} times in ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------------
// A webhook receiver that notes when each request arrived

export interface ReceivedHook {
  at: number;
  path: string;
  status: number;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Requests whose body was not JSON. */
  malformed: number;
  stop(): Promise<void>;
}

/** Answers every POST with 200 and keeps its parsed JSON body (`keepBodies: false` keeps only the status field). */
export async function startWebhookReceiver(cleanup: Cleanup, options: { keepBodies?: boolean } = {}): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  let malformed = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        malformed++;
      }
      const status = (body as { status?: unknown } | undefined)?.status;
      received.push({ at, path: req.url ?? '', status: 200, body: options.keepBodies === false ? { status } : body });
      res.writeHead(200).end('ok');
    });
  });
  const { port, stop } = await listenOnLoopback(cleanup, 'webhook receiver', server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get malformed() {
      return malformed;
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// The simulation's Prometheus

/**
 * If the simulation process went away without stopping its Prometheus (seen once under heavy
 * load, with no message), stop that Prometheus by its pid and remove its temporary directory.
 */
export async function stopOrphanedPrometheus(pid: number, prometheusUrl: string) {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return; // gone, as it should be
  }
  // Only the Prometheus that listens where the simulation's did, with the demo's data directory.
  if (!args[0]?.endsWith('prometheus') || !args.includes(`--web.listen-address=${new URL(prometheusUrl).host}`)) return;
  if (!args.some((a) => a.startsWith('--storage.tsdb.path=') && a.includes('/kubewatch-demo-prometheus-'))) return;
  progress(`the simulation's Prometheus (pid ${pid}) outlived it; stopping it`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  const tsdb = args.find((a) => a.startsWith('--storage.tsdb.path='))?.slice('--storage.tsdb.path='.length);
  if (tsdb && path.basename(path.dirname(tsdb)).startsWith('kubewatch-demo-prometheus-')) rmSync(path.dirname(tsdb), { recursive: true, force: true });
}
