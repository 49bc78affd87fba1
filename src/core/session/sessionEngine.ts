/**
 * The session engine: turns a profile into live credentials. It orchestrates one assume: the
 * chain's root credentials, then each hop of the plan (`hopPlan.ts`: durations, the chaining cap,
 * how each hop proves MFA) from the bottom up, with codes from `MfaCodes` and MFA sessions from
 * the broker (`mfaSessionBroker.ts`), clear errors and a log without secrets.
 *
 * It caches nothing but MFA sessions (through the broker, in SecretStore). Concurrent assumes of
 * one profile, with the same config and environment, share one run; concurrent runs that need
 * the same MFA session share one GetSessionToken and prompt. A caller may cancel its wait with an
 * AbortSignal; shared work stops only when every caller waiting for it has cancelled.
 */

import { PROFILE_KINDS } from '../config/profileKinds';
import type { ChainHop, Profile, ProfileModel } from '../config/types';
import { KEYS_SESSION_SECONDS, resolveRegion } from './hopSettings';
import { assumableHops, cannotAssume, planRoleHops, type PlannedHop } from './hopPlan';
import { MfaCodes, type MfaCodeRequest } from './mfaCodes';
import { MfaSessionBroker, type MfaSessionCredentials } from './mfaSessionBroker';
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
import { describeWhere, toRootCredentialsError, toSessionError, type StsErrorContext } from './stsErrors';
import { SessionError, type AssumeOptions, type RoleSession, type SessionCredentialsKind } from './types';

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
  /**
   * Whether the person allowed `profileName`'s long-term keys to be handed out as they are
   * (`awsRoles.allowLongTermKeys`, a user setting, off for every profile by default). Otherwise a
   * profile of long-term keys yields a session of them (GetSessionToken), never the keys.
   * Absent: allowed for no profile.
   */
  readonly allowLongTermKeys?: (profileName: string) => boolean;
}

/** State of one assume: what it counted, noticed and must never print. */
interface Run {
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

/** How one AssumeRole is signed: whose credentials, and with which MFA code if any. */
interface Signer {
  readonly source: Source;
  readonly mfaCode?: { readonly serialNumber: string; readonly tokenCode: string };
  /** What the credentials are, for the log, when they are not the source profile's own keys. */
  readonly via?: string;
  /** The credentials are an MFA session kept from an earlier assume (an explicit deny then means revoked). */
  readonly keptMfaSession?: boolean;
}

/** The last hop's credentials and whose they are: what a session is made of. */
interface Outcome {
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly assumedRoleArn?: string;
  readonly identity: CallerIdentity;
  readonly credentialsKind: SessionCredentialsKind;
  /** For a session of keys behind MFA: the device its MFA session is for (a role's comes from its hops). */
  readonly mfaSerial?: string;
}

type AssumedRole = Awaited<ReturnType<StsPort['assumeRole']>>;

export class SessionEngine {
  private readonly inFlight = new SharedTasks<RoleSession>();
  /** A number per model object, so a run is shared only by assumes of the same config. */
  private readonly modelIds = new WeakMap<ProfileModel, number>();
  private modelCount = 0;
  private readonly mfaSessions: MfaSessionBroker;
  private readonly codes: MfaCodes;

