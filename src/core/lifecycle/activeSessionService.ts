/**
 * The one owner of the window's active session and of its lifecycle. Every feature that needs
 * the session (the tree's marks, the status bar, and later renewal and injection) listens to
 * `onDidChangeSession` or `onDidChangeState`; only this service assumes, replaces or ends it.
 *
 * Requests are ordered by a generation number: each assume and each sign-out takes the next
 * one, and an assume's result becomes active only if no newer request came since. So the
 * newest request always wins, whatever order the STS answers arrive in, and a sign-out is
 * never undone by an assume that was under way. A renewal (and a restore after a reload) takes
 * no number of its own: it applies only if no assume or sign-out came since it started, so a
 * renewal in the background never cancels what the person asked for.
 *
 * Time: the session's states (see `SessionStatus`) are checked against the wall clock at short
 * ticks (once a minute, every second in the last ten minutes, never without a deadline), and
 * at once when `checkNow()` is called (the window regained focus, a setting changed). No
 * deadline waits on one long timer, whose monotonic clock would stop while a laptop sleeps.
 * `current`, which hands out the credentials, compares their end with the wall clock itself.
 */

import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import type { ProfileModel } from '../config/types';
import { msLeft, nextCheckDelayMs } from './expiryTiming';
import type { CallerIdentity, ScheduledTimer, TimeSource } from '../vocabulary/ports';
import { SessionError, type AssumeOptions, type RoleSession } from '../vocabulary/sessionTypes';

/** What the service needs from the session engine. */
export interface SessionAssumer {
  /** Rejects with a `SessionError` of kind `cancelled` soon after `signal` aborts. */
  assume(profileName: string, model: ProfileModel, signal?: AbortSignal, options?: AssumeOptions): Promise<RoleSession>;
  getCallerIdentity(session: RoleSession): Promise<CallerIdentity>;
  forgetMfaSessions(): Promise<void>;
  /** Another window deleted the stored MFA sessions: keep nothing of them under way here. */
  mfaSessionsEndedElsewhere(): void;
}

/** Why the active session changed. */
export type SessionChangeReason =
  /** A session became active where there was none. */
  | 'assumed'
  /** A session replaced another one. */
  | 'switched'
  /** The same profile's session was replaced by fresh credentials (`renew()`, issue 8 §3). */
  | 'renewed'
  /** The session's credentials ended; it is kept for display, but its credentials are no longer handed out. */
  | 'expired'
  /** The user signed out. */
  | 'signed-out'
  /**
   * STS denied the MFA session the window's sessions ride on with an explicit deny: an
   * administrator revoked it. The session ended and every MFA session was forgotten.
   */
  | 'revoked'
  /** A session kept from before a window reload was brought back (issue 8 §1). */
  | 'restored'
  /**
   * Another window signed out, ending the MFA session this one rode: same credentials, but its
   * renewal now needs an MFA code (`mfaSessionExpiration` is gone).
   */
  | 'mfa-session-ended';

export interface SessionChange {
  /**
   * The window's session now: `undefined` when there is none; for `expired`, the session that
   * ended (`current` no longer returns it).
   */
  readonly session: RoleSession | undefined;
  readonly reason: SessionChangeReason;
}

/**
 * Where the window's session stands.
 * - `none`: no session, no assume under way.
 * - `assuming`: an assume is under way; `session` is the one still in use, if any.
 * - `active`: credentials valid for longer than the warning time (`warnBefore`), or with no end.
 * - `renewing`: a renewal of the session is under way (issue 8 §3); the session stays usable.
 * - `expiring`: less than the warning time left.
 * - `expired`: the credentials ended; nothing hands them out any more. Stays so until the next
 *   assume, renewal or sign-out, even if the wall clock is set back.
 * `assuming` and `renewing` say what is under way; the session's end is still watched meanwhile
 * (its `expired` session event fires, and `current` refuses its credentials).
 */
export type SessionStatus = 'none' | 'assuming' | 'active' | 'renewing' | 'expiring' | 'expired';

export interface SessionState {
  readonly status: SessionStatus;
  /** The session the window acts as, or the one that expired; `undefined` when there is none. */
  readonly session: RoleSession | undefined;
  /** The profile being assumed, in `assuming` only. */
  readonly assumingProfileName?: string;
}

