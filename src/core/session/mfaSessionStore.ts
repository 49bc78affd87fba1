/**
 * MFA sessions (GetSessionToken with a code) kept in SecretStore so that one code serves every
 * role over the same keys and device until the session ends, across reloads: aws-vault's model.
 * SecretStore cannot list its keys, so the keys in use are kept in an index under one key.
 *
 * Every write and delete runs in one queue, so a session saved while `forgetAll()` runs is
 * either written (and indexed) before `forgetAll()` deletes it, or not written at all.
 */

import type { AwsCredentials, SecretStore } from './ports';
import { MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from './types';

/** An MFA session and the long-term key it was made from. */
export interface StoredMfaSession {
  readonly credentials: AwsCredentials & { readonly sessionToken: string; readonly expiration: Date };
  /** The root profile's key id when the session was made; other keys mean another session. */
  readonly rootAccessKeyId: string;
}

/**
 * Where the MFA session of a root profile and an MFA device, obtained through an STS endpoint,
 * is stored. A session is only sent back to the STS that issued it: another STS (a local one,
 * a FIPS or VPC endpoint) would refuse it. The SDK's default endpoint keeps the key it always
 * had, so sessions stored by earlier versions are still found.
 */
export function mfaSessionKey(rootProfileName: string, mfaSerial: string, stsEndpoint?: string): string {
  const endpoint = normalizeEndpoint(stsEndpoint);
  return `${MFA_SESSION_KEY_PREFIX}${rootProfileName}:${mfaSerial}${endpoint === undefined ? '' : ` via ${endpoint}`}`;
}

/** One spelling per endpoint: `HTTPS://Sts.Example/` and `https://sts.example` are the same STS. */
function normalizeEndpoint(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed) return undefined;
  try {
    return new URL(trimmed).href.replace(/\/+$/, '');
  } catch {
    return trimmed;
  }
}

interface StoredJson {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: string;
  readonly rootAccessKeyId: string;
}

export class MfaSessionStore {
  /**
   * Writes, deletes and index updates run one at a time: two sessions stored at once must both
   * be indexed, and `forgetAll()` must see every session written before it.
   */
  private queue: Promise<unknown> = Promise.resolve();

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

  /**
   * Stores the session unless `stillWanted()`, asked in the queue right before the write, says
   * no (the sessions were forgotten since it was obtained). Resolves with whether it was stored.
   */
  async save(key: string, session: StoredMfaSession, stillWanted: () => boolean = () => true): Promise<boolean> {
    const json: StoredJson = {
      accessKeyId: session.credentials.accessKeyId,
      secretAccessKey: session.credentials.secretAccessKey,
      sessionToken: session.credentials.sessionToken,
      expiration: session.credentials.expiration.toISOString(),
      rootAccessKeyId: session.rootAccessKeyId,
    };
    let stored = false;
    await this.enqueue(async () => {
      if (!stillWanted()) return;
      await this.secrets.store(key, JSON.stringify(json));
      stored = true;
      await this.updateIndex((keys) => (keys.includes(key) ? keys : [...keys, key]));
    });
    return stored;
  }

  /**
   * Deletes the stored session; with `onlyAccessKeyId`, only if it is still that one (checked in
   * the queue, so a session another run stored meanwhile is kept).
   */
  async discard(key: string, onlyAccessKeyId?: string): Promise<void> {
    await this.enqueue(async () => {
      if (onlyAccessKeyId !== undefined && (await this.load(key))?.credentials.accessKeyId !== onlyAccessKeyId) return;
      await this.secrets.delete(key);
      await this.updateIndex((keys) => keys.filter((known) => known !== key));
    });
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

  /** Call only from a queued task. */
  private async updateIndex(change: (keys: string[]) => string[]): Promise<void> {
    const keys = await this.readIndex();
    const next = change(keys);
    if (next.length === keys.length && next.every((key, i) => key === keys[i])) return;
    if (next.length === 0) await this.secrets.delete(MFA_SESSION_INDEX_KEY);
    else await this.secrets.store(MFA_SESSION_INDEX_KEY, JSON.stringify(next));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
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
