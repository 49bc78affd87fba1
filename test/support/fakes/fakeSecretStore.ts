/**
 * An in-memory SecretStore that records every write and delete. Like VS Code's SecretStorage
 * on the desktop, one store may be shared by several windows (several engines), and its
 * `onDidChange` fires for every store and delete, in every window, the writer's included.
 * With a `pace`, each call waits for it before it takes effect and again before it answers, as
 * a call to VS Code's main process does: other windows' calls can land in between.
 */

import { Emitter } from '../../../src/core/vocabulary/events';
import type { SecretStore } from '../../../src/core/vocabulary/ports';
import { Gate } from './gate';

export class FakeSecretStore implements SecretStore {
  readonly data = new Map<string, string>();
  private readonly changed = new Emitter<{ readonly key: string }>();
  /** Fires after each store or delete, as VS Code fires `SecretStorage.onDidChange` (a moment later). */
  readonly onDidChange = this.changed.event;
  /** `store KEY` / `delete KEY`, in order (reads are not changes and are not recorded). */
  readonly changes: string[] = [];
  private readonly heldStores: { keyPrefix: string; gate: Gate }[] = [];
  private readonly failingStores: ((key: string, value: string) => Error)[] = [];

  /** `pace('get KEY')`, `pace('get KEY answered')`…: resolves when the call may go on (a delay, or a turn a test's scheduler gives). */
  constructor(private readonly pace?: (step: string) => Promise<void>) {}

  /** The next store fails with the error `fail` makes of its key and value (a locked or broken keychain). */
  failNextStore(fail: (key: string, value: string) => Error): this {
    this.failingStores.push(fail);
    return this;
  }

  /** The next store of a key starting with `keyPrefix` completes only once the gate is opened (a slow keychain). */
  holdNextStore(keyPrefix: string): Gate {
    const gate = new Gate();
    this.heldStores.push({ keyPrefix, gate });
    return gate;
  }

  async get(key: string): Promise<string | undefined> {
    await this.pace?.(`get ${key}`);
    const value = this.data.get(key);
    await this.pace?.(`get ${key} answered`);
    return value;
  }

  async store(key: string, value: string): Promise<void> {
    const held = this.heldStores.findIndex((entry) => key.startsWith(entry.keyPrefix));
    if (held >= 0) await this.heldStores.splice(held, 1)[0].gate.pass();
    const fail = this.failingStores.shift();
    if (fail) throw fail(key, value);
    await this.pace?.(`store ${key}`);
    this.changes.push(`store ${key}`);
    this.data.set(key, value);
    this.announce(key);
    await this.pace?.(`store ${key} answered`);
  }

  async delete(key: string): Promise<void> {
    await this.pace?.(`delete ${key}`);
    this.changes.push(`delete ${key}`);
    this.data.delete(key);
    this.announce(key);
    await this.pace?.(`delete ${key} answered`);
  }

  /** VS Code tells the windows through its main process: the event comes after the write resolved. */
  private announce(key: string): void {
    setImmediate(() => this.changed.fire({ key }));
  }

  /** A copy of everything stored, for before/after comparisons. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
}
