/**
 * The one owner of the window's active session. Every feature that needs the session (the
 * tree's marks, and later the status bar, renewal and injection) listens to
 * `onDidChangeSession`; only this service assumes, replaces or ends it.
 */

import { Emitter, type Disposable, type Event } from '../events';
import type { ProfileModel } from '../config/types';
import type { CallerIdentity } from './ports';
import type { RoleSession } from './types';

/** What the service needs from the session engine. */
export interface SessionAssumer {
  assume(profileName: string, model: ProfileModel): Promise<RoleSession>;
  getCallerIdentity(session: RoleSession): Promise<CallerIdentity>;
  forgetMfaSessions(): Promise<void>;
}

export class ActiveSessionService implements Disposable {
  private readonly changed = new Emitter<RoleSession | undefined>();
  /** Fires with the new session, or `undefined` when the session ended. */
  readonly onDidChangeSession: Event<RoleSession | undefined> = this.changed.event;
  private active: RoleSession | undefined;

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
   */
  async assume(profileName: string): Promise<RoleSession> {
    const session = await this.engine.assume(profileName, await this.model());
    this.active = session;
    this.changed.fire(session);
    return session;
  }

  /** Who the active session's credentials belong to, asked of STS now. */
  identity(): Promise<CallerIdentity> | undefined {
    return this.active && this.engine.getCallerIdentity(this.active);
  }

  /** Ends the active session and forgets every cached MFA session. */
  async signOut(): Promise<void> {
    const hadSession = this.active !== undefined;
    this.active = undefined;
    await this.engine.forgetMfaSessions();
    if (hadSession) this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
