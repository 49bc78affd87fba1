/**
 * The status bar as a person sees it, in a real VS Code (code-server) in headless Chromium: the
 * window's session named with its time left after an assume, its tooltip, the same session shown
 * again after a reload of the page with no call to STS (it is kept in SecretStorage, which lives
 * in the browser profile), and the seconds countdown with the warning colour once the session has
 * less than `awsRoles.warnBefore` left, reached through the item's own menu (Renew Now). The local
 * STS runs in this test process on 127.0.0.1.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { totpFor, type Fixture, type LocalSts } from '../../tools/local-sts';
import { projectRoot } from '../../tools/code-server';
import { localStsFiles, useBrowserSuite } from '../support/e2e/browserSuite';
import { openProfilesView, runCommand as runCommandIn, setUserSettings, workbenchParts } from '../support/e2e/workbenchPage';
import { BOB, stsUser } from '../support/principals';

const root = projectRoot();
const resultsDir = path.join(root, 'test-results');
const FIXTURE: Fixture = {
  users: [stsUser(BOB)],
  roles: [{ arn: 'arn:aws:iam::333333333333:role/Prod', trustedPrincipals: ['arn:aws:iam::111111111111:user/bob'], mfaRequired: true, maxSessionDuration: 3600 }],
};
/** Short enough to be inside the seconds countdown (10 min) and the default warning window (`awsRoles.warnBefore`, 600 s). */
const SHORT_LIFETIME_SECONDS = 300;

/** A URL for a failure message: where it went, without the sign-in token in its query. */
function redactedUrl(url: string): string {
  return url.replace(/SigninToken=[^&]*/, 'SigninToken=…');
}

