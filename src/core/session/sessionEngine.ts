/**
 * The session engine: turns a profile into live credentials by resolving its root credentials
 * and assuming each role of its chain from the bottom up, with MFA codes, reusable MFA
 * sessions, the one-hour cap on chained roles, clear errors and a log without secrets.
 *
 * It caches nothing but MFA sessions (in SecretStore). Concurrent assumes of one profile, with
 * the same config and environment, share one run; concurrent runs that need the same MFA
 * session share one GetSessionToken and prompt. A caller may cancel its wait with an
 * AbortSignal; shared work stops only when every caller waiting for it has cancelled.
 */

import type { ChainHop, Profile, ProfileModel } from '../config/types';
import { CHAINED_ROLE_MAX_DURATION_SECONDS } from '../config/profileProblems';
import {
  clampMfaSessionSeconds,
  requestedDurationSeconds,
  resolveRegion,
  roleSessionNameFor,
} from './hopSettings';
import { MfaCodes, type MfaCodeRequest } from './mfaCodes';
import { MfaSessionStore, mfaSessionKey } from './mfaSessionStore';
import { SharedTasks } from './sharedTasks';
import type {
  AwsCredentials,
  CallerIdentity,
  Clock,
  MfaProcessRunner,
  MfaPrompt,
  RootCredentialsPort,
  SecretStore,
  SessionLogger,
  StsPort,
} from './ports';
import { quoteForMessage, shortKeyId, withoutUserInfo } from './redaction';
import { resolveStsEndpoint, type Environment, type ResolvedStsEndpoint } from './stsEndpoint';
import { toRootCredentialsError, toSessionError, type StsErrorContext } from './stsErrors';
import { SessionError, type RoleSession } from './types';

/** Everything the engine needs, as ports (see `ports.ts`). */
export interface SessionEngineOptions {
  readonly sts: StsPort;
  readonly mfaPrompt: MfaPrompt;
  readonly mfaProcess: MfaProcessRunner;
  readonly clock: Clock;
  readonly secrets: SecretStore;
  readonly roots: RootCredentialsPort;
  readonly logger: SessionLogger;
  /** The environment now (AWS_REGION, AWS_ENDPOINT_URL_STS…), read at each assume. */
  readonly env: () => Environment;
  /** The MFA-session setting, read when a new MFA session is made; clamped to 900..129600. */
  readonly mfaSessionDurationSeconds: () => number;
  /** The OS user, for default role session names (`alice-vscode`). */
  readonly userName: string;
}

/** A stored MFA session is treated as ended this long before STS ends it. */
export const MFA_SESSION_EXPIRY_MARGIN_MS = 60_000;

/** State of one assume: what it counted, noticed and must never print. */
interface Run {
  readonly profileName: string;
  readonly profile: Profile;
  readonly model: ProfileModel;
  readonly env: Environment;
  readonly endpoint?: ResolvedStsEndpoint;
  /** Aborts when every caller waiting for this run has cancelled. */
  readonly signal: AbortSignal;
  /** STS calls made for this run, shared with the copy that gets its MFA session. */
  readonly counted: { stsCalls: number };
  readonly notices: string[];
  /** Secret keys, tokens and codes seen in this run, stripped from any quoted SDK text. */
  readonly secrets: (string | undefined)[];
  /** When the MFA session the first hop rode ends, once one was used; kept on the session for renewal. */
  mfaSessionExpiration?: Date;
}

/** Credentials that sign the next hop, and where they came from. */
interface Source {
  readonly credentials: AwsCredentials;
  readonly profileName: string;
  readonly callerArn?: string;
}

/** An MFA session ready to use. */
interface MfaLease {
  readonly credentials: AwsCredentials & { readonly sessionToken: string; readonly expiration: Date };
  /** True when it came from SecretStore rather than a GetSessionToken just now. */
  readonly reused: boolean;
}

/** What one hop sends to STS, before credentials and MFA. */
interface HopRequest {
  readonly hop: ChainHop;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
  readonly region: string;
  readonly label: string;
}

