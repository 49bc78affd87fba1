/**
 * A repository you do not trust, whose launch.json names the AWS profile its program runs as
 * (`"awsProfile"`), opened with workspace trust on: F5 asks before anything is assumed (VS
 * Code's trust request comes first), and declining leaves everything as it was: no STS call, no
 * session, no debuggee. Driven in code-server through Debian's Chromium, as a person would.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Fixture, LocalSts } from '../../tools/local-sts';
import { projectRoot } from '../../tools/code-server';
import { localStsFiles, useBrowserSuite } from '../support/e2e/browserSuite';
import { setUserSettings, workbenchParts } from '../support/e2e/workbenchPage';
import { DAN, stsUser } from '../support/principals';

const resultsDir = path.join(projectRoot(), 'test-results');

// The role needs no MFA, so nothing but trust stands in the way.
const FIXTURE: Fixture = {
  users: [stsUser(DAN, { mfa: false })],
  roles: [{ arn: 'arn:aws:iam::222222222222:role/Deploy', trustedPrincipals: ['arn:aws:iam::111111111111:user/dan'], maxSessionDuration: 3600 }],
};

describe('An untrusted workspace whose launch.json names an AWS profile', function () {
  this.timeout(180_000);
  let sts: LocalSts;
  let page: Page;
  let proof: string;

  const { sessionItem } = workbenchParts(() => page);

  useBrowserSuite(
    {
      name: 'untrusted',
      sts: { fixture: FIXTURE },
      awsFiles: localStsFiles(['[profile dan]', 'region = us-east-1', '[profile deploy]', 'role_arn = arn:aws:iam::222222222222:role/Deploy', 'source_profile = dan', 'services = local'], { dan: DAN }),
      prepare: (workbench) => {
        // The program would leave this file behind if it ever ran.
        proof = path.join(workbench.workspace, 'ran.txt');
        fs.writeFileSync(path.join(workbench.workspace, 'app.js'), `require('fs').writeFileSync(${JSON.stringify(proof)}, 'ran');\n`);
        fs.mkdirSync(path.join(workbench.workspace, '.vscode'));
        fs.writeFileSync(
          path.join(workbench.workspace, '.vscode', 'launch.json'),
          JSON.stringify({ version: '0.2.0', configurations: [{ type: 'node', request: 'launch', name: 'Deploy as the repository says', program: '${workspaceFolder}/app.js', awsProfile: 'deploy', console: 'internalConsole' }] }, null, 2),
        );
        // Trust on, the folder never trusted, no prompt on opening: Restricted Mode, as a freshly cloned repository opens.
        setUserSettings(workbench.userDataDir, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
      },
      workspaceTrust: true,
    },
    async (started) => {
      ({ sts, page } = started);
      // The extension runs in Restricted Mode too: its idle item shows once it has activated.
      await sessionItem('AWS').waitFor({ timeout: 60_000 });
    },
  );

  it('F5 asks first; declining assumes nothing, calls no STS and starts no program', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } });
    await page.keyboard.press('F5');
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: /trust the authors/i }).filter({ hasText: /Debugging executes/ });
    await dialog.waitFor({ timeout: 30_000 });
    fs.mkdirSync(path.join(resultsDir, 'e2e'), { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'e2e', 'untrusted-launch-asks.png') });
    assert.equal(sts.calls.list().length, 0, 'nothing was assumed while the question is open');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    // Time for anything that would have started to show itself.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(sts.calls.list().length, 0, 'no STS call');
    assert.equal(fs.existsSync(proof), false, 'the program never ran');
    assert.equal(await page.locator('.debug-toolbar').count(), 0, 'no debug session');
    await sessionItem('AWS').waitFor({ timeout: 10_000 });
  });
});
