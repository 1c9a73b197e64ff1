// The UI's performance budget (issue 8): the overview page's first-load JavaScript (gzip) and its
// server-rendering time with 50 clusters. The product runs as `npm start` does (supervisor,
// embedded PostgreSQL, 50 simulated clusters polled by the worker); the page is fetched as a
// signed-in browser would, without rendering it.
//
// Before measuring, each cluster's newest snapshot is copied back over the last hour every 30 s,
// so the page reads what an hour of polling leaves (the sparklines' history), not a fresh start.
//
//   npm run build && npm run bench:ui [-- --clusters 50 --requests 40 --history-minutes 60]
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { freePort } from '../lib/net/free-port';
import { percentile } from './bench-support';

const { values } = parseArgs({ options: { clusters: { type: 'string', default: '50' }, requests: { type: 'string', default: '40' }, 'history-minutes': { type: 'string', default: '60' } } });
const historyPoints = Math.max(1, Number(values['history-minutes']) * 2);
const clusters = Number(values.clusters);
const requests = Number(values.requests);
const root = path.resolve(import.meta.dirname, '..');
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
const TOKEN = `kw_bench_ui_${'x'.repeat(32)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-bench-ui-'));
await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as postgres when we are root
const port = await freePort();
const pgPort = await freePort();
const base = `http://127.0.0.1:${port}`;
const supervisor = spawn(process.execPath, [path.join(root, 'dist', 'supervisor.js')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    WORKER_METRICS_PORT: '0',
    DEMO_CLUSTERS: String(clusters),
    CLUSTER_POLL_INTERVAL: '15s',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ADMIN_API_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
  },
});
try {
  console.log(`starting the product with ${clusters} simulated clusters...`);
  await until(
    `${clusters} polled clusters`,
    async () => {
      const res = await fetch(`${base}/api/v1/overview`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { clusters: Array<{ status: { state: string } }> };
      return body.clusters.length === clusters && body.clusters.every((c) => c.status.state !== 'unknown') ? true : undefined;
    },
    300_000,
  );
  // An hour of history: the newest snapshot of each cluster, copied back every 30 s.
  const database = await startEmbeddedPostgres({ dataDir, port: pgPort, database: 'kubewatch' });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const copied = await client.query(
      `INSERT INTO cluster_snapshots ("clusterId", at, status, reason, metrics, inventory, errors, "durationMs", "cpuUtilisation", "memoryUtilisation")
       SELECT s."clusterId", s.at - g * interval '30 seconds', s.status, s.reason, s.metrics, s.inventory, s.errors, s."durationMs", s."cpuUtilisation", s."memoryUtilisation"
         FROM (SELECT DISTINCT ON ("clusterId") * FROM cluster_snapshots ORDER BY "clusterId", at DESC) AS s, generate_series(1, $1::int) AS g`,
      [historyPoints - 1],
    );
    console.log(`copied ${copied.rowCount} snapshots back over ${values['history-minutes']} minutes`);
  } finally {
    await client.end();
  }
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify(ADMIN) });
  if (signIn.status !== 200) throw new Error(`sign-in failed: HTTP ${signIn.status}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  // First-load JavaScript: every script the overview HTML loads, gzip-compressed, once each.
  const html = await (await fetch(`${base}/overview`, { headers: { Cookie: cookie } })).text();
  const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const bytes = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((sum, m) => sum + Buffer.byteLength(m[1]!), 0);

  // Server rendering: sequential requests after a warm-up, time to the last byte.
  const timings: number[] = [];
  for (let i = 0; i < requests + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/overview`, { headers: { Cookie: cookie } });
    const body = await res.text();
    if (res.status !== 200 || !body.includes('</html>')) throw new Error(`overview answered HTTP ${res.status}`);
    if (i >= 5) timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const figures = {
    clusters,
    historySnapshots: clusters * historyPoints,
    firstLoadJs: { scripts: scripts.length, rawKiB: Math.round(raw / 1024), gzipKiB: Math.round(gzip / 1024), inlineKiB: Math.round(inline / 1024), budgetKiB: 200 },
    overviewRender: { requests, p50Ms: Math.round(percentile(timings, 50)), p95Ms: Math.round(percentile(timings, 95)), budgetMs: 300 },
    htmlKiB: Math.round(Buffer.byteLength(html) / 1024),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log('\n| clusters | first-load JS (gzip) | budget | overview SSR p50 / p95 | budget |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| ${clusters} | ${figures.firstLoadJs.gzipKiB} KiB in ${scripts.length} scripts (${figures.firstLoadJs.rawKiB} KiB raw) | 200 KiB | ${figures.overviewRender.p50Ms} / ${figures.overviewRender.p95Ms} ms | 300 ms |`);
} finally {
  supervisor.kill('SIGTERM');
  await new Promise((resolve) => supervisor.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
