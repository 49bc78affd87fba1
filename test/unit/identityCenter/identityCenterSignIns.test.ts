/**
 * The person's Identity Center sign-ins on fakes shaped like the real ports: when a kept sign-in
 * is used as it is, refreshed, or given up; when the person is asked to sign in (and only once
 * for several requests); what lands in SecretStorage and in the AWS CLI's cache; and Sign Out.
 */

import * as assert from 'node:assert/strict';
import { IdentityCenterError } from '../../../src/core/identityCenter/identityCenterErrors';
import type { IdentityCenterSession } from '../../../src/core/identityCenter/identityCenterSessions';
import { IdentityCenterSignIns, SIGN_IN_INDEX_KEY, SIGN_IN_KEY_PREFIX, type TokenRequest } from '../../../src/core/identityCenter/identityCenterSignIns';
import { DEVICE_CODE_GRANT, type SignInFlow } from '../../../src/core/identityCenter/signInFlows';
import { formatTokenCache, parseTokenCache, tokenCacheFileName } from '../../../src/core/identityCenter/tokenCache';
import { FakeClock } from '../../support/fakes/fakeClock';
import {
  FakeIdentityCenterOidc,
  FakeIdentityCenterPortal,
  FakeLoopback,
  FakeSignInPresenter,
  MemoryTokenCacheFiles,
  networkError,
  oidcErrors,
  runUntilSettled,
  settle,
  watch,
  acmeSession,
  ACME_START_URL,
} from '../../support/fakes/fakeIdentityCenter';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';

const START_URL = ACME_START_URL;
const LEGACY_URL = 'https://legacy-example.awsapps.com/start';
const ACME = acmeSession();
const LEGACY: IdentityCenterSession = {
  key: `start-url ${LEGACY_URL}`,
  startUrl: LEGACY_URL,
  region: 'us-west-2',
  scopes: ['sso:account:access'],
  oidc: { region: 'us-west-2' },
  portal: { region: 'us-west-2', endpoint: 'http://portal.example:4' },
};
// `echo -n acme | sha1sum`
const ACME_CACHE_FILE = '293abb6b76d7791c0732cc517d38c4b5c734b87f.json';
const FIVE_MINUTES = 5 * 60;
const QUIET: TokenRequest = { interactive: false };
const PERSON: TokenRequest = { interactive: true };

/** One window's sign-ins; windows made from the same `shared` share SecretStorage, the CLI's cache, the clock and the service. */
function window(shared?: { clock: FakeClock; oidc: FakeIdentityCenterOidc; secrets: FakeSecretStore; cacheFiles: MemoryTokenCacheFiles }) {
  const clock = shared?.clock ?? new FakeClock();
  const oidc = shared?.oidc ?? new FakeIdentityCenterOidc(clock);
  oidc.autoApprove = true;
  const secrets = shared?.secrets ?? new FakeSecretStore();
  const cacheFiles = shared?.cacheFiles ?? new MemoryTokenCacheFiles();
  const portal = new FakeIdentityCenterPortal(oidc, clock);
  const presenter = new FakeSignInPresenter();
  const loopback = new FakeLoopback();
  const logger = new FakeSessionLogger();
  const settings = { flow: 'device-code' as SignInFlow, share: false };
  const signIns = new IdentityCenterSignIns({
    oidc,
    portal,
    loopback,
    presenter,
    secrets,
    cacheFiles,
    time: clock,
    logger,
    flow: () => settings.flow,
    shareWithCli: () => settings.share,
    clientName: 'AWS Role Sessions for VS Code',
  });
  const announced: string[] = [];
  signIns.onDidChange((key) => announced.push(key));

  /** Runs `promise` on the fake clock (a sign-in polls) and returns its value, or fails the test. */
  const run = async <T>(promise: Promise<T>): Promise<T> => {
    const outcome = await runUntilSettled(clock, promise);
    assert.ok(outcome.settled, 'it ended');
    if ('error' in outcome && outcome.error !== undefined) throw outcome.error;
    return outcome.value as T;
  };
  /** Runs `promise` on the fake clock; it must fail with an IdentityCenterError. */
  const failure = async (promise: Promise<unknown>): Promise<IdentityCenterError> => {
    const outcome = await runUntilSettled(clock, promise);
    assert.ok(outcome.error instanceof IdentityCenterError, `expected an IdentityCenterError, got ${String(outcome.error ?? outcome.value)}`);
    return outcome.error;
  };
  const token = (session: IdentityCenterSession, request: TokenRequest) => run(signIns.accessToken(session, request));
  /** Seconds until the kept sign-in of `session` ends (from its state). */
  const secondsLeft = async (session: IdentityCenterSession) => {
    const state = await signIns.state(session);
    assert.ok(state.signedIn);
    return (state.expiresAt - clock.now()) / 1000;
  };
  /** Moves the clock until `seconds` remain of the sign-in of `session`. */
  const leave = async (session: IdentityCenterSession, seconds: number) => clock.advanceSeconds((await secondsLeft(session)) - seconds);
  const signInKeys = () => [...secrets.data.keys()].filter((key) => key.startsWith(SIGN_IN_KEY_PREFIX));
  return { clock, oidc, secrets, cacheFiles, portal, presenter, loopback, logger, settings, signIns, announced, run, failure, token, leave, signInKeys };
}

