// Policy, silences and acknowledgement over real HTTP, then the dispatcher (in process, time as a
// parameter) on the same database delivering to a real HTTP receiver: a silenced alert is not
// sent, an acknowledged one does not repeat, and its resolution is still sent.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { decideNotifications } from '../../lib/notify/dispatch/decide';
import { deliverDue } from '../../lib/notify/dispatch/deliver';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import type { AlertInstance, Transition } from '../../lib/rules/engine/types';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startWebApp, type WebApp } from '../support/web-app';

const M = 60_000;
let app: WebApp;
let receiver: HttpReceiver;
let core: CoreContext;
let dataDir: string;

beforeAll(async () => {
  [app, receiver] = await Promise.all([startWebApp(), startHttpReceiver()]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-notify-'));
  // The dispatcher as the worker runs it, on the web app's database (the channel has no secrets).
  core = await createCoreContext(parseSettings({ DATABASE_URL: app.database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') }), app.database.prisma, createLogger('test', 'error'));
}, 120_000);
afterAll(async () => {
  await Promise.all([app?.stop(), receiver?.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('notification policy, silences, acknowledgement', () => {
  let ruleId: string;
  let clusterId: string;
  let groupId: string;

  it('a policy must name existing channels; explain says where an alert goes', async () => {
    const policy = { receiver: 'ops-hook', groupWait: '0s', routes: [{ matchers: ['severity="critical"'], receiver: 'pager' }] };
    const refused = await app.call('PUT', '/api/v1/notification-policy', { body: { policy, timeIntervals: [], inhibitRules: [] } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.issues.map((i: { message: string }) => i.message)).toEqual(['receiver "ops-hook" is not a channel', 'receiver "pager" is not a channel']);
    for (const name of ['ops-hook', 'pager']) {
      expect((await app.call('POST', '/api/v1/channels', { body: { name, type: 'webhook', config: { url: `${receiver.url}/${name}` } } })).status).toBe(201);
    }
    const saved = await app.call('PUT', '/api/v1/notification-policy', { body: { policy, timeIntervals: [{ name: 'weekends', timeIntervals: [{ weekdays: ['saturday', 'sunday'] }] }], inhibitRules: [] } });
    expect(saved.status, saved.text).toBe(200);
    const critical = await app.call('POST', '/api/v1/notification-policy/explain', { body: { labels: { alertname: 'X', severity: 'critical' } } });
    expect(critical.json.receivers).toEqual(['pager']);
    const warning = await app.call('POST', '/api/v1/notification-policy/explain', { body: { labels: { alertname: 'X', severity: 'warning' } } });
    expect(warning.json.receivers).toEqual(['ops-hook']);
  });

  it('explain takes an unsaved policy too, to check one before saving it', async () => {
    const draft = { policy: { receiver: 'pager', routes: [{ matchers: ['team=~"db|storage"'], receiver: 'ops-hook' }] }, timeIntervals: [], inhibitRules: [] };
    const db = await app.call('POST', '/api/v1/notification-policy/explain', { body: { labels: { alertname: 'X', team: 'storage' }, config: draft } });
    expect(db.status, db.text).toBe(200);
    expect(db.json.receivers).toEqual(['ops-hook']);
    const other = await app.call('POST', '/api/v1/notification-policy/explain', { body: { labels: { alertname: 'X', team: 'web' }, config: draft } });
    expect(other.json.receivers).toEqual(['pager']);
    // The stored policy did not change.
    expect((await app.call('GET', '/api/v1/notification-policy')).json.policy.receiver).toBe('ops-hook');
    const bad = await app.call('POST', '/api/v1/notification-policy/explain', { body: { labels: {}, config: { policy: { receiver: 'pager', routes: [{ matchers: ['team=~"("'] }] } } } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toMatch(/^config\.policy\.routes\.0\.matchers/);
  });

  it('a channel the policy routes to can be neither deleted nor renamed (409), and nothing changes', async () => {
    const channels = (await app.call('GET', '/api/v1/channels')).json.channels as Array<{ id: string; name: string }>;
    const pager = channels.find((c) => c.name === 'pager')!;
    const deleted = await app.call('DELETE', `/api/v1/channels/${pager.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.json.error.message).toMatch(/"pager" is a receiver in the notification policy/);
    const renamed = await app.call('PATCH', `/api/v1/channels/${pager.id}`, { body: { name: 'pager-2' } });
    expect(renamed.status).toBe(409);
    expect((await app.call('GET', `/api/v1/channels/${pager.id}`)).json.name).toBe('pager');
  });

  it('silences follow Alertmanager\u2019s rules and can be expired', async () => {
    const empty = await app.call('POST', '/api/v1/silences', { body: { matchers: ['team=~".*"'], endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: 'all' } });
    expect(empty.status).toBe(422);
    expect(empty.json.error.issues[0].message).toMatch(/must not match the empty string/);
    const past = await app.call('POST', '/api/v1/silences', { body: { matchers: ['alertname="X"'], endsAt: '2020-01-01T00:00:00Z', comment: 'late' } });
    expect(past.status).toBe(422);
    const temporary = await app.call('POST', '/api/v1/silences', { body: { matchers: ['alertname="Temporary"'], endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: 'deploy' } });
    expect(temporary.json).toMatchObject({ state: 'active', createdBy: 'automation@kubewatch.local' });
    expect((await app.call('POST', `/api/v1/silences/${temporary.json.id}/expire`)).json.state).toBe('expired');
  });

  it('acknowledging: only firing alerts, once, visible on the alert and in its history', async () => {
    clusterId = (await app.call('POST', '/api/v1/clusters', { body: { name: 'prod-eu', prometheus: { url: 'http://127.0.0.1:9' } } })).json.id;
    const group = await app.call('POST', '/api/v1/rule-groups', { body: { name: 'g', scope: { type: 'cluster', clusterId }, rules: [{ alert: 'DiskFull', expr: 'up == 0' }] } });
    ruleId = group.json.rules[0].id;
    groupId = group.json.id;
    const labels = { alertname: 'DiskFull', cluster: 'prod-eu', instance: 'db-1' };
    const fingerprint = labelsFingerprint(labels);
    const t0 = Date.now() - 10 * M;
    const firing: AlertInstance = { fingerprint, labels, annotations: { summary: 'disk full' }, state: 'firing', activeAt: t0, firedAt: t0, value: 1 };
    const transition: Transition = { kind: 'firing', at: t0, fingerprint, labels, annotations: firing.annotations, value: 1, activeAt: t0, firedAt: t0 };
    await persistTransitions(app.database.prisma, { ruleId, groupId: group.json.id, clusterId, alertname: 'DiskFull', transitions: [transition], active: new Map([[fingerprint, firing]]) });

    // The first notification goes out (policy: ops-hook, group_wait 0s).
    await decideNotifications(core, new Date(t0));
    expect(await deliverDue(core, new Date(t0))).toEqual({ sent: 1, failed: 0 });

    const [alert] = (await app.call('GET', '/api/v1/alerts')).json.alerts;
    const ack = await app.call('POST', `/api/v1/alerts/${alert.id}/acknowledge`, { body: { comment: 'replacing the disk' } });
    expect(ack.status, ack.text).toBe(200);
    expect((await app.call('POST', `/api/v1/alerts/${alert.id}/acknowledge`, { body: {} })).status).toBe(409);
    expect((await app.call('GET', '/api/v1/alerts')).json.alerts[0].acknowledgement).toMatchObject({ by: 'automation@kubewatch.local', comment: 'replacing the disk' });
    const history = (await app.call('GET', `/api/v1/alerts/history?fingerprint=${fingerprint}`)).json.transitions.map((t: { kind: string }) => t.kind);
    expect(history).toEqual(['acknowledged', 'firing']);

    // Acknowledged: 5 hours pass (past repeat_interval 4h) and nothing is repeated.
    const sentBefore = receiver.requests.length;
    for (let t = t0 + M; t <= t0 + 5 * 60 * M; t += 5 * M) {
      await decideNotifications(core, new Date(t));
      await deliverDue(core, new Date(t));
    }
    expect(receiver.requests.length).toBe(sentBefore);

    // Its resolution is still sent.
    const resolvedAt = t0 + 5 * 60 * M + M;
    await persistTransitions(app.database.prisma, { ruleId, groupId: group.json.id, clusterId, alertname: 'DiskFull', transitions: [{ ...transition, kind: 'resolved', at: resolvedAt }], active: new Map() });
    for (let t = resolvedAt; t <= resolvedAt + 6 * M; t += M) {
      await decideNotifications(core, new Date(t));
      await deliverDue(core, new Date(t));
    }
    const last = JSON.parse(receiver.requests.at(-1)!.rawBody.toString('utf8'));
    expect(receiver.requests.at(-1)!.path).toBe('/ops-hook');
    expect(last).toMatchObject({ status: 'resolved', alerts: [{ labels: { instance: 'db-1' }, status: 'resolved' }] });
  });

  it('a silenced alert is not sent', async () => {
    const silence = await app.call('POST', '/api/v1/silences', { body: { matchers: ['alertname="Silenced"'], endsAt: new Date(Date.now() + 24 * 3600_000).toISOString(), comment: 'known issue' } });
    expect(silence.status, silence.text).toBe(201);
    const labels = { alertname: 'Silenced', cluster: 'prod-eu', severity: 'critical' };
    const fingerprint = labelsFingerprint(labels);
    const now = Date.now();
    await persistTransitions(app.database.prisma, { ruleId, groupId, clusterId, alertname: 'Silenced', transitions: [{ kind: 'firing', at: now, fingerprint, labels, annotations: {}, value: 1, activeAt: now - M, firedAt: now }], active: new Map() });
    const before = receiver.requests.length;
    for (let t = now; t <= now + 10 * M; t += M) {
      await decideNotifications(core, new Date(t));
      await deliverDue(core, new Date(t));
    }
    expect(receiver.requests.length).toBe(before);
  });
});
