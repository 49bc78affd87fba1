/**
 * One run of the session engine: a profile's chain, root first. The root's credentials, then
 * each hop of the plan (`hopPlan.ts`), each signed by the one before, proving MFA with a code
 * (`MfaCodes`) or by riding the root's MFA session (`MfaSessionBroker`); for a profile that is
 * no role, the root's own temporary credentials or a session of its keys. Each step returns
 * what it obtained; the run ends with a `ChainOutcome` the engine makes a session of.
 *
 * What must outlive a failure half-way (the STS calls made, and every secret seen, to strip from
 * any error's text) is kept in the run's `RunRecord`, filled where secrets enter the run: the
 * root's credentials, STS's answers, MFA sessions, and codes.
 */

import type { ChainHop } from '../config/types';
import type { AwsCredentials, CallerIdentity, Clock, RootCredentialsPort, SessionLogger, StsPort } from '../vocabulary/ports';
import { shortKeyId, withoutUserInfo } from '../vocabulary/redaction';
import { assumeCancelled, SessionError, type SessionCredentialsKind } from '../vocabulary/sessionTypes';
import { assumableHops, planRoleHops, type PlannedHop } from './hopPlan';
import { KEYS_SESSION_SECONDS, resolveRegion } from './hopSettings';
import type { MfaCodeRequest, MfaCodes } from './mfaCodes';
import type { MfaSessionBroker, MfaSessionCredentials, MfaSessionRequest } from './mfaSessionBroker';
import { resolveRootCredentials, type IdentityCenterRoots } from './rootCredentials';
import { narrowLastHop, notARole, policyNames, readOnlyPolicyArns } from './sessionPolicies';
import { PROFILE_KINDS } from '../config/profileKinds';
import type { RunContext, RunRecord } from './runContext';
import { describeWhere, toSessionError, type StsErrorContext } from './stsErrors';

/** The engine's ports and helpers a run uses. */
export interface ChainRunDeps {
  readonly sts: StsPort;
  readonly roots: RootCredentialsPort;
  /** SSO roots through the extension's own Identity Center sign-in. */
  readonly identityCenter?: IdentityCenterRoots;
  readonly clock: Clock;
  readonly logger: SessionLogger;
  readonly codes: MfaCodes;
  readonly mfaSessions: MfaSessionBroker;
  /** The OS user, for default role session names. */
  readonly userName: string;
  /** Whether the person allowed `profileName`'s long-term keys to be handed out as they are. */
  readonly allowLongTermKeys?: (profileName: string) => boolean;
  /** The person's `awsRoles.readOnlyPolicies` (policy ARNs by profile name), read at a read-only assume. */
  readonly readOnlyPolicies?: () => Readonly<Record<string, unknown>> | undefined;
}

/** What a run ends with: the last credentials, whose they are, and how they were reached. */
export interface ChainOutcome {
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly assumedRoleArn?: string;
  readonly identity: CallerIdentity;
  readonly credentialsKind: SessionCredentialsKind;
  /** The chain's hops, root first. */
  readonly hops: readonly ChainHop[];
  /** The AssumeRole calls made, root first (none for a profile that is no role). */
  readonly plan: readonly PlannedHop[];
  /** For a session of keys behind MFA: the device its MFA session is for (a role's comes from its hops). */
  readonly mfaSerial?: string;
  /** When the MFA session the first hop (or the keys' session) rode ends, when one was kept. */
  readonly mfaSessionExpiration?: Date;
  /** For a read-only session: the session policies its last AssumeRole sent. */
  readonly readOnlyPolicyArns?: readonly string[];
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

/** One hop's AssumeRole answer, and the end of the MFA session it rode, if it rode one that was kept. */
interface HopResult {
  readonly assumed: AssumedRole;
  readonly mfaSessionExpiration?: Date;
}

type AssumedRole = Awaited<ReturnType<StsPort['assumeRole']>>;
type StsCallContext = Omit<StsErrorContext, 'profileName' | 'endpoint' | 'redact'>;

export class ChainRun {
  constructor(
    private readonly run: RunContext,
    private readonly record: RunRecord,
    private readonly deps: ChainRunDeps,
  ) {}

