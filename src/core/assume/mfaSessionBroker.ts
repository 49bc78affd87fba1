/**
 * The MFA-session broker: hands the first hop of a chain the MFA session (GetSessionToken with a
 * code) of its root keys and MFA device, so one code serves every role over them until it ends.
 * It shares one GetSessionToken between runs that need the same session at once, keeps sessions
 * in SecretStore (`MfaSessionStore`) and reuses them until a margin before they end, drops one
 * STS refuses (trying a stored one once more with a new session). Each run first reads the
 * sign-out epoch (`mfaSessionStore.ts`) and rides only a session of that epoch, stored or shared:
 * after a Sign Out in any window, no run that starts later rides a session obtained before it.
 * A generation bumped by `forgetAll()` also keeps this window from storing a session under way.
 *
 * Asking for the code and calling STS stay with the engine (`MfaSessionRequest.obtain`): the
 * broker decides only when a new session is needed and what becomes of it.
 */

import { MfaSessionStore, mfaSessionKey, type SignOutEpoch } from './mfaSessionStore';
import { clampMfaSessionSeconds } from './hopSettings';
import type { AwsCredentials, Clock, SecretStore, SessionLogger } from '../vocabulary/ports';
import { shortKeyId } from '../vocabulary/redaction';
import { SharedTasks } from '../vocabulary/sharedTasks';
import { SessionError } from '../vocabulary/sessionTypes';

/** A stored MFA session is treated as ended this long before STS ends it. */
export const MFA_SESSION_EXPIRY_MARGIN_MS = 60_000;

/** An MFA session's credentials: always temporary, always with an end. */
export type MfaSessionCredentials = AwsCredentials & { readonly sessionToken: string; readonly expiration: Date };

export interface MfaSessionBrokerOptions {
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly logger: SessionLogger;
  /** The MFA-session setting, read when a new session is made; clamped to GetSessionToken's range. */
  readonly durationSeconds: () => number;
}

/** What one run needs an MFA session for. */
export interface MfaSessionRequest {
  /** The profile being assumed: names the run in the log. */
  readonly profileName: string;
  /** The root profile whose long-term keys make the session. */
  readonly rootProfileName: string;
  readonly rootCredentials: AwsCredentials;
  readonly mfaSerial: string;
  /** The STS endpoint it is sent to: a session is only ever sent back to the STS that issued it. */
  readonly endpoint?: string;
  /** Whether the run may prompt: a GetSessionToken is shared only between runs that agree. */
  readonly interactive: boolean;
  /**
   * A stored session with this key id is not reused: it is the one being renewed (a session of
   * long-term keys behind MFA is its MFA session), and handing it back would renew nothing.
   */
  readonly unlessAccessKeyId?: string;
  /** The run's cancel: it stops this run's wait; the shared GetSessionToken stops when every run waiting for it has cancelled. */
  readonly signal: AbortSignal;
  /** The error a cancelled wait rejects with. */
  readonly cancelled: () => Error;
  /**
   * Gets a new MFA session: asks for the code and calls GetSessionToken for `durationSeconds`.
   * `signal` is the shared one: it aborts only when no run wants the session any more.
   */
  readonly obtain: (durationSeconds: number, signal: AbortSignal) => Promise<MfaSessionCredentials>;
}

/** An MFA session ready to use. */
interface MfaLease {
  readonly credentials: MfaSessionCredentials;
  /** True when it came from SecretStore rather than a GetSessionToken just now. */
  readonly reused: boolean;
  /** True when later runs can have it too: it came from SecretStore or was stored there. */
  readonly kept: boolean;
}

export class MfaSessionBroker {
  private readonly store: MfaSessionStore;
  private readonly inFlight = new SharedTasks<MfaLease>();
  /** Bumped by `forgetAll()`, so a GetSessionToken already under way does not store its result. */
  private generation = 0;

  constructor(private readonly options: MfaSessionBrokerOptions) {
    this.store = new MfaSessionStore(options.secrets);
  }

  /**
   * Runs `use` with the MFA session for `request` (shared, stored, or new), and whether it was
   * kept from before. When STS refuses a session (expired, invalid or revoked credentials) it is
   * deleted; a stored one that expired or became invalid is then replaced by a new one once and
   * `use` runs again, while one made a moment ago, or a revoked one, fails at once.
   * Resolves with what `use` returned and when the session it rode ends; no end when that
   * session was not kept (a sign-out, here or in another window, came while it was obtained),
   * since no later run can ride it.
   */
  async withMfaSession<T>(request: MfaSessionRequest, use: (credentials: MfaSessionCredentials, kept: boolean) => Promise<T>): Promise<{ result: T; expiration: Date | undefined }> {
    const key = mfaSessionKey(request.rootProfileName, request.mfaSerial, request.endpoint);
    let lease = await this.lease(request, key);
    for (let retried = false; ; retried = true) {
      try {
        const result = await use(lease.credentials, lease.reused);
        return { result, expiration: lease.kept ? lease.credentials.expiration : undefined };
      } catch (error) {
        if (!(error instanceof SessionError) || (error.kind !== 'expired-credentials' && error.kind !== 'invalid-credentials' && error.kind !== 'revoked')) throw error;
        // Only if it is still the one STS refused: another run may have replaced it.
        await this.store.discard(key, lease.credentials.accessKeyId);
        // A revocation is the administrator's kill switch: the person decides when to type a new code.
        if (!lease.reused || retried || error.kind === 'revoked') throw error;
        this.options.logger.warn(
          `profile ${request.profileName}: STS rejected the stored MFA session for ${request.rootProfileName}/${request.mfaSerial} (${error.causeName}); it was deleted, asking for a new code`,
        );
        lease = await this.lease(request, key);
      }
    }
  }

