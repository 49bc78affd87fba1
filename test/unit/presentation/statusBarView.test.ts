/** What the status bar shows for a session, at the edges of its countdown. */

import * as assert from 'node:assert/strict';
import type { SessionState, SessionStatus } from '../../../src/core/lifecycle/windowSessions';
import { statusBarView, withOtherSessions, type StatusBarSettings } from '../../../src/core/presentation/statusBarView';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const SETTINGS: StatusBarSettings = {
  warnBeforeSeconds: 600,
  showWhenIdle: true,
  canRenew: false,
  // A fixed "local" format, so the test does not depend on the machine's time zone.
  formatLocalTime: (date) => `local ${date.toISOString().slice(11, 19)}`,
  commands: { assume: 'awsRoles.assumeRole', signOut: 'awsRoles.signOut' },
};

/** The prod session of a 3-hop chain over static keys, ending `secondsLeft` after NOW. */
function prod(secondsLeft: number | undefined, extra: Partial<RoleSession> = {}): RoleSession {
  return {
    profileName: 'prod',
    credentials: {
      accessKeyId: 'ASIAFAKE0000000000XY',
      secretAccessKey: 'notARealSecret',
      sessionToken: 'notARealToken',
      ...(secondsLeft === undefined ? {} : { expiration: new Date(NOW + secondsLeft * 1000) }),
    },
    region: 'eu-west-1',
    assumedRoleArn: 'arn:aws:sts::444444444444:assumed-role/Prod/alice-prod',
    identity: { arn: 'arn:aws:sts::444444444444:assumed-role/Prod/alice-prod', account: '444444444444', userId: 'AROA:alice-prod' },
    obtainedAt: NOW,
    stsCalls: 3,
    notices: [],
    chain: [
      { profileName: 'alice', kind: 'staticKeys' },
      { profileName: 'dev', kind: 'role', roleArn: 'arn:aws:iam::222222222222:role/Dev' },
      { profileName: 'prod', kind: 'role', roleArn: 'arn:aws:iam::444444444444:role/ops/Prod' },
    ],
    mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
    ...extra,
  };
}

function state(session: RoleSession | undefined, status: SessionStatus = session ? 'active' : 'none'): SessionState {
  return { status, session };
}

/** Text, colour and spoken label for a session with `seconds` left (fractions allowed). */
function at(seconds: number | undefined, settings: StatusBarSettings = SETTINGS) {
  const view = statusBarView(state(prod(seconds)), NOW, settings);
  return { text: view.text, background: view.background, label: view.accessibilityLabel };
}