  /** Root credentials first, then each planned hop from the root up, each signed by the one before. */
  async assume(): Promise<ChainOutcome> {
    const { run } = this;
    const hops = assumableHops(run.profile);
    const [root] = hops;
    // Refused before anything is asked for: no code is typed for a session that could not be narrowed.
    if (run.access === 'read-only' && run.profile.kind !== 'role') throw notARole(run.profileName, `a profile of ${PROFILE_KINDS[run.profile.kind].label}`);
    if (run.endpoint) this.log(`STS endpoint ${withoutUserInfo(run.endpoint.url)} (from ${run.endpoint.source})`);

    const rootCredentials = await resolveRootCredentials(run, root, { roots: this.deps.roots, identityCenter: this.deps.identityCenter, log: (message) => this.log(message) }, this.record.secrets);
    this.record.rememberCredentials(rootCredentials);
    this.throwIfCancelled();
    const region = resolveRegion([run.profile], run.env);
    const rolePlan = planRoleHops({
      profile: run.profile,
      model: run.model,
      hops,
      env: run.env,
      userName: this.deps.userName,
      rootHasSessionToken: rootCredentials.sessionToken !== undefined,
    });
    if (rolePlan.length === 0) {
      if (run.access === 'read-only') throw notARole(run.profileName, 'no role');
      return { ...(await this.rootSession(root, rootCredentials, region)), hops, plan: rolePlan };
    }
    const readOnlyPolicyArnsSent = run.access === 'read-only' ? readOnlyPolicyArns(run.profileName, rolePlan.at(-1)!.roleArn, this.deps.readOnlyPolicies?.()) : undefined;
    const plan = readOnlyPolicyArnsSent ? narrowLastHop(rolePlan, readOnlyPolicyArnsSent) : rolePlan;

    let source: Source = { credentials: rootCredentials, profileName: root.profileName };
    let last: AssumedRole | undefined;
    let mfaSessionExpiration: Date | undefined;
    for (const hop of plan) {
      if (hop.notice) this.deps.logger.warn(`profile ${run.profileName}: ${hop.notice}`);
      const result = await this.assumePlannedHop(hop, source);
      const assumed = result.assumed;
      this.refuseEndedOnArrival(hop.profileName, assumed.expiration);
      this.log(`${hop.label} assumed ${assumed.assumedRoleArn} with key ${shortKeyId(assumed.accessKeyId)}, expires ${assumed.expiration.toISOString()}`);
      source = { credentials: copyCredentials(assumed), profileName: hop.profileName, callerArn: assumed.assumedRoleArn };
      mfaSessionExpiration = result.mfaSessionExpiration ?? mfaSessionExpiration;
      last = assumed;
    }
    const assumedRoleArn = last!.assumedRoleArn;
    const identity: CallerIdentity = { arn: assumedRoleArn, account: assumedRoleArn.split(':')[4] ?? '', userId: last!.assumedRoleId ?? '' };
    return {
      credentials: source.credentials,
      region,
      assumedRoleArn,
      identity,
      credentialsKind: 'role',
      hops,
      plan,
      ...(mfaSessionExpiration ? { mfaSessionExpiration } : {}),
      ...(readOnlyPolicyArnsSent ? { readOnlyPolicyArns: readOnlyPolicyArnsSent } : {}),
    };
  }

