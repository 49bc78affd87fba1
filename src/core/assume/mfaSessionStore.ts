/**
 * MFA sessions (GetSessionToken with a code) kept in SecretStore so that one code serves every
 * role over the same keys and device until the session ends, across reloads: aws-vault's model.
 *
 * Sign Out ends them in every window. VS Code's windows share SecretStorage and nothing else: no
 * lock, no transaction, no way to list keys; each window's queue orders only its own writes. So
 * a session is not ended by finding and deleting it (a window storing one while another signs
 * out, or two windows updating the index at once, can leave one behind) but by a sign-out epoch:
 * - Sign Out first stores a new random epoch, then deletes the sessions the index names.
 * - A run reads the epoch before anything else; a new session it gets is stamped with that
 *   epoch, read before its GetSessionToken (and its prompt) started.
 * - A run accepts a stored session only if its stamp is the epoch the run read; any other is
 *   treated as absent, and deleted.
 * A session obtained before a Sign Out began carries an epoch read before that Sign Out stored its
 * own. A run that starts after the Sign Out completed reads that epoch or a later one, never the
 * old one again (epochs are random, and the epoch is replaced, never deleted): whatever order the
 * windows' reads and writes land in, it cannot accept that session. Correctness rests on the
 * epoch alone; the index only lets Sign Out delete what it can find, for tidiness.
 *
 * Sessions stored by versions before the epoch carry no stamp: they are never accepted (one of
 * them may have outlived a Sign Out through the lost-index race), so the first assume after the
 * update asks for a code once. Until any Sign Out has stored an epoch, sessions are stamped
 * `null`, which matches only while there is still none.
 */

import { randomUUID } from 'node:crypto';
import type { AwsCredentials, SecretStore } from '../vocabulary/ports';
import { MFA_SESSION_EPOCH_KEY, MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from '../vocabulary/sessionTypes';

/** The sign-out epoch: the id the last Sign Out stored, `null` while no Sign Out has stored one. */
export type SignOutEpoch = string | null;

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
 * had, so a session stored by an earlier version is found (and, having no epoch, deleted).
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
  /** The epoch read before its GetSessionToken started; absent in sessions of earlier versions. */
  readonly epoch?: SignOutEpoch;
}

/** A stored session as read, with its stamp (`undefined`: an earlier version stored it). */
interface ReadSession {
  readonly session: StoredMfaSession;
  readonly epoch: SignOutEpoch | undefined;
}

export class MfaSessionStore {
  /**
   * This window's writes, deletes and index updates run one at a time: two sessions it stores at
   * once are both indexed, and its `forgetAll()` sees every session it wrote before. Other
   * windows' writes interleave freely; the epoch makes that safe.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secrets: SecretStore,
    /** Makes each Sign Out's epoch: never made twice, so an old epoch never comes back. */
    private readonly newEpoch: () => string = randomUUID,
  ) {}

  /**
   * The epoch now. A run reads it first, before it loads a session or starts a GetSessionToken,
   * and hands it to `load` and `save`.
   */
  async currentEpoch(): Promise<SignOutEpoch> {
    return (await this.secrets.get(MFA_SESSION_EPOCH_KEY)) ?? null;
  }

  /**
   * The stored session if it was obtained in `epoch` (the one the run read first); `stale` if it
   * was obtained in another (before a Sign Out, or by an earlier version), once it is deleted;
   * `undefined` when there is none or it cannot be read.
   */
  async load(key: string, epoch: SignOutEpoch): Promise<StoredMfaSession | 'stale' | undefined> {
    const text = await this.secrets.get(key);
    const read = text === undefined ? undefined : parse(text);
    if (!read) return undefined;
    if (read.epoch === epoch) return read.session;
    await this.deleteStale(key, text!);
    return 'stale';
  }

  /**
   * Stores the session obtained in `epoch`, unless `stillWanted()`, asked in the queue right
   * before the write, says no (the sessions were forgotten since it was obtained), or the epoch
   * has changed since (a Sign Out here or elsewhere: it would never be accepted). Resolves with
   * whether it was stored.
   */
  async save(key: string, session: StoredMfaSession, epoch: SignOutEpoch, stillWanted: () => boolean = () => true): Promise<boolean> {
    const json: StoredJson = {
      accessKeyId: session.credentials.accessKeyId,
      secretAccessKey: session.credentials.secretAccessKey,
      sessionToken: session.credentials.sessionToken,
      expiration: session.credentials.expiration.toISOString(),
      rootAccessKeyId: session.rootAccessKeyId,
      epoch,
    };
    let stored = false;
    await this.enqueue(async () => {
      if (!stillWanted()) return;
      // Tidiness, not safety: a Sign Out may still come between this read and the write, and
      // the session is then written but never accepted.
      if ((await this.currentEpoch()) !== epoch) return;
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
      if (onlyAccessKeyId !== undefined && parse(await this.secrets.get(key))?.session.credentials.accessKeyId !== onlyAccessKeyId) return;
      await this.deleteIndexed(key);
    });
  }

  /**
   * Sign Out: stores a new epoch, which ends every stored session in every window at once, then
   * deletes the sessions the index names and the index. Resolves with how many it named.
   */
  async forgetAll(): Promise<number> {
    let count = 0;
    await this.enqueue(async () => {
      let failed: { error: unknown } | undefined;
      try {
        await this.secrets.store(MFA_SESSION_EPOCH_KEY, this.newEpoch());
      } catch (error) {
        // Still delete what can be found; the Sign Out then fails with this error.
        failed = { error };
      }
      const keys = await this.readIndex();
      count = keys.length;
      for (const key of keys) await this.secrets.delete(key);
      if (keys.length > 0 || (await this.secrets.get(MFA_SESSION_INDEX_KEY)) !== undefined) await this.secrets.delete(MFA_SESSION_INDEX_KEY);
      if (failed) throw failed.error;
    });
    return count;
  }

  /**
   * Deletes a session `load` found stale, unless it changed meanwhile or belongs to the epoch now
   * (another window stored it after a Sign Out this run had not seen when it began).
   */
  private async deleteStale(key: string, text: string): Promise<void> {
    await this.enqueue(async () => {
      const current = await this.secrets.get(key);
      if (current !== text) return;
      const stamp = parse(current)?.epoch;
      if (stamp !== undefined && stamp === (await this.currentEpoch())) return;
      await this.deleteIndexed(key);
    });
  }

  /** Call only from a queued task. */
  private async deleteIndexed(key: string): Promise<void> {
    await this.secrets.delete(key);
    await this.updateIndex((keys) => keys.filter((known) => known !== key));
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

/** A stored session and its stamp, or `undefined` when there is none or it cannot be read. */
function parse(text: string | undefined): ReadSession | undefined {
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as Partial<StoredJson>;
    const expiration = new Date(json.expiration ?? Number.NaN);
    if (!json.accessKeyId || !json.secretAccessKey || !json.sessionToken || !json.rootAccessKeyId || Number.isNaN(expiration.getTime())) {
      return undefined;
    }
    const epoch = typeof json.epoch === 'string' || json.epoch === null ? json.epoch : undefined;
    return {
      session: {
        credentials: { accessKeyId: json.accessKeyId, secretAccessKey: json.secretAccessKey, sessionToken: json.sessionToken, expiration },
        rootAccessKeyId: json.rootAccessKeyId,
      },
      epoch,
    };
  } catch {
    return undefined;
  }
}