/** Why the state changed: a session change, or one of the steps between them. */
export type SessionStateChangeReason =
  | SessionChangeReason
  /** An assume started. */
  | 'assuming'
  /** An assume failed or was cancelled; the previous session (if any) stands. */
  | 'assume-ended'
  /** A renewal started. */
  | 'renewing'
  /** A renewal failed or was cancelled; the session keeps its credentials until they end. */
  | 'renew-ended'
  /** Less than the warning time is left. */
  | 'expiring'
  /** The wall clock was set back, out of the warning time again. */
  | 'clock-changed';

export interface SessionStateChange {
  readonly state: SessionState;
  readonly reason: SessionStateChangeReason;
}

/** Time and the settings that decide the session's states. */
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

/** An assume that has not settled yet. */
/** A renewal under way: one for every caller. */
interface PendingRenewal {
  /** The generation it started in: a newer assume or a sign-out makes its result stale. */
  readonly generation: number;
  readonly session: RoleSession;
  /** Whether it may prompt for an MFA code (a person's Renew) or not (auto-renew). */
  readonly interactive: boolean;
  readonly controller: AbortController;
  readonly promise: Promise<RoleSession>;
}

interface PendingAssume {
  readonly generation: number;
  readonly profileName: string;
  /** Aborted when the request is cancelled by its caller or replaced by a newer request. */
  readonly controller: AbortController;
  /** How the request ends, for older requests of the same profile that defer to it. */
  readonly outcome: Promise<RoleSession>;
}

export class ActiveSessionService implements Disposable {
  private readonly changed = new Emitter<SessionChange>();
  /** Fires when the session starts, changes, expires or ends, with the reason. */
  readonly onDidChangeSession: Event<SessionChange> = this.changed.event;
  private readonly stateChanged = new Emitter<SessionStateChange>();
  /** Fires once for every change of `state` (each session change, and the steps between them). */
  readonly onDidChangeState: Event<SessionStateChange> = this.stateChanged.event;
  private readonly checked = new Emitter<number>();
  /** Fires at every look at the wall clock (a tick or `checkNow()`), with the time, after any state change it caused: countdowns re-render on it. */
  readonly onDidCheckClock: Event<number> = this.checked.event;
  /** The window's session; still set once expired (for display and renewal), cleared by sign-out. */
  private active: RoleSession | undefined;
  /** Set when `active` was seen past its end; sticky until the session is replaced or ended. */
  private expiredSession: RoleSession | undefined;
  /** Taken by every assume and sign-out; only the newest one may change the active session. */
  private generation = 0;
  /** The newest assume (running or settled); cleared by sign-out. */
  private newest: PendingAssume | undefined;
  /** The newest assume while it runs: the state is `assuming`. */
  private assuming: PendingAssume | undefined;
  /** The renewal under way, shared by every caller of `renew()`. */
  private renewal: PendingRenewal | undefined;
  /**
   * Sessions assumed for one use (debug launches' `"awsProfile"`), in memory only, so that a
   * burst of launches makes one assume. Reused while more than half their life is left, on the
   * same model; a sign-out or a revocation empties it.
   */
  private readonly oneUse = new Map<string, { readonly model: ProfileModel; readonly generation: number; readonly session: RoleSession }>();
  /**
   * One-use assumes under way, each aborted by a sign-out or a revocation (and by nothing else:
   * `generation` moves with every assume of the window's own, which must not stop a launch).
   */
  private readonly oneUseRuns = new Set<AbortController>();
  /**
   * A session whose MFA session another window ended, to the copy that replaced it without one:
   * a person's renewal of the session under way still applies to the copy.
   */
  private readonly withoutMfaSession = new WeakMap<RoleSession, RoleSession>();
  /** The state listeners last heard of. */
  private published: SessionState = { status: 'none', session: undefined };
  private timer: ScheduledTimer | undefined;

  constructor(
    private readonly engine: SessionAssumer,
    private readonly model: () => Promise<ProfileModel>,
    private readonly lifecycle: SessionLifecycleOptions,
  ) {}

  /**
   * The active session, only while its credentials are valid by the wall clock at this moment
   * (or have no end). Once they end it is `undefined`, even before the next tick notices:
   * whatever hands out credentials asks here. The expired session stays visible in `state`.
   */
  get current(): RoleSession | undefined {
    const session = this.active;
    if (!session || session === this.expiredSession) return undefined;
    const left = msLeft(session.credentials.expiration, this.lifecycle.time.now());
    return left === undefined || left > 0 ? session : undefined;
  }

