// The command palette, the time range picker and the acknowledge dialog, in real headless
// Chromium against the built app and a real Prometheus: keyboard only where a person would use
// it, axe-core on the open palette and dialog (light and dark), and screenshots of each
// (test-results/screenshots/palette-*.png).
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeFirstRunSetup, launchChromium } from '../support/browser';
import { storeFiringAlert } from '../support/firing-alert';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startWebApp, type WebApp } from '../support/web-app';

const SHOTS = 'test-results/screenshots';
let app: WebApp;
let prometheus: RunningPrometheus;
let browser: Browser;
let page: Page;
let cluster: { id: string; name: string };
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [app, prometheus, browser] = await Promise.all([startWebApp(), startPrometheus(), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  const created = await app.call('POST', '/api/v1/clusters', { body: { name: 'palette-prod-eu', displayName: 'Palette Prod EU', labels: { env: 'prod', region: 'eu' }, prometheus: { url: prometheus.url } } });
  expect(created.status).toBe(201);
  cluster = { id: created.json.id, name: created.json.name };
  const group = await app.call('POST', '/api/v1/rule-groups', { body: { name: 'palette-rules', interval: '1m', scope: { type: 'all' }, rules: [{ alert: 'PaletteAlert', expr: 'vector(1)', for: '0s' }] } });
  expect(group.status, group.text).toBe(201);
  await storeFiringAlert(app, { ruleId: group.json.rules[0].id, groupId: group.json.id, alertname: 'PaletteAlert', cluster, summary: 'palette test firing' });
});
afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
  await app?.stop();
});

