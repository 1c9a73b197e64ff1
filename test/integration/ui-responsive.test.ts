// The visual system on a phone and a laptop, in real headless Chromium against the built app:
// every main page at 390x844 has no sideways page scrolling (wide tables scroll in their own
// focusable region), the menu button opens and closes the navigation with the keyboard, the skip
// link comes first, the theme switch sets <html data-theme> and survives a reload, and axe-core
// finds no serious or critical problem at phone width in the light and the dark theme.
// Screenshots: test-results/screenshots/phone-<page>-<theme>.png and laptop-<page>-<theme>.png.
import { mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeFirstRunSetup, launchChromium } from '../support/browser';
import { startWebApp, type WebApp } from '../support/web-app';

const SHOTS = 'test-results/screenshots';
const ADMIN = { name: 'Ada', email: 'ada@example.com', password: 'ada-password-123' };
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };
const THEMES = ['light', 'dark'] as const;

let app: WebApp;
let browser: Browser;
let cookie: string;
let clusterId: string;
const consoleErrors: string[] = [];

/** name, path: the main pages, with something on them (a cluster, a rule group, an SLO, a channel) and some still empty. */
function mainPages(): [string, string][] {
  return [
    ['overview', '/overview'],
    ['clusters', '/clusters'],
    ['cluster', `/clusters/${clusterId}`],
    ['cluster-new', '/clusters/new'],
    ['alerts', '/alerts'],
    ['rules', '/rules'],
    ['rule-new', '/rules/new'],
    ['rule-templates', '/rules/templates'],
    ['slos', '/slos'],
    ['notifications', '/notifications'],
    ['policy', '/notifications/policy'],
    ['silences', '/notifications/silences'],
    ['mute-timings', '/notifications/mute-timings'],
    ['deliveries', '/notifications/deliveries'],
    ['settings', '/settings'],
    ['audit', '/settings/audit'],
  ];
}

