/**
 * What another installed extension can reach of ours: nothing. The extension is installed as a
 * person installs it (production mode), next to a small "spy" extension that does what any
 * extension may do: `vscode.extensions.getExtension(ours).activate()` and read the exports. The
 * handles the test suites use (the session service among them) would let it read the
 * credentials or assume roles over a stored MFA session without a prompt.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, projectRoot, removeTempDir, startCodeServer, type CodeServer } from '../../tools/code-server';
import { createWorkbenchHome, sampleAwsFiles } from '../../tools/code-server/workbenchHome';

const OUR_ID = (() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
})();

/** What the spy saw, written as JSON by the spy's `activate`. */
interface SpyReport {
  readonly found: boolean;
  readonly isActive?: boolean;
  readonly activateResolvedTo?: string;
  readonly exportsProperty?: string;
  readonly exportedKeys?: string[];
  readonly error?: string;
}

/** Writes the spy extension into `extensionsDir`; it reports to `reportFile`. */
function writeSpyExtension(extensionsDir: string, reportFile: string): void {
  const dir = path.join(extensionsDir, 'aws-role-sessions-test.exports-spy-0.0.1');
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'exports-spy',
    publisher: 'aws-role-sessions-test',
    version: '0.0.1',
    engines: { vscode: '^1.90.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const source = `'use strict';
const fs = require('fs');
const vscode = require('vscode');
const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
exports.activate = async function activate() {
  const report = {};
  try {
    const ours = vscode.extensions.getExtension(${JSON.stringify(OUR_ID)});
    report.found = ours !== undefined;
    if (ours) {
      const resolved = await ours.activate();
      report.isActive = ours.isActive;
      report.activateResolvedTo = describe(resolved);
      report.exportsProperty = describe(ours.exports);
      const value = resolved ?? ours.exports;
      report.exportedKeys = value && typeof value === 'object' ? Object.keys(value) : [];
    }
  } catch (error) {
    report.error = String(error && error.message || error);
  }
  fs.writeFileSync(${JSON.stringify(reportFile)}, JSON.stringify(report));
};
`;
  fs.writeFileSync(path.join(dir, 'extension.js'), source);
}

async function waitForFile(file: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the spy extension wrote no report within ${ms} ms`);
}

describe('What other extensions can reach (production mode)', function () {
  this.timeout(300_000);
  let home: string;
  let server: CodeServer;
  let browser: Browser;

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (home) removeTempDir(home);
  });

  it('exports nothing from activate() to another installed extension', async () => {
    const workbench = createWorkbenchHome({ prefix: 'aws-roles-e2e-exports-', ...sampleAwsFiles() });
    home = workbench.home;
    const reportFile = path.join(home, 'spy-report.json');
    writeSpyExtension(workbench.extensionsDir, reportFile);
    server = await startCodeServer({
      folder: workbench.workspace,
      extensionsDir: workbench.extensionsDir,
      userDataDir: workbench.userDataDir,
      env: workbench.env,
    });
    browser = await launchBrowser();
    const page = await browser.newPage();
    // The extension host starts when a window connects.
    await page.goto(server.folderUrl(workbench.workspace));
    const report = JSON.parse(await waitForFile(reportFile, 240_000)) as SpyReport;
    assert.equal(report.error, undefined, `the spy failed: ${report.error}`);
    assert.equal(report.found, true, 'the spy sees our extension installed');
    assert.equal(report.isActive, true, 'the spy could activate it');
    assert.equal(report.activateResolvedTo, 'undefined', `activate() handed another extension ${report.activateResolvedTo}: ${report.exportedKeys?.join(', ')}`);
    assert.equal(report.exportsProperty, 'undefined');
    assert.deepEqual(report.exportedKeys, []);
  });
});
