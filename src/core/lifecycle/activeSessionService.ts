/**
 * The window's choice of which session it acts as: the one owner of that choice. Every feature
 * that needs the session (the tree's marks, the status bar, renewal, injection) listens to
 * `onDidChangeSession` or `onDidChangeState`; only this service assumes, replaces or ends it.
 * The session's own lifecycle (its end, its renewal, the MFA session it rides) is a
 * `LiveSession`; sessions for one use (Open Console with a profile) are `OneUseSessions`.
 *
 * Requests are ordered by a generation number: each assume and each sign-out takes the next
 * one, and an assume's result becomes active only if no newer request came since. So the
 * newest request always wins, whatever order the STS answers arrive in, and a sign-out is
 * never undone by an assume that was under way. A renewal (and a restore after a reload) takes
 * no number of its own: it applies only if no assume or sign-out came since it started, so a
 * renewal in the background never cancels what the person asked for.
 *
 * Time: the state is checked against the wall clock at the live session's ticks and at once when
 * `checkNow()` is called (the window regained focus, a setting changed). `current`, which hands
 * out the credentials, compares their end with the wall clock itself.
 */

import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import { DisposableStore } from '../vocabulary/disposableStore';
import type { ProfileModel } from '../config/types';
import type { CallerIdentity } from '../vocabulary/ports';
import { assumeCancelled, SessionError, type AssumeOptions, type RoleSession, type SessionAccess } from '../vocabulary/sessionTypes';
import { isRevoked, LiveSession, type LiveSessionOwner, type RoleAssumer, type SessionLifecycleOptions } from './liveSession';
import { OneUseSessions } from './oneUseSessions';
import {
  isSessionChange,
  type EndOfEverything,
  type SessionChange,
  type SessionState,
  type SessionStateChange,
  type SessionStateChangeReason,
  type WindowSessions,
} from './windowSessions';

/** What the service needs from the session engine. */
export interface SessionAssumer extends RoleAssumer {
  getCallerIdentity(session: RoleSession): Promise<CallerIdentity>;
  forgetMfaSessions(): Promise<void>;
  /** Another window deleted the stored MFA sessions: keep nothing of them under way here. */
  mfaSessionsEndedElsewhere(): void;
}

/** An assume that the window asked for. */
interface PendingAssume {
  readonly generation: number;
  readonly profileName: string;
  /** Aborted when the request is cancelled by its caller or replaced by a newer request. */
  readonly controller: AbortController;
  /** How the request ends, for older requests of the same profile that defer to it. */
  readonly outcome: Promise<RoleSession>;
}

export class ActiveSessionService implements WindowSessions, Disposable {
  /** The emitters, released with the service. */
  private readonly owned = new DisposableStore();
  private readonly changed = this.owned.add(new Emitter<SessionChange>());
  readonly onDidChangeSession: Event<SessionChange> = this.changed.event;
  private readonly stateChanged = this.owned.add(new Emitter<SessionStateChange>());
  readonly onDidChangeState: Event<SessionStateChange> = this.stateChanged.event;
  private readonly checked = this.owned.add(new Emitter<number>());
  /** After any state change the look caused. */
  readonly onDidCheckClock: Event<number> = this.checked.event;
  private readonly endedEverything = this.owned.add(new Emitter<EndOfEverything>());
  readonly onDidEndEverything: Event<EndOfEverything> = this.endedEverything.event;

  /** Taken by every assume and sign-out; only the newest one may change the window's session. */
  private generation = 0;
  /** The newest assume (running or settled); cleared by sign-out. */
  private newest: PendingAssume | undefined;
  /** The newest assume while it runs: the window is `assuming`. */
  private assuming: PendingAssume | undefined;
  /** The session the window acts as; still there once expired (for display and renewal), gone after sign-out. */
  private live: LiveSession | undefined;
  private readonly oneUse: OneUseSessions;
  /** The state listeners last heard of. */
  private published: SessionState = { status: 'none', session: undefined };
  /** How the live session reaches this service. */
  private readonly owner: LiveSessionOwner = {
    renewal: (reason) => this.update(reason),
    revoked: () => this.endRevoked(),
    tick: () => this.checkNow(),
  };

  constructor(
    private readonly engine: SessionAssumer,
    private readonly model: () => Promise<ProfileModel>,
    private readonly lifecycle: SessionLifecycleOptions,
  ) {
    this.oneUse = new OneUseSessions({ engine, model, time: lifecycle.time, generation: () => this.generation, revoked: () => this.endRevoked() });
  }

