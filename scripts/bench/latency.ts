// Section "latency": from a condition flipping 0 -> 1 at a known time T to the first firing
// notification at a webhook receiver, for the same rule (`kw_condition > 0`, `for: 1m`) evaluated
// by a real Prometheus 2.42 -> Alertmanager 0.25 and by our worker -> dispatcher -> webhook channel.
//
// One scrape target (ours, in this process) serves kw_condition{trial="i"} for every trial: 0 until
// the trial's flip time, 1 from then on; T is the moment it starts serving 1. One real Prometheus
// scrapes it every 15 s and evaluates two rule groups, "equivalent" (interval 15s) and "defaults"
// (the global evaluation_interval, left at Prometheus's default 1m), sending to one Alertmanager
// (group_wait left at its default 30s, which is also the "equivalent" profile's 30s). Our worker
// evaluates two rule groups over a cluster registered with that same Prometheus: interval 15s and
// interval 1m (our default), with no notification policy (our defaults: group_wait 30s).
// Each trial has its own alert name on both sides (KwLatencyEq<i> / KwLatencyDef<i>), so each is
// a new aggregation group everywhere and the trials can overlap in time without interfering.
// Each trial also has its own rule group on both sides: a group's evaluation phase is fixed
// (Prometheus hashes the group's name and file, we hash the group's id), and with one group per
// profile the wait from scrape to evaluation would be the same constant in every trial, a matter
// of luck between the two systems. One group per trial gives every trial an independent phase on
// both sides. Flips are staggered by 37 s, so they also land at different scrape phases.
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { createClusters } from '../../lib/clusters/cluster-actions';
import { freePort } from '../../lib/net/free-port';
import { createChannel } from '../../lib/notify/channel-actions';
import { createRuleGroup } from '../../lib/rules/rule-group-actions';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import {
  Cleanup,
  fetchText,
  fixed,
  markdownTable,
  median,
  progress,
  round,
  sleep,
  startAlertmanager,
  startBuilt,
  startDatabase,
  startExporter,
  startPrometheus,
  startWebhookReceiver,
  sumMetric,
  waitForScrapes,
  type ReceivedHook,
} from './common';

export interface LatencyOptions {
  trials: number;
  staggerSeconds: number;
  logDir: string;
}

const PROFILES = [
  { id: 'equivalent', prefix: 'KwLatencyEq', ours: { interval: '15s' }, theirs: { interval: '15s' } },
  { id: 'defaults', prefix: 'KwLatencyDef', ours: { interval: '1m' }, theirs: { interval: '1m (default evaluation_interval)' } },
] as const;

const SCRAPE_INTERVAL_S = 15;

interface Receipt {
  receivedAt: number;
  startsAt: number;
}

/** First firing notification per alert name, with its startsAt. */
function firstFiring(received: readonly ReceivedHook[]): Map<string, Receipt> {
  const first = new Map<string, Receipt>();
  for (const hook of received) {
    const body = hook.body as { alerts?: Array<{ status?: string; labels?: Record<string, string>; startsAt?: string }> } | undefined;
    for (const alert of body?.alerts ?? []) {
      const name = alert.labels?.alertname;
      if (alert.status !== 'firing' || !name || first.has(name)) continue;
      first.set(name, { receivedAt: hook.at, startsAt: Date.parse(alert.startsAt ?? '') });
    }
  }
  return first;
}

