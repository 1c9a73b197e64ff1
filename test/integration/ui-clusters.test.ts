// The cluster registry as a person uses it, in real headless Chromium: first-run setup,
// register a cluster against a real Prometheus (with a validation error on the way), test it,
// edit it, delete it with confirmation; create an API token; add a user; read the audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeFirstRunSetup, launchChromium, pageSettled } from '../support/browser';
import { installedPrometheusVersion, startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startWebApp, type WebApp } from '../support/web-app';

let app: WebApp;
let prometheus: RunningPrometheus;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [app, prometheus, browser] = await Promise.all([startWebApp(), startPrometheus(), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
});
afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
  await app?.stop();
});

describe('clusters in the browser', () => {
  it('a fresh installation leads to setup, which signs the admin in', async () => {
    await page.goto(`${app.base}/clusters`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await completeFirstRunSetup(page);
    await expect(page.textContent('main')).resolves.toContain('No clusters registered yet');
    await expect(page.textContent('nav')).resolves.toContain('ada@example.com');
  });

  it('registering shows every problem by field, then a passing connection test, then the cluster', async () => {
    await page.click('text=Register cluster');
    await page.fill('#name', 'Prod EU');
    await page.fill('#promUrl', 'prometheus:9090');
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-box');
    const summary = await page.textContent('.error-box');
    expect(summary).toContain('name: must be a DNS label');
    expect(summary).toContain('prometheus.url: expected an http:// or https:// URL');
    expect(await page.getAttribute('#name', 'aria-invalid')).toBe('true');

    await page.fill('#name', 'prod-eu');
    await page.fill('#displayName', 'Production EU');
    await page.fill('#labels', 'env=prod\nregion=eu');
    await page.fill('#promUrl', prometheus.url);
    await page.click('text=Test connection');
    await page.waitForSelector('.checks');
    expect(await page.textContent('.checks')).toContain(`reachable, version ${installedPrometheusVersion()}`);
    await expect(page.locator('.error-box').count()).resolves.toBe(0);

    await page.click('button[type=submit]');
    await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
    expect(await page.textContent('h1')).toBe('Production EU');
  });

  it('"Test connection" on the cluster page records it as healthy with its version', async () => {
    await page.click('text=Test connection');
    await page.waitForSelector('.status-healthy');
    expect(await page.textContent('main')).toContain(installedPrometheusVersion());
    await page.goto(`${app.base}/clusters?selector=${encodeURIComponent('region in (eu)')}`);
    expect(await page.textContent('tbody')).toContain('Production EU');
    await page.goto(`${app.base}/clusters?selector=${encodeURIComponent('region=us')}`);
    await pageSettled(page);
    expect(await page.textContent('main')).toContain('No cluster matches');
  });

  it('editing keeps what was not touched', async () => {
    await page.goto(`${app.base}/clusters`);
    await page.click('text=Production EU');
    await page.click('text=Edit');
    await page.fill('#description', 'Frankfurt');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
    await pageSettled(page);
    const text = await page.textContent('main');
    expect(text).toContain('Frankfurt');
    expect(text).toContain('env=prod');
  });

  it('an API token is shown once and works', async () => {
    await page.goto(`${app.base}/settings/tokens`);
    await page.fill('#token-name', 'ci');
    await page.selectOption('#token-role', 'viewer');
    await page.click('text=Create token');
    const token = (await page.textContent('[data-testid=new-token]'))!;
    expect(token).toMatch(/^kw_/);
    const me = await app.call('GET', '/api/v1/me', { as: { token } });
    expect(me.json).toMatchObject({ email: 'ada@example.com', role: 'viewer' });
    await page.reload();
    expect(await page.textContent('main')).not.toContain(token);
  });

  it('an admin adds a user; the audit log shows who did what', async () => {
    await page.goto(`${app.base}/settings/users`);
    await page.fill('#user-email', 'vic@example.com');
    await page.fill('#user-name', 'Vic');
    await page.fill('#user-password', 'short');
    await page.click('text=Add user');
    await page.waitForSelector('text=must be at least 12 characters');
    await page.fill('#user-password', 'vic-password-1234');
    await page.click('text=Add user');
    await page.waitForSelector('text=Delete vic@example.com');
    await page.goto(`${app.base}/settings/audit`);
    const log = await page.textContent('table');
    for (const action of ['user.create', 'cluster.create', 'cluster.update', 'token.create']) expect(log).toContain(action);
  });

  it('deleting asks for the name first', async () => {
    await page.goto(`${app.base}/clusters`);
    await page.click('text=Production EU');
    await page.click('button:has-text("Delete")');
    const confirm = page.locator('dialog button:has-text("Delete cluster")');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('#confirm-name', 'prod-eu');
    await confirm.click();
    await page.waitForURL('**/clusters');
    await pageSettled(page);
    expect(await page.textContent('main')).toContain('No clusters registered yet');
  });

  it('no page logged a browser error except the deliberate 422s', () => {
    expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});
