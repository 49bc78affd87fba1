/** The credentials a chain starts from: its root profile's static keys, or what the `roots` port resolves. */

import { PROFILE_KINDS } from '../config/profileKinds';
import type { ChainHop } from '../config/types';
import { IdentityCenterError } from '../identityCenter/identityCenterErrors';
import { identityCenterRoleOf, IdentityCenterSettingsError, type IdentityCenterRole } from '../identityCenter/identityCenterSessions';
import type { TokenRequest } from '../identityCenter/identityCenterSignIns';
import type { AwsCredentials, RootCredentialsPort } from '../vocabulary/ports';
import { assumeCancelled, SessionError, type SessionErrorKind } from '../vocabulary/sessionTypes';
import { shortKeyId } from '../vocabulary/redaction';
import { cannotAssume } from './hopPlan';
import type { RunContext } from './runContext';
import { toRootCredentialsError } from './stsErrors';

/** A role's credentials from IAM Identity Center's portal, signing in when needed (`IdentityCenterAccess`). */
export interface IdentityCenterRoots {
  roleCredentials(role: IdentityCenterRole, request: TokenRequest): Promise<AwsCredentials & { readonly expiration: Date }>;
}

export interface RootCredentialsDeps {
  readonly roots: RootCredentialsPort;
  /**
   * SSO roots through the extension's own sign-in. Absent: through `roots` (the SDK's `fromSSO`,
   * which needs a sign-in `aws sso login` left in the CLI's cache).
   */
  readonly identityCenter?: IdentityCenterRoots;
  /** One line of the run's log. */
  readonly log: (message: string) => void;
}

/**
 * The chain's root credentials: static keys read from the profile, anything else (SSO, a
 * process, web identity, a credential source) through `roots`. A failure becomes a clear
 * `SessionError`, with `redact` stripped from any text it quotes.
 */
export async function resolveRootCredentials(
  run: Pick<RunContext, 'profileName' | 'model' | 'env' | 'interactive' | 'signal'>,
  root: ChainHop,
  { roots, log, identityCenter }: RootCredentialsDeps,
  redact: readonly (string | undefined)[],
): Promise<AwsCredentials> {
  if (root.kind === 'sso' && identityCenter) return identityCenterRootCredentials(run, root, identityCenter, log);
  if (root.kind === 'staticKeys') {
    const settings = run.model.byName.get(root.profileName)?.settings;
    const accessKeyId = settings?.get('aws_access_key_id')?.value;
    const secretAccessKey = settings?.get('aws_secret_access_key')?.value;
    const sessionToken = settings?.get('aws_session_token')?.value || undefined;
    if (!accessKeyId || !secretAccessKey) {
      throw cannotAssume(run.profileName, `profile "${root.profileName}" lacks aws_access_key_id or aws_secret_access_key. Fix it in the AWS config file, then try again.`);
    }
    log(`root credentials: static keys ${shortKeyId(accessKeyId)} of profile "${root.profileName}" (${sessionToken ? 'temporary' : 'long-term'})`);
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  }
  const what = PROFILE_KINDS[root.kind].credentialsName(root.credentialSource);
  log(`root credentials: ${what} of profile "${root.profileName}"`);
  try {
    const credentials = await roots.resolve({
      profileName: root.profileName,
      kind: root.kind,
      credentialSource: root.credentialSource,
      // The command, so the adapter can run it and say how it ended without quoting it.
      ...(root.kind === 'process' ? { credentialProcess: run.model.byName.get(root.profileName)?.settings.get('credential_process')?.value } : {}),
    });
    log(`root credentials: got key ${shortKeyId(credentials.accessKeyId)}${credentials.expiration ? `, expires ${credentials.expiration.toISOString()}` : ''}`);
    return credentials;
  } catch (error) {
    throw toRootCredentialsError(error, {
      profileName: run.profileName,
      rootProfileName: root.profileName,
      kind: root.kind,
      credentialSource: root.credentialSource,
      redact,
    });
  }
}

/** An SSO root: the portal's credentials for the profile's account and role, signing in if the person may be asked. */
async function identityCenterRootCredentials(
  run: Pick<RunContext, 'profileName' | 'model' | 'env' | 'interactive' | 'signal'>,
  root: ChainHop,
  identityCenter: IdentityCenterRoots,
  log: (message: string) => void,
): Promise<AwsCredentials> {
  const profile = run.model.byName.get(root.profileName);
  const where = root.profileName === run.profileName ? `Profile "${run.profileName}"` : `Profile "${run.profileName}" (through profile "${root.profileName}")`;
  let role: IdentityCenterRole;
  try {
    if (!profile) throw new IdentityCenterSettingsError(`profile "${root.profileName}" is gone`);
    role = identityCenterRoleOf(profile, run.model, run.env);
  } catch (error) {
    if (!(error instanceof IdentityCenterSettingsError)) throw error;
    throw new SessionError('config', `${where}: ${error.message}. Fix it in the AWS config file, then try again.`, run.profileName, root.profileName);
  }
  log(`root credentials: IAM Identity Center role ${role.roleName} in account ${role.accountId} of profile "${root.profileName}"`);
  try {
    const credentials = await identityCenter.roleCredentials(role, { interactive: run.interactive, signal: run.signal });
    log(`root credentials: got key ${shortKeyId(credentials.accessKeyId)}, expires ${credentials.expiration.toISOString()}`);
    return credentials;
  } catch (error) {
    if (!(error instanceof IdentityCenterError)) throw error;
    if (error.kind === 'cancelled') throw assumeCancelled(run.profileName, root.profileName);
    throw new SessionError(IDENTITY_CENTER_FAILURE_KINDS[error.kind], `${where}: ${error.message}`, run.profileName, root.profileName, error.causeName);
  }
}

/** How each Identity Center failure counts for the session: a sign-in to offer, a retry, a refusal. */
const IDENTITY_CENTER_FAILURE_KINDS: Record<Exclude<IdentityCenterError['kind'], 'cancelled'>, SessionErrorKind> = {
  'sign-in-needed': 'sso-login-required',
  refused: 'sso-login-required',
  denied: 'sso-login-required',
  expired: 'sso-login-required',
  forbidden: 'access-denied',
  throttled: 'throttled',
  unreachable: 'unreachable',
  failed: 'root-credentials',
};