export async function runLatency(options: LatencyOptions) {
  const cleanup = new Cleanup();
  const trials = Math.max(1, Math.min(10, options.trials));
  try {
    const flipAt: number[] = Array.from({ length: trials }, () => Infinity);
    const exporter = await startExporter(cleanup, () =>
      [
        '# TYPE kw_condition gauge',
        ...flipAt.map((t, i) => `kw_condition{trial="${i}"} ${Date.now() >= t ? 1 : 0}`),
        '',
      ].join('\n'),
    );
    const [amReceiver, ourReceiver] = [await startWebhookReceiver(cleanup), await startWebhookReceiver(cleanup)];

    const alertmanager = await startAlertmanager(
      cleanup,
      [
        'route:',
        '  receiver: hook',
        '  group_by: [alertname, cluster]',
        'receivers:',
        '  - name: hook',
        '    webhook_configs:',
        `      - url: ${amReceiver.url}/alertmanager`,
        '        send_resolved: false',
        '',
      ].join('\n'),
    );
    // One group per trial, so each trial gets its own evaluation phase (see the header).
    const rules = (profile: (typeof PROFILES)[number], interval?: string) =>
      Array.from({ length: trials }, (_, i) => [
        `  - name: ${profile.id}-${i}`,
        ...(interval ? [`    interval: ${interval}`] : []),
        '    rules:',
        `      - alert: ${profile.prefix}${i}`,
        `        expr: kw_condition{trial="${i}"} > 0`,
        '        for: 1m',
      ])
        .flat()
        .join('\n');
    const prometheus = await startPrometheus(
      cleanup,
      'prometheus-latency',
      [
        'global:',
        `  scrape_interval: ${SCRAPE_INTERVAL_S}s`,
        '  evaluation_interval: 1m',
        'rule_files: [rules.yml]',
        'alerting:',
        '  alertmanagers:',
        '    - static_configs:',
        `        - targets: ['${new URL(alertmanager.url).host}']`,
        'scrape_configs:',
        '  - job_name: kw',
        '    static_configs:',
        `      - targets: ['${exporter.target}']`,
        '',
      ].join('\n'),
      { 'rules.yml': ['groups:', rules(PROFILES[0], '15s'), rules(PROFILES[1]), ''].join('\n') },
    );

    progress('latency: database, cluster, rule groups and webhook channel');
    const db = await startDatabase(cleanup, 'latency');
    const [cluster] = await createClusters(db.core, 'system', [clusterInputSchema.parse({ name: 'latency', prometheus: { url: prometheus.url } })]);
    for (const profile of PROFILES) {
      for (let i = 0; i < trials; i++) {
        await createRuleGroup(
          db.core,
          'system',
          ruleGroupInputSchema.parse({
            name: `latency-${profile.id}-${i}`,
            interval: profile.ours.interval,
            scope: { type: 'cluster', clusterId: cluster!.id },
            rules: [{ alert: `${profile.prefix}${i}`, expr: `kw_condition{trial="${i}"} > 0`, for: '1m' }],
          }),
        );
      }
    }
    await createChannel(db.core, 'system', { name: 'latency-hook', type: 'webhook', config: { url: `${ourReceiver.url}/kubewatch` } });

    const metricsPort = await freePort();
    startBuilt(
      cleanup,
      'worker',
      {
        DATABASE_URL: db.url,
        DATA_DIR: db.dataDir,
        ENCRYPTION_KEY: db.encryptionKey,
        WORKER_METRICS_PORT: String(metricsPort),
        KUBEWATCH_MIGRATIONS_APPLIED: '1',
      },
      `${options.logDir}/latency-worker.log`,
    );

    progress('latency: waiting for scrapes and the first evaluations on both sides');
    await waitForScrapes(prometheus.url, 'kw', 2);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [ours, theirs] = await Promise.all([
        fetchText(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => ''),
        fetchText(`${prometheus.url}/metrics`).catch(() => ''),
      ]);
      if (sumMetric(ours, 'kubewatch_rule_group_evaluations_total', 'group="latency-equivalent-') >= trials && sumMetric(theirs, 'prometheus_rule_group_iterations_total', 'equivalent-') >= trials) break;
      if (Date.now() > deadline) throw new Error('rule groups were not evaluated within 120 s');
      await sleep(1000);
    }

    const start = Date.now() + 5_000;
    for (let i = 0; i < trials; i++) flipAt[i] = start + i * options.staggerSeconds * 1000;
    const lastFlip = flipAt[trials - 1]!;
    // Worst case for the slowest path (defaults): 15 s scrape + 60 s evaluation + 60 s `for` +
    // 30 s group_wait + Alertmanager's and Prometheus's own delays; wait at most 240 s after the last flip.
    const waitUntil = lastFlip + 240_000;
    progress(`latency: ${trials} trials, flips every ${options.staggerSeconds} s; done by ${new Date(waitUntil).toISOString().slice(11, 19)} at the latest`);
    const expected = PROFILES.flatMap((p) => Array.from({ length: trials }, (_, i) => `${p.prefix}${i}`));
    while (Date.now() < waitUntil) {
      const [theirs, ours] = [firstFiring(amReceiver.received), firstFiring(ourReceiver.received)];
      if (expected.every((name) => theirs.has(name) && ours.has(name))) break;
      await sleep(500);
    }
    const [theirs, ours] = [firstFiring(amReceiver.received), firstFiring(ourReceiver.received)];

    const seconds = (ms: number) => ms / 1000;
    const perProfile = PROFILES.map((profile) => {
      const trialsOut = flipAt.map((t, i) => {
        const name = `${profile.prefix}${i}`;
        const describe = (r: Receipt | undefined) =>
          r ? { latencyS: round(seconds(r.receivedAt - t), 2), firedAfterS: round(seconds(r.startsAt - t), 2), deliveredAfterFiringS: round(seconds(r.receivedAt - r.startsAt), 2) } : null;
        return { trial: i, flipAt: new Date(t).toISOString(), prometheusAlertmanager: describe(theirs.get(name)), kubewatch: describe(ours.get(name)) };
      });
      const summary = (key: 'prometheusAlertmanager' | 'kubewatch') => {
        const values = trialsOut.map((t) => t[key]).filter((v): v is NonNullable<typeof v> => v !== null);
        const lat = values.map((v) => v.latencyS!);
        return {
          received: values.length,
          minS: round(Math.min(...lat), 1),
          medianS: round(median(lat), 1),
          maxS: round(Math.max(...lat), 1),
          medianFiredAfterS: round(median(values.map((v) => v.firedAfterS!)), 1),
          medianDeliveredAfterFiringS: round(median(values.map((v) => v.deliveredAfterFiringS!)), 2),
        };
      };
      const theirSummary = summary('prometheusAlertmanager');
      const ourSummary = summary('kubewatch');
      return {
        profile: profile.id,
        settings: {
          scrapeInterval: `${SCRAPE_INTERVAL_S}s (the same Prometheus for both)`,
          for: '1m',
          prometheusAlertmanager: { evaluationInterval: profile.theirs.interval, groupWait: '30s (default; counted from the alert\'s startsAt = firing time)', groupInterval: '5m (default)' },
          kubewatch: { groupInterval: profile.ours.interval, groupWait: '30s (default policy; counted from when the alert became pending)' },
        },
        trials: trialsOut,
        prometheusAlertmanager: theirSummary,
        kubewatch: ourSummary,
        ratioOursToTheirsMedian: round((ourSummary.medianS ?? NaN) / (theirSummary.medianS ?? NaN), 2),
      };
    });

    const table = markdownTable(
      ['profile', 'system', 'trials received', 'min', 'median', 'max', 'T to firing (median)', 'firing to webhook (median)', 'ours / theirs (median)'],
      perProfile.flatMap((p) => [
        [p.profile, 'Prometheus 2.42 + Alertmanager 0.25', `${p.prometheusAlertmanager.received}/${trials}`, `${fixed(p.prometheusAlertmanager.minS ?? NaN)} s`, `${fixed(p.prometheusAlertmanager.medianS ?? NaN)} s`, `${fixed(p.prometheusAlertmanager.maxS ?? NaN)} s`, `${fixed(p.prometheusAlertmanager.medianFiredAfterS ?? NaN)} s`, `${fixed(p.prometheusAlertmanager.medianDeliveredAfterFiringS ?? NaN, 2)} s`, ''],
        [p.profile, 'Kubewatch worker', `${p.kubewatch.received}/${trials}`, `${fixed(p.kubewatch.minS ?? NaN)} s`, `${fixed(p.kubewatch.medianS ?? NaN)} s`, `${fixed(p.kubewatch.maxS ?? NaN)} s`, `${fixed(p.kubewatch.medianFiredAfterS ?? NaN)} s`, `${fixed(p.kubewatch.medianDeliveredAfterFiringS ?? NaN, 2)} s`, fixed(p.ratioOursToTheirsMedian ?? NaN, 2)],
      ]),
    );
    const trialTable = markdownTable(
      ['profile', 'trial', 'Prometheus + Alertmanager', 'Kubewatch'],
      perProfile.flatMap((p) =>
        p.trials.map((t) => [p.profile, t.trial, t.prometheusAlertmanager ? `${fixed(t.prometheusAlertmanager.latencyS ?? NaN)} s` : 'none', t.kubewatch ? `${fixed(t.kubewatch.latencyS ?? NaN)} s` : 'none']),
      ),
    );
    return { trials, staggerSeconds: options.staggerSeconds, profiles: perProfile, markdown: `${table}\n\nPer trial (T to first firing notification):\n\n${trialTable}` };
  } finally {
    await cleanup.run();
  }
}
