// The Notifications section as a person uses it, in real headless Chromium against the built web
// app and a real HTTP receiver on loopback: the empty channels page, a webhook channel made with
// the form generated from its zod schema (with a secret header), its preview, "Send test" and
// health, a bad URL refused at its field; the policy in YAML (a syntax error, a refused receiver,
// a saved route) and "which route would this alert take?"; mute timings; a silence created in
// one click from an alert and expired; the delivery log with its attempts; the viewer's read-only
// view. Every page is photographed in light and dark colour schemes (and the channel pages at a
// phone's 390 px), no page scrolls sideways on a phone, no browser error is logged, and the
// header secret never appears in a page's HTML.
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { completeFirstRunSetup, launchChromium, pageSignedInAs, pageSettled } from '../support/browser';
import { freePort } from '../support/free-port';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { leakedSecrets, startWebApp, type WebApp } from '../support/web-app';

const SECRET = 'hdr-secret-9f8e7d6c5b';
const SHOTS = 'test-results/screenshots';
const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'vera-password-123', role: 'viewer' };
const ALERT_LABELS = { alertname: 'HighCPU', cluster: 'prod-eu', instance: 'node-1', severity: 'critical' };

let app: WebApp;
let receiver: HttpReceiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
/** Every page's HTML as served and as rendered, to check for the secret. */
const htmls: { where: string; html: string }[] = [];

