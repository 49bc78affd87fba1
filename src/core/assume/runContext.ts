/** What one run of the engine is about, and what it did that outlives its failure. */

import type { Profile, ProfileModel } from '../config/types';
import type { AwsCredentials } from '../vocabulary/ports';
import type { RoleSession, SessionAccess } from '../vocabulary/sessionTypes';
import type { Environment, ResolvedStsEndpoint } from './stsEndpoint';

/** What one run is about, fixed when it starts. */
export interface RunContext {
  readonly profileName: string;
  readonly profile: Profile;
  readonly model: ProfileModel;
  readonly env: Environment;
  readonly endpoint?: ResolvedStsEndpoint;
  /** Aborts when every caller waiting for this run has cancelled. */
  readonly signal: AbortSignal;
  /** Whether a prompt may be shown (`AssumeOptions.interactive`). */
  readonly interactive: boolean;
  /** The session this run renews, if it renews one (`AssumeOptions.renewing`). */
  readonly renewing?: RoleSession;
  /** `read-only`: the last AssumeRole sends the read-only session policies (`AssumeOptions.access`). */
  readonly access: SessionAccess;
}

/**
 * What a run did that outlives its failure: the STS calls it made, and every secret it saw
 * (keys, tokens, codes), which are stripped from any quoted SDK or keychain text.
 */
export class RunRecord {
  private calls = 0;
  private readonly seen: (string | undefined)[] = [];

  get stsCalls(): number {
    return this.calls;
  }

  /** Read when an error is worded: everything seen up to then. */
  get secrets(): readonly (string | undefined)[] {
    return this.seen;
  }

  countCall(): void {
    this.calls += 1;
  }

  /** The secret parts of credentials that entered the run. */
  rememberCredentials(credentials: Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'>): void {
    this.seen.push(credentials.secretAccessKey, credentials.sessionToken);
  }

  rememberCode(code: string): void {
    this.seen.push(code);
  }
}