  /**
   * A profile that is not a role: its root's credentials, if they are temporary already; else a
   * session of its long-term keys (GetSessionToken), unless the person allowed the keys themselves.
   */
  private async rootSession(root: ChainHop, credentials: AwsCredentials, region: string): Promise<Omit<ChainOutcome, 'hops' | 'plan'>> {
    const { run } = this;
    if (credentials.sessionToken !== undefined) {
      const identity = await this.whoIs(root.profileName, credentials, region);
      return { credentials, region, assumedRoleArn: identity.arn.includes(':assumed-role/') ? identity.arn : undefined, identity, credentialsKind: 'temporary-root' };
    }
    if (this.deps.allowLongTermKeys?.(run.profileName) === true) {
      this.log(`long-term keys ${shortKeyId(credentials.accessKeyId)} of profile "${root.profileName}" handed out as they are: awsRoles.allowLongTermKeys names this profile`);
      const identity = await this.whoIs(root.profileName, credentials, region);
      return { credentials, region, identity, credentialsKind: 'long-term-keys' };
    }
    const mfaSerial = run.model.byName.get(root.profileName)?.settings.get('mfa_serial')?.value;
    const keys: Source = { credentials, profileName: root.profileName };
    if (mfaSerial) {
      // Behind MFA the session of the keys is the MFA session itself: one code serves it and every role over the same keys and device.
      const { result, expiration } = await this.rideMfaSession(
        {
          rootProfileName: root.profileName,
          rootCredentials: credentials,
          mfaSerial,
          // Renewing this very session: a new MFA session (a code), not the same one handed back.
          ...(run.renewing ? { unlessAccessKeyId: run.renewing.credentials.accessKeyId } : {}),
          obtain: (durationSeconds, sharedSignal) => this.getSessionToken({ profileName: root.profileName, region, mfaSerial }, keys, durationSeconds, sharedSignal),
        },
        async (sessionCredentials) => ({ credentials: sessionCredentials, identity: await this.whoIs(root.profileName, sessionCredentials, region) }),
      ).catch((error: unknown) => {
        throw refusedSessionToken(error, run.profileName, root.profileName);
      });
      this.log(`session of the keys of profile "${root.profileName}": the MFA session for ${mfaSerial}`);
      return {
        credentials: copyCredentials(result.credentials),
        region,
        identity: result.identity,
        credentialsKind: 'keys-session',
        mfaSerial,
        ...(expiration ? { mfaSessionExpiration: expiration } : {}),
      };
    }
    this.log(`session of the long-term keys of profile "${root.profileName}": GetSessionToken (${KEYS_SESSION_SECONDS} s) with key ${shortKeyId(credentials.accessKeyId)}`);
    const session = await this.stsCall(
      { hopProfileName: root.profileName, action: 'GetSessionToken', sourceProfileName: root.profileName, accessKeyId: credentials.accessKeyId, region },
      (sts) => sts.getSessionToken({ credentials, region, endpoint: run.endpoint?.url, durationSeconds: KEYS_SESSION_SECONDS }),
    ).catch((error: unknown) => {
      throw refusedSessionToken(error, run.profileName, root.profileName);
    });
    this.refuseEndedOnArrival(root.profileName, session.expiration);
    if (!session.sessionToken) {
      throw new SessionError('unknown', `Profile "${run.profileName}": STS answered GetSessionToken without a session token.`, run.profileName, root.profileName);
    }
    const identity = await this.whoIs(root.profileName, session, region);
    return { credentials: copyCredentials(session), region, identity, credentialsKind: 'keys-session' };
  }

  /** Confirms credentials work and says whose they are: one GetCallerIdentity. */
  private async whoIs(profileName: string, credentials: AwsCredentials, region: string): Promise<CallerIdentity> {
    this.log(`checking the credentials of profile "${profileName}" with GetCallerIdentity`);
    const identity = await this.stsCall(
      { hopProfileName: profileName, action: 'GetCallerIdentity', sourceProfileName: profileName, accessKeyId: credentials.accessKeyId, region, obtainedSession: credentials.expiration !== undefined },
      (sts) => sts.getCallerIdentity({ credentials, region, endpoint: this.run.endpoint?.url }),
    );
    this.log(`credentials belong to ${identity.arn}`);
    return identity;
  }

  /** One hop, proving MFA the way the plan says. */
  private async assumePlannedHop(hop: PlannedHop, source: Source): Promise<HopResult> {
    switch (hop.mfa) {
      case 'none':
        return { assumed: await this.assumeHop(hop, { source }) };
      case 'mfa-session':
        return this.assumeWithMfaSession(hop, source);
      case 'code': {
        const serialNumber = hop.mfaSerial;
        this.log(`${hop.label} needs an MFA code for ${serialNumber}`);
        const assumed = await this.withCode(hop.profileName, serialNumber, this.run.signal, (tokenCode) => this.assumeHop(hop, { source, mfaCode: { serialNumber, tokenCode } }));
        return { assumed };
      }
    }
  }

