/**
 * What a sign-in gives: a role's credentials from the portal (GetRoleCredentials), and the
 * accounts and roles the person may use (ListAccounts, ListAccountRoles), every page, kept for
 * the sign-in until the person refreshes or signs out. A token the portal refuses is forgotten,
 * and a person's request signs in again once.
 */

import type { AwsCredentials, SessionLogger } from '../vocabulary/ports';
import { describeSignIn, IdentityCenterError, toIdentityCenterError } from './identityCenterErrors';
import type { IdentityCenterRole, IdentityCenterSession } from './identityCenterSessions';
import type { IdentityCenterSignIns, TokenRequest } from './identityCenterSignIns';
import type { IdentityCenterPortalPort, Page, PortalAccount } from './ports';

/** A listing stops after this many pages: a portal that never ends its pages must not hang the tree. */
const MAX_PAGES = 1000;

export class IdentityCenterAccess {
  private readonly accountLists = new Map<string, Promise<readonly PortalAccount[]>>();
  private readonly roleLists = new Map<string, Promise<readonly string[]>>();
  /** Listings that have answered: a sign-in forgets only those, not one under way (which may have caused it). */
  private readonly settled = new WeakSet<Promise<unknown>>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly signIns: IdentityCenterSignIns,
    private readonly portal: IdentityCenterPortalPort,
    private readonly logger: SessionLogger,
  ) {
    // A new sign-in, or a sign-out, may grant other accounts: list them again when asked.
    this.subscription = signIns.onDidChange((key) => this.forgetListings(key, { settledOnly: true }));
  }

  /** The role's credentials, as GetRoleCredentials hands them out. */
  async roleCredentials(role: IdentityCenterRole, request: TokenRequest): Promise<AwsCredentials & { readonly expiration: Date }> {
    return this.withToken(role.session, request, `Getting role ${role.roleName} in account ${role.accountId}`, (accessToken) =>
      this.portal.getRoleCredentials(role.session.portal, { accessToken, accountId: role.accountId, roleName: role.roleName }),
    );
  }

  /** The accounts the person may use, every page, listed once per sign-in unless `refresh`. */
  accounts(session: IdentityCenterSession, request: TokenRequest & { readonly refresh?: boolean }): Promise<readonly PortalAccount[]> {
    return this.cached(this.accountLists, session.key, request.refresh, () =>
      this.withToken(session, request, 'Listing your accounts', (accessToken) => allPages((nextToken) => this.portal.listAccounts(session.portal, { accessToken, nextToken }))),
    );
  }

  /** The roles (permission sets) the person has in `accountId`, listed once per sign-in unless `refresh`. */
  roleNames(session: IdentityCenterSession, accountId: string, request: TokenRequest & { readonly refresh?: boolean }): Promise<readonly string[]> {
    return this.cached(this.roleLists, `${session.key}\n${accountId}`, request.refresh, () =>
      this.withToken(session, request, `Listing your roles in account ${accountId}`, (accessToken) =>
        allPages((nextToken) => this.portal.listAccountRoles(session.portal, { accessToken, accountId, nextToken })),
      ),
    );
  }

  /** Forgets every listing (the person asked to refresh). */
  refresh(session?: IdentityCenterSession): void {
    if (session) this.forgetListings(session.key);
    else {
      this.accountLists.clear();
      this.roleLists.clear();
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async withToken<T>(session: IdentityCenterSession, request: TokenRequest, what: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    let signedInAgain = false;
    for (;;) {
      const accessToken = await this.signIns.accessToken(session, request);
      try {
        return await call(accessToken);
      } catch (error) {
        const failure = toIdentityCenterError(error, session, what);
        if (failure.kind !== 'refused') throw failure;
        await this.signIns.refused(session, accessToken);
        // Revoked mid-session: a person's request signs in again, once; anything else is told to.
        if (!request.interactive || signedInAgain) {
          throw new IdentityCenterError('sign-in-needed', `${describeSignIn(session)} no longer accepts your sign-in (it was revoked or ended). Sign in again.`, failure.causeName);
        }
        signedInAgain = true;
        this.logger.info(`${describeSignIn(session)}: the portal refused the token; signing in again`);
      }
    }
  }

  private cached<T>(cache: Map<string, Promise<T>>, key: string, refresh: boolean | undefined, load: () => Promise<T>): Promise<T> {
    const known = refresh ? undefined : cache.get(key);
    if (known) return known;
    const loading = load();
    cache.set(key, loading);
    loading.then(
      () => this.settled.add(loading),
      // A failed listing is not kept: the next expand tries again.
      () => {
        if (cache.get(key) === loading) cache.delete(key);
      },
    );
    return loading;
  }

  private forgetListings(sessionKey: string, { settledOnly } = { settledOnly: false }): void {
    const forget = <T>(cache: Map<string, Promise<T>>, key: string) => {
      const entry = cache.get(key);
      if (entry && (!settledOnly || this.settled.has(entry))) cache.delete(key);
    };
    forget(this.accountLists, sessionKey);
    for (const key of [...this.roleLists.keys()]) if (key.startsWith(`${sessionKey}\n`)) forget(this.roleLists, key);
  }
}

async function allPages<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await fetchPage(nextToken);
    items.push(...answer.items);
    if (!answer.nextToken) return items;
    nextToken = answer.nextToken;
  }
  return items;
}
