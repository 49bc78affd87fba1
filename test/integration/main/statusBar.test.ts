/**
 * The status bar item in a real VS Code, against the local STS issuing real credentials that
 * end after a few tens of seconds: it shows the profile and a countdown that moves, turns to
 * the warning colour inside the warning time, and to "expired" with the error colour at the end.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLocalSts, type Fixture, type LocalSts } from '../../../tools/local-sts';
import type { ExtensionApi } from '../../../src/extension';
import { DAVE, stsUser } from '../../support/principals';
import { activateExtension, writeAwsFiles } from '../../support/integration/extension';
import { until } from '../../support/integration/waits';


const FIXTURE: Fixture = {
  users: [stsUser(DAVE, { mfa: false })],
  roles: [{ arn: 'arn:aws:iam::777777777777:role/Short', trustedPrincipals: ['arn:aws:iam::111111111111:user/dave'], maxSessionDuration: 3600 }],
};
/** How long the local STS lets credentials live: long enough for a slow assume, short enough to watch them end. */
const LIFETIME_SECONDS = 30;

let api: ExtensionApi;
let sts: LocalSts;

function background(): string | undefined {
  // ThemeColor keeps its id at run time; the typings do not declare it.
  return (api.statusBar.item.backgroundColor as unknown as { id: string } | undefined)?.id;
}

describe('The status bar item of the session', function () {
  // Waits for real credentials to end; generous for a busy 2-core machine.
  this.timeout(150_000);

  before(async () => {
    sts = await startLocalSts({ fixture: FIXTURE });
    sts.setLifetimeSeconds(LIFETIME_SECONDS);
    writeAwsFiles(sts.url, ['[profile dave]', 'region = us-east-1', '[profile short]', 'role_arn = arn:aws:iam::777777777777:role/Short', 'source_profile = dave', 'services = local-sts'], { dave: DAVE });
    api = await activateExtension({ reload: true, signOut: true });
    // These tests watch a session end: auto-renew (on by default) would renew it first.
    await vscode.workspace.getConfiguration('awsRoles').update('autoRenew', false, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await api?.sessions.signOut();
    await vscode.workspace.getConfiguration('awsRoles').update('autoRenew', undefined, vscode.ConfigurationTarget.Workspace);
    await sts?.stop();
  });

  it('is a named item that shows a muted "AWS" with no session', () => {
    const item = api.statusBar.item;
    assert.equal(item.name, 'AWS Role Session');
    assert.equal(item.text, '$(shield) AWS');
    assert.equal(background(), undefined);
  });

  it('counts down with the profile, in the warning colour, and turns to expired in the error colour', async () => {
    const item = api.statusBar.item;
    const session = await api.sessions.assume('short');
    const end = session.credentials.expiration?.getTime() ?? 0;
    assert.ok(end > Date.now() && end <= Date.now() + LIFETIME_SECONDS * 1000, 'the local STS issued short-lived credentials');

    // Under ten minutes left: seconds, and the warning colour (awsRoles.warnBefore defaults to 600 s).
    assert.match(item.text, /^\$\(shield\) short · 0:[0-3]\d$/);
    assert.equal(background(), 'statusBarItem.warningBackground');
    assert.match(item.accessibilityInformation?.label ?? '', /^AWS role session short, \d+ seconds? left, ending soon$/);
    const first = item.text;
    await until('the countdown moves', () => item.text !== first && item.text.startsWith('$(shield) short · 0:'), 10_000, () => item.text);

    await until('the item says expired', () => item.text === '$(shield) short · expired', end - Date.now() + 30_000, () => item.text);
    // Shown within a couple of seconds of the real end (the item ticks every second near the end).
    assert.ok(Date.now() - end < 10_000, `expired shown ${Date.now() - end} ms after the end`);
    assert.equal(background(), 'statusBarItem.errorBackground');
    assert.equal(api.sessions.state.status, 'expired');
    assert.equal(api.sessions.current, undefined, 'expired credentials are handed out to nobody');

    // The tree no longer calls it active.
    const provider = api.profileView.provider;
    const items = (await provider.getChildren()).map((node) => provider.getTreeItem(node));
    assert.doesNotMatch(String(items.find((treeItem) => treeItem.label === 'short')?.description), /active/);
  });

  it('Renew Session brings the expired session back: a new countdown, the expiry STS gave', async () => {
    const item = api.statusBar.item;
    assert.equal(item.text, '$(shield) short · expired');
    const mark = sts.calls.list().length;
    await vscode.commands.executeCommand('awsRoles.renewSession');
    const renewed = api.sessions.current;
    assert.ok(renewed?.credentials.expiration, 'renewed');
    assert.ok(renewed.credentials.expiration.getTime() > Date.now());
    assert.deepEqual(sts.calls.list().slice(mark).map((call) => call.action), ['AssumeRole'], 'one STS call for the one hop');
    assert.match(item.text, /^\$\(shield\) short · 0:[0-3]\d$/);
    assert.equal(background(), 'statusBarItem.warningBackground');
    assert.equal(api.sessions.state.status, 'expiring');
  });

  it('goes back to idle on Sign Out', async () => {
    await api.sessions.signOut();
    assert.equal(api.statusBar.item.text, '$(shield) AWS');
    assert.equal(background(), undefined);
  });
});
