/**
 * The session engine: turns a profile into live credentials. One assume is a `ChainRun`
 * (`chainRun.ts`): the chain's root credentials, then each hop of the plan (`hopPlan.ts`:
 * durations, the chaining cap, how each hop proves MFA) from the root up, with codes from
 * `MfaCodes` and MFA sessions from the broker (`mfaSessionBroker.ts`); the engine makes a session
 * of what it returns, and keeps errors clear and the log without secrets.
 *
 * It caches nothing but MFA sessions (through the broker, in SecretStore). Concurrent assumes of
 * one profile, with the same config and environment, share one run; concurrent runs that need
 * the same MFA session share one GetSessionToken and prompt. A caller may cancel its wait with an
 * AbortSignal; shared work stops only when every caller waiting for it has cancelled.
 */

import type { ProfileModel } from '../config/types';
import type { CallerIdentity, Clock, MfaProcessRunner, MfaPrompt, RootCredentialsPort, SecretStore, SessionLogger, StsPort } from '../vocabulary/ports';
import { quoteForMessage } from '../vocabulary/redaction';
import { assumeCancelled, SessionError, type AssumeOptions, type RoleSession, type SessionAccess } from '../vocabulary/sessionTypes';
import { ChainRun, copyCredentials, type ChainOutcome, type ChainRunDeps } from './chainRun';
import { cannotAssume } from './hopPlan';
import { MfaCodes } from './mfaCodes';
import { MfaSessionBroker } from './mfaSessionBroker';
import type { IdentityCenterRoots } from './rootCredentials';
import { RunRecord, type RunContext } from './runContext';
import { SharedTasks } from '../vocabulary/sharedTasks';
import { resolveStsEndpoint, type Environment } from './stsEndpoint';
import { toSessionError } from './stsErrors';

/** Everything the engine needs, as ports (see `ports.ts`). */
export interface SessionEngineOptions {
  readonly sts: StsPort;
  readonly mfaPrompt: MfaPrompt;
  readonly mfaProcess: MfaProcessRunner;
  readonly clock: Clock;
  readonly secrets: SecretStore;
  readonly roots: RootCredentialsPort;
  /** SSO roots through the extension's own IAM Identity Center sign-in; absent: the SDK's `fromSSO`. */
  readonly identityCenter?: IdentityCenterRoots;
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
  /**
   * The person's `awsRoles.readOnlyPolicies` (a user setting): policy ARNs by profile name, `"*"`
   * for the rest. Read at each read-only assume; absent: the partition's `ReadOnlyAccess`.
   */
  readonly readOnlyPolicies?: () => Readonly<Record<string, unknown>> | undefined;
}

export class SessionEngine {
  private readonly inFlight = new SharedTasks<RoleSession>();
  /** A number per model object, so a run is shared only by assumes of the same config. */
  private readonly modelIds = new WeakMap<ProfileModel, number>();
  private modelCount = 0;
  private readonly mfaSessions: MfaSessionBroker;
  /** What every run is handed: the ports, the MFA codes and sessions. */
  private readonly runDeps: ChainRunDeps;

