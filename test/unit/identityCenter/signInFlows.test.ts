/**
 * The two ways to sign in, on fakes shaped like the real OIDC service (its exceptions' `name`,
 * OAuth `error` and HTTP status), the loopback server and the person's notification, with time
 * on the fake clock: when the device flow polls, what the person is shown, what the browser is
 * sent to, and how each ending leaves the notification and the loopback server.
 */

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { IdentityCenterError, type IdentityCenterErrorKind } from '../../../src/core/identityCenter/identityCenterErrors';
import type { IdentityCenterSession } from '../../../src/core/identityCenter/identityCenterSessions';
import { DEVICE_CODE_GRANT, signInWith, type SignInFlow, type SignInFlowDeps } from '../../../src/core/identityCenter/signInFlows';
import { FakeClock } from '../../support/fakes/fakeClock';
import {
  FakeIdentityCenterOidc,
  FakeLoopback,
  FakeSignInPresenter,
  networkError,
  oidcErrors,
  runUntilSettled,
  settle,
  watch,
  acmeSession,
  ACME_START_URL,
} from '../../support/fakes/fakeIdentityCenter';

const START_URL = ACME_START_URL;
const CLIENT_NAME = 'AWS Role Sessions for VS Code';
const SESSION = acmeSession();
const WHERE = 'IAM Identity Center (sso-session acme)';

function harness() {
  const clock = new FakeClock();
  const oidc = new FakeIdentityCenterOidc(clock);
  const loopback = new FakeLoopback();
  const presenter = new FakeSignInPresenter();
  const deps: SignInFlowDeps = { oidc, loopback, presenter, time: clock, clientName: CLIENT_NAME };
  const caller = new AbortController();
  const started = clock.now();
  const signIn = (flow: SignInFlow, session: IdentityCenterSession = SESSION, overrides: Partial<SignInFlowDeps> = {}) =>
    signInWith(flow, session, { ...deps, ...overrides }, caller.signal);
  /** Seconds since the start at which the device flow polled CreateToken. */
  const pollSeconds = () => oidc.tokenCalls.map((call) => (call.at - started) / 1000);
  /** Moves the clock a second at a time, letting the flow run in between. */
  const advance = async (seconds: number) => {
    await settle();
    for (let i = 0; i < seconds; i++) {
      clock.advanceSeconds(1);
      await settle();
    }
  };
  return { clock, oidc, loopback, presenter, caller, signIn, pollSeconds, advance };
}

/** Runs the sign-in on the fake clock until it ends; it must fail with an IdentityCenterError. */
async function failureOf(clock: FakeClock, promise: Promise<unknown>, maxSeconds = 3600): Promise<IdentityCenterError> {
  const outcome = await runUntilSettled(clock, promise, maxSeconds);
  assert.ok(outcome.settled, 'the sign-in ended');
  assert.ok(outcome.error instanceof IdentityCenterError, `expected an IdentityCenterError, got ${String(outcome.error ?? 'tokens')}`);
  return outcome.error;
}

function assertKind(error: IdentityCenterError, kind: IdentityCenterErrorKind, message: string): void {
  assert.equal(error.kind, kind);
  assert.equal(error.message, message);
}

