/**
 * How a profile yields credentials, decided in the same order as the AWS SDK for JavaScript v3
 * (`resolveProfileData` in `@aws-sdk/credential-provider-ini`): the profile a user picks
 * prefers `role_arn` over static keys, while a profile reached through `source_profile`
 * prefers its static keys (the AWS CLI's behaviour, which the SDK copies).
 *
 * Only which settings are present matters, so the rules read a profile's known-key mask
 * (`knownKeys.ts`): one bit per setting.
 */

import { bit, KEY } from './knownKeys';
import type { ProfileKind } from './types';

/** The values `credential_source` may take. */
export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;

const ROLE_ARN = bit(KEY.role_arn);
const SOURCE_PROFILE = bit(KEY.source_profile);
const CREDENTIAL_SOURCE = bit(KEY.credential_source);
const STATIC_KEYS = bit(KEY.aws_access_key_id) | bit(KEY.aws_secret_access_key);
const WEB_IDENTITY = bit(KEY.web_identity_token_file) | ROLE_ARN;
const PROCESS = bit(KEY.credential_process);
/** Any SSO key makes the SDK try SSO, the new `sso_session` form or the legacy keys. */
const ANY_SSO =
  bit(KEY.sso_start_url) | bit(KEY.sso_account_id) | bit(KEY.sso_session) | bit(KEY.sso_region) | bit(KEY.sso_role_name);
/** A console-login session (`aws login`). */
const LOGIN = bit(KEY.login_session);

/** `role_arn` with exactly one of `source_profile` or `credential_source`. */
export function isRoleProfile(mask: number): boolean {
  return (mask & ROLE_ARN) !== 0 && ((mask & SOURCE_PROFILE) !== 0) !== ((mask & CREDENTIAL_SOURCE) !== 0);
}

/** Both halves of a static key pair. */
export function isStaticKeysProfile(mask: number): boolean {
  return (mask & STATIC_KEYS) === STATIC_KEYS;
}

/** A profile reached as a source that only names a `credential_source`: used as the root directly. */
export function isCredentialSourceWithoutRole(mask: number): boolean {
  return (mask & ROLE_ARN) === 0 && (mask & CREDENTIAL_SOURCE) !== 0;
}

/**
 * The kind of credentials a profile yields.
 * @param mask the profile's known-key mask
 * @param reachedAsSource true for a profile reached through another's `source_profile`
 */
export function toProfileKind(mask: number, reachedAsSource: boolean): ProfileKind {
  const picked = toPickedKind(mask);
  return reachedAsSource ? toSourceKind(mask, picked) : picked;
}

/**
 * The kind of a profile reached as a source, given its kind as picked (so callers that have
 * both need not decide twice): static keys and a bare `credential_source` come first.
 */
export function toSourceKind(mask: number, pickedKind: ProfileKind): ProfileKind {
  if (isStaticKeysProfile(mask)) return 'staticKeys';
  if (isCredentialSourceWithoutRole(mask)) return 'credentialSource';
  return pickedKind;
}

function toPickedKind(mask: number): ProfileKind {
  if (isRoleProfile(mask)) return 'role';
  if (isStaticKeysProfile(mask)) return 'staticKeys';
  if ((mask & WEB_IDENTITY) === WEB_IDENTITY) return 'webIdentity';
  if ((mask & PROCESS) !== 0) return 'process';
  if ((mask & ANY_SSO) !== 0) return 'sso';
  if ((mask & LOGIN) !== 0) return 'login';
  return 'none';
}
