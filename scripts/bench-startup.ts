// npm run bench:startup - prints, for this machine:
//   cold start to ready: `npm start` on an empty DATA_DIR (initdb + migrations) until /api/readyz is 200
//   warm start to ready: the same with the data directory from the first run
//   idle RSS of web + worker (and supervisor, PostgreSQL not counted) after they settle
//   size of the standalone output and of the image's other files
// Needs a build (`npm run build`). Figures go to README's "Performance" section.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

function childrenOf(pid: number): { pid: number; cmd: string }[] {
  return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)])
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pidText, ...cmd] = line.trim().split(/\s+/);
      return { pid: Number(pidText), cmd: cmd.join(' ') };
    });
}

async function startAndWait(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'supervisor.js')], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/readyz`);
      if (response.status === 200) return { child, ms: performance.now() - started };
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 120_000) throw new Error('not ready within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<number> {
  const started = performance.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return performance.now() - started;
}

const duKiB = (dir: string) => Number(execFileSync('du', ['-sk', path.join(root, dir)]).toString().split('\t')[0]);

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-bench-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
    DEMO_CLUSTERS: '0', // the product itself, without simulated clusters
  };
  try {
    const cold = await startAndWait(env, port);
    const coldStop = await stop(cold.child);
    const warm = await startAndWait(env, port);
    // Let the processes settle (JIT, first GC) and serve a few pages, as after a first visit.
    for (const page of ['/clusters', '/api/readyz', '/metrics']) await fetch(`http://127.0.0.1:${port}${page}`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rss: Record<string, number> = { supervisor: await rssKiB(warm.child.pid!) };
    for (const { pid, cmd } of childrenOf(warm.child.pid!)) {
      if (cmd.includes('dist/web.js')) rss.web = await rssKiB(pid);
      if (cmd.includes('dist/worker.js')) rss.worker = await rssKiB(pid);
    }
    const warmStop = await stop(warm.child);
    const mib = (kib: number) => (kib / 1024).toFixed(0);
    console.log(`cold start to ready (initdb + migrations): ${(cold.ms / 1000).toFixed(1)} s`);
    console.log(`warm start to ready:                      ${(warm.ms / 1000).toFixed(1)} s`);
    console.log(`idle RSS: web ${mib(rss.web!)} MiB, worker ${mib(rss.worker!)} MiB, web + worker ${mib(rss.web! + rss.worker!)} MiB (supervisor ${mib(rss.supervisor!)} MiB; PostgreSQL not counted)`);
    console.log(`SIGTERM to exit: ${coldStop.toFixed(0)} ms (first run), ${warmStop.toFixed(0)} ms (second run)`);
    console.log(`standalone output (.next/standalone): ${mib(duKiB('.next/standalone'))} MiB; plus .next/static ${mib(duKiB('.next/static'))} MiB and dist/ ${mib(duKiB('dist'))} MiB`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
