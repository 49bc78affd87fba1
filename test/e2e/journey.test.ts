/**
 * The journey a person walks on the try-it-now demo (its sample files and the local STS with
 * its sample principals), in a real VS Code (code-server) in headless Chromium, each step
 * asserted on what the page shows and saved as a PNG under test-results/e2e/:
 *   1. the AWS Roles view, the broken profile, the three-hop chain; the config file's problems
 *      in the Problems panel;
 *   2. `demo-mfa-code` in a terminal prints alice's code; Assume Role… prod with a wrong MFA code
 *      first (a clear error, asked again), then that code: the status bar names prod with its
 *      countdown, the tree marks it active;
 *   3. a new terminal: `aws sts get-caller-identity`, as the README says it, prints prod's
 *      assumed-role ARN, and in the default configuration (`auto`: the credential endpoint) the
 *      terminal's `env` holds the endpoint's address and token, and no key, secret or token;
 *   4. Switch Role… from the status bar's menu to the sibling role: no MFA prompt; a new
 *      terminal is the new role, and an `aws` call aimed at AWS stops at the demo's proxy on
 *      127.0.0.1;
 *   5. with short-lifetime credentials a program in a terminal asks STS who it is every two
 *      seconds, through the credential endpoint the default gives terminals, while the session
 *      renews by itself: the countdown starts again, no MFA prompt, and not one of the program's
 *      calls fails;
 *   6. F5 on the demo's Node program: its output names the role;
 *   7. Open Console: the opened tab is the local federation page signed in as that role;
 *   8. Sign Out: the status bar is idle again (offering the workspace's prod), and a new
 *      terminal has no credentials;
 *   9. nothing secret was written or shown: every key, session token (the MFA session's
 *      included), MFA code, endpoint token and console sign-in token of the run is searched for
 *      in everything code-server, VS Code and the browser wrote and in every notification,
 *      dialog, hover, page text and terminal text the run saw; the one copy allowed is the
 *      console's login URL in the browser's own history, and its sign-in token is spent.
 * A failed step also keeps the extension host's log, the extension's own log and the local
 * STS's call log under test-results/e2e/failed/. The README's screenshots are these PNGs.
 * Terminals are opened as a person opens one (Ctrl+Shift+`) and get what the README tells a
 * person to type, in the demo as `npm start` sets it up (`setUpDemo`): its `aws` is the demo's
 * wrapper around the AWS CLI first on this machine's PATH.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Fixture, LocalSts } from '../../tools/local-sts';
import { exthostLogs, projectRoot } from '../../tools/code-server';
import { DEMO_STS_FIXTURE, demoAwsCli, demoMfaSeed, sampleAwsFiles, setUpDemo } from '../../tools/code-server/workbenchHome';
import { describeLeaks, scanForSecrets, type Leak, type Secret, type SeenText } from '../harness/secretScan';
import { useBrowserSuite } from '../support/e2e/browserSuite';
import { keepTransientTexts, openProfilesView, runCommand as runCommandIn, setUserSettings, transientTexts, workbenchParts } from '../support/e2e/workbenchPage';

const root = projectRoot();
const resultsDir = path.join(root, 'test-results');
const stepsDir = path.join(resultsDir, 'e2e');
/** The AWS CLI the demo's `aws` wrapper runs; the steps that type `aws` need one. */
const AWS_CLI = demoAwsCli();
/** The demo's `aws` wrapper sends what would leave 127.0.0.1 to a proxy there that refuses it; botocore says so. */
const AT_THE_DEMO_PROXY = /Failed to connect to proxy URL: "http:\/\/127\.0\.0\.1:9"/;
/** `output`, then the shell's prompt again: the command has finished. */
const thenPrompt = (output: RegExp) => new RegExp(`${output.source}.*[#$]\\s*$`);
/** What `aws sts get-caller-identity` prints for a role's session (JSON, the demo config's output format). */
const callerArn = (roleArnPattern: string) => new RegExp(`"Arn": "arn:aws:sts::${roleArnPattern}"\\s*}`);
/**
 * Step 5's role credentials: auto-renew renews at half a lifetime this short (its window is
 * `awsRoles.renewBefore`, at most half the lifetime), so a renewal comes a minute after Renew Now.
 */