describe('signing in to IAM Identity Center', () => {
  describe('with a device code', () => {
    it('registers, shows the page with the code to check, polls at the interval until approved, and keeps the client with the tokens', async () => {
      const h = harness();
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), oidcErrors.authorizationPending(), 'issue');
      const outcome = await runUntilSettled(h.clock, h.signIn('device-code'));

      assert.deepEqual(outcome.value, {
        accessToken: 'access-token-1',
        expiresAt: h.clock.now() + 3600_000,
        refreshToken: 'refresh-token-1',
        clientId: 'client-1',
        clientSecret: 'client-secret-1',
        registrationExpiresAt: Date.parse('2026-03-01T09:00:00Z') + 90 * 24 * 3600_000,
      });
      assert.deepEqual(h.pollSeconds(), [5, 10, 15]);
      assert.deepEqual(h.oidc.registrations, [{ target: { region: 'us-east-1' }, request: { clientName: CLIENT_NAME, scopes: ['sso:account:access'] } }]);
      assert.deepEqual(h.oidc.deviceAuthorizations[0].request, { clientId: 'client-1', clientSecret: 'client-secret-1', startUrl: START_URL });
      for (const request of h.oidc.callsOf(DEVICE_CODE_GRANT)) {
        assert.deepEqual(request, { clientId: 'client-1', clientSecret: 'client-secret-1', grantType: DEVICE_CODE_GRANT, deviceCode: 'device-code-1' });
      }
      assert.deepEqual(h.presenter.shown, [
        {
          step: { flow: 'device-code', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFG1', userCode: 'ABCD-EFG1' },
          about: { startUrl: START_URL, sessionName: 'acme' },
        },
      ]);
      assert.equal(h.presenter.disposed, 1, 'the notification closes once signed in');
    });

    it('shows the verification page itself when the service gives no complete URL', async () => {
      const h = harness();
      h.oidc.device.withCompleteUri = false;
      h.oidc.approveDevice();
      await runUntilSettled(h.clock, h.signIn('device-code'));
      assert.deepEqual(h.presenter.step, { flow: 'device-code', url: 'https://device.sso.us-east-1.amazonaws.com/', userCode: 'ABCD-EFG1' });
    });

    it('adds five seconds to the interval each time it is told to slow down, and goes on while authorization is pending', async () => {
      const h = harness();
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), oidcErrors.slowDown(), oidcErrors.authorizationPending(), oidcErrors.slowDown(), 'issue');
      const outcome = await runUntilSettled(h.clock, h.signIn('device-code'));
      assert.equal(outcome.value?.accessToken, 'access-token-1');
      // 5 s, then 10 s after the first slow_down, then 15 s after the second.
      assert.deepEqual(h.pollSeconds(), [5, 10, 20, 30, 45]);
      assert.equal(h.presenter.disposed, 1);
    });

    it('starts from one second when the service answers an interval of zero', async () => {
      const h = harness();
      h.oidc.device.intervalSeconds = 0;
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), 'issue');
      await runUntilSettled(h.clock, h.signIn('device-code'));
      assert.deepEqual(h.pollSeconds(), [1, 2]);
    });

    it('ends as expired when the service says the device code expired', async () => {
      const h = harness();
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), oidcErrors.expiredToken());
      const error = await failureOf(h.clock, h.signIn('device-code'));
      assertKind(error, 'expired', `Signing in at ${WHERE} ended: the request was not approved in time (or its page was closed). Sign in again when you are ready.`);
      assert.equal(h.oidc.tokenCalls.length, 2);
      assert.equal(h.presenter.disposed, 1);
    });

    it('ends as denied when the person denies access on the page', async () => {
      const h = harness();
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), oidcErrors.accessDenied());
      const error = await failureOf(h.clock, h.signIn('device-code'));
      assertKind(error, 'denied', `Signing in at ${WHERE} was denied on the sign-in page; nothing was kept.`);
      assert.equal(h.presenter.disposed, 1);
    });

    it("ends as expired, without another poll, once the device code's own lifetime has passed", async () => {
      const h = harness();
      h.oidc.device.expiresInSeconds = 12;
      const error = await failureOf(h.clock, h.signIn('device-code'));
      assert.equal(error.kind, 'expired');
      assert.deepEqual(h.pollSeconds(), [5, 10], 'no poll at 15 s: the code ended at 12 s');
      assert.equal(h.presenter.disposed, 1);
    });

    it('stops polling at once when the person presses Cancel, and keeps nothing', async () => {
      const h = harness();
      const signingIn = h.signIn('device-code');
      const outcome = watch(signingIn).ended;
      await h.advance(7);
      assert.deepEqual(h.pollSeconds(), [5]);
      h.presenter.cancel();
      await settle();
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'cancelled', `Signing in at ${WHERE} was cancelled; nothing was kept.`);
      assert.equal(h.presenter.disposed, 1);
      await h.advance(120);
      assert.deepEqual(h.pollSeconds(), [5], 'no CreateToken after Cancel');
    });

    it('stops polling when the request that waited for it gives up', async () => {
      const h = harness();
      const outcome = watch(h.signIn('device-code')).ended;
      await h.advance(11);
      h.caller.abort();
      await settle();
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assert.equal(error.kind, 'cancelled');
      await h.advance(60);
      assert.deepEqual(h.pollSeconds(), [5, 10]);
      assert.equal(h.presenter.disposed, 1);
    });

    it('ends with the words of any other failure, such as an unreachable service, and closes the notification', async () => {
      const h = harness();
      h.oidc.devicePolls.push(oidcErrors.authorizationPending(), networkError('ECONNRESET'));
      const error = await failureOf(h.clock, h.signIn('device-code'));
      assertKind(error, 'unreachable', `Signing in at ${WHERE} failed: could not reach the service (ECONNRESET). Check the network connection and the proxy settings, then try again.`);
      assert.equal(h.presenter.disposed, 1);
    });
  });

  describe('with an authorization code and PKCE', () => {
    /** Starts a sign-in and waits until the browser would be on the authorize page. */
    async function atAuthorizePage(h: ReturnType<typeof harness>, session = SESSION, overrides: Partial<SignInFlowDeps> = {}) {
      const signingIn = h.signIn('authorization-code', session, overrides);
      const outcome = watch(signingIn).ended;
      await settle();
      const step = h.presenter.step;
      assert.equal(step.flow, 'authorization-code');
      const url = new URL(step.url);
      return { url, query: url.searchParams, outcome };
    }

    it('registers for the authorization-code grant with the redirect URI and the start URL as issuer', async () => {
      const h = harness();
      const { query } = await atAuthorizePage(h);
      assert.deepEqual(h.oidc.registrations, [
        {
          target: { region: 'us-east-1' },
          request: {
            clientName: CLIENT_NAME,
            scopes: ['sso:account:access'],
            grantTypes: ['authorization_code', 'refresh_token'],
            redirectUris: ['http://127.0.0.1:49152/oauth/callback'],
            issuerUrl: START_URL,
          },
        },
      ]);
      h.loopback.redirect({ code: 'code-1', state: query.get('state')! });
    });

    it("opens the OIDC service's authorize page with the PKCE challenge of the verifier it later hands CreateToken", async () => {
      const h = harness();
      const { url, query, outcome } = await atAuthorizePage(h);
      assert.equal(`${url.origin}${url.pathname}`, 'https://oidc.us-east-1.amazonaws.com/authorize');
      assert.equal(query.get('response_type'), 'code');
      assert.equal(query.get('client_id'), 'client-1');
      assert.equal(query.get('redirect_uri'), 'http://127.0.0.1:49152/oauth/callback');
      assert.equal(query.get('code_challenge_method'), 'S256');
      assert.equal(query.get('scopes'), 'sso:account:access');
      const state = query.get('state');
      assert.ok(state && state.length >= 16, 'a state the browser must bring back');

      h.loopback.redirect({ code: 'code-from-the-browser', state });
      const signedIn = await outcome;
      assert.equal(signedIn.value?.accessToken, 'access-token-1');
      assert.equal(signedIn.value?.refreshToken, 'refresh-token-1');

      const exchanges = h.oidc.callsOf('authorization_code');
      assert.equal(exchanges.length, 1);
      const exchange = exchanges[0];
      assert.ok(exchange.grantType === 'authorization_code');
      assert.equal(exchange.code, 'code-from-the-browser');
      assert.equal(exchange.redirectUri, 'http://127.0.0.1:49152/oauth/callback');
      assert.equal(exchange.clientId, 'client-1');
      // RFC 7636 §4.1: 43 to 128 unreserved characters; §4.2: S256 is BASE64URL(SHA256(verifier)).
      assert.match(exchange.codeVerifier, /^[A-Za-z0-9\-._~]{43,128}$/);
      assert.equal(query.get('code_challenge'), createHash('sha256').update(exchange.codeVerifier).digest('base64url'));
      assert.equal(h.loopback.closed, 1, 'the loopback server closes once signed in');
      assert.equal(h.presenter.disposed, 1);
    });

    it('uses a fresh state and verifier for every sign-in', async () => {
      const h = harness();
      const first = await atAuthorizePage(h);
      h.loopback.redirect({ code: 'code-1', state: first.query.get('state')! });
      await first.outcome;
      const second = await atAuthorizePage(h);
      h.loopback.redirect({ code: 'code-2', state: second.query.get('state')! });
      await second.outcome;
      assert.notEqual(first.query.get('state'), second.query.get('state'));
      assert.notEqual(first.query.get('code_challenge'), second.query.get('code_challenge'));
    });

    it('opens the authorize page of an explicit OIDC endpoint', async () => {
      const h = harness();
      const local = { ...SESSION, oidc: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566/' } };
      const { url, query } = await atAuthorizePage(h, local);
      assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:4566/authorize');
      h.loopback.redirect({ code: 'code-1', state: query.get('state')! });
    });

    it('refuses a redirect that brings back another state, and exchanges no code', async () => {
      const h = harness();
      const { outcome } = await atAuthorizePage(h);
      h.loopback.redirect({ code: 'stolen-code', state: 'another-sign-in' });
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'failed', `Signing in at ${WHERE} failed: the browser came back from another sign-in. Try again.`);
      assert.deepEqual(h.oidc.callsOf('authorization_code'), []);
      assert.equal(h.loopback.closed, 1);
      assert.equal(h.presenter.disposed, 1);
    });

    it('ends as denied when the browser comes back with access_denied', async () => {
      const h = harness();
      const { query, outcome } = await atAuthorizePage(h);
      h.loopback.redirect({ error: 'access_denied', error_description: 'The user denied access', state: query.get('state')! });
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'denied', `Signing in at ${WHERE} was denied on the sign-in page; nothing was kept.`);
      assert.deepEqual(h.oidc.callsOf('authorization_code'), []);
      assert.equal(h.loopback.closed, 1);
      assert.equal(h.presenter.disposed, 1);
    });

    it('quotes any other error the page answers', async () => {
      const h = harness();
      const { query, outcome } = await atAuthorizePage(h);
      h.loopback.redirect({ error: 'invalid_scope', state: query.get('state')! });
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'failed', `Signing in at ${WHERE} failed: the sign-in page answered "invalid_scope". Try again.`);
      assert.equal(h.loopback.closed, 1);
    });

    it('ends as expired when the browser has not come back within ten minutes', async () => {
      const h = harness();
      const { outcome } = await atAuthorizePage(h);
      await h.advance(599);
      let ended = false;
      void outcome.then(() => (ended = true));
      await settle();
      assert.equal(ended, false, 'still waiting at 9:59');
      assert.equal(h.loopback.closed, 0);
      await h.advance(1);
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'expired', `Signing in at ${WHERE} ended: the request was not approved in time (or its page was closed). Sign in again when you are ready.`);
      assert.equal(h.loopback.closed, 1);
      assert.equal(h.presenter.disposed, 1);
    });

    it('waits as long as it is told to', async () => {
      const h = harness();
      const { outcome } = await atAuthorizePage(h, SESSION, { authorizationTimeoutMs: 30_000 });
      await h.advance(30);
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assert.equal(error.kind, 'expired');
    });

    it('ends as cancelled when the person presses Cancel, and a late redirect changes nothing', async () => {
      const h = harness();
      const { query, outcome } = await atAuthorizePage(h);
      h.presenter.cancel();
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assertKind(error, 'cancelled', `Signing in at ${WHERE} was cancelled; nothing was kept.`);
      assert.equal(h.loopback.closed, 1);
      assert.equal(h.presenter.disposed, 1);
      h.loopback.redirect({ code: 'late-code', state: query.get('state')! });
      await settle();
      assert.deepEqual(h.oidc.callsOf('authorization_code'), []);
    });

    it('closes the loopback server when the code exchange fails', async () => {
      const h = harness();
      h.oidc.codeExchanges.push(oidcErrors.invalidGrant());
      const { query, outcome } = await atAuthorizePage(h);
      h.loopback.redirect({ code: 'code-1', state: query.get('state')! });
      const error = (await outcome).error;
      assert.ok(error instanceof IdentityCenterError);
      assert.equal(h.loopback.closed, 1);
      assert.equal(h.presenter.disposed, 1);
    });
  });
});
