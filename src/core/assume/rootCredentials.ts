/** The credentials a chain starts from: its root profile's static keys, or what the `roots` port resolves. */

import { PROFILE_KINDS } from '../config/profileKinds';
import type { ChainHop } from '../config/types';
import type { AwsCredentials, RootCredentialsPort } from '../vocabulary/ports';
import { shortKeyId } from '../vocabulary/redaction';
import { cannotAssume } from './hopPlan';
import type { RunContext } from './runContext';
import { toRootCredentialsError } from './stsErrors';

export interface RootCredentialsDeps {
  readonly roots: RootCredentialsPort;
  /** One line of the run's log. */
  readonly log: (message: string) => void;
}

/**
 * The chain's root credentials: static keys read from the profile, anything else (SSO, a
 * process, web identity, a credential source) through `roots`. A failure becomes a clear
 * `SessionError`, with `redact` stripped from any text it quotes.
 */
export async function resolveRootCredentials(
  run: Pick<RunContext, 'profileName' | 'model'>,
  root: ChainHop,
  { roots, log }: RootCredentialsDeps,
  redact: readonly (string | undefined)[],
): Promise<AwsCredentials> {
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