export class SessionEngine {
  private readonly inFlight = new SharedTasks<RoleSession>();
  private readonly mfaSessionsInFlight = new SharedTasks<MfaLease>();
  /** A number per model object, so a run is shared only by assumes of the same config. */
  private readonly modelIds = new WeakMap<ProfileModel, number>();
  private modelCount = 0;
  private readonly mfaSessions: MfaSessionStore;
  private readonly codes: MfaCodes;
  /** Bumped by `forgetMfaSessions()`, so a GetSessionToken already under way does not store its result. */
  private generation = 0;

  constructor(private readonly options: SessionEngineOptions) {
    this.mfaSessions = new MfaSessionStore(options.secrets);
    this.codes = new MfaCodes(options.mfaPrompt, options.mfaProcess, options.clock);
  }

  /**
   * Assumes `profileName`'s chain and resolves with the last hop's credentials. Rejects with a
   * `SessionError` only; a cancelled MFA prompt, or `signal` aborting, rejects with kind
   * `cancelled` and changes nothing (no MFA session is stored).
   *
   * Calls for a profile already being assumed with the same model and environment share that
   * run; after a config edit (a new model) or an environment change, a new run starts. One
   * caller's cancel ends only its own wait: the run stops (its prompt closes, its
   * `mfa_process` is killed) once every caller waiting for it has cancelled.
   */
  assume(profileName: string, model: ProfileModel, signal?: AbortSignal): Promise<RoleSession> {
    const env = { ...this.options.env() };
    return this.inFlight.join(
      this.runKey(profileName, model, env),
      (runSignal) => this.run(profileName, model, env, runSignal),
      signal,
      () => cancelledError(profileName),
    );
  }

  /** Who the session's credentials belong to, asked of STS now (one GetCallerIdentity). */
  async getCallerIdentity(session: RoleSession): Promise<CallerIdentity> {
    const { credentials } = session;
    try {
      return await this.options.sts.getCallerIdentity({ credentials, region: session.region, endpoint: session.endpoint });
    } catch (error) {
      const failure = toSessionError(error, {
        profileName: session.profileName,
        hopProfileName: session.profileName,
        action: 'GetCallerIdentity',
        accessKeyId: credentials.accessKeyId,
        region: session.region,
        endpoint: session.endpoint,
        // Credentials with an end time came from STS or a provider, not the config file.
        obtainedSession: credentials.expiration !== undefined,
        redact: [credentials.secretAccessKey, credentials.sessionToken],
      });
      // The engine logs every failure it reports, so the command does not log it again.
      this.options.logger.error(failure.message);
      throw failure;
    }
  }

  /** Deletes every MFA session the engine stored; the next assume that needs one asks for a code. */
  async forgetMfaSessions(): Promise<void> {
    this.generation += 1;
    // Runs under way go on for those waiting, but nothing started from now on joins them.
    this.inFlight.forgetAll();
    this.mfaSessionsInFlight.forgetAll();
    const count = await this.mfaSessions.forgetAll();
    this.options.logger.info(`forgot ${count} stored MFA session${count === 1 ? '' : 's'}`);
  }

