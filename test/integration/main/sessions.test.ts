/**
 * Assuming roles inside a real VS Code against the local STS, which runs in this extension
 * host on 127.0.0.1 and checks signatures, trust, MFA codes and durations like real STS.
 * MFA codes come from `mfa_process` (a script printing the code the test wrote for it); the
 * input-box prompt is exercised in the browser suite (test/e2e/).
 */

import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startLocalSts, totpFor, type Fixture, type LocalSts } from '../../../tools/local-sts';
import type { ExtensionApi } from '../../../src/extension';
import { MfaSessionStore } from '../../../src/core/assume/mfaSessionStore';
import { SignOutBroadcast } from '../../../src/core/lifecycle/signOutBroadcast';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import { CLIENT_STS_SDK, clientsInNewTerminal, endpointTokenSeen, environmentNamesSeen } from '../../support/integration/terminalClients';
import { until } from '../../support/integration/waits';
import { activateExtension, configFile, credentialsFile, writeAwsFiles } from '../../support/integration/extension';
import { readExtensionLog } from '../../support/integration/extensionLog';
import { ALICE, ALICE_CHAIN_ROLES, CAROL, stsUser } from '../../support/principals';

const workDir = path.dirname(configFile);

const FIXTURE: Fixture = {
  users: [stsUser(ALICE), stsUser(CAROL)],
  roles: [
    ...ALICE_CHAIN_ROLES,
    { arn: 'arn:aws:iam::555555555555:role/Admin', trustedPrincipals: ['arn:aws:iam::999999999999:user/someone-else'], maxSessionDuration: 3600 },
    { arn: 'arn:aws:iam::666666666666:role/Carol', trustedPrincipals: ['arn:aws:iam::111111111111:user/carol'], mfaRequired: true, maxSessionDuration: 3600 },
  ],
};

let api: ExtensionApi;
let sts: LocalSts;
const aliceCodeFile = path.join(workDir, 'alice-code');
const carolCodeFile = path.join(workDir, 'carol-code');
/** Every MFA code and issued secret this suite saw, to prove none of them was written anywhere. */
const secretsSeen = new Set<string>([ALICE.secret, CAROL.secret]);

function writeProfiles(stsUrl: string): void {
  const printCode = (file: string) => `"${process.execPath}" -e "process.stdout.write(require('fs').readFileSync(process.argv[1], 'utf8'))" "${file}"`;
  writeAwsFiles(
    stsUrl,
    [
      '[profile alice]',
      'region = us-east-1',
      'services = local-sts',
      '[profile dev]',
      'role_arn = arn:aws:iam::222222222222:role/Dev',
      'source_profile = alice',
      `mfa_serial = ${ALICE.device}`,
      `mfa_process = ${printCode(aliceCodeFile)}`,
      'services = local-sts',
      '[profile staging]',
      'role_arn = arn:aws:iam::333333333333:role/Staging',
      'source_profile = dev',
      'services = local-sts',
      '[profile prod]',
      'role_arn = arn:aws:iam::444444444444:role/Prod',
      'source_profile = staging',
      'role_session_name = alice-prod',
      'services = local-sts',
      'region = eu-west-1',
      '[profile dev-readonly]',
      'role_arn = arn:aws:iam::222222222222:role/DevReadOnly',
      'source_profile = alice',
      `mfa_serial = ${ALICE.device}`,
      `mfa_process = ${printCode(aliceCodeFile)}`,
      'services = local-sts',
      '[profile admin]',
      'role_arn = arn:aws:iam::555555555555:role/Admin',
      'source_profile = alice',
      'services = local-sts',
      '[profile carol-role]',
      'role_arn = arn:aws:iam::666666666666:role/Carol',
      'source_profile = carol',
      `mfa_serial = ${CAROL.device}`,
      `mfa_process = ${printCode(carolCodeFile)}`,
      'services = local-sts',
    ],
    { alice: ALICE, carol: CAROL },
  );
}

/** Writes the code `mfa_process` will print: the current step's, or the next step's. */
/** Codes handed to mfa_process so far: STS, and the extension, refuse a code used once. */
const codesUsed = new Set<string>();

function provideCode(file: string, seed: string, step: 'current' | 'next' | 'wrong'): string {
  const code = step === 'wrong' ? '000000' : totpFor(seed).generate({ timestamp: Date.now() + (step === 'next' ? 30_000 : 0) });
  fs.writeFileSync(file, `${code}\n`);
  secretsSeen.add(code);
  codesUsed.add(code);
  return code;
}

