/**
 * What the browser suites do to the workbench page as a person would, in one place: run a
 * command from the palette, open the Profiles view, keep a Chromium profile whose storage (and
 * so SecretStorage) survives a reload, and keep a picture of a failure.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../harness/codeServer';

const quickInput = (page: Page) => page.locator('.quick-input-widget input');
const quickPickRow = (page: Page, text: string | RegExp) => page.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first();

/** Runs a command from the palette (F1), waiting until the palette lists it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).waitFor();
  // The palette's fuzzy match does not treat '…' as typed text; type the words only.
  const words = title.replace(/…$/, '');
  await quickInput(page).fill(`>${words}`);
  await quickPickRow(page, words).waitFor({ timeout: 30_000 });
  await quickInput(page).press('Enter');
}

/**
 * Opens the Profiles view and waits until it lists `rowText`. The view is opened with its focus
 * command, never by clicking the activity-bar icon: after a reload the workbench restores the
 * open view a moment later, and a click that lands after that closes the side bar again (seen on
 * a busy machine). The palette lists the command only once the workbench has read the
 * extension's contributions, which the activity bar's cached icon does not tell, so it is
 * looked for again until it is there.
 */
export async function openProfilesView(page: Page, rowText: string): Promise<void> {
  const focusCommand = 'AWS Roles: Focus on Profiles View';
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.keyboard.press('F1');
    await quickInput(page).waitFor();
    await quickInput(page).fill(`>${focusCommand}`);
    if (await quickPickRow(page, focusCommand).waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await quickInput(page).press('Enter');
      break;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) assert.fail(`"${focusCommand}" never appeared in the command palette`);
  }
  await page.locator('[id="workbench.parts.sidebar"] .monaco-list-row').filter({ hasText: rowText }).first().waitFor({ timeout: 60_000 });
}

/**
 * Debian's Chromium with a profile of our own: SecretStorage in code-server lives in the
 * browser's storage, so what the extension keeps survives `page.reload()` only in a profile
 * that is not thrown away, and a test can read afterwards what the browser stored.
 */
export async function launchPersistentChromium(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** A picture of the page when `test` failed, under `resultsDir`: worth more than a timeout message. */
export async function screenshotIfFailed(test: Mocha.Test | undefined, page: Page | undefined, resultsDir: string): Promise<void> {
  if (test?.state !== 'failed' || !page || page.isClosed()) return;
  fs.mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, `e2e-failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`) });
}
