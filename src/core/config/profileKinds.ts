/**
 * How a profile yields credentials, decided in the same order as the AWS SDK for JavaScript v3
 * (`resolveProfileData` in `@aws-sdk/credential-provider-ini`): the profile a user picks
 * prefers `role_arn` over static keys, while a profile reached through `source_profile`
 * prefers its static keys (the AWS CLI's behaviour, which the SDK copies).
 */

import type { ProfileKind, Setting } from './types';

/** Settings of one profile, by key. */
export type ProfileSettings = ReadonlyMap<string, Setting>;

/** The values `credential_source` may take. */
export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;

/** `role_arn` with exactly one of `source_profile` or `credential_source`. */
export function isRoleProfile(settings: ProfileSettings): boolean {
  return settings.has('role_arn') && settings.has('source_profile') !== settings.has('credential_source');
}

/** Both halves of a static key pair. */
export function isStaticKeysProfile(settings: ProfileSettings): boolean {
  return settings.has('aws_access_key_id') && settings.has('aws_secret_access_key');
}

export function isWebIdentityProfile(settings: ProfileSettings): boolean {
  return settings.has('web_identity_token_file') && settings.has('role_arn');
}

export function isProcessProfile(settings: ProfileSettings): boolean {
  return settings.has('credential_process');
}

/** Any SSO key makes the SDK try SSO, the new `sso_session` form or the legacy keys. */
export function isSsoProfile(settings: ProfileSettings): boolean {
  return (
    settings.has('sso_start_url') ||
    settings.has('sso_account_id') ||
    settings.has('sso_session') ||
    settings.has('sso_region') ||
    settings.has('sso_role_name')
  );
}

/** A console-login session (`aws login`). */
export function isLoginProfile(settings: ProfileSettings): boolean {
  return settings.has('login_session');
}

/** A profile reached as a source that only names a `credential_source`: used as the root directly. */
export function isCredentialSourceWithoutRole(settings: ProfileSettings): boolean {
  return !settings.has('role_arn') && settings.has('credential_source');
}

/**
 * The kind of credentials a profile yields.
 * @param reachedAsSource true for a profile reached through another's `source_profile`
 */
export function toProfileKind(settings: ProfileSettings, reachedAsSource: boolean): ProfileKind {
  const picked = toPickedKind(settings);
  return reachedAsSource ? toSourceKind(settings, picked) : picked;
}

/**
 * The kind of a profile reached as a source, given its kind as picked (so callers that have
 * both need not decide twice): static keys and a bare `credential_source` come first.
 */
export function toSourceKind(settings: ProfileSettings, pickedKind: ProfileKind): ProfileKind {
  if (isStaticKeysProfile(settings)) return 'staticKeys';
  if (isCredentialSourceWithoutRole(settings)) return 'credentialSource';
  return pickedKind;
}

function toPickedKind(settings: ProfileSettings): ProfileKind {
  if (isRoleProfile(settings)) return 'role';
  if (isStaticKeysProfile(settings)) return 'staticKeys';
  if (isWebIdentityProfile(settings)) return 'webIdentity';
  if (isProcessProfile(settings)) return 'process';
  if (isSsoProfile(settings)) return 'sso';
  if (isLoginProfile(settings)) return 'login';
  return 'none';
}