/** The current or next code, whichever was never used; waits for a new 30 s step if both were. */
async function provideUnusedCode(file: string, seed: string): Promise<void> {
  for (;;) {
    for (const step of ['current', 'next'] as const) {
      const code = totpFor(seed).generate({ timestamp: Date.now() + (step === 'next' ? 30_000 : 0) });
      if (!codesUsed.has(code)) {
        provideCode(file, seed, step);
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

function remember(session: RoleSession): RoleSession {
  secretsSeen.add(session.credentials.secretAccessKey);
  if (session.credentials.sessionToken) secretsSeen.add(session.credentials.sessionToken);
  return session;
}

async function assume(profile: string): Promise<RoleSession> {
  return remember(await api.sessions.assume(profile));
}

function countMatches(text: string, pattern: RegExp): number {
  return text.split('\n').filter((line) => pattern.test(line)).length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function callsSince(mark: number, action?: string): number {
  return sts.calls.list().slice(mark).filter((call) => !action || call.action === action).length;
}

/** The four clients in a new terminal of this window, against this suite's local STS. */
function inNewTerminal(label: string, afterFirstRun?: () => Promise<void>, env?: Record<string, string>): Promise<Record<string, string>[]> {
  return clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, `terminal-${label}`), label, afterFirstRun, env });
}

describe('Assuming roles against the local STS', function () {
  this.timeout(60_000);

  before(async () => {
    sts = await startLocalSts({ fixture: FIXTURE });
    fs.mkdirSync(workDir, { recursive: true });
    writeProfiles(sts.url);
    api = await activateExtension({ reload: true, signOut: true });
  });

  after(async () => {
    await api?.sessions.signOut();
    await sts?.stop();
    for (const file of [aliceCodeFile, carolCodeFile]) fs.rmSync(file, { force: true });
  });

  it('assumes a 3-hop chain behind MFA, with the code from mfa_process, and confirms the identity', async () => {
    provideCode(aliceCodeFile, ALICE.seed, 'current');
    const mark = sts.calls.list().length;
    const session = await assume('prod');
    assert.equal(session.profileName, 'prod');
    assert.match(session.assumedRoleArn ?? '', /^arn:aws:sts::444444444444:assumed-role\/Prod\/alice-prod$/);
    assert.equal(session.region, 'eu-west-1');
    assert.deepEqual(
      sts.calls.list().slice(mark).map((call) => [call.action, call.status]),
      [['GetSessionToken', 200], ['AssumeRole', 200], ['AssumeRole', 200], ['AssumeRole', 200]],
    );
    assert.equal(api.sessions.current?.profileName, 'prod');
    const identity = await api.sessions.identity();
    assert.equal(identity?.arn, session.assumedRoleArn, 'GetCallerIdentity confirms the assumed role');
    assert.equal(identity?.account, '444444444444');
    assert.ok(session.credentials.expiration && session.credentials.expiration.getTime() > Date.now());
  });

  it('marks the active profile in the tree', async () => {
    const provider = api.profileView.provider;
    const items = (await provider.getChildren()).map((node) => provider.getTreeItem(node));
    const prod = items.find((item) => item.label === 'prod');
    assert.match(String(prod?.description), /^active - /);
    assert.match(prod?.contextValue ?? '', /\bactive\b/);
    assert.doesNotMatch(String(items.find((item) => item.label === 'dev')?.description), /active/);
  });

  it('switches to a sibling role behind the same MFA device with one STS call and no code', async () => {
    fs.writeFileSync(aliceCodeFile, 'no code needed\n');
    const mark = sts.calls.list().length;
    const session = await assume('dev-readonly');
    assert.equal(session.stsCalls, 1);
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => call.action), ['AssumeRole']);
    assert.match(session.assumedRoleArn ?? '', /assumed-role\/DevReadOnly\//);
    assert.equal(api.sessions.current?.profileName, 'dev-readonly');
  });

  it('shares one STS call per hop among 20 simultaneous requests', async () => {
    const mark = sts.calls.list().length;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => assume('prod')));
    assert.equal(new Set(sessions.map((s) => s.credentials.accessKeyId)).size, 1);
    assert.equal(callsSince(mark, 'AssumeRole'), 3);
    assert.equal(callsSince(mark, 'GetSessionToken'), 0);
  });

  it('says who refused and keeps the active session when a trust policy refuses', async () => {
    await assert.rejects(api.sessions.assume('admin'), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'access-denied');
      assert.match(error.message, /admin/);
      assert.match(error.message, /arn:aws:iam::555555555555:role\/Admin/);
      return true;
    });
    assert.equal(api.sessions.current?.profileName, 'prod', 'nothing the user had is lost');
  });

  it('logs a refusal once when Assume Role… reports it', async () => {
    const refusal = /Profile "admin": .* is not allowed to assume arn:aws:iam::555555555555:role\/Admin\./;
    const before = countMatches(readExtensionLog(), refusal);
    // The command shows the error and waits for an answer: leave it waiting, read the log.
    void vscode.commands.executeCommand('awsRoles.assumeRole', 'admin');
    const deadline = Date.now() + 20_000;
    while (countMatches(readExtensionLog(), refusal) === before && Date.now() < deadline) await sleep(250);
    // Give a second line, if one were coming, time to reach the file too.
    await sleep(2_000);
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.equal(countMatches(readExtensionLog(), refusal) - before, 1);
  });

  it('reports a wrong MFA code clearly and changes nothing', async () => {
    provideCode(carolCodeFile, CAROL.seed, 'wrong');
    await assert.rejects(api.sessions.assume('carol-role'), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'mfa-invalid');
      assert.match(error.message, /carol-role/);
      assert.doesNotMatch(error.message, /000000/);
      return true;
    });
    assert.equal(api.sessions.current?.profileName, 'prod');
  });

  it('asks for a new code once the MFA session has expired', async () => {
    // Sessions issued now really end after 62 s; the engine treats the last minute as expired.
    sts.setLifetimeSeconds(62);
    try {
      provideCode(carolCodeFile, CAROL.seed, 'current');
      const mark = sts.calls.list().length;
      await assume('carol-role');
      assert.equal(callsSince(mark, 'GetSessionToken'), 1);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      provideCode(carolCodeFile, CAROL.seed, 'next');
      const second = sts.calls.list().length;
      await assume('carol-role');
      assert.equal(callsSince(second, 'GetSessionToken'), 1, 'the expired MFA session was replaced with a new code');
    } finally {
      sts.setLifetimeSeconds(undefined);
    }
  });

  it('rides out brief throttling: the SDK retries with backoff and the assume succeeds', async () => {
    sts.faults.throttle(2, ['AssumeRole']);
    try {
      const mark = sts.calls.list().length;
      const session = await assume('dev-readonly');
      assert.equal(session.profileName, 'dev-readonly');
      assert.deepEqual(
        sts.calls.list().slice(mark).map((call) => call.errorCode ?? call.status),
        ['Throttling', 'Throttling', 200],
      );
    } finally {
      sts.faults.clear();
    }
  });

  it('reports persistent throttling and a failing STS clearly, keeping the active session', async () => {
    sts.faults.throttle(undefined, ['AssumeRole']);
    try {
      await assert.rejects(api.sessions.assume('dev-readonly'), (error: Error & { kind?: string; retryable?: boolean }) => {
        assert.equal(error.kind, 'throttled');
        assert.equal(error.retryable, true);
        assert.match(error.message, /dev-readonly/);
        return true;
      });
    } finally {
      sts.faults.clear();
    }
    sts.faults.internalError(undefined, ['AssumeRole']);
    try {
      await assert.rejects(api.sessions.assume('dev-readonly'), (error: Error & { kind?: string; retryable?: boolean }) => {
        assert.equal(error.retryable, true, 'a server fault offers Retry');
        assert.match(error.message, /dev-readonly/);
        return true;
      });
    } finally {
      sts.faults.clear();
    }
    assert.equal(api.sessions.current?.profileName, 'dev-readonly');
  });

  it('says when STS cannot be reached and offers to retry', async () => {
    await sts.faults.unreachable();
    try {
      await assert.rejects(api.sessions.assume('dev-readonly'), (error: Error & { kind?: string; retryable?: boolean }) => {
        assert.equal(error.kind, 'unreachable');
        assert.equal(error.retryable, true);
        assert.match(error.message, /dev-readonly/);
        assert.match(error.message, new RegExp(sts.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
        return true;
      });
    } finally {
      await sts.faults.reachable();
    }
    assert.equal(api.sessions.current?.profileName, 'dev-readonly', 'nothing the user had is lost');
  });

  it('overlapping assumes: the profile asked for last is the one that ends up active', async () => {
    // prod's first hop is answered 5 s late; dev-readonly, asked for after it, answers at once.
    sts.faults.delay(5_000, 1, ['AssumeRole']);
    try {
      const prod = api.sessions.assume('prod');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const readonly = await assume('dev-readonly');
      assert.equal(readonly.profileName, 'dev-readonly');
      await assert.rejects(prod, (error: Error & { kind?: string }) => error.kind === 'superseded');
      assert.equal(api.sessions.current?.profileName, 'dev-readonly');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(api.sessions.current?.profileName, 'dev-readonly', 'prod never takes over later');
    } finally {
      sts.faults.clear();
    }
  });

  it('Sign Out during an assume wins: the assume never becomes active', async () => {
    sts.faults.delay(5_000, 1, ['AssumeRole']);
    try {
      const assuming = api.sessions.assume('prod');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vscode.commands.executeCommand('awsRoles.signOut');
      await assert.rejects(assuming, (error: Error & { kind?: string }) => error.kind === 'superseded');
      assert.equal(api.sessions.current, undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(api.sessions.current, undefined, 'the assume under way did not undo the Sign Out');
      const provider = api.profileView.provider;
      const items = (await provider.getChildren()).map((node) => provider.getTreeItem(node));
      assert.ok(items.every((item) => !/\bactive\b/.test(item.contextValue ?? '')), 'no profile is marked active');
    } finally {
      sts.faults.clear();
    }
  });

  it('signs out: the session ends and the next assume needs a code again', async () => {
    await vscode.commands.executeCommand('awsRoles.signOut');
    assert.equal(api.sessions.current, undefined);
    provideCode(aliceCodeFile, ALICE.seed, 'next');
    const mark = sts.calls.list().length;
    await assume('dev-readonly');
    assert.equal(callsSince(mark, 'GetSessionToken'), 1);
  });

  // After the sign-out test: its assume left a live MFA session, so these assume prod with no code.
  it('a new terminal acts as the role: the AWS CLI v2 and v1, boto3 and the JS SDK in it see the assumed role; in the default configuration its environment holds no key, secret or token', async function () {
    this.timeout(120_000);
    assert.equal(vscode.workspace.getConfiguration('awsRoles').inspect('injection')?.globalValue, undefined, 'the default configuration');
    const session = await assume('prod');
    await api.injector.refresh('settings');
    const [seen] = await inNewTerminal('default');
    for (const [client, arn] of Object.entries(seen)) assert.equal(arn, session.assumedRoleArn, `${client} in a new terminal`);
    const names = environmentNamesSeen(path.join(workDir, 'terminal-default'));
    assert.ok(names.includes('PATH'), `env listed the terminal's variables: ${names.join(' ')}`);
    assert.deepEqual(
      names.filter((name) => ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'].includes(name)),
      [],
      'nothing a desktop VS Code would write to disk with the terminal is worth having once the window is gone',
    );
    assert.ok(names.includes('AWS_CONTAINER_CREDENTIALS_FULL_URI') && names.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN'), 'the credential endpoint instead');
    secretsSeen.add(endpointTokenSeen(path.join(workDir, 'terminal-default')));
  });

  it("a profile of long-term keys becomes a session of them: GetSessionToken, and a new terminal's clients act as alice through the endpoint with temporary credentials only", async function () {
    this.timeout(120_000);
    const mark = sts.calls.list().length;
    const session = await assume('alice');
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => [call.action, call.status]), [['GetSessionToken', 200], ['GetCallerIdentity', 200]]);
    assert.equal(session.credentialsKind, 'keys-session');
    assert.notEqual(session.credentials.accessKeyId, ALICE.id, "alice's long-term key is not the session");
    assert.ok(session.credentials.sessionToken && session.credentials.expiration);
    await api.injector.refresh('settings');
    const [seen] = await inNewTerminal('keys-session');
    // The endpoint serves only temporary credentials: a client that got an answer got the session, not the keys.
    for (const [client, arn] of Object.entries(seen)) assert.equal(arn, 'arn:aws:iam::111111111111:user/alice', `${client} in a new terminal`);
    secretsSeen.add(endpointTokenSeen(path.join(workDir, 'terminal-keys-session')));
    assert.match(api.statusBar.item.tooltip instanceof vscode.MarkdownString ? api.statusBar.item.tooltip.value : String(api.statusBar.item.tooltip), /Session of alice's keys/);
  });

  it("a terminal opened as a profile and a read-only one act as their own roles while the window acts as another, hold no credential in what other extensions can read, and Sign Out ends them", async function () {
    // Four rounds of four clients in terminals, each bounded by its own wait: 200 s with a full test run beside it.
    this.timeout(520_000);
    await provideUnusedCode(aliceCodeFile, ALICE.seed);
    const window = await assume('prod');
    await api.injector.refresh('settings');
    const terminal = await api.profileTerminals.openTerminal('dev-readonly');
    assert.ok(terminal, 'the terminal opened');
    let readOnly: vscode.Terminal | undefined;
    try {
      const held = api.held.list().find((view) => view.profileName === 'dev-readonly');
      assert.ok(held, `held: ${api.held.list().map((view) => view.profileName).join(', ')}`);
      remember(held.session);
      assert.equal(terminal.name, 'dev-readonly', 'the tab names the profile');
      // VS Code's hover of the tab shows its command line: the banner is in it, naming the role and account.
      const shellArgs = 'shellArgs' in terminal.creationOptions ? terminal.creationOptions.shellArgs : undefined;
      assert.match(String(Array.isArray(shellArgs) ? shellArgs[2] : shellArgs), /^AWS Role Sessions: this terminal acts as profile dev-readonly \(role DevReadOnly in account 222222222222\), renewed while this terminal is open\.$/);
      // Visible where the window's session is: the status bar counts it, the tree marks it.
      await until('the status bar counts the terminal\'s session', () => /^\$\(shield\) prod · .+ \+1$/.test(api.statusBar.item.text), 10_000, () => api.statusBar.item.text);
      const rows = await api.profileView.provider.getChildren();
      const row = rows.find((node) => 'profile' in node && node.profile.name === 'dev-readonly');
      assert.ok(row, 'the dev-readonly row');
      assert.match(String(api.profileView.provider.getTreeItem(row).description), /^in a terminal - (1 h )?\d+ min left - 222222222222 - DevReadOnly/);
      // Every extension can read a terminal's options: nothing of either session may be in them.
      const options = JSON.stringify(terminal.creationOptions);
      for (const secret of [held.session.credentials.secretAccessKey, held.session.credentials.sessionToken!, window.credentials.secretAccessKey, window.credentials.sessionToken!]) {
        assert.ok(!options.includes(secret), 'a credential in the terminal\'s creationOptions');
      }
      assert.ok(!/AWS_CONTAINER_AUTHORIZATION_TOKEN|AWS_SECRET_ACCESS_KEY/.test(options), 'no credential variable in the terminal\'s creationOptions');
      const [asProfile] = await clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, 'terminal-as-profile'), label: 'as profile', terminal });
      for (const [client, arn] of Object.entries(asProfile)) assert.match(arn, /^arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//, `${client} in the dev-readonly terminal`);
      secretsSeen.add(endpointTokenSeen(path.join(workDir, 'terminal-as-profile')));
      // The window's own terminals still act as the window's session.
      const [beside] = await inNewTerminal('beside-profile-terminal');
      for (const [client, arn] of Object.entries(beside)) assert.equal(arn, window.assumedRoleArn, `${client} in a window terminal`);
      secretsSeen.add(endpointTokenSeen(path.join(workDir, 'terminal-beside-profile-terminal')));

      // A read-only terminal of staging beside them, as the command opens it: its role narrowed by ReadOnlyAccess on the last hop only.
      const mark = sts.calls.list().length;
      await vscode.commands.executeCommand('awsRoles.openReadOnlyTerminalAsProfile', 'staging');
      readOnly = vscode.window.terminals.find((candidate) => candidate.name === 'staging (read-only)');
      assert.ok(readOnly, `the tab names the profile and says read-only: ${vscode.window.terminals.map((candidate) => candidate.name).join(', ')}`);
      const narrowed = api.held.list().find((view) => view.profileName === 'staging');
      assert.ok(narrowed && narrowed.access === 'read-only', `held: ${api.held.list().map((view) => `${view.profileName} ${view.access}`).join(', ')}`);
      remember(narrowed.session);
      assert.deepEqual(
        sts.calls
          .list()
          .slice(mark)
          .filter((call) => call.action === 'AssumeRole')
          .map((call) => [call.params.RoleArn, call.params['PolicyArns.member.1.arn']]),
        [
          ['arn:aws:iam::222222222222:role/Dev', undefined],
          ['arn:aws:iam::333333333333:role/Staging', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
        ],
      );
      await until('the status bar counts both terminals\' sessions', () => /^\$\(shield\) prod · .+ \+2$/.test(api.statusBar.item.text), 10_000, () => api.statusBar.item.text);
      const stagingRow = (await api.profileView.provider.getChildren()).find((node) => 'profile' in node && node.profile.name === 'staging');
      assert.ok(stagingRow, 'the staging row');
      assert.match(String(api.profileView.provider.getTreeItem(stagingRow).description), /^read-only in a terminal - (1 h )?\d+ min left - 333333333333 - Staging/);
      const [asReadOnly] = await clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, 'terminal-read-only'), label: 'read-only', terminal: readOnly });
      for (const [client, arn] of Object.entries(asReadOnly)) assert.match(arn, /^arn:aws:sts::333333333333:assumed-role\/Staging\//, `${client} in the read-only staging terminal`);
      secretsSeen.add(endpointTokenSeen(path.join(workDir, 'terminal-read-only')));

      await api.sessions.signOut();
      assert.deepEqual(api.held.list(), [], 'Sign Out ended the held sessions');
      await until('the status bar no longer counts them', () => !/\+\d$/.test(api.statusBar.item.text), 10_000, () => api.statusBar.item.text);
      const [signedOut] = await clientsInNewTerminal({ stsUrl: sts.url, dir: path.join(workDir, 'terminal-as-profile-signed-out'), label: 'as profile, signed out', terminal });
      for (const [client, output] of Object.entries(signedOut)) assert.doesNotMatch(output, /^arn:aws:sts::/, `${client} still acted as the profile after Sign Out`);
      assert.match(signedOut.cli, /no AWS role session/, `the CLI says why: ${signedOut.cli}`);
    } finally {
      terminal.dispose();
      readOnly?.dispose();
    }
    // As the tests after this one expect: prod live, on a live MFA session (Sign Out forgot it; a new code brings it back).
    await provideUnusedCode(aliceCodeFile, ALICE.seed);
    await assume('prod');
  });

  it('another extension gets no credential through a command: Assume Role resolves with nothing, and the copy commands ignore arguments and wait for a person', async function () {
    this.timeout(60_000);
    // This suite runs in the extension host, as any other extension does.
    const result = await vscode.commands.executeCommand('awsRoles.assumeRole', 'prod');
    assert.equal(result, undefined, 'the session (and its credentials) is not returned to the caller');
    remember(api.sessions.current!);
    await vscode.commands.executeCommand('notifications.clearAll');
    const before = `clipboard before ${Date.now()}`;
    await vscode.env.clipboard.writeText(before);
    for (const [command, args] of [['awsRoles.copyShellExports', ['posix']], ['awsRoles.copyCredentialProcess', []]] as const) {
      const copying = vscode.commands.executeCommand(command, ...args);
      // The picker waits for a person; give a command that copied at once every chance to have done so.
      await sleep(1_500);
      assert.equal(await vscode.env.clipboard.readText(), before, `${command} copied nothing while its picker waited`);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await copying;
      assert.equal(await vscode.env.clipboard.readText(), before, `${command}: Escape copies nothing`);
    }
  });

  it('50 terminals opened at once all get the session', async function () {
    this.timeout(150_000);
    // Keys, so each shell can show which session it got.
    await vscode.workspace.getConfiguration('awsRoles').update('injection', 'environment', vscode.ConfigurationTarget.Global);
    const session = await assume('prod');
    await api.injector.refresh('settings');
    const dir = fs.mkdtempSync(path.join(workDir, 'burst-'));
    // Each shell writes the key's last four characters and whether it has a token: nothing secret lands on disk.
    const files = Array.from({ length: 50 }, (_, index) => path.join(dir, `${index}.txt`));
    const terminals = files.map((file, index) =>
      vscode.window.createTerminal({
        name: `burst ${index}`,
        shellPath: '/bin/sh',
        shellArgs: ['-c', `{ printenv AWS_ACCESS_KEY_ID | cut -c17-; [ -n "$AWS_SESSION_TOKEN" ] && echo token; } > "${file}.part"; mv "${file}.part" "${file}"`],
      }),
    );
    try {
      const deadline = Date.now() + 120_000;
      while (files.some((file) => !fs.existsSync(file)) && Date.now() < deadline) await sleep(100);
      const seen = files.map((file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().replace(/\s+/g, ' ') : 'no answer'));
      const expected = `${session.credentials.accessKeyId.slice(-4)} token`;
      assert.deepEqual(seen.filter((line) => line !== expected), [], `every terminal sees the session's key …${session.credentials.accessKeyId.slice(-4)} and its token`);
    } finally {
      for (const terminal of terminals) terminal.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      await vscode.workspace.getConfiguration('awsRoles').update('injection', undefined, vscode.ConfigurationTarget.Global);
      await api.injector.refresh('settings');
    }
  });

  it('endpoint mode: a new terminal asks the local endpoint, and still works in the same terminal after a renewal', async function () {
    this.timeout(120_000);
    await vscode.workspace.getConfiguration('awsRoles').update('injection', 'endpoint', vscode.ConfigurationTarget.Global);
    try {
      const session = await assume('prod');
      await api.injector.refresh('settings');
      const log = () => readExtensionLog();
      const servedBefore = countMatches(log(), /credential endpoint: GET → 200 \(served prod\)/);
      const rounds = await inNewTerminal('endpoint', async () => {
        remember(await api.sessions.renew());
      });
      const token = endpointTokenSeen(path.join(workDir, 'terminal-endpoint'));
      assert.ok(token.length >= 40, 'the terminal holds the endpoint token');
      // Scanned for at the end like every other secret: it must not land in any file VS Code wrote.
      secretsSeen.add(token);
      for (const [round, seen] of rounds.entries()) {
        for (const [client, arn] of Object.entries(seen)) assert.equal(arn, session.assumedRoleArn, `${client} through the endpoint, ${round === 0 ? 'before' : 'after'} the renewal`);
      }
      // Each client process asked the endpoint (none found credentials anywhere else); the log reaches the disk shortly.
      let served = 0;
      for (let tries = 0; tries < 50 && served < 8; tries++) {
        served = countMatches(log(), /credential endpoint: GET → 200 \(served prod\)/) - servedBefore;
        if (served < 8) await sleep(200);
      }
      assert.ok(served >= 8, `the endpoint served ${served} of the eight client runs`);
    } finally {
      await vscode.workspace.getConfiguration('awsRoles').update('injection', undefined, vscode.ConfigurationTarget.Global);
      await api.injector.refresh('settings');
    }
  });

  it('a [default] profile with keys: the default hands over keys, which win over [default]; endpoint mode warns that it is shadowed; --profile reaches another profile', async function () {
    this.timeout(180_000);
    const original = fs.readFileSync(credentialsFile, 'utf8');
    // carol's keys as [default], as many people keep their everyday keys.
    fs.writeFileSync(credentialsFile, `[default]\naws_access_key_id = ${CAROL.id}\naws_secret_access_key = ${CAROL.secret}\n${original}`);
    try {
      await api.profileStore.reload();
      const session = await assume('prod');
      await api.injector.refresh('settings');
      const [environment] = await inNewTerminal('default-keys-auto');
      for (const [client, arn] of Object.entries(environment)) assert.equal(arn, session.assumedRoleArn, `${client}: environment keys win over [default]`);
      assert.ok(environmentNamesSeen(path.join(workDir, 'terminal-default-keys-auto')).includes('AWS_ACCESS_KEY_ID'), 'auto chose keys: [default] would win over the endpoint');

      await vscode.workspace.getConfiguration('awsRoles').update('injection', 'endpoint', vscode.ConfigurationTarget.Global);
      await api.injector.refresh('settings');
      let warned = false;
      for (let tries = 0; tries < 50 && !warned; tries++) {
        warned = /Your AWS files have a \[default\] profile that yields credentials/.test(readExtensionLog());
        if (!warned) await sleep(200);
      }
      assert.ok(warned, 'endpoint mode says that [default] keys shadow the endpoint');
      const [endpoint] = await inNewTerminal('default-keys-endpoint');
      // As measured (aws-facts.md): the clients take [default] before the endpoint.
      for (const [client, arn] of Object.entries(endpoint)) assert.equal(arn, 'arn:aws:iam::111111111111:user/carol', `${client} in endpoint mode uses [default], as the warning said`);
    } finally {
      await vscode.workspace.getConfiguration('awsRoles').update('injection', undefined, vscode.ConfigurationTarget.Global);
      fs.writeFileSync(credentialsFile, original);
      await api.profileStore.reload();
      await api.injector.refresh('settings');
    }
    const cli = await new Promise<string>((resolve) => {
      execFile('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'alice', '--endpoint-url', sts.url, '--query', 'Arn', '--output', 'text'], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'ASIAIGNOREDBYPROFILE', AWS_SECRET_ACCESS_KEY: 'ignored' } }, (_error, stdout, stderr) =>
        resolve(`${stdout}${stderr}`.trim()),
      );
    });
    assert.equal(cli, 'arn:aws:iam::111111111111:user/alice', '--profile reaches that profile even with keys in the environment');
  });

  it('F5 on a Node program: the debuggee acts as the role; "awsProfile" assumes another for the launch alone; "readOnly" narrows the window\'s role for one launch; "awsRoles": false opts out', async function () {
    this.timeout(160_000);
    const session = await assume('prod');
    const out = path.join(workDir, 'debuggee');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'app.js'),
      `const s = require(${JSON.stringify(CLIENT_STS_SDK)});\n` +
        `const fs = require('fs');\n` +
        `const file = process.argv[2];\n` +
        `new s.STSClient({ endpoint: ${JSON.stringify(sts.url)}, region: 'us-east-1', maxAttempts: 1 }).send(new s.GetCallerIdentityCommand({}))\n` +
        `  .then((r) => fs.writeFileSync(file, r.Arn), (e) => fs.writeFileSync(file, 'ERROR ' + e.name));\n`,
    );
    const debugRun = async (label: string, extra: Record<string, unknown>): Promise<string> => {
      const file = path.join(out, `${label}.txt`);
      const started = await vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: label, program: path.join(out, 'app.js'), args: [file], console: 'internalConsole', ...extra });
      assert.ok(started, `the Node debugger started (${label})`);
      await until(`the debuggee wrote its identity (${label})`, () => fs.existsSync(file), 90_000, () => fs.readdirSync(out).join(', '));
      return fs.readFileSync(file, 'utf8');
    };
    assert.equal(await debugRun('window', {}), session.assumedRoleArn);
    // dev-readonly rides the MFA session: no code. The window stays prod.
    assert.match(await debugRun('own-profile', { awsProfile: 'dev-readonly' }), /^arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//);
    assert.equal(api.sessions.current?.profileName, 'prod');
    // Read-only: the window's prod, assumed again for this launch with ReadOnlyAccess on its last hop; the window's own session is untouched.
    const mark = sts.calls.list().length;
    assert.match(await debugRun('read-only', { awsRoles: { readOnly: true } }), /^arn:aws:sts::444444444444:assumed-role\/Prod\//);
    assert.deepEqual(
      sts.calls
        .list()
        .slice(mark)
        .filter((call) => call.action === 'AssumeRole')
        .map((call) => [call.params.RoleArn.split('/').pop(), call.params['PolicyArns.member.1.arn']]),
      [
        ['Dev', undefined],
        ['Staging', undefined],
        ['Prod', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ],
    );
    assert.equal(api.sessions.current?.credentials.accessKeyId, session.credentials.accessKeyId);
    // Opted out: the program finds no credentials at all (the extension host has none of its own).
    assert.match(await debugRun('opted-out', { awsRoles: false }), /^ERROR /);
  });

  it("a launch's own profile is a held session: listed while the launch runs, served at its own endpoint address (no key in its env), let go when it ends", async function () {
    this.timeout(120_000);
    await assume('prod');
    const out = path.join(workDir, 'debuggee');
    const file = path.join(out, 'long-running.txt');
    fs.rmSync(file, { force: true });
    // Writes who it is, then keeps running until the test stops it.
    fs.writeFileSync(path.join(out, 'long-running.js'), `${fs.readFileSync(path.join(out, 'app.js'), 'utf8')}\nsetInterval(() => undefined, 1000);\n`);
    let debugSession: vscode.DebugSession | undefined;
    const starting = vscode.debug.onDidStartDebugSession((started) => (debugSession ??= started));
    try {
      const started = await vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: 'long-running', program: path.join(out, 'long-running.js'), args: [file], console: 'internalConsole', awsProfile: 'dev-readonly' });
      assert.ok(started && debugSession, 'the Node debugger started');
      await until('the debuggee wrote its identity', () => fs.existsSync(file), 90_000, () => fs.readdirSync(out).join(', '));
      assert.match(fs.readFileSync(file, 'utf8'), /^arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//);
      const env = (debugSession.configuration.env ?? {}) as Record<string, string>;
      assert.ok(env.AWS_CONTAINER_CREDENTIALS_FULL_URI?.startsWith('http://127.0.0.1:'), 'the launch has an address on the credential endpoint');
      assert.ok(!('AWS_SECRET_ACCESS_KEY' in env), 'and no key in its env');
      const view = api.held.list().find((held) => held.profileName === 'dev-readonly');
      assert.ok(view, `held: ${api.held.list().map((held) => held.profileName).join(', ')}`);
      assert.deepEqual(view.places, [{ kind: 'launch', launchName: 'long-running' }]);
      remember(view.session);
      await until("the status bar counts the launch's session", () => /\+1$/.test(api.statusBar.item.text), 10_000, () => api.statusBar.item.text);
      await vscode.debug.stopDebugging(debugSession);
      await until('the launch let go of its session', () => !api.held.list().some((held) => held.profileName === 'dev-readonly'), 20_000, () => JSON.stringify(api.held.list().map((held) => held.profileName)));
    } finally {
      starting.dispose();
      if (debugSession) await vscode.debug.stopDebugging(debugSession);
    }
  });

  it('20 debug launches at once: every debuggee acts as the role; those asking for their own profile share one assume', async function () {
    this.timeout(240_000);
    const session = await assume('prod');
    const out = path.join(workDir, 'debuggee');
    const program = path.join(out, 'app.js');
    assert.ok(fs.existsSync(program), 'the F5 test wrote the program');
    const mark = sts.calls.list().length;
    const launches = Array.from({ length: 20 }, (_, index) => ({ label: `burst-${index}`, own: index % 2 === 1 }));
    for (const { label } of launches) fs.rmSync(path.join(out, `${label}.txt`), { force: true });
    const started = await Promise.all(
      launches.map(({ label, own }) =>
        vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: label, program, args: [path.join(out, `${label}.txt`)], console: 'internalConsole', ...(own ? { awsProfile: 'dev-readonly' } : {}) }),
      ),
    );
    assert.deepEqual(started.filter((ok) => !ok), [], 'every launch started');
    const files = launches.map(({ label }) => path.join(out, `${label}.txt`));
    await until('every debuggee wrote its identity', () => files.every((file) => fs.existsSync(file)), 180_000, () => `${files.filter((file) => fs.existsSync(file)).length} of 20`);
    for (const [index, { label, own }] of launches.entries()) {
      const arn = fs.readFileSync(files[index], 'utf8');
      if (own) assert.match(arn, /^arn:aws:sts::222222222222:assumed-role\/DevReadOnly\//, label);
      else assert.equal(arn, session.assumedRoleArn, label);
    }
    const assumes = sts.calls.list().slice(mark).filter((call) => call.action === 'AssumeRole');
    // The F5 test's dev-readonly launch came earlier: its session may still serve these; never more than one new call.
    assert.ok(assumes.length <= 1, `${assumes.length} AssumeRole calls for 10 launches asking for dev-readonly`);
    assert.equal(api.sessions.current?.profileName, 'prod', 'the window stays prod');
  });

  it('F5 with "console": "integratedTerminal": the debuggee acts as the role through the terminal, and no credential is in the launch VS Code would type into the terminal', async function () {
    this.timeout(120_000);
    const session = await assume('prod');
    await api.injector.refresh('settings');
    const out = path.join(workDir, 'debuggee');
    const file = path.join(out, 'terminal-console.txt');
    const configurations: vscode.DebugConfiguration[] = [];
    const starting = vscode.debug.onDidStartDebugSession((debugSession) => configurations.push(debugSession.configuration));
    try {
      const started = await vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: 'terminal-console', program: path.join(out, 'app.js'), args: [file], console: 'integratedTerminal' });
      assert.ok(started);
      await until('the debuggee wrote its identity', () => fs.existsSync(file), 90_000, () => fs.readdirSync(out).join(', '));
      assert.equal(fs.readFileSync(file, 'utf8'), session.assumedRoleArn, "the credentials came from the terminal's environment");
    } finally {
      starting.dispose();
    }
    const secrets = [session.credentials.accessKeyId, session.credentials.secretAccessKey, session.credentials.sessionToken!];
    assert.ok(configurations.length > 0, 'the debug session started');
    for (const configuration of configurations) {
      const text = JSON.stringify(configuration);
      // VS Code types this configuration's env into the terminal (runInTerminal); none of it is secret.
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `the configuration of ${String(configuration.type)}/${String(configuration.request)} holds a credential (of length ${secret.length}) in ${Object.keys(configuration).filter((key) => JSON.stringify(configuration[key]).includes(secret)).join(', ')}: env names ${Object.keys(configuration.env ?? {}).join(', ')}; console ${String(configuration.console)}`);
      }
    }
  });

  it('after Sign Out a new terminal has no credentials: every client fails, none acts on the old session', async function () {
    this.timeout(120_000);
    await assume('prod');
    await vscode.commands.executeCommand('awsRoles.signOut');
    await api.injector.refresh('settings');
    // A region of the terminal's own, so that what fails is the credentials.
    const [seen] = await inNewTerminal('signed-out', undefined, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
    for (const [client, output] of Object.entries(seen)) {
      assert.doesNotMatch(output, /assumed-role/, `${client} after Sign Out`);
      assert.match(output, /Unable to locate credentials|Could not load credentials|NoCredentialsError|ERROR/, `${client} after Sign Out: ${output}`);
    }
  });

  it('revoked by an administrator: the renewal is denied, the session ends, nothing stays injected or stored, and assuming again needs a fresh code', async function () {
    this.timeout(150_000);
    await provideUnusedCode(carolCodeFile, CAROL.seed);
    const first = await assume('carol-role');
    const changes: string[] = [];
    const subscription = api.sessions.onDidChangeSession((change) => changes.push(change.reason));
    try {
      await sleep(5);
      // The kill switch after a lost laptop: a deny on aws:TokenIssueTime for carol's temporary credentials.
      sts.revokeSessions('arn:aws:iam::111111111111:user/carol');
      const mark = sts.calls.list().length;
      // As auto-renew renews: no prompt. It rides the kept MFA session, which STS now denies.
      await assert.rejects(api.sessions.renew({ interactive: false }), (error: Error & { kind?: string }) => {
        assert.equal(error.kind, 'revoked');
        assert.match(error.message, /^Profile "carol-role": STS denied AssumeRole to the MFA session of profile "carol" with an explicit deny: an administrator has revoked its active sessions\..* Assume profile "carol-role" again with a fresh MFA code/);
        return true;
      });
      assert.deepEqual(sts.calls.list().slice(mark).map((call) => [call.action, call.status]), [['AssumeRole', 403]], 'one denied call, no retry, no prompt');
      assert.deepEqual(changes, ['revoked']);
      assert.equal(api.sessions.state.status, 'none');
      assert.equal(api.sessions.current, undefined);
      assert.equal(api.statusBar.item.text, '$(shield) AWS', 'the status bar is idle');
      // The vault follows the change through SecretStorage, a moment later.
      let kept = await api.vault.load();
      for (let tries = 0; kept && tries < 50; tries++) kept = (await sleep(200), await api.vault.load());
      assert.equal(kept, undefined, 'the session kept for a reload is deleted');
      assert.equal(await api.injector.launchVariables(), undefined, 'a debug launch gets nothing');
    } finally {
      subscription.dispose();
    }
    // A region of the terminal's own, so that what fails is the credentials.
    const [seen] = await inNewTerminal('revoked', undefined, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
    for (const [client, output] of Object.entries(seen)) {
      assert.doesNotMatch(output, /assumed-role/, `${client} after the revocation`);
      assert.match(output, /Unable to locate credentials|Could not load credentials|NoCredentialsError|ERROR/, `${client} after the revocation: ${output}`);
    }
    // The MFA session was forgotten: assuming again asks for a code (a new GetSessionToken), and works.
    await provideUnusedCode(carolCodeFile, CAROL.seed);
    const mark = sts.calls.list().length;
    const again = await assume('carol-role');
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => [call.action, call.status]), [['GetSessionToken', 200], ['AssumeRole', 200]]);
    assert.notEqual(again.credentials.accessKeyId, first.credentials.accessKeyId);
    await vscode.commands.executeCommand('awsRoles.signOut');
  });

  it('the config file deleted mid-assume, then replaced by something unreadable: the assume finishes as it started, the tree and the renewal say what is wrong, nothing is written, and the file back brings it all back', async function () {
    this.timeout(120_000);
    await provideUnusedCode(aliceCodeFile, ALICE.seed);
    const original = fs.readFileSync(configFile, 'utf8');
    const fileState = async () => (await api.profileStore.getModel()).files.find((file) => file.kind === 'config')?.status;
    try {
      // The MFA session's call is held for a moment; the file goes while it waits.
      sts.faults.delay(1_500, 1, ['GetSessionToken']);
      const pending = assume('prod');
      await sleep(500);
      fs.rmSync(configFile);
      const session = await pending;
      assert.match(session.assumedRoleArn ?? '', /assumed-role\/Prod\/alice-prod$/, 'the assume finished on the profiles it started with');
      await api.profileStore.reload();
      assert.equal(await fileState(), 'missing');
      assert.equal(api.sessions.current?.profileName, 'prod', 'the session stands');
      // Unreadable: a folder where the file was (root reads any file, whatever its mode).
      fs.mkdirSync(configFile);
      await api.profileStore.reload();
      assert.equal(await fileState(), 'unreadable');
      await assert.rejects(api.sessions.renew({ interactive: false }), (error: Error & { kind?: string }) => {
        assert.equal(error.kind, 'config');
        assert.match(error.message, /^Profile "prod" cannot be assumed: there is no profile of that name in the AWS config files\./);
        return true;
      });
      assert.equal(api.sessions.current, session, 'the last good session is kept while it is valid');
      assert.ok(fs.statSync(configFile).isDirectory(), 'nothing wrote the user\'s config file');
    } finally {
      sts.faults.clear();
      fs.rmSync(configFile, { recursive: true, force: true });
      fs.writeFileSync(configFile, original);
    }
    await api.profileStore.reload();
    assert.equal(await fileState(), 'ok');
    remember(await api.sessions.renew({ interactive: false }));
    assert.equal(api.sessions.current?.profileName, 'prod');
    await vscode.commands.executeCommand('awsRoles.signOut');
  });

  it('another window signs out: this one keeps its session until it ends, and its next renewal does not ride the MFA session that window ended', async () => {
    await provideUnusedCode(aliceCodeFile, ALICE.seed);
    let mark = sts.calls.list().length;
    const session = remember(await assume('dev-readonly'));
    assert.ok(session.mfaSessionExpiration, 'the session rides an MFA session');
    const reasons: string[] = [];
    const listening = api.sessions.onDidChangeSession((change) => reasons.push(change.reason));
    try {
      // As another desktop window's Sign Out: it deletes the MFA sessions from the SecretStorage the
      // windows share, then leaves its note. Here both writes go to this window's real SecretStorage.
      assert.equal(await new MfaSessionStore(api.secrets).forgetAll(), 1, 'the MFA session was stored, and is deleted');
      const otherWindow = new SignOutBroadcast(api.secrets, 'another window', () => Date.now());
      await otherWindow.announce();
      otherWindow.dispose();
      await until('the window hears of it', () => reasons.includes('mfa-session-ended'), 30_000, () => reasons.join(', '));
      assert.deepEqual(reasons, ['mfa-session-ended'], 'heard once');
      const kept = api.sessions.current;
      assert.equal(kept?.credentials.accessKeyId, session.credentials.accessKeyId, 'the same credentials, until they end');
      assert.equal(kept?.mfaSessionExpiration, undefined, 'no renewal without a code is promised');
      const tooltip = api.statusBar.item.tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString);
      assert.match(tooltip.value, /Next renewal needs an MFA code/, 'the tooltip says a code is needed');

      // The renewal gets a new MFA session (a code from mfa_process) instead of riding the ended one.
      await provideUnusedCode(aliceCodeFile, ALICE.seed);
      mark = sts.calls.list().length;
      remember(await api.sessions.renew({ interactive: false }));
      assert.equal(callsSince(mark, 'GetSessionToken'), 1);
      assert.equal(callsSince(mark, 'AssumeRole'), 1);
    } finally {
      listening.dispose();
      await vscode.commands.executeCommand('awsRoles.signOut');
    }
  });

  it('leaves no secret, token or MFA code in the logs or anything VS Code stored', async () => {
    const userDataDir = process.env.AWS_ROLE_SESSIONS_TEST_USER_DATA;
    assert.ok(userDataDir, 'the harness names the user-data folder');
    // Give VS Code a moment to flush its state and the log to disk.
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const leaks: string[] = [];
    let scanned = 0;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) {
          scanned++;
          const text = fs.readFileSync(full).toString('latin1');
          for (const secret of secretsSeen) {
            // A 6-digit MFA code counts only as a run of exactly six digits.
            const found = /^\d{6}$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text) : text.includes(secret);
            if (found) leaks.push(`${full} holds a secret of length ${secret.length}`);
          }
        }
      }
    };
    // Everything the local STS issued, the MFA sessions (GetSessionToken) that are kept in
    // SecretStorage included. This covers the server side (logs, files the extension might
    // write); under code-server, globalState and SecretStorage live in the browser, which the
    // browser suite (test/e2e/mfaPrompt.test.ts) scans for the same secrets.
    const issued = sts.issuedCredentials();
    assert.ok(issued.some((credentials) => credentials.issuedBy === 'GetSessionToken'), 'the suite made MFA sessions');
    for (const credentials of issued) {
      for (const value of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]) secretsSeen.add(value);
    }
    walk(userDataDir);
    assert.ok(scanned > 5, `scanned ${scanned} files`);
    const logs = fs.readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('AWS Role Sessions.log'));
    assert.ok(logs.length > 0, 'the output channel was written to disk and scanned');
    const log = fs.readFileSync(path.join(userDataDir, logs[0]), 'utf8');
    assert.match(log, /prod/, 'the log names the steps it took');
    assert.deepEqual(leaks, []);
  });
});
