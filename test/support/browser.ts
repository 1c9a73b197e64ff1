import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's headless Chromium with the flags this closed network needs (no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The page of a fresh installation: /setup creates the first admin, who lands signed in on /clusters. */
export async function completeFirstRunSetup(page: Page, admin = { name: 'Ada', email: 'ada@example.com', password: 'ada-password-123' }): Promise<void> {
  await page.fill('#name', admin.name);
  await page.fill('#email', admin.email);
  await page.fill('#password', admin.password);
  await page.fill('#confirm', admin.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/clusters');
  await pageSettled(page);
}

/**
 * Waits until the page's loading skeleton (a route's loading.tsx) has been replaced by the page.
 * Streamed content can appear a few hundred ms after the load event (React throttles reveals),
 * so read text that lives in the layout's <main> only after this.
 */
export async function pageSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="page-skeleton"]'));
}

/** A new page in its own context, signed in with a session cookie header (`name=value; ...`) from WebApp.signIn. */
export async function pageSignedInAs(browser: Browser, base: string, cookie: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addCookies(cookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: base })));
  return context.newPage();
}
