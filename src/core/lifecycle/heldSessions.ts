/**
 * Sessions held for the places that use them, apart from the window's own (issue 22): a terminal
 * opened as a profile, a folder of a multi-root window acting as its own profile, a debug launch's own profile. There is one
 * live session per profile, shared by every holder of that profile, so two terminals of `prod`
 * make one assume; sessions behind the same MFA device share the engine's MFA session, so they
 * ask for one code between them and the window.
 *
 * A read-only session of a profile (issue 22 §4) is another session than its full one: each is
 * held, shared and ended on its own.
 *
 * Each renews itself when auto-renew's window opens (`renewBeforeMs`), never with a prompt: a
 * renewal that needs a code is left to the person, and the session keeps its credentials until
 * they end. A session ends when its last holder lets go, and for every holder at Sign Out and at
 * a revocation (`endAll`); a holder of an ended session then sees no session (`status: 'none'`),
 * and what it serves says so.
 */

import type { ProfileModel } from '../config/types';
import { DisposableStore } from '../vocabulary/disposableStore';
import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import { untilAborted } from '../vocabulary/untilAborted';
import { assumeCancelled, SessionError, type RoleSession, type SessionAccess } from '../vocabulary/sessionTypes';
import { msLeft } from './expiryTiming';
import { isRevoked, LiveSession, type LiveStatus, type RoleAssumer, type SessionLifecycleOptions } from './liveSession';
import type { EndOfEverything, SessionState } from './windowSessions';

export interface HeldSessionsOptions {
  readonly engine: RoleAssumer;
  readonly model: () => Promise<ProfileModel>;
  readonly lifecycle: SessionLifecycleOptions;
  /** A held session met a revocation: the owner ends everything riding MFA sessions (these included). */
  readonly revoked: () => Promise<void>;
  /**
   * A renewal without a prompt did not succeed; the session keeps its credentials until they end.
   * The owner says so: a notice with Renew… when only an MFA code was missing, the log otherwise.
   */
  readonly renewalFailed?: (held: { readonly profileName: string; readonly access: SessionAccess; readonly session: RoleSession }, error: unknown) => void;
}

/** Where a session is held: a terminal opened as a profile, a folder acting as its own profile, or a debug launch's own profile. */
export type HoldPlace = { readonly kind: 'terminal' } | { readonly kind: 'folder'; readonly folderName: string } | { readonly kind: 'launch'; readonly launchName: string };

const A_TERMINAL: HoldPlace = { kind: 'terminal' };

/** One holder's hold on a profile's session: what is served to it, and its release. */
export interface SessionHold {
  readonly profileName: string;
  readonly access: SessionAccess;
  /** The held session now: `none` once it ended for everyone (Sign Out, revocation). */
  readonly state: SessionState;
  /** Lets go; the session ends when no one else holds it. Idempotent. */
  release(): void;
}

/** A live held session as the status bar and the tree show it. */
export interface HeldSessionView {
  readonly profileName: string;
  readonly access: SessionAccess;
  readonly session: RoleSession;
  readonly status: LiveStatus;
  readonly holders: number;
  /** Where it is held, one entry per holder. */
  readonly places: readonly HoldPlace[];
}

interface HeldProfile {
  readonly profileName: string;
  readonly access: SessionAccess;
  /** Its key in the map: the profile and its access. */
  readonly key: string;
  /** Aborted by `endAll`: an assume under way then hands out nothing. */
  readonly controller: AbortController;
  /** The assume every holder waits for; set once, right after the entry is made. */
  ready: Promise<void>;
  live: LiveSession | undefined;
  holders: number;
  /** Where each holder that got the session holds it. */
  readonly places: HoldPlace[];
  /** Set by `endAll`; the entry is gone from the map and its holders see no session. */
  ended: EndOfEverything | undefined;
  /** A renewal without a prompt failed: not tried again until a person renews or it is held anew. */
  renewalRefused: boolean;
}