describe('status bar view: the countdown at its edges', () => {
  it('59:59 left: minutes, no colour', () => {
    assert.deepEqual(at(3599), { text: '$(shield) prod · 59m', background: undefined, label: 'AWS role session prod, 59 minutes left' });
  });

  it('an hour or more: hours and minutes', () => {
    assert.equal(at(3600).text, '$(shield) prod · 1h 00m');
    assert.equal(at(12 * 3600 - 1).text, '$(shield) prod · 11h 59m');
  });

  it('10:00 left: still minutes, and not yet the warning (less than 10 minutes warns)', () => {
    assert.deepEqual(at(600), { text: '$(shield) prod · 10m', background: undefined, label: 'AWS role session prod, 10 minutes left' });
  });

  it('9:59 left: seconds, and the warning colour', () => {
    assert.deepEqual(at(599), {
      text: '$(shield) prod · 9:59',
      background: 'warning',
      label: 'AWS role session prod, 9 minutes 59 seconds left, ending soon',
    });
    assert.equal(at(485).text, '$(shield) prod · 8:05');
  });

  it('0:01 left, and half a second left still reads 0:01 (rounded up: 0:00 only at the end)', () => {
    assert.deepEqual(at(1), { text: '$(shield) prod · 0:01', background: 'warning', label: 'AWS role session prod, 1 second left, ending soon' });
    assert.equal(at(0.5).text, '$(shield) prod · 0:01');
  });

  it('0:00 left: expired, the error colour', () => {
    assert.deepEqual(at(0), { text: '$(shield) prod · expired', background: 'error', label: 'AWS role session prod, expired' });
  });

  it('past the end (negative): expired, the error colour', () => {
    assert.deepEqual(at(-3600), { text: '$(shield) prod · expired', background: 'error', label: 'AWS role session prod, expired' });
  });

  it('the service says expired (clock set back since): expired, whatever the clock says', () => {
    const view = statusBarView(state(prod(1200), 'expired'), NOW, SETTINGS);
    assert.equal(view.text, '$(shield) prod · expired');
    assert.equal(view.background, 'error');
  });

  it('long-term keys (allowed for the profile): marked as permanent keys in the warning colour, and the tooltip says what they are', () => {
    const longTerm = prod(undefined, { profileName: 'alice', chain: [{ profileName: 'alice', kind: 'staticKeys' }], mfaSerial: undefined, assumedRoleArn: undefined, credentialsKind: 'long-term-keys' });
    const view = statusBarView(state({ ...longTerm, credentials: { accessKeyId: 'AKIAFAKE000000000LTK', secretAccessKey: 'notARealSecret' } }), NOW, SETTINGS);
    assert.equal(view.text, '$(shield) alice · permanent keys');
    assert.equal(view.background, 'warning', 'never shown as an ordinary session');
    assert.equal(view.accessibilityLabel, 'AWS role session alice, permanent long-term keys');
    assert.match(view.tooltip, /^\*\*Long\\-term keys of alice\*\* · never ends/, 'Markdown-escaped');
    assert.match(view.tooltip, /awsRoles\.allowLongTermKeys/);
    assert.match(view.tooltip, /Expires: never \(long-term keys\)/);
  });

  it("a session of a profile's keys says what it is and what STS does not let it do", () => {
    const keysSession = prod(43_200, { profileName: 'alice', chain: [{ profileName: 'alice', kind: 'staticKeys' }], mfaSerial: undefined, assumedRoleArn: undefined, credentialsKind: 'keys-session' });
    const view = statusBarView(state(keysSession), NOW, SETTINGS);
    assert.equal(view.text, '$(shield) alice · 12h 00m');
    assert.equal(view.background, undefined);
    assert.match(view.tooltip, /^\*\*Session of alice's keys\*\* · 12 hours left/);
    assert.match(view.tooltip, /From GetSessionToken: .*does not let it call IAM's API \(it has no MFA\), nor GetSessionToken or GetFederationToken, so no console sign-in/);
    const withMfa = statusBarView(state({ ...keysSession, mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', mfaSessionExpiration: keysSession.credentials.expiration }), NOW, SETTINGS);
    assert.match(withMfa.tooltip, /From GetSessionToken with MFA: .*does not let it call GetSessionToken or GetFederationToken/);
    assert.doesNotMatch(withMfa.tooltip, /IAM's API/);
    assert.match(withMfa.tooltip, /Next renewal needs an MFA code: this session is the MFA session of the keys\./);
  });

  it('awsRoles.warnBefore moves the warning: 30 minutes', () => {
    const settings = { ...SETTINGS, warnBeforeSeconds: 1800 };
    assert.equal(at(1800, settings).background, undefined);
    assert.equal(at(1799, settings).background, 'warning');
    assert.equal(at(1799, settings).text, '$(shield) prod · 29m', 'the seconds countdown still starts at ten minutes');
  });
});

describe('status bar view: the tooltip', () => {
  it('shows the chain, account, role ARN, session name, and the end in local time and UTC', () => {
    const tooltip = statusBarView(state(prod(2520)), NOW, SETTINGS).tooltip;
    assert.match(tooltip, /\*\*AWS role session: prod\*\* · 42 minutes left/);
    assert.match(tooltip, /Chain: alice \(static keys\) → dev → prod/);
    assert.match(tooltip, /Account: 444444444444/);
    assert.match(tooltip, /Role: `arn:aws:iam::444444444444:role\/ops\/Prod`/);
    assert.match(tooltip, /Session name: `alice-prod`/);
    assert.match(tooltip, /Expires at local 09:42:00 \(09:42 UTC\)/);
    assert.match(tooltip, /\[Switch Role…\]\(command:awsRoles\.assumeRole\) · \[Sign Out\]\(command:awsRoles\.signOut\)/);
    assert.doesNotMatch(tooltip, /Renew/, 'no renew link while renewal does not exist');
    assert.doesNotMatch(tooltip, /notARealSecret|notARealToken|ASIAFAKE/);
  });

  it('MFA session ending before the role session: says the renewal after it needs a code', () => {
    const session = prod(3600, { mfaSessionExpiration: new Date(NOW + 1800 * 1000) });
    const tooltip = statusBarView(state(session), NOW, SETTINGS).tooltip;
    assert.match(tooltip, /The MFA session ends at local 09:30:00 \(09:30 UTC\), before this session: renewing after that needs an MFA code\./);
  });

  it('MFA session outliving the role session: renewal needs no code', () => {
    const session = prod(3600, { mfaSessionExpiration: new Date(NOW + 8 * 3600 * 1000) });
    assert.match(statusBarView(state(session), NOW, SETTINGS).tooltip, /Next renewal needs no MFA code: the MFA session lasts until local 17:00:00 \(17:00 UTC\)\./);
  });

  it('MFA session already over, or none behind the session: renewal needs a code', () => {
    const over = prod(3600, { mfaSessionExpiration: new Date(NOW - 1000) });
    assert.match(statusBarView(state(over), NOW, SETTINGS).tooltip, /Next renewal needs an MFA code \(the MFA session ended at local 08:59:59/);
    assert.match(statusBarView(state(prod(3600)), NOW, SETTINGS).tooltip, /Next renewal needs an MFA code\./);
  });

  it('offers Renew and the auto-renew setting only when they exist', () => {
    const settings = { ...SETTINGS, canRenew: true, autoRenew: false, commands: { ...SETTINGS.commands, renew: 'awsRoles.renewSession' } };
    const tooltip = statusBarView(state(prod(3600)), NOW, settings).tooltip;
    assert.match(tooltip, /\[Renew Now\]\(command:awsRoles\.renewSession\)/);
    assert.match(tooltip, /Auto-renew: off/);
  });

  it('escapes Markdown in profile names from the config', () => {
    const tooltip = statusBarView(state(prod(3600, { profileName: 'a_b*[x](command:evil)' })), NOW, SETTINGS).tooltip;
    assert.match(tooltip, /a\\_b\\\*\\\[x\\\]\\\(command:evil\\\)/);
  });
});

describe('status bar view: no session, and work under way', () => {
  it('idle: a muted AWS item that assumes a role, hidden when showWhenIdle is off', () => {
    const view = statusBarView(state(undefined), NOW, SETTINGS);
    assert.equal(view.text, '$(shield) AWS');
    assert.equal(view.click, 'assume');
    assert.equal(view.visible, true);
    assert.equal(view.background, undefined);
    assert.equal(statusBarView(state(undefined), NOW, { ...SETTINGS, showWhenIdle: false }).visible, false);
  });

  it('assuming with no session: a spinner and the profile', () => {
    const view = statusBarView({ status: 'assuming', session: undefined, assumingProfileName: 'dev' }, NOW, SETTINGS);
    assert.equal(view.text, '$(loading~spin) dev…');
    assert.equal(view.visible, true);
  });

  it('switching: the old session keeps its countdown, with a spinner', () => {
    const view = statusBarView({ status: 'assuming', session: prod(2520), assumingProfileName: 'dev' }, NOW, SETTINGS);
    assert.equal(view.text, '$(loading~spin) prod · 42m');
    assert.equal(view.accessibilityLabel, 'AWS role session prod, 42 minutes left, assuming profile dev');
  });
});

describe('status bar view: other live sessions of the window', () => {
  const terminal = (profileName: string, secondsLeft: number, status: 'active' | 'renewing' = 'active') => ({
    profileName,
    usedBy: 'terminal',
    session: prod(secondsLeft, { profileName }),
    status,
  });

  it('counts them after the window\'s own (prod · 42m +2) and lists each with its time left', () => {
    const view = withOtherSessions(statusBarView({ status: 'active', session: prod(2520) }, NOW, SETTINGS), [terminal('dev', 3000), terminal('staging', 600, 'renewing')], NOW);
    assert.equal(view.text, '$(shield) prod · 42m +2');
    assert.match(view.tooltip, /Also live in this window: {2}\n\*\*dev\*\* \(terminal\) · 50 minutes left {2}\n\*\*staging\*\* \(terminal\) · 10 minutes left · renewing$/);
    assert.equal(view.accessibilityLabel, 'AWS role session prod, 42 minutes left; 2 more sessions live: dev (terminal), staging (terminal)');
  });

  it('shows the count with no session of the window\'s own, even when the idle item is hidden', () => {
    const view = withOtherSessions(statusBarView({ status: 'none', session: undefined }, NOW, { ...SETTINGS, showWhenIdle: false }), [terminal('dev', 3000)], NOW);
    assert.equal(view.visible, true);
    assert.equal(view.text, '$(shield) AWS +1');
  });

  it('changes nothing when there are none', () => {
    const view = statusBarView({ status: 'active', session: prod(2520) }, NOW, SETTINGS);
    assert.equal(withOtherSessions(view, [], NOW), view);
  });
});
