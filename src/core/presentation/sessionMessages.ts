/** What the user is told about a live session, worded once for every place that shows it. */

import { holdsLongTermKeys } from '../config/profileKinds';
import { settingValue } from '../config/profileModel';
import type { Profile } from '../config/types';
import { KEYS_SESSION_SECONDS } from '../assume/hopSettings';
import { credentialsKindOf, keysProfileNameOf, type RoleSession } from '../vocabulary/sessionTypes';

/** What decides how a profile of long-term keys is handed out. */
export interface KeysSessionSettings {
  /** `awsRoles.allowLongTermKeys`: the profiles whose long-term keys are handed out as they are. */
  readonly longTermKeysAllowed: (profileName: string) => boolean;
  /** `awsRoles.mfaSessionDuration`: how long a session behind MFA lasts. */
  readonly mfaSessionSeconds: number;
}

/**
 * What assuming a profile of long-term static keys gives, for the tree and the picker: "session
 * of alice's keys, 12 h", "session of alice's keys, MFA, 8 h", or "alice's long-term keys
 * (allowed)". Undefined for any other profile (a role, SSO, keys with a session token…).
 */
export function describeKeysSession(profile: Profile, settings: KeysSessionSettings): string | undefined {
  // The kind first: a tree row asks this of every profile, and `settings` makes a view of each.
  if (profile.kind !== 'staticKeys' || !holdsLongTermKeys(profile.kind, profile.settings)) return undefined;
  if (settings.longTermKeysAllowed(profile.name)) return `${profile.name}'s long-term keys (allowed)`;
  if (settingValue(profile, 'mfa_serial')) return `session of ${profile.name}'s keys, MFA, ${formatRemaining(settings.mfaSessionSeconds * 1000)}`;
  return `session of ${profile.name}'s keys, ${formatRemaining(KEYS_SESSION_SECONDS * 1000)}`;
}

/** Who an ARN names, in words: `role Prod in account 444444444444`. */
export function describePrincipal(arn: string | undefined): string | undefined {
  const match = /^arn:[\w-]+:(?:sts|iam)::(\d{12}):(.+)$/.exec(arn ?? '');
  if (!match) return undefined;
  const [, account, resource] = match;
  const [type, name] = resource.split('/');
  const what = type === 'assumed-role' ? `role ${name}` : type === 'user' ? `user ${resource.slice('user/'.length).split('/').pop()}` : resource === 'root' ? 'the root user' : resource;
  return `${what} in account ${account}`;
}

/**
 * `59 min`, `2 h`, `7 h 59 min`; `0 min` at worst. Rounded to the nearest minute: a one-hour
 * session obtained a moment after STS stamped it still reads `1 h`, not `59 min`.
 */
export function formatRemaining(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * The notification after an assume, leading with what a person checks: profile, role,
 * account and when it ends. The full ARN is in the log (and behind "Copy ARN").
 * `formatTime` is the UI's clock format (`16:42`); `now` the clock's milliseconds.
 */
export function describeAssumed(session: RoleSession, now: number, formatTime: (date: Date) => string): string {
  const who = describePrincipal(session.assumedRoleArn ?? session.identity?.arn);
  const expiration = session.credentials.expiration;
  const until = expiration ? ` until ${formatTime(expiration)} (${formatRemaining(expiration.getTime() - now)})` : '';
  const kind = credentialsKindOf(session);
  const keysOf = keysProfileNameOf(session);
  if (kind === 'keys-session') return `Assumed ${session.profileName}: a session of ${keysOf}'s keys${who ? `, ${who}` : ''},${until}.`;
  if (kind === 'long-term-keys') return `Assumed ${session.profileName}: ${keysOf}'s long-term keys${who ? `, ${who}` : ''}. They never end.`;
  return `Assumed ${session.profileName}${who ? `: ${who}` : ''}${until}.`;
}

/**
 * What a window says when another window's Sign Out ended the MFA session its session rode:
 * what happened, what still works and until when, and what the next renewal needs.
 */
export function describeMfaSessionEndedElsewhere(session: RoleSession, now: number, formatTime: (date: Date) => string): string {
  const expiration = session.credentials.expiration;
  const left = expiration ? expiration.getTime() - now : undefined;
  const keeps =
    left === undefined ? `This window keeps ${session.profileName}` : left > 0 ? `This window keeps ${session.profileName} until ${formatTime(expiration!)} (${formatRemaining(left)})` : `This window's ${session.profileName} session has ended`;
  return `Signed out in another window: the MFA sessions are ended in every window. ${keeps}; renewing it needs a new MFA code.`;
}
