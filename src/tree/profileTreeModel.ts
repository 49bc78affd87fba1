/**
 * What the Profiles tree shows: the store's current model narrowed by the user's filter.
 * Fires `onDidChange` whenever either changes; the provider only renders.
 */

import { Emitter, type Disposable, type Event } from '../core/events';
import { matchesFilter } from '../core/config/profileSummary';
import type { ProfileStore } from '../core/config/profileStore';
import type { Profile, ProfileModel } from '../core/config/types';

/** The profiles to show and how many there are in all. */
export interface VisibleProfiles {
  readonly model: ProfileModel;
  readonly profiles: readonly Profile[];
  readonly total: number;
}

export class ProfileTreeModel implements Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private filterText = '';
  private readonly subscription: Disposable;

  constructor(private readonly store: ProfileStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
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
    const profiles = this.filterText ? model.profiles.filter((profile) => matchesFilter(profile, this.filterText)) : model.profiles;
    return { model, profiles, total: model.profiles.length };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