  /** The first hop over long-term keys, through the root's (stored, shared or new) MFA session instead of a code. */
  private async assumeWithMfaSession(hop: PlannedHop & { readonly mfaSerial: string }, root: Source): Promise<HopResult> {
    const { result, expiration } = await this.rideMfaSession(
      {
        rootProfileName: root.profileName,
        rootCredentials: root.credentials,
        mfaSerial: hop.mfaSerial,
        obtain: (durationSeconds, sharedSignal) => this.getSessionToken({ profileName: hop.profileName, region: hop.region, mfaSerial: hop.mfaSerial }, root, durationSeconds, sharedSignal),
      },
      (credentials, kept) =>
        this.assumeHop(hop, { source: { credentials, profileName: root.profileName }, via: kept ? 'kept MFA session' : 'MFA session', keptMfaSession: kept }),
    );
    return { assumed: result, mfaSessionExpiration: expiration };
  }

  /** `use` with the MFA session of the root's keys from the broker; the session's secrets are remembered as it arrives. */
  private rideMfaSession<T>(
    request: Pick<MfaSessionRequest, 'rootProfileName' | 'rootCredentials' | 'mfaSerial' | 'unlessAccessKeyId' | 'obtain'>,
    use: (credentials: MfaSessionCredentials, kept: boolean) => Promise<T>,
  ): Promise<{ result: T; expiration: Date | undefined }> {
    const { run } = this;
    return this.deps.mfaSessions.withMfaSession(
      {
        ...request,
        profileName: run.profileName,
        endpoint: run.endpoint?.url,
        signal: run.signal,
        interactive: run.interactive,
        cancelled: () => assumeCancelled(run.profileName),
      },
      (credentials, kept) => {
        this.record.rememberCredentials(credentials);
        return use(credentials, kept);
      },
    );
  }

  /**
   * A new MFA session for the root's long-term keys: a code, then one GetSessionToken. `hop` is
   * the profile whose `mfa_serial` asks for the code (the first role, or the keys' own profile).
   * `signal` is the broker's shared one: another run may still want this session.
   */
  private async getSessionToken(
    hop: { readonly profileName: string; readonly region: string; readonly mfaSerial: string },
    root: Source,
    durationSeconds: number,
    signal: AbortSignal,
  ): Promise<MfaSessionCredentials> {
    const serialNumber = hop.mfaSerial;
    const credentials = await this.withCode(hop.profileName, serialNumber, signal, (tokenCode) =>
      this.stsCall(
        { hopProfileName: hop.profileName, action: 'GetSessionToken', sourceProfileName: root.profileName, accessKeyId: root.credentials.accessKeyId, mfaSerial: serialNumber, region: hop.region },
        (sts) => sts.getSessionToken({ credentials: root.credentials, region: hop.region, endpoint: this.run.endpoint?.url, durationSeconds, serialNumber, tokenCode }),
        signal,
      ),
    );
    // Before the broker stores it: an MFA session that has already ended must not be kept.
    this.refuseEndedOnArrival(hop.profileName, credentials.expiration);
    if (!credentials.sessionToken) {
      throw new SessionError('unknown', `Profile "${this.run.profileName}": STS answered GetSessionToken without a session token.`, this.run.profileName, hop.profileName);
    }
    return { ...credentials, sessionToken: credentials.sessionToken };
  }

  /** One AssumeRole, logged, counted and with its failure mapped. */
  private assumeHop(hop: PlannedHop, { source, mfaCode, via, keptMfaSession }: Signer): Promise<AssumedRole> {
    const keys = via ?? `keys ${shortKeyId(source.credentials.accessKeyId)}`;
    const withMfa = mfaCode ? ` and an MFA code for ${mfaCode.serialNumber}` : '';
    const narrowed = hop.policyArns ? `, narrowed by session policies ${policyNames(hop.policyArns)}` : '';
    this.log(`${hop.label} assume ${hop.roleArn} as ${hop.roleSessionName} (${hop.durationSeconds} s) with ${keys}${via ? ` ${shortKeyId(source.credentials.accessKeyId)}` : ''}${withMfa} in ${hop.region}${narrowed}`);
    return this.stsCall(
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
      (sts) =>
        sts.assumeRole({
          credentials: source.credentials,
          region: hop.region,
          endpoint: this.run.endpoint?.url,
          roleArn: hop.roleArn,
          roleSessionName: hop.roleSessionName,
          durationSeconds: hop.durationSeconds,
          externalId: hop.externalId,
          serialNumber: mfaCode?.serialNumber,
          tokenCode: mfaCode?.tokenCode,
          ...(hop.policyArns ? { policyArns: hop.policyArns } : {}),
        }),
    );
  }

