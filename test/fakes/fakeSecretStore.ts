/** An in-memory SecretStore that records every write and delete. */

import type { SecretStore } from '../../src/core/session/ports';

export class FakeSecretStore implements SecretStore {
  readonly data = new Map<string, string>();
  /** `store KEY` / `delete KEY`, in order (reads are not changes and are not recorded). */
  readonly changes: string[] = [];

  async get(key: string): Promise<string | undefined> {
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.changes.push(`store ${key}`);
    this.data.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.changes.push(`delete ${key}`);
    this.data.delete(key);
  }

  /** A copy of everything stored, for before/after comparisons. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
}
