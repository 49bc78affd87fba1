/**
 * Work that several callers wait for at once (one assume run, one GetSessionToken), started
 * once per key. Each caller may give up on its own: its promise rejects at once, but the work
 * goes on for the others. Only when every caller that can give up has done so is the work
 * aborted (its `signal` fires: a prompt closes, `mfa_process` is killed). A caller without a
 * signal never gives up, so work it waits for is never aborted.
 */

import { untilAborted } from './untilAborted';

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  /** Callers still waiting; the work is aborted when the last one gives up. */
  waiting: number;
}

export class SharedTasks<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /**
   * Waits for the work under `key`, starting it with `start` if none is under way.
   * When `signal` aborts, the returned promise rejects with `giveUp()`.
   */
  join(key: string, start: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined, giveUp: () => Error): Promise<T> {
    if (signal?.aborted) return Promise.reject(giveUp());
    const entry = this.entries.get(key) ?? this.start(key, start);
    entry.waiting += 1;
    if (!signal) return entry.promise;
    return untilAborted(entry.promise, signal, () => {
      const error = giveUp();
      entry.waiting -= 1;
      if (entry.waiting === 0) {
        // Nobody wants the result any more: stop the work, and let the next caller start afresh.
        if (this.entries.get(key) === entry) this.entries.delete(key);
        entry.controller.abort();
      }
      return error;
    });
  }

  /**
   * Forgets the work under way, so the next `join` starts new work. Work already started goes
   * on for the callers waiting for it.
   */
  forgetAll(): void {
    this.entries.clear();
  }

  private start(key: string, start: (signal: AbortSignal) => Promise<T>): Entry<T> {
    const controller = new AbortController();
    const entry: Entry<T> = { promise: start(controller.signal), controller, waiting: 0 };
    this.entries.set(key, entry);
    const settle = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    // Also marks a rejection as handled when every caller has already given up.
    entry.promise.then(settle, settle);
    return entry;
  }
}
