/**
 * Sign Out in one window ends the MFA sessions of every window on this machine, and the other
 * windows say so. The MFA sessions live in SecretStorage, which VS Code's windows share, so the
 * window that signs out deletes them for all. What the other windows still hold of them (a
 * GetSessionToken under way, sessions kept for debug launches, their session's promise that its
 * renewal needs no code) goes when they hear of it: after deleting, the window writes a note to
 * SecretStorage, and every window hears of that through SecretStorage's change event.
 *
 * The note is news, not the guard: the sign-out epoch (`mfaSessionStore.ts`) already keeps every
 * window from riding an MFA session obtained before the Sign Out, whether or not, or when, it
 * hears of it. Hearing of it lets a window stop what it has under way and tell its person.
 *
 * The note names the window that wrote it (an id that lives only as long as the window), so a
 * window does not act on its own sign-out. It holds no secret: only the id and the time. The
 * time makes every note differ from the last, since VS Code fires no change for a value
 * stored again unchanged (a window signing out twice).
 */

import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import type { SecretStore } from '../vocabulary/ports';
import { DisposableStore } from '../vocabulary/disposableStore';

/** The SecretStorage key of the note; its value is `{"window": id, "at": ms}`. */
export const SIGN_OUT_NOTE_KEY = 'awsRoles.signedOut';

/** SecretStorage's change event, as VS Code gives it: fired in every window, the writer's included. */
export interface SecretChanges {
  readonly onDidChange: Event<{ readonly key: string }>;
}

export class SignOutBroadcast implements Disposable {
  private readonly owned = new DisposableStore();
  private readonly heard = this.owned.add(new Emitter<void>());
  /** Fires once for each Sign Out made in another window, after it deleted the MFA sessions. */
  readonly onDidSignOutElsewhere: Event<void> = this.heard.event;

  constructor(
    private readonly secrets: SecretStore & SecretChanges,
    /** This window's id: random, never stored beyond the note. */
    private readonly windowId: string,
    private readonly now: () => number,
  ) {
    this.owned.add(
      secrets.onDidChange((change) => {
        if (change.key === SIGN_OUT_NOTE_KEY) void this.readNote();
      }),
    );
  }

  /** Tells the other windows that this one signed out. Call once the MFA sessions are deleted. */
  async announce(): Promise<void> {
    await this.secrets.store(SIGN_OUT_NOTE_KEY, JSON.stringify({ window: this.windowId, at: this.now() }));
  }

  dispose(): void {
    this.owned.dispose();
  }

  private async readNote(): Promise<void> {
    let writer: unknown;
    try {
      writer = (JSON.parse((await this.secrets.get(SIGN_OUT_NOTE_KEY)) ?? '{}') as { window?: unknown }).window;
    } catch {
      return;
    }
    if (typeof writer === 'string' && writer !== this.windowId) this.heard.fire();
  }
}
