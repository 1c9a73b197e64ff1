// Alerts forwarded to a real Alertmanager 0.25 stay alive as long as they fire: each carries
// endsAt = now + 4 min (as Prometheus sends them) and the dispatcher posts the firing ones again
// every minute, so Alertmanager neither drops them after its resolve_timeout nor keeps them once
// they resolved here.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createChannel } from '../../lib/notify/channel-actions';
import { resendToAlertmanagers } from '../../lib/notify/dispatch/alertmanager-resend';
import { decideNotifications } from '../../lib/notify/dispatch/decide';
import { deliverDue } from '../../lib/notify/dispatch/deliver';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager';
import { createTestDatabase, type TestDatabase } from '../support/database';

const M = 60_000;

describe('forwarded alerts kept alive in Alertmanager', () => {
  let database: TestDatabase;
  let alertmanager: RunningAlertmanager;
  let dataDir: string;
  let core: CoreContext;
  const labels = { alertname: 'DiskFull', cluster: 'prod-eu', run: randomUUID() };
  const ruleId = randomUUID();
  const t0 = Math.floor(Date.now() / 1000) * 1000;

  beforeAll(async () => {
    [database, alertmanager] = await Promise.all([createTestDatabase(), startAlertmanager()]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-am-resend-'));
    core = await createCoreContext(parseSettings({ DATABASE_URL: database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') }), database.prisma, createLogger('test', 'error'));
    await createChannel(core, 'system', { name: 'team-am', type: 'alertmanager', config: { url: alertmanager.baseUrl } });
  }, 60_000);
  afterAll(async () => {
    await alertmanager?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const event = (kind: 'firing' | 'resolved', at: number) =>
    persistTransitions(database.prisma, {
      ruleId,
      groupId: randomUUID(),
      clusterId: randomUUID(),
      alertname: labels.alertname,
      transitions: [{ kind, at, fingerprint: labelsFingerprint(labels), labels, annotations: { summary: 'disk full' }, value: 1, activeAt: t0 - 2 * M, firedAt: t0 - M }],
      active: new Map(),
    });
  const mine = async () => (await alertmanager.alerts()).filter((a) => a.labels.run === labels.run);

  it('the first notification carries endsAt four minutes ahead', async () => {
    await event('firing', t0);
    await decideNotifications(core, new Date(t0));
    expect(await deliverDue(core, new Date(t0))).toEqual({ sent: 1, failed: 0 });
    const [alert] = await mine();
    expect(alert.status.state).toBe('active');
    expect(Date.parse(alert.endsAt)).toBe(t0 + 4 * M);
  });

  it('a resend a minute or two later moves endsAt on, without a new notification', async () => {
    expect(await resendToAlertmanagers(core, new Date(t0 + 2 * M))).toBe(1);
    const [alert] = await mine();
    expect(Date.parse(alert.endsAt)).toBe(t0 + 6 * M);
    expect(await database.prisma.notificationDelivery.count()).toBe(1);
  });

  it('once the alert resolved here, nothing is resent', async () => {
    await event('resolved', t0 + 3 * M);
    for (let t = t0 + 3 * M; t <= t0 + 6 * M; t += 30_000) {
      await decideNotifications(core, new Date(t));
      await deliverDue(core, new Date(t));
    }
    expect(await database.prisma.notificationDelivery.count()).toBe(2);
    expect(await resendToAlertmanagers(core, new Date(t0 + 7 * M))).toBe(0);
  });
});
