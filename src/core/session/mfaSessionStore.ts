/**
 * MFA sessions (GetSessionToken with a code) kept in SecretStore so that one code serves every
 * role over the same keys and device until the session ends, across reloads: aws-vault's model.
 * SecretStore cannot list its keys, so the keys in use are kept in an index under one key.
 */

import type { AwsCredentials, SecretStore } from './ports';
import { MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from './types';

/** An MFA session and the long-term key it was made from. */
export interface StoredMfaSession {
  readonly credentials: AwsCredentials & { readonly sessionToken: string; readonly expiration: Date };
  /** The root profile's key id when the session was made; other keys mean another session. */
  readonly rootAccessKeyId: string;
}

/** Where the MFA session of a root profile and an MFA device is stored. */
export function mfaSessionKey(rootProfileName: string, mfaSerial: string): string {
  return `${MFA_SESSION_KEY_PREFIX}${rootProfileName}:${mfaSerial}`;
}

interface StoredJson {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: string;
  readonly rootAccessKeyId: string;
}

export class MfaSessionStore {
  /** Index updates run one at a time: two sessions stored at once must both be indexed. */
  private indexQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: SecretStore) {}

  /** The stored session, or `undefined` when there is none or it cannot be read. */
  async load(key: string): Promise<StoredMfaSession | undefined> {
    const text = await this.secrets.get(key);
    if (text === undefined) return undefined;
    try {
      const json = JSON.parse(text) as Partial<StoredJson>;
      const expiration = new Date(json.expiration ?? Number.NaN);
      if (!json.accessKeyId || !json.secretAccessKey || !json.sessionToken || !json.rootAccessKeyId || Number.isNaN(expiration.getTime())) {
        return undefined;
      }
      return {
        credentials: { accessKeyId: json.accessKeyId, secretAccessKey: json.secretAccessKey, sessionToken: json.sessionToken, expiration },
        rootAccessKeyId: json.rootAccessKeyId,
      };
    } catch {
      return undefined;
    }
  }

  async save(key: string, session: StoredMfaSession): Promise<void> {
    const json: StoredJson = {
      accessKeyId: session.credentials.accessKeyId,
      secretAccessKey: session.credentials.secretAccessKey,
      sessionToken: session.credentials.sessionToken,
      expiration: session.credentials.expiration.toISOString(),
      rootAccessKeyId: session.rootAccessKeyId,
    };
    await this.secrets.store(key, JSON.stringify(json));
    await this.updateIndex((keys) => (keys.includes(key) ? keys : [...keys, key]));
  }

  async discard(key: string): Promise<void> {
    await this.secrets.delete(key);
    await this.updateIndex((keys) => keys.filter((known) => known !== key));
  }

  /** Deletes every stored session and the index; resolves with how many there were. */
  async forgetAll(): Promise<number> {
    let count = 0;
    await this.enqueue(async () => {
      const keys = await this.readIndex();
      count = keys.length;
      for (const key of keys) await this.secrets.delete(key);
      if (keys.length > 0 || (await this.secrets.get(MFA_SESSION_INDEX_KEY)) !== undefined) await this.secrets.delete(MFA_SESSION_INDEX_KEY);
    });
    return count;
  }

  private updateIndex(change: (keys: string[]) => string[]): Promise<void> {
    return this.enqueue(async () => {
      const keys = await this.readIndex();
      const next = change(keys);
      if (next.length === keys.length && next.every((key, i) => key === keys[i])) return;
      if (next.length === 0) await this.secrets.delete(MFA_SESSION_INDEX_KEY);
      else await this.secrets.store(MFA_SESSION_INDEX_KEY, JSON.stringify(next));
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.indexQueue.then(task);
    this.indexQueue = run.catch(() => undefined);
    return run;
  }

  private async readIndex(): Promise<string[]> {
    const text = await this.secrets.get(MFA_SESSION_INDEX_KEY);
    if (text === undefined) return [];
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
    } catch {
      return [];
    }
  }
}
