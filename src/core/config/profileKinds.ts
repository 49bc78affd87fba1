/**
 * The kinds of profile, one record each: what makes a profile that kind, the words for it, what
 * to check when it fails, and whether its credentials are temporary. Everything that depends on
 * a profile's kind reads it here (the way `@aws-sdk/credential-provider-ini` keeps one small file
 * per kind), so a new kind is one new record.
 *
 * A profile's kind is decided in the same order as the AWS SDK for JavaScript v3
 * (`resolveProfileData`): the profile a user picks prefers `role_arn` over static keys, while a
 * profile reached through `source_profile` prefers its static keys (the AWS CLI's behaviour,
 * which the SDK copies). Only which settings are present matters, so the rules read a profile's
 * known-key mask (`knownKeys.ts`): one bit per setting.
 */

import { bit, hasKey, KEY, type KnownSettings } from './knownKeys';
import type { ProfileKind, Setting } from './types';

/** The values `credential_source` may take. */
export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;

/** What the extension knows about one kind of profile. */
export interface ProfileKindRecord {
  /** True when a profile whose known-key mask is `mask` can yield credentials this way. */
  matches(mask: number): boolean;
  /**
   * The keys that make a profile a hop of this kind, most telling first. A profile may be split
   * over both files (region in the config file, keys in the credentials file); a hop is shown
   * at the section holding these, the one a person wants to open.
   */
  readonly definingKeys: readonly number[];
  /** The kind in a few words, as a row or a tooltip describes a profile. */
  readonly label: string;
  /** Where a root of this kind gets its credentials, as a message names them ("the SSO credentials"). */
  credentialsName(credentialSource: string | undefined): string;
  /** What to check when a root of this kind fails to give credentials. */
  hint(rootProfileName: string, credentialSource: string | undefined): string;
  /** True when the credentials `profile` yields as a root are temporary, so a role assumed with them is chained. */
  temporary(profile: KnownSettings): boolean;
}

