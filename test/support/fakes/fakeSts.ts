/**
 * An STS that records every request and checks what real STS checks for the engine's
 * features: known and unexpired credentials, duration bounds, the one-hour cap on chained
 * roles, MFA codes, roles whose trust needs MFA, and GetSessionToken only from long-term keys.
 * Failures are SDK-shaped (`name`, `message`, `$metadata.httpStatusCode`) and can be scripted.
 */

import type {
  AssumeRoleRequest,
  AwsCredentials,
  CallerIdentity,
  Clock,
  GetSessionTokenRequest,
  StsPort,
  StsTarget,
} from '../../../src/core/vocabulary/ports';
import { Gate } from './gate';

export type FakeStsAction = 'AssumeRole' | 'GetSessionToken' | 'GetCallerIdentity';

export type FakeStsCall =
  | { readonly action: 'AssumeRole'; readonly request: AssumeRoleRequest }
  | { readonly action: 'GetSessionToken'; readonly request: GetSessionTokenRequest }
  | { readonly action: 'GetCallerIdentity'; readonly request: StsTarget };

/** An error shaped as the AWS SDK v3 throws them. */
export function stsError(name: string, message: string, httpStatusCode = 400): Error & { $metadata: { httpStatusCode: number } } {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

interface Principal {
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly arn: string;
  readonly userId: string;
  readonly account: string;
  /** Absent for long-term keys. */
  readonly expiresAt?: number;
  readonly mfaAuthenticated: boolean;
}

const MFA_MESSAGE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

export class FakeSts implements StsPort {
  readonly calls: FakeStsCall[] = [];
  /** The code every MFA device shows now; STS refuses any other. */
  validCode = '123456';
  /**
   * Issue secrets and tokens that are plain words, as local STS emulators do, rather than
   * base64 runs: only redaction by the run's known secrets keeps them out of messages.
   */
  plainSecrets = false;
  private readonly principals = new Map<string, Principal>();
  private readonly rolesNeedingMfa = new Set<string>();
  private readonly scripted: { action: FakeStsAction; error: unknown }[] = [];
  private readonly held: { action: FakeStsAction; gate: Gate }[] = [];
  private issued = 0;
  /** Every credential issued (GetSessionToken and AssumeRole), for tests that search for leaks. */
  readonly issuedCredentials: (AwsCredentials & { readonly expiration: Date })[] = [];

  constructor(private readonly clock: Clock) {}

  /** Long-term keys of an IAM user. */
  addUser(credentials: AwsCredentials, arn: string): this {
    const account = arn.split(':')[4] ?? '';
    this.principals.set(credentials.accessKeyId, {
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      arn,
      userId: `AIDA${account}`,
      account,
      expiresAt: credentials.expiration?.getTime(),
      mfaAuthenticated: false,
    });
    return this;
  }

  /** The role's trust policy requires MFA (a code on the call, or an MFA session as caller). */
  requireMfa(roleArn: string): this {
    this.rolesNeedingMfa.add(roleArn);
    return this;
  }

  /** Makes issued or registered credentials unknown, as a revoked session or deleted key is. */
  revoke(accessKeyId: string): void {
    this.principals.delete(accessKeyId);
  }

  /** The next call of `action` fails with `error` (queued: several may be scripted). */
  failNext(action: FakeStsAction, error: unknown): this {
    this.scripted.push({ action, error });
    return this;
  }

  /** The next call of `action` gets no answer until the returned gate is opened (a slow network). */
  holdNext(action: FakeStsAction): Gate {
    const gate = new Gate();
    this.held.push({ action, gate });
    return gate;
  }

  count(action?: FakeStsAction): number {
    return action === undefined ? this.calls.length : this.calls.filter((call) => call.action === action).length;
  }

  /** AssumeRole requests, in order. */
  get assumeRoleRequests(): AssumeRoleRequest[] {
    return this.calls.flatMap((call) => (call.action === 'AssumeRole' ? [call.request] : []));
  }

  /** GetSessionToken requests, in order. */
  get getSessionTokenRequests(): GetSessionTokenRequest[] {
    return this.calls.flatMap((call) => (call.action === 'GetSessionToken' ? [call.request] : []));
  }

  async assumeRole(request: AssumeRoleRequest) {
    this.calls.push({ action: 'AssumeRole', request });
    const caller = await this.authenticate('AssumeRole', request);
    const chained = caller.sessionToken !== undefined;
    checkDuration(request.durationSeconds, 900, 43_200);
    if (chained && request.durationSeconds > 3600) {
      throw stsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    let withMfa = false;
    if (request.serialNumber !== undefined || request.tokenCode !== undefined) {
      this.checkCode(request.tokenCode);
      withMfa = true;
    }
    if (this.rolesNeedingMfa.has(request.roleArn) && !withMfa && !caller.mfaAuthenticated) {
      throw stsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`, 403);
    }
    const [, partition, , , account, resource] = request.roleArn.split(':');
    const roleName = resource.split('/').pop() ?? '';
    const assumedRoleArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${request.roleSessionName}`;
    const assumedRoleId = `AROA${account}ROLE:${request.roleSessionName}`;
    const credentials = this.issue(request.durationSeconds, assumedRoleArn, assumedRoleId, account, false);
    return { ...credentials, assumedRoleArn, assumedRoleId };
  }

  async getSessionToken(request: GetSessionTokenRequest) {
    this.calls.push({ action: 'GetSessionToken', request });
    const caller = await this.authenticate('GetSessionToken', request);
    if (caller.sessionToken !== undefined) throw stsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
    checkDuration(request.durationSeconds, 900, 129_600);
    // Without a device and code, STS issues a session that is not MFA-authenticated, as AWS does.
    const withMfa = request.serialNumber !== undefined || request.tokenCode !== undefined;
    if (withMfa) this.checkCode(request.tokenCode);
    return this.issue(request.durationSeconds, caller.arn, caller.userId, caller.account, withMfa);
  }

  async getCallerIdentity(target: StsTarget): Promise<CallerIdentity> {
    this.calls.push({ action: 'GetCallerIdentity', request: target });
    const caller = await this.authenticate('GetCallerIdentity', target);
    return { account: caller.account, arn: caller.arn, userId: caller.userId };
  }

  private async authenticate(action: FakeStsAction, target: StsTarget): Promise<Principal> {
    // Answer asynchronously, as a network call does, so concurrent callers interleave.
    await new Promise((resolve) => setImmediate(resolve));
    const heldIndex = this.held.findIndex((entry) => entry.action === action);
    if (heldIndex >= 0) await this.held.splice(heldIndex, 1)[0].gate.pass();
    const index = this.scripted.findIndex((entry) => entry.action === action);
    if (index >= 0) throw this.scripted.splice(index, 1)[0].error;
    const { credentials } = target;
    const principal = this.principals.get(credentials.accessKeyId);
    if (!principal || principal.secretAccessKey !== credentials.secretAccessKey || principal.sessionToken !== credentials.sessionToken) {
      throw stsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    if (principal.expiresAt !== undefined && principal.expiresAt <= this.clock.now()) {
      throw stsError('ExpiredToken', 'The security token included in the request is expired', 403);
    }
    return principal;
  }

  private checkCode(code: string | undefined): void {
    if (code !== this.validCode) throw stsError('AccessDenied', MFA_MESSAGE, 403);
  }

  private issue(durationSeconds: number, arn: string, userId: string, account: string, mfaAuthenticated: boolean): AwsCredentials & { expiration: Date } {
    this.issued += 1;
    const n = String(this.issued).padStart(4, '0');
    const credentials = {
      accessKeyId: `ASIAFAKEISSUED${n}XY`,
      secretAccessKey: this.plainSecrets ? `issued-secret-${n}` : `issuedSecret${n}/wJalrXUtnFEMIK7MDENGbPxRfiCY`,
      sessionToken: this.plainSecrets ? `issued-token-${n}` : `IQoJb3JpZ2luX2VjEIssuedToken${n}AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp`,
      expiration: new Date(this.clock.now() + durationSeconds * 1000),
    };
    this.issuedCredentials.push(credentials);
    this.principals.set(credentials.accessKeyId, {
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      arn,
      userId,
      account,
      expiresAt: credentials.expiration.getTime(),
      mfaAuthenticated,
    });
    return credentials;
  }
}

function checkDuration(seconds: number, min: number, max: number): void {
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw stsError('ValidationError', `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
}
