/**
 * The mistakes one profile's own settings can hold, each attached to the line it is on.
 * Problems that need the whole chain (cycles, chained durations) are found in `roleChains.ts`.
 */

import { isRoleArn, isValidMfaSerial } from './arn';
import { bit, hasKey, KEY, type KnownSettings } from './knownKeys';
import { CREDENTIAL_SOURCES } from './profileKinds';
import type { ConfigProblem, ConfigSection, ProblemCode, ProfileKind, SourceLocation } from './types';

/** STS's bounds for AssumeRole's DurationSeconds: 15 minutes to a role's 12-hour maximum. */
export const MIN_ROLE_DURATION_SECONDS = 900;
export const MAX_ROLE_DURATION_SECONDS = 43_200;
/** STS's cap for a role assumed with temporary credentials (role chaining). */
export const CHAINED_ROLE_MAX_DURATION_SECONDS = 3_600;

/** A setting's place without its value: problems travel to the UI and must never carry a secret. */
export function locationOf(setting: { file: string; line: number } | undefined): SourceLocation | undefined {
  return setting && { file: setting.file, line: setting.line };
}

const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** What validation needs to know beyond the profile itself. */
export interface ProfileContext {
  readonly ssoSessions: ReadonlyMap<string, ConfigSection>;
}

/** A profile as the checks read it. */
export interface CheckedProfile extends KnownSettings {
  readonly name: string;
  readonly kind: ProfileKind;
  /** The first header's place, for problems that belong to no one setting. */
  readonly header: SourceLocation | undefined;
  /** The profile its `source_profile` names; undefined when there is no such profile. */
  readonly source: object | undefined;
}

/** Checks one profile's settings; returns its problems, empty when all is well. */
export function findProfileProblems(profile: CheckedProfile, context: ProfileContext): ConfigProblem[] {
  // Straight-line checks without closures: this runs for every profile on every load, so
  // it reads values by key number and builds a setting (with its place) only for a problem.
  const problems: ConfigProblem[] = [];
  const { name, mask } = profile;
  const roleArn = profile.valueOf(KEY.role_arn);
  const sourceProfile = profile.valueOf(KEY.source_profile);
  const credentialSource = profile.valueOf(KEY.credential_source);
  if (roleArn !== undefined) {
    if (!isRoleArn(roleArn)) {
      problems.push(problemAt('role-arn-malformed', profile, KEY.role_arn, `role_arn "${roleArn}" is not an IAM role ARN; expected arn:aws:iam::123456789012:role/NAME.`));
    }
    if (sourceProfile !== undefined && credentialSource !== undefined) {
      problems.push(problemAt('source-both', profile, KEY.credential_source, `Profile "${name}" sets both source_profile and credential_source; the AWS SDK needs exactly one. Remove one of them.`));
    } else if (sourceProfile === undefined && credentialSource === undefined && !hasKey(mask, KEY.web_identity_token_file)) {
      problems.push(problemAt('source-neither', profile, KEY.role_arn, `Profile "${name}" has a role_arn but no source_profile or credential_source, so nothing can assume the role. Add source_profile = PROFILE.`));
    }
  }
  if (sourceProfile !== undefined && profile.source === undefined) {
    problems.push(problemAt('source-profile-missing', profile, KEY.source_profile, `The source_profile "${sourceProfile}" referenced in the profile "${name}" does not exist. Add a [profile ${sourceProfile}] section or fix the name.`));
  }
  if (credentialSource !== undefined && !(CREDENTIAL_SOURCES as readonly string[]).includes(credentialSource)) {
    problems.push(problemAt('credential-source-unknown', profile, KEY.credential_source, `credential_source "${credentialSource}" is not supported; use ${CREDENTIAL_SOURCES.join(', ')}.`));
  }

  const mfaSerial = profile.valueOf(KEY.mfa_serial);
  if (mfaSerial !== undefined && !isValidMfaSerial(mfaSerial)) {
    problems.push(problemAt('mfa-serial-malformed', profile, KEY.mfa_serial, `mfa_serial "${mfaSerial}" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a hardware token serial number.`));
  }

  const seconds = profile.valueOf(KEY.duration_seconds);
  if (seconds !== undefined) {
    if (!WHOLE_NUMBER.test(seconds)) {
      problems.push(problemAt('duration-not-a-number', profile, KEY.duration_seconds, `duration_seconds "${seconds}" is not a whole number of seconds.`));
    } else if (Number(seconds) < MIN_ROLE_DURATION_SECONDS || Number(seconds) > MAX_ROLE_DURATION_SECONDS) {
      problems.push(problemAt('duration-out-of-range', profile, KEY.duration_seconds, `duration_seconds ${seconds} is outside STS's range of ${MIN_ROLE_DURATION_SECONDS} to ${MAX_ROLE_DURATION_SECONDS} seconds.`));
    }
  }

  const sessionName = profile.valueOf(KEY.role_session_name);
  if (sessionName !== undefined && !ROLE_SESSION_NAME.test(sessionName)) {
    problems.push(problemAt('role-session-name-malformed', profile, KEY.role_session_name, `role_session_name "${sessionName}" must be 2 to 64 letters, digits or +=,.@_- characters.`));
  }

  const hasKeyId = hasKey(mask, KEY.aws_access_key_id);
  if (hasKeyId !== hasKey(mask, KEY.aws_secret_access_key)) {
    const missing = hasKeyId ? 'aws_secret_access_key' : 'aws_access_key_id';
    problems.push(problemAt('static-keys-incomplete', profile, hasKeyId ? KEY.aws_access_key_id : KEY.aws_secret_access_key, `Profile "${name}" has half a key pair: ${missing} is missing.`));
  }

  findSsoProblems(profile, context, problems);

  // A `[default]` that holds only settings (region, output) is a common, deliberate set-up: the
  // settings clients use when no profile is named, with the keys under a named profile (which
  // endpoint mode needs, since keys in `[default]` win over the credential endpoint). Not a mistake.
  if (profile.kind === 'none' && problems.length === 0 && name !== 'default') {
    const hint = hasKey(mask, KEY.web_identity_token_file)
      ? 'web_identity_token_file needs a role_arn'
      : 'it has no role_arn, keys, SSO, credential_process or web identity settings';
    problems.push({
      code: 'no-credentials',
      severity: 'warning',
      message: `Profile "${name}" yields no credentials: ${hint}.`,
      location: profile.header,
    });
  }
  if (JS_OBJECT_NAMES.has(name)) {
    problems.push({
      code: 'name-unusable-in-js-sdk',
      severity: 'warning',
      message: `The AWS SDK for JavaScript cannot use a profile named "${name}": the name is a built-in property of JavaScript objects, and the SDK keeps profiles in a plain object. The AWS CLI and boto3 read it; rename the profile to use it from JavaScript tools, and for SSO, web identity or console sign-in here.`,
      location: profile.header,
    });
  }
  return problems;
}