  /** Where the session stands, as last checked against the wall clock. */
  get state(): SessionState {
    return this.published;
  }

  /**
   * Looks at the wall clock now and publishes any change (expiring, expired), then sets the next
   * tick. For moments when time may have jumped: the window regained focus, the machine woke.
   */
  checkNow(): void {
    this.update();
    this.checked.fire(this.lifecycle.time.now());
  }

  /**
   * Assumes the profile and makes it the window's session, replacing the previous one only
   * once the new one is live: a failed or cancelled assume leaves everything as it was.
   *
   * Rejects with a `SessionError` of kind `cancelled` when `signal` aborts first, and of kind
   * `superseded` when a sign-out or an assume of another profile came after it. An assume
   * overtaken by a newer assume of the same profile ends as that newer one does.
   *
   * With `interactive: false` (the workspace's profile assumed by itself) it never prompts: a
   * hop that needs a typed MFA code ends it with `mfa-code-needed`, and nothing changes.
   */
  assume(profileName: string, signal?: AbortSignal, options?: AssumeOptions): Promise<RoleSession> {
    const generation = ++this.generation;
    // The older request lost: stop waiting for it (its STS work stops unless shared).
    this.newest?.controller.abort();
    // A renewal of the session being replaced is of no use any more.
    this.stopRenewal();
    const controller = new AbortController();
    let settle!: { resolve: (session: RoleSession) => void; reject: (error: unknown) => void };
    const outcome = new Promise<RoleSession>((resolve, reject) => (settle = { resolve, reject }));
    // Followers may never come; the caller gets the same outcome through `run` below.
    outcome.catch(() => undefined);
    const pending: PendingAssume = { generation, profileName, controller, outcome };
    this.newest = pending;
    this.assuming = pending;
    this.update('assuming');
    const run = this.run(pending, signal, options);
    run.then(settle.resolve, settle.reject);
    return run;
  }

  /**
   * Replaces the session's credentials with fresh ones for the same profile (also once it has
   * expired). Every caller while one is under way shares it: one run, one STS call per hop
   * (the engine rides a live MFA session; without one it asks for a code). On failure the
   * session keeps its credentials until they end, and the promise rejects with the
   * `SessionError`. Rejects `superseded` when an assume or a sign-out came meanwhile: its
   * result never becomes active. Rejects `config` when there is no session to renew.
   *
   * With `interactive: false` (auto-renew) it never prompts: a renewal that needs a typed code
   * rejects with `mfa-code-needed`. A person's renewal that arrives while such a one runs waits
   * for it, and asks for the code only if it ended that way.
   *
   * When to renew (the renew window, auto-renew, backoff) is decided by the caller.
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
    const session = this.active;
    if (!session) {
      return Promise.reject(new SessionError('config', 'There is no session to renew in this window. Assume a role first.', ''));
    }
    const controller = new AbortController();
    const generation = this.generation;
    const promise = this.runRenewal(session, generation, controller, interactive);
    this.renewal = { generation, session, interactive, controller, promise };
    promise.catch(() => undefined);
    this.update('renewing');
    return promise;
  }

  private async runRenewal(session: RoleSession, generation: number, controller: AbortController, interactive: boolean): Promise<RoleSession> {
    const profileName = session.profileName;
    let renewed: RoleSession;
    try {
      renewed = await this.assumeOnCurrentModel(profileName, controller.signal, () => supersededRenewal(profileName), { interactive, renewing: session });
    } catch (error) {
      if (this.renewal?.controller === controller) {
        this.renewal = undefined;
        if (isRevoked(error)) await this.endRevoked();
        else this.update('renew-ended');
      }
      throw controller.signal.aborted ? supersededRenewal(profileName) : error;
    }
    if (this.renewal?.controller === controller) this.renewal = undefined;
    // A newer assume or a sign-out came meanwhile: they win, this result is dropped.
    const stillActive = this.active === session || this.active === this.withoutMfaSession.get(session);
    if (generation !== this.generation || !stillActive) throw supersededRenewal(profileName);
    this.active = renewed;
    this.expiredSession = undefined;
    this.update('renewed');
    return renewed;
  }

  private stopRenewal(): void {
    const renewal = this.renewal;
    this.renewal = undefined;
    renewal?.controller.abort();
  }

  /**
   * Brings back the session kept from before a reload (`load` reads it from the vault: no STS
   * call). It becomes the window's session only if nothing else happened meanwhile (no assume
   * or sign-out): the person's newer request wins. A session that ended meanwhile comes back
   * as expired. Resolves with the restored session, or `undefined`.
   */
  async restore(load: () => Promise<RoleSession | undefined>): Promise<RoleSession | undefined> {
    const generation = this.generation;
    const session = await load();
    if (!session || generation !== this.generation || this.active || this.assuming) return undefined;
    this.active = session;
    this.expiredSession = undefined;
    this.update('restored');
    return session;
  }

