// SLOs as a person uses them, in real headless Chromium against the built web app and a real
// Prometheus holding 7 days of synthetic request counters with known error shares: the empty
// list and its next steps, a template opened in the form (a query without {{window}} refused at
// its field, the live alert table following the objective and window), the saved SLO "not
// computed yet", its numbers computed as the worker does and checked against values computed here
// from the counters, the charts, the list's words, the generated rule group tagged and read-only,
// the exports (a Pyrra refusal says why), the viewer's read-only view, and deleting. Every SLO
// page is photographed in light and dark (list and detail also at 390 px); no page scrolls
// sideways on a phone and no browser error is logged.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationText } from '../../app/components/format';
import { ClusterClients } from '../../lib/collect/cluster-clients';
import { parseSettings } from '../../lib/config/env';
import { createLogger } from '../../lib/log/logger';
import { startLocalPrometheus, type LocalPrometheus } from '../../lib/prometheus/local-prometheus';
import { createCoreContext, type CoreContext } from '../../lib/runtime/app-context';
import { refreshAllSloStatuses } from '../../lib/slo/service/slo-status-loop';
import { systemClock } from '../../lib/time/clock';
import { completeFirstRunSetup, launchChromium, pageSettled, pageSignedInAs } from '../support/browser';
import { startWebApp, type WebApp } from '../support/web-app';
import { requestCounters, type RequestCounters } from '../support/request-counters';

const SHOTS = 'test-results/screenshots';
const VIEWER = { name: 'Vic Viewer', email: 'vic@example.com', password: 'vic-password-123', role: 'viewer' };
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const TOTAL_RATE = 10; // requests per second, always
const OBJECTIVE = 99.5;
const ALLOWED = 0.005;
const NAME = 'checkout-availability';
const ERRORS_QUERY = 'sum(rate(kw_requests_total{code=~"5.."}[{{window}}]))';
const TOTAL_QUERY = 'sum(rate(kw_requests_total[{{window}}]))';

/** The share of failing requests in hour `h` since the data starts (changes only at whole hours). */
function errorShare(h: number): number {
  if (h >= 60 && h < 66) return 0.05; // an incident on day 3
  if (h >= 170) return 0.02; // burning 4x the budget for the last 5-6 hours: tickets, no page
  return 0.001;
}

let app: WebApp;
let prometheus: LocalPrometheus;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let core: CoreContext;
let dataDir: string;
let start: number; // where the data starts: a whole UTC hour
let now: number; // when the numbers are computed: a whole minute, a few minutes ago
let sloId: string;
let otherId: string;
const consoleErrors: string[] = [];

let requests: RequestCounters;
const counters = (t: number) => requests.at(t);

/** The numbers the SLO must show, from the counters: the 7d period starts at the hour holding now - 7d. */
function expected() {
  const from = Math.floor((now - 7 * D) / H) * H;
  const errors = counters(now).errors - counters(from).errors;
  const total = errors + counters(now).good - counters(from).good;
  const ratio = errors / total;
  const remaining = 1 - ratio / ALLOWED;
  return { from, sli: 1 - ratio, remaining, minutes: remaining * ALLOWED * 7 * 24 * 60, exhaustionMs: (remaining * 7 * D) / 4 };
}

