// Section "soak": evaluation + delivery + API load together for `minutes` (default 10), on the
// built web and worker processes and a fresh embedded PostgreSQL:
//   - one real Prometheus scrapes a target of ours every 5 s: kw_soak{cluster, instance} for
//     5 clusters x 10 instances, each 1 for 60 s then 0 for 60 s (phases 12 s apart), so alerts
//     fire and resolve all the time; kw_soak_load gauges for rules that never fire;
//   - 5 clusters (selector mode on that Prometheus); a 10s group (an alert without `for`, one
//     with `for: 20s`, 8 quiet rules) and a 30s group of 20 quiet rules, all clusters;
//   - a signed webhook channel to a local receiver; a policy grouping by alertname, cluster and
//     instance with group_wait 10s, group_interval 30s, so every firing and every resolution
//     is a notification (about 100 a minute);
//   - a low-rate API load: 10 requests/s over 2 connections cycling through GET /api/v1/clusters,
//     /api/v1/overview and /api/v1/alerts (autocannon, bounded by the soak's duration).
// Web and worker RSS (and V8 heap in use, from their /metrics) are sampled every 10 s; the memory
// slope is the least-squares slope over the second half of the samples (the first half includes
// warm-up: JIT, caches, pools filling).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { createClusters } from '../../lib/clusters/cluster-actions';
import { freePort } from '../../lib/net/free-port';
import { createChannel } from '../../lib/notify/channel-actions';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { percentile, procStat } from '../bench-support';
import {
  Cleanup,
  fetchText,
  fixed,
  markdownTable,
  mean,
  progress,
  round,
  sleep,
  slope,
  startBuilt,
  startDatabase,
  startExporter,
  startPrometheus,
  startWebhookReceiver,
  sumMetric,
  waitForHttp,
  waitForScrapes,
} from './common';

export interface SoakOptions {
  minutes: number;
  logDir: string;
}

const CLUSTERS = 5;
const INSTANCES = 10;
const PERIOD_S = 120;
const SAMPLE_EVERY_MS = 10_000;
const API_RATE = 10;

