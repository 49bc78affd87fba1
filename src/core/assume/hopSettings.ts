/** What one hop of a role chain sends to STS, read from its profile with the engine's defaults. */

import type { Profile } from '../config/types';
import type { Environment } from './stsEndpoint';

/** AssumeRole's default DurationSeconds. */
export const DEFAULT_ROLE_DURATION_SECONDS = 3_600;
/** GetSessionToken's bounds; the engine's MFA sessions last 8 hours unless the setting says otherwise. */
export const MIN_MFA_SESSION_SECONDS = 900;
export const MAX_MFA_SESSION_SECONDS = 129_600;
/** Eight hours: a working day behind one MFA code, as aws-vault defaults to (package.json's default for the setting). */
export const DEFAULT_MFA_SESSION_SECONDS = 28_800;
/**
 * How long a session of a profile's long-term keys lasts when no MFA device is involved: STS's own
 * default for GetSessionToken (an account's root user gets at most one hour, which STS enforces).
 * Behind MFA the session is the MFA session, whose length is `awsRoles.mfaSessionDuration`.
 */
export const KEYS_SESSION_SECONDS = 43_200;
/** The region STS calls use when neither the profiles nor the environment name one. */
export const FALLBACK_REGION = 'us-east-1';
/** When a user name leaves nothing STS accepts. */
export const FALLBACK_ROLE_SESSION_NAME = 'aws-role-sessions';

const SESSION_NAME_SUFFIX = '-vscode';
const ROLE_SESSION_NAME_MAX = 64;

/**
 * `${userName}-vscode`, so CloudTrail shows who assumed the role and from where. Characters
 * outside STS's `[\w+=,.@-]` become one dash per run; the user part is shortened so the whole
 * stays within 64 characters.
 */
export function defaultRoleSessionName(userName: string): string {
  const user = userName
    .trim()
    .replace(/[^\w+=,.@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ROLE_SESSION_NAME_MAX - SESSION_NAME_SUFFIX.length);
  return user ? `${user}${SESSION_NAME_SUFFIX}` : FALLBACK_ROLE_SESSION_NAME;
}

/** The hop profile's `role_session_name`, else the default for this user. */
export function roleSessionNameFor(profile: Profile | undefined, userName: string): string {
  return profile?.settings.get('role_session_name')?.value || defaultRoleSessionName(userName);
}

/**
 * The hop's `duration_seconds`, else 3600. Malformed values are refused as config problems
 * before any assume; the default here only keeps the arithmetic total.
 */
export function requestedDurationSeconds(profile: Profile | undefined): number {
  const value = profile?.settings.get('duration_seconds')?.value;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : DEFAULT_ROLE_DURATION_SECONDS;
}

/** The first `region` among `profiles`, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
export function resolveRegion(profiles: readonly (Profile | undefined)[], env: Environment): string {
  for (const profile of profiles) {
    const region = profile?.settings.get('region')?.value;
    if (region) return region;
  }
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || FALLBACK_REGION;
}

/** The MFA-session setting, made a whole number within GetSessionToken's range. */
export function clampMfaSessionSeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) return DEFAULT_MFA_SESSION_SECONDS;
  return Math.min(MAX_MFA_SESSION_SECONDS, Math.max(MIN_MFA_SESSION_SECONDS, Math.floor(seconds)));
}