async function newContext(viewport: { width: number; height: number }, theme?: 'light' | 'dark' | 'system'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  const cookies = cookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: app.base }));
  if (theme) cookies.push({ name: 'kubewatch-theme', value: theme, url: app.base });
  await context.addCookies(cookies);
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  // The cluster's Prometheus is unreachable on purpose: its charts' queries answer 502.
  page.on('console', (m) => m.type() === 'error' && !/status of 502/.test(m.text()) && consoleErrors.push(`${path}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
  await page.goto(`${app.base}${path}`);
  await page.waitForSelector('main h1');
  await page.waitForLoadState('networkidle');
  return page;
}

/** Elements that stick out to the right of the viewport (what makes the page scroll sideways). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        if (box.right > width + 0.5 && box.width > 0) {
          const scrollParent = element.closest('.table-scroll, pre, .cm-scroller');
          if (!scrollParent || scrollParent === element) culprits.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} right=${Math.round(box.right)}`);
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits: culprits.slice(0, 8) };
  });
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebApp(), launchChromium()]);
  await mkdir(SHOTS, { recursive: true });
  const setup = await (await browser.newContext({ viewport: PHONE })).newPage();
  await setup.goto(`${app.base}/clusters`);
  await completeFirstRunSetup(setup, ADMIN);
  ({ cookie } = await app.signIn(ADMIN.email, ADMIN.password));

  // Some content with long names and labels, where narrow screens break first.
  const cluster = await app.call('POST', '/api/v1/clusters', {
    body: { name: 'production-europe-west-frankfurt-1', displayName: 'Production Europe West (Frankfurt)', labels: { env: 'prod', region: 'eu-west', team: 'platform-observability' }, prometheus: { url: 'http://127.0.0.1:9/prometheus' } },
  });
  expect(cluster.status, cluster.text).toBe(201);
  clusterId = cluster.json.id;
  const group = await app.call('POST', '/api/v1/rule-groups', {
    body: {
      name: 'nodes',
      interval: '30s',
      scope: { type: 'selector', selector: 'env=prod' },
      rules: [
        { alert: 'NodeCPUHigh', for: '3m', severity: 'warning', threshold: { metric: 'node_cpu_utilisation_percent', operator: '>', value: 90 }, annotations: { summary: 'CPU {{ $value | humanize }}% on {{ $labels.instance }} ({{ $labels.cluster }})' } },
        { alert: 'KubePodCrashLoopingForALongTimeInAnyNamespace', expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",namespace=~".+"}[15m]) >= 1', for: '15m', severity: 'critical' },
      ],
    },
  });
  expect(group.status, group.text).toBe(201);
  const channel = await app.call('POST', '/api/v1/channels', { body: { name: 'ops-hook', type: 'webhook', config: { url: 'https://hooks.example.org/kubewatch/a-rather-long-path/that-goes-on', signingSecret: 'at-least-16-characters' } } });
  expect(channel.status, channel.text).toBe(201);
  const slo = await app.call('POST', '/api/v1/slos', {
    body: {
      name: 'apiserver-availability',
      objective: 99.9,
      window: '30d',
      scope: { type: 'selector', selector: 'env=prod' },
      sli: { type: 'ratio', errors: 'sum(rate(apiserver_request_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(apiserver_request_total[{{window}}]))' },
    },
  });
  expect(slo.status, slo.text).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('on a phone (390x844)', () => {
  it('no main page scrolls sideways; axe finds nothing serious in the light and the dark theme', async () => {
    const problems: string[] = [];
    for (const theme of THEMES) {
      const context = await newContext(PHONE, theme);
      for (const [name, path] of mainPages()) {
        const page = await open(context, path);
        expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
        const o = await overflow(page);
        if (o.scrollWidth > o.innerWidth) problems.push(`${name} (${theme}): scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
        const axe = await new AxeBuilder({ page }).analyze();
        for (const v of axe.violations) {
          if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${name} (${theme}): axe ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ').slice(0, 300)}`);
        }
        await page.screenshot({ path: `${SHOTS}/phone-${name}-${theme}.png`, fullPage: true });
        await page.close();
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('"Skip to content" is the first thing Tab reaches, and moves focus to the page', async () => {
    const context = await newContext(PHONE);
    const page = await open(context, '/clusters');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, visible: document.activeElement!.getBoundingClientRect().width > 1 }));
    expect(first).toEqual({ text: 'Skip to content', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });

  it('the menu button opens the navigation with the keyboard, and Escape closes it', async () => {
    const context = await newContext(PHONE);
    const page = await open(context, '/overview');
    const menu = page.locator('button[aria-controls="site-menu"]');
    const rules = page.locator('nav.sidebar a[href="/rules"]');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await rules.isVisible()).toBe(false);

    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('site-menu');
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await rules.isVisible()).toBe(true);
    // focus went to the first link, and the links are reachable in order
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/clusters');
    await page.screenshot({ path: `${SHOTS}/phone-menu-open-light.png` });

    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await rules.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('site-menu');

    // Space toggles it too, and a link in it leads to its page
    await page.keyboard.press('Space');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await rules.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/rules');
    expect(await page.locator('button[aria-controls="site-menu"]').getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('the theme switch sets data-theme, is kept across a reload, and "System" follows the device', async () => {
    const context = await newContext(PHONE);
    const page = await open(context, '/overview');
    expect(await page.getAttribute('html', 'data-theme')).toBe('system');
    await page.click('button[aria-controls="site-menu"]');
    // keyboard: focus the checked radio (System), arrow keys move the choice
    await page.focus('input[name="theme"][value="system"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(15, 18, 22)');

    await page.reload();
    await page.waitForSelector('main h1');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).toBe('rgb(15, 18, 22)');
    expect(await page.isChecked('input[name="theme"][value="dark"]')).toBe(true);
    expect((await context.cookies()).find((c) => c.name === 'kubewatch-theme')?.value).toBe('dark');

    // light stays light on a dark device; system follows it
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.click('button[aria-controls="site-menu"]');
    await page.click('label:has(input[name="theme"][value="light"])');
    expect(await background()).toBe('rgb(247, 248, 250)');
    await page.click('label:has(input[name="theme"][value="system"])');
    expect(await page.getAttribute('html', 'data-theme')).toBe('system');
    expect(await background()).toBe('rgb(15, 18, 22)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(247, 248, 250)');
    await context.close();
  });
});

describe('on a laptop (1280x900)', () => {
  it('the sidebar shows every section without a menu button; screenshots in both themes', async () => {
    for (const theme of THEMES) {
      const context = await newContext(LAPTOP, theme);
      for (const [name, path] of mainPages().filter(([n]) => ['overview', 'clusters', 'cluster', 'alerts', 'rules', 'slos', 'notifications'].includes(n))) {
        const page = await open(context, path);
        expect(await page.locator('button[aria-controls="site-menu"]').isVisible()).toBe(false);
        expect(await page.locator('nav.sidebar a[href="/rules"]').isVisible()).toBe(true);
        const o = await overflow(page);
        expect(o.scrollWidth, `${name}: ${o.culprits.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
        await page.screenshot({ path: `${SHOTS}/laptop-${name}-${theme}.png`, fullPage: true });
        await page.close();
      }
      await context.close();
    }
  }, 300_000);

  it('an unknown address says so and offers a way on', async () => {
    const context = await newContext(LAPTOP);
    const page = await context.newPage();
    const response = await page.goto(`${app.base}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('main')).toContain('Nothing here');
    expect(await page.getAttribute('main a.button', 'href')).toBe('/overview');
    // An unknown item of a section with a loading skeleton is a real 404 too, not a 200 whose
    // streamed body says "not found".
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/clusters/${unknown}`, `/clusters/${unknown}/edit`, `/alerts/${'0'.repeat(16)}`, `/slos/${unknown}`, `/rules/${unknown}/edit`, `/notifications/channels/${unknown}`]) {
      const answer = await page.goto(`${app.base}${path}`);
      expect(answer?.status(), path).toBe(404);
      expect(await page.textContent('main'), path).toContain('Nothing here');
    }
    await context.close();
  });

  it('signed out, a page of a section is a real redirect to sign-in that comes back to it', async () => {
    const response = await fetch(`${app.base}/alerts?state=firing`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/alerts?state=firing')}`);
  });

  it('no console errors on the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
