/**
 * The credential endpoint's answers (issue 9), as a pure function of the request, what the
 * endpoint expects, the window's session state and the wall clock. The server
 * (`src/platform/credentialEndpointServer.ts`) only moves bytes.
 *
 * The format is the container-credentials one every SDK and the CLI know
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI` + `AWS_CONTAINER_AUTHORIZATION_TOKEN`): a GET answered
 * with `{AccessKeyId, SecretAccessKey, Token, Expiration}`. The SDKs show the `Code` and
 * `Message` of a 4xx answer's JSON body, so every refusal says what is wrong and what to do.
 *
 * Checked in this order, so nothing about the session is said to a request that fails an earlier
 * check:
 * 0. No body (413): a credential request has none, and a body is refused unread.
 * 1. `Host` must be exactly the endpoint's `127.0.0.1:port` (421): a web page that rebinds a DNS
 *    name to 127.0.0.1 sends its own name, and is refused before anything else.
 * 2. The one path (404), then `GET` only (405, with `Allow: GET`).
 * 3. The token, compared in constant time (403 when missing or wrong).
 * 4. A session whose end, by the wall clock now, has not passed (200); otherwise an error: no
 *    session (404 `NoSession`), ended (410 `ExpiredSession`), or long-term keys (422
 *    `NotTemporaryCredentials`: the format needs a token and an end, and long-term keys are not
 *    handed to every process in the window).
 * No answer carries CORS headers, and every answer says `Cache-Control: no-store`.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionState } from '../lifecycle/windowSessions';

export interface CredentialRequest {
  readonly method: string | undefined;
  /** The request target as sent (path and query). */
  readonly target: string | undefined;
  readonly host: string | undefined;
  readonly authorization: string | undefined;
  /** Whether the request announced a body (`Content-Length` above 0, or `Transfer-Encoding`). */
  readonly hasBody: boolean;
}

/** What the endpoint was started with. */
export interface EndpointExpectations {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  /** `/…`: the random path of the URL handed to terminals. */
  readonly path: string;
  readonly token: string;
}

export interface CredentialAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** What happened, for the log line: never a secret. */
  readonly outcome: string;
  /**
   * Whether the request carried the endpoint's token (whatever the answer: served, or no usable
   * session): its connection is then one of this window's clients, kept open when the server is
   * at its connection cap. False for every answer given before the token check passed.
   */
  readonly tokenShown: boolean;
}

/** True when `presented` equals `expected`, in time that does not depend on where they differ (or on their lengths). */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  // Equal-length digests, so timingSafeEqual never throws and the length of the token is not timed either.
  return timingSafeEqual(digest(presented), digest(expected));
}

export function answerCredentialRequest(request: CredentialRequest, expected: EndpointExpectations, state: SessionState, now: number): CredentialAnswer {
  if (request.hasBody) return refusal(413, 'BodyNotAllowed', 'Requests here have no body.', 'request with a body');
  if (request.host !== expected.host) {
    return refusal(421, 'InvalidHost', `This endpoint answers only requests addressed to ${expected.host}.`, 'wrong Host');
  }
  if (request.target !== expected.path) return refusal(404, 'NotFound', 'There is nothing at this path.', 'wrong path');
  if (request.method !== 'GET') {
    return { ...refusal(405, 'MethodNotAllowed', 'Only GET is answered here.', `method ${request.method ?? '?'}`), headers: { ...HEADERS, Allow: 'GET' } };
  }
  if (request.authorization === undefined || request.authorization === '' || !tokensMatch(request.authorization, expected.token)) {
    return refusal(
      403,
      'AccessDenied',
      'The authorization token is missing or wrong. Use the AWS_CONTAINER_AUTHORIZATION_TOKEN of a terminal opened by this VS Code window.',
      request.authorization ? 'wrong token' : 'no token',
    );
  }
  const session = state.session;
  if (!session) {
    return shownRefusal(404, 'NoSession', "VS Code has no AWS role session in this window. Run 'AWS Roles: Assume Role…', then try again.", 'no session');
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = session.credentials;
  if (state.status === 'expired' || (expiration !== undefined && expiration.getTime() <= now)) {
    return shownRefusal(
      410,
      'ExpiredSession',
      `The AWS role session of profile ${session.profileName} in VS Code ended${expiration ? ` at ${expiration.toISOString()}` : ''}. Renew it in VS Code (status bar → Renew Now), then try again.`,
      `expired session of ${session.profileName}`,
    );
  }
  if (sessionToken === undefined || expiration === undefined) {
    return shownRefusal(
      422,
      'NotTemporaryCredentials',
      `Profile ${session.profileName} holds long-term keys; the endpoint serves only temporary credentials. Assume a role, or set awsRoles.injection to environment.`,
      `long-term keys of ${session.profileName}`,
    );
  }
  return {
    status: 200,
    headers: HEADERS,
    body: JSON.stringify({ AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, Token: sessionToken, Expiration: expiration.toISOString() }),
    outcome: `served ${session.profileName}`,
    tokenShown: true,
  };
}

const HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

function refusal(status: number, code: string, message: string, outcome: string): CredentialAnswer {
  return { status, headers: HEADERS, body: JSON.stringify({ Code: code, Message: message }), outcome, tokenShown: false };
}

/** A refusal to a request that carried the token: nothing to serve, but the right client asked. */
function shownRefusal(status: number, code: string, message: string, outcome: string): CredentialAnswer {
  return { ...refusal(status, code, message, outcome), tokenShown: true };
}
