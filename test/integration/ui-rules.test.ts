// Alert rules and alerts as a person uses them, in real headless Chromium against a real
// Prometheus: the empty rules page, a rule group written in the CodeMirror PromQL editor (with a
// syntax error shown at the field first), a backtest preview, the saved group in the list, and
// the alerts page's empty state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import { completeFirstRunSetup, launchChromium } from '../support/browser';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startWebApp, type WebApp } from '../support/web-app';

let app: WebApp;
let prometheus: RunningPrometheus;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const EDITOR = '[data-testid="rule-0-expr-editor"] .cm-content';

/** Replaces the CodeMirror document by typing, as a person would (keyboard only). */
async function typePromQL(text: string) {
  await page.click(EDITOR);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  // The completion popup may be open after typing; Escape closes it without changing the text.
  await page.keyboard.press('Escape');
}

beforeAll(async () => {
  [app, prometheus, browser] = await Promise.all([startWebApp(), startPrometheus(), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  const cluster = await app.call('POST', '/api/v1/clusters', { body: { name: 'prod-eu', prometheus: { url: prometheus.url } } });
  expect(cluster.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
  await app?.stop();
});

describe('rules and alerts in the browser', () => {
  it('after setup, the rules page says how to start', async () => {
    await page.goto(`${app.base}/rules`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await completeFirstRunSetup(page);
    await page.goto(`${app.base}/rules`);
    await page.waitForSelector('text=No alert rules yet');
    expect(await page.locator('main a:has-text("Add from template")').count()).toBeGreaterThan(0);
    expect(await page.locator('nav a[href="/rules"]').getAttribute('aria-current')).toBe('page');
  });

  it('bad PromQL comes back as an error at the expression field', async () => {
    await page.click('main a:has-text("New rule group")');
    await page.waitForSelector(EDITOR);
    await page.fill('#group-name', 'Smoke tests');
    await page.fill('#rule-0-alert', 'AlwaysOn');
    await typePromQL('vector(1) >');
    await page.click('button:has-text("Create rule group")');
    await page.waitForSelector('#rule-0-expr-error:not([hidden])');
    expect(await page.textContent('#rule-0-expr-error')).toContain('PromQL syntax error');
    expect(await page.textContent('.error-box')).toContain('rules.0.expr');
    expect(await page.getAttribute(EDITOR, 'aria-invalid')).toBe('true');
  });

  it('the preview backtests the unsaved rule on the chosen cluster', async () => {
    await typePromQL('vector(1) > 0');
    expect(await page.textContent(EDITOR)).toBe('vector(1) > 0');
    expect(await page.inputValue('#preview-cluster')).not.toBe('');
    await page.click('[data-testid="rule-0"] button:has-text("last 1h")');
    await page.waitForSelector('.backtest-result');
    const text = await page.textContent('.backtest-result');
    expect(text).toContain('1 instance became active');
    expect(text).toMatch(/1 notifications? would have been sent \(1 firing/);
    await page.waitForSelector('.backtest-chart canvas');
    expect(await page.textContent('.backtest-result .table-scroll table')).toContain('cluster=prod-eu');
  });

  it('saving lists the group with its rule, scope and interval', async () => {
    await page.click('button:has-text("Create rule group")');
    await page.waitForURL(/\/rules#group-[0-9a-f-]{36}$/);
    await page.waitForSelector('h2:has-text("Smoke tests")');
    const main = await page.textContent('main');
    expect(main).toContain('AlwaysOn');
    expect(main).toContain('vector(1) > 0');
    expect(main).toContain('All clusters');
    expect(main).toContain('Every 1m');
    const groups = await app.call('GET', '/api/v1/rule-groups');
    expect(groups.json.groups).toHaveLength(1);
    expect(groups.json.groups[0].rules[0]).toMatchObject({ alert: 'AlwaysOn', expr: 'vector(1) > 0', severity: 'warning', for: '5m' });
  });

  it('the editor opens the saved group again', async () => {
    await page.click('a[aria-label="Edit Smoke tests"]');
    await page.waitForSelector(EDITOR);
    expect(await page.inputValue('#group-name')).toBe('Smoke tests');
    expect(await page.textContent(EDITOR)).toBe('vector(1) > 0');
  });

  it('the alerts page shows its empty state (no worker evaluates rules here)', async () => {
    await page.goto(`${app.base}/alerts`);
    await page.waitForSelector('text=No alerts firing');
    expect(await page.locator('main a[href="/rules"]').count()).toBeGreaterThan(0);
    await page.goto(`${app.base}/alerts?filter=${encodeURIComponent('team=~')}`);
    expect(await page.getAttribute('#alert-filter', 'aria-invalid')).toBe('true');
  });

  it('a firing alert is acknowledged from the alerts page, and shows who did it', async () => {
    // A firing instance as the worker would store it, for the saved rule on the registered cluster.
    const group = (await app.call('GET', '/api/v1/rule-groups')).json.groups.find((g: { name: string }) => g.name === 'Smoke tests');
    const cluster = (await app.call('GET', '/api/v1/clusters')).json.items[0];
    const labels = { alertname: group.rules[0].alert, cluster: cluster.name };
    const fingerprint = labelsFingerprint(labels);
    const at = Date.now() - 60_000;
    const firing = { fingerprint, labels, annotations: { summary: 'smoke test firing' }, state: 'firing' as const, activeAt: at, firedAt: at, value: 1 };
    await persistTransitions(app.database.prisma, {
      ruleId: group.rules[0].id,
      groupId: group.id,
      clusterId: cluster.id,
      alertname: labels.alertname,
      transitions: [{ kind: 'firing', at, fingerprint, labels, annotations: firing.annotations, value: 1, activeAt: at, firedAt: at }],
      active: new Map([[fingerprint, firing]]),
    });
    await page.goto(`${app.base}/alerts`);
    await page.waitForSelector('text=smoke test firing');
    await page.click('button:has-text("Acknowledge")');
    // An in-page dialog: Escape cancels (nothing acknowledged, focus back on the button) ...
    await page.waitForSelector('dialog[open] textarea');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Acknowledge');
    // ... and Acknowledge sends the comment.
    await page.click('button:has-text("Acknowledge")');
    await page.fill('dialog[open] textarea', 'looking into it');
    await page.click('dialog[open] button[type=submit]');
    await page.waitForSelector('text=acknowledged');
    expect(await page.textContent('.alert-ack')).toContain('by ada@example.com');
    expect(await page.textContent('.alert-ack')).toContain('looking into it');
    expect(await page.locator('button:has-text("Acknowledge")').count()).toBe(0);
  });

  it('no page logged a browser error except the deliberate 422s', () => {
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});
