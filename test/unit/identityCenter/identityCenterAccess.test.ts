/**
 * What a sign-in gives, on fakes shaped like the real portal (`@aws-sdk/client-sso`'s
 * exceptions: `UnauthorizedException` 401, `TooManyRequestsException` 429, `ForbiddenException`
 * 403): every page of the accounts and roles, kept until the person refreshes, a role's
 * credentials, and what a revoked, throttled or refused request tells the person.
 */

import * as assert from 'node:assert/strict';
import { IdentityCenterAccess } from '../../../src/core/identityCenter/identityCenterAccess';
import { IdentityCenterError } from '../../../src/core/identityCenter/identityCenterErrors';
import type { IdentityCenterRole } from '../../../src/core/identityCenter/identityCenterSessions';
import { IdentityCenterSignIns, type TokenRequest } from '../../../src/core/identityCenter/identityCenterSignIns';
import { formatTokenCache, tokenCacheFileName } from '../../../src/core/identityCenter/tokenCache';
import { FakeClock } from '../../support/fakes/fakeClock';
import {
  FakeIdentityCenterOidc,
  FakeIdentityCenterPortal,
  FakeLoopback,
  FakeSignInPresenter,
  MemoryTokenCacheFiles,
  portalErrors,
  runUntilSettled,
  acmeSession,
} from '../../support/fakes/fakeIdentityCenter';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';

const ACME = acmeSession({ portal: { region: 'us-east-1', endpoint: 'http://portal.example:4' } });
const WHERE = 'IAM Identity Center (sso-session acme)';
const QUIET: TokenRequest = { interactive: false };
const PERSON: TokenRequest = { interactive: true };
const ACCOUNTS = [
  { accountId: '111111111111', accountName: 'Production', emailAddress: 'prod@example.com' },
  { accountId: '222222222222', accountName: 'Staging' },
  { accountId: '333333333333', accountName: 'Development' },
  { accountId: '444444444444', accountName: 'Sandbox' },
  { accountId: '555555555555', accountName: 'Audit' },
];
const ADMIN: IdentityCenterRole = { session: ACME, accountId: '111111111111', roleName: 'AdministratorAccess' };

function setup() {
  const clock = new FakeClock();
  const oidc = new FakeIdentityCenterOidc(clock);
  oidc.autoApprove = true;
  const portal = new FakeIdentityCenterPortal(oidc, clock);
  portal.accounts = [...ACCOUNTS];
  portal.roles.set('111111111111', ['AdministratorAccess', 'Billing', 'ReadOnly']);
  portal.roles.set('222222222222', ['Developer']);
  const presenter = new FakeSignInPresenter();
  const logger = new FakeSessionLogger();
  const cacheFiles = new MemoryTokenCacheFiles();
  const signIns = new IdentityCenterSignIns({
    oidc,
    portal,
    loopback: new FakeLoopback(),
    presenter,
    secrets: new FakeSecretStore(),
    cacheFiles,
    time: clock,
    logger,
    flow: () => 'device-code',
    shareWithCli: () => false,
    clientName: 'AWS Role Sessions for VS Code',
  });
  const access = new IdentityCenterAccess(signIns, portal, logger);
  const run = async <T>(promise: Promise<T>): Promise<T> => {
    const outcome = await runUntilSettled(clock, promise);
    assert.ok(outcome.settled, 'it ended');
    if (outcome.error !== undefined) throw outcome.error;
    return outcome.value as T;
  };
  const failure = async (promise: Promise<unknown>): Promise<IdentityCenterError> => {
    const outcome = await runUntilSettled(clock, promise);
    assert.ok(outcome.error instanceof IdentityCenterError, `expected an IdentityCenterError, got ${String(outcome.error ?? outcome.value)}`);
    return outcome.error;
  };
  /** The nextToken and access token of each call of `action`. */
  const pages = (action: 'listAccounts' | 'listAccountRoles') => portal.callsOf(action).map((request) => [request.nextToken, request.accessToken]);
  return { clock, oidc, portal, presenter, logger, cacheFiles, signIns, access, run, failure, pages };
}

async function signedIn() {
  const s = setup();
  await s.run(s.signIns.signIn(ACME));
  return s;
}

