/** A workspace's own profile (`awsRoles.profile`): what is offered, assumed by itself, and reported. */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import type { SessionState } from '../../../src/core/lifecycle/windowSessions';
import { statusBarView, type StatusBarSettings } from '../../../src/core/presentation/statusBarView';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import {
  decideWorkspaceProfile,
  missingProfileMessage,
  offerMenuLabel,
  offerTooltip,
  type NamedProfile,
  type WorkspaceProfileInput,
} from '../../../src/core/lifecycle/workspaceProfile';
import { CODE, harness, rejection } from '../assume/engineHarness';

const PROFILES = new Set(['prod', 'dev', 'staging']);
const NONE: SessionState = { status: 'none', session: undefined };
const SESSION = { profileName: 'dev', credentials: { accessKeyId: 'ASIAFAKE', secretAccessKey: 'x', sessionToken: 't' } } as unknown as RoleSession;

function input(named: NamedProfile[], extra: Partial<WorkspaceProfileInput> = {}): WorkspaceProfileInput {
  return {
    named,
    folderCount: 1,
    trusted: true,
    profileExists: (name) => PROFILES.has(name),
    session: NONE,
    autoAssume: false,
    opening: true,
    ...extra,
  };
}

const one = (profileName: string, folderName: string | undefined = 'app'): NamedProfile => ({ profileName, folderName });

describe('workspace profile: what a window offers', () => {
  it('offers the named profile while the window has no session, and assumes nothing by itself by default', () => {
    const decision = decideWorkspaceProfile(input([one('prod')]));
    assert.deepEqual(decision.idleOffer, { profileName: 'prod', folderNames: ['app'], wholeWorkspace: true });
    assert.deepEqual(decision.offers, [decision.idleOffer]);
    assert.equal(decision.autoAssume, undefined);
    assert.deepEqual(decision.missing, []);
  });

  it('ignores the setting in an untrusted workspace: nothing offered, assumed or reported', () => {
    const decision = decideWorkspaceProfile(input([one('prod'), one('nope', 'b')], { trusted: false, autoAssume: true, folderCount: 2 }));
    assert.deepEqual(decision, { offers: [], idleOffer: undefined, autoAssume: undefined, missing: [] });
  });

  it('reports a profile that is not in the config and offers nothing for it', () => {
    const decision = decideWorkspaceProfile(input([one('nope')], { autoAssume: true }));
    assert.deepEqual(decision.missing, [{ profileName: 'nope', folderName: 'app' }]);
    assert.deepEqual(decision.offers, []);
    assert.equal(decision.idleOffer, undefined);
    assert.equal(decision.autoAssume, undefined);
  });

  it('a session in the window wins (a restored one, one under way, an expired one): no idle offer, no auto-assume', () => {
    for (const session of [
      { status: 'active', session: SESSION },
      { status: 'expired', session: SESSION },
      { status: 'assuming', session: undefined, assumingProfileName: 'dev' },
    ] as SessionState[]) {
      const decision = decideWorkspaceProfile(input([one('prod')], { session, autoAssume: true }));
      assert.equal(decision.idleOffer, undefined, session.status);
      assert.equal(decision.autoAssume, undefined, session.status);
      assert.equal(decision.offers.length, 1, 'the menu still lists it');
    }
  });

  it('assumes by itself only when the user setting is on and the window is opening', () => {
    assert.equal(decideWorkspaceProfile(input([one('prod')], { autoAssume: true })).autoAssume, 'prod');
    assert.equal(decideWorkspaceProfile(input([one('prod')], { autoAssume: true, opening: false })).autoAssume, undefined);
    assert.equal(decideWorkspaceProfile(input([one('prod')], { autoAssume: false })).autoAssume, undefined);
  });

  it('multi-root: every folder\'s profile in the menu, the first folder\'s in the status bar, one offer per profile', () => {
    const decision = decideWorkspaceProfile(
      input([one('prod', 'api'), one('dev', 'web'), one('prod', 'worker'), one('gone', 'old'), one('  ', 'blank')], { folderCount: 5, autoAssume: true }),
    );
    assert.deepEqual(decision.offers, [
      { profileName: 'prod', folderNames: ['api', 'worker'], wholeWorkspace: false },
      { profileName: 'dev', folderNames: ['web'], wholeWorkspace: false },
    ]);
    assert.equal(decision.idleOffer?.profileName, 'prod');
    assert.equal(decision.autoAssume, 'prod');
    assert.deepEqual(decision.missing, [{ profileName: 'gone', folderName: 'old' }]);
  });

  it('names the folders in the menu and the tooltip', () => {
    const single = { profileName: 'prod', folderNames: ['app'], wholeWorkspace: true };
    const api = { profileName: 'prod', folderNames: ['api'], wholeWorkspace: false };
    const two = { profileName: 'prod', folderNames: ['api', 'worker'], wholeWorkspace: false };
    assert.equal(offerTooltip(single), 'This workspace is worked on with profile prod · click to assume');
    assert.equal(offerTooltip(api), 'Folder api is worked on with profile prod · click to assume');
    assert.equal(offerTooltip(two), 'Folders api and worker are worked on with profile prod · click to assume');
    assert.equal(offerMenuLabel(api, false), 'Assume prod — for folder api');
    assert.equal(offerMenuLabel(two, true), 'Switch to prod — for folders api, worker');
    assert.equal(offerMenuLabel(single, false), 'Assume prod — for this workspace');
  });

  it('reports a missing profile plainly, naming the setting, the folder and the profile', () => {
    assert.equal(
      missingProfileMessage(one('nope', 'api'), 'awsRoles.profile', '/home/a/.aws/config'),
      'The setting awsRoles.profile of folder api names the profile "nope", which is not in your AWS config (/home/a/.aws/config); nothing is offered for it.',
    );
  });
});

