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

/** Reloads `url` until `selector` shows `text` — pages poll Prometheus, and rules evaluate every second. */
export async function openUntil(page: Page, url: string, selector: string, text: string | RegExp, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    await page.goto(url);
    const hostError = await page.locator('body').getAttribute('data-host-error');
    if (hostError) {
      throw new Error(`host page failed: ${hostError}`);
    }
    try {
      await page.locator(selector).first().waitFor({ timeout: 5_000 });
      await page.waitForFunction(
        ({ sel, want, isRegex }) => {
          const found = Array.from(document.querySelectorAll(sel)).map((e) => e.textContent ?? '');
          return found.some((t) => (isRegex ? new RegExp(want).test(t) : t.includes(want)));
        },
        { sel: selector, want: text instanceof RegExp ? text.source : text, isRegex: text instanceof RegExp },
        { timeout: 5_000 }
      );
      return;
    } catch {
      last = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 2000);
    }
    if (Date.now() > deadline) {
      throw new Error(`${url}: "${String(text)}" never appeared in ${selector}. Page text:\n${last}`);
    }
  }
}