describe('Identity Center access', () => {
  describe('listing', () => {
    it('lists every account, page after page, until the portal gives no nextToken', async () => {
      const s = await signedIn();
      assert.deepEqual(await s.run(s.access.accounts(ACME, QUIET)), ACCOUNTS);
      assert.deepEqual(s.pages('listAccounts'), [
        [undefined, 'access-token-1'],
        ['page-2', 'access-token-1'],
        ['page-4', 'access-token-1'],
      ]);
      assert.deepEqual(
        s.portal.calls.map((call) => call.target),
        [ACME.portal, ACME.portal, ACME.portal],
        "the portal's own endpoint",
      );
    });

    it("lists every role of an account, page after page", async () => {
      const s = await signedIn();
      assert.deepEqual(await s.run(s.access.roleNames(ACME, '111111111111', QUIET)), ['AdministratorAccess', 'Billing', 'ReadOnly']);
      assert.deepEqual(s.pages('listAccountRoles'), [
        [undefined, 'access-token-1'],
        ['page-2', 'access-token-1'],
      ]);
      assert.deepEqual(
        s.portal.callsOf('listAccountRoles').map((request) => request.accountId),
        ['111111111111', '111111111111'],
      );
    });

    it('keeps the listings until the person refreshes', async () => {
      const s = await signedIn();
      await s.run(s.access.accounts(ACME, QUIET));
      await s.run(s.access.roleNames(ACME, '111111111111', QUIET));
      await s.run(s.access.roleNames(ACME, '222222222222', QUIET));
      const listed = s.portal.calls.length;

      s.portal.accounts.push({ accountId: '666666666666', accountName: 'New' });
      assert.equal((await s.run(s.access.accounts(ACME, QUIET))).length, 5, 'kept: the new account is not listed yet');
      assert.deepEqual(await s.run(s.access.roleNames(ACME, '222222222222', QUIET)), ['Developer']);
      assert.equal(s.portal.calls.length, listed, 'no call for a kept listing');

      s.access.refresh(ACME);
      assert.equal((await s.run(s.access.accounts(ACME, QUIET))).length, 6);
      assert.equal(s.portal.callsOf('listAccounts').length, 6, 'three pages again');
      await s.run(s.access.roleNames(ACME, '222222222222', QUIET));
      assert.equal(s.portal.callsOf('listAccountRoles').length, 4, "the session's role listings were forgotten too");
    });

    it('lists again when asked with refresh, and after refresh() of every sign-in', async () => {
      const s = await signedIn();
      await s.run(s.access.accounts(ACME, QUIET));
      await s.run(s.access.accounts(ACME, { ...QUIET, refresh: true }));
      assert.equal(s.portal.callsOf('listAccounts').length, 6);
      s.access.refresh();
      await s.run(s.access.accounts(ACME, QUIET));
      assert.equal(s.portal.callsOf('listAccounts').length, 9);
    });

    it('lists again after a new sign-in, which may grant other accounts', async () => {
      const s = await signedIn();
      await s.run(s.access.accounts(ACME, QUIET));
      s.portal.accounts.push({ accountId: '666666666666', accountName: 'New' });
      await s.run(s.signIns.signIn(ACME));
      assert.equal((await s.run(s.access.accounts(ACME, QUIET))).length, 6);
    });

    it('signs in first for a person who is not signed in, and lists with the new token', async () => {
      const s = setup();
      assert.equal((await s.run(s.access.accounts(ACME, PERSON))).length, 5);
      assert.equal(s.presenter.shown.length, 1);
      assert.deepEqual(s.pages('listAccounts')[0], [undefined, 'access-token-1']);
    });

    it('tells a quiet request to sign in when nobody is signed in, with no call to the portal', async () => {
      const s = setup();
      assert.equal((await s.failure(s.access.accounts(ACME, QUIET))).kind, 'sign-in-needed');
      assert.deepEqual(s.portal.calls, []);
      assert.deepEqual(s.presenter.shown, []);
    });
  });

  describe("a role's credentials", () => {
    it('asks the portal for the account and role with the access token, and hands out what it answers', async () => {
      const s = await signedIn();
      const credentials = await s.run(s.access.roleCredentials(ADMIN, QUIET));
      assert.equal(credentials.accessKeyId, 'ASIAPORTAL0000000001');
      assert.equal(credentials.expiration.getTime(), s.clock.now() + 3600_000);
      assert.deepEqual(s.portal.callsOf('getRoleCredentials'), [{ accessToken: 'access-token-1', accountId: '111111111111', roleName: 'AdministratorAccess' }]);
    });

    it('says the assignments do not include a role the portal forbids, and keeps the sign-in', async () => {
      const s = await signedIn();
      const error = await s.failure(s.access.roleCredentials({ ...ADMIN, roleName: 'NotAssigned' }, PERSON));
      assert.equal(error.kind, 'forbidden');
      assert.equal(
        error.message,
        `Getting role NotAssigned in account 111111111111 at ${WHERE} was refused: your assignments do not include it. Check the account id and role name, or ask your administrator.`,
      );
      assert.equal(error.causeName, 'ForbiddenException');
      assert.equal((await s.signIns.state(ACME)).signedIn, true);
      assert.equal(s.presenter.shown.length, 1, 'no new sign-in for a forbidden role');
    });
  });

  describe('a token the portal no longer accepts', () => {
    it("signs a person's request in again, once, and then succeeds", async () => {
      const s = await signedIn();
      s.oidc.revoke('access-token-1');
      assert.equal((await s.run(s.access.accounts(ACME, PERSON))).length, 5);
      assert.equal(s.presenter.shown.length, 2, 'one more sign-in');
      assert.deepEqual(s.pages('listAccounts'), [
        [undefined, 'access-token-1'],
        [undefined, 'access-token-2'],
        ['page-2', 'access-token-2'],
        ['page-4', 'access-token-2'],
      ]);
      assert.match(s.logger.text(), /the portal refused the token; signing in again/);
    });

    it('tells a quiet request to sign in, and forgets the refused sign-in', async () => {
      const s = await signedIn();
      s.oidc.revoke('access-token-1');
      const error = await s.failure(s.access.roleCredentials(ADMIN, QUIET));
      assert.equal(error.kind, 'sign-in-needed');
      assert.equal(error.message, `${WHERE} no longer accepts your sign-in (it was revoked or ended). Sign in again.`);
      assert.equal(error.causeName, 'UnauthorizedException');
      assert.equal(s.presenter.shown.length, 1, 'a quiet request never prompts');
      assert.deepEqual(await s.signIns.state(ACME), { signedIn: false });
    });

    it('gives up after one new sign-in when the portal refuses that one too', async () => {
      const s = await signedIn();
      s.portal.failNext('listAccounts', portalErrors.unauthorized()).failNext('listAccounts', portalErrors.unauthorized());
      const error = await s.failure(s.access.accounts(ACME, PERSON));
      assert.equal(error.kind, 'sign-in-needed');
      assert.equal(s.presenter.shown.length, 2, 'one sign-in again, not a loop');
      assert.equal(s.portal.callsOf('listAccounts').length, 2);
    });

    it("never hands out again a token of the CLI's cache the portal refused", async () => {
      const s = setup();
      s.cacheFiles.files.set(
        tokenCacheFileName(ACME),
        formatTokenCache({ accessToken: 'cli-revoked-token', expiresAt: s.clock.now() + 3600_000 }, ACME),
      );
      assert.equal((await s.failure(s.access.accounts(ACME, QUIET))).kind, 'sign-in-needed');
      assert.equal((await s.failure(s.access.accounts(ACME, QUIET))).kind, 'sign-in-needed');
      assert.equal(s.portal.callsOf('listAccounts').length, 1, 'the refused token is not tried twice');
      assert.ok(s.cacheFiles.files.has(tokenCacheFileName(ACME)), "the CLI's file is left to the CLI");
    });
  });

  describe('throttling', () => {
    it('says the portal throttled the request, and keeps no failed listing', async () => {
      const s = await signedIn();
      s.portal.failNext('listAccounts', portalErrors.tooManyRequests());
      const error = await s.failure(s.access.accounts(ACME, QUIET));
      assert.equal(error.kind, 'throttled');
      assert.equal(error.message, `Listing your accounts at ${WHERE} was throttled. Wait a moment, then try again.`);
      assert.equal((await s.signIns.state(ACME)).signedIn, true, 'throttling keeps the sign-in');
      assert.equal((await s.run(s.access.accounts(ACME, QUIET))).length, 5, 'the next request lists');
    });

    it('says so for a throttled page in the middle of a listing too', async () => {
      const s = await signedIn();
      s.portal.failAfter('listAccountRoles', 1, portalErrors.tooManyRequests());
      const error = await s.failure(s.access.roleNames(ACME, '111111111111', PERSON));
      assert.equal(error.kind, 'throttled');
      assert.equal(error.message, `Listing your roles in account 111111111111 at ${WHERE} was throttled. Wait a moment, then try again.`);
      assert.deepEqual(s.pages('listAccountRoles'), [
        [undefined, 'access-token-1'],
        ['page-2', 'access-token-1'],
      ]);
      assert.equal(s.presenter.shown.length, 1, 'no sign-in for throttling');
      assert.deepEqual(await s.run(s.access.roleNames(ACME, '111111111111', QUIET)), ['AdministratorAccess', 'Billing', 'ReadOnly'], 'not half a list kept');
    });
  });
});