  constructor(private readonly options: SessionEngineOptions) {
    this.mfaSessions = new MfaSessionBroker({
      secrets: options.secrets,
      clock: options.clock,
      logger: options.logger,
      durationSeconds: options.mfaSessionDurationSeconds,
    });
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
  assume(profileName: string, model: ProfileModel, signal?: AbortSignal, options: AssumeOptions = {}): Promise<RoleSession> {
    const env = { ...this.options.env() };
    const interactive = options.interactive ?? true;
    return this.inFlight.join(
      // A run that may not prompt is never shared with one that may: each would get the wrong answer.
      this.runKey(profileName, model, env, interactive, options.renewing),
      (runSignal) => this.run(profileName, model, env, runSignal, interactive, options.renewing),
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
    // Runs under way go on for those waiting, but nothing started from now on joins them.
    this.inFlight.forgetAll();
    const count = await this.mfaSessions.forgetAll();
    this.options.logger.info(`forgot ${count} stored MFA session${count === 1 ? '' : 's'}`);
  }

  /**
   * Another window signed out and deleted every stored MFA session: runs under way here go on
   * for those waiting, but store no MFA session and are joined by nothing started from now on.
   */
  mfaSessionsEndedElsewhere(): void {
    this.inFlight.forgetAll();
    this.mfaSessions.dropSessionsUnderWay();
    this.options.logger.info('another window signed out: its MFA sessions are deleted, and none under way here will be kept');
  }

  /**
   * What a shared run depends on: the profile, the model object (a config edit makes a new one)
   * and the AWS variables of the environment (endpoint, region, credentials). Kept in memory only.
   */
  private runKey(profileName: string, model: ProfileModel, env: Environment, interactive: boolean, renewing: RoleSession | undefined): string {
    let modelId = this.modelIds.get(model);
    if (modelId === undefined) {
      modelId = ++this.modelCount;
      this.modelIds.set(model, modelId);
    }
    const awsVariables = Object.entries(env)
      .filter(([name, value]) => name.startsWith('AWS_') && value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // A renewal of a session of keys behind MFA must not be handed that same session back by a run that may reuse it.
    return JSON.stringify([profileName, modelId, awsVariables, interactive, renewing?.credentials.accessKeyId ?? null]);
  }

  private async run(profileName: string, model: ProfileModel, env: Environment, signal: AbortSignal, interactive: boolean, renewing: RoleSession | undefined): Promise<RoleSession> {
    const profile = model.byName.get(profileName);
    // Declared out here so that the catch-all below can strip them from an unexpected error's text.
    const secrets: (string | undefined)[] = [];
    try {
      if (!profile) {
        throw cannotAssume(profileName, 'there is no profile of that name in the AWS config files. Fix the name, or add the profile to the config file.');
      }
      const run: Run = {
        profileName,
        profile,
        model,
        env,
        endpoint: resolveStsEndpoint(profile, model, env),
        signal,
        interactive,
        ...(renewing ? { renewing } : {}),
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
      // Neither is a failure: the person cancelled, or auto-renew learnt it must offer Renew….
      if (failure.kind === 'cancelled' || failure.kind === 'mfa-code-needed') this.options.logger.info(failure.message);
      else this.options.logger.error(failure.message);
      throw failure;
    }
  }

  /** Root credentials first, then each planned hop from the root up, each signed by the one before. */
  private async assumeChain(run: Run): Promise<RoleSession> {
    const hops = assumableHops(run.profile);
    const root = hops[hops.length - 1];
    const log = (message: string) => this.options.logger.info(`profile ${run.profileName}: ${message}`);
    if (run.endpoint) log(`STS endpoint ${withoutUserInfo(run.endpoint.url)} (from ${run.endpoint.source})`);

    let source: Source = { credentials: await this.rootCredentials(run, root), profileName: root.profileName };
    run.secrets.push(source.credentials.secretAccessKey, source.credentials.sessionToken);
    throwIfCancelled(run);
    const region = resolveRegion([run.profile], run.env);
    const plan = planRoleHops({
      profile: run.profile,
      model: run.model,
      hops,
      env: run.env,
      userName: this.options.userName,
      rootHasSessionToken: source.credentials.sessionToken !== undefined,
    });

    if (plan.length === 0) return this.session(run, hops, await this.rootSession(run, root, source.credentials, region));

    let last: AssumedRole | undefined;
    for (const hop of plan) {
      if (hop.notice) {
        run.notices.push(hop.notice);
        this.options.logger.warn(`profile ${run.profileName}: ${hop.notice}`);
      }
      const result = await this.assumePlannedHop(run, hop, source);
      run.secrets.push(result.secretAccessKey, result.sessionToken);
      this.refuseEndedOnArrival(run, hop.profileName, result.expiration);
      log(`${hop.label} assumed ${result.assumedRoleArn} with key ${shortKeyId(result.accessKeyId)}, expires ${result.expiration.toISOString()}`);
      source = { credentials: copyCredentials(result), profileName: hop.profileName, callerArn: result.assumedRoleArn };
      last = result;
    }
    const assumedRoleArn = last!.assumedRoleArn;
    const identity: CallerIdentity = { arn: assumedRoleArn, account: assumedRoleArn.split(':')[4] ?? '', userId: last!.assumedRoleId ?? '' };
    return this.session(run, hops, { credentials: source.credentials, region, assumedRoleArn, identity, credentialsKind: 'role' }, plan);
  }

  /**
   * A profile that is not a role: its root's credentials, if they are temporary already; else a
   * session of its long-term keys (GetSessionToken), unless the person allowed the keys themselves.
   */
  private async rootSession(run: Run, root: ChainHop, credentials: AwsCredentials, region: string): Promise<Outcome> {
    const log = (message: string) => this.options.logger.info(`profile ${run.profileName}: ${message}`);
    if (credentials.sessionToken !== undefined) {
      const identity = await this.whoIs(run, root.profileName, credentials, region);
      return { credentials, region, assumedRoleArn: identity.arn.includes(':assumed-role/') ? identity.arn : undefined, identity, credentialsKind: 'temporary-root' };
    }
    if (this.options.allowLongTermKeys?.(run.profileName) === true) {
      log(`long-term keys ${shortKeyId(credentials.accessKeyId)} of profile "${root.profileName}" handed out as they are: awsRoles.allowLongTermKeys names this profile`);
      const identity = await this.whoIs(run, root.profileName, credentials, region);
      return { credentials, region, identity, credentialsKind: 'long-term-keys' };
    }
    const mfaSerial = run.model.byName.get(root.profileName)?.settings.get('mfa_serial')?.value;
    const keys: Source = { credentials, profileName: root.profileName };
    if (mfaSerial) {
      // Behind MFA the session of the keys is the MFA session itself: one code serves it and every role over the same keys and device.
      const { result, expiration } = await this.mfaSessions.withMfaSession(
        {
          profileName: run.profileName,
          rootProfileName: root.profileName,
          rootCredentials: credentials,
          mfaSerial,
          endpoint: run.endpoint?.url,
          signal: run.signal,
          interactive: run.interactive,
          // Renewing this very session: a new MFA session (a code), not the same one handed back.
          ...(run.renewing ? { unlessAccessKeyId: run.renewing.credentials.accessKeyId } : {}),
          cancelled: () => cancelledError(run.profileName),
          obtain: (durationSeconds, sharedSignal) => this.getSessionToken({ ...run, signal: sharedSignal }, { profileName: root.profileName, region, mfaSerial }, keys, durationSeconds),
        },
        async (sessionCredentials) => {
          run.secrets.push(sessionCredentials.secretAccessKey, sessionCredentials.sessionToken);
          return { credentials: sessionCredentials, identity: await this.whoIs(run, root.profileName, sessionCredentials, region) };
        },
      ).catch((error: unknown) => {
        throw refusedSessionToken(error, run.profileName, root.profileName);
      });
      run.mfaSessionExpiration = expiration;
      log(`session of the keys of profile "${root.profileName}": the MFA session for ${mfaSerial}`);
      return { credentials: copyCredentials(result.credentials), region, identity: result.identity, credentialsKind: 'keys-session', mfaSerial };
    }
    log(`session of the long-term keys of profile "${root.profileName}": GetSessionToken (${KEYS_SESSION_SECONDS} s) with key ${shortKeyId(credentials.accessKeyId)}`);
    const session = await this.stsCall(
      run,
      { hopProfileName: root.profileName, action: 'GetSessionToken', sourceProfileName: root.profileName, accessKeyId: credentials.accessKeyId, region },
      () => this.options.sts.getSessionToken({ credentials, region, endpoint: run.endpoint?.url, durationSeconds: KEYS_SESSION_SECONDS }),
    ).catch((error: unknown) => {
      throw refusedSessionToken(error, run.profileName, root.profileName);
    });
    run.secrets.push(session.secretAccessKey, session.sessionToken);
    this.refuseEndedOnArrival(run, root.profileName, session.expiration);
    if (!session.sessionToken) {
      throw new SessionError('unknown', `Profile "${run.profileName}": STS answered GetSessionToken without a session token.`, run.profileName, root.profileName);
    }
    const identity = await this.whoIs(run, root.profileName, session, region);
    return { credentials: copyCredentials(session), region, identity, credentialsKind: 'keys-session' };
  }

  /** Confirms credentials work and says whose they are: one GetCallerIdentity. */
  private async whoIs(run: Run, profileName: string, credentials: AwsCredentials, region: string): Promise<CallerIdentity> {
    this.options.logger.info(`profile ${run.profileName}: checking the credentials of profile "${profileName}" with GetCallerIdentity`);
    const identity = await this.stsCall(
      run,
      { hopProfileName: profileName, action: 'GetCallerIdentity', sourceProfileName: profileName, accessKeyId: credentials.accessKeyId, region, obtainedSession: credentials.expiration !== undefined },
      () => this.options.sts.getCallerIdentity({ credentials, region, endpoint: run.endpoint?.url }),
    );
    this.options.logger.info(`profile ${run.profileName}: credentials belong to ${identity.arn}`);
    return identity;
  }

  /** One hop, proving MFA the way the plan says. */
  private assumePlannedHop(run: Run, hop: PlannedHop, source: Source): Promise<AssumedRole> {
    switch (hop.mfa) {
      case 'none':
        return this.assumeHop(run, hop, { source });
      case 'mfa-session':
        return this.assumeWithMfaSession(run, hop, source);
      case 'code': {
        const serialNumber = hop.mfaSerial;
        this.options.logger.info(`profile ${run.profileName}: ${hop.label} needs an MFA code for ${serialNumber}`);
        return this.codes.withCode(this.codeRequest(run, hop.profileName, serialNumber), (tokenCode) => {
          run.secrets.push(tokenCode);
          return this.assumeHop(run, hop, { source, mfaCode: { serialNumber, tokenCode } });
        });
      }
    }
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
        throw cannotAssume(run.profileName, `profile "${root.profileName}" lacks aws_access_key_id or aws_secret_access_key. Fix it in the AWS config file, then try again.`);
      }
      log(`root credentials: static keys ${shortKeyId(accessKeyId)} of profile "${root.profileName}" (${sessionToken ? 'temporary' : 'long-term'})`);
      return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
    }
    const what = PROFILE_KINDS[root.kind].credentialsName(root.credentialSource);
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

  /** The first hop over long-term keys, through the root's (stored, shared or new) MFA session instead of a code. */
  private async assumeWithMfaSession(run: Run, hop: PlannedHop & { readonly mfaSerial: string }, root: Source): Promise<AssumedRole> {
    const { result, expiration } = await this.mfaSessions.withMfaSession(
      {
        profileName: run.profileName,
        rootProfileName: root.profileName,
        rootCredentials: root.credentials,
        mfaSerial: hop.mfaSerial,
        endpoint: run.endpoint?.url,
        signal: run.signal,
        interactive: run.interactive,
        cancelled: () => cancelledError(run.profileName),
        // The same run, but stopped only by the shared signal: another run may still want this session.
        obtain: (durationSeconds, sharedSignal) => this.getSessionToken({ ...run, signal: sharedSignal }, { profileName: hop.profileName, region: hop.region, mfaSerial: hop.mfaSerial }, root, durationSeconds),
      },
      (credentials, kept) => {
        run.secrets.push(credentials.secretAccessKey, credentials.sessionToken);
        return this.assumeHop(run, hop, { source: { credentials, profileName: root.profileName }, via: kept ? 'kept MFA session' : 'MFA session', keptMfaSession: kept });
      },
    );
    run.mfaSessionExpiration = expiration;
    return result;
  }

  /**
   * A new MFA session for the root's long-term keys: a code, then one GetSessionToken. `hop` is
   * the profile whose `mfa_serial` asks for the code (the first role, or the keys' own profile).
   */
  private async getSessionToken(
    run: Run,
    hop: { readonly profileName: string; readonly region: string; readonly mfaSerial: string },
    root: Source,
    durationSeconds: number,
  ): Promise<MfaSessionCredentials> {
    const serialNumber = hop.mfaSerial;
    const credentials = await this.codes.withCode(this.codeRequest(run, hop.profileName, serialNumber), (tokenCode) => {
      run.secrets.push(tokenCode);
      return this.stsCall(
        run,
        { hopProfileName: hop.profileName, action: 'GetSessionToken', sourceProfileName: root.profileName, accessKeyId: root.credentials.accessKeyId, mfaSerial: serialNumber, region: hop.region },
        () =>
          this.options.sts.getSessionToken({ credentials: root.credentials, region: hop.region, endpoint: run.endpoint?.url, durationSeconds, serialNumber, tokenCode }),
      );
    });
    run.secrets.push(credentials.secretAccessKey, credentials.sessionToken);
    // Before the broker stores it: an MFA session that has already ended must not be kept.
    this.refuseEndedOnArrival(run, hop.profileName, credentials.expiration);
    if (!credentials.sessionToken) {
      throw new SessionError('unknown', `Profile "${run.profileName}": STS answered GetSessionToken without a session token.`, run.profileName, hop.profileName);
    }
    return { ...credentials, sessionToken: credentials.sessionToken };
  }

  /** One AssumeRole, logged, counted and with its failure mapped. */
  private assumeHop(run: Run, hop: PlannedHop, { source, mfaCode, via, keptMfaSession }: Signer): Promise<AssumedRole> {
    const keys = via ?? `keys ${shortKeyId(source.credentials.accessKeyId)}`;
    const withMfa = mfaCode ? ` and an MFA code for ${mfaCode.serialNumber}` : '';
    this.options.logger.info(
      `profile ${run.profileName}: ${hop.label} assume ${hop.roleArn} as ${hop.roleSessionName} (${hop.durationSeconds} s) with ${keys}${via ? ` ${shortKeyId(source.credentials.accessKeyId)}` : ''}${withMfa} in ${hop.region}`,
    );
    return this.stsCall(
      run,
      {
        hopProfileName: hop.profileName,
        action: 'AssumeRole',
        roleArn: hop.roleArn,
        callerArn: source.callerArn,
        sourceProfileName: source.profileName,
        accessKeyId: source.credentials.accessKeyId,
        mfaSerial: mfaCode?.serialNumber,
        durationSeconds: hop.durationSeconds,
        region: hop.region,
        keptMfaSession,
      },
      () =>
        this.options.sts.assumeRole({
          credentials: source.credentials,
          region: hop.region,
          endpoint: run.endpoint?.url,
          roleArn: hop.roleArn,
          roleSessionName: hop.roleSessionName,
          durationSeconds: hop.durationSeconds,
          externalId: hop.externalId,
          serialNumber: mfaCode?.serialNumber,
          tokenCode: mfaCode?.tokenCode,
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

  /**
   * Credentials that end before they arrive, by this computer's clock: STS's clock and ours
   * disagree by more than their lifetime (the SDK corrects its signing time from STS's Date
   * header, so the request itself succeeds). Handing them out would be handing out ended
   * credentials; saying why lets the person fix the clock.
   */
  private refuseEndedOnArrival(run: Run, hopProfileName: string, expiration: Date | undefined): void {
    const now = this.options.clock.now();
    if (expiration === undefined || expiration.getTime() > now) return;
    throw new SessionError(
      'clock-skew',
      `${describeWhere(run.profileName, hopProfileName)}: STS issued credentials that end at ${expiration.toISOString()}, already past by this computer's clock (${new Date(now).toISOString()}). This computer's clock is wrong: turn on automatic time, then try again.`,
      run.profileName,
      hopProfileName,
    );
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
      interactive: run.interactive,
    };
  }

  private session(run: Run, hops: readonly ChainHop[], outcome: Outcome, plan: readonly PlannedHop[] = []): RoleSession {
    const { credentials, region, assumedRoleArn, identity, credentialsKind } = outcome;
    // The config's hops run from the profile down to the root; a session lists them root first.
    const chainedByProfile = new Map(plan.map((hop) => [hop.profileName, hop.chained]));
    const chain = [...hops].reverse().map((hop) => {
      const chained = chainedByProfile.get(hop.profileName);
      return { profileName: hop.profileName, kind: hop.kind, ...(hop.roleArn ? { roleArn: hop.roleArn } : {}), ...(chained === undefined ? {} : { chained }) };
    });
    const mfaSerial = hops.find((hop) => hop.mfaSerial !== undefined)?.mfaSerial ?? outcome.mfaSerial;
    const profileRegion = run.profile.settings.get('region')?.value;
    this.options.logger.info(
      `profile ${run.profileName}: session ready as ${identity.arn}${credentials.expiration ? `, expires ${credentials.expiration.toISOString()}` : ''} (${run.counted.stsCalls} STS call${run.counted.stsCalls === 1 ? '' : 's'})`,
    );
    return {
      profileName: run.profileName,
      credentials: copyCredentials(credentials),
      region,
      ...(profileRegion ? { profileRegion } : {}),
      assumedRoleArn,
      identity,
      obtainedAt: this.options.clock.now(),
      stsCalls: run.counted.stsCalls,
      notices: [...run.notices],
      endpoint: run.endpoint?.url,
      chain,
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(run.mfaSessionExpiration ? { mfaSessionExpiration: run.mfaSessionExpiration } : {}),
      credentialsKind,
    };
  }
}

function cancelledError(profileName: string): SessionError {
  return new SessionError('cancelled', `Profile "${profileName}": the assume was cancelled; nothing changed.`, profileName);
}

/**
 * STS refused GetSessionToken for a profile's long-term keys with a plain denial (an organisation
 * that denies `sts:GetSessionToken`): say why nothing is handed out, and the ways on.
 */
function refusedSessionToken(error: unknown, profileName: string, keysProfileName: string): unknown {
  if (!(error instanceof SessionError) || error.kind !== 'access-denied') return error;
  return new SessionError(
    'session-token-refused',
    `${error.message} AWS Role Sessions hands out only temporary credentials, and gets them for long-term keys from GetSessionToken. Ask your administrator to allow sts:GetSessionToken, assume a role profile over "${keysProfileName}" instead, or allow the long-term keys of "${profileName}" in your user settings (awsRoles.allowLongTermKeys): they are then handed out as they are, never stored, and reach terminals only where nothing is written to disk.`,
    profileName,
    error.hopProfileName,
    error.causeName,
  );
}

function throwIfCancelled(run: Run): void {
  if (run.signal.aborted) throw cancelledError(run.profileName);
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
