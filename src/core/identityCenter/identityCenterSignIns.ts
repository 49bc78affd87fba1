/**
 * The person's IAM Identity Center sign-ins, one per sso-session (or legacy start URL): where
 * the tokens are kept, when they are refreshed, when the person is asked to sign in, and how
 * they sign out.
 *
 * - **Kept in SecretStorage only**, never in `~/.aws/sso/cache`, unless the person shares the
 *   sign-in with the AWS CLI and SDKs (`shareWithCli`): then the cache file is written exactly
 *   as the CLI writes it. A sign-in `aws sso login` left in the cache is used when the extension
 *   holds none, and refreshed in place, as the SDKs do.
 * - **Refreshed silently** with the refresh token in the last five minutes of the access token
 *   (the SDKs' window). When Identity Center's own session has ended, a request that may not
 *   prompt fails with `sign-in-needed`, and only a person's request opens a sign-in.
 * - **Nothing kept in memory**: each request reads SecretStorage, so a sign-in or a Sign Out in
 *   another window (they share SecretStorage) counts here at once.
 */

import { createHash, randomUUID } from 'node:crypto';
import { SharedTasks } from '../vocabulary/sharedTasks';
import { Emitter, type Event } from '../vocabulary/events';
import type { SecretStore, SessionLogger, TimeSource } from '../vocabulary/ports';
import { MFA_SESSION_EPOCH_KEY } from '../vocabulary/sessionTypes';
import { describeSignIn, IdentityCenterError, toIdentityCenterError } from './identityCenterErrors';
import type { IdentityCenterSession } from './identityCenterSessions';
import type { IdentityCenterOidcPort, IdentityCenterPortalPort, IdentityCenterTarget, LoopbackRedirectPort, SignInPresenter, TokenCacheFiles } from './ports';
import { signInWith, tokensOf, type SignInFlow } from './signInFlows';
import { formatTokenCache, parseTokenCache, tokenCacheFileName, type SignInTokens } from './tokenCache';

/** SecretStorage keys: one per sign-in, and the list of them (SecretStorage cannot list its keys). */
export const SIGN_IN_KEY_PREFIX = 'awsRoles.identityCenter:';
export const SIGN_IN_INDEX_KEY = 'awsRoles.identityCenterIndex';

/** The SDKs refresh a token in its last five minutes; so do we. */
export const REFRESH_WINDOW_MS = 5 * 60_000;

export interface IdentityCenterSignInsDeps {
  readonly oidc: IdentityCenterOidcPort;
  readonly portal: IdentityCenterPortalPort;
  readonly loopback: LoopbackRedirectPort;
  readonly presenter: SignInPresenter;
  readonly secrets: SecretStore;
  readonly cacheFiles: TokenCacheFiles;
  readonly time: TimeSource;
  readonly logger: SessionLogger;
  /** Which flow a sign-in uses now (the setting, and whether the browser reaches the extension host). */
  readonly flow: () => SignInFlow;
  /** Whether the person shares their sign-ins with the AWS CLI and SDKs (a user setting, off by default). */
  readonly shareWithCli: () => boolean;
  readonly clientName: string;
  readonly authorizationTimeoutMs?: number;
}

/** Where a sign-in was found. */
type Source = 'secrets' | 'cli-cache';

interface Found {
  readonly tokens: SignInTokens;
  readonly source: Source;
}

/** What SecretStorage holds per sign-in: the tokens, and where to send the portal's Logout. */
interface StoredSignIn extends SignInTokens {
  readonly startUrl: string;
  readonly portal: IdentityCenterTarget;
  /**
   * The sign-out epoch (the MFA sessions' `MFA_SESSION_EPOCH_KEY`, new at each Sign Out) read
   * before the tokens were obtained: a sign-in kept in another epoch was obtained before a Sign
   * Out (in any window, racing it) and is never used.
   */
  readonly epoch: string | null;
}

/** Whether a request may open a sign-in, and when its caller gives up. */
export interface TokenRequest {
  readonly interactive: boolean;
  readonly signal?: AbortSignal;
}

/** A sign-in's state, for the tree and the status bar. */
export type SignInState = { readonly signedIn: false } | { readonly signedIn: true; readonly expiresAt: number; readonly refreshable: boolean; readonly source: Source };

export class IdentityCenterSignIns {
  private readonly inFlight = new SharedTasks<string>();
  private readonly changed = new Emitter<string>();
  /**
   * Tokens the portal refused that sit where the extension does not delete (the AWS CLI's cache),
   * as hashes: never handed out again by this window.
   */
  private readonly refusedTokens = new Set<string>();
  /** Fires with a sign-in's key when it was signed in, signed out, or refused here (or elsewhere, through `changedElsewhere`); not for a refresh. */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(private readonly deps: IdentityCenterSignInsDeps) {}

