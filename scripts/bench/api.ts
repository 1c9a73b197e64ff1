// Section "api": REST API throughput and latency with autocannon (programmatic API, in this
// process, sharing the 2 cores with the server as a real load test on one machine does) against
// the built web process (dist/web.js, production) on a fresh embedded PostgreSQL holding:
//   - N clusters (default 50) registered from the simulation (startSimulation), each with a real
//     snapshot from one poll of its simulated Prometheus and Kubernetes API, copied back over the
//     last hour every 30 s (what the overview's sparklines read: 120 snapshots per cluster);
//   - one rule group of 10 rules and 6 active alert instances per cluster (4 firing, 2 pending).
// The simulation is stopped and no worker runs during the load: the figures are the web
// process and PostgreSQL alone. Each target: 2 s warm-up, then the measured run, 10 connections.
// Ceilings: GET /api/healthz of the same server (Next routing and our wrapper, no auth, no
// database), and a bare node:http server (its own process) answering the same bytes as
// GET /api/v1/clusters.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClusters } from '../../lib/clusters/cluster-actions';
import { ClusterClients } from '../../lib/collect/cluster-clients';
import { pollCluster } from '../../lib/collect/poll-cluster';
import { saveSnapshot } from '../../lib/collect/snapshots';
import { freePort } from '../../lib/net/free-port';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { systemClock } from '../../lib/time/clock';
import { procStat, startSimulation } from '../bench-support';
import { Cleanup, fixed, markdownTable, progress, round, sleep, startBuilt, startDatabase, stopOrphanedPrometheus, waitForHttp } from './common';

export interface ApiOptions {
  seconds: number;
  clusters: number;
  logDir: string;
}

const CONNECTIONS = 10;
/** autocannon records whole milliseconds. */
const latency = (ms: number) => (ms < 1 ? '<1 ms' : `${ms} ms`);
const WARMUP_SECONDS = 2;
const HISTORY_POINTS = 120; // one hour of 30 s polls
const RULES = 10;

/** The database an API serves in practice: clusters with an hour of polls, rules and active alerts. */
export async function seedApiDatabase(db: Awaited<ReturnType<typeof startDatabase>>, clusterCount: number, cleanup: Cleanup) {
  const simulation = await startSimulation(clusterCount, 15);
  cleanup.add('simulation', () => simulation.stop());
  try {
    const clusters = await createClusters(db.core, 'system', simulation.clusters.map((c) => c.input));
    const inputs = new Map(simulation.clusters.map((c) => [c.input.name, c.input]));
    const clients = new ClusterClients({ timeoutMs: 15_000, clock: systemClock });
    for (let i = 0; i < clusters.length; i += 10) {
      await Promise.all(
        clusters.slice(i, i + 10).map(async (cluster) => {
          const { snapshot, versions } = await pollCluster({ clients, clock: systemClock, timeoutMs: 15_000 }, { id: cluster.id, input: inputs.get(cluster.name)! });
          await saveSnapshot(db.prisma, snapshot, versions);
        }),
      );
    }
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO cluster_snapshots ("clusterId", at, status, reason, metrics, inventory, errors, "durationMs", "cpuUtilisation", "memoryUtilisation")
       SELECT "clusterId", at - g * interval '30 seconds', status, reason, metrics, inventory, errors, "durationMs", "cpuUtilisation", "memoryUtilisation"
       FROM cluster_snapshots, generate_series(1, ${HISTORY_POINTS - 1}) AS g`,
    );
    const group = await createRuleGroup(
      db.core,
      'system',
      ruleGroupInputSchema.parse({
        name: 'api-seed',
        interval: '1m',
        rules: Array.from({ length: RULES }, (_, n) => ({
          alert: `ApiSeedRule${n}`,
          expr: `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) > ${50 + n}`,
          for: '5m',
          severity: n % 3 ? 'warning' : 'critical',
          annotations: { summary: 'CPU {{ $value | humanize }}% on {{ $labels.instance }} ({{ $labels.cluster }})' },
        })),
      }),
    );
    const now = Date.now();
    const instances = clusters.flatMap((cluster, c) =>
      group.rules.slice(0, 6).map((rule, r) => {
        const labels = { alertname: rule.alert, cluster: cluster.name, instance: `node-${(c + r) % 5}`, severity: r % 3 ? 'warning' : 'critical' };
        const firing = r < 4;
        return {
          ruleId: rule.id!,
          clusterId: cluster.id,
          fingerprint: labelsFingerprint(labels),
          labels,
          annotations: { summary: `CPU ${90 + r}% on ${labels.instance} (${cluster.name})` },
          state: firing ? 'firing' : 'pending',
          activeAt: new Date(now - (10 + c + r) * 60_000),
          firedAt: firing ? new Date(now - (5 + c + r) * 60_000) : null,
          value: 90 + r,
          updatedAt: new Date(now),
        };
      }),
    );
    await db.prisma.alertInstance.createMany({ data: instances });
    return { clusters: clusters.length, snapshots: clusters.length * HISTORY_POINTS, rules: RULES, alertInstances: instances.length };
  } finally {
    await simulation.stop();
    await stopOrphanedPrometheus(simulation.prometheusPid, simulation.prometheusUrl);
  }
}

/** A minimal node:http server in its own process answering every request with `file`'s bytes as JSON. */
async function startBareServer(cleanup: Cleanup, file: string): Promise<string> {
  const port = await freePort();
  const script = `
    const body = require('node:fs').readFileSync(process.argv[1]);
    require('node:http').createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    }).listen(Number(process.argv[2]), '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', script, file, String(port)], { stdio: 'ignore' });
  cleanup.add('bare server', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, 20_000);
  return `http://127.0.0.1:${port}`;
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  return autocannon({ url, headers, connections: CONNECTIONS, duration: seconds, timeout: 10 });
}

