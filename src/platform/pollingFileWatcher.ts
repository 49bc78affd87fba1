/**
 * Watches files by polling their status, which works for files outside the workspace, in
 * folders that do not exist yet, and for files that appear or vanish; VS Code's watcher and
 * `fs.watch` need an existing folder. Two stat calls every few hundred milliseconds cost nothing.
 */

import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { Disposable } from '../core/vocabulary/events';
import type { FileWatcher } from '../core/config/profileStore';

export class PollingFileWatcher implements FileWatcher {
  /**
   * @param intervalMs how often each file's status is read
   * @param settleMs quiet time before reporting, so an editor's save-in-several-writes is one change
   */
  constructor(
    private readonly intervalMs = 250,
    private readonly settleMs = 100,
  ) {}

  watch(paths: readonly string[], onChange: () => void): Disposable {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (current: Stats, previous: Stats) => {
      if (sameFile(current, previous)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        onChange();
      }, this.settleMs);
    };
    for (const path of paths) watchFile(path, { interval: this.intervalMs, persistent: false }, listener);
    return {
      dispose: () => {
        if (timer) clearTimeout(timer);
        for (const path of paths) unwatchFile(path, listener);
      },
    };
  }
}

/**
 * Nothing a reader would notice changed. The change time and mode count too: a `chmod` that
 * makes an unreadable file readable again changes neither its size nor its modification time.
 */
function sameFile(current: Stats, previous: Stats): boolean {
  return (
    current.mtimeMs === previous.mtimeMs &&
    current.ctimeMs === previous.ctimeMs &&
    current.size === previous.size &&
    current.ino === previous.ino &&
    current.mode === previous.mode
  );
}
