/**
 * Auto-renew in a real VS Code against the local STS issuing credentials that end after a few
 * tens of seconds, with `awsRoles.renewBefore` set small: a two-hop session renews by itself
 * before its end (one STS call per hop, the new expiry in the status bar), and with the STS
 * unreachable it is kept until its end, shows expired, and comes back once the STS is back.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLocalSts, type Fixture, type LocalSts } from '../../../tools/local-sts';
import type { ExtensionApi } from '../../../src/extension';
import { ERIN, stsUser } from '../../support/principals';
import { activateExtension, writeAwsFiles } from '../../support/integration/extension';
import type { SessionChange } from '../../../src/core/lifecycle/windowSessions';
import { until } from '../../support/integration/waits';


const FIXTURE: Fixture = {
  users: [stsUser(ERIN, { mfa: false })],
  roles: [
    { arn: 'arn:aws:iam::777777777777:role/Gate', trustedPrincipals: ['arn:aws:iam::111111111111:user/erin'], maxSessionDuration: 3600 },
    { arn: 'arn:aws:iam::888888888888:role/Work', trustedPrincipals: ['arn:aws:iam::777777777777:role/Gate'], maxSessionDuration: 3600 },
  ],
};
/** Credentials live this long; auto-renew renews 12 s before their end (at most half their life). */
const LIFETIME_SECONDS = 30;
const RENEW_BEFORE_SECONDS = 12;

let api: ExtensionApi;
let sts: LocalSts;

/** Every session change from now on, with the wall-clock moment it came. */
function recordChanges(): { readonly list: { reason: string; at: number; change: SessionChange }[]; dispose(): void } {
  const list: { reason: string; at: number; change: SessionChange }[] = [];
  const subscription = api.sessions.onDidChangeSession((change) => list.push({ reason: change.reason, at: Date.now(), change }));
  return { list, dispose: () => subscription.dispose() };
}

function actionsSince(mark: number): string[] {
  return sts.calls.list().slice(mark).map((call) => call.action);
}

describe('Auto-renew against the local STS', function () {
  // Waits for real credentials to end, twice; generous for a busy 2-core machine.
  this.timeout(180_000);

  before(async () => {
    sts = await startLocalSts({ fixture: FIXTURE });
    sts.setLifetimeSeconds(LIFETIME_SECONDS);
    writeAwsFiles(
      sts.url,
      [
        '[profile erin]',
        'region = us-east-1',
        '[profile gate]',
        'role_arn = arn:aws:iam::777777777777:role/Gate',
        'source_profile = erin',
        'services = local-sts',
        '[profile work]',
        'role_arn = arn:aws:iam::888888888888:role/Work',
        'source_profile = gate',
        'services = local-sts',
      ],
      { erin: ERIN },
    );
    api = await activateExtension({ reload: true, signOut: true });
    const settings = vscode.workspace.getConfiguration('awsRoles');
    await settings.update('autoRenew', true, vscode.ConfigurationTarget.Workspace);
    await settings.update('renewBefore', RENEW_BEFORE_SECONDS, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await api?.sessions.signOut();
    const settings = vscode.workspace.getConfiguration('awsRoles');
    await settings.update('autoRenew', undefined, vscode.ConfigurationTarget.Workspace);
    await settings.update('renewBefore', undefined, vscode.ConfigurationTarget.Workspace);
    await sts?.stop();
  });

  it('renews a two-hop session by itself before its end: one STS call per hop, the new expiry shows', async () => {
    const changes = recordChanges();
    try {
      const mark = sts.calls.list().length;
      const first = await api.sessions.assume('work');
      const end = first.credentials.expiration?.getTime() ?? 0;
      assert.ok(end > Date.now() && end <= Date.now() + LIFETIME_SECONDS * 1000, 'the local STS issued short-lived credentials');
      assert.deepEqual(actionsSince(mark), ['AssumeRole', 'AssumeRole']);
      const renewedAt = sts.calls.list().length;

      await until('the session renews itself', () => changes.list.some((c) => c.reason === 'renewed'), end - Date.now() + 20_000, () => JSON.stringify(changes.list.map((c) => c.reason)));
      const renewal = changes.list.find((c) => c.reason === 'renewed')!;
      assert.ok(renewal.at < end, `renewed ${renewal.at - end} ms after the old end; should be before it`);
      assert.ok(renewal.at >= end - (RENEW_BEFORE_SECONDS + 3) * 1000, 'not before the renew window opened');
      assert.deepEqual(actionsSince(renewedAt).slice(0, 2), ['AssumeRole', 'AssumeRole'], 'one AssumeRole per hop, nothing else');
      assert.deepEqual(changes.list.slice(0, 2).map((c) => c.reason), ['assumed', 'renewed'], 'it never expired');

      const renewed = api.sessions.current;
      assert.ok(renewed && renewed !== first);
      assert.ok((renewed.credentials.expiration?.getTime() ?? 0) > end, 'a later expiry');
      assert.equal(renewed.assumedRoleArn, first.assumedRoleArn);
      // The status bar counts down from the new end.
      assert.match(api.statusBar.item.text, /^\$\(shield\) work · 0:[0-3]\d$/);
    } finally {
      changes.dispose();
    }
  });

  it('with the STS unreachable: kept until its end, then expired; back once the STS is reachable and the window regains focus', async () => {
    const first = await api.sessions.assume('work');
    const end = first.credentials.expiration?.getTime() ?? 0;
    const changes = recordChanges();
    await sts.faults.unreachable();
    try {
      // Credentials are handed out until their very end; then the service and the status bar say expired.
      await until('the session expires', () => api.sessions.state.status === 'expired', end - Date.now() + 30_000, () => api.sessions.state.status);
      assert.deepEqual(changes.list.map((c) => c.reason), ['expired'], 'no renewal got through, nothing else changed');
      assert.equal(changes.list[0].change.session, first, 'the same session until its end');
      assert.ok(changes.list[0].at >= end - 1000, `expired ${end - changes.list[0].at} ms before its end`);
      assert.equal(api.sessions.current, undefined);
      await until('the status bar says expired', () => api.statusBar.item.text === '$(shield) work · expired', 5_000, () => api.statusBar.item.text);
    } finally {
      await sts.faults.reachable();
    }
    const mark = sts.calls.list().length;
    // What the window does when it regains focus (the headless workbench cannot be focused from here).
    api.sessions.checkNow();
    api.autoRenew.windowFocused();
    try {
      await until('the session comes back', () => api.sessions.state.status !== 'expired' && api.sessions.current !== undefined, 30_000, () => api.sessions.state.status);
    } finally {
      changes.dispose();
    }
    assert.deepEqual(changes.list.map((c) => c.reason), ['expired', 'renewed']);
    assert.deepEqual(actionsSince(mark), ['AssumeRole', 'AssumeRole']);
    const back = api.sessions.state.session;
    assert.ok(back && back !== first && (back.credentials.expiration?.getTime() ?? 0) > Date.now(), 'fresh credentials');
    await until('the status bar counts down again', () => /^\$\(shield\) work · 0:[0-3]\d$/.test(api.statusBar.item.text), 5_000, () => api.statusBar.item.text);
  });
});
