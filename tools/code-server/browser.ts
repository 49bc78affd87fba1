import * as fs from 'fs';
import type { Browser } from 'playwright-core';
import { HarnessError } from './log';
import { onShutdown } from './shutdown';

/** Where Chromium comes from (Debian's `chromium` package). Never `npx playwright install`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Headless Debian Chromium via playwright-core. Without the background-network
 * flags Chromium keeps dialling Google hosts this machine cannot reach. Playwright
 * gives every launch() a fresh temporary profile (--user-data-dir) of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  // Loaded lazily: only the browser-driving paths need it.
  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new HarnessError(`${CHROMIUM_PATH} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', // needed as root
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const unregister = onShutdown(() => browser.close());
  browser.on('disconnected', unregister);
  return browser;
}
