/**
 * `npm run icon`: renders media/icon.svg to media/icon.png (256 × 256), the icon the Marketplace
 * shows (it takes no SVG). Debian's Chromium through playwright-core, so nothing is downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHROMIUM_PATH, projectRoot } from '../../tools/code-server';

async function main(): Promise<void> {
  const root = projectRoot();
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
