/**
 * What the Profiles tree shows: the store's current model narrowed by the user's filter.
 * Fires `onDidChange` whenever either changes; the provider only renders.
 */

import { Emitter, type Disposable, type Event } from '../core/vocabulary/events';
import { sortProfiles } from '../core/config/profileModel';
import { matchesFilter } from '../core/config/profileSummary';
import type { ProfileStore } from '../core/config/profileStore';
import type { Profile, ProfileModel } from '../core/config/types';
import { sameMarks, type ActiveProfileMark } from '../core/presentation/activeProfileMark';
import { describeKeysSession, type KeysSessionSettings } from '../core/presentation/sessionMessages';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import type { IdentityCenterSession } from '../core/identityCenter/identityCenterSessions';
import type { SignInState } from '../core/identityCenter/identityCenterSignIns';
import { IdentityCenterNode, type IdentityCenterRowSource } from './identityCenterNodes';

/** What the tree's IAM Identity Center rows come from. */
export interface IdentityCenterRows {
  sessions(model: ProfileModel): readonly IdentityCenterSession[];
  state(session: IdentityCenterSession): Promise<SignInState>;
  readonly listings: Pick<IdentityCenterRowSource, 'accounts' | 'roleNames'>;
}

/** The profiles to show and how many there are in all. */
export interface VisibleProfiles {
  readonly model: ProfileModel;
  readonly profiles: readonly Profile[];
  readonly total: number;
}

export class ProfileTreeModel implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<void>());
  readonly onDidChange: Event<void> = this.changed.event;
  private filterText = '';
  private sorted: { model: ProfileModel; profiles: readonly Profile[] } | undefined;
  private activeMark: ActiveProfileMark | undefined;
  private heldMarks: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly store: ProfileStore,
    onDidChangeActiveProfile?: Event<ActiveProfileMark | undefined>,
    /** What decides how a profile of long-term keys is handed out; read at each render. */
    private readonly keysSessionSettings?: () => KeysSessionSettings,
    /** IAM Identity Center's sign-ins the config names, and what their rows list. */
    private readonly identityCenter?: IdentityCenterRows,
  ) {
    this.disposables.add(store.onDidChange(() => this.changed.fire()));
    if (onDidChangeActiveProfile) {
      this.disposables.add(
        onDidChangeActiveProfile((mark) => {
          this.activeMark = mark;
          this.changed.fire();
        }),
      );
    }
  }

  /** The profile of the window's active session, marked in the tree. */
  get activeProfileName(): string | undefined {
    return this.activeMark?.profileName;
  }

  /** How long the active session has left, e.g. `42 min left`; absent with no end. */
  get activeTimeLeft(): string | undefined {
    return this.activeMark?.timeLeft;
  }

  /**
   * What assuming a profile gives, when that is not plain: "session of alice's keys, 12 h".
   * The settings are read once per render, not once per row: reading VS Code's configuration
   * for each of 10,000 profiles was most of the time the tree took to show its first row.
   */
  sessionWords(): (profile: Profile) => string | undefined {
    if (!this.keysSessionSettings) return () => undefined;
    const settings = this.keysSessionSettings();
    return (profile) => describeKeysSession(profile, settings);
  }

  /** Where else a profile is live (a terminal's session): "in a terminal - 42 min left". */
  heldMarkOf(profileName: string): string | undefined {
    return this.heldMarks.get(profileName);
  }

  /** The held sessions' marks now; the tree renders again only when one changed (once a minute at most). */
  setHeldMarks(marks: ReadonlyMap<string, string>): void {
    if (sameMarks(marks, this.heldMarks)) return;
    this.heldMarks = marks;
    this.changed.fire();
  }

  /** A row per IAM Identity Center sign-in the config names, with its state now (one SecretStorage read each). */
  async identityCenterRows(model: ProfileModel): Promise<IdentityCenterNode[]> {
    if (!this.identityCenter) return [];
    const source: IdentityCenterRowSource = {
      ...this.identityCenter.listings,
      profileNamed: (name) => model.byName.get(name),
      heldMarkOf: (name) => this.heldMarkOf(name),
      activeProfileName: this.activeProfileName,
      activeTimeLeft: this.activeTimeLeft,
    };
    const sessions = this.identityCenter.sessions(model);
    const states = await Promise.all(sessions.map((session) => this.identityCenter!.state(session)));
    return sessions.map((session, index) => new IdentityCenterNode(session, states[index], source));
  }

  /** The settings behind `sessionWords` changed: render again. */
  refresh(): void {
    this.changed.fire();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    const next = text.trim();
    if (next === this.filterText) return;
    this.filterText = next;
    this.changed.fire();
  }

  async getVisibleProfiles(): Promise<VisibleProfiles> {
    const model = await this.store.getModel();
    const sorted = this.sortedProfiles(model);
    const profiles = this.filterText ? sorted.filter((profile) => matchesFilter(profile, this.filterText)) : sorted;
    return { model, profiles, total: sorted.length };
  }

  /** The model's profiles in the tree's order, sorted once per model. */
  private sortedProfiles(model: ProfileModel): readonly Profile[] {
    if (this.sorted?.model !== model) this.sorted = { model, profiles: sortProfiles([...model.profiles]) };
    return this.sorted.profiles;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
