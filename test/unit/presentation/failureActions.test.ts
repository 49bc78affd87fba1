import * as assert from 'node:assert/strict';
import { ConsoleSignInError } from '../../../src/core/console/consoleSignIn';
import { failureResponse, renewalNoticeResponse, type FailureContext, type FailureResponse } from '../../../src/core/presentation/failureActions';
import { SessionError, type SessionErrorKind } from '../../../src/core/vocabulary/sessionTypes';

/** Every kind a SessionError can have (a record, so a new kind does not compile until it is here): each is pinned below. */
const KINDS: Readonly<Record<SessionErrorKind, true>> = {
  cancelled: true,
  superseded: true,
  config: true,
  'mfa-invalid': true,
  'mfa-attempts-exhausted': true,
  'mfa-process-failed': true,
  'mfa-code-needed': true,
  'access-denied': true,
  revoked: true,
  'expired-credentials': true,
  'invalid-credentials': true,
  'duration-rejected': true,
  'region-disabled': true,
  throttled: true,
  unreachable: true,
  'clock-skew': true,
  'sso-login-required': true,
  'console-login-required': true,
  'root-credentials': true,
  'session-token-refused': true,
  unknown: true,
};
const ALL_KINDS = Object.keys(KINDS) as SessionErrorKind[];

const failed = (kind: SessionErrorKind, hopProfileName?: string) => new SessionError(kind, `Profile "prod": ${kind}.`, 'prod', hopProfileName);

/** What the person sees: nothing, or the notice's severity and its buttons' labels in order. */
function seen(response: FailureResponse): string {
  if (response.kind !== 'notice') return response.kind;
  return `${response.severity}: ${response.actions.map((action) => action.label).join(' | ') || 'no button'}`;
}

function byKind(context: FailureContext): Record<string, string> {
  const seenByKind: Record<string, string> = {};
  for (const kind of ALL_KINDS) seenByKind[kind] = seen(failureResponse(context, 'prod', failed(kind)));
  seenByKind['not ours'] = seen(failureResponse(context, 'prod', new TypeError('boom')));
  return seenByKind;
}

/** The same answer for every kind but those named. */
function everyKind(answer: string, except: Record<string, string> = {}): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const kind of [...ALL_KINDS, 'not ours']) expected[kind] = except[kind] ?? answer;
  return expected;
}

const quiet = { cancelled: 'not-a-failure', superseded: 'not-a-failure' };

