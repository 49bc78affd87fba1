/**
 * Holds the current profile model, loads it on first use, and reloads it when either file
 * changes. The one source of profiles for the tree, the pickers and (later) the session engine.
 */

import { Emitter, type Disposable, type Event } from '../vocabulary/events';
import { loadProfileModel, type ConfigPaths, type TextFileReader } from './configFiles';
import type { ProfileModel } from './types';

/** Tells when a file may have changed (created, edited, deleted). */
export interface FileWatcher {
  watch(paths: readonly string[], onChange: () => void): Disposable;
}

export class ProfileStore implements Disposable {
  private readonly changed = new Emitter<ProfileModel>();
  /** Fires after every reload with the new model. */
  readonly onDidChange: Event<ProfileModel> = this.changed.event;

  private current: Promise<ProfileModel> | undefined;
  private watching: Disposable | undefined;

  constructor(
    private readonly reader: TextFileReader,
    private readonly watcher: FileWatcher,
    private readonly paths: () => ConfigPaths,
  ) {}

  /** The model, read on first use; watching starts then, so activation reads nothing. */
  getModel(): Promise<ProfileModel> {
    if (!this.current) {
      this.startWatching();
      this.current = this.load();
    }
    return this.current;
  }

  /** Re-reads both files now and tells listeners. */
  async reload(): Promise<ProfileModel> {
    this.startWatching();
    const next = this.load();
    this.current = next;
    const model = await next;
    // A newer reload may have started while this one read; only the newest one is announced.
    if (this.current === next) this.changed.fire(model);
    return model;
  }

  getPaths(): ConfigPaths {
    return this.paths();
  }

  dispose(): void {
    this.watching?.dispose();
    this.changed.dispose();
  }

  private load(): Promise<ProfileModel> {
    return loadProfileModel(this.reader, this.paths());
  }

  private startWatching(): void {
    if (this.watching) return;
    const { configFile, credentialsFile } = this.paths();
    this.watching = this.watcher.watch([configFile, credentialsFile], () => void this.reload());
  }
}