  /**
   * A valid access token for `session`: the one kept, refreshed if it ends within five minutes;
   * otherwise a sign-in if `interactive`, else an {@link IdentityCenterError} `sign-in-needed`.
   */
  accessToken(session: IdentityCenterSession, request: TokenRequest): Promise<string> {
    return this.inFlight.join(
      `${session.key}\n${session.startUrl}\n${request.interactive}`,
      (signal) => this.obtain(session, request.interactive, signal),
      request.signal,
      () => new IdentityCenterError('cancelled', `Signing in at ${describeSignIn(session)} was cancelled; nothing was kept.`),
    );
  }

  /** Signs in now, whatever is kept (Sign In to IAM Identity Center, or after a refusal). */
  async signIn(session: IdentityCenterSession, signal?: AbortSignal, epoch?: string | null): Promise<SignInTokens> {
    const since = epoch === undefined ? await this.epoch() : epoch;
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const flow = this.deps.flow();
    this.deps.logger.info(`${describeSignIn(session)}: signing in (${flow} flow)`);
    const tokens = await signInWith(flow, session, this.deps, controller.signal);
    await this.keep(session, tokens, 'secrets', since);
    this.deps.logger.info(`${describeSignIn(session)}: signed in, the access token ends ${new Date(tokens.expiresAt).toISOString()}${tokens.refreshToken ? ', refreshed by itself until Identity Center ends the session' : ''}`);
    return tokens;
  }

  /** Whether `session` is signed in, and until when, without any call. */
  async state(session: IdentityCenterSession): Promise<SignInState> {
    const found = await this.find(session, await this.epoch());
    const now = this.deps.time.now();
    if (!found) return { signedIn: false };
    const refreshable = isRefreshable(found.tokens, now);
    if (found.tokens.expiresAt <= now && !refreshable) return { signedIn: false };
    return { signedIn: true, expiresAt: found.tokens.expiresAt, refreshable, source: found.source };
  }

  /**
   * The portal refused `accessToken` (revoked, signed out elsewhere, ended early): forget it, so
   * the next request refreshes or signs in instead of handing it out again.
   */
  async refused(session: IdentityCenterSession, accessToken: string): Promise<void> {
    const stored = await this.readStored(session, await this.epoch());
    if (stored?.accessToken === accessToken) await this.forgetStored(session, accessToken);
    else this.refusedTokens.add(tokenHash(accessToken));
    this.deps.logger.warn(`${describeSignIn(session)} refused the sign-in's token; it is forgotten`);
    this.changed.fire(session.key);
  }

  /**
   * Signs out of every sign-in the extension keeps: the portal's Logout for each (best effort:
   * a dead network must not keep the tokens), then the tokens deleted, and the CLI cache files
   * the extension wrote for them. A sign-in `aws sso login` made is left to `aws sso logout`.
   */
  async signOutAll(): Promise<number> {
    // First a new epoch: a sign-in or refresh under way in any window is then never kept, nor used if it was.
    await this.deps.secrets.store(MFA_SESSION_EPOCH_KEY, randomUUID());
    const keys = await this.index();
    let count = 0;
    for (const key of keys) {
      const raw = await this.deps.secrets.get(key);
      await this.deps.secrets.delete(key);
      const stored = raw ? parseStored(raw) : undefined;
      if (!stored) continue;
      count += 1;
      try {
        await this.deps.portal.logout(stored.portal, { accessToken: stored.accessToken });
      } catch (error) {
        this.deps.logger.warn(`signing out of IAM Identity Center (${stored.startUrl}) at the portal failed (${error instanceof Error ? error.name : typeof error}); its tokens are deleted here all the same`);
      }
      await this.deleteSharedCacheFile(key, stored);
    }
    await this.deps.secrets.delete(SIGN_IN_INDEX_KEY);
    for (const key of keys) this.changed.fire(key.slice(SIGN_IN_KEY_PREFIX.length));
    if (count) this.deps.logger.info(`signed out of ${count} IAM Identity Center sign-in${count === 1 ? '' : 's'}`);
    return count;
  }