/**
 * The properties every plain JavaScript object has (`Object.prototype`'s own names). The SDK's
 * `parseKnownFiles` keeps profiles in a plain object, so a profile with one of these names is
 * lost there (measured with `@smithy/shared-ini-file-loader` 4.7: each of them is missing from
 * its result, and writing their values even sets properties on `Object` and its methods). The
 * AWS CLI and boto3 read them; our model keeps them too and says the SDK cannot.
 */
export const JS_OBJECT_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const WHOLE_NUMBER = /^\d+$/;
const LEGACY_SSO_KEYS = ['sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region'] as const;
const LEGACY_SSO_MASK = LEGACY_SSO_KEYS.reduce((mask, key) => mask | bit(KEY[key]), 0);

/** An error at a known setting's line, or at the profile's header when the setting is not there. */
function problemAt(code: ProblemCode, profile: CheckedProfile, key: number, message: string): ConfigProblem {
  return { code, severity: 'error', message, location: locationOf(profile.settingOf(key)) ?? profile.header };
}

function findSsoProblems(profile: CheckedProfile, context: ProfileContext, problems: ConfigProblem[]): void {
  const { name, mask } = profile;
  const sessionName = profile.valueOf(KEY.sso_session);
  if (sessionName !== undefined) {
    const session = context.ssoSessions.get(sessionName);
    if (!session) {
      problems.push(problemAt('sso-session-missing', profile, KEY.sso_session, `Profile "${name}" uses sso_session "${sessionName}", but there is no [sso-session ${sessionName}] section.`));
    } else if (!session.values.has('sso_start_url') || !session.values.has('sso_region')) {
      const missing = ['sso_start_url', 'sso_region'].filter((key) => !session.values.has(key));
      problems.push(problemAt('sso-settings-incomplete', profile, KEY.sso_session, `The [sso-session ${sessionName}] section lacks ${missing.join(' and ')}.`));
    }
    if (!hasKey(mask, KEY.sso_account_id) || !hasKey(mask, KEY.sso_role_name)) {
      const missingInProfile = (['sso_account_id', 'sso_role_name'] as const).filter((key) => !hasKey(mask, KEY[key]));
      problems.push(problemAt('sso-settings-incomplete', profile, KEY.sso_session, `Profile "${name}" lacks ${missingInProfile.join(' and ')}, which SSO needs to pick an account and role.`));
    }
    return;
  }
  const legacy = mask & LEGACY_SSO_MASK;
  if (legacy !== 0 && legacy !== LEGACY_SSO_MASK) {
    const present = LEGACY_SSO_KEYS.filter((key) => hasKey(mask, KEY[key]));
    const missing = LEGACY_SSO_KEYS.filter((key) => !hasKey(mask, KEY[key]));
    problems.push(problemAt('sso-settings-incomplete', profile, KEY[present[0]], `Profile "${name}" has ${present.join(', ')} but lacks ${missing.join(', ')}; legacy SSO needs all four (or use sso_session).`));
  }
}