describe('Identity Center sign-ins', () => {
  describe('a kept sign-in', () => {
    it('is used as it is while more than five minutes remain, with no call and no prompt', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      const calls = { tokens: w.oidc.tokenCalls.length, registrations: w.oidc.registrations.length, shown: w.presenter.shown.length };
      await w.leave(ACME, FIVE_MINUTES + 1);
      assert.equal(await w.token(ACME, QUIET), 'access-token-1');
      assert.equal(await w.token(ACME, PERSON), 'access-token-1');
      assert.deepEqual({ tokens: w.oidc.tokenCalls.length, registrations: w.oidc.registrations.length, shown: w.presenter.shown.length }, calls);
      assert.deepEqual(w.portal.calls, []);
    });

    it('is refreshed once in its last five minutes, with the stored client, and the new token is kept without announcing a change', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      assert.deepEqual(w.announced, ['session acme']);
      await w.leave(ACME, 4 * 60);

      assert.equal(await w.token(ACME, QUIET), 'access-token-2');
      assert.equal(await w.token(ACME, QUIET), 'access-token-2');
      assert.deepEqual(w.oidc.callsOf('refresh_token'), [{ clientId: 'client-1', clientSecret: 'client-secret-1', grantType: 'refresh_token', refreshToken: 'refresh-token-1' }]);
      assert.equal(w.presenter.shown.length, 1, 'only the first sign-in was shown');
      assert.deepEqual(w.announced, ['session acme'], 'a refresh changes nothing anyone sees');

      // Kept: another window, over the same SecretStorage, gets the new token with no call.
      const other = window(w);
      assert.equal(await other.token(ACME, QUIET), 'access-token-2');
      assert.equal(w.oidc.callsOf('refresh_token').length, 1);
      assert.equal(await w.signIns.state(ACME).then((state) => state.signedIn && state.expiresAt), w.clock.now() + 3600_000);
    });

    it('keeps the old refresh token when Identity Center answers a refresh without a new one', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      w.oidc.issueRefreshTokens = false;
      await w.leave(ACME, 60);
      assert.equal(await w.token(ACME, QUIET), 'access-token-2');
      await w.leave(ACME, 60);
      assert.equal(await w.token(ACME, QUIET), 'access-token-3');
      assert.deepEqual(
        w.oidc.callsOf('refresh_token').map((call) => call.grantType === 'refresh_token' && call.refreshToken),
        ['refresh-token-1', 'refresh-token-1'],
      );
    });

    it('is given up when Identity Center refuses the refresh: a quiet request is told to sign in, and the sign-in is deleted', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      w.oidc.refreshes.push(oidcErrors.invalidGrant());
      await w.leave(ACME, 4 * 60);

      const error = await w.failure(w.signIns.accessToken(ACME, QUIET));
      assert.equal(error.kind, 'sign-in-needed');
      assert.equal(error.message, 'IAM Identity Center (sso-session acme) needs you to sign in again: its session has ended or you have not signed in yet.');
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: false });
      assert.deepEqual(w.signInKeys(), []);
      assert.equal(w.presenter.shown.length, 1, 'a quiet request never prompts');

      // Nothing is left to refresh: the next quiet request fails at once, without a call.
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
      assert.equal(w.oidc.callsOf('refresh_token').length, 1);
    });

    it("signs in again for a person's request when the refresh is refused", async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      w.oidc.refreshes.push(oidcErrors.invalidGrant());
      await w.leave(ACME, 60);
      assert.equal(await w.token(ACME, PERSON), 'access-token-2');
      assert.equal(w.presenter.shown.length, 2);
      assert.equal(w.oidc.registrations.length, 2, 'a new client registers for the new sign-in');
    });

    it('keeps handing out the old token while it is valid when the refresh cannot reach the service, and refreshes later', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      w.oidc.refreshes.push(networkError('ENOTFOUND'));
      await w.leave(ACME, 4 * 60);

      assert.equal(await w.token(ACME, QUIET), 'access-token-1');
      assert.equal((await w.signIns.state(ACME)).signedIn, true);
      assert.equal(await w.token(ACME, QUIET), 'access-token-2', 'the next request refreshes');
      assert.equal(w.presenter.shown.length, 1);
    });

    it('says the service is unreachable, and keeps the sign-in, when the token has ended and the refresh cannot reach the service', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      w.oidc.refreshes.push(networkError('ECONNREFUSED'));
      await w.leave(ACME, -60);

      const error = await w.failure(w.signIns.accessToken(ACME, PERSON));
      assert.equal(error.kind, 'unreachable');
      assert.equal(
        error.message,
        'Refreshing the sign-in at IAM Identity Center (sso-session acme) failed: could not reach the service (ECONNREFUSED). Check the network connection and the proxy settings, then try again.',
      );
      assert.equal(w.presenter.shown.length, 1, 'no sign-in over a dead network');
      assert.equal(await w.token(ACME, QUIET), 'access-token-2', 'the sign-in was kept and refreshes once the service answers');
    });

    // A refused refresh forgets only the sign-in it refreshed, not a newer one another window kept meanwhile.
    it('does not delete a newer sign-in another window kept while its own refresh was being refused', async () => {
      const a = window();
      const b = window(a);
      await a.run(a.signIns.signIn(ACME));
      await a.leave(ACME, 2 * 60);
      // B's refresh, with refresh-token-1, is refused (Identity Center rotated it), slowly.
      const slow = a.oidc.holdNextRefresh();
      a.oidc.refreshes.push(oidcErrors.invalidGrant());
      const bAsks = watch(b.signIns.accessToken(ACME, QUIET)).ended;
      await slow.reached;
      // Meanwhile A refreshes and keeps access-token-2, valid for an hour.
      assert.equal(await a.token(ACME, QUIET), 'access-token-2');
      slow.open();
      assert.ok((await bAsks).error instanceof IdentityCenterError);
      assert.equal((await a.signIns.state(ACME)).signedIn, true, "A's new sign-in is still kept");
      assert.equal(await a.token(ACME, QUIET), 'access-token-2', "A's new sign-in is still kept");
      assert.equal(a.presenter.shown.length, 1);
    });

    it('is ignored when the sso-session now names another start URL', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      const moved = { ...ACME, startUrl: 'https://acme-new-example.awsapps.com/start' };
      assert.deepEqual(await w.signIns.state(moved), { signedIn: false });
      assert.equal((await w.failure(w.signIns.accessToken(moved, QUIET))).kind, 'sign-in-needed');
      assert.equal(w.presenter.shown.length, 1);
    });

    it('never puts a token or a secret in the log', async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      await w.leave(ACME, 60);
      await w.token(ACME, QUIET);
      const log = w.logger.text();
      assert.match(log, /signed in/);
      for (const secret of ['access-token-1', 'access-token-2', 'refresh-token', 'client-secret', 'device-code-1']) assert.ok(!log.includes(secret), `the log quotes ${secret}`);
    });
  });

  describe('asking the person to sign in', () => {
    it('tells a quiet request to sign in when there is no sign-in, without prompting', async () => {
      const w = window();
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
      assert.deepEqual(w.presenter.shown, []);
      assert.deepEqual(w.oidc.registrations, []);
    });

    it("shares one sign-in between two requests that ask at once: one page, one notification", async () => {
      const w = window();
      const [first, second] = await Promise.all([w.token(ACME, PERSON), w.token(ACME, PERSON)]);
      assert.equal(first, 'access-token-1');
      assert.equal(second, 'access-token-1');
      assert.equal(w.presenter.shown.length, 1);
      assert.equal(w.oidc.registrations.length, 1);
      assert.equal(w.oidc.callsOf(DEVICE_CODE_GRANT).length, 1);
      assert.deepEqual(w.announced, ['session acme']);
    });

    it('uses the flow of the moment: the authorization code when the browser reaches the extension host', async () => {
      const w = window();
      w.settings.flow = 'authorization-code';
      const outcome = watch(w.signIns.accessToken(ACME, PERSON)).ended;
      await settle();
      const step = w.presenter.step;
      assert.equal(step.flow, 'authorization-code');
      // The browser comes back to the loopback server with the code.
      w.loopback.redirect({ code: 'code-1', state: new URL(step.url).searchParams.get('state')! });
      assert.equal((await outcome).value, 'access-token-1');
    });
  });

  describe('sharing with the AWS CLI', () => {
    it("keeps a sign-in in SecretStorage only, and writes no CLI file, while sharing is off", async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      assert.deepEqual(w.cacheFiles.changes, []);
      assert.deepEqual(w.signInKeys(), [`${SIGN_IN_KEY_PREFIX}session acme`]);
      assert.deepEqual(JSON.parse(w.secrets.data.get(SIGN_IN_INDEX_KEY) ?? '[]'), [`${SIGN_IN_KEY_PREFIX}session acme`]);
    });

    it("writes the CLI's own file when sharing is on, and rewrites it with each refresh", async () => {
      const w = window();
      w.settings.share = true;
      await w.run(w.signIns.signIn(ACME));
      assert.deepEqual(w.cacheFiles.changes, [`write ${ACME_CACHE_FILE}`]);
      const written = JSON.parse(w.cacheFiles.files.get(ACME_CACHE_FILE)!) as Record<string, string>;
      assert.deepEqual(Object.keys(written).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
      assert.equal(written.startUrl, START_URL);
      assert.equal(written.accessToken, 'access-token-1');
      assert.equal(written.refreshToken, 'refresh-token-1');
      assert.match(written.expiresAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

      await w.leave(ACME, 60);
      await w.token(ACME, QUIET);
      assert.equal(parseTokenCache(w.cacheFiles.files.get(ACME_CACHE_FILE)!, ACME)?.accessToken, 'access-token-2');
    });

    it('writes a legacy sign-in\'s file under the SHA-1 of its start URL, with only what the CLI writes for one', async () => {
      const w = window();
      w.settings.share = true;
      await w.run(w.signIns.signIn(LEGACY));
      const text = w.cacheFiles.files.get(tokenCacheFileName(LEGACY));
      assert.ok(text);
      assert.deepEqual(Object.keys(JSON.parse(text)).sort(), ['accessToken', 'expiresAt', 'region', 'startUrl']);
    });
  });

  describe("a sign-in the AWS CLI left (aws sso login)", () => {
    function cliSignIn(w: ReturnType<typeof window>, overrides: { startUrl?: string; secondsLeft?: number } = {}) {
      const tokens = {
        accessToken: 'cli-access-token',
        expiresAt: w.clock.now() + (overrides.secondsLeft ?? 3600) * 1000,
        refreshToken: 'cli-refresh-token',
        clientId: 'cli-client',
        clientSecret: 'cli-client-secret',
        registrationExpiresAt: w.clock.now() + 30 * 24 * 3600_000,
      };
      w.cacheFiles.files.set(ACME_CACHE_FILE, formatTokenCache(tokens, { ...ACME, startUrl: overrides.startUrl ?? START_URL }));
      w.portal.calls.length = 0;
      // The portal accepts what the CLI obtained.
      w.oidc.liveTokens.add('cli-access-token');
    }

    it('is used when the extension keeps none, with no call', async () => {
      const w = window();
      cliSignIn(w);
      assert.equal(await w.token(ACME, QUIET), 'cli-access-token');
      assert.deepEqual(w.oidc.tokenCalls, []);
      const state = await w.signIns.state(ACME);
      assert.ok(state.signedIn);
      assert.equal(state.source, 'cli-cache');
    });

    it("is refreshed in the CLI's own file, as the SDKs do, and not copied into SecretStorage", async () => {
      const w = window();
      cliSignIn(w, { secondsLeft: 120 });
      assert.equal(await w.token(ACME, QUIET), 'access-token-1');
      assert.deepEqual(w.oidc.callsOf('refresh_token'), [{ clientId: 'cli-client', clientSecret: 'cli-client-secret', grantType: 'refresh_token', refreshToken: 'cli-refresh-token' }]);
      const file = parseTokenCache(w.cacheFiles.files.get(ACME_CACHE_FILE)!, ACME);
      assert.equal(file?.accessToken, 'access-token-1');
      assert.equal(file?.clientId, 'cli-client');
      assert.deepEqual(w.signInKeys(), []);
    });

    // A sign-in in the CLI's cache whose refresh was refused is no longer offered, nor refreshed again.
    it('reports signed out, and does not send the refused refresh token again, once Identity Center refused its refresh', async () => {
      const w = window();
      cliSignIn(w, { secondsLeft: -60 });
      w.oidc.refreshes.push(oidcErrors.invalidGrant(), oidcErrors.invalidGrant());
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: false });
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
      assert.equal(w.oidc.callsOf('refresh_token').length, 1);
    });

    it('is ignored when another start URL wrote it', async () => {
      const w = window();
      cliSignIn(w, { startUrl: 'https://someone-else-example.awsapps.com/start' });
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: false });
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
    });
  });

  describe('state', () => {
    it('reports signed out, then signed in until when, refreshable, and from where', async () => {
      const w = window();
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: false });
      await w.run(w.signIns.signIn(ACME));
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: true, expiresAt: w.clock.now() + 3600_000, refreshable: true, source: 'secrets' });
      // Past the access token's end, a refreshable sign-in is still a sign-in.
      w.clock.advanceSeconds(7200);
      assert.equal((await w.signIns.state(ACME)).signedIn, true);
      assert.deepEqual(w.oidc.callsOf('refresh_token'), [], 'state makes no call');
    });

    it('reports a sign-in without a refresh token as signed out once its token has ended', async () => {
      const w = window();
      w.oidc.issueRefreshTokens = false;
      await w.run(w.signIns.signIn(LEGACY));
      assert.deepEqual(await w.signIns.state(LEGACY), { signedIn: true, expiresAt: w.clock.now() + 3600_000, refreshable: false, source: 'secrets' });
      w.clock.advanceSeconds(3600);
      assert.deepEqual(await w.signIns.state(LEGACY), { signedIn: false });
    });
  });

  describe('signing out', () => {
    it("logs out at the portal of each sign-in, deletes the tokens even when a logout fails, and says how many", async () => {
      const w = window();
      await w.run(w.signIns.signIn(ACME));
      await w.run(w.signIns.signIn(LEGACY));
      w.portal.failNext('logout', networkError('ETIMEDOUT'));
      w.announced.length = 0;

      assert.equal(await w.signIns.signOutAll(), 2);
      assert.deepEqual(
        w.portal.calls.map((call) => [call.action, call.target, call.request.accessToken]),
        [
          ['logout', { region: 'us-east-1' }, 'access-token-1'],
          ['logout', { region: 'us-west-2', endpoint: 'http://portal.example:4' }, 'access-token-2'],
        ],
      );
      assert.deepEqual(w.signInKeys(), []);
      assert.equal(w.secrets.data.has(SIGN_IN_INDEX_KEY), false);
      assert.deepEqual(await w.signIns.state(ACME), { signedIn: false });
      assert.deepEqual(await w.signIns.state(LEGACY), { signedIn: false });
      assert.deepEqual(w.announced.sort(), ['session acme', `start-url ${LEGACY_URL}`].sort());
      assert.match(w.logger.text(), /at the portal failed \(Error\); its tokens are deleted here all the same/);
      assert.equal((await w.failure(w.signIns.accessToken(ACME, QUIET))).kind, 'sign-in-needed');
    });

    it("deletes the CLI file it shared, and leaves one aws sso login wrote", async () => {
      const w = window();
      w.settings.share = true;
      await w.run(w.signIns.signIn(ACME));
      const cliFile = tokenCacheFileName({ sessionName: 'other', startUrl: 'https://other-example.awsapps.com/start' });
      w.cacheFiles.files.set(cliFile, '{"startUrl":"https://other-example.awsapps.com/start","region":"us-east-1","accessToken":"cli","expiresAt":"2030-01-01T00:00:00Z"}');
      assert.equal(await w.signIns.signOutAll(), 1);
      assert.deepEqual([...w.cacheFiles.files.keys()], [cliFile]);
    });

    it('signs out of nothing when nothing is kept', async () => {
      const w = window();
      assert.equal(await w.signIns.signOutAll(), 0);
      assert.deepEqual(w.portal.calls, []);
    });
  });
});