  /**
   * What a shared run depends on: the profile, the model object (a config edit makes a new one)
   * and the AWS variables of the environment (endpoint, region, credentials). Kept in memory only.
   */
  private runKey(profileName: string, model: ProfileModel, env: Environment): string {
    let modelId = this.modelIds.get(model);
    if (modelId === undefined) {
      modelId = ++this.modelCount;
      this.modelIds.set(model, modelId);
    }
    const awsVariables = Object.entries(env)
      .filter(([name, value]) => name.startsWith('AWS_') && value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify([profileName, modelId, awsVariables]);
  }

  private async run(profileName: string, model: ProfileModel, env: Environment, signal: AbortSignal): Promise<RoleSession> {
    const profile = model.byName.get(profileName);
    // Declared out here so that the catch-all below can strip them from an unexpected error's text.
    const secrets: (string | undefined)[] = [];
    try {
      if (!profile) {
        throw configError(profileName, 'there is no profile of that name in the AWS config files. Fix the name, or add the profile to the config file.');
      }
      const run: Run = {
        profileName,
        profile,
        model,
        env,
        endpoint: resolveStsEndpoint(profile, model, env),
        signal,
        counted: { stsCalls: 0 },
        notices: [],
        secrets,
      };
      return await this.assumeChain(run);
    } catch (error) {
      const failure =
        error instanceof SessionError
          ? error
          : new SessionError('unknown', `Profile "${profileName}": the assume failed: ${quoteForMessage(error instanceof Error ? error.message : String(error), secrets)}.`, profileName);
      if (failure.kind === 'cancelled') this.options.logger.info(failure.message);
      else this.options.logger.error(failure.message);
      throw failure;
    }
  }

  private async assumeChain(run: Run): Promise<RoleSession> {
    const hops = this.checkedHops(run.profile);
    const root = hops[hops.length - 1];
    const roleHops = hops.slice(0, -1).reverse();
    const log = (message: string) => this.options.logger.info(`profile ${run.profileName}: ${message}`);
    if (run.endpoint) log(`STS endpoint ${withoutUserInfo(run.endpoint.url)} (from ${run.endpoint.source})`);

    let source: Source = { credentials: await this.rootCredentials(run, root), profileName: root.profileName };
    run.secrets.push(source.credentials.secretAccessKey, source.credentials.sessionToken);
    throwIfCancelled(run);
    const region = resolveRegion([run.profile], run.env);

    if (roleHops.length === 0) {
      // Not a role: confirm the credentials work and say whose they are.
      log(`checking the credentials of profile "${root.profileName}" with GetCallerIdentity`);
      const identity = await this.stsCall(
        run,
        { hopProfileName: root.profileName, action: 'GetCallerIdentity', sourceProfileName: root.profileName, accessKeyId: source.credentials.accessKeyId, region },
        () => this.options.sts.getCallerIdentity({ credentials: source.credentials, region, endpoint: run.endpoint?.url }),
      );
      log(`credentials belong to ${identity.arn}`);
      return this.session(run, source.credentials, region, identity.arn.includes(':assumed-role/') ? identity.arn : undefined, identity, hops);
    }

    let last: { assumedRoleArn: string; assumedRoleId?: string } | undefined;
    for (let i = 0; i < roleHops.length; i++) {
      const hop = roleHops[i];
      const hopProfile = run.model.byName.get(hop.profileName);
      const requested = requestedDurationSeconds(hopProfile);
      const mfaSerial = hop.mfaSerial;
      const longTermRoot = root.kind === 'staticKeys' && !source.credentials.sessionToken;
      const useMfaSession = i === 0 && mfaSerial !== undefined && longTermRoot && requested <= CHAINED_ROLE_MAX_DURATION_SECONDS;
      const chained = i > 0 || hop.chained || source.credentials.sessionToken !== undefined || useMfaSession;
      const durationSeconds = chained ? Math.min(requested, CHAINED_ROLE_MAX_DURATION_SECONDS) : requested;
      if (durationSeconds < requested) {
        const notice = `Profile ${hop.profileName} asked for ${requested} s, but STS limits chained roles to ${CHAINED_ROLE_MAX_DURATION_SECONDS} s; the session lasts one hour.`;
        run.notices.push(notice);
        this.options.logger.warn(`profile ${run.profileName}: ${notice}`);
      }
      const request: HopRequest = {
        hop,
        roleArn: hop.roleArn!,
        roleSessionName: roleSessionNameFor(hopProfile, this.options.userName),
        durationSeconds,
        externalId: hopProfile?.settings.get('external_id')?.value,
        region: resolveRegion([hopProfile, run.profile], run.env),
        label: `hop ${i + 1}/${roleHops.length}`,
      };

      let result: Awaited<ReturnType<StsPort['assumeRole']>>;
      if (useMfaSession) {
        result = await this.assumeWithMfaSession(run, request, root.profileName, mfaSerial, source);
      } else if (mfaSerial !== undefined) {
        log(`${request.label} needs an MFA code for ${mfaSerial}`);
        result = await this.codes.withCode(this.codeRequest(run, hop.profileName, mfaSerial), (code) => {
          run.secrets.push(code);
          return this.assumeHop(run, request, source, { serialNumber: mfaSerial, tokenCode: code });
        });
      } else {
        result = await this.assumeHop(run, request, source);
      }
      run.secrets.push(result.secretAccessKey, result.sessionToken);
      log(`${request.label} assumed ${result.assumedRoleArn} with key ${shortKeyId(result.accessKeyId)}, expires ${result.expiration.toISOString()}`);
      source = {
        credentials: copyCredentials(result),
        profileName: hop.profileName,
        callerArn: result.assumedRoleArn,
      };
      last = result;
    }
    const assumedRoleArn = last!.assumedRoleArn;
    const identity: CallerIdentity = { arn: assumedRoleArn, account: assumedRoleArn.split(':')[4] ?? '', userId: last!.assumedRoleId ?? '' };
    return this.session(run, source.credentials, region, assumedRoleArn, identity, hops);
  }

  /** The hops of a profile that can be assumed; a `config` SessionError naming the first problem otherwise. */
  private checkedHops(profile: Profile): readonly ChainHop[] {
    const problem = profile.problems.find((candidate) => candidate.severity === 'error') ?? (profile.chain.complete ? undefined : profile.problems[0]);
    if (problem) throw configError(profile.name, `${problem.message} Fix it in the AWS config file, then try again.`);
    const hops = profile.chain.hops;
    if (!profile.chain.complete || hops.length === 0 || hops[hops.length - 1].kind === 'role' || hops[hops.length - 1].kind === 'none') {
      throw configError(profile.name, 'its role chain does not end at credentials. Fix it in the AWS config file, then try again.');
    }
    const broken = hops.slice(0, -1).find((hop) => hop.kind !== 'role' || !hop.roleArn);
    if (broken) throw configError(profile.name, `profile "${broken.profileName}" in its chain has no role_arn. Fix it in the AWS config file, then try again.`);
    return hops;
  }

  /** The chain's root credentials: static keys from the profile, anything else through `roots`. */
  private async rootCredentials(run: Run, root: ChainHop): Promise<AwsCredentials> {
    const log = (message: string) => this.options.logger.info(`profile ${run.profileName}: ${message}`);
    if (root.kind === 'staticKeys') {
      const settings = run.model.byName.get(root.profileName)?.settings;
      const accessKeyId = settings?.get('aws_access_key_id')?.value;
      const secretAccessKey = settings?.get('aws_secret_access_key')?.value;
      const sessionToken = settings?.get('aws_session_token')?.value || undefined;
      if (!accessKeyId || !secretAccessKey) {
        throw configError(run.profileName, `profile "${root.profileName}" lacks aws_access_key_id or aws_secret_access_key. Fix it in the AWS config file, then try again.`);
      }
      log(`root credentials: static keys ${shortKeyId(accessKeyId)} of profile "${root.profileName}" (${sessionToken ? 'temporary' : 'long-term'})`);
      return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
    }
    const what = root.kind === 'credentialSource' ? `credential_source ${root.credentialSource}` : root.kind;
    log(`root credentials: ${what} of profile "${root.profileName}"`);
    try {
      const credentials = await this.options.roots.resolve({
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
        redact: run.secrets,
      });
    }
  }

  /** The first hop over long-term keys, through a (stored or new) MFA session instead of a code. */
  private async assumeWithMfaSession(run: Run, request: HopRequest, rootProfileName: string, mfaSerial: string, root: Source) {
    const key = mfaSessionKey(rootProfileName, mfaSerial, run.endpoint?.url);
    const viaSession = (credentials: AwsCredentials): Source => ({ credentials, profileName: rootProfileName });
    let lease = await this.mfaSession(run, request, key, mfaSerial, root);
    for (let retried = false; ; retried = true) {
      try {
        const result = await this.assumeHop(run, request, viaSession(lease.credentials), undefined, 'MFA session');
        run.mfaSessionExpiration = lease.credentials.expiration;
        return result;
      } catch (error) {
        if (!(error instanceof SessionError) || (error.kind !== 'expired-credentials' && error.kind !== 'invalid-credentials')) throw error;
        // Only if it is still the one STS refused: another run may have replaced it.
        await this.mfaSessions.discard(key, lease.credentials.accessKeyId);
        // Retry once, and only for a stored session: one made a moment ago will not fare better.
        if (!lease.reused || retried) throw error;
        this.options.logger.warn(
          `profile ${run.profileName}: STS rejected the stored MFA session for ${rootProfileName}/${mfaSerial} (${error.causeName}); it was deleted, asking for a new code`,
        );
        lease = await this.mfaSession(run, request, key, mfaSerial, root);
      }
    }
  }

  /**
   * The MFA session for `key`: shared with any run already getting it over the same root key,
   * else stored, else new. The GetSessionToken (and its prompt) stops only when every run
   * waiting for it has been cancelled.
   */
  private async mfaSession(run: Run, request: HopRequest, key: string, mfaSerial: string, root: Source): Promise<MfaLease> {
    const lease = await this.mfaSessionsInFlight.join(
      JSON.stringify([key, root.credentials.accessKeyId]),
      // The same run, but stopped only by the shared signal: another run may still want this session.
      (signal) => this.loadOrObtainMfaSession({ ...run, signal }, request, key, mfaSerial, root),
      run.signal,
      () => cancelledError(run.profileName),
    );
    run.secrets.push(lease.credentials.secretAccessKey, lease.credentials.sessionToken);
    return lease;
  }

  private async loadOrObtainMfaSession(run: Run, request: HopRequest, key: string, mfaSerial: string, root: Source): Promise<MfaLease> {
    const name = `${root.profileName}/${mfaSerial}`;
    const log = (message: string) => this.options.logger.info(`profile ${run.profileName}: ${message}`);
    const stored = await this.mfaSessions.load(key);
    if (stored) {
      const usableUntil = stored.credentials.expiration.getTime() - MFA_SESSION_EXPIRY_MARGIN_MS;
      if (stored.rootAccessKeyId !== root.credentials.accessKeyId) {
        log(`MFA session for ${name} was made with other keys of profile "${root.profileName}"; a new one is needed`);
      } else if (usableUntil > this.options.clock.now()) {
        log(`MFA session for ${name} reused, expires ${stored.credentials.expiration.toISOString()}`);
        return { credentials: stored.credentials, reused: true };
      } else {
        log(`MFA session for ${name} expired at ${stored.credentials.expiration.toISOString()}; a new one is needed`);
      }
    }
    const generation = this.generation;
    const durationSeconds = clampMfaSessionSeconds(this.options.mfaSessionDurationSeconds());
    log(`MFA session for ${name}: GetSessionToken (${durationSeconds} s) with key ${shortKeyId(root.credentials.accessKeyId)}`);
    const credentials = await this.codes.withCode(this.codeRequest(run, request.hop.profileName, mfaSerial), (code) => {
      run.secrets.push(code);
      return this.stsCall(
        run,
        {
          hopProfileName: request.hop.profileName,
          action: 'GetSessionToken',
          sourceProfileName: root.profileName,
          accessKeyId: root.credentials.accessKeyId,
          mfaSerial,
          region: request.region,
        },
        () =>
          this.options.sts.getSessionToken({
            credentials: root.credentials,
            region: request.region,
            endpoint: run.endpoint?.url,
            durationSeconds,
            serialNumber: mfaSerial,
            tokenCode: code,
          }),
      );
    });
    run.secrets.push(credentials.secretAccessKey, credentials.sessionToken);
    if (!credentials.sessionToken) {
      throw new SessionError('unknown', `Profile "${run.profileName}": STS answered GetSessionToken without a session token.`, run.profileName, request.hop.profileName);
    }
    const lease: MfaLease = { credentials: { ...credentials, sessionToken: credentials.sessionToken }, reused: false };
    // Asked in the store's queue right before the write: a sign-out (or a cancel) that came
    // while the code was asked for or the write waited must leave nothing stored.
    const saved = await this.mfaSessions.save(
      key,
      { credentials: lease.credentials, rootAccessKeyId: root.credentials.accessKeyId },
      () => generation === this.generation && !run.signal.aborted,
    );
    log(
      `MFA session for ${name} obtained with key ${shortKeyId(credentials.accessKeyId)}, expires ${credentials.expiration.toISOString()}${saved ? '' : ' (not stored: signed out or cancelled meanwhile)'}`,
    );
    return lease;
  }

  /** One AssumeRole, logged, counted and with its failure mapped. */
  private assumeHop(run: Run, request: HopRequest, source: Source, mfa?: { serialNumber: string; tokenCode: string }, via?: string) {
    const keys = via ?? `keys ${shortKeyId(source.credentials.accessKeyId)}`;
    const withMfa = mfa ? ` and an MFA code for ${mfa.serialNumber}` : '';
    this.options.logger.info(
      `profile ${run.profileName}: ${request.label} assume ${request.roleArn} as ${request.roleSessionName} (${request.durationSeconds} s) with ${keys}${via ? ` ${shortKeyId(source.credentials.accessKeyId)}` : ''}${withMfa} in ${request.region}`,
    );
    return this.stsCall(
      run,
      {
        hopProfileName: request.hop.profileName,
        action: 'AssumeRole',
        roleArn: request.roleArn,
        callerArn: source.callerArn,
        sourceProfileName: source.profileName,
        accessKeyId: source.credentials.accessKeyId,
        mfaSerial: mfa?.serialNumber,
        durationSeconds: request.durationSeconds,
        region: request.region,
      },
      () =>
        this.options.sts.assumeRole({
          credentials: source.credentials,
          region: request.region,
          endpoint: run.endpoint?.url,
          roleArn: request.roleArn,
          roleSessionName: request.roleSessionName,
          durationSeconds: request.durationSeconds,
          externalId: request.externalId,
          serialNumber: mfa?.serialNumber,
          tokenCode: mfa?.tokenCode,
        }),
    );
  }

  /** Counts the call and maps its failure to a `SessionError`; a cancelled run makes no more calls. */
  private async stsCall<T>(run: Run, context: Omit<StsErrorContext, 'profileName' | 'endpoint' | 'redact'>, call: () => Promise<T>): Promise<T> {
    throwIfCancelled(run);
    run.counted.stsCalls += 1;
    let result: T;
    try {
      result = await call();
    } catch (error) {
      throwIfCancelled(run);
      throw toSessionError(error, { ...context, profileName: run.profileName, endpoint: run.endpoint?.url, redact: run.secrets });
    }
    throwIfCancelled(run);
    return result;
  }

  private codeRequest(run: Run, hopProfileName: string, mfaSerial: string): MfaCodeRequest {
    const hopProfile = run.model.byName.get(hopProfileName);
    const own = hopProfile?.settings.get('mfa_process')?.value;
    const picked = run.profile.settings.get('mfa_process')?.value;
    const process = own ? { command: own, profileName: hopProfileName } : picked ? { command: picked, profileName: run.profileName } : undefined;
    return {
      profileName: run.profileName,
      hopProfileName,
      mfaSerial,
      process,
      log: (message) => this.options.logger.info(`profile ${run.profileName}: ${message}`),
      signal: run.signal,
    };
  }

  private session(
    run: Run,
    credentials: AwsCredentials,
    region: string,
    assumedRoleArn: string | undefined,
    identity: CallerIdentity,
    hops: readonly ChainHop[],
  ): RoleSession {
    // The config's hops run from the profile down to the root; a session lists them root first.
    const chain = [...hops].reverse().map((hop) => ({ profileName: hop.profileName, kind: hop.kind, ...(hop.roleArn ? { roleArn: hop.roleArn } : {}) }));
    const mfaSerial = hops.find((hop) => hop.mfaSerial !== undefined)?.mfaSerial;
    this.options.logger.info(
      `profile ${run.profileName}: session ready as ${identity.arn}${credentials.expiration ? `, expires ${credentials.expiration.toISOString()}` : ''} (${run.counted.stsCalls} STS call${run.counted.stsCalls === 1 ? '' : 's'})`,
    );
    return {
      profileName: run.profileName,
      credentials: copyCredentials(credentials),
      region,
      assumedRoleArn,
      identity,
      obtainedAt: this.options.clock.now(),
      stsCalls: run.counted.stsCalls,
      notices: [...run.notices],
      endpoint: run.endpoint?.url,
      chain,
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(run.mfaSessionExpiration ? { mfaSessionExpiration: run.mfaSessionExpiration } : {}),
    };
  }
}

function cancelledError(profileName: string): SessionError {
  return new SessionError('cancelled', `Profile "${profileName}": the assume was cancelled; nothing changed.`, profileName);
}

function throwIfCancelled(run: Run): void {
  if (run.signal.aborted) throw cancelledError(run.profileName);
}

function configError(profileName: string, what: string): SessionError {
  return new SessionError('config', `Profile "${profileName}" cannot be assumed: ${what}`, profileName);
}

/** Just the credentials (no ARNs or ids riding along), without keys whose value is absent. */
function copyCredentials(credentials: AwsCredentials): AwsCredentials {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(expiration === undefined ? {} : { expiration }),
  };
}
