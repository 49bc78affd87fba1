/**
 * What the browser suites do to the workbench page as a person would, in one place: find what
 * a person looks at (the quick input, the status-bar item, notifications, the side bar's rows),
 * run a command from the palette, open the Profiles view, change a user setting, keep a
 * Chromium profile whose storage (and so SecretStorage) survives a reload, keep a picture of a
 * failure, and take it all down again.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { EXTENSION_ID, STATUS_BAR_ITEM_ID } from '../../../src/constants';
import type { LocalSts } from '../../../tools/local-sts';
import { CHROMIUM_PATH, removeTempDir, type CodeServer } from '../../../tools/code-server';

const quickInput = (page: Page) => page.locator('.quick-input-widget input');
const quickPickRow = (page: Page, text: string | RegExp) => page.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first();

/** The parts of the workbench the suites read, by what a person sees in them. */
export interface WorkbenchParts {
  /** The quick input's text box (palette, pickers, the MFA prompt). */
  input(): Locator;
  /** The first row of the open quick pick that holds `text`. */
  quickPickRow(text: string | RegExp): Locator;
  /** The quick input's title (the MFA prompt names its profile and attempt there). */
  title(): Locator;
  /**
   * The extension's status-bar item (the workbench gives it the id `<extension id>.<item id>`)
   * while it shows exactly `text` (a regular expression's source) after its icon: the codicon is
   * a glyph, not text.
   */
  sessionItem(text: string): Locator;
  /** A notification toast that holds `text`. */
  notification(text: string | RegExp): Locator;
  /** The first row of the side bar's tree that holds `text`. */
  treeRow(text: string | RegExp): Locator;
  /**
   * Opens the menu of the status-bar item showing `itemText` (as `sessionItem`) and chooses
   * `entry` by typing it (`typed`, when the entry's label has more than a person types).
   */
  chooseInSessionMenu(itemText: string, entry: string, typed?: string): Promise<void>;
}

export function workbenchParts(page: () => Page): WorkbenchParts {
  const parts: WorkbenchParts = {
    input: () => quickInput(page()),
    quickPickRow: (text) => quickPickRow(page(), text),
    title: () => page().locator('.quick-input-widget .quick-input-title'),
    sessionItem: (text) => page().locator(`.statusbar [id="${EXTENSION_ID}.${STATUS_BAR_ITEM_ID}"]`).filter({ hasText: new RegExp(`^\\s*${text}$`) }),
    notification: (text) => page().locator('.notifications-toasts .notification-toast').filter({ hasText: text }),
    treeRow: (text) => page().locator('[id="workbench.parts.sidebar"] .monaco-list-row').filter({ hasText: text }).first(),
    chooseInSessionMenu: async (itemText, entry, typed = entry) => {
      await parts.sessionItem(itemText).click();
      await parts.quickPickRow(entry).waitFor({ timeout: 30_000 });
      await parts.input().fill(typed);
      await parts.input().press('Enter');
    },
  };
  return parts;
}

/**
 * Merges `values` into the user's settings.json before code-server starts. (Writing it while
 * code-server runs is not seen: it does not watch its user data folder.)
 */
export function setUserSettings(userDataDir: string, values: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
}

/** Everything a browser suite started, each part optional (a failed `before` leaves some unset). */
export interface BrowserSuiteParts {
  context?: BrowserContext;
  server?: CodeServer;
  sts?: LocalSts;
  home?: string;
  browserProfile?: string;
}

/** Stops and removes what a browser suite started, the browser first so it lets go of the page. */
export async function tearDown(parts: BrowserSuiteParts): Promise<void> {
  await parts.context?.close().catch(() => undefined);
  await parts.server?.stop();
  await parts.sts?.stop();
  if (parts.home) removeTempDir(parts.home);
  if (parts.browserProfile) fs.rmSync(parts.browserProfile, { recursive: true, force: true });
}

/** Runs a command from the palette (F1), waiting until the palette lists it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The palette's fuzzy match does not treat '…' as typed text; type the words only.
  const words = title.replace(/…$/, '');
  // Just after a reload the workbench may restore a view or an editor and take the focus, which
  // closes the palette it just opened (seen with two busy loops beside the suite): as a person
  // would, press F1 again until the palette stays open long enough to type into.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('F1');
    await quickInput(page).waitFor();
    const typed = await quickInput(page)
      .fill(`>${words}`, { timeout: 5_000 })
      .then(() => true, () => false);
    if (typed) break;
    if (Date.now() > deadline) throw new Error(`the command palette did not stay open to run "${title}" within 60 s`);
  }
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

/**
 * Makes every page of `context` keep the text of each notification, dialog, hover and quick
 * input (its messages included) as it appears: they come and go between screenshots, and a
 * secret scan needs all a person saw. Plain script text: the suites compile without the DOM's types.
 */
export async function keepTransientTexts(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const seen = new Set();
    const kept = (window.awsRolesSeenTexts = []);
    const selector = '.notification-toast, .notifications-center, .monaco-dialog-box, .quick-input-widget, .monaco-hover, .workbench-hover';
    let queued = false;
    const collect = () => {
      queued = false;
      for (const element of document.querySelectorAll(selector)) {
        const text = element.textContent || '';
        if (text && !seen.has(text)) { seen.add(text); kept.push(text); }
      }
    };
    new MutationObserver(() => { if (!queued) { queued = true; setTimeout(collect, 100); } })
      .observe(document, { childList: true, subtree: true, characterData: true });
  })();`);
}

/** The texts `keepTransientTexts` kept on `page` so far. */
export async function transientTexts(page: Page): Promise<string[]> {
  return (await page.evaluate('window.awsRolesSeenTexts || []')) as string[];
}

/** A picture of the page when `test` failed, under `resultsDir`: worth more than a timeout message. */
export async function screenshotIfFailed(test: Mocha.Test | undefined, page: Page | undefined, resultsDir: string): Promise<void> {
  if (test?.state !== 'failed' || !page || page.isClosed()) return;
  fs.mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, `e2e-failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`) });
}
