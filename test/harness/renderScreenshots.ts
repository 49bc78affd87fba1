/**
 * `npm run walkthrough-images`: crops the walkthrough's pictures (media/walkthrough/*.png) out of
 * the e2e journey's screenshots in test-results/, so they show the extension as the last
 * `npm run test:e2e` saw it. Debian's Chromium through playwright-core, so nothing is downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHROMIUM_PATH, projectRoot } from './codeServer';

/** Each picture: the e2e screenshot it comes from (under test-results/) and the part of it kept, in the screenshot's pixels (1400 × 900). */
const PICTURES: readonly { name: string; from: string; clip: { x: number; y: number; width: number; height: number } }[] = [
  // The Profiles view with prod's three-hop chain expanded.
  { name: 'profiles.png', from: 'e2e/1-profiles-and-chain.png', clip: { x: 0, y: 35, width: 700, height: 370 } },
  // prod assumed: the tree marks it active, its chain in use.
  { name: 'assume-role.png', from: 'e2e/2-assumed-prod.png', clip: { x: 0, y: 35, width: 700, height: 370 } },
  // The status bar's item with its tooltip.
  { name: 'status-bar.png', from: 'e2e-status-bar.png', clip: { x: 0, y: 660, width: 700, height: 240 } },
  // A new terminal's AWS CLI acting as the role, above the status bar.
  { name: 'terminal.png', from: 'e2e/3-terminal-prod.png', clip: { x: 350, y: 585, width: 1050, height: 315 } },
  // Open Console's tab: the (local) federation page names the role.
  { name: 'console.png', from: 'e2e/6-console.png', clip: { x: 0, y: 0, width: 700, height: 210 } },
];

async function main(): Promise<void> {
  const root = projectRoot();
  const out = path.join(root, 'media', 'walkthrough');
  fs.mkdirSync(out, { recursive: true });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    for (const picture of PICTURES) {
      const source = path.join(root, 'test-results', picture.from);
      if (!fs.existsSync(source)) throw new Error(`${source} is missing: run \`npm run test:e2e\` first`);
      const data = fs.readFileSync(source).toString('base64');
      await page.setContent(`<html><body style="margin:0"><img style="display:block" src="data:image/png;base64,${data}"></body></html>`);
      await page.locator('img').evaluate((image: { decode(): Promise<void> }) => image.decode());
      await page.screenshot({ path: path.join(out, picture.name), clip: picture.clip });
      console.log(`media/walkthrough/${picture.name} from test-results/${picture.from}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