describe('the buttons a failed assume or renewal offers', () => {
  it('Assume Role…: Retry when trying again may work, the one fix for the failure, then Show Log', () => {
    assert.deepEqual(
      byKind('assume'),
      everyKind('error: Show Log', {
        ...quiet,
        throttled: 'error: Retry | Show Log',
        unreachable: 'error: Retry | Show Log',
        unknown: 'error: Retry | Show Log',
        'sso-login-required': 'error: Sign In… | Show Log',
        'console-login-required': 'error: Run aws login | Show Log',
        revoked: 'error: Assume Again… | Show Log',
        'session-token-refused': "error: Allow prod's Long-Term Keys… | Show Log",
      }),
    );
  });

  it('Assume Role…: the sign-in (Identity Center, or aws login) is for the hop whose sign-in ended, the rest for the profile assumed', () => {
    const sso = failureResponse('assume', 'prod', failed('sso-login-required', 'corp-sso'));
    assert.deepEqual(sso.kind === 'notice' && sso.actions, [
      { id: 'sso-sign-in', label: 'Sign In…', profileName: 'corp-sso' },
      { id: 'show-log', label: 'Show Log' },
    ]);
    const direct = failureResponse('assume', 'prod', failed('sso-login-required'));
    assert.deepEqual(direct.kind === 'notice' && direct.actions[0], { id: 'sso-sign-in', label: 'Sign In…', profileName: 'prod' });
    const consoleLogin = failureResponse('assume', 'prod', failed('console-login-required', 'console-user'));
    assert.deepEqual(consoleLogin.kind === 'notice' && consoleLogin.actions[0], { id: 'console-login', label: 'Run aws login', profileName: 'console-user' });
    const revoked = failureResponse('assume', 'prod', failed('revoked', 'base'));
    assert.deepEqual(revoked.kind === 'notice' && revoked.actions[0], { id: 'assume-again', label: 'Assume Again…', profileName: 'prod' });
    const refused = failureResponse('assume', "o'brien", failed('session-token-refused'));
    assert.deepEqual(refused.kind === 'notice' && refused.actions[0], { id: 'allow-long-term-keys', label: "Allow o'brien's Long-Term Keys…", profileName: "o'brien" });
    const retry = failureResponse('assume', 'prod', failed('unreachable'));
    assert.deepEqual(retry.kind === 'notice' && retry.actions[0], { id: 'retry', label: 'Retry' });
  });

  it('Renew Session: Assume Again… once the session was revoked, Show Log always', () => {
    assert.deepEqual(byKind('renewal'), everyKind('error: Show Log', { ...quiet, revoked: 'error: Assume Again… | Show Log' }));
  });

  it('Open Console: Show Log; its own cancel is no failure either', () => {
    assert.deepEqual(byKind('console'), everyKind('error: Show Log', quiet));
    assert.equal(seen(failureResponse('console', 'prod', new ConsoleSignInError('cancelled', 'Opening the console was cancelled.'))), 'not-a-failure');
    assert.equal(seen(failureResponse('console', 'prod', new ConsoleSignInError('denied', 'The federation endpoint refused.'))), 'error: Show Log');
  });

  it('a debug launch that did not start: the error alone, no button', () => {
    assert.deepEqual(byKind('debug-launch'), everyKind('error: no button', quiet));
  });

  it("the workspace's profile assumed on open: never a notice; a code it may not ask for is no failure", () => {
    assert.deepEqual(byKind('workspace-profile'), everyKind('log-only', { ...quiet, 'mfa-code-needed': 'not-a-failure' }));
  });

  it("auto-renew's notices: Renew… when a code is needed, Assume Again… when revoked, else the fix and Show Log", () => {
    assert.equal(seen(renewalNoticeResponse({ kind: 'code-needed', profileName: 'prod', message: 'Renewing it needs an MFA code.' })), 'warning: Renew…');
    const revoked = renewalNoticeResponse({ kind: 'revoked', profileName: 'prod', message: 'Revoked.' });
    assert.deepEqual(revoked, {
      kind: 'notice',
      severity: 'error',
      actions: [
        { id: 'assume-again', label: 'Assume Again…', profileName: 'prod' },
        { id: 'show-log', label: 'Show Log' },
      ],
    });
    const failedWith = (error: SessionError) => seen(renewalNoticeResponse({ kind: 'failed', profileName: 'prod', message: 'Auto-renew of prod failed.', error }));
    // Auto-renew never raises a failed notice for a cancel, a newer request, a revoke or a code needed: those have their own.
    const raised = ALL_KINDS.filter((kind) => !['cancelled', 'superseded', 'revoked', 'mfa-code-needed'].includes(kind));
    for (const kind of raised) {
      const expected = kind === 'sso-login-required' ? 'warning: Sign In… | Show Log' : kind === 'console-login-required' ? 'warning: Run aws login | Show Log' : 'warning: Renew… | Show Log';
      assert.equal(failedWith(failed(kind)), expected, kind);
    }
    // Auto-renew offers Sign In when Identity Center's session has ended: a click, never an ambush.
    const sso = renewalNoticeResponse({ kind: 'failed', profileName: 'prod', message: 'Auto-renew of prod failed.', error: failed('sso-login-required', 'corp-sso') });
    assert.deepEqual(sso.kind === 'notice' && sso.actions[0], { id: 'sso-sign-in', label: 'Sign In…', profileName: 'corp-sso' });
  });
});
