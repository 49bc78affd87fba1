/** An in-memory file system for the core's file ports: reads, failures, and change events. */

import type { TextFileReader } from '../../../src/core/config/configFiles';
import type { FileWatcher } from '../../../src/core/config/profileStore';
import type { Disposable } from '../../../src/core/vocabulary/events';

export class MemoryFiles implements TextFileReader, FileWatcher {
  private readonly files = new Map<string, string>();
  private readonly failures = new Map<string, string>();
  private readonly watchers = new Set<{ paths: readonly string[]; onChange: () => void }>();
  /** Every path read, in order. */
  readonly reads: string[] = [];

  async readTextFile(path: string): Promise<string> {
    this.reads.push(path);
    const failure = this.failures.get(path);
    if (failure) throw Object.assign(new Error(`${failure}: ${path}`), { code: failure });
    const text = this.files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  }

  watch(paths: readonly string[], onChange: () => void): Disposable {
    const watcher = { paths, onChange };
    this.watchers.add(watcher);
    return { dispose: () => this.watchers.delete(watcher) };
  }

  /** Writes (or with `undefined` deletes) a file and tells the watchers of that path. */
  write(path: string, text: string | undefined): void {
    if (text === undefined) this.files.delete(path);
    else this.files.set(path, text);
    this.failures.delete(path);
    for (const watcher of [...this.watchers]) if (watcher.paths.includes(path)) watcher.onChange();
  }

  /** Makes reading the path fail with a Node error code such as EACCES. */
  fail(path: string, code: string): void {
    this.failures.set(path, code);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}
