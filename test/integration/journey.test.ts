// The whole journey of a new installation, in real headless Chromium against the real product
// started the way `npm start` does (the supervisor: embedded PostgreSQL, web and worker, one
// simulated cluster scraped by a real Prometheus), done through the UI with the keyboard and the
// mouse: first-run setup → the demo cluster registered and healthy → a rule from the "node CPU
// load" template with a threshold the simulated nodes exceed (computed from the demo model), its
// backtest showing when it would have fired → saved → a Slack channel whose webhook is a loopback
// receiver → the worker takes the alert pending, then firing → the receiver gets the Block Kit
// message → acknowledged on the alerts page, with who, when and why.
//
// While the journey waits (for Prometheus to hold three minutes of data, then for the `for: 3m`),
// a second browser context walks every main page: axe-core in the light and the dark colour
// scheme, and a full-page screenshot of each (test-results/screenshots/journey-<page>-<scheme>.png).
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStateAt, createDemoModel, type DemoCluster } from '../../lib/demo/metrics-model';
import { RULE_TEMPLATES } from '../../lib/rules/rule-templates';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/free-port';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { assertBuilt, type RunningProcess, startProcess, waitForHttp } from '../support/processes';
import { until } from '../support/until';

const SHOTS = 'test-results/screenshots';
const ADMIN = { name: 'Ada', email: 'ada@example.com', password: 'ada-password-123' };
const TEMPLATE = RULE_TEMPLATES.find((t) => t.id === 'node-cpu-load-high')!;
const ALERT = TEMPLATE.rule.alert; // NodeCPULoadHigh
const GROUP = 'Node CPU load';
const INTERVAL = '15s';
const CHANNEL = 'ops-slack';
const ACK_COMMENT = 'Ada is looking at the node load';
const SUMMARY = 'Load on {{ $labels.instance }} is {{ printf "%.0f" $value }}% of its CPU cores.';
const SCHEMES = ['light', 'dark'] as const;
/** The demo cluster of DEMO_CLUSTERS=1, as the supervisor simulates it (same names, same seed). */
const DEMO: DemoCluster = createDemoModel({ clusters: 1 }).clusters[0]!;

let supervisor: RunningProcess;
let receiver: HttpReceiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let dataDir: string;
const startedAt = Date.now();
const consoleErrors: string[] = [];

// ---------------------------------------------------------------------------------------------
// The demo model: which threshold the simulated nodes exceed now and keep exceeding

/** Load per core (%) of every node at `at`, as Prometheus computes the template's metric from the exporter (node_load1 has 2 decimals). */
function loadPerCore(at: number): Map<string, number> {
  return new Map(clusterStateAt(DEMO, at).nodes.map((n) => [`${n.node.name}:9100`, (100 * (Math.round(n.load1 * 100) / 100)) / n.node.cores]));
}

/**
 * The highest whole-number threshold such that, over [from, to], every node stays clearly above
 * it or clearly below it (no flapping, so `for: 3m` holds), with at least one above: the fewest
 * alert instances that fire and keep firing. Returns it with the instances that fire.
 */
function chooseThreshold(from: number, to: number, margin = 1.5): { threshold: number; firing: string[]; ranges: Map<string, [number, number]> } {
  const ranges = new Map<string, [number, number]>();
  for (let at = from; at <= to; at += 5000) {
    for (const [instance, value] of loadPerCore(at)) {
      const [lo, hi] = ranges.get(instance) ?? [Infinity, -Infinity];
      ranges.set(instance, [Math.min(lo, value), Math.max(hi, value)]);
    }
  }
  for (let threshold = 99; threshold >= 5; threshold--) {
    const clear = [...ranges.values()].every(([lo, hi]) => lo > threshold + margin || hi < threshold - margin);
    const firing = [...ranges.entries()].filter(([, [lo]]) => lo > threshold + margin).map(([instance]) => instance);
    if (clear && firing.length > 0) return { threshold, firing: firing.sort(), ranges };
  }
  throw new Error(`no stable threshold in the demo model: ${JSON.stringify([...ranges])}`);
}

// ---------------------------------------------------------------------------------------------
// Accessibility and screenshots of every main page

interface Finding {
  page: string;
  scheme: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}
