// The built processes, started the way README's first command starts them.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { assertBuilt, type RunningProcess, startProcess, waitForHttp } from '../support/processes';

const ADMIN_TOKEN = 'kw_test_bootstrap_token_0123456789abcdef';
const asAdmin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

const problems = (proc: RunningProcess) => proc.logs.filter((l) => ['warn', 'error', 'fatal'].includes(String(l.level)));

async function embeddedQuery<T>(dataDir: string, port: number, sql: string, params: unknown[] = []): Promise<T[]> {
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'kubewatch' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('npm start: supervisor with the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let base: string;
  let pgPort: number;
  let workerMetricsPort: number;

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-start-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    pgPort = await freePort();
    workerMetricsPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      WORKER_METRICS_PORT: String(workerMetricsPort),
      WORKER_HEARTBEAT_INTERVAL: '1s',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      DEMO_CLUSTERS: '0', // the demo has its own test (demo-end-to-end)
    };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('first start: ready, UI, metrics of web and worker; SIGTERM exits 0 within 10 s without errors', async () => {
    const supervisor = startProcess('supervisor', env);
    try {
      const ready = await waitForHttp(`${base}/api/readyz`, 90_000);
      expect(await ready.json()).toEqual({
        ready: true,
        checks: { database: { ok: true }, migrations: { ok: true, pending: [] } },
      });
      expect(await (await fetch(`${base}/api/healthz`)).json()).toEqual({ status: 'ok' });

      // A fresh installation leads to the first-admin setup page.
      const clusters = await fetch(`${base}/clusters`, { redirect: 'manual' });
      expect(clusters.status).toBe(307);
      expect(clusters.headers.get('location')).toMatch(/\/setup$/);
      const setup = await fetch(`${base}/setup`);
      expect(setup.status).toBe(200);
      expect(await setup.text()).toContain('Create the first admin account');
      const home = await fetch(`${base}/`, { redirect: 'manual' });
      expect(home.headers.get('location')).toMatch(/\/overview$/);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
      expect(metrics).toContain('http_request_duration_seconds_count{method="GET",route="/api/readyz",status="200"}');
      expect(metrics).toContain('http_request_duration_seconds_count{method="GET",route="/setup",status="200"}');

      await supervisor.waitForLog((l) => l.component === 'worker' && l.msg === 'worker started');
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a couple of 1 s heartbeats
      const workerMetrics = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
      const beats = Number(/^worker_loop_iterations_total\{loop="heartbeat",outcome="ok"\} (\d+)/m.exec(workerMetrics)?.[1]);
      expect(beats).toBeGreaterThanOrEqual(2);
      expect(workerMetrics).toMatch(/^worker_last_heartbeat_timestamp_seconds \d+/m);

      const [worker] = await embeddedQuery<{ lastBeatAt: Date; startedAt: Date; stoppedAt: Date | null }>(
        dataDir,
        pgPort,
        'SELECT "startedAt", "lastBeatAt", "stoppedAt" FROM worker_heartbeats',
      );
      expect(worker!.stoppedAt).toBeNull();
      expect(worker!.lastBeatAt.getTime()).toBeGreaterThan(worker!.startedAt.getTime());

      // Data to find again after the restart below, registered through the API with ADMIN_API_TOKEN.
      const created = await fetch(`${base}/api/v1/clusters`, {
        method: 'POST',
        headers: { ...asAdmin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'prod-eu', labels: { env: 'prod' }, prometheus: { url: 'http://prom:9090', auth: { type: 'bearer', token: 'prom-secret' } } }),
      });
      expect(created.status).toBe(201);
    } finally {
      const { code, ms } = await supervisor.stop('SIGTERM');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
    }
    expect(problems(supervisor)).toEqual([]);
    expect(supervisor.logs.filter((line) => 'raw' in line)).toEqual([]); // stdout is JSON lines only
    for (const component of ['supervisor', 'web', 'worker']) {
      expect(supervisor.logs).toContainEqual(expect.objectContaining({ component, msg: 'stopped' }));
    }
    // PostgreSQL stopped with us: its port is free again.
    await expect(embeddedQuery(dataDir, pgPort, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('second start: the data and the graceful-stop mark of the first run are still there', async () => {
    const supervisor = startProcess('supervisor', env);
    try {
      await waitForHttp(`${base}/api/readyz`, 90_000);
      const list = await (await fetch(`${base}/api/v1/clusters`, { headers: asAdmin })).json();
      expect(list.items.map((c: { name: string; labels: object }) => [c.name, c.labels])).toEqual([['prod-eu', { env: 'prod' }]]);
      // The sealed credential still opens with the key kept in DATA_DIR: PATCH merges into it.
      const patched = await fetch(`${base}/api/v1/clusters/${list.items[0].id}`, {
        method: 'PATCH',
        headers: { ...asAdmin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ displayName: 'Production EU' }),
      });
      expect(patched.status).toBe(200);
      expect((await patched.json()).prometheus.auth).toEqual({ type: 'bearer', tokenSet: true });
      const rows = await embeddedQuery<{ stoppedAt: Date | null }>(
        dataDir,
        pgPort,
        'SELECT "stoppedAt" FROM worker_heartbeats ORDER BY "startedAt"',
      );
      expect(rows.length).toBe(2);
      expect(rows[0]!.stoppedAt).not.toBeNull();
      expect(supervisor.logs).toContainEqual(expect.objectContaining({ msg: 'database schema up to date', applied: [] }));
    } finally {
      const { code } = await supervisor.stop('SIGINT');
      expect(code).toBe(0);
    }
    expect(problems(supervisor)).toEqual([]);
  });
});

describe('npm run web + npm run worker against DATABASE_URL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('both migrate the empty database safely at once, serve, and stop with exit 0', async () => {
    const port = await freePort();
    const common = { DATABASE_URL: database.url, WORKER_HEARTBEAT_INTERVAL: '1s' };
    const web = startProcess('web', { ...common, PORT: String(port) });
    const worker = startProcess('worker', { ...common, WORKER_METRICS_PORT: '0' });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/api/readyz`, 90_000);
      await worker.waitForLog((l) => l.msg === 'worker started');
      const applied = [...web.logs, ...worker.logs].filter((l) => l.msg === 'applied migrations');
      expect(applied).toHaveLength(1); // one of them applied, the other found it done
      const migrations = await database.query('SELECT migration_name FROM _prisma_migrations');
      expect(migrations.length).toBeGreaterThan(0);
      expect(await database.query('SELECT id FROM worker_heartbeats')).toHaveLength(1);

      // Readiness follows the migration history: remove one record and it reports 503.
      const [last] = await database.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
      );
      await database.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [last!.migration_name]);
      const notReady = await fetch(`http://127.0.0.1:${port}/api/readyz`);
      expect(notReady.status).toBe(503);
      expect((await notReady.json()).checks.migrations.pending).toEqual([last!.migration_name]);
    } finally {
      const [webExit, workerExit] = await Promise.all([web.stop('SIGTERM'), worker.stop('SIGTERM')]);
      expect(webExit.code).toBe(0);
      expect(workerExit.code).toBe(0);
    }
    expect(problems(web)).toEqual([]);
    expect(problems(worker)).toEqual([]);
    const [row] = await database.query<{ stoppedAt: Date | null }>('SELECT "stoppedAt" FROM worker_heartbeats');
    expect(row!.stoppedAt).not.toBeNull();
  });
});

describe('invalid configuration', () => {
  it.each([
    ['web', { PORT: 'eighty' }, 'PORT'],
    ['worker', { WORKER_HEARTBEAT_INTERVAL: 'often' }, 'WORKER_HEARTBEAT_INTERVAL'],
    ['supervisor', { DATABASE_URL: 'mysql://root@db/kw' }, 'DATABASE_URL'],
  ] as const)('%s exits 78 naming the variable (%j)', async (entry, env, variable) => {
    assertBuilt();
    const proc = startProcess(entry, env);
    const code = await proc.exited;
    expect(code).toBe(78);
    expect(proc.stderr()).toMatch(new RegExp(`Invalid configuration:\\n  ${variable}: `));
    expect(proc.stderr()).toContain('README.md');
  });
});
