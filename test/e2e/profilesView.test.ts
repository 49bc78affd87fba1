/**
 * The Profiles view as a person uses it: a real VS Code (code-server) in headless Chromium,
 * driven with Playwright. Clicks the activity-bar icon, reads the rows, expands a chain,
 * filters through the real input box, opens a profile from the context menu, sees the
 * welcome view when the files go away, and opens the walkthrough with its pictures.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, projectRoot, removeTempDir, startCodeServer, type CodeServer } from '../../tools/code-server';
import { createWorkbenchHome, sampleAwsFiles } from '../../tools/code-server/workbenchHome';
import { runCommand as runCommandIn, screenshotIfFailed } from '../support/e2e/workbenchPage';

const root = projectRoot();
const resultsDir = path.join(root, 'test-results');

describe('Profiles view in the browser', function () {
  this.timeout(120_000);
  let home: string;
  let awsDir: string;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  const sideBar = () => page.locator('[id="workbench.parts.sidebar"]');
  const row = (label: string) =>
    sideBar().locator('.monaco-list-row').filter({ has: page.locator('a.label-name').getByText(label, { exact: true }) });
  const rowLabels = async () => (await sideBar().locator('.monaco-list-row .label-name').allInnerTexts()).map((text) => text.trim());

  /** Runs a command through the command palette, as a person would, and waits for the palette to close. */
  async function runCommand(title: string): Promise<void> {
    await runCommandIn(page, title);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  before(async () => {
    const workbench = createWorkbenchHome({ prefix: 'aws-roles-e2e-', ...sampleAwsFiles() });
    home = workbench.home;
    awsDir = workbench.awsDir;
    const workspace = workbench.workspace;
    server = await startCodeServer({
      folder: workspace,
      extensionsDir: workbench.extensionsDir,
      userDataDir: workbench.userDataDir,
      env: workbench.env,
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.folderUrl(workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, resultsDir);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (home) removeTempDir(home);
  });

  it('shows every profile, default first, with descriptions and the broken one marked', async () => {
    await page.locator('.activitybar [aria-label^="AWS Roles"]').first().click({ timeout: 30_000 });
    await row('broken-chain').waitFor({ timeout: 30_000 });
    // Widen the side bar so descriptions are readable (and the README's screenshot is useful).
    const sidebarBox = await sideBar().boundingBox();
    const sidebarRight = sidebarBox ? sidebarBox.x + sidebarBox.width : 0;
    const sashes = await page.locator('.monaco-sash.vertical').all();
    let box: { x: number; y: number; width: number; height: number } | null = null;
    for (const sash of sashes) {
      const candidate = await sash.boundingBox();
      if (candidate && candidate.height > 200 && Math.abs(candidate.x - sidebarRight) < 12) box = candidate;
    }
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(760, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    // IAM Identity Center's sign-in first, then the profiles.
    assert.deepEqual(await rowLabels(), ['acme', 'default', 'admin', 'alice', 'broken-chain', 'build-bot', 'dev', 'dev-readonly', 'loop-a', 'loop-b', 'partner', 'prod', 'sso-admin', 'sso-deployer', 'staging']);
    assert.match(await row('dev').locator('.label-description').innerText(), /222222222222 - Dev - eu-west-1/);
    assert.equal((await row('acme').locator('.label-description').innerText()).trim(), 'IAM Identity Center - not signed in');
    assert.equal((await row('broken-chain').locator('.label-description').innerText()).trim(), 'source profile missing');
    assert.equal(await row('broken-chain').locator('.codicon-error').count(), 1);
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-profiles-view.png') });
  });

  it('expands a role into its chain hop by hop', async () => {
    await row('prod').click();
    await page.keyboard.press('ArrowRight');
    await row('3. alice').waitFor({ timeout: 30_000 });
    const labels = await rowLabels();
    const prodAt = labels.indexOf('prod');
    assert.deepEqual(labels.slice(prodAt, prodAt + 4), ['prod', '1. staging', '2. dev', '3. alice']);
    assert.match(await row('3. alice').locator('.label-description').innerText(), /static keys \.\.\.[A-Z0-9]{4} - root/);
    await page.screenshot({ path: path.join(resultsDir, 'e2e-profiles-chain.png'), clip: { x: 0, y: 0, width: 800, height: 330 } });
    await page.keyboard.press('ArrowLeft');
  });

  it('filters through the real input box and clears the filter again', async () => {
    await sideBar().getByRole('button', { name: 'Filter Profiles…' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('stag');
    await input.press('Enter');
    await sideBar().locator('.monaco-list-row').nth(1).waitFor({ state: 'detached' });
    assert.deepEqual(await rowLabels(), ['staging']);
    await sideBar().getByText('Showing 1 of 14 profiles that match "stag".').waitFor({ timeout: 30_000 });
    await sideBar().getByRole('button', { name: 'Clear Profile Filter' }).click();
    await row('admin').waitFor();
    assert.equal((await rowLabels()).length, 15, 'the sign-in and the fourteen profiles');
  });

  it('opens a profile in its config file from the context menu', async () => {
    await row('staging').click({ button: 'right' });
    const menuItem = page.getByRole('menuitem', { name: 'Open in Config File' });
    await menuItem.waitFor();
    // The menu opens with its first item focused; a mouse click right after a right-click is
    // swallowed by the workbench's menu guard, the keyboard is not.
    await menuItem.hover();
    await page.keyboard.press('Enter');
    const stagingLine = sampleAwsFiles().config.split('\n').indexOf('[profile staging]') + 1;
    await page.locator('.statusbar').getByText(new RegExp(`Ln ${stagingLine}, Col 1`)).waitFor({ timeout: 30_000 });
    const tab = page.locator('.tabs-container .tab.active');
    assert.match(await tab.innerText(), /config/);
    // The cursor's line is the section header (the editor renders spaces as no-break spaces).
    const cursorLine = page.locator('.monaco-editor .view-overlays .current-line');
    await cursorLine.waitFor();
    const lineText = await page.locator('.monaco-editor .view-line').filter({ hasText: /\[profile\sstaging\]/ }).innerText();
    assert.match(lineText, /^\[profile\sstaging\]$/);
  });

  it('offers to create the config file when there is none, and creates it only when asked', async () => {
    const configFile = path.join(awsDir, 'config');
    await page.keyboard.press('Escape');
    await runCommand('View: Close All Editors');
    fs.rmSync(configFile);
    fs.rmSync(path.join(awsDir, 'credentials'));
    const welcome = sideBar().getByText('No AWS config file was found');
    await welcome.waitFor({ timeout: 30_000 });
    await sideBar().getByRole('button', { name: 'Open AWS Config File' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /There is no AWS config file at .*config\. Create an empty one there\?/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(fs.existsSync(configFile), false, 'cancelling creates nothing');
    await sideBar().getByRole('button', { name: 'Open AWS Config File' }).click();
    await dialog.getByRole('button', { name: 'Create Empty File' }).click();
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'config' }).waitFor({ timeout: 30_000 });
    assert.equal(fs.readFileSync(configFile, 'utf8'), '', 'the new file is empty');
    await sideBar().getByText('Your AWS config files hold no profiles yet').waitFor({ timeout: 30_000 });
  });

  it('opens the walkthrough: five steps, each showing its picture', async () => {
    await page.keyboard.press('Escape');
    // Room for the step's picture: the walkthrough hides it beside a wide side bar.
    await runCommand('View: Close Primary Side Bar');
    await runCommandIn(page, 'Welcome: Open Walkthrough…');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Get Started with AWS Role Sessions' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.quick-input-widget input').fill('Get Started with AWS Role Sessions');
    await page.locator('.quick-input-widget input').press('Enter');
    const walkthrough = page.locator('.gettingStartedContainer');
    const steps = ['Find your profiles', 'Assume a role', 'Watch the status bar', 'Open a terminal', 'Open the console'];
    for (const title of steps) await walkthrough.locator('.getting-started-step').filter({ hasText: title }).first().waitFor({ timeout: 30_000 });
    for (const title of steps) {
      await walkthrough.locator('.getting-started-step .step-title').filter({ hasText: title }).first().click();
      // The step's picture is drawn, not a broken image: it loaded from the extension's media/.
      const image = walkthrough.locator('.getting-started-media img').first();
      await image.waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 30_000;
      while (!(await image.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0))) {
        if (Date.now() > deadline) assert.fail(`the picture of "${title}" never loaded (${await image.getAttribute('src')})`);
        await page.waitForTimeout(250);
      }
    }
    await page.screenshot({ path: path.join(resultsDir, 'e2e-walkthrough.png') });
  });
});
