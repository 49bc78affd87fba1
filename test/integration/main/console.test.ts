/**
 * Open Console in a real VS Code against the local STS's federation endpoint (started in this
 * extension host, so `AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT` is set in its environment here).
 * Under test the extension keeps the login URL instead of opening a browser; the test follows
 * it to the stand-in console page, which names the role that signed in.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLocalSts, type Fixture, type LocalSts } from '../../../tools/local-sts';
import type { ExtensionApi } from '../../../src/extension';
import { FRANK, stsUser } from '../../support/principals';
import { activateExtension, writeAwsFiles } from '../../support/integration/extension';
import { readExtensionLog } from '../../support/integration/extensionLog';

const FEDERATION_ENV = 'AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT';

const FIXTURE: Fixture = {
  users: [stsUser(FRANK, { mfa: false })],
  roles: [
    { arn: 'arn:aws:iam::121212121212:role/Console', trustedPrincipals: ['arn:aws:iam::111111111111:user/frank'], maxSessionDuration: 3600 },
    { arn: 'arn:aws:iam::131313131313:role/ConsoleChained', trustedPrincipals: ['arn:aws:iam::121212121212:role/Console'], maxSessionDuration: 3600 },
  ],
};

let api: ExtensionApi;
let sts: LocalSts;

async function openConsole(profile?: string): Promise<boolean> {
  return (await vscode.commands.executeCommand<boolean>('awsRoles.openConsole', ...(profile === undefined ? [] : [profile]))) === true;
}

/** Follows the login URL the extension would have opened, as the browser would. */
async function followLogin(): Promise<string> {
  const url = api.lastConsoleUrl();
  assert.ok(url, 'the extension produced a login URL');
  // The federation endpoint as the browser reaches it: through code-server's port forwarding here.
  const browserEndpoint = (await vscode.env.asExternalUri(vscode.Uri.parse(`${sts.url}/federation`))).toString(true);
  assert.ok(url.startsWith(`${browserEndpoint}?Action=login&`), `the login URL goes to the overridden federation endpoint as the browser reaches it (${browserEndpoint})`);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return response.text();
}

describe('Open Console against the local STS federation endpoint', function () {
  this.timeout(120_000);
  /** Every URL and token this suite saw the extension produce. */
  const secrets = new Set<string>();

  before(async function () {
    this.timeout(120_000);
    sts = await startLocalSts({ fixture: FIXTURE });
    process.env[FEDERATION_ENV] = `${sts.url}/federation`;
    writeAwsFiles(
      sts.url,
      [
        '[profile frank]',
        'region = us-east-1',
        'services = local-sts',
        '[profile console-role]',
        'role_arn = arn:aws:iam::121212121212:role/Console',
        'source_profile = frank',
        'role_session_name = frank-console',
        'region = eu-west-1',
        'services = local-sts',
        '[profile console-chained]',
        'role_arn = arn:aws:iam::131313131313:role/ConsoleChained',
        'source_profile = console-role',
        'role_session_name = frank-chained',
        'services = local-sts',
      ],
      { frank: FRANK },
    );
    api = await activateExtension({ reload: true, signOut: true });
  });

  after(async function () {
    this.timeout(60_000);
    delete process.env[FEDERATION_ENV];
    await api?.sessions.signOut();
    await sts?.stop();
  });

  const remember = () => {
    const url = api.lastConsoleUrl();
    if (url) {
      secrets.add(url);
      secrets.add(new URL(url).searchParams.get('SigninToken') ?? url);
    }
  };

  it('signs in as the window session: AssumeRole credentials get a console session as long as they last', async function () {
    this.timeout(60_000);
    const session = await api.sessions.assume('console-role');
    const mark = sts.calls.list().length;
    assert.equal(await openConsole(), true);
    remember();
    // The window's session signed in as it is: no STS call, only the federation exchange.
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => call.action), ['federation:getSigninToken']);
    const page = await followLogin();
    assert.match(page, /<p id="signed-in-as">Signed in as arn:aws:sts::121212121212:assumed-role\/Console\/frank-console<\/p>/);
    assert.match(page, /<p id="session-duration">Console session: \d{3,4} s<\/p>/);
    assert.match(page, /console\.aws\.amazon\.com\/console\/home\?region=eu-west-1/);
    assert.equal(api.sessions.current, session);
  });

  it('a profile given (a tree row) is assumed for this use only: chained, so no console session length, and the window keeps its session', async function () {
    this.timeout(60_000);
    const before = api.sessions.current;
    assert.equal(before?.profileName, 'console-role');
    let changes = 0;
    const listening = api.sessions.onDidChangeSession(() => changes++);
    try {
      assert.equal(await openConsole('console-chained'), true);
    } finally {
      listening.dispose();
    }
    remember();
    const page = await followLogin();
    assert.match(page, /Signed in as arn:aws:sts::131313131313:assumed-role\/ConsoleChained\/frank-chained/);
    assert.match(page, /Console session: default length/);
    assert.equal(api.sessions.current, before, 'the window session is the same');
    assert.equal(changes, 0, 'no session event');
  });

  it('with no window session, a profile given is assumed for this use and nothing becomes active', async function () {
    this.timeout(60_000);
    await api.sessions.signOut();
    assert.equal(await openConsole('console-role'), true);
    remember();
    assert.match(await followLogin(), /assumed-role\/Console\/frank-console/);
    assert.equal(api.sessions.state.status, 'none');
  });

  it('static keys are refused from the config alone, before any STS or federation call', async function () {
    this.timeout(60_000);
    const last = api.lastConsoleUrl();
    const mark = sts.calls.list().length;
    assert.equal(await openConsole('frank'), false);
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => call.action), [], 'no STS or federation call: the config says these are long-term keys');
    assert.equal(api.lastConsoleUrl(), last);
  });

  it('logs which profile opened the console, and never the URL, the token or the credentials', async function () {
    this.timeout(60_000);
    // The output channel reaches the disk a moment after the line is written.
    let log = '';
    const deadline = Date.now() + 10_000;
    // Wait for the last line this suite caused (the refusal of static keys), not an earlier one.
    while (!/console sign-in for profile frank failed/.test(log) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      log = readExtensionLog();
    }
    assert.match(log, /opened the console for profile console-role \(the window’s session\)/);
    assert.match(log, /opened the console for profile console-chained \(assumed for this use\)/);
    assert.match(log, /console sign-in for profile frank failed: Console sign-in needs a role session/, log.split('\n').filter((line) => /frank/.test(line)).slice(-5).join('\n'));
    for (const issued of sts.issuedCredentials()) {
      secrets.add(issued.secretAccessKey);
      secrets.add(issued.sessionToken);
    }
    assert.ok(secrets.size >= 6);
    for (const secret of secrets) {
      assert.ok(!log.includes(secret), `the log holds a secret of length ${secret.length}`);
      assert.ok(!log.includes(encodeURIComponent(secret)), `the log holds an encoded secret of length ${secret.length}`);
    }
    assert.doesNotMatch(log, /SigninToken|Action=getSigninToken|Session=/);
  });
});
