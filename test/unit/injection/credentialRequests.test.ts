/** The credential endpoint's exact answers: status, headers and body, for every rule. */

import * as assert from 'node:assert/strict';
import { answerCredentialRequest, tokensMatch, type CredentialRequest, type EndpointExpectations } from '../../../src/core/injection/credentialRequests';
import type { SessionState } from '../../../src/core/lifecycle/windowSessions';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

const EXPECTED: EndpointExpectations = { host: '127.0.0.1:40123', path: '/aws-role-sessions/0123abcd', token: 'the-window-token-0123456789abcdef' };
const GOOD: CredentialRequest = { method: 'GET', target: EXPECTED.path, host: EXPECTED.host, authorization: EXPECTED.token, hasBody: false };
const END = Date.parse('2026-03-01T10:00:00.000Z');
const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

const prod: RoleSession = {
  profileName: 'prod',
  credentials: { accessKeyId: 'ASIAFAKE0000000000XY', secretAccessKey: 'notARealSecret', sessionToken: 'notARealToken', expiration: new Date(END) },
  region: 'eu-west-1',
  obtainedAt: END - 3_600_000,
  stsCalls: 3,
  notices: [],
};
const active: SessionState = { status: 'active', session: prod };

function body(answer: { body: string }): unknown {
  return JSON.parse(answer.body);
}

