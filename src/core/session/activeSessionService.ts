/**
 * The one owner of the window's active session. Every feature that needs the session (the
 * tree's marks, and later the status bar, renewal and injection) listens to
 * `onDidChangeSession`; only this service assumes, replaces or ends it.
 *
 * Requests are ordered by a generation number: each assume and each sign-out takes the next
 * one, and an assume's result becomes active only if no newer request came since. So the
 * newest request always wins, whatever order the STS answers arrive in, and a sign-out is
 * never undone by an assume that was under way.
 */

import { Emitter, type Disposable, type Event } from '../events';
import type { ProfileModel } from '../config/types';
import type { CallerIdentity } from './ports';
import { SessionError, type RoleSession } from './types';

/** What the service needs from the session engine. */
export interface SessionAssumer {
  /** Rejects with a `SessionError` of kind `cancelled` soon after `signal` aborts. */
  assume(profileName: string, model: ProfileModel, signal?: AbortSignal): Promise<RoleSession>;
  getCallerIdentity(session: RoleSession): Promise<CallerIdentity>;
  forgetMfaSessions(): Promise<void>;
}

/** Why the active session changed. */
export type SessionChangeReason =
  /** A session became active where there was none. */
  | 'assumed'
  /** A session replaced another one. */
  | 'switched'
  /** The user signed out. */
  | 'signed-out';

export interface SessionChange {
  /** The active session now; `undefined` when there is none. */
  readonly session: RoleSession | undefined;
  readonly reason: SessionChangeReason;
}

/** An assume that has not settled yet. */
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
  /** Fires when the active session starts, changes or ends, with the reason. */
  readonly onDidChangeSession: Event<SessionChange> = this.changed.event;
  private active: RoleSession | undefined;
  /** Taken by every assume and sign-out; only the newest one may change the active session. */
  private generation = 0;
  /** The newest assume (running or settled); cleared by sign-out. */
  private newest: PendingAssume | undefined;

  constructor(
    private readonly engine: SessionAssumer,
    private readonly model: () => Promise<ProfileModel>,
  ) {}

  get current(): RoleSession | undefined {
    return this.active;
  }

  /**
   * Assumes the profile and makes it the window's session, replacing the previous one only
   * once the new one is live: a failed or cancelled assume leaves everything as it was.
   *
   * Rejects with a `SessionError` of kind `cancelled` when `signal` aborts first, and of kind
   * `superseded` when a sign-out or an assume of another profile came after it. An assume
   * overtaken by a newer assume of the same profile ends as that newer one does.
   */
  assume(profileName: string, signal?: AbortSignal): Promise<RoleSession> {
    const generation = ++this.generation;
    // The older request lost: stop waiting for it (its STS work stops unless shared).
    this.newest?.controller.abort();
    const controller = new AbortController();
    let settle!: { resolve: (session: RoleSession) => void; reject: (error: unknown) => void };
    const outcome = new Promise<RoleSession>((resolve, reject) => (settle = { resolve, reject }));
    // Followers may never come; the caller gets the same outcome through `run` below.
    outcome.catch(() => undefined);
    const pending: PendingAssume = { generation, profileName, controller, outcome };
    this.newest = pending;
    const run = this.run(pending, signal);
    run.then(settle.resolve, settle.reject);
    return run;
  }

  /** Who the active session's credentials belong to, asked of STS now. */
  identity(): Promise<CallerIdentity> | undefined {
    return this.active && this.engine.getCallerIdentity(this.active);
  }

  /**
   * Ends the active session, stops any assume under way (it will never become active) and
   * forgets every cached MFA session.
   */
  async signOut(): Promise<void> {
    this.generation += 1;
    this.newest?.controller.abort();
    this.newest = undefined;
    const hadSession = this.active !== undefined;
    this.active = undefined;
    // Tell listeners now, before anything else can start: a later assume's event must come after this one.
    if (hadSession) this.changed.fire({ session: undefined, reason: 'signed-out' });
    await this.engine.forgetMfaSessions();
  }

  dispose(): void {
    this.newest?.controller.abort();
    this.changed.dispose();
  }

  private async run(pending: PendingAssume, signal: AbortSignal | undefined): Promise<RoleSession> {
    const { profileName, controller } = pending;
    const cancel = () => controller.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      let session: RoleSession;
      try {
        const model = await this.model();
        if (controller.signal.aborted) throw cancelledError(profileName);
        session = await this.engine.assume(profileName, model, controller.signal);
      } catch (error) {
        if (this.isNewest(pending) || signal?.aborted) throw error;
        return await this.outcomeOfNewer(pending);
      }
      if (signal?.aborted) throw cancelledError(profileName);
      if (!this.isNewest(pending)) return await this.outcomeOfNewer(pending);
      const previous = this.active;
      this.active = session;
      this.changed.fire({ session, reason: previous ? 'switched' : 'assumed' });
      return session;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
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

function cancelledError(profileName: string): SessionError {
  return new SessionError('cancelled', `The assume of profile "${profileName}" was cancelled; nothing changed.`, profileName);
}