/** axe-core on what is on screen now: serious and critical violations, in both colour schemes, with a screenshot of each. */
async function audit(name: string) {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${colorScheme} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    await page.screenshot({ path: `${SHOTS}/palette-${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

describe('command palette, time range picker and acknowledge dialog', () => {
  it('the nav has a Search button and a live count of firing alerts', async () => {
    await page.goto(`${app.base}/overview`);
    await completeFirstRunSetup(page);
    await page.goto(`${app.base}/overview`);
    await page.waitForSelector('[data-testid="nav-firing"]');
    expect(await page.textContent('[data-testid="nav-firing"]')).toBe('1 alert firing');
    expect(await page.locator('nav button:has-text("Search")').count()).toBe(1);
  });

  it('Ctrl+K opens the palette; typing finds the cluster; Enter goes to it; Escape restores focus', async () => {
    // Lazy: the palette's code is fetched on first use, not with the page.
    await page.keyboard.press('Control+K');
    const input = page.locator('dialog[open] input[role="combobox"]');
    await input.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    // Empty: pages and actions.
    expect(await page.textContent('dialog[open] [role="listbox"]')).toContain('Register a cluster');
    await page.keyboard.type('palette');
    await page.waitForSelector('dialog[open] [role="option"][data-kind="rule"]');
    // Arrow keys move the highlight (and wrap around at the ends).
    const first = await input.getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await page.locator('dialog[open] [role="option"]').last().getAttribute('id'));
    await page.keyboard.type(' env=prod');
    await page.waitForSelector('dialog[open] [role="option"][data-kind="rule"]', { state: 'detached' });
    expect(await page.getAttribute('dialog[open] [role="option"][data-kind="cluster"]', 'data-href')).toBe(`/clusters/${cluster.id}`);
    expect(await page.textContent('dialog[open] [role="group"]:has([data-kind="cluster"])')).toContain('Clusters');
    // The first option is the active descendant and marked selected.
    const activeId = await input.getAttribute('aria-activedescendant');
    expect(await page.getAttribute(`#${activeId}`, 'aria-selected')).toBe('true');
    expect(await page.getAttribute(`#${activeId}`, 'data-kind')).toBe('cluster');
    expect(await audit('open')).toEqual([]);

    await page.keyboard.press('Enter');
    await page.waitForURL(`**/clusters/${cluster.id}**`);
    await page.waitForSelector('h1:has-text("Palette Prod EU")');

    // "/" opens it too (not while typing in a field); Escape closes it and focus returns.
    await page.focus('nav button:has-text("Search")');
    await page.keyboard.press('/');
    await input.waitFor();
    await page.keyboard.type('alerts');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.palette', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Search');
  });

  it('the palette finds the firing alert and pages, and says when nothing matches', async () => {
    await page.click('nav button:has-text("Search")');
    await page.keyboard.type('PaletteAlert');
    await page.waitForSelector('dialog[open] [role="option"][data-kind="alert"]');
    expect(await page.textContent('dialog[open] [data-kind="alert"]')).toContain('PaletteAlert on palette-prod-eu');
    await page.fill('dialog[open] input', 'silences');
    await page.waitForSelector('dialog[open] [role="option"][data-href="/notifications/silences"]');
    await page.fill('dialog[open] input', 'zzzz-nothing');
    await page.waitForSelector('dialog[open] [role="status"]:has-text("Nothing matches")');
    await page.keyboard.press('Escape');
  });

  it('the time range picker changes the URL, re-queries the charts, and is remembered', async () => {
    await page.goto(`${app.base}/clusters/${cluster.id}`);
    await page.waitForSelector('[data-testid="time-range-picker"]');
    await page.waitForURL(/[?&]range=1h/); // the default, written into the URL so the link shares it
    const bodies: { start: string; end: string; stepSeconds: number }[] = [];
    const listen = (r: Request) => {
      if (r.method() === 'POST' && r.url().endsWith('/query_range')) bodies.push(r.postDataJSON());
    };
    page.on('request', listen);
    await page.click('button[title="Last 6 hours"]');
    await page.waitForURL(/[?&]range=6h/);
    await expect.poll(() => bodies.length).toBeGreaterThanOrEqual(10); // every series of every chart (4 charts, 10 series)
    const span = (b: { start: string; end: string }) => Date.parse(b.end) - Date.parse(b.start);
    expect(bodies.every((b) => span(b) === 6 * 3600_000)).toBe(true);
    expect(await page.getAttribute('button[title="Last 6 hours"]', 'aria-pressed')).toBe('true');

    // Custom: a bad window is refused at the field, a good one applied.
    bodies.length = 0;
    await page.click('button:has-text("Custom…")');
    const fromInput = page.locator('.range-custom input').first();
    const toInput = page.locator('.range-custom input').nth(1);
    await fromInput.fill('2026-01-02T10:00');
    await toInput.fill('2026-01-02T09:00');
    await page.click('.range-custom button[type="submit"]');
    expect(await page.textContent('.range-custom [role="alert"]')).toBe('The end must be after the start.');
    expect(await toInput.getAttribute('aria-invalid')).toBe('true');
    const end = new Date(Date.now() - 3600_000);
    const start = new Date(end.getTime() - 2 * 3600_000);
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await fromInput.fill(local(start));
    expect(await page.locator('.range-custom [role="alert"]').count()).toBe(0); // editing clears the message
    await toInput.fill(local(end));
    await page.screenshot({ path: `${SHOTS}/palette-picker-custom-light.png` });
    await page.click('.range-custom button[type="submit"]');
    await page.waitForURL(/[?&]from=.*&to=/);
    await expect.poll(() => bodies.length).toBeGreaterThanOrEqual(10);
    expect(bodies.every((b) => span(b) === 2 * 3600_000)).toBe(true);
    page.off('request', listen);
    expect(await page.textContent('.range-current')).toMatch(/ to .* UTC$/);

    // The range is remembered: another chart page without one in its URL starts from it.
    await page.click('button[title="Last 24 hours"]');
    await page.waitForURL(/[?&]range=24h/);
    await page.waitForSelector('.charts canvas');
    await page.locator('section:has(> .charts)').screenshot({ path: `${SHOTS}/palette-charts-24h-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('[data-testid="time-range-picker"]').screenshot({ path: `${SHOTS}/palette-picker-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('[data-testid="time-range-picker"]').screenshot({ path: `${SHOTS}/palette-picker-light.png` });
    await page.goto(`${app.base}/clusters/${cluster.id}`);
    await page.waitForURL(/[?&]range=24h/);
    // A bad range in a link is reported, not used.
    await page.goto(`${app.base}/clusters/${cluster.id}?range=2y`);
    await page.waitForSelector('.range-problem:has-text("Unknown range")');
    // Keyboard: the presets are buttons in the tab order.
    await page.focus('button[title="Last 15 minutes"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]range=15m/);
  });

  it('acknowledging goes through the in-page dialog, which passes axe', async () => {
    await page.goto(`${app.base}/alerts`);
    await page.waitForSelector('text=palette test firing');
    await page.click('button:has-text("Acknowledge")');
    await page.waitForSelector('dialog[open] textarea');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.fill('dialog[open] textarea', 'on it');
    expect(await audit('ack-dialog')).toEqual([]);
    // Focus stays in the modal dialog: Tab cycles its controls only.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null || document.activeElement === document.body)).toBe(true);
    }
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('.alert-ack');
    expect(await page.textContent('.alert-ack')).toContain('acknowledged');
    expect(await page.textContent('.alert-ack')).toContain('on it');
    expect((await app.call('GET', '/api/v1/alerts')).json.alerts[0].acknowledgement).toMatchObject({ by: 'ada@example.com', comment: 'on it' });
  });

  it('no page logged a browser error', () => {
    expect(consoleErrors.filter((e) => !/query_range|502|503/.test(e))).toEqual([]);
  });
});