describe('workspace profile: the status bar item', () => {
  const SETTINGS: StatusBarSettings = {
    warnBeforeSeconds: 600,
    showWhenIdle: false,
    canRenew: true,
    formatLocalTime: (date) => date.toISOString(),
    commands: { assume: 'awsRoles.assumeRole', signOut: 'awsRoles.signOut' },
  };
  const offer = { profileName: 'prod_1', folderNames: ['app'], wholeWorkspace: true };

  it('offers the profile in place of the idle item (also when the idle item is turned off), a click assumes it', () => {
    const view = statusBarView(NONE, 0, SETTINGS, offer);
    assert.equal(view.text, '$(shield) prod_1?');
    assert.equal(view.visible, true);
    assert.equal(view.click, 'assume');
    assert.equal(view.assumeProfile, 'prod_1');
    assert.equal(view.tooltip.split('  \n')[0], 'This workspace is worked on with profile prod\\_1 · click to assume');
  });

  it('a session hides the offer', () => {
    const session = { ...SESSION, credentials: { ...SESSION.credentials, expiration: new Date(3_600_000) } } as RoleSession;
    const view = statusBarView({ status: 'active', session }, 0, SETTINGS, offer);
    assert.equal(view.text, '$(shield) dev · 1h 00m');
    assert.equal(view.assumeProfile, undefined);
  });
});

describe('workspace profile: assuming by itself never prompts', function () {
  this.timeout(10_000);

  it('a needed MFA code ends the attempt with mfa-code-needed and leaves the window as it was', async () => {
    const h = harness();
    const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
    await rejection(sessions.assume('prod', undefined, { interactive: false }), 'mfa-code-needed');
    assert.equal(h.prompt.requests.length, 0);
    assert.equal(h.sts.count(), 0);
    assert.deepEqual(sessions.state, { status: 'none', session: undefined });
    sessions.dispose();
  });

  it('a live MFA session is ridden silently', async () => {
    const h = harness();
    const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
    h.prompt.answer(CODE);
    // Another window (or an earlier one) stored the MFA session.
    await h.engine.assume('dev', h.model);
    const session = await sessions.assume('prod', undefined, { interactive: false });
    assert.equal(sessions.current, session);
    assert.equal(h.prompt.requests.length, 1, 'only the earlier assume asked');
    sessions.dispose();
  });
});
