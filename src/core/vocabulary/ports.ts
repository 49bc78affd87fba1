/**
 * The side effects the session engine needs, as small ports. `src/extension.ts` wires real
 * adapters (the AWS SDK, VS Code's input box and SecretStorage, child processes, the system
 * clock); unit tests wire the fakes in `test/support/fakes/`.
 */

/** A set of AWS credentials. Never logged, never persisted except through `SecretStore`. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When STS (or the provider) says they end; absent for long-term keys. */
  readonly expiration?: Date;
}

/** Where and how one STS call is sent. */
export interface StsTarget {
  /** The credentials that sign the call. */
  readonly credentials: AwsCredentials;
  readonly region: string;
  /** An explicit endpoint (`endpoint_url`, `AWS_ENDPOINT_URL_STS`…); the SDK's default when absent. */
  readonly endpoint?: string;
}

export interface AssumeRoleRequest extends StsTarget {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  /** Managed policies that narrow the session below the role (session policies, at most 10). */
  readonly policyArns?: readonly string[];
}

/** GetSessionToken: with an MFA device and code for an MFA session, without them for a plain session of the keys. */
export interface GetSessionTokenRequest extends StsTarget {
  readonly durationSeconds: number;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
}

/** The identity STS reports for a set of credentials. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/**
 * The three STS actions. Implementations reject with the SDK's error objects (their `name`,
 * `message`, `$metadata.httpStatusCode`) or Node network errors (`code` ECONNREFUSED…), which
 * `stsErrors.ts` turns into one clear message.
 */
export interface StsPort {
  /** `assumedRoleId` (`AROA…:session`) is optional: the engine uses it for the identity when given. */
  assumeRole(
    request: AssumeRoleRequest,
  ): Promise<AwsCredentials & { readonly expiration: Date; readonly assumedRoleArn: string; readonly assumedRoleId?: string }>;
  getSessionToken(request: GetSessionTokenRequest): Promise<AwsCredentials & { readonly expiration: Date }>;
  getCallerIdentity(target: StsTarget): Promise<CallerIdentity>;
}

/** What the MFA prompt tells the user (`mfaPromptText` words it). */
export interface MfaPromptRequest {
  /** The profile the user picked. */
  readonly profileName: string;
  /** The profile in its chain whose `mfa_serial` needs the code (the picked one, or a hop below it). */
  readonly hopProfileName: string;
  readonly mfaSerial: string;
  /** 1 for the first prompt, 2 and 3 after a wrong code. */
  readonly attempt: number;
  /** Why the previous code was refused, shown above the input. */
  readonly previousError?: string;
  /** Refuse these codes before any STS call (used within the last 30 s). */
  readonly recentlyUsedCodes: readonly string[];
}

/**
 * Asks a person for an MFA code. Resolves `undefined` when they cancel. When `signal` aborts
 * (the assume was cancelled or replaced) the prompt should close; the engine stops waiting
 * for it either way.
 */
export interface MfaPrompt {
  askForCode(request: MfaPromptRequest, signal?: AbortSignal): Promise<string | undefined>;
}

/**
 * Runs a profile's `mfa_process` command and resolves with what it printed. When `signal`
 * aborts, the command is killed and the promise rejects.
 */
export interface MfaProcessRunner {
  run(command: string, profileName: string, signal?: AbortSignal): Promise<string>;
}

/** Now, in milliseconds since the epoch; a fake clock drives time in tests. */
export interface Clock {
  now(): number;
}

/** A pending timer; disposing it before it fires cancels it. */
export interface ScheduledTimer {
  dispose(): void;
}

/**
 * Timers. Node's timers run on a monotonic clock that stops while a laptop sleeps, so nothing
 * may wait on one long timer for a deadline: schedule short ticks and compare `Clock.now()`
 * (the wall clock) with the deadline at each one. The fake clock fires these when advanced.
 */
export interface Scheduler {
  /** Calls `callback` once, about `delayMs` from now. */
  schedule(delayMs: number, callback: () => void): ScheduledTimer;
}

/** The wall clock and timers together, for the session's lifecycle. */
export interface TimeSource extends Clock, Scheduler {}

/**
 * Secret storage that survives a reload (VS Code's `context.secrets`). Thenables, not Promises,
 * so VS Code's `SecretStorage` fits as it is; the engine only awaits them.
 */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** How a chain's root credentials are obtained, for roots other than static keys. */
export interface RootCredentialsPort {
  /**
   * Credentials of a root that is not a pair of static keys: `credential_source`
   * (Environment, Ec2InstanceMetadata, EcsContainer), SSO, `credential_process`, web identity.
   */
  resolve(request: {
    readonly profileName: string;
    readonly kind: string;
    readonly credentialSource?: string;
    /** The `credential_process` command line, for kind `process`. */
    readonly credentialProcess?: string;
  }): Promise<AwsCredentials>;
}

/** The output channel. Messages must never contain a secret, token or code. */
export interface SessionLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