  /**
   * Assumes `profileName` for one use (a debug launch's `"awsProfile"`) without touching the
   * window's session: no state change, no event, nothing stored (it is kept in memory, for
   * launches soon after, while more than half its life is left). Shares the engine's MFA
   * sessions, so it asks for a code only when the window's own assume would.
   *
   * A sign-out while it runs stops its run and ends it with a `SessionError` of kind
   * `superseded` that says Sign Out came: what was asked for before Sign Out gets no credentials
   * after it. A revocation does the same with kind `revoked`. The window's own assumes and
   * renewals leave it alone.
   */
  async assumeForOneUse(profileName: string, signal?: AbortSignal): Promise<RoleSession> {
    const ended = new AbortController();
    const cancel = () => ended.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    this.oneUseRuns.add(ended);
    try {
      const model = await this.model();
      this.throwIfEnded(ended, profileName);
      const kept = this.oneUse.get(profileName);
      if (kept && kept.model === model && kept.generation === this.generation && hasMostOfItsLifeLeft(kept.session, this.lifecycle.time.now())) return kept.session;
      const generation = this.generation;
      let session: RoleSession;
      try {
        // Launches at the same moment share the engine's run; the result is kept for launches soon after.
        session = await this.engine.assume(profileName, model, ended.signal);
      } catch (error) {
        // Before anything else: a revocation this run caused ends the others, not itself.
        this.throwIfEnded(ended, profileName);
        if (isRevoked(error)) await this.endRevoked();
        throw error;
      }
      this.throwIfEnded(ended, profileName);
      if (generation === this.generation) this.oneUse.set(profileName, { model, generation, session });
      return session;
    } finally {
      signal?.removeEventListener('abort', cancel);
      this.oneUseRuns.delete(ended);
    }
  }

  /** Ends a one-use assume that a sign-out or a revocation stopped (`endOneUseRuns`). */
  private throwIfEnded(run: AbortController, profileName: string): void {
    const reason: unknown = run.signal.reason;
    if (reason === 'signed-out' || reason === 'revoked') throw oneUseEnded(profileName, reason);
  }

  /** A sign-out or a revocation: one-use assumes under way stop, and none is kept. */
  private endOneUseRuns(why: 'signed-out' | 'revoked'): void {
    this.oneUse.clear();
    for (const run of this.oneUseRuns) run.abort(why);
    this.oneUseRuns.clear();
  }

  /** Who the active session's credentials belong to, asked of STS now. */
  identity(): Promise<CallerIdentity> | undefined {
    const session = this.current;
    return session && this.engine.getCallerIdentity(session);
  }

  /**
   * Ends the active session, stops any assume under way (it will never become active) and
   * forgets every cached MFA session.
   */
  async signOut(): Promise<void> {
    this.generation += 1;
    this.endOneUseRuns('signed-out');
    this.newest?.controller.abort();
    this.stopRenewal();
    this.newest = undefined;
    const wasAssuming = this.assuming !== undefined;
    this.assuming = undefined;
    const hadSession = this.active !== undefined;
    this.active = undefined;
    this.expiredSession = undefined;
    // Tell listeners now, before anything else can start: a later assume's event must come after this one.
    if (hadSession) this.update('signed-out');
    else if (wasAssuming) this.update('assume-ended');
    await this.engine.forgetMfaSessions();
  }