  /**
   * The active session, only while its credentials are valid by the wall clock at this moment
   * (or have no end). Once they end it is `undefined`, even before the next tick notices:
   * whatever hands out credentials asks here. The expired session stays visible in `state`.
   */
  get current(): RoleSession | undefined {
    return this.live?.usableAt(this.lifecycle.time.now());
  }

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
    this.live?.stopRenewal();
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
   * Fresh credentials for the window's session (also once it has expired): see
   * `LiveSession.renew`. Rejects `superseded` when an assume or a sign-out came meanwhile, and
   * `config` when there is no session to renew. When to renew is decided by the caller.
   */
  renew(options: AssumeOptions = {}): Promise<RoleSession> {
    if (!this.live) return Promise.reject(new SessionError('config', 'There is no session to renew in this window. Assume a role first.', ''));
    return this.live.renew(options);
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
    if (!session || generation !== this.generation || this.live || this.assuming) return undefined;
    this.live = this.liveSession(session);
    this.update('restored');
    return session;
  }

  /** `profileName` for one use (Open Console with a profile): see `OneUseSessions`. */
  assumeForOneUse(profileName: string, signal?: AbortSignal, access: SessionAccess = 'full'): Promise<RoleSession> {
    return this.oneUse.assume(profileName, signal, access);
  }

  identity(): Promise<CallerIdentity> | undefined {
    const session = this.current;
    return session && this.engine.getCallerIdentity(session);
  }

  /**
   * Ends the window's session, stops any assume under way (it will never become active) and
   * forgets every cached MFA session.
   */
  async signOut(): Promise<void> {
    this.generation += 1;
    this.oneUse.end('signed-out');
    this.newest?.controller.abort();
    this.newest = undefined;
    const wasAssuming = this.assuming !== undefined;
    this.assuming = undefined;
    const hadSession = this.endLive();
    // Tell listeners now, before anything else can start: a later assume's event must come after this one.
    if (hadSession) this.update('signed-out');
    else if (wasAssuming) this.update('assume-ended');
    this.endedEverything.fire('signed-out');
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
    this.oneUse.forget();
    this.engine.mfaSessionsEndedElsewhere();
    const copy = this.live?.dropMfaSession();
    if (copy) this.update('mfa-session-ended');
    return copy;
  }

  dispose(): void {
    this.newest?.controller.abort();
    this.live?.stopRenewal();
    this.live?.end();
    this.owned.dispose();
  }

  /** A session held elsewhere in this window (a terminal's) met a revocation: end everything, as when this one meets it. */
  revoked(): Promise<void> {
    return this.endRevoked();
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
    this.oneUse.end('revoked');
    if (this.endLive()) this.update('revoked');
    this.endedEverything.fire('revoked');
    await this.engine.forgetMfaSessions();
  }

  /** Stops the live session (its renewal included) and lets it go; true when there was one. */
  private endLive(): boolean {
    const live = this.live;
    this.live = undefined;
    live?.stopRenewal();
    live?.end();
    return live !== undefined;
  }

  private liveSession(session: RoleSession): LiveSession {
    return new LiveSession(session, this.engine, this.model, this.lifecycle, this.owner);
  }

  private async run(pending: PendingAssume, signal: AbortSignal | undefined, options: AssumeOptions | undefined): Promise<RoleSession> {
    const { profileName, controller } = pending;
    const cancel = () => controller.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      let session: RoleSession;
      try {
        const model = await this.model();
        if (controller.signal.aborted) throw assumeCancelled(profileName);
        session = await this.engine.assume(profileName, model, controller.signal, options);
      } catch (error) {
        if (isRevoked(error)) await this.endRevoked();
        if (this.isNewest(pending) || signal?.aborted) throw error;
        return await this.outcomeOfNewer(pending);
      }
      if (signal?.aborted) throw assumeCancelled(profileName);
      if (!this.isNewest(pending)) return await this.outcomeOfNewer(pending);
      const previous = this.live;
      previous?.end();
      this.live = this.liveSession(session);
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
   * Works out the state from the assume under way, the live session and the wall clock;
   * publishes it when it changed (or when `reason` says the session itself changed), then sets
   * the live session's next tick.
   */
  private update(reason?: SessionStateChangeReason): void {
    const now = this.lifecycle.time.now();
    const live = this.live;
    const newlyExpired = live?.noticeEnd(now) ?? false;
    const next = this.stateAt(now);
    const previous = this.published;
    this.published = next;
    live?.watch(now);
    if (reason !== undefined && isSessionChange(reason)) this.changed.fire({ session: live?.session, reason });
    // Also when it ended while an assume was under way: the session's listeners hear of it all the same.
    if (newlyExpired) this.changed.fire({ session: live?.session, reason: 'expired' });
    const same = previous.status === next.status && previous.session === next.session && previous.assumingProfileName === next.assumingProfileName;
    if (reason === undefined && same) return;
    const stateReason = reason ?? (newlyExpired ? 'expired' : next.status === 'expiring' ? 'expiring' : 'clock-changed');
    this.stateChanged.fire({ state: next, reason: stateReason });
  }

  /** The window's state: an assume under way first, then no session, then the live session's own state. */
  private stateAt(now: number): SessionState {
    const session = this.live?.session;
    if (this.assuming) return { status: 'assuming', session, assumingProfileName: this.assuming.profileName };
    if (!this.live) return { status: 'none', session: undefined };
    return { status: this.live.statusAt(now), session };
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
