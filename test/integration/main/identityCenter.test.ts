/**
 * Signing in to IAM Identity Center in a real VS Code (code-server: a browser window, so the
 * device-code flow), against the local Identity Center of the sample fixture started in this
 * extension host. Under test the extension keeps the sign-in page's URL instead of opening a
 * browser; the test opens it and allows access as a person would on the stand-in page. Then:
 * the role, a chain on top, the tree's accounts and roles, a role of the tree assumed with no
 * profile in the config, no secret in the log, and Sign Out ending the sign-in at the portal.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ListAccountsCommand, SSOClient, UnauthorizedException } from '@aws-sdk/client-sso';
import type { ExtensionApi } from '../../../src/extension';
import type { ProfileTreeNode } from '../../../src/tree/profileNodes';
import { startLocalSts, type LocalSts } from '../../../tools/local-sts';
import { SAMPLE_FIXTURE } from '../../sts/support/fixture';
import { activateExtension, configFile, credentialsFile } from '../../support/integration/extension';
import { readExtensionLog } from '../../support/integration/extensionLog';
import { until } from '../../support/integration/waits';
import { CLIENT_STS_SDK } from '../../support/integration/terminalClients';

let api: ExtensionApi;
let sts: LocalSts;

/** The AWS CLI's token cache of this machine's home (the extension host's), as a listing. */
const cliCache = path.join(process.env.HOME ?? '', '.aws', 'sso', 'cache');
function cliCacheListing(): string[] {
  return fs.existsSync(cliCache) ? fs.readdirSync(cliCache).sort() : [];
}
let cliCacheBefore: string[];

/** Opens the sign-in page the extension opened, checks it shows the code, and allows access as alice. */
async function allowOnTheSignInPage(previous: string | undefined): Promise<string> {
  await until('the sign-in page', () => api.lastSignInUrl() !== previous, 30_000, () => String(api.lastSignInUrl()));
  const url = api.lastSignInUrl()!;
  const page = new URL(url);
  const userCode = page.searchParams.get('user_code') ?? '';
  assert.match(userCode, /^[A-Z]{4}-[A-Z]{4}$/, 'code-server is a browser window: the device-code flow');
  assert.match(await (await fetch(url)).text(), new RegExp(userCode));
  const allowed = await fetch(`${sts.url}/sso/device`, { method: 'POST', body: new URLSearchParams({ user_code: userCode, user: 'alice', decision: 'approve' }) });
  assert.equal(allowed.status, 200);
  return url;
}

async function children(node?: ProfileTreeNode): Promise<ProfileTreeNode[]> {
  return api.profileView.provider.getChildren(node);
}