  /**
   * Another window signed out, deleting every stored MFA session. This window's session keeps
   * its credentials until they end (a sign-out elsewhere is not one here), but nothing rides
   * the old MFA sessions any more: an automatic renewal under way stops (auto-renew then finds
   * a code needed and says so; a person's own renewal or assume goes on), sessions kept for
   * debug launches are dropped, a GetSessionToken under way stores nothing, and the session no
   * longer promises a renewal without a code. Returns the session when it rode an MFA session
   * (the person is to be told), else `undefined`.
   */
  mfaSessionsEndedElsewhere(): RoleSession | undefined {
    this.oneUse.clear();
    this.engine.mfaSessionsEndedElsewhere();
    const session = this.active;
    if (!session?.mfaSessionExpiration) return undefined;
    if (this.renewal && !this.renewal.interactive) this.stopRenewal();
    const { mfaSessionExpiration, ...copy } = session;
    this.withoutMfaSession.set(session, copy);
    if (this.expiredSession === session) this.expiredSession = copy;
    this.active = copy;
    this.update('mfa-session-ended');
    return copy;
  }

  /**
   * A kept MFA session was revoked (the administrator's kill switch): the window's session,
   * which rode it or one like it, ends, one-use assumes under way stop, and every MFA session is
   * forgotten, as at Sign Out, with a new sign-out epoch: a session another window stores at
   * that moment (obtained before the revocation, so revoked too) must not outlive it through a
   * lost index entry, to be denied once more at its next use. An assume under way goes on: it
   * asked for a fresh code, or it will meet the same denial.
   */
  private async endRevoked(): Promise<void> {
    this.endOneUseRuns('revoked');
    this.stopRenewal();
    const hadSession = this.active !== undefined;
    this.active = undefined;
    this.expiredSession = undefined;
    if (hadSession) this.update('revoked');
    await this.engine.forgetMfaSessions();
  }

  dispose(): void {
    this.newest?.controller.abort();
    this.stopRenewal();
    this.timer?.dispose();
    this.timer = undefined;
    this.changed.dispose();
    this.stateChanged.dispose();
    this.checked.dispose();
  }

  /**
   * The engine's assume of `profileName` on the profiles as they are now. `stopped` is what to
   * throw when `signal` aborted while the model was loading: a cancel for an assume, a
   * superseded renewal for a renewal.
   */
  private async assumeOnCurrentModel(profileName: string, signal: AbortSignal, stopped: () => SessionError, options?: AssumeOptions): Promise<RoleSession> {
    const model = await this.model();
    if (signal.aborted) throw stopped();
    return this.engine.assume(profileName, model, signal, options);
  }

