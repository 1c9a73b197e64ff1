// Done-when of SLOs: against a real Prometheus with synthetic data, the SLI, the error budget and
// the burn rates equal values computed independently here from the known counters; complete
// hours are cached, so a refresh a minute later costs only the partial hour and the burn windows.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { prometheusConnectionSchema } from '../../lib/clusters/connection-schema';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createPrometheusClient } from '../../lib/prometheus/client';
import { startLocalPrometheus, type LocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { createCoreContext, type AppContext, type CoreContext } from '../../lib/runtime/app-context';
import { computeSloStatus } from '../../lib/slo/service/slo-status';
import { refreshAllSloStatuses } from '../../lib/slo/service/slo-status-loop';
import { ClusterClients } from '../../lib/collect/cluster-clients';
import { systemClock } from '../../lib/time/clock';
import { sloInputSchema, type Slo } from '../../lib/slo/slo-schema';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requestCounters, type RequestCounters } from '../support/request-counters';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const TOTAL_RATE = 10; // requests per second, always

/** The share of failing requests in hour `h` since the data starts (changes only at whole hours). */
function errorShare(h: number): number {
  if (h >= 60 && h < 66) return 0.05; // an incident on day 3
  if (h >= 170) return 0.02; // a burn in the last hours
  return 0.002;
}

