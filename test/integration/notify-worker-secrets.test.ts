// Done-when of notifications: no secret (SMTP password, webhook token, Slack URL) in any log line
// or API response. A real worker process (debug logging) delivers to channels whose receivers
// fail in the worst way: answering with the secrets echoed back, refusing the connection, or
// rejecting the SMTP login. Its log, the delivery log and the channel views must not contain them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { createChannel, listChannels } from '../../lib/notify/channel-actions';
import { listDeliveries } from '../../lib/notify/delivery-log';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { assertBuilt, startProcess, type RunningProcess } from '../support/processes';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { until } from '../support/until';

const BEARER = 'bearer-9f8e7d6c5b4a';
const SIGNING = 'whsec-0a1b2c3d4e5f6a7b';
const HEADER = 'hdr-key-1122334455';
const SLACK_PATH = 'Xq7slackPathToken81';
const DOWN_SLACK_PATH = 'Zr4downSlackToken92';
const SMTP_PASSWORD = 'smtp-wrong-pass-5566';
const SECRETS = [BEARER, SIGNING, HEADER, SLACK_PATH, DOWN_SLACK_PATH, SMTP_PASSWORD];

describe('worker log lines and delivery views carry no secret', () => {
  let database: TestDatabase;
  let receiver: HttpReceiver;
  let smtp: SmtpReceiver;
  let dataDir: string;
  let core: CoreContext;
  let worker: RunningProcess | undefined;

  beforeAll(async () => {
    assertBuilt();
    [database, receiver, smtp] = await Promise.all([createTestDatabase(), startHttpReceiver(), startSmtpReceiver({ user: { username: 'kw', password: 'the-right-one' } })]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-secrets-'));
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WORKER_METRICS_PORT: String(await freePort()),
      CLUSTER_POLL_INTERVAL: '600s',
      KUBEWATCH_MIGRATIONS_APPLIED: '1',
      LOG_LEVEL: 'debug',
    };
    core = await createCoreContext(parseSettings(env), database.prisma, createLogger('test', 'error'));
    const closedPort = await freePort();
    await createChannel(core, 'system', {
      name: 'hook',
      type: 'webhook',
      config: { url: `${receiver.url}/hook`, auth: { type: 'bearer', token: BEARER }, signingSecret: SIGNING, headers: { 'X-Api-Key': HEADER } },
    });
    await createChannel(core, 'system', { name: 'slack-ops', type: 'slack', config: { url: `${receiver.url}/services/T0/B0/${SLACK_PATH}` } });
    await createChannel(core, 'system', { name: 'slack-down', type: 'slack', config: { url: `http://127.0.0.1:${closedPort}/services/T0/B0/${DOWN_SLACK_PATH}` } });
    await createChannel(core, 'system', {
      name: 'mail',
      type: 'email',
      config: { host: '127.0.0.1', port: smtp.port, security: 'none', auth: { username: 'kw', password: SMTP_PASSWORD }, from: 'kw@example.org', to: ['oncall@example.org'] },
    });
    // The worst receiver: the first answer of each request echoes its path and credentials back in a 503.
    let echoed = 0;
    receiver.reply((req) =>
      echoed++ < 2 ? { status: 503, body: `denied ${req.path} auth=${req.headers.authorization} key=${req.headers['x-api-key']}` } : { status: 200, body: 'ok' },
    );
    const now = Date.now();
    const labels = { alertname: 'DiskFull', cluster: 'prod-eu', severity: 'critical' };
    await persistTransitions(database.prisma, {
      ruleId: randomUUID(),
      groupId: randomUUID(),
      clusterId: randomUUID(),
      alertname: labels.alertname,
      transitions: [{ kind: 'firing', at: now, fingerprint: labelsFingerprint(labels), labels, annotations: { summary: 'disk full' }, value: 1, activeAt: now - 60_000, firedAt: now }],
      active: new Map(),
    });
    worker = startProcess('worker', env);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await Promise.all([receiver?.close(), smtp?.close()]);
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('failures are logged with their channel and error, and without the secrets', async () => {
    // The two HTTP channels fail once and then succeed; the dead Slack URL keeps failing; the mail login is refused (dead).
    await until(
      'retries done',
      async () => {
        const rows = await database.prisma.notificationDelivery.findMany();
        const by = Object.fromEntries(rows.map((r) => [r.channelName, r]));
        const done = by.hook?.status === 'sent' && by['slack-ops']?.status === 'sent' && by.mail?.status === 'dead' && (by['slack-down']?.attempts ?? 0) >= 2;
        return done ? rows : undefined;
      },
      60_000,
    );
    const warnings = worker!.logs.filter((l) => String(l.msg).startsWith('notification'));
    const channelsWarned = new Set(warnings.map((l) => l.channel));
    expect(channelsWarned).toEqual(new Set(['hook', 'slack-ops', 'slack-down', 'mail']));
    expect(warnings.find((l) => l.channel === 'slack-ops')!.error).toMatch(/503/);
    expect(warnings.find((l) => l.channel === 'mail')!.msg).toMatch(/dead-lettered/);
    // The receivers really did get (and echo) the secrets, so the check below is not vacuous.
    expect(receiver.requests.some((r) => r.path.includes(SLACK_PATH))).toBe(true);
    expect(receiver.requests.some((r) => r.headers.authorization === `Bearer ${BEARER}`)).toBe(true);

    const haystacks = [
      ...worker!.logs.map((line) => JSON.stringify(line)),
      worker!.stderr(),
      JSON.stringify(await listDeliveries(core, { limit: 500 })),
      JSON.stringify(await listChannels(core)),
      JSON.stringify(await database.prisma.deliveryAttempt.findMany(), (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    ];
    const leaks = SECRETS.flatMap((secret) => haystacks.filter((h) => h.includes(secret)).map((h) => `${secret.slice(0, 8)}… in ${h.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  }, 90_000);
});
