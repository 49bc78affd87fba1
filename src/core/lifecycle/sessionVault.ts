/**
 * The window's session kept across a reload: its profile and credentials in SecretStore (VS
 * Code's `context.secrets`, the OS keychain) under one key per workspace, and nowhere else.
 * Restoring reads this one secret: no STS call, no AWS SDK.
 *
 * Writes run in one queue in the order the session changed, so a sign-out right after an
 * assume ends with nothing stored.
 */

import type { Disposable } from '../vocabulary/events';
import type { SessionChange, WindowSessions } from './windowSessions';
import type { SecretStore } from '../vocabulary/ports';
import { holdsLongTermKeys, isSessionCredentialsKind, type RoleSession, type SessionCredentialsKind } from '../vocabulary/sessionTypes';

/** The key prefix; the workspace's id follows it. */
export const ACTIVE_SESSION_KEY_PREFIX = 'awsRoles.activeSession:';

/** What is stored: the session with its dates as ISO strings, and a version for later changes. */
interface StoredSession {
  readonly version: 1;
  readonly profileName: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: string };
  readonly region: string;
  readonly profileRegion?: string;
  readonly assumedRoleArn?: string;
  readonly identity?: RoleSession['identity'];
  readonly obtainedAt: number;
  readonly endpoint?: string;
  readonly chain?: RoleSession['chain'];
  readonly mfaSerial?: string;
  readonly mfaSessionExpiration?: string;
  readonly credentialsKind?: SessionCredentialsKind;
}

export class SessionVault {
  private queue: Promise<unknown> = Promise.resolve();

  /** `workspaceId`: one window's workspace (folder, workspace file, or the empty window). */
  constructor(
    private readonly secrets: SecretStore,
    workspaceId: string,
  ) {
    this.key = `${ACTIVE_SESSION_KEY_PREFIX}${workspaceId}`;
  }

  readonly key: string;

  /** The stored session, or `undefined` when there is none or it cannot be read (then it is deleted). */
  async load(): Promise<RoleSession | undefined> {
    const text = await this.secrets.get(this.key);
    if (text === undefined) return undefined;
    const session = parse(text);
    if (!session) await this.enqueue(() => this.secrets.delete(this.key));
    return session;
  }

  /**
   * Stores the session, or deletes it for `undefined`; after every write queued before it. A
   * session of long-term keys (allowed by the person for one profile) is never stored: the key
   * is deleted instead, so the keys are not kept anywhere beyond the person's own AWS files.
   */
  save(session: RoleSession | undefined): Promise<void> {
    const keep = session && !holdsLongTermKeys(session) ? session : undefined;
    return this.enqueue(() => (keep ? this.secrets.store(this.key, JSON.stringify(toStored(keep))) : this.secrets.delete(this.key)));
  }

  private enqueue(write: () => PromiseLike<void>): Promise<void> {
    const next = this.queue.then(write);
    // A failed write must not stop the ones after it; the caller still sees its own failure.
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Keeps the vault in step with the service: a new, switched or renewed session is stored (again
 * once another window's Sign Out ended its MFA session), a sign-out or a revocation deletes it.
 * An expired session stays stored, so a reload shows it expired with Renew offered. `onError`
 * hears of a failed write (a locked keychain); the session itself goes on.
 */
export function keepSessionInVault(sessions: Pick<WindowSessions, 'onDidChangeSession'>, vault: SessionVault, onError: (error: unknown) => void): Disposable {
  return sessions.onDidChangeSession((change: SessionChange) => {
    // After another window's Sign Out the session is stored without its MFA session's end, so a
    // reload does not promise a renewal with no code.
    if (change.reason === 'assumed' || change.reason === 'switched' || change.reason === 'renewed' || change.reason === 'mfa-session-ended') {
      vault.save(change.session).catch(onError);
    } else if (change.reason === 'signed-out' || change.reason === 'revoked') {
      vault.save(undefined).catch(onError);
    }
  });
}

function toStored(session: RoleSession): StoredSession {
  const { credentials } = session;
  return {
    version: 1,
    profileName: session.profileName,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
      ...(credentials.expiration === undefined ? {} : { expiration: credentials.expiration.toISOString() }),
    },
    region: session.region,
    profileRegion: session.profileRegion,
    assumedRoleArn: session.assumedRoleArn,
    identity: session.identity,
    obtainedAt: session.obtainedAt,
    endpoint: session.endpoint,
    chain: session.chain,
    mfaSerial: session.mfaSerial,
    mfaSessionExpiration: session.mfaSessionExpiration?.toISOString(),
    credentialsKind: session.credentialsKind,
  };
}

/** The session stored by `toStored`, or `undefined` for anything else (another version, a damaged entry). */
function parse(text: string): RoleSession | undefined {
  let stored: StoredSession;
  try {
    stored = JSON.parse(text) as StoredSession;
  } catch {
    return undefined;
  }
  const credentials = stored?.credentials;
  if (stored?.version !== 1 || typeof stored.profileName !== 'string' || typeof credentials?.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string') {
    return undefined;
  }
  // Long-term keys kept by an earlier version: never brought back (and `load` deletes them).
  if (typeof credentials.sessionToken !== 'string') return undefined;
  const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
  const expiration = date(credentials.expiration);
  if (expiration && Number.isNaN(expiration.getTime())) return undefined;
  const mfaSessionExpiration = date(stored.mfaSessionExpiration);
  return {
    profileName: stored.profileName,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
      ...(expiration ? { expiration } : {}),
    },
    region: stored.region,
    ...(typeof stored.profileRegion === 'string' ? { profileRegion: stored.profileRegion } : {}),
    assumedRoleArn: stored.assumedRoleArn,
    identity: stored.identity,
    obtainedAt: stored.obtainedAt,
    // Nothing was asked of STS to bring it back.
    stsCalls: 0,
    notices: [],
    endpoint: stored.endpoint,
    ...(stored.chain ? { chain: stored.chain } : {}),
    ...(stored.mfaSerial ? { mfaSerial: stored.mfaSerial } : {}),
    ...(mfaSessionExpiration && !Number.isNaN(mfaSessionExpiration.getTime()) ? { mfaSessionExpiration } : {}),
    ...(isSessionCredentialsKind(stored.credentialsKind) ? { credentialsKind: stored.credentialsKind } : {}),
  };
}