export async function runSoak(options: SoakOptions) {
  const cleanup = new Cleanup();
  const durationMs = options.minutes * 60_000;
  try {
    const exporter = await startExporter(cleanup, () => {
      const t = Date.now() / 1000;
      const lines = ['# TYPE kw_soak gauge'];
      for (let c = 0; c < CLUSTERS; c++) {
        for (let i = 0; i < INSTANCES; i++) {
          const on = (t + i * (PERIOD_S / INSTANCES)) % PERIOD_S < PERIOD_S / 2;
          lines.push(`kw_soak{cluster="soak-${c}",instance="node-${i}"} ${on ? 1 : 0}`);
          lines.push(`kw_soak_load{cluster="soak-${c}",instance="node-${i}"} ${(100 + 50 * Math.sin(t / 60 + i)).toFixed(2)}`);
        }
      }
      return `${lines.join('\n')}\n`;
    });
    const prometheus = await startPrometheus(
      cleanup,
      'prometheus-soak',
      ['global:', '  scrape_interval: 5s', 'scrape_configs:', '  - job_name: soak', '    honor_labels: true', '    static_configs:', `      - targets: ['${exporter.target}']`, ''].join('\n'),
    );
    const receiver = await startWebhookReceiver(cleanup, { keepBodies: false });
    await waitForScrapes(prometheus.url, 'soak', 2);

    progress('soak: database, clusters, rule groups, channel, policy');
    const db = await startDatabase(cleanup, 'soak');
    await createClusters(
      db.core,
      'system',
      Array.from({ length: CLUSTERS }, (_, c) => clusterInputSchema.parse({ name: `soak-${c}`, labels: { env: 'soak' }, prometheus: { url: prometheus.url, selector: `{cluster="soak-${c}"}` } })),
    );
    const annotations = { summary: '{{ $labels.instance }} on {{ $labels.cluster }}: {{ $value | humanize }}', description: 'kw_soak is {{ $value }} ({{ $labels.instance }})' };
    await createRuleGroup(
      db.core,
      'system',
      ruleGroupInputSchema.parse({
        name: 'soak-alerts',
        interval: '10s',
        rules: [
          { alert: 'SoakFiring', expr: 'kw_soak > 0', severity: 'warning', annotations },
          { alert: 'SoakDebounced', expr: 'kw_soak > 0', for: '20s', severity: 'critical', annotations },
          ...Array.from({ length: 8 }, (_, n) => ({ alert: `SoakQuietFast${n}`, expr: `kw_soak_load > ${1000 + n}`, for: '1m', annotations })),
        ],
      }),
    );
    await createRuleGroup(
      db.core,
      'system',
      ruleGroupInputSchema.parse({
        name: 'soak-quiet',
        interval: '30s',
        rules: Array.from({ length: 20 }, (_, n) => ({ alert: `SoakQuiet${n}`, expr: `avg by (instance) (kw_soak_load) > ${2000 + n}`, for: '5m', annotations })),
      }),
    );
    await createChannel(db.core, 'system', { name: 'soak-hook', type: 'webhook', config: { url: `${receiver.url}/soak`, signingSecret: randomBytes(24).toString('base64url') } });
    const policy = { receiver: 'soak-hook', groupBy: ['alertname', 'cluster', 'instance'], groupWait: '10s', groupInterval: '30s', repeatInterval: '4h' };
    await db.prisma.notificationConfig.upsert({
      where: { id: 'default' },
      create: { id: 'default', policy, timeIntervals: [], inhibitRules: [] },
      update: { policy },
    });

    const port = await freePort();
    const metricsPort = await freePort();
    const token = `kw_${randomBytes(32).toString('base64url')}`;
    const common = { DATABASE_URL: db.url, DATA_DIR: db.dataDir, ENCRYPTION_KEY: db.encryptionKey, KUBEWATCH_MIGRATIONS_APPLIED: '1' };
    const web = startBuilt(cleanup, 'web', { ...common, PORT: String(port), ADMIN_API_TOKEN: token, WORKER_METRICS_PORT: '0' }, path.join(options.logDir, 'soak-web.log'));
    const worker = startBuilt(cleanup, 'worker', { ...common, WORKER_METRICS_PORT: String(metricsPort) }, path.join(options.logDir, 'soak-worker.log'));
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    await waitForHttp(`${base}/api/readyz`);
    await waitForHttp(`${base}/api/v1/clusters`, 30_000, auth);
    await waitForHttp(`http://127.0.0.1:${metricsPort}/healthz`);

    progress(`soak: ${options.minutes} min of evaluation + delivery + ${API_RATE} API requests/s; RSS every ${SAMPLE_EVERY_MS / 1000} s`);
    const started = Date.now();
    const samples: Array<{ atS: number; webRssMiB: number; workerRssMiB: number; webHeapMiB: number; workerHeapMiB: number; webCpuS: number; workerCpuS: number; notifications: number }> = [];
    /** V8 heap in use (prom-client's nodejs_heap_size_used_bytes): a leak shows here, without RSS's allocator noise. */
    const heapMiB = async (url: string) => sumMetric(await fetchText(url).catch(() => ''), 'nodejs_heap_size_used_bytes') / 2 ** 20;
    const sample = async () => {
      const [w, k, webHeap, workerHeap] = await Promise.all([procStat(web.pid), procStat(worker.pid), heapMiB(`${base}/metrics`), heapMiB(`http://127.0.0.1:${metricsPort}/metrics`)]);
      samples.push({
        atS: round((Date.now() - started) / 1000, 1)!,
        webRssMiB: round(w.rssMiB, 1)!,
        workerRssMiB: round(k.rssMiB, 1)!,
        webHeapMiB: round(webHeap, 1)!,
        workerHeapMiB: round(workerHeap, 1)!,
        webCpuS: w.cpuSeconds,
        workerCpuS: k.cpuSeconds,
        notifications: receiver.received.length,
      });
    };
    await sample();
    const sampler = setInterval(() => void sample().catch(() => {}), SAMPLE_EVERY_MS);
    const load = autocannon({
      url: base,
      connections: 2,
      overallRate: API_RATE,
      duration: Math.round(durationMs / 1000),
      timeout: 10,
      headers: auth,
      requests: [{ path: '/api/v1/clusters' }, { path: '/api/v1/overview' }, { path: '/api/v1/alerts' }],
    });
    const hardStop = setTimeout(() => load.stop(), durationMs + 30_000);
    const api = await load;
    clearTimeout(hardStop);
    const remaining = started + durationMs - Date.now();
    if (remaining > 0) await sleep(remaining);
    clearInterval(sampler);
    await sample();

    const workerMetrics = await fetchText(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => '');
    // A graceful stop lets deliveries in flight finish, so the receiver and the delivery log agree.
    await worker.stop();
    const deliveries = await db.prisma.notificationDelivery.groupBy({ by: ['status'], _count: { _all: true } });
    const failedAttempts = await db.prisma.deliveryAttempt.count({ where: { ok: false } });
    const okAttempts = await db.prisma.deliveryAttempt.count({ where: { ok: true } });
    const transitions = await db.prisma.alertTransition.count();
    const received = receiver.received;
    const firing = received.filter((r) => (r.body as { status?: string }).status === 'firing').length;

    // Server-side request times per path, from the web's request log lines ({"msg":"request","path","ms"}).
    const byPath = new Map<string, number[]>();
    for (const line of readFileSync(web.logFile, 'utf8').split('\n')) {
      if (!line.includes('"msg":"request"')) continue;
      try {
        const event = JSON.parse(line) as { path?: string; ms?: number };
        if (!event.path || typeof event.ms !== 'number') continue;
        const times = byPath.get(event.path) ?? [];
        times.push(event.ms); // not a copy per line: a 30-minute soak logs ~18,000 requests
        byPath.set(event.path, times);
      } catch {
        /* not JSON */
      }
    }
    const serverTimes = Object.fromEntries(
      [...byPath].filter(([p]) => p.startsWith('/api/v1/')).map(([p, ms]) => {
        const sorted = ms.sort((a, b) => a - b);
        return [p, { requests: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1)! }];
      }),
    );
    const secondHalf = samples.filter((s) => s.atS >= durationMs / 2000);
    const slopeOf = (key: 'webRssMiB' | 'workerRssMiB' | 'webHeapMiB' | 'workerHeapMiB') => slope(secondHalf.map((s) => ({ x: s.atS / 60, y: s[key] })));
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const elapsedS = last.atS - first.atS;
    const figures = {
      minutes: options.minutes,
      samples,
      memory: {
        web: {
          startMiB: first.webRssMiB,
          endMiB: last.webRssMiB,
          maxMiB: Math.max(...samples.map((s) => s.webRssMiB)),
          slopeSecondHalfMiBPerMin: round(slopeOf('webRssMiB'), 2),
          heapSecondHalfMeanMiB: round(mean(secondHalf.map((s) => s.webHeapMiB)), 1),
          heapSlopeSecondHalfMiBPerMin: round(slopeOf('webHeapMiB'), 2),
        },
        worker: {
          startMiB: first.workerRssMiB,
          endMiB: last.workerRssMiB,
          maxMiB: Math.max(...samples.map((s) => s.workerRssMiB)),
          slopeSecondHalfMiBPerMin: round(slopeOf('workerRssMiB'), 2),
          heapSecondHalfMeanMiB: round(mean(secondHalf.map((s) => s.workerHeapMiB)), 1),
          heapSlopeSecondHalfMiBPerMin: round(slopeOf('workerHeapMiB'), 2),
        },
      },
      cpu: { webCores: round((last.webCpuS - first.webCpuS) / elapsedS, 3), workerCores: round((last.workerCpuS - first.workerCpuS) / elapsedS, 3) },
      api: {
        requests: api.requests.total,
        requestsPerSecond: round(api.requests.total / api.duration, 1),
        latencyMs: { p50: api.latency.p50, p99: api.latency.p99, max: api.latency.max },
        errors: api.errors,
        timeouts: api.timeouts,
        non2xx: api.non2xx,
        /** As the web process logged them (autocannon's own figures, at a fixed rate, are measured from when each request was due). */
        serverTimesByPath: serverTimes,
      },
      notifications: {
        received: received.length,
        firing,
        resolved: received.length - firing,
        malformedBodies: receiver.malformed,
        deliveries: Object.fromEntries(deliveries.map((d) => [d.status, d._count._all])),
        attemptsOk: okAttempts,
        attemptsFailed: failedAttempts,
        alertTransitions: transitions,
      },
      worker: {
        ruleEvaluationsOk: sumMetric(workerMetrics, 'kubewatch_rule_group_evaluations_total', 'outcome="ok"'),
        ruleEvaluationsError: sumMetric(workerMetrics, 'kubewatch_rule_group_evaluations_total', 'outcome="error"'),
        missedSlots: sumMetric(workerMetrics, 'kubewatch_rule_group_missed_slots_total'),
      },
      logLines: { webError: web.countLogLines('error'), webWarn: web.countLogLines('warn'), workerError: worker.countLogLines('error'), workerWarn: worker.countLogLines('warn') },
    };
    const table = markdownTable(
      ['figure', 'web', 'worker'],
      [
        ['RSS start -> end (max)', `${fixed(figures.memory.web.startMiB, 0)} -> ${fixed(figures.memory.web.endMiB, 0)} MiB (${fixed(figures.memory.web.maxMiB, 0)})`, `${fixed(figures.memory.worker.startMiB, 0)} -> ${fixed(figures.memory.worker.endMiB, 0)} MiB (${fixed(figures.memory.worker.maxMiB, 0)})`],
        ['RSS slope, second half (least squares)', `${fixed(figures.memory.web.slopeSecondHalfMiBPerMin ?? NaN, 2)} MiB/min`, `${fixed(figures.memory.worker.slopeSecondHalfMiBPerMin ?? NaN, 2)} MiB/min`],
        ['V8 heap used, second half: mean, slope', `${fixed(figures.memory.web.heapSecondHalfMeanMiB ?? NaN, 0)} MiB, ${fixed(figures.memory.web.heapSlopeSecondHalfMiBPerMin ?? NaN, 2)} MiB/min`, `${fixed(figures.memory.worker.heapSecondHalfMeanMiB ?? NaN, 0)} MiB, ${fixed(figures.memory.worker.heapSlopeSecondHalfMiBPerMin ?? NaN, 2)} MiB/min`],
        ['CPU (mean cores)', fixed(figures.cpu.webCores ?? NaN, 3), fixed(figures.cpu.workerCores ?? NaN, 3)],
        ['log lines error / warn', `${figures.logLines.webError} / ${figures.logLines.webWarn}`, `${figures.logLines.workerError} / ${figures.logLines.workerWarn}`],
      ],
    );
    const table2 = markdownTable(
      ['figure', 'value'],
      [
        ['API requests (rate-limited to 10/s), autocannon', `${figures.api.requests} (${figures.api.requestsPerSecond}/s), p50 ${figures.api.latencyMs.p50} ms, p99 ${figures.api.latencyMs.p99} ms`],
        ['API server-side p50 / p99 by path (web log)', Object.entries(serverTimes).map(([p, t]) => `${p} ${t.p50Ms} / ${t.p99Ms} ms`).join('; ')],
        ['API errors / timeouts / non-2xx', `${figures.api.errors} / ${figures.api.timeouts} / ${figures.api.non2xx}`],
        ['notifications received (firing / resolved)', `${figures.notifications.received} (${figures.notifications.firing} / ${figures.notifications.resolved})`],
        ['deliveries by status', JSON.stringify(figures.notifications.deliveries)],
        ['delivery attempts ok / failed', `${figures.notifications.attemptsOk} / ${figures.notifications.attemptsFailed}`],
        ['alert transitions', figures.notifications.alertTransitions],
        ['rule group evaluations ok / error, missed slots', `${figures.worker.ruleEvaluationsOk} / ${figures.worker.ruleEvaluationsError}, ${figures.worker.missedSlots}`],
      ],
    );
    return { ...figures, markdown: `${options.minutes} min; RSS sampled every ${SAMPLE_EVERY_MS / 1000} s (${samples.length} samples).\n\n${table}\n\n${table2}` };
  } finally {
    await cleanup.run();
  }
}
