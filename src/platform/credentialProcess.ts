/**
 * A profile's `credential_process`, run by the extension itself rather than the SDK's
 * `fromProcess`: the SDK's error quotes the whole command line and its stderr ("Command
 * failed: … --password=…"), and drops the exit status. The output is read by the SDK's rules
 * (`@aws-sdk/credential-provider-process`): JSON with `Version` 1, `AccessKeyId` and
 * `SecretAccessKey`, optional `SessionToken` and `Expiration`, which must not be past.
 */

import { ChildProcessFailure, programOf } from '../core/assume/processFailure';
import type { AwsCredentials } from '../core/vocabulary/ports';
import { runShellCommand } from './shellCommand';

/** A helper may wait for a person (a browser sign-in, a touch of a key); the SDK sets no limit. */
const TIMEOUT_MS = 5 * 60_000;
/** The SDK's exec default. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface CredentialProcessOptions {
  readonly timeoutMs?: number;
  /** Now, for the expiry check. */
  readonly now?: () => number;
}

export async function runCredentialProcess(command: string, options: CredentialProcessOptions = {}): Promise<AwsCredentials> {
  const stdout = await runShellCommand(command, { timeoutMs: options.timeoutMs ?? TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
  const badOutput = (what: string) => new ChildProcessFailure({ program: programOf(command), exitCode: 0, badOutput: what });
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(stdout.trim());
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    data = parsed as Record<string, unknown>;
  } catch {
    throw badOutput('printed something that is not a JSON object');
  }
  if (data.Version !== 1) throw badOutput('printed JSON without "Version": 1');
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = data;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string' || !AccessKeyId || !SecretAccessKey) {
    throw badOutput('printed JSON without AccessKeyId and SecretAccessKey');
  }
  let expiration: Date | undefined;
  if (Expiration !== undefined && Expiration !== null && Expiration !== '') {
    expiration = new Date(String(Expiration));
    if (Number.isNaN(expiration.getTime())) throw badOutput('printed an Expiration that is not a date');
    if (expiration.getTime() < (options.now ?? Date.now)()) throw badOutput(`printed credentials that expired at ${expiration.toISOString()}`);
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof SessionToken === 'string' && SessionToken ? { sessionToken: SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}
