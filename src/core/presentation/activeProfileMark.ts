/**
 * How the Profiles tree marks the window's session, and the sessions held for terminals: the same truth as the status bar, in
 * whole minutes counted as the status bar counts them (whole minutes gone, not rounded up), so
 * the two never disagree and the tree re-renders at most once a minute.
 */

import type { SessionState } from '../lifecycle/windowSessions';
import { msLeft, secondsLeft } from '../lifecycle/expiryTiming';
import type { RoleSession, SessionAccess } from '../vocabulary/sessionTypes';
import type { HoldPlace } from '../lifecycle/heldSessions';
import { ROW_SEPARATOR } from '../config/profileSummary';

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
  readonly access: SessionAccess;
  readonly holders: number;
  readonly session: RoleSession;
  /** Where it is held, one entry per holder; terminals when absent. */
  readonly places?: readonly HoldPlace[];
}

/** The terminals, debug launches and folders holding a session. */
function placesOf({ holders, places }: Pick<HeldProfile, 'holders' | 'places'>): { terminals: number; launches: number; folders: string[] } {
  if (!places) return { terminals: holders, launches: 0, folders: [] };
  return {
    terminals: places.filter((place) => place.kind === 'terminal').length,
    launches: places.filter((place) => place.kind === 'launch').length,
    folders: places.flatMap((place) => (place.kind === 'folder' ? [place.folderName] : [])),
  };
}

function count(n: number, one: string, many: string): string | undefined {
  return n === 0 ? undefined : n === 1 ? one : `${n} ${many}`;
}

function foldersText(folders: readonly string[]): string | undefined {
  if (folders.length === 0) return undefined;
  return folders.length === 1 ? `folder ${folders[0]}` : `folders ${folders.slice(0, -1).join(', ')} and ${folders[folders.length - 1]}`;
}

/**
 * Each held profile's mark: `in a terminal - 42 min left`, `read-only in 2 terminals - ended`;
 * a profile held both ways gets both, its full session first.
 */
export function heldProfileMarks(held: readonly HeldProfile[], now: number): ReadonlyMap<string, string> {
  const marks = new Map<string, string>();
  for (const view of held) {
    const mark = heldSessionMark(view, now);
    const before = marks.get(view.profileName);
    marks.set(view.profileName, before ? `${before}; ${mark}` : mark);
  }
  return marks;
}

/** One held session's mark: `read-only in a terminal - 42 min left`. */
export function heldSessionMark(view: HeldProfile, now: number): string {
  const { access, session } = view;
  const { terminals, launches, folders } = placesOf(view);
  const parts = [count(terminals, 'a terminal', 'terminals'), count(launches, 'a debug launch', 'debug launches'), foldersText(folders)].filter(Boolean);
  const where = `${access === 'read-only' ? 'read-only ' : ''}in ${parts.join(' and ')}`;
  const left = msLeft(session.credentials.expiration, now);
  return left === undefined ? where : [where, left <= 0 ? 'ended' : minutesLeft(left)].join(ROW_SEPARATOR);
}

/** Where a held session is used, for the status bar's list: `terminal`, `2 read-only terminals`. */
export function heldSessionPlace(view: Pick<HeldProfile, 'access' | 'holders' | 'places'>): string {
  const kind = view.access === 'read-only' ? 'read-only terminal' : 'terminal';
  const { terminals, launches, folders } = placesOf(view);
  return [count(terminals, kind, `${kind}s`), count(launches, 'debug launch', 'debug launches'), foldersText(folders)].filter(Boolean).join(', ');
}

/** A held session's name where sessions are listed: `prod`, `prod (read-only)`. */
export function heldSessionName(view: Pick<HeldProfile, 'profileName' | 'access'>): string {
  return view.access === 'read-only' ? `${view.profileName} (read-only)` : view.profileName;
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
