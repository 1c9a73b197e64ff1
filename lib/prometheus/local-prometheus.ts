/**
 * A temporary real Prometheus for tooling (e.g. evaluating promtool test files against data
 * loaded by remote write): 127.0.0.1 on a free port, config and TSDB in a temporary directory,
 * the remote-write receiver on, nothing scraped (a scrape would put "now" into the TSDB head and
 * make samples near 1970 out of bounds). Killed and removed on stop() or when this process exits.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPrometheusBinary } from '../demo/prometheus-process';
import { onFreePort } from '../net/free-port';
import { ownChildProcess } from '../runtime/terminate-child';

export interface LocalPrometheusOptions {
  /** The prometheus executable (default: findPrometheusBinary()). */
  binary?: string;
  /** Add --web.enable-admin-api (TSDB delete/snapshot endpoints). */
  enableAdminApi?: boolean;
  /** More command-line flags. */
  extraArgs?: readonly string[];
  /** How long to wait for /-/ready (default 60 s). */
  timeoutMs?: number;
}

export interface LocalPrometheus {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Milliseconds from spawn until /-/ready answered 200. */
  startupMs: number;
  stop(): Promise<void>;
}


async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Starts Prometheus and resolves once it is ready. */
export async function startLocalPrometheus(options: LocalPrometheusOptions = {}): Promise<LocalPrometheus> {
  const binary = options.binary ?? findPrometheusBinary();
  const dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, 'global: {}\n');
  try {
    return await onFreePort((port) => launch(binary, dir, configFile, port, options));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(binary: string, dir: string, configFile: string, port: number, options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const dataDir = path.join(dir, 'data');
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    // Retention counts back from the newest sample, not from now: keep long test spans whole.
    '--storage.tsdb.retention.time=100y',
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver',
    '--log.level=warn',
    ...(options.enableAdminApi ? ['--web.enable-admin-api'] : []),
    ...(options.extraArgs ?? []),
  ];
  const started = performance.now();
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  // If this process exits without stop(), Prometheus and its files go along.
  const { stop, abandon } = ownChildProcess(child, dir);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`could not start ${binary}: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prometheus exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (await isReady(url)) {
        if (child.pid === undefined) throw new Error('prometheus has no pid');
        return { url, port, pid: child.pid, dataDir, startupMs: Math.round(performance.now() - started), stop };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`prometheus did not become ready in time:\n${output}`);
  } catch (error) {
    await abandon();
    throw error;
  }
}