  private async run(pending: PendingAssume, signal: AbortSignal | undefined, options: AssumeOptions | undefined): Promise<RoleSession> {
    const { profileName, controller } = pending;
    const cancel = () => controller.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      let session: RoleSession;
      try {
        session = await this.assumeOnCurrentModel(profileName, controller.signal, () => cancelledError(profileName), options);
      } catch (error) {
        if (isRevoked(error)) await this.endRevoked();
        if (this.isNewest(pending) || signal?.aborted) throw error;
        return await this.outcomeOfNewer(pending);
      }
      if (signal?.aborted) throw cancelledError(profileName);
      if (!this.isNewest(pending)) return await this.outcomeOfNewer(pending);
      const previous = this.active;
      this.active = session;
      this.expiredSession = undefined;
      this.assuming = undefined;
      this.update(previous ? 'switched' : 'assumed');
      return session;
    } finally {
      signal?.removeEventListener('abort', cancel);
      // Failed or cancelled while still the newest: back to the state before it started.
      if (this.assuming === pending) {
        this.assuming = undefined;
        this.update('assume-ended');
      }
    }
  }

  /**
   * Works out the state from the session, the assume under way and the wall clock; publishes it
   * when it changed (or when `reason` says the session itself changed), then sets the next tick.
   */
  private update(reason?: SessionStateChangeReason): void {
    const now = this.lifecycle.time.now();
    const session = this.active;
    const left = session && msLeft(session.credentials.expiration, now);
    const newlyExpired = session !== undefined && session !== this.expiredSession && left !== undefined && left <= 0;
    if (newlyExpired) this.expiredSession = session;
    const next = this.stateAt(left);
    const previous = this.published;
    this.published = next;
    this.reschedule(left);
    if (reason !== undefined && isSessionChange(reason)) this.changed.fire({ session: this.active, reason });
    // Also when it ended while an assume was under way: the session's listeners hear of it all the same.
    if (newlyExpired) this.changed.fire({ session, reason: 'expired' });
    const same = previous.status === next.status && previous.session === next.session && previous.assumingProfileName === next.assumingProfileName;
    if (reason === undefined && same) return;
    const stateReason = reason ?? (newlyExpired ? 'expired' : next.status === 'expiring' ? 'expiring' : 'clock-changed');
    this.stateChanged.fire({ state: next, reason: stateReason });
  }

  private stateAt(left: number | undefined): SessionState {
    const session = this.active;
    if (this.assuming) return { status: 'assuming', session, assumingProfileName: this.assuming.profileName };
    if (!session) return { status: 'none', session };
    if (this.renewal) return { status: 'renewing', session };
    if (session === this.expiredSession) return { status: 'expired', session };
    if (left !== undefined && left < this.lifecycle.warnBeforeSeconds() * 1000) return { status: 'expiring', session };
    return { status: 'active', session };
  }

  /** The next look at the clock: none without a live deadline, so an idle window never wakes. */
  private reschedule(left: number | undefined): void {
    this.timer?.dispose();
    this.timer = undefined;
    const live = this.active !== undefined && this.active !== this.expiredSession;
    const delay = live ? nextCheckDelayMs(left, this.lifecycle.warnBeforeSeconds() * 1000, this.lifecycle.renewBeforeMs?.(this.active!)) : undefined;
    if (delay !== undefined) this.timer = this.lifecycle.time.schedule(delay, () => this.checkNow());
  }

  private isNewest(pending: PendingAssume): boolean {
    return pending.generation === this.generation;
  }

  /**
   * A request that lost to a newer one: it ends as the newer assume of the same profile ends
   * (twenty clicks on one profile all get its session), and is `superseded` otherwise.
   */
  private outcomeOfNewer(pending: PendingAssume): Promise<RoleSession> {
    const newer = this.newest;
    if (newer && newer !== pending && newer.profileName === pending.profileName) return newer.outcome;
    return Promise.reject(
      new SessionError(
        'superseded',
        `The assume of profile "${pending.profileName}" was replaced by a newer request (another assume, or Sign Out); nothing changed.`,
        pending.profileName,
      ),
    );
  }
}

/** Every session change reason: a record, so a new reason cannot be left out of it. */
const SESSION_CHANGE_REASONS: Readonly<Record<SessionChangeReason, true>> = {
  assumed: true,
  switched: true,
  renewed: true,
  expired: true,
  'signed-out': true,
  revoked: true,
  restored: true,
  'mfa-session-ended': true,
};

/** More than half of the credentials' life is left (or they never end). */
function hasMostOfItsLifeLeft(session: RoleSession, now: number): boolean {
  const end = session.credentials.expiration?.getTime();
  return end === undefined || end - now > (end - session.obtainedAt) / 2;
}

function isRevoked(error: unknown): boolean {
  return error instanceof SessionError && error.kind === 'revoked';
}

function isSessionChange(reason: SessionStateChangeReason): reason is SessionChangeReason {
  return Object.hasOwn(SESSION_CHANGE_REASONS, reason);
}

function supersededRenewal(profileName: string): SessionError {
  return new SessionError('superseded', `The renewal of profile "${profileName}" was replaced by a newer request (an assume, or Sign Out); nothing changed.`, profileName);
}

/** Sign Out is the person's own doing (`superseded`, nothing to alarm them); a revocation is news (`revoked`). */
function oneUseEnded(profileName: string, why: 'signed-out' | 'revoked'): SessionError {
  return why === 'signed-out'
    ? new SessionError('superseded', `Sign Out came while profile "${profileName}" was being assumed for one use; it was stopped, and no credentials were handed out.`, profileName)
    : new SessionError(
        'revoked',
        `An MFA session was revoked while profile "${profileName}" was being assumed for one use; it was stopped, and no credentials were handed out. Try again to enter a new MFA code.`,
        profileName,
      );
}

function cancelledError(profileName: string): SessionError {
  return new SessionError('cancelled', `The assume of profile "${profileName}" was cancelled; nothing changed.`, profileName);
}
