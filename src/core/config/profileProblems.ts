/**
 * The mistakes one profile's own settings can hold, each attached to the line it is on.
 * Problems that need the whole chain (cycles, chained durations) are found in `roleChains.ts`.
 */

import { isValidMfaSerial, parseRoleArn } from './arn';
import { CREDENTIAL_SOURCES, toProfileKind, type ProfileSettings } from './profileKinds';
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
  const problems: ConfigProblem[] = [];
  const at = (key: string): SourceLocation | undefined => locationOf(settings.get(key)) ?? header;
  const add = (code: ProblemCode, key: string, message: string, severity: 'error' | 'warning' = 'error') =>
    problems.push({ code, severity, message, location: at(key) });
  const value = (key: string) => settings.get(key)?.value;

  const roleArn = value('role_arn');
  const sourceProfile = value('source_profile');
  const credentialSource = value('credential_source');
  if (roleArn !== undefined) {
    if (!parseRoleArn(roleArn)) {
      add('role-arn-malformed', 'role_arn', `role_arn "${roleArn}" is not an IAM role ARN; expected arn:aws:iam::123456789012:role/NAME.`);
    }
    if (sourceProfile !== undefined && credentialSource !== undefined) {
      add('source-both', 'credential_source', `Profile "${name}" sets both source_profile and credential_source; the AWS SDK needs exactly one. Remove one of them.`);
    } else if (sourceProfile === undefined && credentialSource === undefined && !settings.has('web_identity_token_file')) {
      add('source-neither', 'role_arn', `Profile "${name}" has a role_arn but no source_profile or credential_source, so nothing can assume the role. Add source_profile = PROFILE.`);
    }
  }
  if (sourceProfile !== undefined && !context.hasProfile(sourceProfile)) {
    add('source-profile-missing', 'source_profile', `The source_profile "${sourceProfile}" referenced in the profile "${name}" does not exist. Add a [profile ${sourceProfile}] section or fix the name.`);
  }
  if (credentialSource !== undefined && !(CREDENTIAL_SOURCES as readonly string[]).includes(credentialSource)) {
    add('credential-source-unknown', 'credential_source', `credential_source "${credentialSource}" is not supported; use ${CREDENTIAL_SOURCES.join(', ')}.`);
  }

  const mfaSerial = value('mfa_serial');
  if (mfaSerial !== undefined && !isValidMfaSerial(mfaSerial)) {
    add('mfa-serial-malformed', 'mfa_serial', `mfa_serial "${mfaSerial}" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a hardware token serial number.`);
  }

  const duration = value('duration_seconds');
  if (duration !== undefined) {
    if (!/^\d+$/.test(duration)) {
      add('duration-not-a-number', 'duration_seconds', `duration_seconds "${duration}" is not a whole number of seconds.`);
    } else if (Number(duration) < MIN_ROLE_DURATION_SECONDS || Number(duration) > MAX_ROLE_DURATION_SECONDS) {
      add('duration-out-of-range', 'duration_seconds', `duration_seconds ${duration} is outside STS's range of ${MIN_ROLE_DURATION_SECONDS} to ${MAX_ROLE_DURATION_SECONDS} seconds.`);
    }
  }

  const sessionName = value('role_session_name');
  if (sessionName !== undefined && !ROLE_SESSION_NAME.test(sessionName)) {
    add('role-session-name-malformed', 'role_session_name', `role_session_name "${sessionName}" must be 2 to 64 letters, digits or +=,.@_- characters.`);
  }

  const hasKeyId = settings.has('aws_access_key_id');
  if (hasKeyId !== settings.has('aws_secret_access_key')) {
    const missing = hasKeyId ? 'aws_secret_access_key' : 'aws_access_key_id';
    add('static-keys-incomplete', hasKeyId ? 'aws_access_key_id' : 'aws_secret_access_key', `Profile "${name}" has half a key pair: ${missing} is missing.`);
  }

  findSsoProblems(name, settings, context, add);

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

function findSsoProblems(
  name: string,
  settings: ProfileSettings,
  context: ProfileContext,
  add: (code: ProblemCode, key: string, message: string) => void,
): void {
  const sessionName = settings.get('sso_session')?.value;
  if (sessionName !== undefined) {
    const session = context.ssoSessions.get(sessionName);
    if (!session) {
      add('sso-session-missing', 'sso_session', `Profile "${name}" uses sso_session "${sessionName}", but there is no [sso-session ${sessionName}] section.`);
    } else {
      const missing = ['sso_start_url', 'sso_region'].filter((key) => !session.values.has(key));
      if (missing.length > 0) {
        add('sso-settings-incomplete', 'sso_session', `The [sso-session ${sessionName}] section lacks ${missing.join(' and ')}.`);
      }
    }
    const missingInProfile = ['sso_account_id', 'sso_role_name'].filter((key) => !settings.has(key));
    if (missingInProfile.length > 0) {
      add('sso-settings-incomplete', 'sso_session', `Profile "${name}" lacks ${missingInProfile.join(' and ')}, which SSO needs to pick an account and role.`);
    }
    return;
  }
  const legacyKeys = ['sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region'];
  const present = legacyKeys.filter((key) => settings.has(key));
  if (present.length > 0 && present.length < legacyKeys.length) {
    const missing = legacyKeys.filter((key) => !settings.has(key));
    add('sso-settings-incomplete', present[0], `Profile "${name}" has ${present.join(', ')} but lacks ${missing.join(', ')}; legacy SSO needs all four (or use sso_session).`);
  }
}
