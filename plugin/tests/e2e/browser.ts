import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's headless Chromium through playwright-core (never a downloaded browser), with a fresh profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'redis-lens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  // A page load on a loaded 2-core CI machine can take longer than Playwright's default 30 s.
  context.setDefaultNavigationTimeout(90_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until an element matching `selector` shows `text` (substring, or a RegExp tested against its text). */
export async function waitForText(page: Page, selector: string, text: string | RegExp, timeoutMs: number) {
  await page.waitForFunction(
    ({ sel, want, isRegex }) => {
      const found = Array.from(document.querySelectorAll(sel)).map((e) => e.textContent ?? '');
      return found.some((t) => (isRegex ? new RegExp(want).test(t) : t.includes(want)));
    },
    { sel: selector, want: text instanceof RegExp ? text.source : text, isRegex: text instanceof RegExp },
    { timeout: timeoutMs, polling: 250 }
  );
}

/** Opens `url` and fails at once with the host page's own error if the plugin could not load. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  const hostError = await page.locator('body').getAttribute('data-host-error');
  if (hostError) {
    throw new Error(`host page failed: ${hostError}`);
  }
}

const pageText = async (page: Page) =>
  (
    await page
      .locator('body')
      .innerText()
      .catch(() => '')
  ).slice(0, 2000);

/**
 * Waits until `selector` shows `text`, or throws with what the page showed instead. App pages refresh their queries
 * every 10 s, so waiting on the open page sees new data without reloading it.
 */
export async function expectText(page: Page, selector: string, text: string | RegExp, timeoutMs = 30_000) {
  try {
    await waitForText(page, selector, text, timeoutMs);
  } catch {
    throw new Error(
      `${page.url()}: "${String(text)}" never appeared in ${selector}. Page text:\n${await pageText(page)}`
    );
  }
}

/**
 * Opens `url` until `selector` shows `text`. Each attempt waits 15 s (an app page refreshes itself every 10 s), so a
 * slow machine is not made slower by reloads; only pages without auto-refresh (nested panels) need the reload.
 */
export async function openUntil(page: Page, url: string, selector: string, text: string | RegExp, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await open(page, url);
    try {
      await waitForText(page, selector, text, Math.max(1_000, Math.min(15_000, deadline - Date.now())));
      return;
    } catch {
      if (Date.now() >= deadline) {
        throw new Error(`${url}: "${String(text)}" never appeared in ${selector}. Page text:\n${await pageText(page)}`);
      }
    }
  }
}
