/**
 * One live session's own lifecycle: its credentials, their end watched against the wall clock,
 * its renewal (one at a time, shared by every caller), and the MFA session it rides. It does not
 * decide whether it is the session anyone acts as: its owner (the window's `ActiveSessionService`
 * today; a terminal's, a folder's or a debug launch's tomorrow) starts it, replaces it and ends
 * it, and hears from it through `LiveSessionOwner`.
 *
 * Time: its states are checked against the wall clock at short ticks (once a minute, every
 * second in the last ten minutes, none without a deadline; see `nextCheckDelayMs`) and whenever
 * the owner looks (`noticeEnd`). No deadline waits on one long timer, whose monotonic clock would
 * stop while a laptop sleeps.
 */

import type { ProfileModel } from '../config/types';
import type { ScheduledTimer, TimeSource } from '../vocabulary/ports';
import { accessOf, SessionError, type AssumeOptions, type RoleSession } from '../vocabulary/sessionTypes';
import { msLeft, nextCheckDelayMs } from './expiryTiming';

/** What the lifecycle needs of the session engine to (re)assume a profile. */
export interface RoleAssumer {
  /** Rejects with a `SessionError` of kind `cancelled` soon after `signal` aborts. */
  assume(profileName: string, model: ProfileModel, signal?: AbortSignal, options?: AssumeOptions): Promise<RoleSession>;
}

/** Time and the settings that decide a session's states. */
export interface SessionLifecycleOptions {
  readonly time: TimeSource;
  /** `awsRoles.warnBefore`: seconds before the end at which the session turns `expiring`. */
  readonly warnBeforeSeconds: () => number;
  /**
   * How long before its end `session` is renewed (auto-renew's window), `undefined` when it is
   * not: a tick lands on the window's opening, so the renewal starts on time, not up to a minute late.
   */
  readonly renewBeforeMs?: (session: RoleSession) => number | undefined;
}

/** What a live session's renewal and ticks tell its owner, which publishes them. */
export interface LiveSessionOwner {
  /** A renewal started, failed (the credentials stay until they end) or brought fresh credentials. */
  renewal(reason: 'renewing' | 'renew-ended' | 'renewed'): void;
  /** STS denied the MFA session a renewal rode with an explicit deny: everything riding MFA sessions ends. */
  revoked(): Promise<void>;
  /** A tick fell due: the owner looks at the wall clock. */
  tick(): void;
}

/** Where one live session stands; `none` and `assuming` are its owner's to say. */
export type LiveStatus = 'active' | 'renewing' | 'expiring' | 'expired';

/** A renewal under way: one for every caller. */
interface PendingRenewal {
  /** Whether it may prompt for an MFA code (a person's Renew) or not (auto-renew). */
  readonly interactive: boolean;
  /** Aborted when a newer request, a sign-out or a revocation makes its result of no use. */
  readonly controller: AbortController;
  readonly promise: Promise<RoleSession>;
}

export class LiveSession {
  /** Set once the credentials were seen past their end; sticky until a renewal brings new ones. */
  private expired = false;
  /** Set when the owner replaced or ended it: a renewal that lands later is dropped. */
  private ended = false;
  private renewal: PendingRenewal | undefined;
  private timer: ScheduledTimer | undefined;

  constructor(
    private current: RoleSession,
    private readonly engine: RoleAssumer,
    private readonly model: () => Promise<ProfileModel>,
    private readonly options: SessionLifecycleOptions,
    private readonly owner: LiveSessionOwner,
  ) {}

  /** The session as it is now (its renewed credentials, once renewed), also once expired. */
  get session(): RoleSession {
    return this.current;
  }

  /** The session while its credentials are valid by the wall clock at `now` (or have no end). */
  usableAt(now: number): RoleSession | undefined {
    if (this.expired) return undefined;
    const left = msLeft(this.current.credentials.expiration, now);
    return left === undefined || left > 0 ? this.current : undefined;
  }

  /** Marks the session expired when its end has passed by `now`; true only the first time. */
  noticeEnd(now: number): boolean {
    if (this.expired) return false;
    const left = msLeft(this.current.credentials.expiration, now);
    this.expired = left !== undefined && left <= 0;
    return this.expired;
  }