function watch(p: Page) {
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url()}: ${m.text()}`));
  p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
}

/** Goes to a path and keeps the served HTML. */
async function visit(path: string, p: Page = page) {
  const response = await p.goto(`${app.base}${path}`);
  await pageSettled(p);
  htmls.push({ where: `served ${path}`, html: (await response?.text()) ?? '' });
}

async function keepRendered(where: string) {
  htmls.push({ where: `rendered ${where}`, html: await page.content() });
}

/** A full-page screenshot in the light and the dark colour scheme. */
async function shoot(name: string, p: Page = page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    await p.screenshot({ path: `${SHOTS}/notifications-${name}-${colorScheme}.png`, fullPage: true });
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

/** How far the page scrolls sideways (0: it fits). */
const sidewaysOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  [app, receiver, browser] = await Promise.all([startWebApp(), startHttpReceiver(), launchChromium()]);
  await mkdir(SHOTS, { recursive: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  watch(page);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await app?.stop();
});

describe('notifications in the browser', () => {
  it('after setup, the empty channels page says what to do next', async () => {
    await visit('/notifications');
    expect(new URL(page.url()).pathname).toBe('/setup');
    await completeFirstRunSetup(page);
    await visit('/notifications');
    await page.waitForSelector('text=No channels yet');
    expect(await page.locator('main a:has-text("New channel")').count()).toBe(1);
    expect(await page.locator('nav.sidebar a[href="/notifications"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('nav.subnav a[aria-current="page"]').textContent()).toBe('Channels');
    await shoot('channels-empty');
  });

  it('a webhook channel is made with the generated form, previewed, and saved', async () => {
    await page.click('main a:has-text("New channel")');
    await page.waitForURL('**/notifications/channels/new');
    await page.fill('#channel-name', 'ops-webhook');
    await page.selectOption('#channel-type', 'webhook');
    // Fields generated from the webhook's zod schema.
    for (const id of ['#config-url', '#config-auth-type', '#config-maxAlerts', '#config-signingSecret', '#config-sendResolved']) {
      expect(await page.locator(id).count(), id).toBe(1);
    }
    expect(await page.getAttribute('#config-signingSecret', 'type')).toBe('password');
    expect(await page.inputValue('#config-maxAlerts')).toBe('0');
    expect(await page.isChecked('#config-sendResolved')).toBe(true);
    await page.fill('#config-url', `${receiver.url}/hook`);
    await page.click('button:has-text("Add header")');
    await page.fill('#config-headers-0-key', 'X-Token');
    await page.fill('#config-headers-0-value', SECRET);
    expect(await page.getAttribute('#config-headers-0-value', 'type')).toBe('password');

    await page.click('.channel-preview button:has-text("Preview")');
    await page.waitForSelector('[data-testid="preview-body"]');
    const body = JSON.parse((await page.textContent('[data-testid="preview-body"]'))!);
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'preview', alerts: [{ labels: { alertname: 'KubewatchTestAlert' } }] });
    expect(await page.textContent('[data-testid="preview-target"]')).toBe(`POST ${receiver.url}/hook`);
    const previewText = await page.textContent('.channel-preview');
    expect(previewText).toContain('X-Token');
    expect(previewText).not.toContain(SECRET);
    // The resolved message, with the switch.
    await page.check('input[name="preview-status"][value="resolved"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-body"]')?.textContent?.includes('"status": "resolved"'));
    await shoot('channel-new');

    await page.click('button:has-text("Create channel")');
    await page.waitForURL(`${app.base}/notifications`);
    await page.waitForSelector('[data-channel="ops-webhook"]');
    const card = await page.textContent('[data-channel="ops-webhook"]');
    expect(card).toContain('Webhook');
    expect(card).toContain(`POST ${receiver.url}/hook · 1 header`);
    expect(await page.textContent('[data-channel="ops-webhook"] [data-testid="channel-health"]')).toContain('never used');
    const stored = (await app.call('GET', '/api/v1/channels')).json.channels[0];
    expect(stored).toMatchObject({ name: 'ops-webhook', type: 'webhook', secretsSet: ['headers.X-Token'], config: { url: `${receiver.url}/hook`, maxAlerts: 0, sendResolved: true, auth: { type: 'none' } } });
  });

  it('"Send test" reaches the receiver, shows its answer, and the channel becomes healthy', async () => {
    await page.click('button[aria-label="Send test to ops-webhook"]');
    await page.waitForSelector('.test-result');
    const outcome = await page.textContent('.test-result');
    expect(outcome).toMatch(/delivered HTTP 200 in \d+ ms/);
    expect(outcome).toContain('receiver answered ok');
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['x-token']).toBe(SECRET);
    expect(JSON.parse(receiver.requests[0]!.rawBody.toString('utf8'))).toMatchObject({ version: '4', receiver: 'ops-webhook', status: 'firing' });
    await page.waitForFunction(() => document.querySelector('[data-testid="channel-health"]')?.textContent?.includes('healthy'));
    expect(await page.textContent('[data-testid="channel-health"]')).toMatch(/^healthy: last success (just now|\d+s ago)$/);
    await keepRendered('/notifications after send test');

    // A receiver that fails: the error inline, and the channel is failing.
    receiver.reply({ status: 503, body: 'busy, try later' });
    await page.click('button[aria-label="Send test to ops-webhook"]');
    await page.waitForFunction(() => document.querySelector('.test-result')?.textContent?.includes('failed'));
    expect(await page.textContent('.test-result')).toContain('HTTP 503');
    expect(await page.textContent('.test-result')).toContain('a real notification would be retried');
    await page.waitForFunction(() => document.querySelector('[data-testid="channel-health"]')?.textContent?.includes('failing'));
    receiver.reply({ status: 200, body: 'ok' });
    await page.click('button[aria-label="Send test to ops-webhook"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="channel-health"]')?.textContent?.includes('healthy'));
    await shoot('channels');
    await visit('/notifications');
    await page.waitForSelector('[data-channel="ops-webhook"]');
  });

  it('the channel form opens the stored channel without its secret, and a bad URL is shown at its field', async () => {
    await page.click('a[aria-label="Edit ops-webhook"]');
    await page.waitForURL(/\/notifications\/channels\/[0-9a-f-]{36}$/);
    htmls.push({ where: 'served channel form', html: await (await page.request.get(page.url())).text() });
    expect(await page.inputValue('#channel-name')).toBe('ops-webhook');
    expect(await page.inputValue('#config-url')).toBe(`${receiver.url}/hook`);
    expect(await page.inputValue('#config-headers-0-key')).toBe('X-Token');
    expect(await page.inputValue('#config-headers-0-value')).toBe('');
    expect(await page.getAttribute('#config-headers-0-value', 'placeholder')).toBe('set — leave empty to keep');
    await keepRendered('channel form');

    await page.fill('#config-url', 'ftp://example.org/hook');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('#config-url-error');
    expect(await page.textContent('#config-url-error')).toContain('expected an http:// or https:// URL');
    expect(await page.getAttribute('#config-url', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#channel-problems')).toContain('config.url');
    await shoot('channel-edit');

    // Fixed: saved with the secret kept (the next test still carries the header).
    await page.fill('#config-url', `${receiver.url}/hook2`);
    await page.click('button:has-text("Save changes")');
    await page.waitForURL(`${app.base}/notifications`);
    const stored = (await app.call('GET', '/api/v1/channels')).json.channels[0];
    expect(stored.config.url).toBe(`${receiver.url}/hook2`);
    expect(stored.secretsSet).toEqual(['headers.X-Token']);
  });

  it('on a phone (390 px) the channel list and form fit the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await context.storageState() });
    const mobile = await phone.newPage();
    watch(mobile);
    await visit('/notifications', mobile);
    await mobile.waitForSelector('[data-channel="ops-webhook"]');
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('channels-390', mobile);
    await mobile.click('a[aria-label="Edit ops-webhook"]');
    await mobile.waitForSelector('#config-url');
    await mobile.click('.channel-preview button:has-text("Preview")');
    await mobile.waitForSelector('[data-testid="preview-body"]');
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('channel-edit-390', mobile);
    await visit('/notifications/channels/new?type=webhook', mobile);
    await mobile.waitForSelector('#config-url');
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('channel-new-390', mobile);
    await phone.close();
  });

  it('an email preview shows the subject, the text and the HTML in a sandboxed frame; a template error is shown at its field', async () => {
    await visit('/notifications/channels/new?type=email');
    await page.waitForSelector('#config-host');
    expect(await page.inputValue('#channel-type')).toBe('email');
    expect(await page.inputValue('#config-security')).toBe('starttls');
    expect(await page.isChecked('#config-auth input[type="checkbox"]')).toBe(false);
    await page.fill('#config-host', 'smtp.example.org');
    await page.fill('#config-from', 'Kubewatch <kubewatch@example.org>');
    await page.fill('#config-to', 'oncall@example.org\nops@example.org');
    await page.click('.channel-preview button:has-text("Preview")');
    await page.waitForSelector('iframe.preview-html');
    expect(await page.textContent('[data-testid="preview-subject"]')).toBe('[FIRING:1] KubewatchTestAlert (example-cluster)');
    expect(await page.getAttribute('iframe.preview-html', 'sandbox')).toBe('');
    expect(await page.textContent('[data-testid="preview-target"]')).toBe('SMTP smtp.example.org:587 (starttls)');
    expect(await page.frameLocator('iframe.preview-html').locator('body').textContent()).toContain('KubewatchTestAlert');

    await page.fill('#config-title', '{{ .CommonLabels.alertname ');
    await page.click('.channel-preview button:has-text("Preview")');
    await page.waitForSelector('#config-title-error');
    expect(await page.textContent('#config-title-error')).toContain('title template');
    expect(await page.textContent('.channel-preview')).toContain('fix the settings marked in the form');
    await page.fill('#config-title', '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}');
    await page.click('.channel-preview button:has-text("Preview")');
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-subject"]')?.textContent === '[FIRING] KubewatchTestAlert');
    expect(await page.locator('#config-title-error').count()).toBe(0);
    await shoot('channel-email-preview');
  });

  it('the policy YAML: a syntax error and a refused receiver are shown with their lines, then a route is saved', async () => {
    await visit('/notifications/policy');
    await page.waitForSelector('#policy-yaml');
    expect(await page.inputValue('#policy-yaml')).toContain('policy: null');
    await page.waitForSelector('text=No policy yet');

    await page.fill('#policy-yaml', 'policy:\n  receiver: ops-webhook\n  routes:\n    - matchers: [severity="critical"\n');
    await page.click('button:has-text("Save policy")');
    await page.waitForSelector('#policy-problems');
    expect(await page.textContent('#policy-problems')).toContain('The YAML does not parse');
    expect(await page.textContent('#policy-problems')).toMatch(/line \d/);
    expect(await page.getAttribute('#policy-yaml', 'aria-invalid')).toBe('true');

    const refused = ['policy:', '  receiver: ops-webhook', '  routes:', "    - matchers: ['severity=\"critical\"']", '      receiver: pager-nope', ''].join('\n');
    await page.fill('#policy-yaml', refused);
    await page.click('button:has-text("Save policy")');
    await page.waitForFunction(() => document.querySelector('#policy-problems')?.textContent?.includes('pager-nope'));
    const problems = await page.textContent('#policy-problems');
    expect(problems).toContain('receiver "pager-nope" is not a channel');
    expect(problems).toContain('line 5');
    // "line 5" selects that line in the editor.
    await page.click('#policy-problems button:has-text("line 5")');
    expect(await page.evaluate(() => {
      const t = document.querySelector<HTMLTextAreaElement>('#policy-yaml')!;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    })).toBe('      receiver: pager-nope');

    const good = [
      'policy:',
      '  receiver: ops-webhook',
      '  group_by: [alertname, cluster]',
      '  routes:',
      "    - matchers: ['severity=\"critical\"']",
      '      receiver: ops-webhook',
      '      group_wait: 10s',
      '      repeat_interval: 1h',
      "    - matchers: ['severity=\"warning\"']",
      '      mute_time_intervals: [weekends]',
      'timeIntervals:',
      '  - name: weekends',
      '    timeIntervals:',
      "      - weekdays: ['saturday', 'sunday']",
      '        location: Europe/Berlin',
      'inhibitRules: []',
      '',
    ].join('\n');
    await page.fill('#policy-yaml', good);
    await page.click('button:has-text("Save policy")');
    await page.waitForSelector('.policy-form [role="status"]:has-text("Saved")');
    await page.waitForSelector('li[data-route="root/0"]');
    const tree = await page.textContent('.route-tree');
    expect(tree).toContain('severity="critical"');
    expect(await page.textContent('li[data-route="root"] > .route-card')).toContain('group interval5m (default)');
    expect(await page.textContent('li[data-route="root/0"] > .route-card')).toContain('group wait10s');
    expect(await page.textContent('li[data-route="root/1"] > .route-card')).toContain('muted duringweekends');
    const saved = (await app.call('GET', '/api/v1/notification-policy')).json;
    expect(saved.policy).toEqual({
      receiver: 'ops-webhook',
      groupBy: ['alertname', 'cluster'],
      routes: [
        { matchers: ['severity="critical"'], receiver: 'ops-webhook', groupWait: '10s', repeatInterval: '1h' },
        { matchers: ['severity="warning"'], muteTimeIntervals: ['weekends'] },
      ],
    });
  });

  it('"Which route would this alert take?" shows the critical route', async () => {
    await page.fill('#explain-labels', 'alertname=HighCPU, cluster=prod-eu, severity=critical');
    await page.click('button:has-text("Explain")');
    await page.waitForSelector('[data-testid="explain-receivers"]');
    expect(await page.textContent('[data-testid="explain-receivers"]')).toBe('ops-webhook');
    expect(await page.textContent('.explain-result')).toContain('root → root/0');
    expect(await page.textContent('li[data-route="root/0"] > .route-card [data-testid="route-outcome"]')).toBe('notifies');
    expect(await page.textContent('li[data-route="root"] > .route-card [data-testid="route-outcome"]')).toBe('matched');
    expect(await page.textContent('li[data-route="root/1"] > .route-card [data-testid="route-outcome"]')).toBe('not tried');
    await shoot('policy');
    // A label list that is not name=value says so.
    await page.fill('#explain-labels', 'HighCPU');
    await page.click('button:has-text("Explain")');
    await page.waitForSelector('.explain-result .error');
  });

  it('mute timings are shown in words with the routes that use them', async () => {
    await visit('/notifications/mute-timings');
    await page.waitForSelector('#interval-weekends');
    const text = await page.textContent('#interval-weekends');
    expect(text).toContain('WeekdaysSaturday, Sunday');
    expect(text).toContain('Europe/Berlin');
    expect(text).toContain('root/1');
    expect(text).toContain('muted during it');
    const day = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'long' }).format(new Date());
    expect(await page.textContent('[data-testid="interval-state"]')).toBe(['Saturday', 'Sunday'].includes(day) ? 'in effect now' : 'not in effect now');
    await shoot('mute-timings');
  });

  it('a silence is created in one click from an alert, listed as active, and expired', async () => {
    // A firing alert as the worker would store it, for a rule on a registered cluster.
    const cluster = await app.call('POST', '/api/v1/clusters', { body: { name: 'prod-eu', prometheus: { url: `http://127.0.0.1:${await freePort()}` } } });
    expect(cluster.status, cluster.text).toBe(201);
    const group = await app.call('POST', '/api/v1/rule-groups', { body: { name: 'Node health', interval: '1m', rules: [{ alert: 'HighCPU', expr: 'vector(1) > 0', severity: 'critical' }] } });
    expect(group.status, group.text).toBe(201);
    const fingerprint = labelsFingerprint(ALERT_LABELS);
    const at = Date.now() - 120_000;
    const firing = { fingerprint, labels: ALERT_LABELS, annotations: { summary: 'CPU above 90% on node-1' }, state: 'firing' as const, activeAt: at, firedAt: at, value: 97 };
    await persistTransitions(app.database.prisma, {
      ruleId: group.json.rules[0].id,
      groupId: group.json.id,
      clusterId: cluster.json.id,
      alertname: 'HighCPU',
      transitions: [{ kind: 'firing', at, fingerprint, labels: ALERT_LABELS, annotations: firing.annotations, value: 97, activeAt: at, firedAt: at }],
      active: new Map([[fingerprint, firing]]),
    });

    await visit('/alerts');
    await page.waitForSelector('text=CPU above 90% on node-1');
    expect(await page.getAttribute('.alert-instance a:has-text("Silence")', 'href')).toContain('matcher=alertname%3D%22HighCPU%22');
    await shoot('alerts-silence-link');

    await visit(`/alerts/${fingerprint}`);
    await page.click('main .page-head a:has-text("Silence")');
    await page.waitForURL(/\/notifications\/silences\?new=1&matcher=/);
    expect(await page.inputValue('#silence-matchers')).toBe('alertname="HighCPU"\ncluster="prod-eu"\ninstance="node-1"\nseverity="critical"');
    await page.waitForSelector('text=Matches 1 active alert now: HighCPU.');
    // Editable before saving: silence every instance of the alert on the cluster.
    await page.fill('#silence-matchers', 'alertname="HighCPU"\ncluster="prod-eu"');
    await page.fill('#silence-duration', '1h');
    await page.fill('#silence-comment', 'kernel upgrade on prod-eu');
    expect(await page.textContent('.silence-form')).toContain('Created by ada@example.com');
    await shoot('silence-new');
    await page.click('button:has-text("Create silence")');
    await page.waitForURL(/\/notifications\/silences\?state=active/);
    const card = page.locator('.silence-card[data-state="active"]');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('alertname="HighCPU"');
    expect(text).toContain('cluster="prod-eu"');
    expect(text).toContain('by ada@example.com');
    expect(text).toContain('kernel upgrade on prod-eu');
    expect(text).toMatch(/ends in (59m|1h)/);
    expect(await page.textContent('nav.tabs a[aria-current="page"]')).toBe('Active 1');
    await shoot('silences');
    const api = (await app.call('GET', '/api/v1/silences?state=active')).json.silences;
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({ createdBy: 'ada@example.com', matchers: ['alertname="HighCPU"', 'cluster="prod-eu"'] });

    await page.click('button[aria-label^="Expire silence"]');
    await page.waitForSelector('text=No active silences');
    await page.click('nav.tabs a:has-text("Expired")');
    await page.waitForSelector('.silence-card[data-state="expired"]');
    expect((await app.call('GET', '/api/v1/silences?state=expired')).json.silences).toHaveLength(1);
  });

  it('a refused silence says why at its fields', async () => {
    await visit('/notifications/silences?new=1');
    await page.fill('#silence-matchers', 'alertname=~".*"');
    await page.fill('#silence-comment', 'everything');
    await page.click('button:has-text("Create silence")');
    await page.waitForSelector('.silence-form .error-box');
    expect(await page.textContent('#silence-matchers + .hint + .error')).toContain('at least one matcher must not match the empty string');
    expect(await page.getAttribute('#silence-matchers', 'aria-invalid')).toBe('true');
  });

  it('the delivery log shows deliveries newest first, each with every attempt, filtered by the query string', async () => {
    const prisma = app.database.prisma;
    const now = Date.now();
    const notification = (status: 'firing' | 'resolved', alerts: number) => ({
      id: 'n',
      group: { status, groupLabels: { alertname: 'HighCPU', cluster: 'prod-eu' }, alerts: Array.from({ length: alerts }, () => ({ status })) },
    });
    await prisma.notificationDelivery.create({
      data: {
        id: 'delivery-sent', channelName: 'ops-webhook', notification: notification('firing', 2), status: 'sent', attempts: 2, nextAttemptAt: new Date(now - 50_000),
        createdAt: new Date(now - 60_000), sentAt: new Date(now - 50_000), lastError: null,
        attemptLog: { create: [
          { channelName: 'ops-webhook', at: new Date(now - 60_000), ok: false, status: 503, latencyMs: 41, error: 'webhook answered HTTP 503: busy' },
          { channelName: 'ops-webhook', at: new Date(now - 50_000), ok: true, status: 200, latencyMs: 12, error: null },
        ] },
      },
    });
    await prisma.notificationDelivery.create({
      data: {
        id: 'delivery-dead', channelName: 'ops-webhook', notification: notification('resolved', 1), status: 'dead', attempts: 1, nextAttemptAt: new Date(now - 30_000),
        createdAt: new Date(now - 30_000), lastError: 'webhook answered HTTP 400: bad payload',
        attemptLog: { create: [{ channelName: 'ops-webhook', at: new Date(now - 30_000), ok: false, status: 400, latencyMs: 9, error: 'webhook answered HTTP 400: bad payload' }] },
      },
    });
    await prisma.notificationDelivery.create({
      data: {
        id: 'delivery-pending', channelName: 'ops-webhook', notification: notification('firing', 3), status: 'pending', attempts: 1, nextAttemptAt: new Date(now + 120_000),
        createdAt: new Date(now - 10_000), lastError: 'connection refused by 127.0.0.1',
        attemptLog: { create: [{ channelName: 'ops-webhook', at: new Date(now - 10_000), ok: false, status: null, latencyMs: 3, error: 'connection refused by 127.0.0.1' }] },
      },
    });

    await visit('/notifications/deliveries');
    await page.waitForSelector('details.delivery');
    expect(await page.locator('details.delivery').evaluateAll((els) => els.map((e) => e.getAttribute('data-delivery')))).toEqual(['delivery-pending', 'delivery-dead', 'delivery-sent']);
    const pending = await page.textContent('[data-delivery="delivery-pending"] summary');
    expect(pending).toContain('pending');
    expect(pending).toContain('alertname=HighCPU');
    expect(pending).toContain('3 alerts');
    expect(pending).toContain('1 attempt');
    expect(pending).toMatch(/next attempt in (1m \d+s|2m)/);
    expect(pending).toContain('last error: connection refused by 127.0.0.1');
    expect(await page.textContent('[data-delivery="delivery-dead"] summary')).toContain('resolved');

    // Keyboard: the summary opens with Enter and shows every attempt.
    await page.focus('[data-delivery="delivery-sent"] summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-delivery="delivery-sent"][open] table.attempts');
    const attempts = await page.locator('[data-delivery="delivery-sent"] table.attempts tbody tr').allTextContents();
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toContain('failed');
    expect(attempts[0]).toContain('503');
    expect(attempts[0]).toContain('41 ms');
    expect(attempts[1]).toContain('ok');
    expect(attempts[1]).toContain('200');
    await shoot('deliveries');

    await page.selectOption('#delivery-status', 'dead');
    await page.click('.delivery-filters button:has-text("Filter")');
    await page.waitForURL(/status=dead/);
    expect(await page.locator('details.delivery').count()).toBe(1);
    expect(await page.getAttribute('details.delivery', 'data-delivery')).toBe('delivery-dead');
    await visit('/notifications/deliveries?channel=nobody');
    await page.waitForSelector('text=No delivery matches this filter');
  });

  it('a viewer sees everything read-only', async () => {
    const created = await app.call('POST', '/api/v1/users', { body: VIEWER });
    expect(created.status, created.text).toBe(201);
    const { cookie } = await app.signIn(VIEWER.email, VIEWER.password);
    const viewer = await pageSignedInAs(browser, app.base, cookie);
    watch(viewer);
    await visit('/notifications', viewer);
    await viewer.waitForSelector('[data-channel="ops-webhook"]');
    expect(await viewer.locator('button:has-text("Send test")').count()).toBe(0);
    expect(await viewer.locator('a:has-text("New channel")').count()).toBe(0);
    await viewer.click('a[aria-label="View ops-webhook"]');
    await viewer.waitForSelector('#config-url');
    expect(await viewer.isDisabled('#config-url')).toBe(true);
    expect(await viewer.locator('button:has-text("Save changes")').count()).toBe(0);
    await visit('/notifications/policy', viewer);
    expect(await viewer.getAttribute('#policy-yaml', 'readonly')).not.toBeNull();
    expect(await viewer.locator('button:has-text("Save policy")').count()).toBe(0);
    await visit('/notifications/silences', viewer);
    expect(await viewer.locator('#silence-matchers, button:has-text("New silence")').count()).toBe(0);
    await visit('/notifications/channels/new', viewer);
    expect(new URL(viewer.url()).pathname).toBe('/clusters');
    await viewer.context().close();
  });

  it('no page scrolls sideways on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await context.storageState() });
    const mobile = await phone.newPage();
    watch(mobile);
    const pages = { policy: '/notifications/policy', silences: '/notifications/silences?state=expired', 'silence-new': '/notifications/silences?new=1', 'mute-timings': '/notifications/mute-timings', deliveries: '/notifications/deliveries' };
    for (const [name, path] of Object.entries(pages)) {
      await visit(path, mobile);
      await mobile.waitForSelector('main h1');
      if (path.endsWith('deliveries')) await mobile.click('[data-delivery="delivery-sent"] summary');
      if (path.endsWith('policy')) {
        await mobile.click('button:has-text("Explain")');
        await mobile.waitForSelector('[data-testid="explain-receivers"]');
      }
      expect(await sidewaysOverflow(mobile), path).toBeLessThanOrEqual(0);
      await mobile.screenshot({ path: `${SHOTS}/notifications-${name}-390-light.png`, fullPage: true });
    }
    await phone.close();
  });

  it('no browser error was logged except the deliberate 422s, and the header secret is in no page and no log', () => {
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
    expect(htmls.filter((h) => h.html.includes(SECRET)).map((h) => h.where)).toEqual([]);
    expect(htmls.length).toBeGreaterThan(10);
    expect(leakedSecrets(app, [SECRET])).toEqual([]);
  });
});