export async function runApi(options: ApiOptions) {
  const cleanup = new Cleanup();
  try {
    progress(`api: seeding ${options.clusters} clusters`);
    const db = await startDatabase(cleanup, 'api');
    const seeded = await seedApiDatabase(db, options.clusters, cleanup);
    const port = await freePort();
    const token = `kw_${randomBytes(32).toString('base64url')}`;
    const web = startBuilt(
      cleanup,
      'web',
      { DATABASE_URL: db.url, DATA_DIR: db.dataDir, ENCRYPTION_KEY: db.encryptionKey, PORT: String(port), ADMIN_API_TOKEN: token, KUBEWATCH_MIGRATIONS_APPLIED: '1' },
      path.join(options.logDir, 'api-web.log'),
    );
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    await waitForHttp(`${base}/api/readyz`);
    await waitForHttp(`${base}/api/v1/clusters`, 30_000, auth);

    const clustersBody = Buffer.from(await (await fetch(`${base}/api/v1/clusters`, { headers: auth })).arrayBuffer());
    const bodyFile = path.join(db.dataDir, 'clusters.json');
    await writeFile(bodyFile, clustersBody);
    const bare = await startBareServer(cleanup, bodyFile);

    const targets = [
      { name: 'GET /api/v1/clusters', url: `${base}/api/v1/clusters`, headers: auth, server: 'web' },
      { name: 'GET /api/v1/overview', url: `${base}/api/v1/overview`, headers: auth, server: 'web' },
      { name: 'GET /api/v1/alerts', url: `${base}/api/v1/alerts`, headers: auth, server: 'web' },
      { name: 'GET /api/healthz (ceiling: same server, no auth, no database)', url: `${base}/api/healthz`, headers: {}, server: 'web' },
      { name: 'bare node:http, same bytes as /api/v1/clusters (ceiling)', url: `${bare}/`, headers: {}, server: 'bare' },
    ];
    const results = [];
    for (const target of targets) {
      const check = await fetch(target.url, { headers: target.headers });
      const bytes = (await check.arrayBuffer()).byteLength;
      if (!check.ok) throw new Error(`${target.name}: HTTP ${check.status}`);
      progress(`api: ${target.name} (${bytes} bytes), ${WARMUP_SECONDS} s warm-up + ${options.seconds} s`);
      await sleep(1000);
      const before = target.server === 'web' ? await procStat(web.pid) : undefined;
      const result = await load(target.url, target.headers, options.seconds);
      const after = target.server === 'web' ? await procStat(web.pid) : undefined;
      const total = result.requests.total;
      results.push({
        target: target.name,
        responseBytes: bytes,
        requests: total,
        requestsPerSecond: round(total / result.duration, 0),
        latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: round(result.latency.mean, 1) },
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
        webCpuCores: before && after ? round((after.cpuSeconds - before.cpuSeconds) / result.duration, 2) : null,
        webRssMiBAfter: after ? round(after.rssMiB, 0) : null,
      });
    }
    const webLogErrors = web.countLogLines('error');
    const table = markdownTable(
      ['target', 'response', 'requests/s', 'p50', 'p99', 'errors', 'non-2xx', 'web process CPU (cores)'],
      results.map((r) => [r.target, `${fixed(r.responseBytes / 1024, 1)} KiB`, r.requestsPerSecond ?? 'n/a', latency(r.latencyMs.p50), latency(r.latencyMs.p99), r.errors, r.non2xx, r.webCpuCores ?? 'n/a']),
    );
    return {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: options.seconds,
      seeded,
      results,
      webLogErrorLines: webLogErrors,
      markdown: `${table}\n\n${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${options.seconds} s per target; data: ${seeded.clusters} clusters with ${seeded.snapshots} snapshots (1 h of 30 s polls), ${seeded.rules} rules, ${seeded.alertInstances} active alerts. Web log lines at level error during the runs: ${webLogErrors}.`,
    };
  } finally {
    await cleanup.run();
  }
}
