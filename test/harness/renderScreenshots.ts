/**
 * `npm run screenshots`: cuts the README's and the walkthrough's pictures (screenshotCrops.ts)
 * out of the e2e suites' screenshots in test-results/, so they show the extension as the last
 * `npm run test:e2e` saw it. Debian's Chromium through playwright-core, so nothing is downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHROMIUM_PATH, projectRoot } from '../../tools/code-server';
import { SCREENSHOT_CROPS } from './screenshotCrops';

async function main(): Promise<void> {
  const root = projectRoot();
  const missing = SCREENSHOT_CROPS.map((crop) => path.join(root, 'test-results', crop.from)).filter((source) => !fs.existsSync(source));
  if (missing.length > 0) throw new Error(`${[...new Set(missing)].join(', ')} missing: run \`npm run test:e2e\` first`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    for (const crop of SCREENSHOT_CROPS) {
      const data = fs.readFileSync(path.join(root, 'test-results', crop.from)).toString('base64');
      await page.setContent(`<html><body style="margin:0"><img style="display:block" src="data:image/png;base64,${data}"></body></html>`);
      await page.locator('img').evaluate((image: { decode(): Promise<void> }) => image.decode());
      fs.mkdirSync(path.dirname(path.join(root, crop.output)), { recursive: true });
      await page.screenshot({ path: path.join(root, crop.output), clip: crop.clip });
      console.log(`${crop.output} from test-results/${crop.from}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