describe('Status bar in the browser', function () {
  this.timeout(180_000);
  let sts: LocalSts;
  let page: Page;
  /** The tooltip's `Expires at …` line as it read right after the assume: the session's identity to a person. */
  let expiresLine: string;

  const { input, quickPickRow, title, sessionItem, notification, chooseInSessionMenu } = workbenchParts(() => page);
  const expiresAt = (tooltip: string) => tooltip.split('\n').find((line) => line.startsWith('Expires at ')) ?? '(no "Expires at" line)';

  const runCommand = (title: string) => runCommandIn(page, title);
  /** Ready when the extension's view lists the profiles (the same wait as the MFA prompt suite). */
  const waitUntilReady = () => openProfilesView(page, 'prod');

  const suite = useBrowserSuite(
    {
      name: 'statusbar',
      sts: { fixture: FIXTURE },
      awsFiles: localStsFiles(['[profile bob]', 'region = us-east-1', '[profile prod]', 'role_arn = arn:aws:iam::333333333333:role/Prod', 'source_profile = bob', `mfa_serial = ${BOB.device}`, 'services = local'], { bob: BOB }),
      prepare: (workbench, sts) => {
        // Auto-renew (issue 8 §3) would renew the five-minute session of the last test on its own and
        // call STS; this suite reads what the status bar shows, so it keeps renewal in its own hands.
        setUserSettings(workbench.userDataDir, { 'awsRoles.autoRenew': false });
        // Open Console signs in at the local STS's federation endpoint, as try-it-now does.
        return { ...workbench.env, AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT: `${sts.url}/federation` };
      },
    },
    async (started) => {
      ({ sts, page } = started);
      await waitUntilReady();
    },
  );

  /**
   * The item's tooltip as a person reads it. The hover is tried again from a resting mouse
   * until it shows: after a reload the status bar is still laying itself out, and a hover that
   * lands on the neighbouring item shows that item's tooltip instead (seen on a busy machine).
   */
  async function tooltipOf(item: Locator): Promise<string> {
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'AWS role session: prod' }).first();
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.mouse.move(700, 400);
      await item.hover();
      if (await hover.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return hover.innerText();
      if (Date.now() > deadline) assert.fail('the status-bar item showed no tooltip within 60 s');
    }
  }

  it('names the assumed profile and its time left, and tells the details on hover', async () => {
    // No session yet: the muted item that offers to assume a role.
    await sessionItem('AWS').waitFor({ timeout: 30_000 });

    await runCommand('AWS Roles: Assume Role…');
    await input().fill('prod');
    await quickPickRow('prod').waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await title().filter({ hasText: 'MFA code for profile prod' }).waitFor({ timeout: 30_000 });
    await input().fill(totpFor(BOB.seed).generate({ timestamp: Date.now() }));
    await input().press('Enter');
    await notification(/Assumed prod: role Prod in account 333333333333/).waitFor({ timeout: 30_000 });

    // A one-hour session read a moment after it began: `59m` (or `1h 00m` in its first second).
    const item = sessionItem('prod · (59m|1h 00m)');
    await item.waitFor({ timeout: 30_000 });
    assert.equal(await sessionItem('AWS').count(), 0, 'the idle item gave way to the session');
    const classes = (await item.getAttribute('class')) ?? '';
    assert.doesNotMatch(classes, /warning-kind|error-kind/, 'an hour left is no warning');

    const tooltip = await tooltipOf(item);
    assert.match(tooltip, /Chain: bob \(static keys\) → prod/);
    assert.match(tooltip, /Role: arn:aws:iam::333333333333:role\/Prod/);
    assert.match(tooltip, /Next renewal needs no MFA code/);
    expiresLine = expiresAt(tooltip);
    assert.match(expiresLine, /^Expires at .+ \(\d\d:\d\d UTC\)$/);
    await page.mouse.move(700, 400);
  });

  it('opens the console as the session from the item\'s menu: the browser lands on the federation page signed in as the role', async () => {
    const opened = suite.context.waitForEvent('page', { timeout: 60_000 });
    await chooseInSessionMenu('prod · .+', 'Open Console');
    // VS Code may first ask whether to open an outside site; a person would say Open.
    const confirm = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Open$/ });
    const consolePage = await Promise.race([opened, confirm.waitFor({ timeout: 60_000 }).then(async () => (await confirm.click(), opened))]);
    await consolePage.waitForLoadState('domcontentloaded', { timeout: 60_000 });
    const signedInAs = await consolePage
      .locator('#signed-in-as')
      .innerText({ timeout: 30_000 })
      .catch(async (error: unknown) => assert.fail(`the opened tab (${redactedUrl(consolePage.url())}) shows no sign-in: ${(await consolePage.content()).slice(0, 300)} (${String(error)})`));
    assert.match(signedInAs, /^Signed in as arn:aws:sts::333333333333:assumed-role\/Prod\//);
    fs.mkdirSync(resultsDir, { recursive: true });
    await consolePage.screenshot({ path: path.join(resultsDir, 'e2e-console-sign-in.png') });
    assert.deepEqual(sts.calls.list().filter((call) => call.action.startsWith('federation:')).map((call) => [call.action, call.status]), [['federation:getSigninToken', 200], ['federation:login', 200]]);
    await consolePage.close();
    await page.bringToFront();
  });

  it('shows the same session after a reload of the page, with no call to STS', async () => {
    const callsBefore = sts.calls.list().length;
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Minutes after the assume on a busy machine: still the same hour's session.
    const item = sessionItem('prod · 5\\dm');
    await item.waitFor({ timeout: 60_000 });
    await waitUntilReady();
    // The tree agrees with the status bar: the kept session is the active one.
    await page.locator('[id="workbench.parts.sidebar"] .monaco-list-row').filter({ hasText: /prod.*active/ }).first().waitFor({ timeout: 30_000 });

    assert.equal(expiresAt(await tooltipOf(item)), expiresLine, 'the same session, not a new one');
    fs.mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-status-bar.png') });
    await page.mouse.move(700, 400);

    assert.deepEqual(sts.calls.list().slice(callsBefore).map((call) => call.action), [], 'the reload restored the session without STS');
  });

  it('counts down in seconds with the warning colour once less than awsRoles.warnBefore is left (Renew Now from the item\'s menu)', async () => {
    sts.setLifetimeSeconds(SHORT_LIFETIME_SECONDS);
    try {
      const callsBefore = sts.calls.list().length;
      await sessionItem('prod · .+').click();
      await title().filter({ hasText: 'AWS Role Session: prod' }).waitFor({ timeout: 30_000 });
      for (const action of ['Renew Now', 'Switch Role…', 'Show Identity', 'Open Console', 'Copy Credentials as Shell Exports…', 'Copy as credential_process JSON', 'Copy Role ARN', 'Sign Out', 'Open Settings']) {
        assert.equal(await quickPickRow(action).count(), 1, `the menu offers ${action}`);
      }
      await input().fill('Renew Now');
      await quickPickRow('Renew Now').waitFor({ timeout: 30_000 });
      await input().press('Enter');

      // Five minutes: `4:59` … `4:30` on a busy machine, in the warning colour.
      const item = sessionItem('prod · 4:[0-5]\\d');
      await item.waitFor({ timeout: 60_000 });
      assert.match((await item.getAttribute('class')) ?? '', /\bwarning-kind\b/);
      assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'the live MFA session spared the code');
      // One hop behind the MFA session kept across the reload: one AssumeRole, nothing else.
      assert.deepEqual(sts.calls.list().slice(callsBefore).map((call) => call.action), ['AssumeRole']);
    } finally {
      sts.setLifetimeSeconds(undefined);
    }
  });

  it('a reload in the middle of a renewal: the last good session comes back, no prompt, and the next renewal gets a fresh hour', async () => {
    const renewNow = async () => {
      await sessionItem('prod · .+').click();
      await title().filter({ hasText: 'AWS Role Session: prod' }).waitFor({ timeout: 30_000 });
      await input().fill('Renew Now');
      await quickPickRow('Renew Now').waitFor({ timeout: 30_000 });
      await input().press('Enter');
    };
    // The five-minute session of the test before is the last good one.
    await sessionItem('prod · [34]:[0-5]\\d').waitFor({ timeout: 30_000 });
    // STS holds the renewal's AssumeRole; the window goes away while it waits.
    sts.faults.delay(60_000, 1, ['AssumeRole']);
    try {
      await renewNow();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await sessionItem('prod · [234]:[0-5]\\d').waitFor({ timeout: 60_000 });
      await waitUntilReady();
      assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'no prompt after the reload');
    } finally {
      sts.faults.clear();
    }
    const callsBefore = sts.calls.list().length;
    await renewNow();
    await sessionItem('prod · (59m|1h 00m)').waitFor({ timeout: 60_000 });
    assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'the MFA session kept across the reload spared the code');
    // One hop on the kept MFA session: the renewal cut off by the reload left nothing to finish.
    assert.deepEqual(sts.calls.list().slice(callsBefore).map((call) => call.action), ['AssumeRole']);
  });
});
