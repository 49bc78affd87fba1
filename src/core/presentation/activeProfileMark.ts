/**
 * How the Profiles tree marks the window's session, and the sessions held for terminals: the same truth as the status bar, in
 * whole minutes counted as the status bar counts them (whole minutes gone, not rounded up), so
 * the two never disagree and the tree re-renders at most once a minute.
 */

import type { SessionState } from '../lifecycle/windowSessions';
import { msLeft, secondsLeft } from '../lifecycle/expiryTiming';
import type { RoleSession } from '../vocabulary/sessionTypes';

export interface ActiveProfileMark {
  readonly profileName: string;
  /** `42 min left`, `under 1 min left`; absent for credentials with no end. */
  readonly timeLeft?: string;
}

/** The profile to mark active, or `undefined`: no session, or an expired one (it is not active any more). */
export function activeProfileMark(state: SessionState, now: number): ActiveProfileMark | undefined {
  const session = state.session;
  if (!session || state.status === 'expired') return undefined;
  const left = msLeft(session.credentials.expiration, now);
  if (left === undefined) return { profileName: session.profileName };
  if (left <= 0) return undefined;
  return { profileName: session.profileName, timeLeft: minutesLeft(left) };
}

/** A session held for terminals, as the tree marks its profile. */
export interface HeldProfile {
  readonly profileName: string;
  readonly holders: number;
  readonly session: RoleSession;
}

/** Each held profile's mark: `in a terminal · 42 min left`, `in 2 terminals · ended`. */
export function heldProfileMarks(held: readonly HeldProfile[], now: number): ReadonlyMap<string, string> {
  const marks = new Map<string, string>();
  for (const { profileName, holders, session } of held) {
    const where = holders === 1 ? 'in a terminal' : `in ${holders} terminals`;
    const left = msLeft(session.credentials.expiration, now);
    marks.set(profileName, left === undefined ? where : `${where} · ${left <= 0 ? 'ended' : minutesLeft(left)}`);
  }
  return marks;
}

export function sameMarks(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, mark]) => b.get(name) === mark);
}

/** Whole minutes gone, as the status bar counts them. */
function minutesLeft(left: number): string {
  const minutes = Math.floor(secondsLeft(left) / 60);
  return minutes === 0 ? 'under 1 min left' : minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min left`;
}

export function sameMark(a: ActiveProfileMark | undefined, b: ActiveProfileMark | undefined): boolean {
  return a?.profileName === b?.profileName && a?.timeLeft === b?.timeLeft;
}