export class HeldSessions implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<void>());
  /** Fires when a held session starts, gains or loses a holder, renews, ends, or looks at the wall clock (its ticks). */
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly held = new Map<string, HeldProfile>();

  constructor(private readonly options: HeldSessionsOptions) {}

  /**
   * Holds `profileName`'s session: the one already held, or a new assume (which may prompt for an
   * MFA code, as the window's own assume would). Rejects as the assume does, and `superseded`
   * when Sign Out or a revocation came while it ran; `signal` cancels this holder's wait only.
   */
  async hold(profileName: string, signal?: AbortSignal, access: SessionAccess = 'full', place: HoldPlace = A_TERMINAL): Promise<SessionHold> {
    const entry = this.held.get(heldKey(profileName, access)) ?? this.start(profileName, access);
    // Counted before the wait: another holder letting go meanwhile must not end what this one waits for.
    entry.holders += 1;
    let released = false;
    let placed = false;
    const release = () => {
      if (released) return;
      released = true;
      const at = placed ? entry.places.indexOf(place) : -1;
      if (at >= 0) entry.places.splice(at, 1);
      this.letGo(entry);
    };
    try {
      // This holder stops waiting; the shared assume goes on for the others.
      await (signal ? untilAborted(entry.ready, signal, () => assumeCancelled(profileName)) : entry.ready);
    } catch (error) {
      release();
      throw error;
    }
    entry.places.push(place);
    placed = true;
    // One more holder: what shows where it is used ("in 2 terminals") changes.
    this.changed.fire();
    const now = () => this.options.lifecycle.time.now();
    return {
      profileName,
      access,
      get state(): SessionState {
        const live = entry.ended || released ? undefined : entry.live;
        if (!live) return { status: 'none', session: undefined };
        live.noticeEnd(now());
        return { status: live.statusAt(now()), session: live.session };
      },
      release,
    };
  }

  /** The live held sessions, by profile name. */
  list(): readonly HeldSessionView[] {
    const now = this.options.lifecycle.time.now();
    return [...this.held.values()]
      .filter((entry) => entry.live)
      .map((entry) => ({ profileName: entry.profileName, access: entry.access, session: entry.live!.session, status: entry.live!.statusAt(now), holders: entry.holders, places: [...entry.places] }))
      .sort((a, b) => a.profileName.localeCompare(b.profileName) || a.access.localeCompare(b.access));
  }

  /**
   * Fresh credentials for a held profile now, as a person's Renew (it may prompt for a code).
   * Rejects `config` when nothing holds it.
   */
  renew(profileName: string, access: SessionAccess = 'full'): Promise<RoleSession> {
    const entry = this.held.get(heldKey(profileName, access));
    if (!entry?.live) return Promise.reject(new SessionError('config', `Nothing holds a session of profile "${profileName}".`, profileName));
    entry.renewalRefused = false;
    return entry.live.renew({ interactive: true });
  }

  /** Ends one held session for all its holders (the person's choice in the status bar's menu); they see no session. */
  end(profileName: string, access: SessionAccess = 'full'): void {
    const entry = this.held.get(heldKey(profileName, access));
    if (!entry) return;
    entry.ended = 'signed-out';
    entry.controller.abort('signed-out');
    this.stop(entry);
    this.held.delete(entry.key);
    this.changed.fire();
  }

  /**
   * Another window signed out, ending the MFA sessions: held sessions keep their credentials until
   * they end, but no longer ride those MFA sessions (an automatic renewal under way stops; the next
   * one needs a code, and is left to the person).
   */
  mfaSessionsEndedElsewhere(): void {
    let dropped = false;
    for (const entry of this.held.values()) dropped = entry.live?.dropMfaSession() !== undefined || dropped;
    if (dropped) this.changed.fire();
  }

  /** Sign Out or a revocation: every held session ends, for every holder, and assumes under way hand out nothing. */
  endAll(why: EndOfEverything): void {
    if (this.held.size === 0) return;
    for (const entry of this.held.values()) {
      entry.ended = why;
      entry.controller.abort(why);
      this.stop(entry);
    }
    this.held.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const entry of this.held.values()) {
      entry.controller.abort();
      this.stop(entry);
    }
    this.held.clear();
    this.disposables.dispose();
  }

  private start(profileName: string, access: SessionAccess): HeldProfile {
    const controller = new AbortController();
    const entry: HeldProfile = { profileName, access, key: heldKey(profileName, access), controller, ready: Promise.resolve(), live: undefined, holders: 0, places: [], ended: undefined, renewalRefused: false };
    entry.ready = this.assume(entry);
    // Holders that stopped waiting leave it unobserved.
    entry.ready.catch(() => undefined);
    this.held.set(entry.key, entry);
    return entry;
  }

  private async assume(entry: HeldProfile): Promise<void> {
    const { profileName, controller, access, key } = entry;
    let session: RoleSession;
    try {
      const model = await this.options.model();
      throwIfEnded(entry);
      session = await this.options.engine.assume(profileName, model, controller.signal, { access });
    } catch (error) {
      if (this.held.get(key) === entry) this.held.delete(key);
      throwIfEnded(entry);
      if (isRevoked(error)) await this.options.revoked();
      throw error;
    }
    throwIfEnded(entry);
    if (entry.holders === 0) {
      // Every holder stopped waiting: nothing uses it.
      if (this.held.get(key) === entry) this.held.delete(key);
      throw new SessionError('cancelled', `Nothing uses profile "${profileName}" any more; its session was dropped.`, profileName);
    }
    entry.live = new LiveSession(session, this.options.engine, this.options.model, this.options.lifecycle, {
      renewal: () => this.changed.fire(),
      revoked: () => this.options.revoked(),
      tick: () => this.check(entry),
    });
    entry.live.watch(this.options.lifecycle.time.now());
    this.changed.fire();
  }

  /** A tick: publish an end, renew when auto-renew's window has opened, set the next tick. */
  private check(entry: HeldProfile): void {
    const live = entry.live;
    if (!live || entry.ended) return;
    const now = this.options.lifecycle.time.now();
    const before = live.statusAt(now);
    const ended = live.noticeEnd(now);
    const renewBefore = this.options.lifecycle.renewBeforeMs?.(live.session);
    const left = msLeft(live.session.credentials.expiration, now);
    if (!ended && !entry.renewalRefused && before !== 'renewing' && renewBefore !== undefined && left !== undefined && left <= renewBefore) {
      live.renew({ interactive: false }).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof SessionError && error.kind === 'superseded') return;
          entry.renewalRefused = true;
          this.options.renewalFailed?.({ profileName: entry.profileName, access: entry.access, session: live.session }, error);
        },
      );
    }
    live.watch(now);
    // Every tick: countdowns showing held sessions re-render on it (they skip what did not change).
    this.changed.fire();
  }

  private letGo(entry: HeldProfile): void {
    entry.holders -= 1;
    if (entry.ended) return;
    if (entry.holders > 0) {
      this.changed.fire();
      return;
    }
    // Still assuming: the assume drops its result when it lands (holders is 0).
    if (!entry.live) return;
    this.stop(entry);
    if (this.held.get(entry.key) === entry) this.held.delete(entry.key);
    this.changed.fire();
  }

  private stop(entry: HeldProfile): void {
    entry.live?.stopRenewal();
    entry.live?.end();
    entry.live = undefined;
  }
}

/** One map entry per profile and access: a read-only session is not its full one. */
function heldKey(profileName: string, access: SessionAccess): string {
  return `${access}:${profileName}`;
}

function throwIfEnded(entry: HeldProfile): void {
  if (!entry.ended) return;
  throw entry.ended === 'signed-out'
    ? new SessionError('superseded', `Sign Out came while profile "${entry.profileName}" was being assumed; it was stopped, and no credentials were handed out.`, entry.profileName)
    : new SessionError(
        'revoked',
        `An MFA session was revoked while profile "${entry.profileName}" was being assumed; it was stopped, and no credentials were handed out. Try again to enter a new MFA code.`,
        entry.profileName,
      );
}