  constructor(private readonly options: SessionEngineOptions) {
    this.mfaSessions = new MfaSessionBroker({
      secrets: options.secrets,
      clock: options.clock,
      logger: options.logger,
      durationSeconds: options.mfaSessionDurationSeconds,
    });
    const { sts, roots, identityCenter, clock, logger, userName, allowLongTermKeys, readOnlyPolicies } = options;
    const codes = new MfaCodes(options.mfaPrompt, options.mfaProcess, clock);
    this.runDeps = { sts, roots, identityCenter, clock, logger, codes, mfaSessions: this.mfaSessions, userName, allowLongTermKeys, readOnlyPolicies };
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
    const access = options.access ?? 'full';
    return this.inFlight.join(
      // A run that may not prompt is never shared with one that may, nor a read-only one with one that is not: each would get the wrong answer.
      this.runKey(profileName, model, env, interactive, options.renewing, access),
      (runSignal) => this.run(profileName, model, env, runSignal, interactive, options.renewing, access),
      signal,
      () => assumeCancelled(profileName),
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
  private runKey(profileName: string, model: ProfileModel, env: Environment, interactive: boolean, renewing: RoleSession | undefined, access: SessionAccess): string {
    let modelId = this.modelIds.get(model);
    if (modelId === undefined) {
      modelId = ++this.modelCount;
      this.modelIds.set(model, modelId);
    }
    const awsVariables = Object.entries(env)
      .filter(([name, value]) => name.startsWith('AWS_') && value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // A renewal of a session of keys behind MFA must not be handed that same session back by a run that may reuse it.
    return JSON.stringify([profileName, modelId, awsVariables, interactive, renewing?.credentials.accessKeyId ?? null, access]);
  }

  private async run(
    profileName: string,
    model: ProfileModel,
    env: Environment,
    signal: AbortSignal,
    interactive: boolean,
    renewing: RoleSession | undefined,
    access: SessionAccess,
  ): Promise<RoleSession> {
    const profile = model.byName.get(profileName);
    // Out here so that the catch-all below can strip what the run saw from an unexpected error's text.
    const record = new RunRecord();
    try {
      if (!profile) {
        throw cannotAssume(profileName, 'there is no profile of that name in the AWS config files. Fix the name, or add the profile to the config file.');
      }
      const context: RunContext = {
        profileName,
        profile,
        model,
        env,
        endpoint: resolveStsEndpoint(profile, model, env),
        signal,
        interactive,
        ...(renewing ? { renewing } : {}),
        access,
      };
      const outcome = await new ChainRun(context, record, this.runDeps).assume();
      return this.session(context, outcome, record.stsCalls);
    } catch (error) {
      const failure =
        error instanceof SessionError
          ? error
          : new SessionError('unknown', `Profile "${profileName}": the assume failed: ${quoteForMessage(error instanceof Error ? error.message : String(error), record.secrets)}.`, profileName);
      // Neither is a failure: the person cancelled, or auto-renew learnt it must offer Renew….
      if (failure.kind === 'cancelled' || failure.kind === 'mfa-code-needed') this.options.logger.info(failure.message);
      else this.options.logger.error(failure.message);
      throw failure;
    }
  }

  /** The session a run's outcome makes: its chain root first, as the run went. */
  private session(run: RunContext, outcome: ChainOutcome, stsCalls: number): RoleSession {
    const { credentials, region, assumedRoleArn, identity, credentialsKind, hops, plan } = outcome;
    const chainedByProfile = new Map(plan.map((hop) => [hop.profileName, hop.chained]));
    const chain = hops.map((hop) => {
      const chained = chainedByProfile.get(hop.profileName);
      return { profileName: hop.profileName, kind: hop.kind, ...(hop.roleArn ? { roleArn: hop.roleArn } : {}), ...(chained === undefined ? {} : { chained }) };
    });
    // The device nearest the profile, when several hops name one.
    const mfaSerial = hops.filter((hop) => hop.mfaSerial !== undefined).at(-1)?.mfaSerial ?? outcome.mfaSerial;
    const profileRegion = run.profile.settings.get('region')?.value;
    const notices = plan.flatMap((hop) => (hop.notice ? [hop.notice] : []));
    this.options.logger.info(
      `profile ${run.profileName}: session ready as ${identity.arn}${credentials.expiration ? `, expires ${credentials.expiration.toISOString()}` : ''} (${stsCalls} STS call${stsCalls === 1 ? '' : 's'})`,
    );
    return {
      profileName: run.profileName,
      credentials: copyCredentials(credentials),
      region,
      ...(profileRegion ? { profileRegion } : {}),
      assumedRoleArn,
      identity,
      obtainedAt: this.options.clock.now(),
      stsCalls,
      notices,
      endpoint: run.endpoint?.url,
      chain,
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(outcome.mfaSessionExpiration ? { mfaSessionExpiration: outcome.mfaSessionExpiration } : {}),
      credentialsKind,
      ...(outcome.readOnlyPolicyArns ? { readOnly: { policyArns: outcome.readOnlyPolicyArns } } : {}),
    };
  }
}
