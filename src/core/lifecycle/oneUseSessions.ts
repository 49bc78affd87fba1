/**
 * Sessions assumed for one use (Open Console with a profile; a debug launch's own profile is a
 * held session now, `HeldSessions`),
 * apart from the window's session: no state, no event, nothing stored. They are kept in memory
 * so that a burst of launches makes one assume, and reused while more than half their life is
 * left, on the same model, and while the window made no assume or sign-out of its own since.
 * They share the engine's MFA sessions, so one asks for a code only when the window's own
 * assume would.
 *
 * A sign-out while one runs stops it and ends it with a `SessionError` of kind `superseded` that
 * says Sign Out came: what was asked for before Sign Out gets no credentials after it. A
 * revocation does the same with kind `revoked`. The window's own assumes and renewals leave
 * runs under way alone.
 */

import type { ProfileModel } from '../config/types';
import type { TimeSource } from '../vocabulary/ports';
import { SessionError, type RoleSession, type SessionAccess } from '../vocabulary/sessionTypes';
import { isRevoked, type RoleAssumer } from './liveSession';

/** What ends the one-use runs under way. */
export type OneUseEnd = 'signed-out' | 'revoked';

export interface OneUseSessionsOptions {
  readonly engine: RoleAssumer;
  readonly model: () => Promise<ProfileModel>;
  readonly time: Pick<TimeSource, 'now'>;
  /** The owner's request number: it moves with every assume and sign-out of the window. */
  readonly generation: () => number;
  /** A run met a revocation: the owner ends everything riding MFA sessions (these runs included). */
  readonly revoked: () => Promise<void>;
}

interface KeptSession {
  readonly model: ProfileModel;
  readonly generation: number;
  readonly session: RoleSession;
}

export class OneUseSessions {
  private readonly kept = new Map<string, KeptSession>();
  /**
   * Runs under way, each aborted by a sign-out or a revocation (and by nothing else: the
   * generation moves with every assume of the window's own, which must not stop a launch).
   */
  private readonly runs = new Set<AbortController>();

  constructor(private readonly options: OneUseSessionsOptions) {}

  /** `profileName`'s session for one use: a kept one if it still serves, else a new assume. */
  async assume(profileName: string, signal?: AbortSignal, access: SessionAccess = 'full'): Promise<RoleSession> {
    const ended = new AbortController();
    const cancel = () => ended.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    this.runs.add(ended);
    try {
      const model = await this.options.model();
      throwIfEnded(ended, profileName);
      // A read-only session is kept apart from the profile's full one.
      const key = `${access}:${profileName}`;
      const kept = this.kept.get(key);
      const generation = this.options.generation();
      if (kept && kept.model === model && kept.generation === generation && hasMostOfItsLifeLeft(kept.session, this.options.time.now())) return kept.session;
      let session: RoleSession;
      try {
        // Launches at the same moment share the engine's run; the result is kept for launches soon after.
        session = await this.options.engine.assume(profileName, model, ended.signal, { access });
      } catch (error) {
        // Before anything else: a revocation this run caused ends the others, not itself.
        throwIfEnded(ended, profileName);
        if (isRevoked(error)) await this.options.revoked();
        throw error;
      }
      throwIfEnded(ended, profileName);
      if (generation === this.options.generation()) this.kept.set(key, { model, generation, session });
      return session;
    } finally {
      signal?.removeEventListener('abort', cancel);
      this.runs.delete(ended);
    }
  }

  /** Keeps nothing any more (another window's Sign Out ended the MFA sessions they rode). */
  forget(): void {
    this.kept.clear();
  }

  /** A sign-out or a revocation: runs under way stop, and nothing is kept. */
  end(why: OneUseEnd): void {
    this.kept.clear();
    for (const run of this.runs) run.abort(why);
    this.runs.clear();
  }
}

/** Ends a run that a sign-out or a revocation stopped (`end`). */
function throwIfEnded(run: AbortController, profileName: string): void {
  const reason: unknown = run.signal.reason;
  if (reason === 'signed-out' || reason === 'revoked') throw oneUseEnded(profileName, reason);
}

/** More than half of the credentials' life is left (or they never end). */
function hasMostOfItsLifeLeft(session: RoleSession, now: number): boolean {
  const end = session.credentials.expiration?.getTime();
  return end === undefined || end - now > (end - session.obtainedAt) / 2;
}

/** Sign Out is the person's own doing (`superseded`, nothing to alarm them); a revocation is news (`revoked`). */
function oneUseEnded(profileName: string, why: OneUseEnd): SessionError {
  return why === 'signed-out'
    ? new SessionError('superseded', `Sign Out came while profile "${profileName}" was being assumed for one use; it was stopped, and no credentials were handed out.`, profileName)
    : new SessionError(
        'revoked',
        `An MFA session was revoked while profile "${profileName}" was being assumed for one use; it was stopped, and no credentials were handed out. Try again to enter a new MFA code.`,
        profileName,
      );
}
