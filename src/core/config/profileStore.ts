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
  /** The files' model before `extend`, so a new extension applies without reading them again. */
  private base: Promise<ProfileModel> | undefined;
  private watching: Disposable | undefined;
  /** Adds profiles the files do not name (roles IAM Identity Center lists); the identity by default. */
  private extend: (model: ProfileModel) => ProfileModel = (model) => model;

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

  /**
   * Profiles beyond the files': `extend` returns the files' model with more profiles to look up
   * by name (IAM Identity Center's roles, assumable without a profile in the config). Applied to
   * the model now, without reading the files again, and to every model from now on.
   */
  async setExtension(extend: (model: ProfileModel) => ProfileModel): Promise<void> {
    this.extend = extend;
    if (!this.base) return;
    const base = this.base;
    const next = base.then(extend);
    this.current = next;
    const model = await next;
    if (this.current === next) this.changed.fire(model);
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
    this.base = loadProfileModel(this.reader, this.paths());
    return this.base.then((model) => this.extend(model));
  }

  private startWatching(): void {
    if (this.watching) return;
    const { configFile, credentialsFile } = this.paths();
    this.watching = this.watcher.watch([configFile, credentialsFile], () => void this.reload());
  }
}
