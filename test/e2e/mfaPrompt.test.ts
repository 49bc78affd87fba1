/**
 * The MFA prompt as a person meets it, in a real VS Code (code-server) in headless Chromium:
 * Assume Role… from the command palette, a real input box that refuses bad codes before any
 * STS call, a wrong code, a reused code, a cancelled prompt, and the MFA session surviving a
 * reload of the window. The local STS runs in this test process on 127.0.0.1.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { totpFor, type Fixture, type LocalSts } from '../../tools/local-sts';
import { projectRoot } from '../../tools/code-server';
import { describeLeaks, scanForSecrets, type Secret } from '../harness/secretScan';
import { localStsFiles, useBrowserSuite } from '../support/e2e/browserSuite';
import { openProfilesView, runCommand as runCommandIn, workbenchParts } from '../support/e2e/workbenchPage';
import { ALICE, stsUser } from '../support/principals';

const root = projectRoot();
const resultsDir = path.join(root, 'test-results');
const FIXTURE: Fixture = {
  users: [stsUser(ALICE)],
  roles: [
    { arn: 'arn:aws:iam::222222222222:role/Dev', trustedPrincipals: ['arn:aws:iam::111111111111:user/alice'], mfaRequired: true, maxSessionDuration: 3600 },
    { arn: 'arn:aws:iam::222222222222:role/DevReadOnly', trustedPrincipals: ['arn:aws:iam::111111111111:user/alice'], mfaRequired: true, maxSessionDuration: 3600 },
  ],
};

describe('MFA prompt in the browser', function () {
  this.timeout(120_000);
  let sts: LocalSts;
  let page: Page;
  const codesUsed: string[] = [];

  const code = (offsetSteps = 0) => totpFor(ALICE.seed).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
  const { input, quickPickRow, title, notification } = workbenchParts(() => page);
  const stsCalls = () => sts.calls.list().length;

  const runCommand = (title: string) => runCommandIn(page, title);
  /** Ready when the extension's view lists the profiles: its commands are in the palette then. */
  const waitUntilReady = () => openProfilesView(page, 'dev-readonly');

  async function startAssume(profile: string): Promise<void> {
    await runCommand('AWS Roles: Assume Role…');
    await page.locator('.quick-input-widget').getByText('Pick the profile whose role to assume').or(input()).first().waitFor();
    await input().fill(profile);
    await quickPickRow(profile).waitFor();
    await input().press('Enter');
  }

  const suite = useBrowserSuite(
    {
      name: 'mfa',
      sts: { fixture: FIXTURE },
      awsFiles: localStsFiles(
        [
          '[profile alice]',
          'region = us-east-1',
          '[profile dev]',
          'role_arn = arn:aws:iam::222222222222:role/Dev',
          'source_profile = alice',
          `mfa_serial = ${ALICE.device}`,
          'services = local',
          '[profile dev-readonly]',
          'role_arn = arn:aws:iam::222222222222:role/DevReadOnly',
          'source_profile = alice',
          `mfa_serial = ${ALICE.device}`,
          'services = local',
        ],
        { alice: ALICE },
      ),
    },
    async (started) => {
      ({ sts, page } = started);
      await page.locator('.statusbar').waitFor();
      await waitUntilReady();
    },
  );

  it('refuses a code that is not 6 digits before any STS call, re-prompts after a wrong one, and assumes with the right one pasted with spaces', async () => {
    const before = stsCalls();
    await startAssume('dev-readonly');
    await title().filter({ hasText: 'MFA code for profile dev-readonly' }).waitFor({ timeout: 30_000 });
    await input().fill('12345');
    await page.locator('.quick-input-widget').getByText('Enter exactly 6 digits.').waitFor();
    await input().press('Enter');
    assert.equal(stsCalls(), before, 'nothing reached STS');
    await input().fill('000000');
    await input().press('Enter');
    await title().filter({ hasText: 'attempt 2 of 3' }).waitFor({ timeout: 30_000 });
    assert.equal(sts.calls.list().slice(before).filter((call) => call.errorCode === 'AccessDenied').length, 1);
    const right = code();
    codesUsed.push(right);
    // Pasted as an authenticator app shows it: the spaces are dropped, not refused.
    await input().fill(` ${right.slice(0, 3)} ${right.slice(3)} `);
    await input().press('Enter');
    // Profile, role, account and end time lead; the ARN is behind "Copy ARN".
    await notification(/Assumed dev-readonly: role DevReadOnly in account 222222222222 until .+ \((1 h|59 min)\)\./).waitFor({ timeout: 30_000 });
    assert.equal(await notification('Assumed dev-readonly').getByRole('button', { name: 'Copy ARN' }).count(), 1);
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-assumed.png') });
  });

  it('refuses a code used in the last 30 seconds, and a cancelled prompt changes nothing', async () => {
    await runCommand('AWS Roles: Sign Out');
    await notification(/Signed out of dev-readonly/).waitFor({ timeout: 30_000 });
    const before = stsCalls();
    await startAssume('dev');
    await title().filter({ hasText: 'MFA code for profile dev' }).waitFor({ timeout: 30_000 });
    await input().fill(codesUsed[0]);
    await page.locator('.quick-input-widget').getByText('This code was used in the last 30 seconds').waitFor();
    await input().press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.waitForTimeout(1_000);
    assert.equal(stsCalls(), before, 'a cancelled prompt sends nothing');
    assert.equal(await notification(/failed|error/i).count(), 0, 'cancelling is not an error');
  });

  it('keeps the MFA session across a window reload: the next role needs no code', async () => {
    await startAssume('dev');
    await title().filter({ hasText: 'MFA code for profile dev' }).waitFor({ timeout: 30_000 });
    const next = code(1);
    codesUsed.push(next);
    await input().fill(next);
    // A person sees dots: Chromium writes a text box's value to its session-restore file
    // (Default/Sessions) within seconds, never a password box's. Left in the box for longer
    // than that, the code is then searched for in the browser's profile by the last test.
    assert.equal(await input().getAttribute('type'), 'password');
    await page.waitForTimeout(5_000);
    await input().press('Enter');
    await notification(/Assumed dev: role Dev in account 222222222222 until /).waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await waitUntilReady();
    const before = stsCalls();
    await startAssume('dev-readonly');
    await notification(/Assumed dev-readonly: role DevReadOnly /).waitFor({ timeout: 30_000 });
    assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'no prompt after the reload');
    assert.deepEqual(sts.calls.list().slice(before).map((call) => call.action), ['AssumeRole']);
  });

  it('stores no secret, token or code in code-server\'s data or the browser profile outside SecretStorage', async () => {
    // Close the browser so it flushes its storage to disk, then read every file.
    await suite.context.close();
    // Every secret the run created: the root secret, each credential the local STS issued (the
    // MFA session from GetSessionToken, kept in SecretStorage, included: only a search for it
    // tells SecretStorage from a plain file) and the codes that worked. The wrong code 000000
    // is left out: it is also a colour (#000000) in the workbench's own files.
    const issued = sts.issuedCredentials();
    assert.ok(issued.some((credentials) => credentials.issuedBy === 'GetSessionToken'), 'the run made an MFA session');
    const secrets: Secret[] = [
      { kind: 'root secret access key', value: ALICE.secret },
      ...issued.flatMap((credentials) => [
        { kind: `${credentials.issuedBy} access key id`, value: credentials.accessKeyId },
        { kind: `${credentials.issuedBy} secret access key`, value: credentials.secretAccessKey },
        { kind: `${credentials.issuedBy} session token`, value: credentials.sessionToken },
      ]),
      ...codesUsed.map((value) => ({ kind: 'MFA code', value })),
    ];
    // Read as bytes and as UTF-16 (Chromium keeps a page's text that way, session restore included).
    const report = scanForSecrets({ secrets, folders: [suite.server.userDataDir, suite.browserProfile] });
    assert.ok(report.filesScanned > 20, `scanned ${report.filesScanned} files`);
    assert.equal(describeLeaks(report.leaks), '');
  });
});
