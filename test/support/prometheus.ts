// Starts a real Prometheus server (the Debian `prometheus` package, 2.42) for integration tests:
// its own config and TSDB in a temporary directory, listening on 127.0.0.1 only.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** Passed as --web.config.file (TLS, basic auth). */
  webConfigFile?: string;
  /** Serve under this path (`/prometheus`), like behind a reverse proxy. */
  routePrefix?: string;
  /** Scheme the web config makes Prometheus speak (https when it has tls_server_config). */
  scheme?: 'http' | 'https';
  /** Credentials for the readiness probe when the web config has basic_auth_users. */
  basicAuth?: { username: string; password: string };
}

/** A running Prometheus; `url` includes the route prefix. */
export interface RunningPrometheus {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Prometheus is not installed: apt-get install -y prometheus';

/** The path of the prometheus binary, or a clear error when it is missing. */
export function prometheusBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/local/bin'])) {
    const candidate = path.join(dir || '.', 'prometheus');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  throw new Error(INSTALL_HINT);
}

/** The version `prometheus --version` prints ("2.42.0+ds" for the Debian build). */
export function installedPrometheusVersion(): string {
  const out = execFileSync(prometheusBinary(), ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const match = /^prometheus, version (\S+)/m.exec(out);
  if (!match?.[1]) throw new Error(`unexpected \`prometheus --version\` output: ${out}`);
  return match[1];
}

/** Starts Prometheus on a free 127.0.0.1 port and waits until /-/ready answers 200. */
export async function startPrometheus(opts: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n');
  const port = await freePort();
  const prefix = opts.routePrefix ? `/${opts.routePrefix.replace(/^\/+|\/+$/g, '')}` : '';
  const scheme = opts.scheme ?? 'http';
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(prefix ? [`--web.route-prefix=${prefix}`, `--web.external-url=${scheme}://127.0.0.1:${port}${prefix}`] : []),
    ...(opts.webConfigFile ? [`--web.config.file=${opts.webConfigFile}`] : []),
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  const url = `${scheme}://127.0.0.1:${port}${prefix}`;
  try {
    await waitReady(`${url}/-/ready`, exited, opts.basicAuth, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

async function waitReady(
  readyUrl: string,
  exited: Promise<number | null>,
  basicAuth: StartPrometheusOptions['basicAuth'],
  output: () => string,
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`prometheus exited with ${exitCode}:\n${output()}`);
    if ((await probe(readyUrl, basicAuth)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus did not become ready within 60 s:\n${output()}`);
}

function probe(url: string, basicAuth: StartPrometheusOptions['basicAuth']): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = basicAuth
      ? { authorization: `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}` }
      : {};
    // The probe only asks "is it up?": it does not verify the test certificate.
    const request = url.startsWith('https:')
      ? https.get(url, { headers, rejectUnauthorized: false, agent: false })
      : http.get(url, { headers, agent: false });
    request.setTimeout(2000, () => request.destroy());
    request.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
  });
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killTimer);
}