  /**
   * Ends every stored MFA session, in every window: stores a new sign-out epoch, then deletes the
   * sessions the index names. Keeps any GetSessionToken under way here from storing its result
   * or being joined by a later run. Resolves with how many the index named.
   */
  forgetAll(): Promise<number> {
    this.dropSessionsUnderWay();
    return this.store.forgetAll();
  }

  /**
   * Another window deleted every stored MFA session (its Sign Out): a GetSessionToken under way
   * here stores nothing, and no later run joins it. What is stored now is left alone.
   */
  dropSessionsUnderWay(): void {
    this.generation += 1;
    this.inFlight.forgetAll();
  }

  /**
   * The MFA session for `key`: shared with any run already getting it over the same root key in
   * the same epoch, else stored, else new. The GetSessionToken (and its prompt) stops only when
   * every run waiting for it has been cancelled.
   */
  private async lease(request: MfaSessionRequest, key: string): Promise<MfaLease> {
    // Read by each run for itself, as it starts: a run shares only with runs that read the same
    // epoch, so one that starts after a Sign Out never joins a load or GetSessionToken begun before it.
    const epoch = await this.store.currentEpoch();
    return this.inFlight.join(
      JSON.stringify([key, request.rootCredentials.accessKeyId, request.interactive, request.unlessAccessKeyId ?? null, epoch]),
      (sharedSignal) => this.loadOrObtain(request, key, epoch, sharedSignal),
      request.signal,
      request.cancelled,
    );
  }

  private async loadOrObtain(request: MfaSessionRequest, key: string, epoch: SignOutEpoch, sharedSignal: AbortSignal): Promise<MfaLease> {
    const { rootProfileName, rootCredentials } = request;
    const name = `${rootProfileName}/${request.mfaSerial}`;
    const log = (message: string) => this.options.logger.info(`profile ${request.profileName}: ${message}`);
    const stored = await this.store.load(key, epoch);
    if (stored === 'stale') {
      log(`MFA session for ${name} is of another sign-out epoch (stored before a Sign Out, or by an earlier version); not used, a new one is needed`);
    } else if (stored) {
      const usableUntil = stored.credentials.expiration.getTime() - MFA_SESSION_EXPIRY_MARGIN_MS;
      if (stored.rootAccessKeyId !== rootCredentials.accessKeyId) {
        log(`MFA session for ${name} was made with other keys of profile "${rootProfileName}"; a new one is needed`);
      } else if (stored.credentials.accessKeyId === request.unlessAccessKeyId) {
        log(`MFA session for ${name} is the session being renewed; a new one is needed`);
      } else if (usableUntil > this.options.clock.now()) {
        log(`MFA session for ${name} reused, expires ${stored.credentials.expiration.toISOString()}`);
        return { credentials: stored.credentials, reused: true, kept: true };
      } else {
        log(`MFA session for ${name} expired at ${stored.credentials.expiration.toISOString()}; a new one is needed`);
      }
    }
    const generation = this.generation;
    const durationSeconds = clampMfaSessionSeconds(this.options.durationSeconds());
    log(`MFA session for ${name}: GetSessionToken (${durationSeconds} s) with key ${shortKeyId(rootCredentials.accessKeyId)}`);
    const credentials = await request.obtain(durationSeconds, sharedSignal);
    // Asked in the store's queue right before the write: a sign-out (or a cancel) that came
    // while the code was asked for or the write waited must leave nothing stored.
    // Stamped with the epoch read before the code was asked for and GetSessionToken sent.
    const saved = await this.store.save(key, { credentials, rootAccessKeyId: rootCredentials.accessKeyId }, epoch, () => generation === this.generation && !sharedSignal.aborted);
    log(
      `MFA session for ${name} obtained with key ${shortKeyId(credentials.accessKeyId)}, expires ${credentials.expiration.toISOString()}${saved ? '' : ' (not stored: signed out or cancelled meanwhile)'}`,
    );
    return { credentials, reused: false, kept: saved };
  }
}
