// The worker's rule loop with time as a parameter: aligned slots evaluated at the slot's time, a
// slow cluster (a real Prometheus behind a proxy that holds its answers) skipping slots and
// counting them as missed, while the other cluster is evaluated at every slot.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../lib/clusters/cluster-actions';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { appMetrics } from '../../lib/metrics/registry';
import { startLocalPrometheus, type LocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { createCoreContext, type AppContext, type CoreContext } from '../../lib/runtime/app-context';
import { createRuleGroup, replaceRuleGroup } from '../../lib/rules/rule-group-actions';
import { pruneAlertHistory } from '../../lib/rules/alert-store';
import { createRuleScheduler } from '../../lib/rules/rule-scheduler';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { groupOffsetMs, latestSlot } from '../../lib/rules/slots';
import { createTestDatabase, type TestDatabase } from '../support/database';

const INTERVAL = 10_000;

/** A proxy to a real Prometheus that can hold every request until released. */
async function gatedProxy(target: string) {
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const server = http.createServer(async (req, res) => {
    await gate;
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '' }, ...(body.length ? { body: new Uint8Array(body) } : {}) });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => (gate = new Promise((resolve) => (open = resolve))),
    release: () => open(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('rule scheduler', () => {
  let prometheus: LocalPrometheus;
  let proxy: Awaited<ReturnType<typeof gatedProxy>>;
  let database: TestDatabase;
  let dataDir: string;
  let core: CoreContext;
  let groupId: string;

  beforeAll(async () => {
    prometheus = await startLocalPrometheus();
    proxy = await gatedProxy(prometheus.url);
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-scheduler-'));
    core = await createCoreContext(parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') }), database.prisma, createLogger('test', 'error'));
    await createCluster(core as AppContext, 'system', clusterInputSchema.parse({ name: 'fast', prometheus: { url: prometheus.url } }));
    await createCluster(core as AppContext, 'system', clusterInputSchema.parse({ name: 'slow', prometheus: { url: proxy.url } }));
    const group = await createRuleGroup(core, 'system', ruleGroupInputSchema.parse({ name: 'sched', interval: '10s', rules: [{ alert: 'Always', expr: 'vector(1)', for: '25s' }] }));
    groupId = group.id;
  }, 60_000);

  afterAll(async () => {
    proxy?.release();
    await proxy?.close();
    await prometheus?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const missed = async () => (await appMetrics().ruleGroupMissedSlots.get()).values.find((v) => v.labels.group === 'sched')?.value ?? 0;
  const transitions = async (cluster: string) =>
    (await database.prisma.alertTransition.findMany({ where: { clusterId: (await database.prisma.cluster.findUniqueOrThrow({ where: { name: cluster } })).id }, orderBy: { id: 'asc' } })).map(
      (t) => `${t.kind}@${t.at.getTime()}`,
    );

  it('evaluates each cluster at slot times; a held-up cluster skips slots (counted) without delaying the other', async () => {
    const scheduler = createRuleScheduler(core);
    const offset = groupOffsetMs(groupId, INTERVAL);
    const slot0 = latestSlot(Date.now(), INTERVAL, offset);
    const at = (k: number, jitterMs = 300) => new Date(slot0 + k * INTERVAL + jitterMs);
    const settle = async () => {
      for (let i = 0; i < 50 && (await transitions('fast')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    };

    proxy.hold();
    await scheduler.run(at(0), new AbortController().signal); // both start slot 0; slow hangs
    await settle();
    for (const k of [1, 2]) {
      await scheduler.run(at(k), new AbortController().signal);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await missed()).toBe(0); // counted when the slow pair resumes
    proxy.release();
    await new Promise((r) => setTimeout(r, 500));
    await scheduler.run(at(3), new AbortController().signal);
    await scheduler.drain();

    // Evaluated at the slot times, not at the (late) tick times: pending at slot 0, firing at slot 3 (30s >= for 25s).
    expect(await transitions('fast')).toEqual([`pending@${slot0}`, `firing@${slot0 + 3 * INTERVAL}`]);
    expect(await transitions('slow')).toEqual([`pending@${slot0}`, `firing@${slot0 + 3 * INTERVAL}`]);
    // The slow pair missed slots 1 and 2.
    expect(await missed()).toBe(2);

    // An edit that keeps the rule's identity (same alert name) keeps its firing instances:
    // no new transition, no second notification; a rule added by the edit starts fresh.
    await replaceRuleGroup(
      core,
      'system',
      groupId,
      ruleGroupInputSchema.parse({ name: 'sched', interval: '10s', rules: [{ alert: 'Always', expr: 'vector(1)', for: '25s', annotations: { summary: 'edited' } }, { alert: 'Added', expr: 'vector(2)' }] }),
    );
    await scheduler.run(at(4), new AbortController().signal);
    await scheduler.drain();
    expect(await transitions('fast')).toEqual([`pending@${slot0}`, `firing@${slot0 + 3 * INTERVAL}`, `firing@${slot0 + 4 * INTERVAL}`]);
    const events = await database.prisma.alertEvent.findMany({ where: { status: 'firing' } });
    expect(events.map((e) => (e.labels as Record<string, string>).alertname).sort()).toEqual(['Added', 'Added', 'Always', 'Always']);
  }, 60_000);

  it('history retention drops old transitions and delivered events, never undelivered ones', async () => {
    const events = await database.prisma.alertEvent.findMany({ orderBy: { id: 'asc' } });
    await database.prisma.alertEvent.update({ where: { id: events[0]!.id }, data: { processedAt: new Date(Date.now() - 1000) } });
    await pruneAlertHistory(database.prisma, new Date(Date.now() + 3600_000));
    expect(await database.prisma.alertTransition.count()).toBe(0);
    expect((await database.prisma.alertEvent.findMany()).map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));
  });
});