  /**
   * One STS call: counted, its answer's secrets remembered, its failure mapped to a
   * `SessionError`; a cancelled run (`signal`) makes no more calls.
   */
  private async stsCall<T>(context: StsCallContext, call: (sts: StsPort) => Promise<T>, signal = this.run.signal): Promise<T> {
    this.throwIfCancelled(signal);
    this.record.countCall();
    let result: T;
    try {
      result = await call(this.deps.sts);
    } catch (error) {
      this.throwIfCancelled(signal);
      throw toSessionError(error, { ...context, profileName: this.run.profileName, endpoint: this.run.endpoint?.url, redact: this.record.secrets });
    }
    if (hasSecretKey(result)) this.record.rememberCredentials(result);
    this.throwIfCancelled(signal);
    return result;
  }

  /** `attempt` with codes for `mfaSerial` (typed or from `mfa_process`); each code is remembered before it is sent. */
  private withCode<T>(hopProfileName: string, mfaSerial: string, signal: AbortSignal, attempt: (tokenCode: string) => Promise<T>): Promise<T> {
    return this.deps.codes.withCode(this.codeRequest(hopProfileName, mfaSerial, signal), (tokenCode) => {
      this.record.rememberCode(tokenCode);
      return attempt(tokenCode);
    });
  }

  private codeRequest(hopProfileName: string, mfaSerial: string, signal: AbortSignal): MfaCodeRequest {
    const { run } = this;
    const own = run.model.byName.get(hopProfileName)?.settings.get('mfa_process')?.value;
    const picked = run.profile.settings.get('mfa_process')?.value;
    const process = own ? { command: own, profileName: hopProfileName } : picked ? { command: picked, profileName: run.profileName } : undefined;
    return { profileName: run.profileName, hopProfileName, mfaSerial, process, log: (message) => this.log(message), signal, interactive: run.interactive };
  }

  /**
   * Credentials that end before they arrive, by this computer's clock: STS's clock and ours
   * disagree by more than their lifetime (the SDK corrects its signing time from STS's Date
   * header, so the request itself succeeds). Handing them out would be handing out ended
   * credentials; saying why lets the person fix the clock.
   */
  private refuseEndedOnArrival(hopProfileName: string, expiration: Date | undefined): void {
    const now = this.deps.clock.now();
    if (expiration === undefined || expiration.getTime() > now) return;
    const { profileName } = this.run;
    throw new SessionError(
      'clock-skew',
      `${describeWhere(profileName, hopProfileName)}: STS issued credentials that end at ${expiration.toISOString()}, already past by this computer's clock (${new Date(now).toISOString()}). This computer's clock is wrong: turn on automatic time, then try again.`,
      profileName,
      hopProfileName,
    );
  }

  private throwIfCancelled(signal = this.run.signal): void {
    if (signal.aborted) throw assumeCancelled(this.run.profileName);
  }

  private log(message: string): void {
    this.deps.logger.info(`profile ${this.run.profileName}: ${message}`);
  }
}

/** Just the credentials (no ARNs or ids riding along), without keys whose value is absent. */
export function copyCredentials(credentials: AwsCredentials): AwsCredentials {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(expiration === undefined ? {} : { expiration }),
  };
}

/** An STS answer that carries credentials (AssumeRole, GetSessionToken), as opposed to an identity. */
function hasSecretKey(result: unknown): result is Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'> {
  return typeof result === 'object' && result !== null && typeof (result as { secretAccessKey?: unknown }).secretAccessKey === 'string';
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