const findings: Finding[] = [];
const checkedPages = new Set<string>();

/** axe (serious and critical only count) and a full-page screenshot, in both colour schemes, of the page as it is now. */
async function checkCurrentPage(p: Page, name: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await p.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page: p }).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      findings.push({ page: name, scheme: colorScheme, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    }
    await p.screenshot({ path: `${SHOTS}/journey-${name}-${colorScheme}.png`, fullPage: true });
  }
  await p.emulateMedia({ colorScheme: 'light' });
  checkedPages.add(name);
}

/** Visits each page in its own context (beside the journey) and checks it; a failure is a finding, not a stop. */
async function sweep(pages: [name: string, path: string, ready: string][]): Promise<void> {
  const sweeper = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: await context.storageState() });
  const p = await sweeper.newPage();
  watch(p);
  try {
    for (const [name, pagePath, ready] of pages) {
      try {
        await p.goto(`${base}${pagePath}`);
        await p.waitForSelector(ready, { timeout: 20_000 });
        await p.waitForLoadState('networkidle');
        await checkCurrentPage(p, name);
      } catch (error) {
        findings.push({ page: name, scheme: '-', id: 'page-failed', impact: 'critical', help: String(error).slice(0, 500), targets: [] });
      }
    }
  } finally {
    await sweeper.close();
  }
}

