// What an SLO costs Prometheus: a 30d SLO over 30 days of per-minute data (10 pods × 2 status
// codes), computed cold (every hour fetched once), warm (a refresh a minute later, from the
// cached hours) and, for comparison, the naive way: the 30d ratio straight from raw data.
//
//   npm run bench:slo [-- --pods 10]
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prometheusConnectionSchema } from '../lib/clusters/connection-schema';
import { parseSettings } from '../lib/config/env';
import { createPrismaClient } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/ensure-database';
import { createLogger } from '../lib/log/logger';
import { createPrometheusClient } from '../lib/prometheus/client';
import { startLocalPrometheus } from '../lib/prometheus/local-prometheus';
import { RemoteWriteClient, type RemoteWriteSeries } from '../lib/prometheus/remote-write';
import { computeSloStatus } from '../lib/slo/service/slo-status';
import { errorAndTotalCountQueries } from '../lib/slo/sli-queries';
import { sloInputSchema } from '../lib/slo/slo-schema';
import { freePort } from '../lib/net/free-port';
import { percentile } from './bench-support';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const { values } = parseArgs({ options: { pods: { type: 'string', default: '10' }, refreshes: { type: 'string', default: '20' } } });
const pods = Number(values.pods);
const refreshes = Number(values.refreshes);

const dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-bench-slo-'));
await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as postgres when we are root
const logger = createLogger('bench', 'error');
const settings = parseSettings({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
const database = await ensureDatabase(settings, logger);
const prometheus = await startLocalPrometheus();
try {
  await migrateDatabase(database.url, logger);
  const prisma = createPrismaClient(database.url, 4);
  const now = Math.floor(Date.now() / M) * M - 5 * M;
  const start = Math.floor((now - 31 * D) / H) * H;
  console.log(`writing ${pods * 2} series × ${(now - start) / M + 1} per-minute samples (31 days)...`);
  const series: RemoteWriteSeries[] = [];
  for (let pod = 0; pod < pods; pod++) {
    for (const [code, rate] of [['200', 9.95], ['500', 0.05]] as const) {
      const samples = [];
      for (let t = start, v = 1000; t <= now; t += M, v += rate * 60 * (1 + 0.2 * Math.sin(t / 7 / H))) samples.push({ timestampMs: t, value: v });
      series.push({ labels: [{ name: '__name__', value: 'bench_requests_total' }, { name: 'code', value: code }, { name: 'pod', value: `web-${pod}` }], samples });
    }
  }
  await new RemoteWriteClient(prometheus.url).write(series);

  const cluster = await prisma.cluster.create({ data: { id: randomUUID(), name: 'bench', prometheusUrl: prometheus.url } });
  const spec = sloInputSchema.parse({
    name: 'bench',
    objective: 99,
    window: '30d',
    sli: { type: 'ratio', errors: 'sum(rate(bench_requests_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(bench_requests_total[{{window}}]))' },
  });
  const slo = await prisma.slo.create({ data: { id: randomUUID(), name: 'bench', spec: spec as never } });
  const client = createPrometheusClient(prometheusConnectionSchema.parse({ url: prometheus.url }), { timeoutMs: 60_000 });
  const ref = { id: slo.id, version: 1, spec };

  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { ms: performance.now() - started, result };
  };
  const cold = await timed(() => computeSloStatus(prisma, ref, cluster.id, client, now - refreshes * M));
  const warm: number[] = [];
  let warmQueries = 0;
  for (let i = refreshes - 1; i >= 0; i--) {
    const refresh = await timed(() => computeSloStatus(prisma, ref, cluster.id, client, now - i * M));
    warm.push(refresh.ms);
    warmQueries = refresh.result.queries;
  }
  // The period's share of a refresh: the partial hour's two count expressions.
  const partial: number[] = [];
  const partialQueries = errorAndTotalCountQueries(spec.sli, '37m');
  for (let i = 0; i < 5; i++) {
    partial.push((await timed(() => Promise.all([client.query(partialQueries.errors, new Date(now)), client.query(partialQueries.total, new Date(now))]))).ms);
  }
  const naive: number[] = [];
  for (let i = 0; i < 5; i++) {
    naive.push((await timed(() => client.query(`(${spec.sli.type === 'ratio' ? spec.sli.errors : ''}) / (${spec.sli.type === 'ratio' ? spec.sli.total : ''})`.replaceAll('{{window}}', '30d'), new Date(now)))).ms);
  }
  warm.sort((a, b) => a - b);
  partial.sort((a, b) => a - b);
  naive.sort((a, b) => a - b);
  const figures = {
    series: pods * 2,
    days: 31,
    coldStart: { ms: Math.round(cold.ms), queries: cold.result.queries, bucketsCached: await prisma.sloBucket.count() },
    refresh: { p50Ms: Math.round(percentile(warm, 50)), p99Ms: Math.round(percentile(warm, 99)), queries: warmQueries },
    periodPartOfRefresh: { p50Ms: Math.round(percentile(partial, 50)), note: 'the partial hour: all the 30d period costs per refresh' },
    naive30dRatio: { p50Ms: Math.round(percentile(naive, 50)), note: 'the 30d ratio from raw data, as one query' },
    budgetRemaining: Number(cold.result.budgetRemaining.toFixed(4)),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(`\n| series | cold start (queries) | refresh p50 / p99 (queries) | of which the 30d period | naive 30d ratio query |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  console.log(`| ${figures.series} × 31d at 1m | ${figures.coldStart.ms} ms (${figures.coldStart.queries}) | ${figures.refresh.p50Ms} / ${figures.refresh.p99Ms} ms (${figures.refresh.queries}) | ${figures.periodPartOfRefresh.p50Ms} ms (2) | ${figures.naive30dRatio.p50Ms} ms |`);
  await prisma.$disconnect();
} finally {
  await prometheus.stop();
  await database.release();
  await rm(dataDir, { recursive: true, force: true });
}