  /** A sign-in kept in SecretStorage changed in another window: tell the views. */
  changedElsewhere(secretKey: string): void {
    if (secretKey.startsWith(SIGN_IN_KEY_PREFIX)) this.changed.fire(secretKey.slice(SIGN_IN_KEY_PREFIX.length));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async obtain(session: IdentityCenterSession, interactive: boolean, signal: AbortSignal): Promise<string> {
    const epoch = await this.epoch();
    const now = this.deps.time.now();
    const found = await this.find(session, epoch);
    if (found && found.tokens.expiresAt - now > REFRESH_WINDOW_MS) return found.tokens.accessToken;
    if (found && isRefreshable(found.tokens, now)) {
      try {
        return (await this.refresh(session, found, epoch)).accessToken;
      } catch (error) {
        const failure = toIdentityCenterError(error, session, 'Refreshing the sign-in');
        // Still valid for a few minutes: a network hiccup must not cost the person a sign-in.
        const passing = failure.kind === 'unreachable' || failure.kind === 'throttled' || failure.kind === 'failed';
        if (passing && found.tokens.expiresAt > now) return found.tokens.accessToken;
        if (failure.kind !== 'refused') throw failure;
        this.deps.logger.info(`${describeSignIn(session)}: its session has ended (the refresh was refused)`);
        // Only that sign-in: another window may have kept a newer one meanwhile. A sign-in in the
        // CLI's cache is not ours to delete; this window no longer offers it (nor refreshes it again).
        if (found.source === 'secrets') await this.forgetStored(session, found.tokens.accessToken);
        else this.refusedTokens.add(tokenHash(found.tokens.accessToken));
      }
    } else if (found && found.tokens.expiresAt > now) {
      return found.tokens.accessToken;
    }
    if (!interactive) {
      throw new IdentityCenterError('sign-in-needed', `${describeSignIn(session)} needs you to sign in again: its session has ended or you have not signed in yet.`);
    }
    return (await this.signIn(session, signal, epoch)).accessToken;
  }

  private async refresh(session: IdentityCenterSession, found: Found, epoch: string | null): Promise<SignInTokens> {
    const { tokens } = found;
    const answer = await this.deps.oidc.createToken(session.oidc, {
      clientId: tokens.clientId!,
      clientSecret: tokens.clientSecret!,
      grantType: 'refresh_token',
      refreshToken: tokens.refreshToken!,
    });
    const refreshed = tokensOf(
      // Identity Center may answer without a new refresh token: the old one stays valid then.
      { ...answer, refreshToken: answer.refreshToken ?? tokens.refreshToken },
      { clientId: tokens.clientId!, clientSecret: tokens.clientSecret!, expiresAt: tokens.registrationExpiresAt! },
      this.deps.time.now(),
    );
    await this.keep(session, refreshed, found.source, epoch, { announce: false });
    this.deps.logger.info(`${describeSignIn(session)}: refreshed the access token, it ends ${new Date(refreshed.expiresAt).toISOString()}`);
    return refreshed;
  }

  /** The sign-in kept for `session`: the extension's own first, else the one the AWS CLI left. */
  private async find(session: IdentityCenterSession, epoch: string | null): Promise<Found | undefined> {
    const stored = await this.readStored(session, epoch);
    if (stored) return { tokens: stored, source: 'secrets' };
    const text = await this.deps.cacheFiles.read(tokenCacheFileName(session)).catch(() => undefined);
    const cached = text === undefined ? undefined : parseTokenCache(text, session);
    return cached && !this.refusedTokens.has(tokenHash(cached.accessToken)) ? { tokens: cached, source: 'cli-cache' } : undefined;
  }

  private async readStored(session: IdentityCenterSession, epoch: string | null): Promise<StoredSignIn | undefined> {
    const raw = await this.deps.secrets.get(secretKeyOf(session));
    const stored = raw ? parseStored(raw) : undefined;
    if (stored && (stored.epoch ?? null) !== epoch) {
      // Kept by a sign-in that raced a Sign Out: signed out as that Sign Out would have.
      await this.endStale(session, stored);
      return undefined;
    }
    // The sso-session now names another start URL: that sign-in is not this one.
    return stored && stored.startUrl === session.startUrl ? stored : undefined;
  }

  /** A sign-in obtained before a Sign Out: the portal's Logout (best effort), and deleted. */
  private async endStale(session: IdentityCenterSession, stored: StoredSignIn): Promise<void> {
    await this.deps.secrets.delete(secretKeyOf(session));
    await this.deps.portal.logout(stored.portal, { accessToken: stored.accessToken }).catch(() => undefined);
    await this.deleteSharedCacheFile(secretKeyOf(session), stored);
    this.deps.logger.info(`${describeSignIn(session)}: a sign-in kept from before a Sign Out is signed out and deleted`);
  }

  /** The sign-out epoch now (`null` before any Sign Out). */
  private async epoch(): Promise<string | null> {
    return (await this.deps.secrets.get(MFA_SESSION_EPOCH_KEY)) ?? null;
  }

  /**
   * Keeps a sign-in where it came from: the extension's in SecretStorage (and, when shared, in
   * the CLI's cache file too), a refreshed CLI sign-in back in the CLI's file, as the SDKs do.
   */
  private async keep(session: IdentityCenterSession, tokens: SignInTokens, source: Source, epoch: string | null, { announce } = { announce: true }): Promise<void> {
    if (source === 'cli-cache') {
      await this.deps.cacheFiles.write(tokenCacheFileName(session), formatTokenCache(tokens, session));
    } else {
      if ((await this.epoch()) !== epoch) {
        // Signed out (here or in another window) while these tokens were on their way: never kept.
        await this.deps.portal.logout(session.portal, { accessToken: tokens.accessToken }).catch(() => undefined);
        throw new IdentityCenterError('sign-in-needed', `${describeSignIn(session)}: you signed out while this sign-in was under way, so it was not kept. Sign in again.`);
      }
      const key = secretKeyOf(session);
      const stored: StoredSignIn = { ...tokens, startUrl: session.startUrl, portal: session.portal, epoch };
      await this.deps.secrets.store(key, JSON.stringify(stored));
      const index = await this.index();
      if (!index.includes(key)) await this.deps.secrets.store(SIGN_IN_INDEX_KEY, JSON.stringify([...index, key]));
      if (this.deps.shareWithCli()) {
        await this.deps.cacheFiles.write(tokenCacheFileName(session), formatTokenCache(tokens, session));
        this.deps.logger.info(`${describeSignIn(session)}: shared with the AWS CLI and SDKs in ~/.aws/sso/cache/${tokenCacheFileName(session)} (awsRoles.identityCenter.shareSignInWithAwsCli)`);
      }
    }
    // A refresh changes nothing anyone sees: still signed in, the same accounts.
    if (announce) this.changed.fire(session.key);
  }

  /** Deletes the kept sign-in if it is still the one holding `accessToken` (not one kept since). */
  private async forgetStored(session: IdentityCenterSession, accessToken: string): Promise<void> {
    const key = secretKeyOf(session);
    const raw = await this.deps.secrets.get(key);
    const stored = raw ? parseStored(raw) : undefined;
    if (stored && stored.accessToken !== accessToken) return;
    await this.deps.secrets.delete(key);
    if (stored) await this.deleteSharedCacheFile(key, stored);
  }

  /**
   * The CLI cache file the extension wrote for a shared sign-in, if it still holds that sign-in
   * (refreshed since by an SDK or the CLI, its token signed out at the portal too); a sign-in
   * `aws sso login` made since, with a client of its own, is left alone.
   */
  private async deleteSharedCacheFile(secretKey: string, stored: StoredSignIn): Promise<void> {
    const session = { sessionName: sessionNameOfKey(secretKey.slice(SIGN_IN_KEY_PREFIX.length)), startUrl: stored.startUrl };
    const fileName = tokenCacheFileName(session);
    const text = await this.deps.cacheFiles.read(fileName).catch(() => undefined);
    const cached = text === undefined ? undefined : parseTokenCache(text, session);
    if (!cached) return;
    // Ours: the very token, or the same client's sign-in that an SDK or the CLI refreshed in place since.
    const sameSignIn = cached.accessToken === stored.accessToken || (cached.clientId !== undefined && cached.clientId === stored.clientId);
    if (!sameSignIn) return;
    if (cached.accessToken !== stored.accessToken) await this.deps.portal.logout(stored.portal, { accessToken: cached.accessToken }).catch(() => undefined);
    await this.deps.cacheFiles.delete(fileName).catch(() => undefined);
  }

  private async index(): Promise<string[]> {
    const raw = await this.deps.secrets.get(SIGN_IN_INDEX_KEY);
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string' && key.startsWith(SIGN_IN_KEY_PREFIX)) : [];
    } catch {
      return [];
    }
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function secretKeyOf(session: Pick<IdentityCenterSession, 'key'>): string {
  return `${SIGN_IN_KEY_PREFIX}${session.key}`;
}

/** `session NAME` → NAME; a legacy key names no session. */
function sessionNameOfKey(key: string): string | undefined {
  return key.startsWith('session ') ? key.slice('session '.length) : undefined;
}

/** A refresh needs the refresh token and the client that got it, while its registration lasts. */
function isRefreshable(tokens: SignInTokens, now: number): boolean {
  return Boolean(tokens.refreshToken && tokens.clientId && tokens.clientSecret) && (tokens.registrationExpiresAt === undefined || tokens.registrationExpiresAt > now);
}

function parseStored(raw: string): StoredSignIn | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSignIn>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number' || typeof parsed.startUrl !== 'string' || typeof parsed.portal?.region !== 'string') return undefined;
    return parsed as StoredSignIn;
  } catch {
    return undefined;
  }
}
