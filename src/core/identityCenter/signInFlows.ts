/**
 * The two ways to sign in to IAM Identity Center, as the AWS CLI does them:
 *
 * - **authorization code with PKCE** (the CLI's default since 2.22): the browser opens the OIDC
 *   service's `/authorize` page and, once the person allows access, comes back to a one-use
 *   server on the extension host's 127.0.0.1 with a code, which only the holder of the PKCE
 *   verifier can turn into tokens. It needs a browser that reaches the extension host's
 *   loopback: a desktop window, not Remote-SSH, a container or code-server on another host.
 * - **device code**: the person opens a page anywhere, checks the code shown in VS Code, allows
 *   access, and the extension polls CreateToken until it answers.
 *
 * Either way the person sees a notification with Cancel; Cancel, a denial, or a page left alone
 * until the request ends stop the flow, and nothing is kept.
 */

import { createHash, randomBytes } from 'node:crypto';
import { untilAborted } from '../vocabulary/untilAborted';
import type { TimeSource } from '../vocabulary/ports';
import { describeSignIn, IdentityCenterError, toIdentityCenterError } from './identityCenterErrors';
import { oidcBaseUrl, type IdentityCenterSession } from './identityCenterSessions';
import type { ClientRegistration, IdentityCenterOidcPort, LoopbackRedirectPort, SignInPresenter, SignInStep, TokenAnswer } from './ports';
import type { SignInTokens } from './tokenCache';

export type SignInFlow = 'authorization-code' | 'device-code';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface SignInFlowDeps {
  readonly oidc: IdentityCenterOidcPort;
  readonly loopback: LoopbackRedirectPort;
  readonly presenter: SignInPresenter;
  readonly time: TimeSource;
  /** How the client registers itself, shown on Identity Center's consent page. */
  readonly clientName: string;
  /** How long an authorization request waits for the browser to come back (the page may have been closed). */
  readonly authorizationTimeoutMs?: number;
}

/** The CLI's wait for the browser to come back: ten minutes, as long as a device code lives. */
const AUTHORIZATION_TIMEOUT_MS = 10 * 60_000;
/** What the device flow's poll adds to its interval when told to slow down (RFC 8628 §3.5). */
const SLOW_DOWN_STEP_SECONDS = 5;

/** Signs in to `session` with `flow`; resolves with the tokens, or rejects with an {@link IdentityCenterError}. */
export async function signInWith(flow: SignInFlow, session: IdentityCenterSession, deps: SignInFlowDeps, signal: AbortSignal): Promise<SignInTokens> {
  try {
    return flow === 'device-code' ? await deviceCodeSignIn(session, deps, signal) : await authorizationCodeSignIn(session, deps, signal);
  } catch (error) {
    throw toIdentityCenterError(error, session, 'Signing in');
  }
}

async function deviceCodeSignIn(session: IdentityCenterSession, deps: SignInFlowDeps, signal: AbortSignal): Promise<SignInTokens> {
  const { oidc, time } = deps;
  const client = await oidc.registerClient(session.oidc, { clientName: deps.clientName, scopes: session.scopes });
  throwIfCancelled(signal);
  const device = await oidc.startDeviceAuthorization(session.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: session.startUrl });
  throwIfCancelled(signal);
  const deadline = time.now() + device.expiresInSeconds * 1000;
  return withPresenter(deps, { flow: 'device-code', url: device.verificationUriComplete ?? device.verificationUri, userCode: device.userCode }, session, signal, async (waiting) => {
    let intervalSeconds = Math.max(1, device.intervalSeconds);
    for (;;) {
      await untilAborted(sleep(time, intervalSeconds * 1000), waiting, () => cancelled(session));
      if (time.now() >= deadline) throw expired(session);
      try {
        const answer = await untilAborted(
          oidc.createToken(session.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_CODE_GRANT, deviceCode: device.deviceCode }),
          waiting,
          () => cancelled(session),
        );
        return tokensOf(answer, client, time.now());
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'AuthorizationPendingException') continue;
        if (name === 'SlowDownException') {
          intervalSeconds += SLOW_DOWN_STEP_SECONDS;
          continue;
        }
        if (name === 'ExpiredTokenException') throw expired(session);
        if (name === 'AccessDeniedException') throw denied(session);
        throw error;
      }
    }
  });
}

