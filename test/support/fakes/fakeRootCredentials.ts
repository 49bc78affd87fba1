/** Root credentials (SSO, credential_process, credential_source…) from a script. */

import type { AwsCredentials, RootCredentialsPort } from '../../../src/core/vocabulary/ports';

type RootRequest = Parameters<RootCredentialsPort['resolve']>[0];

export class FakeRootCredentials implements RootCredentialsPort {
  readonly requests: RootRequest[] = [];
  private readonly results = new Map<string, AwsCredentials | Error>();

  /** What resolving the root of `profileName` yields (or fails with). */
  set(profileName: string, result: AwsCredentials | Error): this {
    this.results.set(profileName, result);
    return this;
  }

  async resolve(request: RootRequest): Promise<AwsCredentials> {
    this.requests.push(request);
    await new Promise((resolve) => setImmediate(resolve));
    const result = this.results.get(request.profileName);
    if (result === undefined) throw new Error(`FakeRootCredentials: nothing scripted for ${request.profileName}`);
    if (result instanceof Error) throw result;
    return result;
  }
}