  /** Its state at `now`, in this order: a renewal under way, ended credentials, the warning time, else active. */
  statusAt(now: number): LiveStatus {
    if (this.renewal) return 'renewing';
    if (this.expired) return 'expired';
    const left = msLeft(this.current.credentials.expiration, now);
    if (left !== undefined && left < this.options.warnBeforeSeconds() * 1000) return 'expiring';
    return 'active';
  }

  /** Sets the next tick from `now`: none once expired or ended, or without a deadline, so an idle window never wakes. */
  watch(now: number): void {
    this.timer?.dispose();
    this.timer = undefined;
    if (this.expired || this.ended) return;
    const left = msLeft(this.current.credentials.expiration, now);
    const delay = nextCheckDelayMs(left, this.options.warnBeforeSeconds() * 1000, this.options.renewBeforeMs?.(this.current));
    if (delay !== undefined) this.timer = this.options.time.schedule(delay, () => this.owner.tick());
  }

  /**
   * Replaces the credentials with fresh ones for the same profile (also once expired). Every
   * caller while one is under way shares it. With `interactive: false` it never prompts; a
   * person's renewal that arrives while such a one runs waits for it, and asks for the code only
   * if it ended needing one. Rejects `superseded` when it was stopped or the session ended meanwhile.
   */
  renew(options: AssumeOptions = {}): Promise<RoleSession> {
    const interactive = options.interactive ?? true;
    const pending = this.renewal;
    if (pending && (pending.interactive || !interactive)) return pending.promise;
    if (pending) {
      return pending.promise.catch((error: unknown) => {
        if (error instanceof SessionError && error.kind === 'mfa-code-needed') return this.renew({ interactive: true });
        throw error;
      });
    }
    const controller = new AbortController();
    const promise = this.runRenewal(controller, interactive);
    this.renewal = { interactive, controller, promise };
    promise.catch(() => undefined);
    this.owner.renewal('renewing');
    return promise;
  }

  /** Stops the renewal under way: its result is of no use any more. */
  stopRenewal(): void {
    const renewal = this.renewal;
    this.renewal = undefined;
    renewal?.controller.abort();
  }

  /**
   * Another window's Sign Out ended the MFA session this one rode: the same credentials, with no
   * promise of a renewal without a code. An automatic renewal under way stops (it would ride the
   * old MFA session); a person's goes on and still applies. Returns the copy, or `undefined` when
   * no MFA session backed it.
   */
  dropMfaSession(): RoleSession | undefined {
    if (!this.current.mfaSessionExpiration) return undefined;
    if (this.renewal && !this.renewal.interactive) this.stopRenewal();
    const { mfaSessionExpiration, ...copy } = this.current;
    this.current = copy;
    return copy;
  }

  /** Replaced or ended by its owner: it stops ticking, and a renewal that lands later is dropped. */
  end(): void {
    this.ended = true;
    this.timer?.dispose();
    this.timer = undefined;
  }

  private async runRenewal(controller: AbortController, interactive: boolean): Promise<RoleSession> {
    const renewing = this.current;
    const profileName = renewing.profileName;
    let renewed: RoleSession;
    try {
      const model = await this.model();
      if (controller.signal.aborted) throw supersededRenewal(profileName);
      // A read-only session renews read-only: the same session policies, read afresh from the setting.
      renewed = await this.engine.assume(profileName, model, controller.signal, { interactive, renewing, access: accessOf(renewing) });
    } catch (error) {
      if (this.renewal?.controller === controller) {
        this.renewal = undefined;
        if (isRevoked(error)) await this.owner.revoked();
        else this.owner.renewal('renew-ended');
      }
      throw controller.signal.aborted ? supersededRenewal(profileName) : error;
    }
    if (this.renewal?.controller === controller) this.renewal = undefined;
    // A newer assume or a sign-out came meanwhile: they win, this result is dropped.
    if (controller.signal.aborted || this.ended) throw supersededRenewal(profileName);
    this.current = renewed;
    this.expired = false;
    this.owner.renewal('renewed');
    return renewed;
  }
}

export function isRevoked(error: unknown): boolean {
  return error instanceof SessionError && error.kind === 'revoked';
}

function supersededRenewal(profileName: string): SessionError {
  return new SessionError('superseded', `The renewal of profile "${profileName}" was replaced by a newer request (an assume, or Sign Out); nothing changed.`, profileName);
}
