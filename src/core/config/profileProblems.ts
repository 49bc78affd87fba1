/**
 * The mistakes one profile's own settings can hold, each attached to the line it is on.
 * Problems that need the whole chain (cycles, chained durations) are found in `roleChains.ts`.
 */

import { isRoleArn, isValidMfaSerial } from './arn';
import { CREDENTIAL_SOURCES, toProfileKind, type ProfileSettings } from './profileKinds';
import type { ConfigProblem, ConfigSection, ProblemCode, ProfileKind, Setting, SourceLocation } from './types';

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
  hasProfile(name: string): boolean;
  readonly ssoSessions: ReadonlyMap<string, ConfigSection>;
}

/** Checks one profile's settings; returns its problems, empty when all is well. */
export function findProfileProblems(
  name: string,
  settings: ProfileSettings,
  header: SourceLocation | undefined,
  context: ProfileContext,
  kind: ProfileKind = toProfileKind(settings, false),
): ConfigProblem[] {
  // Straight-line checks without closures: this runs for every profile on every load.
  const problems: ConfigProblem[] = [];
  const roleArn = settings.get('role_arn');
  const sourceProfile = settings.get('source_profile');
  const credentialSource = settings.get('credential_source');
  if (roleArn !== undefined) {
    if (!isRoleArn(roleArn.value)) {
      problems.push(problemAt('role-arn-malformed', roleArn, header, `role_arn "${roleArn.value}" is not an IAM role ARN; expected arn:aws:iam::123456789012:role/NAME.`));
    }
    if (sourceProfile !== undefined && credentialSource !== undefined) {
      problems.push(problemAt('source-both', credentialSource, header, `Profile "${name}" sets both source_profile and credential_source; the AWS SDK needs exactly one. Remove one of them.`));
    } else if (sourceProfile === undefined && credentialSource === undefined && !settings.has('web_identity_token_file')) {
      problems.push(problemAt('source-neither', roleArn, header, `Profile "${name}" has a role_arn but no source_profile or credential_source, so nothing can assume the role. Add source_profile = PROFILE.`));
    }
  }
  if (sourceProfile !== undefined && !context.hasProfile(sourceProfile.value)) {
    const source = sourceProfile.value;
    problems.push(problemAt('source-profile-missing', sourceProfile, header, `The source_profile "${source}" referenced in the profile "${name}" does not exist. Add a [profile ${source}] section or fix the name.`));
  }
  if (credentialSource !== undefined && !(CREDENTIAL_SOURCES as readonly string[]).includes(credentialSource.value)) {
    problems.push(problemAt('credential-source-unknown', credentialSource, header, `credential_source "${credentialSource.value}" is not supported; use ${CREDENTIAL_SOURCES.join(', ')}.`));
  }

  const mfaSerial = settings.get('mfa_serial');
  if (mfaSerial !== undefined && !isValidMfaSerial(mfaSerial.value)) {
    problems.push(problemAt('mfa-serial-malformed', mfaSerial, header, `mfa_serial "${mfaSerial.value}" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a hardware token serial number.`));
  }

  const duration = settings.get('duration_seconds');
  if (duration !== undefined) {
    const seconds = duration.value;
    if (!WHOLE_NUMBER.test(seconds)) {
      problems.push(problemAt('duration-not-a-number', duration, header, `duration_seconds "${seconds}" is not a whole number of seconds.`));
    } else if (Number(seconds) < MIN_ROLE_DURATION_SECONDS || Number(seconds) > MAX_ROLE_DURATION_SECONDS) {
      problems.push(problemAt('duration-out-of-range', duration, header, `duration_seconds ${seconds} is outside STS's range of ${MIN_ROLE_DURATION_SECONDS} to ${MAX_ROLE_DURATION_SECONDS} seconds.`));
    }
  }

  const sessionName = settings.get('role_session_name');
  if (sessionName !== undefined && !ROLE_SESSION_NAME.test(sessionName.value)) {
    problems.push(problemAt('role-session-name-malformed', sessionName, header, `role_session_name "${sessionName.value}" must be 2 to 64 letters, digits or +=,.@_- characters.`));
  }

  const keyId = settings.get('aws_access_key_id');
  const secretKey = settings.get('aws_secret_access_key');
  if ((keyId === undefined) !== (secretKey === undefined)) {
    const missing = keyId !== undefined ? 'aws_secret_access_key' : 'aws_access_key_id';
    problems.push(problemAt('static-keys-incomplete', keyId ?? secretKey, header, `Profile "${name}" has half a key pair: ${missing} is missing.`));
  }

  findSsoProblems(name, settings, header, context, problems);

  if (kind === 'none' && problems.length === 0) {
    const hint = settings.has('web_identity_token_file')
      ? 'web_identity_token_file needs a role_arn'
      : 'it has no role_arn, keys, SSO, credential_process or web identity settings';
    problems.push({
      code: 'no-credentials',
      severity: 'warning',
      message: `Profile "${name}" yields no credentials: ${hint}.`,
      location: header,
    });
  }
  return problems;
}

const WHOLE_NUMBER = /^\d+$/;
const LEGACY_SSO_KEYS = ['sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region'] as const;

/** An error at a setting's line, or at the header when the setting is not there. */
function problemAt(code: ProblemCode, setting: Setting | undefined, header: SourceLocation | undefined, message: string): ConfigProblem {
  return { code, severity: 'error', message, location: locationOf(setting) ?? header };
}

function findSsoProblems(
  name: string,
  settings: ProfileSettings,
  header: SourceLocation | undefined,
  context: ProfileContext,
  problems: ConfigProblem[],
): void {
  const sessionSetting = settings.get('sso_session');
  if (sessionSetting !== undefined) {
    const sessionName = sessionSetting.value;
    const session = context.ssoSessions.get(sessionName);
    if (!session) {
      problems.push(problemAt('sso-session-missing', sessionSetting, header, `Profile "${name}" uses sso_session "${sessionName}", but there is no [sso-session ${sessionName}] section.`));
    } else if (!session.values.has('sso_start_url') || !session.values.has('sso_region')) {
      const missing = ['sso_start_url', 'sso_region'].filter((key) => !session.values.has(key));
      problems.push(problemAt('sso-settings-incomplete', sessionSetting, header, `The [sso-session ${sessionName}] section lacks ${missing.join(' and ')}.`));
    }
    if (!settings.has('sso_account_id') || !settings.has('sso_role_name')) {
      const missingInProfile = ['sso_account_id', 'sso_role_name'].filter((key) => !settings.has(key));
      problems.push(problemAt('sso-settings-incomplete', sessionSetting, header, `Profile "${name}" lacks ${missingInProfile.join(' and ')}, which SSO needs to pick an account and role.`));
    }
    return;
  }
  let count = 0;
  for (const key of LEGACY_SSO_KEYS) if (settings.has(key)) count++;
  if (count > 0 && count < LEGACY_SSO_KEYS.length) {
    const present = LEGACY_SSO_KEYS.filter((key) => settings.has(key));
    const missing = LEGACY_SSO_KEYS.filter((key) => !settings.has(key));
    problems.push(problemAt('sso-settings-incomplete', settings.get(present[0]), header, `Profile "${name}" has ${present.join(', ')} but lacks ${missing.join(', ')}; legacy SSO needs all four (or use sso_session).`));
  }
}
