/**
 * The credential endpoint's real server on loopback, attacked the ways a process on the same
 * machine, or a web page, could: methods it does not serve, headers trickled in a byte at a time
 * (slow loris) on many connections, a thousand wrong-token requests in flight, and the right
 * token after Sign Out. Through all of it the right client is answered, and nothing is served
 * to anyone else. How fast it answers under the flood is a benchmark (`endpoint-p99-under-attack`),
 * not a test: here only what a user would notice, the right answer or none.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { SessionState } from '../../src/core/session/activeSessionService';
import type { RoleSession } from '../../src/core/session/types';
import { CredentialEndpointServer } from '../../src/platform/credentialEndpointServer';
import { FakeSessionLogger } from '../fakes/fakeSessionLogger';

function liveSession(): RoleSession {
  return {
    profileName: 'attacked',
    credentials: { accessKeyId: 'ASIAATTACKEDENDPOINT', secretAccessKey: 'attacked-endpoint-secret-not-real', sessionToken: 'attacked-endpoint-token-not-real', expiration: new Date(Date.now() + 3_600_000) },
    region: 'us-east-1',
    obtainedAt: Date.now(),
    stsCalls: 0,
    notices: [],
  };
}

/** One request on a fresh connection; resolves with the status and body, or the socket error's code. */
function ask(url: string, options: { method?: string; token?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.token === undefined ? {} : { Authorization: options.token }, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: error.code ?? error.message }));
    request.end();
  });
}

/**
 * A slow-loris connection: the request line, then one header byte every `everyMs`, never the
 * blank line that ends the headers. Resolves with how long the server let it hang, and what it said.
 */
function slowLoris(url: string, everyMs: number): Promise<{ heldMs: number; answer: string }> {
  const { port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    let answer = '';
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    });
    const drip = setInterval(() => {
      if (socket.writable) socket.write('a');
    }, everyMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ heldMs: Date.now() - started, answer: answer.split('\r\n')[0] ?? '' });
    });
  });
}

describe('credential endpoint under attack', function () {
  // The slow-loris connections are cut after the server's 5 s limit; the rest is loopback traffic.
  this.timeout(60_000);

  const logger = new FakeSessionLogger();
  const source: { state: SessionState } = { state: { status: 'none', session: undefined } };
  let server: CredentialEndpointServer;
  let session: RoleSession;

  before(async () => {
    server = new CredentialEndpointServer(source, { time: { now: () => Date.now() }, logger });
    await server.start();
  });
  beforeEach(() => {
    session = liveSession();
    source.state = { status: 'active', session };
  });
  after(() => server.stop());

  it('serves no method but GET: PUT, POST, DELETE, PATCH and OPTIONS with the right token get 405 and no credentials', async () => {
    const { url, token } = server.address!;
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await ask(url, { method, token });
      assert.equal(answer.status, 405, method);
      assert.ok(!answer.body.includes(session.credentials.secretAccessKey), method);
    }
  });

  it('cuts off 50 slow-loris connections once their headers are late, and answers the right client all the while', async () => {
    const { url, token } = server.address!;
    const lorises = Array.from({ length: 50 }, () => slowLoris(url, 500));
    // While they hang on, the right client is answered at once, again and again.
    for (let round = 0; round < 10; round++) {
      const answer = await ask(url, { token });
      assert.equal(answer.status, 200, `round ${round}`);
      assert.equal(JSON.parse(answer.body).AccessKeyId, session.credentials.accessKeyId);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const held = await Promise.all(lorises);
    for (const { heldMs, answer } of held) {
      // The server's limit is 5 s for the headers, checked every second: never the minutes a drip could last.
      assert.ok(heldMs < 15_000, `a slow connection was held ${heldMs} ms`);
      assert.ok(answer === '' || /^HTTP\/1\.1 408 /.test(answer), `a slow connection got "${answer}"`);
      assert.doesNotMatch(answer, /AccessKeyId/);
    }
  });

  it('with 1,000 wrong-token requests in flight, answers every right-token request and refuses every wrong one', async () => {
    const { url, token } = server.address!;
    const wrong = token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const flood = Array.from({ length: 1_000 }, () => ask(url, { token: wrong }));
    const right = Array.from({ length: 20 }, () => ask(url, { token }));
    const [floodAnswers, rightAnswers] = await Promise.all([Promise.all(flood), Promise.all(right)]);
    assert.deepEqual([...new Set(floodAnswers.map((answer) => answer.status))], [403], 'every wrong token is refused, none dropped');
    assert.ok(floodAnswers.every((answer) => !answer.body.includes(session.credentials.accessKeyId)));
    assert.deepEqual([...new Set(rightAnswers.map((answer) => answer.status))], [200], 'every right token is answered');
    assert.ok(rightAnswers.every((answer) => JSON.parse(answer.body).Token === session.credentials.sessionToken));
  });

  it('after Sign Out the right token gets no credentials, only a clear "no session"', async () => {
    const { url, token } = server.address!;
    source.state = { status: 'none', session: undefined };
    const answer = await ask(url, { token });
    assert.ok(answer.status >= 400, `status ${answer.status}`);
    assert.ok(!answer.body.includes(session.credentials.accessKeyId));
    assert.match(answer.body, /no (AWS )?session|signed out|Assume/i);
  });

  it('logs nothing of the token or credentials, however many requests it refused', () => {
    const text = logger.text();
    const { url, token } = server.address!;
    assert.ok(logger.lines.length > 1_000, `${logger.lines.length} lines`);
    for (const secret of [token, new URL(url).pathname, session.credentials.secretAccessKey, session.credentials.sessionToken!]) assert.ok(!text.includes(secret));
  });
});