function watch(p: Page) {
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url()}: ${m.text()}`));
  p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
}

/** A full-page screenshot in the light and the dark colour scheme (charts redraw on the switch). */
async function shoot(name: string, p: Page = page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme });
    await p.waitForTimeout(200);
    await p.screenshot({ path: `${SHOTS}/slos-${name}-${colorScheme}.png`, fullPage: true });
  }
  await p.emulateMedia({ colorScheme: 'light' });
}

/** "13h 38m", "14h", "2d 3h" back to milliseconds. */
function durationMs(text: string): number {
  const unit: Record<string, number> = { d: D, h: H, m: M, s: S };
  return text.split(' ').reduce((sum, part) => sum + Number(part.slice(0, -1)) * unit[part.slice(-1)]!, 0);
}

/** How far the page scrolls sideways (0: it fits). */
const sidewaysOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const text = async (selector: string, p: Page = page) => ((await p.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  now = Math.floor((Date.now() - 6 * M) / M) * M;
  start = Math.floor(now / H) * H - 175 * H; // 7d + 7h (and the minutes of now's hour) of data
  requests = requestCounters(start, TOTAL_RATE, errorShare);
  [app, prometheus, browser] = await Promise.all([startWebApp(), startLocalPrometheus(), launchChromium()]);
  await requests.write(prometheus.url, now + 5 * M);
  const cluster = await app.call('POST', '/api/v1/clusters', { body: { name: 'shop-eu', prometheus: { url: prometheus.url } } });
  expect(cluster.status, cluster.text).toBe(201);
  // The worker's view of the web app's database (the cluster has no secrets: any key will do).
  dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-ui-slos-'));
  core = await createCoreContext(parseSettings({ DATABASE_URL: app.database.url, DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('base64') }), app.database.prisma, createLogger('test', 'error'));
  await mkdir(SHOTS, { recursive: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  watch(page);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('SLOs in the browser', () => {
  it('after setup, the empty SLO list explains and offers a template or a new SLO', async () => {
    await page.goto(`${app.base}/slos`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await completeFirstRunSetup(page);
    await page.goto(`${app.base}/slos`);
    await page.waitForSelector('text=No SLOs yet');
    expect(await text('.empty')).toContain('error budget');
    expect(await page.locator('main .empty a:has-text("Add from template")').count()).toBe(1);
    expect(await page.locator('main .empty a:has-text("New SLO")').count()).toBe(1);
    expect(await page.locator('nav.sidebar a[href="/slos"]').getAttribute('aria-current')).toBe('page');
    await shoot('list-empty');
  });

  it('the templates are cards that open the form', async () => {
    await page.click('main .empty a:has-text("Add from template")');
    await page.waitForURL('**/slos/templates');
    await pageSettled(page);
    expect(await page.locator('.template-card').count()).toBe(3);
    expect(await text('main')).toContain('Kubernetes API server latency');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('templates');
    await page.click('a[aria-label="Use this template: Kubernetes API server availability"]');
    await page.waitForURL('**/slos/new?template=apiserver-availability');
    expect(await page.inputValue('#slo-name')).toBe('apiserver-availability');
    expect(await page.inputValue('#slo-objective')).toBe('99.9');
    expect(await page.inputValue('#slo-window')).toBe('30d');
    expect(await page.inputValue('#sli-ratio-query')).toContain('apiserver_request_total');
    // The alerts of a 99.9% / 30d SLO: the workbook's table.
    const preview = await text('[data-testid="alert-preview"]');
    expect(preview).toContain('43m 12s of full outage');
    expect(await page.locator('.slo-alert-table tbody tr').count()).toBe(4);
    expect(await text('.slo-alert-table tbody tr:first-child')).toMatch(/page.*1h \/ 5m.*1\.44% errors.*burn rate 14\.4×.*2%.*in 1h/);
  });

  it('the live alert table follows the objective and window; a query without {{window}} is refused at its field', async () => {
    await page.fill('#slo-name', NAME);
    await page.fill('#slo-description', 'Checkout requests answered without a 5xx.');
    await page.fill('#slo-objective', String(OBJECTIVE));
    await page.selectOption('#slo-window', '7d');
    await page.fill('#sli-ratio-query', 'sum(rate(kw_requests_total{code=~"5.."}[5m]))');
    await page.fill('#sli-total', TOTAL_QUERY);
    await page.click('button:has-text("Add label")');
    await page.fill('#slo-labels-0-key', 'team');
    await page.fill('#slo-labels-0-value', 'checkout');
    // 7d scales the windows (factors kept); 14.4 × 0.5% = 7.2%.
    const rows = page.locator('.slo-alert-table tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await text('.slo-alert-table tbody tr:nth-child(1)')).toMatch(/page.*14m \/ 1m10s.*7\.2% errors.*burn rate 14\.4×/);
    expect(await text('.slo-alert-table tbody tr:nth-child(4)')).toMatch(/ticket.*16h48m \/ 1h24m.*0\.5% errors.*burn rate 1×/);
    await page.uncheck('#alert-page');
    expect(await rows.count()).toBe(2);
    await page.check('#alert-page');

    await page.click('button:has-text("Create SLO")');
    await page.waitForSelector('#sli-ratio-query-error');
    expect(await text('#sli-ratio-query-error')).toContain('{{window}}');
    expect(await page.getAttribute('#sli-ratio-query', 'aria-invalid')).toBe('true');
    expect(await text('#slo-problems')).toContain('sli.errors');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('new');

    await page.fill('#sli-ratio-query', ERRORS_QUERY);
    await page.click('button:has-text("Create SLO")');
    await page.waitForURL(/\/slos\/[0-9a-f-]{36}$/);
    sloId = page.url().split('/').pop()!;
    const stored = (await app.call('GET', `/api/v1/slos/${sloId}`)).json;
    expect(stored.spec).toMatchObject({ name: NAME, objective: OBJECTIVE, window: '7d', labels: { team: 'checkout' }, sli: { type: 'ratio', errors: ERRORS_QUERY, total: TOTAL_QUERY } });
  });

  it('a new SLO says it is not computed yet', async () => {
    await page.waitForSelector('text=Not computed yet');
    expect(await text('.slo-not-computed')).toContain('once a minute');
    expect(await text('h1')).toBe(NAME);
    expect(await text('main')).toContain('Checkout requests answered without a 5xx.');
    await shoot('detail-not-computed');
  });

  it('once computed, the detail shows the numbers of the synthetic data and draws the charts', async () => {
    expect(await refreshAllSloStatuses(core, new ClusterClients({ timeoutMs: 5000, clock: systemClock }), new Date(now))).toBe(0);
    await page.reload();
    await page.waitForSelector('[data-testid="slo-numbers"]');
    const want = expected();
    expect(want.remaining).toBeGreaterThan(0);
    expect(want.remaining).toBeLessThan(0.5);
    expect(await text('[data-testid="sli"]')).toBe(`${(want.sli * 100).toFixed(2)}%`);
    const budget = await text('.slo-stat [data-testid="budget"]');
    expect(budget).toContain(`${(want.remaining * 100).toFixed(1)}%`);
    expect(budget).toContain('at risk');
    expect(await page.getAttribute('.slo-stat [role="meter"]', 'aria-valuetext')).toBe(`${(want.remaining * 100).toFixed(1)}% left, at risk`);
    expect(await text('[data-testid="budget-minutes"]')).toBe(`${durationText(want.minutes * M)} of full outage left`);
    // 2% errors against 0.5% allowed over the last hour: burning 4x.
    expect(await text('[data-testid="burn-rate"]')).toBe('4.00×');
    // remaining × 7d / 4, in hours and minutes (durationText's two largest units).
    expect(Math.abs(durationMs(await text('[data-testid="exhaustion"]')) - want.exhaustionMs)).toBeLessThan(2 * M);
    expect(await text('.slo-stat:has([data-testid="exhaustion"])')).toContain('at this rate (4.00× over the last hour)');
    expect(await text('.slo-cluster-title')).toContain('breaching: ticket');
    expect(await text('.slo-cluster-title')).not.toContain('breaching: page');

    const rows = await page.locator('[data-testid="burn-table"] tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => /yes$/.test(r.trim()))).toEqual([false, false, true, true]);
    expect(rows[0]).toContain('14m / 1m10s');
    expect(rows[2]).toContain('4.00×');

    await page.waitForSelector('[data-testid="chart-sli"] canvas');
    await page.waitForSelector('[data-testid="chart-budget"] canvas');
    const clusterId = (await app.call('GET', `/api/v1/slos/${sloId}`)).json.statuses[0].clusterId;
    const history = (await app.call('GET', `/api/v1/slos/${sloId}/history?cluster=${clusterId}`)).json;
    expect(history.points.length).toBeGreaterThanOrEqual(168);
    expect(history.points[0].budgetRemaining).toBeLessThanOrEqual(1);
    expect(history.points.at(-1).budgetRemaining).toBeCloseTo(want.remaining, 1);
    // A time range (the charts' picker) picks the hours shown; the budget stays cumulative over the period.
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 24 * 3600_000).toISOString();
    const day = (await app.call('GET', `/api/v1/slos/${sloId}/history?cluster=${clusterId}&from=${from}&to=${to}`)).json;
    expect(day.points.length).toBeGreaterThanOrEqual(23);
    expect(day.points.length).toBeLessThanOrEqual(25);
    expect(day.points.at(-1)).toEqual(history.points.at(-1));
    const backwards = await app.call('GET', `/api/v1/slos/${sloId}/history?cluster=${clusterId}&from=${to}&to=${from}`);
    expect(backwards.status).toBe(422);
    expect(backwards.json.error.issues).toEqual([{ path: 'to', message: 'to must be after from' }]);

    expect(await page.getAttribute('a:has-text("Alerts of this SLO")', 'href')).toBe(`/alerts?filter=${encodeURIComponent(`slo="${NAME}"`)}`);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('detail');
  });

  it('the list shows the SLO with its budget in words, burn rate and time to exhaustion', async () => {
    // A second SLO (good / total over 28d) that is not computed yet: listed after it.
    const other = await app.call('POST', '/api/v1/slos', {
      body: { name: 'checkout-success', objective: 99, window: '28d', sli: { type: 'ratio', good: 'sum(rate(kw_requests_total{code="200"}[{{window}}]))', total: TOTAL_QUERY } },
    });
    expect(other.status, other.text).toBe(201);
    otherId = other.json.id;
    await page.goto(`${app.base}/slos`);
    await page.waitForSelector(`[data-slo="${NAME}"]`);
    expect(await page.locator('.slo-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-slo')))).toEqual([NAME, 'checkout-success']);
    const card = await text(`[data-slo="${NAME}"]`);
    const want = expected();
    expect(card).toContain('99.5% over 7d');
    expect(card).toContain('ratio (errors / total)');
    expect(card).toContain('shop-eu');
    expect(card).toContain(`${(want.remaining * 100).toFixed(1)}%`);
    expect(card).toContain('at risk');
    expect(card).toContain('burn rate 4.00×');
    expect(Math.abs(durationMs(/at this rate: ((?:\d+[dhms] ?)+)/.exec(card)![1]!.trim()) - want.exhaustionMs)).toBeLessThan(2 * M);
    expect(card).toContain('breaching: ticket');
    expect(await text('[data-slo="checkout-success"]')).toContain('Not computed yet');
    expect(await text('[data-slo="checkout-success"]')).toContain('ratio (good / total)');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('list');
  });

  it('the generated rule group is tagged "from SLO" and its editor is read-only', async () => {
    await page.goto(`${app.base}/rules`);
    const tag = page.locator(`a.slo-tag:has-text("from SLO ${NAME}")`);
    await tag.waitFor();
    expect(await tag.getAttribute('href')).toBe(`/slos/${sloId}`);
    await page.click(`a[aria-label="View slo:${NAME}"]`);
    await page.waitForURL(/\/rules\/[0-9a-f-]{36}\/edit$/);
    await page.waitForSelector('[data-testid="rule-0-expr-editor"] .cm-content');
    expect(await text('.read-only-note')).toContain('change the SLO instead');
    expect(await page.isDisabled('#group-name')).toBe(true);
    expect(await page.isDisabled('#rule-0-alert')).toBe(true);
    expect(await page.getAttribute('[data-testid="rule-0-expr-editor"] .cm-content', 'contenteditable')).toBe('false');
    expect(await page.locator('button:has-text("Save changes")').count()).toBe(0);
    expect(await page.locator('button:has-text("Delete group")').count()).toBe(0);
    expect(await page.getAttribute('a:has-text("Edit the SLO")', 'href')).toBe(`/slos/${sloId}/edit`);
    // The API agrees: the group changes through the SLO only.
    const groupId = page.url().split('/').at(-2)!;
    const refused = await app.call('PATCH', `/api/v1/rule-groups/${groupId}`, { body: { paused: true } });
    expect(refused.status).toBe(409);
    await shoot('rule-group-read-only');
  });

  it('the edit form opens the stored SLO and saves back to the detail', async () => {
    await page.goto(`${app.base}/slos/${sloId}`);
    await page.click('main a:has-text("Edit")');
    await page.waitForURL(`**/slos/${sloId}/edit`);
    expect(await page.inputValue('#slo-name')).toBe(NAME);
    expect(await page.inputValue('#slo-objective')).toBe(String(OBJECTIVE));
    expect(await page.inputValue('#slo-window')).toBe('7d');
    expect(await page.inputValue('#sli-ratio-query')).toBe(ERRORS_QUERY);
    expect(await page.inputValue('#slo-labels-0-value')).toBe('checkout');
    await page.fill('#runbook-url', 'not a url');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('#runbook-url-error');
    expect(await page.getAttribute('#runbook-url', 'aria-invalid')).toBe('true');
    await page.fill('#runbook-url', 'https://runbooks.example.com/checkout');
    await page.fill('#slo-description', 'Checkout requests without a 5xx (edited).');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('edit');
    await page.click('button:has-text("Save changes")');
    await page.waitForURL(`${app.base}/slos/${sloId}`);
    await pageSettled(page);
    expect(await text('main')).toContain('(edited)');
    // Only the description and runbook changed: the numbers stay.
    await page.waitForSelector('[data-testid="slo-numbers"]');
    expect(await text('.slo-definition')).toContain('https://runbooks.example.com/checkout');
  });

  it('the export menu downloads Sloth, Pyrra and Prometheus YAML, and says why Pyrra is refused', async () => {
    const download = async (label: string) => {
      await page.click('summary:has-text("Export")');
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.menu-item:has-text("${label}")`)]);
      return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
    };
    const rules = await download('Prometheus rules');
    expect(rules.name).toBe(`${NAME}.rules.yml`);
    expect(rules.text).toContain('groups:');
    expect(rules.text).toContain('slo:sli_error:ratio_rate');
    expect(rules.text).toContain('kw_requests_total');
    expect(await text('.export-outcome')).toContain(`Downloaded ${NAME}.rules.yml`);
    const sloth = await download('Sloth spec');
    expect(sloth.text).toContain('version: prometheus/v1');
    expect(sloth.text).toContain(NAME);
    const pyrra = await download('Pyrra SLO');
    expect(pyrra.text).toContain('kind: ServiceLevelObjective');
    expect(pyrra.text).toContain('kw_requests_total');

    // The good / total SLO cannot be a Pyrra resource: the reason is shown, nothing downloads.
    await page.goto(`${app.base}/slos/${otherId}`);
    await page.click('summary:has-text("Export")');
    await page.click('.menu-item:has-text("Pyrra SLO")');
    await page.waitForSelector('.export-outcome.error-box');
    const refusal = await text('.export-outcome');
    expect(refusal).toContain('cannot be written as a Pyrra');
    expect(refusal).toContain('needs the failed events');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot('detail-pyrra-refused');
  });

  it('on a phone (390 px) the list and the detail fit the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await context.storageState() });
    const mobile = await phone.newPage();
    watch(mobile);
    await mobile.goto(`${app.base}/slos`);
    await mobile.waitForSelector(`[data-slo="${NAME}"]`);
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('list-390', mobile);
    await mobile.goto(`${app.base}/slos/${sloId}`);
    await mobile.waitForSelector('[data-testid="chart-budget"] canvas');
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('detail-390', mobile);
    await mobile.goto(`${app.base}/slos/new?template=apiserver-latency`);
    await mobile.waitForSelector('#sli-metric');
    expect(await sidewaysOverflow(mobile)).toBeLessThanOrEqual(0);
    await shoot('new-390', mobile);
    await phone.close();
  });

  it('a viewer reads everything and sees no write buttons', async () => {
    const created = await app.call('POST', '/api/v1/users', { body: VIEWER });
    expect(created.status, created.text).toBe(201);
    const { cookie } = await app.signIn(VIEWER.email, VIEWER.password);
    const viewer = await pageSignedInAs(browser, app.base, cookie);
    watch(viewer);
    await viewer.goto(`${app.base}/slos`);
    await viewer.waitForSelector(`[data-slo="${NAME}"]`);
    expect(await viewer.locator('main a:has-text("New SLO")').count()).toBe(0);
    expect(await viewer.locator('main a:has-text("Add from template")').count()).toBe(0);
    await viewer.click(`a:has-text("${NAME}")`);
    await viewer.waitForSelector('[data-testid="slo-numbers"]');
    expect(await viewer.locator('main a:has-text("Edit")').count()).toBe(0);
    expect(await viewer.locator('main button:has-text("Delete")').count()).toBe(0);
    expect(await viewer.locator('summary:has-text("Export")').count()).toBe(1);
    await viewer.goto(`${app.base}/slos/new`);
    expect(new URL(viewer.url()).pathname).toBe('/clusters');
    await viewer.context().close();
  });

  it('deleting an SLO removes it and its rule group', async () => {
    const groupsBefore = (await app.call('GET', '/api/v1/rule-groups')).json.groups.map((g: { name: string }) => g.name);
    expect(groupsBefore).toContain('slo:checkout-success');
    await page.goto(`${app.base}/slos/${otherId}`);
    await page.click('main button:has-text("Delete")');
    await page.click('dialog button:has-text("Delete SLO")');
    await page.waitForURL(`${app.base}/slos`);
    await page.waitForSelector(`[data-slo="${NAME}"]`);
    expect(await page.locator('[data-slo="checkout-success"]').count()).toBe(0);
    expect((await app.call('GET', `/api/v1/slos/${otherId}`)).status).toBe(404);
    const groupsAfter = (await app.call('GET', '/api/v1/rule-groups')).json.groups.map((g: { name: string }) => g.name);
    expect(groupsAfter).not.toContain('slo:checkout-success');
    expect(groupsAfter).toContain(`slo:${NAME}`);
  });

  it('no browser errors were logged (besides the refused saves and export)', () => {
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});