const SHORT_LIFETIME_SECONDS = 120;

describe('The journey on the try-it-now demo', function () {
  // Each wait has its own deadline; this bounds a step on a busy machine.
  this.timeout(180_000);
  let sts: LocalSts;
  let page: Page;
  /** Everything the run saw that a secret must not be in: page texts, terminal texts. */
  const seenTexts: SeenText[] = [];
  /** Secrets only the run knows: the MFA code typed, the endpoint's token. */
  const runSecrets: Secret[] = [];
  const endpointTokenFile = path.join(os.tmpdir(), `aws-roles-e2e-endpoint-token-${process.pid}`);
  /** The endpoint tokens of the two terminals step 8 opens as prod (each has an address of its own). */
  const heldTokenFiles = [1, 2].map((n) => path.join(os.tmpdir(), `aws-roles-e2e-held-endpoint-token-${n}-${process.pid}`));

  const { input, quickPickRow, title, sessionItem, notification, treeRow, chooseInSessionMenu } = workbenchParts(() => page);
  const runCommand = (name: string) => runCommandIn(page, name);
  const step = async (name: string) => {
    fs.mkdirSync(stepsDir, { recursive: true });
    await page.screenshot({ path: path.join(stepsDir, `${name}.png`) });
    seenTexts.push({ where: `the page at step ${name}`, text: await page.locator('body').innerText() });
  };

  /** Opens a new terminal, runs `command` in it, and resolves with the terminal's text once it holds `expected`. */
  async function inNewTerminal(command: string, expected: RegExp): Promise<string> {
    await openTerminalAndRun(command);
    return terminalText(expected, 60_000);
  }

  /**
   * Opens a new terminal as a person does, with its keyboard shortcut (Ctrl+Shift+`), and types
   * `command` into it once its shell is ready.
   */
  async function openTerminalAndRun(command: string): Promise<void> {
    const terminals = page.locator('.terminal-wrapper');
    const before = await terminals.count();
    await page.keyboard.press('Control+Shift+Backquote');
    const opened = Date.now() + 30_000;
    while ((await terminals.count()) <= before) {
      if (Date.now() > opened) assert.fail('Ctrl+Shift+` opened no new terminal');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const rows = page.locator('.terminal-wrapper.active .xterm-rows');
    await rows.waitFor({ timeout: 60_000 });
    // The shell prints its prompt once it is ready for input.
    const ready = Date.now() + 60_000;
    while ((await rows.innerText()).trim() === '') {
      if (Date.now() > ready) assert.fail('the new terminal never showed a prompt');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await typeInTerminal(command);
  }

  /** Types `command` into the active terminal and presses Enter. */
  async function typeInTerminal(command: string): Promise<void> {
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  /**
   * The active terminal's text, as a person reads it, once it holds `expected`. Rows are joined
   * without a break: a long line wraps onto the next row, and the DOM does not tell a wrap from
   * a new line.
   */
  async function terminalText(expected: RegExp, timeoutMs: number): Promise<string> {
    const text = await readTerminal(expected, timeoutMs);
    seenTexts.push({ where: `a terminal showing ${expected}`, text });
    return text;
  }

  /** `terminalText` without keeping the text for the secret scan: the caller keeps what it may. */
  async function readTerminal(expected: RegExp, timeoutMs: number): Promise<string> {
    const rows = page.locator('.terminal-wrapper.active .xterm-rows');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await rows.innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
      if (expected.test(text)) return text;
      if (Date.now() > deadline) assert.fail(`the terminal never showed ${expected}; it shows:\n${text.slice(-800)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * What a person does for the MFA code (README, "Try it now"): runs `demo-mfa-code` in a new
   * terminal and reads the code it prints. A code with less than 20 s left is waited out, as a
   * person waits for the next one, so it is still current after the wrong code's round trip. The
   * terminal is then closed with `exit`: the demo prints the code on purpose, so step 9 looks for
   * it only where the extension or the browser could have put it, and this terminal's text joins
   * the scan with the code masked.
   */
  async function mfaCodeFromTerminal(): Promise<string> {
    const printed = /MFA code for alice: (\d{6}) \((\d+) s left\)/g;
    const lastPrinted = (text: string) => [...text.matchAll(printed)].at(-1)!.slice(1, 3);
    await openTerminalAndRun('demo-mfa-code');
    let text = await readTerminal(new RegExp(printed.source), 60_000);
    const [firstCode, left] = lastPrinted(text);
    let code = firstCode;
    if (Number(left) < 20) {
      await new Promise((resolve) => setTimeout(resolve, (Number(left) + 1) * 1000));
      await typeInTerminal('demo-mfa-code');
      text = await readTerminal(new RegExp(`${printed.source}.*${printed.source}`), 60_000);
      [code] = lastPrinted(text);
    }
    seenTexts.push({ where: 'the terminal that ran demo-mfa-code (its codes masked)', text: text.replace(printed, 'MFA code for alice: ****** ($2 s left)') });
    const terminals = page.locator('.terminal-wrapper');
    const open = await terminals.count();
    await typeInTerminal('exit');
    const closed = Date.now() + 30_000;
    while ((await terminals.count()) >= open) {
      if (Date.now() > closed) assert.fail('`exit` did not close the terminal that ran demo-mfa-code');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return code;
  }

  // As `npm start` runs it: a short lifetime, when set, is for roles only (the MFA session keeps its length).
  const suite = useBrowserSuite(
    {
      name: 'journey',
      sts: { fixture: DEMO_STS_FIXTURE, lifetimeRolesOnly: true },
      awsFiles: sampleAwsFiles,
      prepare: (workbench, sts) => {
        // The DOM renderer, so the terminal's text can be read as a person reads it.
        // Sticky scroll off: its overlay is a second terminal view holding the last command.
        setUserSettings(workbench.userDataDir, { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.stickyScroll.enabled': false });
        // The demo as `npm start` sets it up: its workspace, and terminals whose `aws` and demo-mfa-code are the demo's.
        return setUpDemo(workbench, { stsUrl: sts.url, mfaSeed: demoMfaSeed() });
      },
      beforeOpening: keepTransientTexts,
    },
    (started) => {
      ({ sts, page } = started);
    },
  );

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    // What a person debugging the failure needs: the extension host's log and every STS call (parameters redacted, key ids shortened).
    const kept = path.join(stepsDir, 'failed');
    fs.mkdirSync(kept, { recursive: true });
    fs.writeFileSync(path.join(kept, 'local-sts-calls.json'), JSON.stringify(sts.calls.list(), null, 2));
    const { userDataDir } = suite.workbench;
    for (const [index, log] of exthostLogs(userDataDir).entries()) fs.copyFileSync(log, path.join(kept, `exthost-${index + 1}.log`));
    const ours = fs.readdirSync(path.join(userDataDir, 'logs'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('AWS Role Sessions.log'));
    for (const [index, log] of ours.entries()) fs.copyFileSync(path.join(userDataDir, 'logs', log), path.join(kept, `aws-role-sessions-${index + 1}.log`));
  });

  after(() => {
    for (const file of [endpointTokenFile, ...heldTokenFiles]) fs.rmSync(file, { force: true });
  });

  it('1. shows the profiles, the broken one, the three-hop chain, and the same problem in the Problems panel', async () => {
    await openProfilesView(page, 'prod');
    // The demo workspace names prod in .vscode/settings.json: the idle status bar offers it, with no prompt.
    await sessionItem('prod\\?').waitFor({ timeout: 60_000 });
    assert.equal(await title().filter({ hasText: /MFA code/ }).count(), 0, 'nothing prompts on open');
    assert.match(await treeRow('broken-chain').innerText(), /source profile missing/);
    await treeRow(/^prod/).click();
    await page.keyboard.press('ArrowRight');
    // The chain's hops are prod's children, one level down.
    const hops = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row[aria-level="2"]');
    for (const hop of [/staging.*Staging/, /dev.*Dev/, /alice/]) await hops.filter({ hasText: hop }).first().waitFor({ timeout: 30_000 });
    await step('1-profiles-and-chain');
    await runCommand('AWS Roles: Open AWS Config File');
    await page.locator('.editor-group-container .tab').filter({ hasText: 'config' }).first().waitFor({ timeout: 30_000 });
    await runCommand('View: Focus Problems');
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: /source_profile "does-not-exist"/ }).first().waitFor({ timeout: 30_000 });
    await step('1-problems-panel');
  });

  it('2. assumes prod with the code demo-mfa-code prints in a terminal: a wrong code is refused clearly, that one gives the status bar its countdown', async () => {
    const code = await mfaCodeFromTerminal();
    runSecrets.push({ kind: 'MFA code that worked', value: code });
    await runCommand('AWS Roles: Assume Role…');
    await input().fill('prod');
    await quickPickRow(/^prod/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await title().filter({ hasText: 'MFA code for profile prod' }).waitFor({ timeout: 30_000 });
    await input().fill('000000');
    await input().press('Enter');
    await title().filter({ hasText: 'attempt 2 of 3' }).waitFor({ timeout: 30_000 });
    await step('2-wrong-code');
    await input().fill(code);
    await input().press('Enter');
    await notification(/Assumed prod: role Prod in account 444444444444/).waitFor({ timeout: 60_000 });
    await sessionItem('prod · (59m|1h 00m)').waitFor({ timeout: 30_000 });
    await treeRow(/prod.*active/).waitFor({ timeout: 30_000 });
    await step('2-assumed-prod');
  });

  it('3. a new terminal is prod: `aws sts get-caller-identity` names its assumed role, and its environment holds no key', async function () {
    if (!AWS_CLI) this.skip();
    await inNewTerminal('aws sts get-caller-identity', thenPrompt(callerArn('444444444444:assumed-role/Prod/alice-prod')));
    // What the README's troubleshooting tells a person to type to see what a terminal holds: names only.
    await typeInTerminal('env | cut -d= -f1 | grep ^AWS_ | xargs');
    const listed = /grep \^AWS_ \| xargs\s*(AWS_[A-Z0-9_]+(?: AWS_[A-Z0-9_]+)*)/;
    const names = listed.exec(await terminalText(thenPrompt(listed), 30_000))?.[1].split(' ') ?? [];
    assert.ok(names.includes('AWS_CONTAINER_CREDENTIALS_FULL_URI') && names.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN'), `the credential endpoint (listed: ${names.join(' ')})`);
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      assert.ok(!names.includes(name), `the default configuration puts no ${name} in a terminal (listed: ${names.join(' ')})`);
    }
    await step('3-terminal-prod');
  });

  it('4. switches to the sibling role from the status bar with no MFA prompt; a new terminal is the new role and reaches nothing but 127.0.0.1', async function () {
    await chooseInSessionMenu('prod · .+', 'Switch Role…', 'Switch Role');
    await input().fill('dev-readonly');
    await quickPickRow(/^dev-readonly/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await notification(/Assumed dev-readonly: role DevReadOnly/).waitFor({ timeout: 60_000 });
    assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'no MFA prompt: the MFA session is reused');
    await sessionItem('dev-readonly · .+').waitFor({ timeout: 30_000 });
    if (AWS_CLI) {
      await inNewTerminal('aws sts get-caller-identity', thenPrompt(callerArn('222222222222:assumed-role/DevReadOnly/[^"]+')));
      // A person pointing the demo's `aws` at AWS itself: the request stops at the proxy on 127.0.0.1.
      await typeInTerminal('aws sts get-caller-identity --endpoint-url https://sts.amazonaws.com');
      await terminalText(thenPrompt(AT_THE_DEMO_PROXY), 90_000);
    }
    await step('4-switched');
  });

  it('5. short-lifetime credentials renew by themselves, with no prompt, under a program looping on the credential endpoint that never fails', async () => {
    // The local STS hands out two-minute credentials from now on (what `npm start -- --short-lifetime 120` does).
    sts.setLifetimeSeconds(SHORT_LIFETIME_SECONDS);
    try {
      await chooseInSessionMenu('dev-readonly · .+', 'Renew Now');
      await sessionItem('dev-readonly · (1:[3-5]\\d|2:00)').waitFor({ timeout: 60_000 });
      const callsBefore = sts.calls.list().length;

      // A long-running program with one SDK client, as a server or a Terraform run holds one.
      // The endpoint's token goes to a file outside everything scanned in step 9, never to the screen.
      await openTerminalAndRun(`printenv AWS_CONTAINER_AUTHORIZATION_TOKEN > ${endpointTokenFile}; node watch-identity.js`);
      await terminalText(/#1 assumed-role\/DevReadOnly\/\S+ · endpoint · ends /, 60_000);

      // Auto-renew renews at half the lifetime: the countdown runs down to a minute, then starts again.
      await sessionItem('dev-readonly · (1:0\\d|0:\\d\\d)').waitFor({ timeout: 90_000 });
      await sessionItem('dev-readonly · 1:[1-5]\\d').waitFor({ timeout: 60_000 });
      assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'a renewal behind a live MFA session asks for nothing');
      const renewals = sts.calls.list().slice(callsBefore).filter((call) => call.action !== 'GetCallerIdentity');
      assert.ok(renewals.length >= 1, 'auto-renew called STS');
      assert.deepEqual([...new Set(renewals.map((call) => `${call.action} ${call.status}`))], ['AssumeRole 200'], 'one hop renewed on the live MFA session: no GetSessionToken');

      // The program kept going through the renewal on credentials that changed under it, and
      // asked again after it: each line counts the failures so far, whatever has scrolled away.
      await terminalText(/\(renewed\) · 0 failed#\d+ assumed-role\/DevReadOnly\/\S+ · endpoint · ends \d\d:\d\d:\d\d · 0 failed/, 60_000);
      await step('5-renewed-under-a-running-program');
      await page.keyboard.press('Control+C');
    } finally {
      sts.setLifetimeSeconds(undefined);
    }
  });

  it('6. F5 on the demo\'s Node program: its output names the assumed role', async () => {
    await runCommand('Debug: Start Debugging');
    // With more than one way to debug, VS Code asks which: the demo's launch configuration.
    if (await quickPickRow(/^whoami/).waitFor({ timeout: 10_000 }).then(() => true, () => false)) await input().press('Enter');
    const repl = page.locator('.repl');
    const deadline = Date.now() + 90_000;
    for (;;) {
      const text = await repl.innerText().catch(() => '');
      if (/whoami: arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//.test(text)) break;
      if (/whoami failed/.test(text) || Date.now() > deadline) assert.fail(`the Debug Console never named the role; it shows:\n${text.slice(-800)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await step('6-debug');
  });

  it('7. opens the console: the opened tab is signed in as the role', async () => {
    const opened = suite.context.waitForEvent('page', { timeout: 60_000 });
    await chooseInSessionMenu('dev-readonly · .+', 'Open Console');
    const consolePage = await opened;
    await consolePage.waitForLoadState('domcontentloaded', { timeout: 60_000 });
    assert.match(await consolePage.locator('#signed-in-as').innerText({ timeout: 30_000 }), /^Signed in as arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//);
    fs.mkdirSync(stepsDir, { recursive: true });
    await consolePage.screenshot({ path: path.join(stepsDir, '7-console.png') });
    await consolePage.close();
    await page.bringToFront();
  });

  it('8. opens a terminal as prod from the command palette, and another from Create New Terminal (With Profile), while the window is dev-readonly: each `aws` is prod, they share one session, the status bar counts it, no MFA prompt', async function () {
    await runCommand('AWS Roles: Open Terminal as Profile…');
    await input().fill('prod');
    await quickPickRow(/^prod/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    // The window's session stays dev-readonly; the terminal's is counted after it.
    await sessionItem('dev-readonly · .+ \\+1').waitFor({ timeout: 60_000 });
    assert.equal(await title().filter({ hasText: 'MFA code' }).count(), 0, 'no MFA prompt: the MFA session is reused');
    await terminalText(/this terminal acts as profile prod \(role Prod in account 444444444444\), renewed while this terminal is open\..*[#$]\s*$/, 60_000);
    if (AWS_CLI) {
      await typeInTerminal('aws sts get-caller-identity');
      await terminalText(thenPrompt(callerArn('444444444444:assumed-role/Prod/alice-prod')), 90_000);
    }
    await step('8-terminal-as-prod');
    // Its own endpoint token, for step 10's scan (a file of the test's, removed after the run).
    await typeInTerminal(`printenv AWS_CONTAINER_AUTHORIZATION_TOKEN > ${heldTokenFiles[0]}`);
    // The same from the terminal panel's new-terminal menu: a second prod terminal shares the session.
    const assumesBefore = sts.calls.list().filter((call) => call.action === 'AssumeRole').length;
    await runCommand('Create New Terminal (With Profile)');
    await input().fill('AWS Profile');
    await quickPickRow(/AWS Profile…/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await quickPickRow(/^prod/).waitFor({ timeout: 30_000 });
    await input().fill('prod');
    await input().press('Enter');
    await terminalText(/this terminal acts as profile prod \(role Prod in account 444444444444\).*[#$]\s*$/, 60_000);
    await treeRow(/^prod\s*in 2 terminals/).waitFor({ timeout: 30_000 });
    await sessionItem('dev-readonly · .+ \\+1').waitFor({ timeout: 30_000 });
    assert.equal(sts.calls.list().filter((call) => call.action === 'AssumeRole').length, assumesBefore, 'the second terminal shares the session: no assume');
    if (AWS_CLI) {
      await typeInTerminal('aws sts get-caller-identity');
      await terminalText(thenPrompt(callerArn('444444444444:assumed-role/Prod/alice-prod')), 90_000);
    }
    await typeInTerminal(`printenv AWS_CONTAINER_AUTHORIZATION_TOKEN > ${heldTokenFiles[1]}`);
  });

  it('9. IAM Identity Center: assuming sso-admin opens the sign-in page with the code the notification shows; allowed as alice, the tree lists alice\'s accounts and roles, sso-deployer (a chain on top) needs no second page, a new terminal is SsoDeployer, and Add to AWS Config… appends only a listed role\'s profile', async function () {
    const pagesBefore = suite.context.pages().length;
    const opened = suite.context.waitForEvent('page', { timeout: 60_000 });
    await runCommand('AWS Roles: Assume Role…');
    await input().fill('sso-admin');
    await quickPickRow(/^sso-admin/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    // The notification says what to do and which code the page must show.
    const shown = notification(/Sign in to IAM Identity Center \(acme\): in the page that opened, check that it shows [A-Z]{4}-[A-Z]{4}/);
    await shown.waitFor({ timeout: 60_000 });
    const code = /shows ([A-Z]{4}-[A-Z]{4})/.exec(await shown.innerText())?.[1] ?? '';
    const signInPage = await opened;
    await signInPage.waitForLoadState('domcontentloaded', { timeout: 60_000 });
    assert.equal(await signInPage.locator('#user-code').innerText({ timeout: 30_000 }), code, 'the page shows the code VS Code shows');
    fs.mkdirSync(stepsDir, { recursive: true });
    await signInPage.screenshot({ path: path.join(stepsDir, '9-identity-center-sign-in.png') });
    seenTexts.push({ where: 'the Identity Center sign-in page', text: await signInPage.locator('body').innerText() });
    await signInPage.locator('#approve').click();
    assert.match(await signInPage.locator('#result').innerText({ timeout: 30_000 }), /Request approved as alice/);
    await signInPage.close();
    await page.bringToFront();
    await sessionItem('sso-admin · .+').waitFor({ timeout: 60_000 });
    assert.equal(suite.context.pages().length, pagesBefore, 'the sign-in page was the only page opened');

    // The tree: the sign-in's row, alice's accounts, and the roles of one.
    await treeRow(/^acme\s*IAM Identity Center - signed in/).click();
    await treeRow(/^sandbox\s*555555555555/).click();
    await treeRow(/^AdministratorAccess/).waitFor({ timeout: 30_000 });
    await treeRow(/^ReadOnly/).waitFor({ timeout: 30_000 });
    await treeRow(/^dev\s*222222222222/).waitFor({ timeout: 30_000 });
    await step('9-identity-center');


    const startsBefore = sts.calls.list().filter((call) => call.action === 'sso-oidc:StartDeviceAuthorization').length;
    await runCommand('AWS Roles: Assume Role…');
    await input().fill('sso-deployer');
    await quickPickRow(/^sso-deployer/).waitFor({ timeout: 30_000 });
    await input().press('Enter');
    await sessionItem('sso-deployer · .+').waitFor({ timeout: 60_000 });
    assert.equal(sts.calls.list().filter((call) => call.action === 'sso-oidc:StartDeviceAuthorization').length, startsBefore, 'no second sign-in');
    if (AWS_CLI) await inNewTerminal('aws sts get-caller-identity', thenPrompt(callerArn('666666666666:assumed-role/SsoDeployer/[^"]+')));

    // Add to AWS Config… on sandbox's ReadOnly: the name proposed, a preview, then only that appended.
    const configFile = path.join(suite.workbench.awsDir, 'config');
    const configBefore = fs.readFileSync(configFile);
    await treeRow(/^ReadOnly/).click({ button: 'right' });
    const addItem = page.getByRole('menuitem', { name: 'Add to AWS Config…' });
    await addItem.waitFor({ timeout: 30_000 });
    // A click right after a right-click is swallowed by the workbench's menu guard; the keyboard is not.
    await addItem.hover();
    await page.keyboard.press('Enter');
    await input().waitFor({ timeout: 30_000 });
    assert.equal(await input().inputValue(), 'ReadOnly-555555555555', 'the name aws configure sso would propose');
    await input().press('Enter');
    const preview = page.locator('.monaco-dialog-box').filter({ hasText: /Append this to .*config\?/ });
    await preview.waitFor({ timeout: 30_000 });
    assert.match(await preview.innerText(), /\[profile ReadOnly-555555555555\]\s+sso_session = acme\s+sso_account_id = 555555555555\s+sso_role_name = ReadOnly\s+region = us-west-2\s+services = local-sts/);
    await preview.getByRole('button', { name: 'Append' }).click();
    await notification(/Added profile ReadOnly-555555555555 to your AWS config/).waitFor({ timeout: 30_000 });
    const configAfter = fs.readFileSync(configFile);
    assert.ok(configAfter.subarray(0, configBefore.length).equals(configBefore), 'every byte before is unchanged');
    assert.equal(configAfter.subarray(configBefore.length).toString('utf8'), '\n[profile ReadOnly-555555555555]\nsso_session = acme\nsso_account_id = 555555555555\nsso_role_name = ReadOnly\nregion = us-west-2\nservices = local-sts\n');
    await treeRow(/^ReadOnly-555555555555/).waitFor({ timeout: 30_000 });
  });

  it('10. signs out, of IAM Identity Center too: the status bar is idle and a new terminal has no credentials', async () => {
    await chooseInSessionMenu('sso-deployer · .+', 'Sign Out');
    // Idle again: the item offers the workspace's own profile once more.
    await sessionItem('prod\\?').waitFor({ timeout: 30_000 });
    await inNewTerminal('echo "key:${AWS_ACCESS_KEY_ID:-none} endpoint:${AWS_CONTAINER_CREDENTIALS_FULL_URI:-none}"', /key:none endpoint:none/);
    await treeRow(/^acme\s*IAM Identity Center - not signed in/).waitFor({ timeout: 30_000 });
    await step('10-signed-out');
  });

  it('11. wrote and showed nothing secret: no key, token or code in what code-server, VS Code and the browser stored, nor in anything the page showed', async () => {
    seenTexts.push(...(await transientTexts(page)).map((text) => ({ where: 'a notification, dialog, hover or input message', text })));
    // Closing the browser and stopping code-server makes both write out what they keep.
    const { context, server, browserProfile, workbench: { home } } = suite;
    await context.close();
    seenTexts.push({ where: `code-server's own log (${server.logFile})`, text: fs.readFileSync(server.logFile, 'utf8') });
    await server.stop();

    const fixture = JSON.parse(fs.readFileSync(DEMO_STS_FIXTURE, 'utf8')) as Fixture;
    const endpointToken = fs.readFileSync(endpointTokenFile, 'utf8').trim();
    assert.ok(endpointToken.length >= 32, 'step 5 caught the endpoint token');
    const signinTokens = sts.issuedSigninTokens();
    assert.ok(signinTokens.length >= 1, 'step 7 signed in to the console');
    const issued = sts.issuedCredentials();
    assert.ok(issued.some((credentials) => credentials.issuedBy === 'GetSessionToken'), 'the run made an MFA session');
    assert.ok((sts.identityCenter?.issuedSecrets().length ?? 0) >= 3, 'step 9 signed in to IAM Identity Center');
    const secrets: Secret[] = [
      ...fixture.users.flatMap((user) => user.accessKeys.flatMap((key) => [{ kind: 'long-term access key id', value: key.accessKeyId }, { kind: 'long-term secret access key', value: key.secretAccessKey }])),
      ...issued.flatMap((credentials) => [
        { kind: `${credentials.issuedBy} access key id`, value: credentials.accessKeyId },
        { kind: `${credentials.issuedBy} secret access key`, value: credentials.secretAccessKey },
        { kind: `${credentials.issuedBy} session token`, value: credentials.sessionToken },
      ]),
      ...signinTokens.map((value) => ({ kind: 'console sign-in token', value })),
      { kind: 'credential endpoint token', value: endpointToken },
      ...heldTokenFiles.map((file) => ({ kind: "a profile terminal's endpoint token", value: fs.readFileSync(file, 'utf8').trim() })),
      // IAM Identity Center's access and refresh tokens, client secrets and device codes of step 9.
      ...(sts.identityCenter?.issuedSecrets() ?? []).map((value) => ({ kind: 'IAM Identity Center token, client secret or device code', value })),
      ...runSecrets,
    ];
    // The user's own AWS files hold the long-term keys: they are the user's, not written by us.
    const report = scanForSecrets({ secrets, folders: [home, browserProfile], texts: seenTexts, skip: (file) => file === path.join(home, '.aws') });
    assert.ok(report.filesScanned > 50, `scanned ${report.filesScanned} files`);
    // The MFA session is kept in SecretStorage, which code-server keeps encrypted in the
    // browser's local storage under "secrets.provider": the scan must have read that store.
    const secretStore = scanForSecrets({ secrets: [{ kind: 'SecretStorage entry', value: 'secrets.provider' }], folders: [browserProfile] });
    assert.ok(secretStore.leaks.length > 0, 'the browser profile holds the encrypted SecretStorage the scan read');
    assert.ok(report.textsScanned > 10, `scanned ${report.textsScanned} texts`);
    // The browser keeps the address of every page it opened, the console's login URL with its
    // sign-in token included, in its history, session and tab records (docs/security.md, "What the
    // extension cannot protect against"): expected there, and only there, as long as that URL
    // signs nobody in any more. Each token was spent by step 7's sign-in: replayed, each is refused.
    for (const token of signinTokens) {
      const replay = await fetch(`${sts.url}/federation?Action=login&Destination=${encodeURIComponent('https://console.aws.amazon.com/')}&SigninToken=${encodeURIComponent(token)}`);
      assert.equal(replay.status, 400, 'a console login URL kept in the browser signs nobody in again');
      assert.match(await replay.text(), /already used/);
    }
    const inBrowsersOwnRecords = (leak: Leak) => leak.kind === 'console sign-in token' && leak.where.startsWith(browserProfile + path.sep);
    const leaks = report.leaks.filter((leak) => !inBrowsersOwnRecords(leak));
    fs.mkdirSync(stepsDir, { recursive: true });
    fs.writeFileSync(path.join(stepsDir, '11-secret-scan.json'), JSON.stringify({ secretsSearched: secrets.length, kinds: [...new Set(secrets.map((secret) => secret.kind))], filesScanned: report.filesScanned, textsScanned: report.textsScanned, spentLoginUrlsInBrowserRecords: report.leaks.filter(inBrowsersOwnRecords).map((leak) => leak.where), leaks }, null, 2));
    assert.equal(describeLeaks(leaks), '', `found ${leaks.length} leaks`);
  });
});