describe('SLO status against a real Prometheus', () => {
  let prometheus: LocalPrometheus;
  let database: TestDatabase;
  let dataDir: string;
  let clusterId: string;
  let core: CoreContext;
  let start: number; // where the data starts: a whole UTC hour
  let now: number; // 37 minutes past an hour
  const slo: Slo = sloInputSchema.parse({
    name: 'checkout-availability',
    scope: { type: 'all' },
    objective: 99.5,
    window: '7d',
    sli: { type: 'ratio', errors: 'sum(rate(kw_requests_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(kw_requests_total[{{window}}]))' },
  });
  const ref = { id: randomUUID(), version: 1, spec: slo };

  let requests: RequestCounters;
  const counters = (t: number) => requests.at(t);

  /**
   * What Prometheus 2.x's increase() over [t - range, t] returns on these per-minute samples: range
   * selectors include the sample at the range start (Prometheus 3 made them left-open), so with
   * samples at both ends nothing is extrapolated and it is the counter's difference.
   */
  function increase(which: 'errors' | 'total', t: number, range: number): number {
    const value = (x: number) => (which === 'errors' ? counters(x).errors : counters(x).errors + counters(x).good);
    return value(t) - value(t - range);
  }

  beforeAll(async () => {
    const hourNow = Math.floor(Date.now() / H) * H;
    now = hourNow - 2 * H + 37 * M;
    start = hourNow - 2 * H - 175 * H; // 7d + 7h of data before `now`'s hour
    requests = requestCounters(start, TOTAL_RATE, errorShare);
    [prometheus, database] = await Promise.all([startLocalPrometheus(), createTestDatabase()]);
    // Samples until five minutes after `now`, so a refresh a minute later still sees data.
    await requests.write(prometheus.url, now + 5 * M);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-slo-'));
    core = await createCoreContext(parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') }), database.prisma, createLogger('test', 'error'));
    clusterId = (await createCluster(core as AppContext, 'system', clusterInputSchema.parse({ name: 'shop', prometheus: { url: prometheus.url } }))).id;
    await database.prisma.slo.create({ data: { id: ref.id, name: slo.name, spec: slo as never } });
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const client = () => createPrometheusClient(prometheusConnectionSchema.parse({ url: prometheus.url }));

  it('SLI and budget over the 7d period equal the counters, hour by hour', async () => {
    const status = await computeSloStatus(database.prisma, ref, clusterId, client(), now);
    // The period: whole hours from the one holding now - 7d, up to now (37 minutes into the current hour).
    const from = Math.floor((now - 7 * D) / H) * H;
    expect(status.from).toBe(new Date(from).toISOString());
    // Every hour's increase() is exact here (the rate is constant within each hour), so the counts are the counters' differences.
    const errors = counters(now).errors - counters(from).errors;
    const total = errors + counters(now).good - counters(from).good;
    expect(status.errors).toBeCloseTo(errors, 3);
    expect(status.total).toBeCloseTo(total, 1);
    const errorRatio = errors / total;
    expect(status.sli).toBeCloseTo(1 - errorRatio, 9);
    const allowed = 1 - 99.5 / 100;
    expect(status.budgetRemaining).toBeCloseTo(1 - errorRatio / allowed, 6);
    expect(status.budgetRemainingMinutes).toBeCloseTo((1 - errorRatio / allowed) * allowed * 7 * 24 * 60, 3);
    // Every complete hour of the period is cached (the last one ended 37 minutes ago: settled).
    expect(await database.prisma.sloBucket.count()).toBe((Math.floor(now / H) * H - from) / H);
    expect(status.queries).toBeGreaterThan(4);
  });

  it('burn rates per alert window are the error ratios over each window divided by the allowed ratio', async () => {
    const status = await computeSloStatus(database.prisma, ref, clusterId, client(), now);
    const allowed = 0.005;
    // The workbook windows scaled to 7d: 14m/1m10s, 1h24m/7m, 5h36m/28m, 16h48m/1h24m.
    expect(status.burnRates.map((r) => [r.severity, r.longWindow, r.shortWindow, r.factor])).toEqual([
      ['page', '14m', '1m10s', 14.4],
      ['page', '1h24m', '7m', 6],
      ['ticket', '5h36m', '28m', 3],
      ['ticket', '16h48m', '1h24m', 1],
    ]);
    const burnOver = (range: number) => increase('errors', now, range) / increase('total', now, range) / allowed;
    for (const row of status.burnRates) {
      const windowMs: Record<string, number> = { '14m': 14 * M, '1m10s': 70 * S, '1h24m': 84 * M, '7m': 7 * M, '5h36m': 336 * M, '28m': 28 * M, '16h48m': 1008 * M };
      const long = windowMs[row.longWindow]!;
      const short = windowMs[row.shortWindow]!;
      expect(row.longBurnRate, row.longWindow).toBeCloseTo(burnOver(long), 6);
      expect(row.shortBurnRate, row.shortWindow).toBeCloseTo(burnOver(short), 6);
      expect(row.breaching).toBe(burnOver(long) > row.factor && burnOver(short) > row.factor);
    }
    // 2% errors for the last 9h37m against 0.5% allowed: burn rate 4 — a ticket (×3 on 5h36m/28m), no page (×6, ×14.4).
    expect(status.burnRates.map((r) => r.breaching)).toEqual([false, false, true, true]);
    expect(status.currentBurnRate).toBeCloseTo(4, 6);
    expect(status.timeToExhaustionMs).toBeCloseTo((status.budgetRemaining * 7 * D) / 4, -3);
  });

  it('a refresh a minute later reuses every cached hour', async () => {
    const later = await computeSloStatus(database.prisma, ref, clusterId, client(), now + M);
    // Partial hour (2 expressions) + 7 distinct burn windows + the 1h window for the current burn rate.
    expect(later.queries).toBe(2 + 8);
  });

  it('no failing series at all is a burn rate of 0, not "no traffic"', async () => {
    const quiet = { id: randomUUID(), version: 1, spec: { ...slo, name: 'quiet', sli: { ...slo.sli, errors: 'sum(rate(kw_requests_total{code="503"}[{{window}}]))' } as Slo['sli'] } };
    await database.prisma.slo.create({ data: { id: quiet.id, name: 'quiet', spec: quiet.spec as never } });
    const status = await computeSloStatus(database.prisma, quiet, clusterId, client(), now);
    expect(status.burnRates.map((r) => [r.longBurnRate, r.shortBurnRate])).toEqual(Array(4).fill([0, 0]));
    expect(status.currentBurnRate).toBe(0);
    expect(status.budgetRemaining).toBe(1);
    await database.prisma.slo.delete({ where: { id: quiet.id } });
  });
  it('the worker loop stores the numbers, and keeps them with the error when Prometheus is down', async () => {
    const clients = new ClusterClients({ timeoutMs: 5_000, clock: systemClock });
    expect(await refreshAllSloStatuses(core, clients, new Date(now + 2 * M))).toBe(0);
    const stored = await database.prisma.sloStatus.findUniqueOrThrow({ where: { sloId_clusterId: { sloId: ref.id, clusterId } } });
    expect(stored.error).toBeNull();
    expect((stored.status as { budgetRemaining: number }).budgetRemaining).toBeLessThan(1);
    await prometheus.stop();
    expect(await refreshAllSloStatuses(core, clients, new Date(now + 3 * M))).toBe(1);
    const failed = await database.prisma.sloStatus.findUniqueOrThrow({ where: { sloId_clusterId: { sloId: ref.id, clusterId } } });
    expect(failed.error).toMatch(/.+/);
    expect(failed.status).toEqual(stored.status);
    expect(failed.computedAt.getTime()).toBe(now + 3 * M);
  });

});