function labelOf(node: ProfileTreeNode): string {
  const label = node.toTreeItem().label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

describe('IAM Identity Center: sign in, roles, the tree and Sign Out in a real VS Code', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(120_000);
    sts = await startLocalSts({ fixture: SAMPLE_FIXTURE });
    cliCacheBefore = cliCacheListing();
    fs.writeFileSync(
      configFile,
      [
        '[services local-idc]',
        'sts =',
        `  endpoint_url = ${sts.url}`,
        'sso_oidc =',
        `  endpoint_url = ${sts.url}`,
        'sso =',
        `  endpoint_url = ${sts.url}`,
        '[sso-session acme]',
        'sso_start_url = https://acme-example.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '[profile sso-admin]',
        'sso_session = acme',
        'sso_account_id = 555555555555',
        'sso_role_name = AdministratorAccess',
        'region = us-west-2',
        'services = local-idc',
        '[profile sso-deployer]',
        'role_arn = arn:aws:iam::666666666666:role/SsoDeployer',
        'source_profile = sso-admin',
        'services = local-idc',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(credentialsFile, '');
    api = await activateExtension({ reload: true, signOut: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('awsRoles.signOut');
    await sts.stop();
  });

  it('assuming an SSO profile with no sign-in opens the sign-in page; once allowed, the role is the window\'s session, and a chain on top needs no second page', async () => {
    const assuming = vscode.commands.executeCommand('awsRoles.assumeRole', 'sso-admin');
    const page = await allowOnTheSignInPage(api.lastSignInUrl());
    await assuming;
    assert.equal(api.sessions.current?.profileName, 'sso-admin');
    assert.match((await api.sessions.identity())?.arn ?? '', /:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice$/);

    await vscode.commands.executeCommand('awsRoles.assumeRole', 'sso-deployer');
    assert.equal(api.sessions.current?.profileName, 'sso-deployer');
    assert.match((await api.sessions.identity())?.arn ?? '', /^arn:aws:sts::666666666666:assumed-role\/SsoDeployer\//);
    assert.equal(api.lastSignInUrl(), page, 'no second sign-in page');
    assert.equal(sts.calls.list().filter((call) => call.action === 'sso-oidc:StartDeviceAuthorization').length, 1);
  });

  it('the tree lists the sign-in, its accounts and each account\'s roles; a role of the tree is assumed, opened in a terminal and named by a launch, with no profile in the config', async function () {
    this.timeout(160_000);
    const roots = await children();
    const acme = roots.find((node) => labelOf(node) === 'acme');
    assert.ok(acme, `rows: ${roots.map(labelOf).join(', ')}`);
    assert.equal(acme.toTreeItem().description, 'IAM Identity Center - signed in');
    const accounts = await children(acme);
    assert.deepEqual(accounts.map((node) => `${labelOf(node)} ${String(node.toTreeItem().description)}`), ['dev 222222222222', 'sandbox 555555555555']);
    const roles = await children(accounts[1]);
    assert.deepEqual(roles.map(labelOf), ['AdministratorAccess', 'ReadOnly']);
    assert.match(String(roles[1].toTreeItem().contextValue), /^identityCenterRole sso assumable\b/);

    await vscode.commands.executeCommand('awsRoles.assumeRole', roles[1]);
    assert.equal(api.sessions.current?.profileName, 'acme/555555555555/ReadOnly');
    assert.match((await api.sessions.identity())?.arn ?? '', /^arn:aws:sts::555555555555:assumed-role\/AWSReservedSSO_ReadOnly_/);
    // The user's config is as it was: the role needed no section.
    assert.doesNotMatch(fs.readFileSync(configFile, 'utf8'), /ReadOnly/);

    // A terminal opened from the other role's row acts as that role, beside the window's session.
    const terminalsBefore = vscode.window.terminals.length;
    await vscode.commands.executeCommand('awsRoles.openTerminalAsProfile', roles[0]);
    await until('the terminal', () => vscode.window.terminals.length > terminalsBefore, 30_000, () => vscode.window.terminals.map((terminal) => terminal.name).join(', '));
    const opened = vscode.window.terminals.at(-1)!;
    assert.equal(opened.name, 'acme/555555555555/AdministratorAccess');
    assert.deepEqual(api.held.list().map((held) => held.profileName), ['acme/555555555555/AdministratorAccess']);
    assert.equal(api.sessions.current?.profileName, 'acme/555555555555/ReadOnly');
    opened.dispose();
    await until('the terminal\'s session let go', () => api.held.list().length === 0, 30_000, () => api.held.list().map((held) => held.profileName).join(', '));

    // F5 with the role's name as the launch's own profile: the debuggee acts as it.
    const out = path.join(path.dirname(configFile), 'identity-center-debuggee');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const arnFile = path.join(out, 'arn.txt');
    fs.writeFileSync(
      path.join(out, 'app.js'),
      `const s = require(${JSON.stringify(CLIENT_STS_SDK)});\n` +
        `new s.STSClient({ endpoint: ${JSON.stringify(sts.url)}, region: 'us-east-1', maxAttempts: 1 }).send(new s.GetCallerIdentityCommand({}))\n` +
        `  .then((r) => require('fs').writeFileSync(${JSON.stringify(arnFile)}, r.Arn), (e) => require('fs').writeFileSync(${JSON.stringify(arnFile)}, 'ERROR ' + e.name));\n`,
    );
    const started = await vscode.debug.startDebugging(undefined, { type: 'node', request: 'launch', name: 'as an Identity Center role', program: path.join(out, 'app.js'), console: 'internalConsole', awsProfile: 'acme/555555555555/AdministratorAccess' });
    assert.ok(started, 'the Node debugger started');
    await until('the debuggee wrote its identity', () => fs.existsSync(arnFile), 90_000, () => fs.readdirSync(out).join(', '));
    const arn = fs.readFileSync(arnFile, 'utf8');
    assert.match(arn, /^arn:aws:sts::555555555555:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice$/);
    assert.equal(api.sessions.current?.profileName, 'acme/555555555555/ReadOnly', 'the window keeps its session');
  });

  it('keeps the tokens out of the log and out of ~/.aws/sso/cache', async () => {
    const signedIn = 'IAM Identity Center (sso-session acme): signed in';
    await until('the log on disk', () => readExtensionLog().includes(signedIn), 30_000, () => readExtensionLog().slice(-400));
    const log = readExtensionLog();
    const secrets = sts.identityCenter?.issuedSecrets() ?? [];
    assert.ok(secrets.length >= 3, 'an access token, a refresh token and a client secret at least');
    for (const secret of secrets) assert.ok(!log.includes(secret), `the log holds a secret of length ${secret.length}`);
    assert.deepEqual(cliCacheListing(), cliCacheBefore, 'nothing in the CLI\'s cache unless shared');
  });

  it('Sign Out signs out of Identity Center: the portal refuses the token, and the tree says signed out', async () => {
    const stored = JSON.parse((await api.secrets.get('awsRoles.identityCenter:session acme')) ?? '{}') as { accessToken?: string };
    assert.ok(stored.accessToken);
    await vscode.commands.executeCommand('awsRoles.signOut');
    assert.equal(await api.secrets.get('awsRoles.identityCenter:session acme'), undefined);
    const portal = new SSOClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      await assert.rejects(portal.send(new ListAccountsCommand({ accessToken: stored.accessToken })), UnauthorizedException);
    } finally {
      portal.destroy();
    }
    const acme = (await children()).find((node) => labelOf(node) === 'acme');
    assert.equal(acme?.toTreeItem().description, 'IAM Identity Center - not signed in');
    assert.deepEqual((await children(acme)).map(labelOf), ['Sign in to list your accounts and roles…']);
  });
});