describe('credential endpoint: answers', () => {
  it('serves the session in the container-credentials format while it lasts', () => {
    const answer = answerCredentialRequest(GOOD, EXPECTED, active, END - 1);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.headers, JSON_HEADERS);
    assert.deepEqual(body(answer), { AccessKeyId: 'ASIAFAKE0000000000XY', SecretAccessKey: 'notARealSecret', Token: 'notARealToken', Expiration: '2026-03-01T10:00:00.000Z' });
    assert.equal(answer.outcome, 'served prod');
  });

  it('also while renewing, expiring, or assuming another profile: the current credentials are still valid', () => {
    for (const status of ['renewing', 'expiring', 'assuming'] as const) {
      assert.equal(answerCredentialRequest(GOOD, EXPECTED, { status, session: prod }, END - 60_000).status, 200, status);
    }
  });

  it('never serves ended credentials: at the end itself, after it, or once marked expired', () => {
    for (const [state, now] of [
      [active, END],
      [active, END + 1],
      [{ status: 'expired', session: prod } as SessionState, END - 5_000],
    ] as const) {
      const answer = answerCredentialRequest(GOOD, EXPECTED, state, now);
      assert.equal(answer.status, 410);
      assert.deepEqual(body(answer), {
        Code: 'ExpiredSession',
        Message: 'The AWS role session of profile prod in VS Code ended at 2026-03-01T10:00:00.000Z. Renew it in VS Code (status bar → Renew Now), then try again.',
      });
    }
  });

  it('no session: a 4xx whose Code and Message the SDKs show', () => {
    const answer = answerCredentialRequest(GOOD, EXPECTED, { status: 'none', session: undefined }, END - 1);
    assert.equal(answer.status, 404);
    assert.deepEqual(body(answer), { Code: 'NoSession', Message: "VS Code has no AWS role session in this window. Run 'AWS Roles: Assume Role…', then try again." });
  });

  it('long-term keys are not served', () => {
    const alice: RoleSession = { ...prod, profileName: 'alice', credentials: { accessKeyId: 'AKIAFAKE00000000AB12', secretAccessKey: 'notARealSecret' } };
    const answer = answerCredentialRequest(GOOD, EXPECTED, { status: 'active', session: alice }, END);
    assert.equal(answer.status, 422);
    assert.equal((body(answer) as { Code: string }).Code, 'NotTemporaryCredentials');
    assert.ok(!answer.body.includes('notARealSecret'));
  });

  it('a missing or wrong token: 403, saying nothing of the session', () => {
    for (const authorization of [undefined, '', 'wrong', EXPECTED.token.slice(0, -1), `${EXPECTED.token}x`, EXPECTED.token.toUpperCase()]) {
      const answer = answerCredentialRequest({ ...GOOD, authorization }, EXPECTED, active, END - 1);
      assert.equal(answer.status, 403, String(authorization));
      assert.equal((body(answer) as { Code: string }).Code, 'AccessDenied');
      assert.ok(!answer.body.includes('prod') && !answer.body.includes('ASIA'));
    }
  });

  it('another Host (DNS rebinding), another path, another method: refused before the token is looked at', () => {
    for (const host of ['localhost:40123', 'evil.example:40123', '127.0.0.1:40124', '127.0.0.1', undefined]) {
      const answer = answerCredentialRequest({ ...GOOD, host }, EXPECTED, active, END - 1);
      assert.equal(answer.status, 421, String(host));
      assert.deepEqual(body(answer), { Code: 'InvalidHost', Message: 'This endpoint answers only requests addressed to 127.0.0.1:40123.' });
    }
    for (const target of ['/', `${EXPECTED.path}/`, `${EXPECTED.path}?x=1`, '/aws-role-sessions/other']) {
      assert.equal(answerCredentialRequest({ ...GOOD, target }, EXPECTED, active, END - 1).status, 404, target);
    }
    for (const method of ['POST', 'PUT', 'OPTIONS', 'HEAD', 'DELETE']) {
      const answer = answerCredentialRequest({ ...GOOD, method }, EXPECTED, active, END - 1);
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.Allow, 'GET');
    }
  });

  it('a request with a body: 413 before anything else is looked at', () => {
    for (const request of [{ ...GOOD, hasBody: true }, { ...GOOD, hasBody: true, host: 'evil.example:1', authorization: 'x' }]) {
      const answer = answerCredentialRequest(request, EXPECTED, active, END - 1);
      assert.equal(answer.status, 413);
      assert.deepEqual(answer.headers, JSON_HEADERS);
      assert.deepEqual(body(answer), { Code: 'BodyNotAllowed', Message: 'Requests here have no body.' });
    }
  });

  it('sends no CORS header, whatever the answer', () => {
    const answers = [
      answerCredentialRequest(GOOD, EXPECTED, active, END - 1),
      answerCredentialRequest({ ...GOOD, method: 'OPTIONS' }, EXPECTED, active, END - 1),
      answerCredentialRequest({ ...GOOD, authorization: 'x' }, EXPECTED, active, END - 1),
    ];
    for (const answer of answers) assert.ok(Object.keys(answer.headers).every((name) => !/^access-control-/i.test(name)));
  });

  it('says the token was shown only when it was checked and right, whatever the session', () => {
    const shown = (request: CredentialRequest, state: SessionState = active, now = END - 1) => answerCredentialRequest(request, EXPECTED, state, now).tokenShown;
    // The right token: served, ended, no session, long-term keys.
    assert.equal(shown(GOOD), true);
    assert.equal(shown(GOOD, active, END), true);
    assert.equal(shown(GOOD, { status: 'none', session: undefined }), true);
    assert.equal(shown(GOOD, { status: 'active', session: { ...prod, credentials: { accessKeyId: 'AKIAFAKE00000000AB12', secretAccessKey: 'x' } } }), true);
    // Refused before or at the token check, the right token included when an earlier check failed.
    for (const request of [{ ...GOOD, authorization: 'wrong' }, { ...GOOD, authorization: undefined }, { ...GOOD, host: 'evil.example:40123' }, { ...GOOD, target: '/' }, { ...GOOD, method: 'POST' }, { ...GOOD, hasBody: true }]) {
      assert.equal(shown(request), false, JSON.stringify(request));
    }
  });

  it('compares tokens whole, whatever their lengths', () => {
    assert.equal(tokensMatch('abc', 'abc'), true);
    assert.equal(tokensMatch('abc', 'abd'), false);
    assert.equal(tokensMatch('ab', 'abc'), false);
    assert.equal(tokensMatch('', 'abc'), false);
  });
});
