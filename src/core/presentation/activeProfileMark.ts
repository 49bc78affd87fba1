/**
 * How the Profiles tree marks the window's session: the same truth as the status bar, in
 * whole minutes counted as the status bar counts them (whole minutes gone, not rounded up), so
 * the two never disagree and the tree re-renders at most once a minute.
 */

import type { SessionState } from '../lifecycle/windowSessions';
import { msLeft, secondsLeft } from '../lifecycle/expiryTiming';

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
  const minutes = Math.floor(secondsLeft(left) / 60);
  const timeLeft = minutes === 0 ? 'under 1 min left' : minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min left`;
  return { profileName: session.profileName, timeLeft };
}

export function sameMark(a: ActiveProfileMark | undefined, b: ActiveProfileMark | undefined): boolean {
  return a?.profileName === b?.profileName && a?.timeLeft === b?.timeLeft;
}