async function authorizationCodeSignIn(session: IdentityCenterSession, deps: SignInFlowDeps, signal: AbortSignal): Promise<SignInTokens> {
  const { oidc, time } = deps;
  const redirect = await deps.loopback.listen();
  try {
    const client = await oidc.registerClient(session.oidc, {
      clientName: deps.clientName,
      scopes: session.scopes,
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [redirect.redirectUri],
      issuerUrl: session.startUrl,
    });
    throwIfCancelled(signal);
    const state = base64url(randomBytes(16));
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: redirect.redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: session.scopes.join(' '),
      code_challenge: challenge,
    });
    const url = `${oidcBaseUrl(session.oidc)}/authorize?${query.toString()}`;
    return await withPresenter(deps, { flow: 'authorization-code', url }, session, signal, async (waiting) => {
      const timeout = new AbortController();
      const timer = time.schedule(deps.authorizationTimeoutMs ?? AUTHORIZATION_TIMEOUT_MS, () => timeout.abort());
      let answer: URLSearchParams;
      try {
        answer = await untilAborted(untilAborted(redirect.answer, waiting, () => cancelled(session)), timeout.signal, () => expired(session));
      } finally {
        timer.dispose();
      }
      // Another page's redirect (or a stale one) must not complete this sign-in.
      if (answer.get('state') !== state) throw new IdentityCenterError('failed', `Signing in at ${describeSignIn(session)} failed: the browser came back from another sign-in. Try again.`);
      const error = answer.get('error');
      if (error === 'access_denied') throw denied(session);
      const code = answer.get('code');
      if (error || !code) throw new IdentityCenterError('failed', `Signing in at ${describeSignIn(session)} failed: the sign-in page answered ${error ? `"${error}"` : 'without a code'}. Try again.`);
      const token = await untilAborted(
        oidc.createToken(session.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, codeVerifier: verifier, redirectUri: redirect.redirectUri }),
        waiting,
        () => cancelled(session),
      );
      return tokensOf(token, client, time.now());
    });
  } finally {
    redirect.close();
  }
}

/** Shows the step while `wait` runs; `wait`'s signal aborts when the person cancels or the caller gives up. */
async function withPresenter<T>(
  deps: SignInFlowDeps,
  step: SignInStep,
  session: IdentityCenterSession,
  signal: AbortSignal,
  wait: (waiting: AbortSignal) => Promise<T>,
): Promise<T> {
  const waiting = new AbortController();
  const stop = () => waiting.abort();
  signal.addEventListener('abort', stop, { once: true });
  const shown = deps.presenter.show(step, { startUrl: session.startUrl, sessionName: session.sessionName });
  void shown.cancelled.then(stop);
  try {
    return await wait(waiting.signal);
  } finally {
    signal.removeEventListener('abort', stop);
    shown.dispose();
  }
}

/** The tokens of a CreateToken answer, with the client that holds them (a refresh needs it). */
export function tokensOf(answer: TokenAnswer, client: Pick<ClientRegistration, 'clientId' | 'clientSecret' | 'expiresAt'>, now: number): SignInTokens {
  return {
    accessToken: answer.accessToken,
    expiresAt: now + answer.expiresInSeconds * 1000,
    refreshToken: answer.refreshToken,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    registrationExpiresAt: client.expiresAt,
  };
}

function sleep(time: TimeSource, ms: number): Promise<void> {
  return new Promise((resolve) => time.schedule(ms, resolve));
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new IdentityCenterError('cancelled', 'The sign-in was cancelled; nothing was kept.');
}

function cancelled(session: IdentityCenterSession): IdentityCenterError {
  return new IdentityCenterError('cancelled', `Signing in at ${describeSignIn(session)} was cancelled; nothing was kept.`);
}

function expired(session: IdentityCenterSession): IdentityCenterError {
  return new IdentityCenterError('expired', `Signing in at ${describeSignIn(session)} ended: the request was not approved in time (or its page was closed). Sign in again when you are ready.`);
}

function denied(session: IdentityCenterSession): IdentityCenterError {
  return new IdentityCenterError('denied', `Signing in at ${describeSignIn(session)} was denied on the sign-in page; nothing was kept.`);
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