function watch(p: Page) {
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url()}: ${m.text()}`));
  p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
}

// ---------------------------------------------------------------------------------------------
// A person's hands

/** Replaces a text field's content by typing into it. */
async function typeInto(selector: string, text: string) {
  await page.click(selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Goes to a section with the sidebar, as a person does. */
async function navigate(section: string, href: string) {
  await page.click(`nav.sidebar a[href="${href}"]`);
  await page.waitForURL(`**${href}`);
  expect(await page.locator(`nav.sidebar a[href="${href}"]`).getAttribute('aria-current'), section).toBe('page');
}

const text = async (selector: string) => (await page.textContent(selector)) ?? '';
const log = (step: string) => console.log(`[journey ${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${step}`);

beforeAll(async () => {
  assertBuilt();
  await mkdir(SHOTS, { recursive: true });
  dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-journey-'));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  receiver = await startHttpReceiver();
  supervisor = startProcess('supervisor', {
    PORT: String(port),
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    WORKER_METRICS_PORT: '0',
    DEMO_CLUSTERS: '1',
    CLUSTER_POLL_INTERVAL: '5s',
  });
  [browser] = await Promise.all([launchChromium(), waitForHttp(`${base}/api/readyz`, 90_000)]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  watch(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  if (supervisor) expect((await supervisor.stop('SIGTERM')).code).toBe(0);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the journey of a new installation, in the browser', () => {
  it('setup → demo cluster → rule from a template with its backtest → Slack channel → pending → firing → Slack message → acknowledged', async () => {
    // 1. First run: every page leads to /setup, which creates the first admin (keyboard only).
    await page.goto(`${base}/`);
    await page.waitForURL('**/setup');
    expect(await text('h1')).toBe('Welcome to Kubewatch');
    await checkCurrentPage(page, 'setup');
    await page.focus('#name');
    await page.keyboard.type(ADMIN.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/clusters');
    expect(await text('.sidebar .user')).toContain(`${ADMIN.email} · admin`);
    log('admin created');

    // 2. The simulated cluster registers itself and is polled: the clusters list shows it healthy.
    const row = page.locator('tbody tr', { hasText: DEMO.displayName });
    await until('the demo cluster in the list, healthy', async () => {
      if ((await row.count()) === 1 && (await row.locator('.status').textContent()) === 'Healthy') return true;
      await page.reload();
      return undefined;
    }, 60_000, 1000);
    expect(await row.textContent()).toContain(DEMO.name);
    for (const [key, value] of Object.entries(DEMO.labels)) expect(await row.textContent()).toContain(`${key}=${value}`);
    const clusterPath = (await row.locator(`a:has-text("${DEMO.displayName}")`).getAttribute('href'))!;
    expect(clusterPath).toMatch(/^\/clusters\/[0-9a-f-]{36}$/);
    log('demo cluster registered and healthy');

    // 3. The overview shows it healthy, with its nodes.
    await navigate('Overview', '/overview');
    const card = page.locator('.cluster-card', { hasText: DEMO.displayName });
    await card.waitFor();
    expect(await card.locator('.status').textContent()).toBe('Healthy');
    expect(await card.textContent()).toContain('simulated');
    const nodes = /(\d+)\/(\d+)/.exec((await card.textContent()) ?? '');
    expect(Number(nodes?.[2])).toBe(DEMO.nodes.length);
    expect(Number(nodes?.[1])).toBeGreaterThanOrEqual(DEMO.nodes.length - 1); // one node flaps NotReady from hh:20 to hh:30
    expect(await text('[aria-live=polite]')).toContain('1 healthy');
    log('overview: healthy');

    // 4. Rules: the empty page offers templates; "Customize" opens the CPU load template in the editor.
    await navigate('Rules', '/rules');
    await page.waitForSelector('text=No alert rules yet');
    await page.click('main .empty a:has-text("Add from template")');
    await page.waitForURL('**/rules/templates');
    const templateCard = page.locator('article.template-card', { has: page.locator(`h3:text-is("${TEMPLATE.title}")`) });
    expect(await templateCard.textContent()).toContain(`${ALERT} · for 3m`);
    await page.click(`a[aria-label="Customize ${TEMPLATE.title}"]`);
    await page.waitForURL((url) => url.pathname === '/rules/new' && url.searchParams.get('template') === TEMPLATE.id);
    expect(await page.inputValue('#group-name')).toBe(TEMPLATE.title);
    expect(await page.inputValue('#rule-0-alert')).toBe(ALERT);
    expect(await page.inputValue('#rule-0-metric')).toBe('node_load_per_core_percent');
    expect(await page.inputValue('#rule-0-value')).toBe('100');
    expect(await page.inputValue('#rule-0-for')).toBe('3m');
    expect(await page.inputValue('#preview-cluster')).not.toBe('');

    // The simulated nodes run at 40-60 % load per core: 100 % never fires. The threshold they
    // exceed from now until well after the journey ends, and the nodes that exceed it:
    const { threshold, firing: expected, ranges } = chooseThreshold(startedAt - 60_000, Date.now() + 15 * 60_000);
    log(`threshold ${threshold}%: ${expected.length} of ${ranges.size} nodes above it (${expected.map((i) => `${i} ${ranges.get(i)!.map((v) => v.toFixed(1)).join('-')}`).join(', ')})`);
    await typeInto('#group-name', GROUP);
    await typeInto('#group-interval', INTERVAL);
    await typeInto('#rule-0-value', String(threshold));
    expect(await text('pre.compiled')).toBe(`100 * max by (instance) (node_load1) / count by (instance) (node_cpu_seconds_total{mode="idle"}) > ${threshold}`);
    expect(await page.inputValue('#rule-0-for')).toBe('3m');
    // The template's words say "above its core count": say what this rule means instead.
    expect(await page.inputValue('#rule-0-annotations-0-key')).toBe('summary');
    expect(await page.inputValue('#rule-0-annotations-1-key')).toBe('description');
    await typeInto('#rule-0-annotations-0-value', SUMMARY);
    await typeInto('#rule-0-annotations-1-value', `The 1-minute load average of node {{ $labels.instance }} in cluster {{ $labels.cluster }} has been above ${threshold}% of its CPU cores for 3 minutes.`);

    // 5. The backtest over the last hour: Prometheus has held data since the demo started, so it
    //    shows the instances pending at once and firing three minutes later. Re-run until it has
    //    three minutes of data; meanwhile the other context checks the pages that exist already.
    const phase1 = sweep([
      ['overview', '/overview', '.cluster-card .status'],
      ['clusters', '/clusters', 'tbody tr .status'],
      ['cluster', clusterPath, 'text=Live state'],
      ['rule-templates', '/rules/templates', 'article.template-card'],
      ['slos', '/slos', 'main h1'],
      ['notifications-empty', '/notifications', 'text=No channels yet'],
      ['channel-new', '/notifications/channels/new?type=slack', '#config-url'],
      ['policy', '/notifications/policy', '#policy-yaml'],
      ['silences', '/notifications/silences', 'main h1'],
      ['mute-timings', '/notifications/mute-timings', 'main h1'],
      ['settings', '/settings', 'main h1'],
      ['users', '/settings/users', 'tbody tr'],
      ['tokens', '/settings/tokens', 'main h1'],
      ['audit', '/settings/audit', 'tbody tr'],
    ]);
    const backtest = page.locator('[data-testid="rule-0"] .backtest-result');
    await until('a backtest that shows the rule firing', async () => {
      await page.click('[data-testid="rule-0"] button:has-text("last 1h")');
      await backtest.waitFor({ timeout: 30_000 });
      const summary = (await backtest.locator('p').first().textContent()) ?? '';
      return /\((\d+) firing/.exec(summary)?.[1] === String(expected.length) ? summary : undefined;
    }, 5 * 60_000, 10_000);
    const summary = (await backtest.locator('p').first().textContent()) ?? '';
    expect(summary).toContain(`${expected.length} instance${expected.length === 1 ? '' : 's'} became active`);
    expect(summary).toMatch(/^Over the last 1h \(\d+ evaluations every 15s\)/);
    const instanceRows = backtest.locator('.table-scroll > table > tbody > tr');
    expect(await instanceRows.count()).toBe(expected.length);
    for (const instance of expected) {
      const rowText = (await instanceRows.filter({ hasText: `instance=${instance}` }).textContent()) ?? '';
      // Pending for exactly the `for` (3m), then firing until the end of the range.
      expect(rowText, instance).toMatch(/pending.*\(3m\).*firing.*end of range/);
      expect(rowText, instance).toContain(`cluster=${DEMO.name}`);
    }
    await page.waitForSelector('[data-testid="rule-0"] .backtest-chart canvas');
    await page.click('[data-testid="rule-0"] .backtest-result details.notifications summary');
    expect(await backtest.locator('details.notifications li .state-firing').count()).toBe(expected.length);
    await checkCurrentPage(page, 'rule-editor-backtest');
    await phase1;
    log('backtest: fires after 3m pending');

    // 6. Save: the rules page lists the group with its rule, scope and interval.
    await page.click('button:has-text("Create rule group")');
    await page.waitForURL(/\/rules#group-[0-9a-f-]{36}$/);
    const savedAt = Date.now();
    const groupId = new URL(page.url()).hash.slice('#group-'.length);
    const group = page.locator(`#group-${groupId}`);
    expect(await group.locator('h2').textContent()).toContain(GROUP);
    const groupText = (await group.textContent()) ?? '';
    expect(groupText).toContain(`Every ${INTERVAL}`);
    expect(groupText).toContain('All clusters');
    expect(groupText).toContain(`> ${threshold}`);
    expect(await group.locator('tbody tr td.nowrap').textContent()).toBe('3m');
    log('rule group saved');

    // 7. Notifications: a Slack channel whose incoming webhook is the loopback receiver; its
    //    preview shows the Block Kit message and "Send test" reaches the receiver.
    await navigate('Notifications', '/notifications');
    await page.waitForSelector('text=No channels yet');
    await page.click('main .empty a:has-text("New channel")');
    await page.waitForURL('**/notifications/channels/new');
    await typeInto('#channel-name', CHANNEL);
    await page.selectOption('#channel-type', 'slack');
    await typeInto('#config-url', `${receiver.url}/services/T0000/B0000/journey`);
    expect(await page.getAttribute('#config-url', 'type')).toBe('password'); // the webhook URL is the secret
    await page.click('.channel-preview button:has-text("Preview")');
    await page.waitForSelector('[data-testid="preview-body"]');
    const preview = JSON.parse((await text('[data-testid="preview-body"]')) || '{}');
    expect(preview.blocks[0]).toMatchObject({ type: 'header' });
    expect(preview.attachments[0].blocks[0].text.text).toContain('KubewatchTestAlert');
    await page.click('button:has-text("Create channel")');
    await page.waitForURL(`${base}/notifications`);
    const channelCard = page.locator(`[data-channel="${CHANNEL}"]`);
    await channelCard.waitFor();
    expect(await channelCard.textContent()).toContain('Slack');
    await page.click(`button[aria-label="Send test to ${CHANNEL}"]`);
    await page.waitForSelector('.test-result');
    expect(await text('.test-result')).toMatch(/delivered HTTP 200 in \d+ ms/);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.path).toBe('/services/T0000/B0000/journey');
    const channelPath = (await page.getAttribute(`a[aria-label="Edit ${CHANNEL}"]`, 'href'))!;
    log('Slack channel created and tested');

    // 8. Alerts: the worker evaluates the rule every 15 s: pending first (the page refreshes
    //    itself), while the other context checks the pages that now have a rule and a channel.
    await navigate('Alerts', '/alerts');
    const alertGroup = page.locator(`section.alert-group:has(h2:text-is("${ALERT}"))`);
    await until('the instances pending on the alerts page', async () => ((await alertGroup.locator('.alert-counts').textContent()) === `${expected.length} pending` ? true : undefined), 90_000, 1000);
    const pendingAt = Date.now();
    expect(Date.now() - savedAt).toBeLessThan(90_000);
    for (const instance of expected) {
      const item = alertGroup.locator('li.alert-instance', { hasText: instance });
      expect(await item.locator('.state-tag').first().textContent(), instance).toBe('pending');
      expect(await item.textContent(), instance).toContain(`on ${DEMO.name}`);
      expect(await item.locator('a.alert-link').textContent(), instance).toMatch(new RegExp(`^Load on ${instance.replaceAll('.', '\\.')} is \\d+% of its CPU cores\\.`));
    }
    expect(await page.locator('li.alert-instance button:has-text("Acknowledge")').count()).toBe(0); // only a firing alert can be acknowledged
    log('alert pending');
    await sweep([
      ['rules', '/rules', '.rule-group'],
      ['rule-editor', `/rules/${groupId}/edit`, '#group-name'],
      ['notifications', '/notifications', `[data-channel="${CHANNEL}"]`],
      ['channel-form', channelPath, '#channel-name'],
      ['alerts-pending', '/alerts', 'section.alert-group'],
    ]);

    // 9. Firing after the `for` (3m), without a reload: on the alerts page and in the nav's count.
    const navFiring = () => page.getByTestId('nav-firing').textContent({ timeout: 5000 }).catch(() => null);
    await until('the nav saying no alert fires while they are pending', async () => ((await navFiring()) === 'No alerts firing' ? true : undefined), 30_000, 1000);
    await until('the instances firing on the alerts page', async () => ((await alertGroup.locator('.alert-counts').textContent()) === `${expected.length} firing` ? true : undefined), 4 * 60_000, 1000);
    const inNav = `${expected.length} alert${expected.length === 1 ? '' : 's'} firing`;
    await until('the nav counting them firing (it polls every 15 s)', async () => ((await navFiring()) === inNav ? true : undefined), 30_000, 1000);
    const firingAt = Date.now();
    expect(firingAt - pendingAt).toBeGreaterThan(2 * 60_000); // it waited for the `for`
    expect(await text('.alert-summary')).toContain(`${expected.length} firing`);
    for (const instance of expected) {
      const item = alertGroup.locator('li.alert-instance', { hasText: instance });
      expect(await item.locator('.state-tag').first().textContent(), instance).toBe('firing');
      const value = Number(await item.locator('.alert-meta strong').last().textContent());
      expect(value, instance).toBeGreaterThan(threshold);
    }
    log('alert firing');

    // 10. Slack gets the message after the policy's group_wait (30 s): Block Kit with the alert
    //     name, the cluster and the firing status.
    const message = await until('the Slack message about the alert', async () => {
      const found = receiver.requests.find((r) => r.rawBody.toString('utf8').includes(ALERT));
      return found ? found : undefined;
    }, 2 * 60_000, 500);
    expect(message.method).toBe('POST');
    expect(message.headers['content-type']).toContain('application/json');
    const slack = JSON.parse(message.rawBody.toString('utf8'));
    const title = `[FIRING:${expected.length}] ${ALERT} (${DEMO.name})`;
    expect(slack.text).toBe(title);
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `:rotating_light: ${title}`, emoji: true } });
    expect(slack.attachments).toHaveLength(1);
    expect(slack.attachments[0].color).toBe('#ECB22E'); // warning: amber
    const sections = slack.attachments[0].blocks as { type: string; text: { text: string }; fields: { text: string }[]; accessory: { url: string } }[];
    expect(sections).toHaveLength(expected.length);
    for (const [i, instance] of [...expected].entries()) {
      const section = sections.find((s) => s.text.text.includes(`instance="${instance}"`));
      expect(section, instance).toBeDefined();
      expect(section!.type).toBe('section');
      expect(section!.text.text.startsWith(`*${ALERT}*\nLoad on ${instance} is `)).toBe(true);
      expect(section!.fields.map((f) => f.text)).toEqual(expect.arrayContaining([`*Cluster*\n${DEMO.name}`, '*Severity*\nwarning']));
      expect(section!.accessory.url, `section ${i}`).toMatch(new RegExp(`^${base}/alerts/[0-9a-f]{16}$`));
    }
    log('Slack message received');

    // 11. Acknowledge the first instance on the alerts page: who, when and the comment show.
    const first = alertGroup.locator('li.alert-instance', { hasText: expected[0]! });
    const ackStart = Date.now();
    await first.locator('button:has-text("Acknowledge")').click();
    await page.fill('dialog[open] textarea', ACK_COMMENT);
    await page.click('dialog[open] button[type=submit]');
    await first.locator('.alert-ack').waitFor();
    const ack = (await first.locator('.alert-ack').textContent()) ?? '';
    expect(ack).toContain('acknowledged');
    expect(ack).toContain(`by ${ADMIN.email}`);
    expect(ack).toContain(`“${ACK_COMMENT}”`);
    const ackTime = Date.parse((await first.locator('.alert-ack time').getAttribute('datetime'))!);
    expect(ackTime).toBeGreaterThanOrEqual(ackStart - 1000);
    expect(ackTime).toBeLessThanOrEqual(Date.now());
    expect(await first.locator('button:has-text("Acknowledge")').count()).toBe(0);
    expect(await alertGroup.locator('button:has-text("Acknowledge")').count()).toBe(expected.length - 1);
    // Still acknowledged after a reload, and on the alert's own page with its timeline.
    await page.reload();
    await first.locator('.alert-ack').waitFor();
    const alertPath = (await first.locator('a.alert-link').getAttribute('href'))!;
    await first.locator('a.alert-link').click();
    await page.waitForURL(`**${alertPath}`);
    expect(await text('main .alert-ack')).toContain(`by ${ADMIN.email}`);
    expect(await text('ol.timeline')).toMatch(new RegExp(`Acknowledged.*by ${ADMIN.email.replace('.', '\\.')} · “${ACK_COMMENT}”`));
    expect(await text('ol.timeline')).toContain('Started firing');
    expect(await text('ol.timeline')).toMatch(/after 3m( \d+s)? pending/);
    log('acknowledged');

    // 12. The delivery log has the Slack delivery.
    await page.click('nav.sidebar a[href="/notifications"]');
    await page.click('nav.subnav a:has-text("Delivery log")');
    await page.waitForURL('**/notifications/deliveries');
    const delivery = page.locator('details.delivery', { hasText: `alertname=${ALERT}` });
    await delivery.waitFor();
    expect(await delivery.locator('summary .delivery-sent').count()).toBe(1);
    expect(await delivery.textContent()).toContain(CHANNEL);

    await sweep([
      ['alerts', '/alerts', '.alert-ack'],
      ['alert', alertPath, '.alert-ack'],
      ['deliveries', '/notifications/deliveries', 'details.delivery'],
    ]);
    log('done');
    expect(consoleErrors).toEqual([]);
    expect(supervisor.logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  }, 10 * 60_000);

  it('every main page passes axe (no serious or critical violation) in the light and the dark colour scheme', () => {
    const pages = [
      'setup', 'overview', 'clusters', 'cluster', 'alerts', 'alerts-pending', 'alert', 'rules', 'rule-editor', 'rule-editor-backtest', 'rule-templates', 'slos',
      'notifications', 'notifications-empty', 'channel-new', 'channel-form', 'policy', 'silences', 'mute-timings', 'deliveries', 'settings', 'users', 'tokens', 'audit',
    ];
    expect({ checked: [...checkedPages].sort(), findings }).toEqual({ checked: pages.sort(), findings: [] });
  });
});
