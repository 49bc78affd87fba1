/**
 * What a failed assume or renewal offers the person: whether it is shown at all, as an error or a
 * warning, and which buttons in which order. Decided here once for every place a session can
 * fail (the Assume Role command, Renew Session, auto-renew, Open Console, a debug launch's
 * `awsProfile`, the workspace's profile assumed on open); `src/prompts/failureNotice.ts` shows
 * the answer and runs the button the person chose.
 */

import { ConsoleSignInError } from '../console/consoleSignIn';
import type { RenewalNotice } from '../lifecycle/autoRenew';
import { SessionError, type SessionErrorKind } from '../vocabulary/sessionTypes';

/** Where the session failed. Each place offers what can help there. */
export type FailureContext =
  /** Assume Role… (and Show Identity, whose failure is reported the same way). */
  | 'assume'
  /** Renew Session, run by the person. */
  | 'renewal'
  /** Open Console, with the window's session or a profile assumed for it. */
  | 'console'
  /** A debug launch's `awsProfile`, assumed for the launch alone. */
  | 'debug-launch'
  /** The workspace's profile, assumed by itself when the window opens (never a prompt, never a notice). */
  | 'workspace-profile';

/** A button on a failure's notice. Its label is exactly what the person sees. */
export type FailureAction =
  /** Try the same thing again, unchanged: the failure may pass (network, throttling, a server fault). */
  | { readonly id: 'retry'; readonly label: typeof RETRY }
  /** Renew Session (which may ask for a code). */
  | { readonly id: 'renew'; readonly label: typeof RENEW }
  | { readonly id: 'show-log'; readonly label: typeof SHOW_LOG }
  /** Sign In to IAM Identity Center for the profile whose sign-in ended, then what failed again. */
  | { readonly id: 'sso-sign-in'; readonly label: typeof SSO_SIGN_IN; readonly profileName: string }
  /** A terminal running `aws login` for the profile whose console sign-in ended. */
  | { readonly id: 'console-login'; readonly label: typeof CONSOLE_LOGIN; readonly profileName: string }
  /** A fresh assume of the profile: the revoked session and its MFA session are gone, so it asks for a new code. */
  | { readonly id: 'assume-again'; readonly label: typeof ASSUME_AGAIN; readonly profileName: string }
  /** The person's own opt-in to hand out the profile's long-term keys, after STS refused a session of them. */
  | { readonly id: 'allow-long-term-keys'; readonly label: string; readonly profileName: string };

/** What the person is shown of a failure. */
export type FailureResponse =
  /** What the person asked for (a cancel, a newer request) or what the place expects: a line in the log at most. */
  | { readonly kind: 'not-a-failure' }
  /** A failure nobody is waiting on: it goes to the log, not into a notice. */
  | { readonly kind: 'log-only' }
  | { readonly kind: 'notice'; readonly severity: 'error' | 'warning'; readonly actions: readonly FailureAction[] };

const RETRY = 'Retry';
const RENEW = 'Renew…';
const SHOW_LOG = 'Show Log';
const SSO_SIGN_IN = 'Sign In…';
const CONSOLE_LOGIN = 'Run aws login';
const ASSUME_AGAIN = 'Assume Again…';

/** The button that allows a profile's long-term keys names the profile. */
function allowLongTermKeysLabel(profileName: string): string {
  return `Allow ${profileName}'s Long-Term Keys…`;
}

/** What `failure` (anything an assume, renewal or console sign-in threw) offers in `context`, for `profileName`. */
export function failureResponse(context: FailureContext, profileName: string, failure: unknown): FailureResponse {
  return decide(context, profileName, describe(failure));
}

/** What one of auto-renew's notices offers: a warning unless the session was revoked and has ended. */
export function renewalNoticeResponse(notice: RenewalNotice): FailureResponse {
  const failure: Failure =
    notice.kind === 'failed' ? describe(notice.error) : { kind: notice.kind === 'code-needed' ? 'mfa-code-needed' : 'revoked', retryable: false };
  return decide('auto-renewal', notice.profileName, failure);
}

/** A failure as far as the buttons care. `unexpected`: not one of ours, so nothing is known of it. */
interface Failure {
  readonly kind: SessionErrorKind | 'unexpected';
  readonly retryable: boolean;
  /** The hop's profile where it failed, when known: an SSO sign-in is renewed for that profile. */
  readonly hopProfileName?: string;
}

function describe(error: unknown): Failure {
  if (error instanceof SessionError) return { kind: error.kind, retryable: error.retryable, hopProfileName: error.hopProfileName };
  // Console sign-in's own errors: only its cancel matters here; the rest are shown with their message.
  if (error instanceof ConsoleSignInError && error.kind === 'cancelled') return { kind: 'cancelled', retryable: false };
  return { kind: 'unexpected', retryable: false };
}

function decide(context: FailureContext | 'auto-renewal', profileName: string, failure: Failure): FailureResponse {
  const { kind } = failure;
  const showLog = { id: 'show-log', label: SHOW_LOG } as const;
  const assumeAgain = { id: 'assume-again', label: ASSUME_AGAIN, profileName } as const;
  const hopProfileName = failure.hopProfileName ?? profileName;
  // The sign-in the person needs, for the profile whose root it is.
  const signIn: FailureAction | undefined =
    kind === 'sso-login-required'
      ? { id: 'sso-sign-in', label: SSO_SIGN_IN, profileName: hopProfileName }
      : kind === 'console-login-required'
        ? { id: 'console-login', label: CONSOLE_LOGIN, profileName: hopProfileName }
        : undefined;
  const renew = { id: 'renew', label: RENEW } as const;
  // A cancel or a newer request (another assume, Sign Out) is what the person asked for: never a notice.
  if (kind === 'cancelled' || kind === 'superseded') return { kind: 'not-a-failure' };
  const notice = (severity: 'error' | 'warning', ...actions: FailureAction[]): FailureResponse => ({ kind: 'notice', severity, actions });
  switch (context) {
    case 'assume': {
      // At most one of the first four: each answers its own kind of failure.
      const actions: FailureAction[] = [];
      if (failure.retryable) actions.push({ id: 'retry', label: RETRY });
      if (signIn) actions.push(signIn);
      // Revoked: a fresh assume asks for a new code; the MFA session it needs was just forgotten.
      if (kind === 'revoked') actions.push(assumeAgain);
      if (kind === 'session-token-refused') actions.push({ id: 'allow-long-term-keys', label: allowLongTermKeysLabel(profileName), profileName });
      return notice('error', ...actions, showLog);
    }
    case 'renewal':
      // Revoked: the session has ended; assuming again asks for a fresh code.
      return kind === 'revoked' ? notice('error', assumeAgain, showLog) : notice('error', showLog);
    case 'auto-renewal':
      // Never a prompt from auto-renew: its buttons run what the person chooses, and only Renew… may ask for a code.
      if (kind === 'mfa-code-needed') return notice('warning', renew);
      // An error, not a warning: the window's credentials are gone.
      if (kind === 'revoked') return notice('error', assumeAgain, showLog);
      if (signIn) return notice('warning', signIn, showLog);
      return notice('warning', renew, showLog);
    case 'console':
      return notice('error', showLog);
    case 'debug-launch':
      // The launch did not start: its error says why, with nothing to click.
      return notice('error');
    case 'workspace-profile':
      // Assumed by itself, never with a prompt: a code it may not ask for leaves the profile offered in the status bar.
      return kind === 'mfa-code-needed' ? { kind: 'not-a-failure' } : { kind: 'log-only' };
  }
}
