/**
 * What the window's session is to everything else: its states, its changes and why, and what
 * can be asked of it. Adapters and the core's listeners depend on the parts they use (a `Pick`
 * of `WindowSessions`, or a narrower interface of their own), never on the class that keeps it
 * (`ActiveSessionService`), so that another keeper (several sessions at once) fits them as well.
 */

import type { Event } from '../vocabulary/events';
import type { CallerIdentity } from '../vocabulary/ports';
import type { AssumeOptions, RoleSession, SessionAccess } from '../vocabulary/sessionTypes';

/** Why the active session changed. */
export type SessionChangeReason =
  /** A session became active where there was none. */
  | 'assumed'
  /** A session replaced another one. */
  | 'switched'
  /** The same profile's session was replaced by fresh credentials (`renew()`, issue 8 §3). */
  | 'renewed'
  /** The session's credentials ended; it is kept for display, but its credentials are no longer handed out. */
  | 'expired'
  /** The user signed out. */
  | 'signed-out'
  /**
   * STS denied the MFA session the window's sessions ride on with an explicit deny: an
   * administrator revoked it. The session ended and every MFA session was forgotten.
   */
  | 'revoked'
  /** A session kept from before a window reload was brought back (issue 8 §1). */
  | 'restored'
  /**
   * Another window signed out, ending the MFA session this one rode: same credentials, but its
   * renewal now needs an MFA code (`mfaSessionExpiration` is gone).
   */
  | 'mfa-session-ended';

export interface SessionChange {
  /**
   * The window's session now: `undefined` when there is none; for `expired`, the session that
   * ended (`current` no longer returns it).
   */
  readonly session: RoleSession | undefined;
  readonly reason: SessionChangeReason;
}

/**
 * Where the window's session stands.
 * - `none`: no session, no assume under way.
 * - `assuming`: an assume is under way; `session` is the one still in use, if any.
 * - `active`: credentials valid for longer than the warning time (`warnBefore`), or with no end.
 * - `renewing`: a renewal of the session is under way (issue 8 §3); the session stays usable.
 * - `expiring`: less than the warning time left.
 * - `expired`: the credentials ended; nothing hands them out any more. Stays so until the next
 *   assume, renewal or sign-out, even if the wall clock is set back.
 * `assuming` and `renewing` say what is under way; the session's end is still watched meanwhile
 * (its `expired` session event fires, and `current` refuses its credentials).
 */
export type SessionStatus = 'none' | 'assuming' | 'active' | 'renewing' | 'expiring' | 'expired';

export interface SessionState {
  readonly status: SessionStatus;
  /** The session the window acts as, or the one that expired; `undefined` when there is none. */
  readonly session: RoleSession | undefined;
  /** The profile being assumed, in `assuming` only. */
  readonly assumingProfileName?: string;
}

/** Why the state changed: a session change, or one of the steps between them. */
export type SessionStateChangeReason =
  | SessionChangeReason
  /** An assume started. */
  | 'assuming'
  /** An assume failed or was cancelled; the previous session (if any) stands. */
  | 'assume-ended'
  /** A renewal started. */
  | 'renewing'
  /** A renewal failed or was cancelled; the session keeps its credentials until they end. */
  | 'renew-ended'
  /** Less than the warning time is left. */
  | 'expiring'
  /** The wall clock was set back, out of the warning time again. */
  | 'clock-changed';

export interface SessionStateChange {
  readonly state: SessionState;
  readonly reason: SessionStateChangeReason;
}

/** Every session change reason: a record, so a new reason cannot be left out of it. */
const SESSION_CHANGE_REASONS: Readonly<Record<SessionChangeReason, true>> = {
  assumed: true,
  switched: true,
  renewed: true,
  expired: true,
  'signed-out': true,
  revoked: true,
  restored: true,
  'mfa-session-ended': true,
};

/** True for the reasons that change the session itself (not only a step between sessions). */
export function isSessionChange(reason: SessionStateChangeReason): reason is SessionChangeReason {
  return Object.hasOwn(SESSION_CHANGE_REASONS, reason);
}

/** What ends every session the person holds in this window at once: Sign Out, or a revocation. */
export type EndOfEverything = 'signed-out' | 'revoked';

/** Everything the window's session offers; each user depends on the members it uses. */
export interface WindowSessions {
  /** The session only while its credentials are valid by the wall clock now (or have no end). */
  readonly current: RoleSession | undefined;
  /** Where the session stands, as last checked against the wall clock. */
  readonly state: SessionState;
  /** Fires when the session starts, changes, expires or ends, with the reason. */
  readonly onDidChangeSession: Event<SessionChange>;
  /** Fires once for every change of `state`. */
  readonly onDidChangeState: Event<SessionStateChange>;
  /** Fires at every look at the wall clock, with the time: countdowns re-render on it. */
  readonly onDidCheckClock: Event<number>;
  /**
   * Fires at Sign Out (also with no session of the window's own) and at a revocation, before MFA
   * sessions are forgotten: sessions held elsewhere (terminals opened as a profile) end with it.
   */
  readonly onDidEndEverything: Event<EndOfEverything>;
  /** Assumes the profile and makes it the window's session (the newest request wins). */
  assume(profileName: string, signal?: AbortSignal, options?: AssumeOptions): Promise<RoleSession>;
  /** Fresh credentials for the window's session, shared by every caller while one is under way. */
  renew(options?: AssumeOptions): Promise<RoleSession>;
  /** A session for one use (Open Console with a profile), leaving the window's session alone. */
  assumeForOneUse(profileName: string, signal?: AbortSignal, access?: SessionAccess): Promise<RoleSession>;
  /** Who the current session's credentials belong to, asked of STS now. */
  identity(): Promise<CallerIdentity> | undefined;
  /** Ends the window's session and forgets every MFA session, in every window. */
  signOut(): Promise<void>;
  /** Another window signed out: nothing here rides the old MFA sessions any more. */
  mfaSessionsEndedElsewhere(): RoleSession | undefined;
}