/** What each `credential_source` needs, and whether what it gives is temporary (an instance or task role's is). */
const CREDENTIAL_SOURCE_RECORDS: ReadonlyMap<string, { readonly hint: string; readonly temporary: boolean }> = new Map(
  Object.entries({
    Environment: { hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment VS Code was started from.', temporary: false },
    Ec2InstanceMetadata: { hint: 'This works only on an EC2 instance with an instance profile.', temporary: true },
    EcsContainer: { hint: 'This works only in a container with a task role.', temporary: true },
  } satisfies Record<(typeof CREDENTIAL_SOURCES)[number], unknown>),
);

const CHECK_SETTINGS = 'Check the profile\'s settings.';
const always = () => true;
const never = () => false;
const allOf = (...keys: number[]) => {
  const wanted = keys.reduce((mask, key) => mask | bit(key), 0);
  return (mask: number) => (mask & wanted) === wanted;
};
const anyOf = (...keys: number[]) => {
  const wanted = keys.reduce((mask, key) => mask | bit(key), 0);
  return (mask: number) => (mask & wanted) !== 0;
};

/** `role_arn` with exactly one of `source_profile` or `credential_source`. */
function isRoleProfile(mask: number): boolean {
  return hasKey(mask, KEY.role_arn) && hasKey(mask, KEY.source_profile) !== hasKey(mask, KEY.credential_source);
}

/** The credentials a profile's `credential_source` gives are temporary. */
function isTemporaryCredentialSource(profile: KnownSettings): boolean {
  return CREDENTIAL_SOURCE_RECORDS.get(profile.valueOf(KEY.credential_source) ?? '')?.temporary === true;
}

/** Every kind's record. */
export const PROFILE_KINDS: Readonly<Record<ProfileKind, ProfileKindRecord>> = {
  role: {
    matches: isRoleProfile,
    definingKeys: [KEY.role_arn],
    label: 'role',
    credentialsName: () => 'role',
    hint: () => CHECK_SETTINGS,
    temporary: always,
  },
  staticKeys: {
    matches: allOf(KEY.aws_access_key_id, KEY.aws_secret_access_key),
    definingKeys: [KEY.aws_access_key_id],
    label: 'static keys',
    credentialsName: () => 'static keys',
    hint: () => CHECK_SETTINGS,
    // Keys with a session token are temporary credentials someone wrote into the file.
    temporary: (profile) => hasKey(profile.mask, KEY.aws_session_token),
  },
  webIdentity: {
    matches: allOf(KEY.web_identity_token_file, KEY.role_arn),
    definingKeys: [KEY.web_identity_token_file],
    label: 'web identity',
    credentialsName: () => 'web identity',
    hint: (root) => `Check web_identity_token_file and role_arn in profile "${root}".`,
    temporary: always,
  },
  process: {
    matches: anyOf(KEY.credential_process),
    definingKeys: [KEY.credential_process],
    label: 'credential process',
    credentialsName: () => 'credential_process',
    hint: () => 'Run the credential_process command yourself to see why.',
    // The program may print long-term keys or temporary ones: nothing here says which.
    temporary: never,
  },
  sso: {
    // Any SSO key makes the SDK try SSO, the new `sso_session` form or the legacy keys.
    matches: anyOf(KEY.sso_session, KEY.sso_start_url, KEY.sso_account_id, KEY.sso_role_name, KEY.sso_region),
    definingKeys: [KEY.sso_session, KEY.sso_start_url, KEY.sso_account_id, KEY.sso_role_name, KEY.sso_region],
    label: 'SSO',
    credentialsName: () => 'SSO',
    hint: (root) => `Sign in with "AWS Roles: Sign In to IAM Identity Center…" and check the SSO settings of profile "${root}".`,
    temporary: always,
  },
  login: {
    // A console-login session (`aws login`).
    matches: anyOf(KEY.login_session),
    definingKeys: [KEY.login_session],
    label: 'console login',
    credentialsName: () => 'console sign-in',
    hint: (root) => `Sign in again with "aws login --profile ${root}".`,
    temporary: always,
  },
  credentialSource: {
    // Only as a source: a profile that names a `credential_source` and no role is used as the root directly.
    matches: (mask) => !hasKey(mask, KEY.role_arn) && hasKey(mask, KEY.credential_source),
    definingKeys: [KEY.credential_source],
    label: 'credential source',
    credentialsName: (credentialSource) => `credential_source ${credentialSource ?? ''}`.trim(),
    hint: (_root, credentialSource) => CREDENTIAL_SOURCE_RECORDS.get(credentialSource ?? '')?.hint ?? CHECK_SETTINGS,
    temporary: isTemporaryCredentialSource,
  },
  none: {
    matches: always,
    definingKeys: [],
    label: 'no credentials',
    credentialsName: () => 'none',
    hint: () => CHECK_SETTINGS,
    temporary: never,
  },
};

/** The kinds a picked profile may be, in the SDK's order of preference; `none` when no other matches. */
const PICKED_ORDER: readonly ProfileKind[] = ['role', 'staticKeys', 'webIdentity', 'process', 'sso', 'login'];
// Each kind with its rule, looked up once: the model decides the kind of every profile it loads.
const PICKED_RULES = PICKED_ORDER.map((kind) => [kind, PROFILE_KINDS[kind].matches] as const);

/** The record of `kind`; undefined for a string that names no kind. */
export function profileKindRecord(kind: string): ProfileKindRecord | undefined {
  return Object.hasOwn(PROFILE_KINDS, kind) ? PROFILE_KINDS[kind as ProfileKind] : undefined;
}

/**
 * Whether the credentials `profile` yields as a root of kind `kind` are temporary, so the role
 * assumed with them is chained (STS caps it at an hour): the one rule for it. A role over a
 * `credential_source` has that source as its root (`kind` `credentialSource`).
 */
export function isTemporaryRoot(kind: ProfileKind, profile: KnownSettings): boolean {
  return PROFILE_KINDS[kind].temporary(profile);
}

/**
 * True when a root of kind `kind` with these settings holds long-term keys: static keys that are
 * not temporary (the static-keys record's rule, read from a profile's settings). Only these can
 * make an MFA session, and they are never handed out as they are unless the person allows it.
 */
export function holdsLongTermKeys(kind: ProfileKind, settings: ReadonlyMap<string, Setting> | undefined): boolean {
  return kind === 'staticKeys' && !settings?.get('aws_session_token')?.value;
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
  if (PROFILE_KINDS.staticKeys.matches(mask)) return 'staticKeys';
  if (PROFILE_KINDS.credentialSource.matches(mask)) return 'credentialSource';
  return pickedKind;
}

function toPickedKind(mask: number): ProfileKind {
  for (const [kind, matches] of PICKED_RULES) if (matches(mask)) return kind;
  return 'none';
}
