/**
 * The credential endpoint's real server on loopback, asked by the real clients: the AWS CLI v2
 * (Debian's) and v1, boto3 and the JS SDK, each in its own process with an empty AWS home and
 * only the two variables a terminal in endpoint mode gets. The credentials it serves are temporary
 * ones the local STS issued, and each client proves them by calling GetCallerIdentity there.
 * Then what must fail does: a wrong token, an ended session, and requests a browser page could
 * forge (another Host, another method).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromContainerMetadata } from '@aws-sdk/credential-providers';
import type { SessionState } from '../../src/core/lifecycle/windowSessions';
import type { RoleSession } from '../../src/core/vocabulary/sessionTypes';
import { CredentialEndpointServer } from '../../src/platform/credentialEndpointServer';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { sample } from './support/fixture';
import { temporarySession } from './support/renewingSession';
import { AWS_CLI_V2, cliV1Path, cliV2Available, inParallel, makeAwsHome, PYTHON, run, type AwsHome, type ProcessResult } from './support/processes';

const { alice } = sample;

/** A window's session of temporary credentials from the local STS. */
const sessionFrom = (sts: LocalSts): Promise<RoleSession> => temporarySession(sts, alice.keys, 'alice-session');

/** A raw request to the endpoint, with the headers given (and no others Node would not add). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive agent), as a separate client process would make.
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('credential endpoint: real clients on loopback', function () {
  this.timeout(120_000);

  let sts: LocalSts;
  let home: AwsHome;
  let server: CredentialEndpointServer;
  const logger = new FakeSessionLogger();
  const source: { state: SessionState } = { state: { status: 'none', session: undefined } };
  let session: RoleSession;

  /** What a terminal in endpoint mode holds, and nothing else of AWS but the empty home's files. */
  const clientEnv = (token?: string) =>
    home.env({ AWS_CONTAINER_CREDENTIALS_FULL_URI: server.address!.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token ?? server.address!.token });
  const cliV1 = cliV1Path();
  const clients: Record<string, (env: NodeJS.ProcessEnv) => Promise<ProcessResult>> = {
    'AWS CLI v2': (env) => run(AWS_CLI_V2, ['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--query', 'Arn', '--output', 'text'], { env }),
    ...(cliV1 ? { 'AWS CLI v1': (env: NodeJS.ProcessEnv) => run(cliV1, ['sts', 'get-caller-identity', '--endpoint-url', sts.url, '--query', 'Arn', '--output', 'text'], { env }) } : {}),
    boto3: (env) => run(PYTHON, ['-c', "import boto3,sys; print(boto3.client('sts', endpoint_url=sys.argv[1]).get_caller_identity()['Arn'])", sts.url], { env }),
    'JS SDK': (env) =>
      run(
        process.execPath,
        [
          '-e',
          "const s=require(process.argv[1]);new s.STSClient({endpoint:process.argv[2]}).send(new s.GetCallerIdentityCommand({})).then(r=>console.log(r.Arn),e=>{console.error(e.name+': '+e.message);process.exit(1)})",
          require.resolve('@aws-sdk/client-sts'),
          sts.url,
        ],
        { env },
      ),
  };

  before(async function () {
    if (!cliV2Available()) this.skip();
    sts = await startLocalSts({ fixture: sample.fixture });
    home = makeAwsHome({});
    server = new CredentialEndpointServer(source, { time: { now: () => Date.now() }, logger });
    await server.start();
    session = await sessionFrom(sts);
    source.state = { status: 'active', session };
  });

  after(async () => {
    await server?.stop();
    home?.remove();
    await sts?.stop();
  });

  it('listens on 127.0.0.1 only, at a random path, with a 256-bit token', () => {
    const { url, token } = server.address!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/aws-role-sessions\/[0-9a-f]{32}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
  });

  it('every client, given only the endpoint, acts as the session', async () => {
    const names = Object.keys(clients);
    assert.ok(names.length >= 3, `clients: ${names.join(', ')}`);
    const results = await inParallel(2, names.map((name) => () => clients[name](clientEnv())));
    names.forEach((name, i) => {
      const result = results[i];
      assert.equal(result.code, 0, `${name} failed: ${result.stderr}`);
      assert.equal(result.stdout.trim(), alice.arn, name);
    });
    assert.ok(logger.messages().filter((line) => /→ 200 \(served alice-session\)/.test(line)).length >= names.length);
  });

  it('a wrong token gets no credentials: the CLI fails, naming the refusal', async () => {
    const result = await clients['AWS CLI v2'](clientEnv('not-the-token'));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /AccessDenied|403/);
    assert.ok(!result.stdout.includes(alice.arn));
  });

  it('an ended session is never served: the clients report why instead of acting on stale credentials', async () => {
    source.state = { status: 'expired', session };
    try {
      const [cli, js] = await Promise.all([clients['AWS CLI v2'](clientEnv()), clients['JS SDK'](clientEnv())]);
      assert.notEqual(cli.code, 0, 'the CLI succeeded after the end');
      assert.match(cli.stderr, /ended at .*Renew it in VS Code/, `the CLI shows the endpoint's message: ${cli.stderr}`);
      // The JS SDK's default chain reports only that no provider gave credentials; it never acts on stale ones.
      assert.notEqual(js.code, 0, 'the JS SDK succeeded after the end');
      assert.match(js.stderr, /CredentialsProviderError/);
      assert.ok(logger.messages().some((line) => /→ 410 \(expired session of alice-session\)/.test(line)));
    } finally {
      source.state = { status: 'active', session };
    }
  });

  it('after Sign Out the CLI gets a clear "no session", never the old credentials', async () => {
    source.state = { status: 'none', session: undefined };
    try {
      const cli = await clients['AWS CLI v2'](clientEnv());
      assert.notEqual(cli.code, 0);
      assert.match(cli.stderr, /no AWS role session in this window/);
    } finally {
      source.state = { status: 'active', session };
    }
  });

  it('a renewal reaches a process that holds the same address, without a restart', async () => {
    const provider = fromContainerMetadata({ timeout: 2_000, maxRetries: 0 });
    const saved = { uri: process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, token: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN };
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = server.address!.url;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = server.address!.token;
    try {
      const before = await provider();
      assert.equal(before.accessKeyId, session.credentials.accessKeyId);
      const renewed = await sessionFrom(sts);
      source.state = { status: 'active', session: renewed };
      const after = await provider();
      assert.equal(after.accessKeyId, renewed.credentials.accessKeyId);
      assert.notEqual(after.accessKeyId, before.accessKeyId);
      const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: provider, maxAttempts: 1 });
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, alice.arn);
      client.destroy();
      session = renewed;
    } finally {
      if (saved.uri === undefined) delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      else process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = saved.uri;
      if (saved.token === undefined) delete process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
      else process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = saved.token;
    }
  });

  it('refuses what a web page could forge: another Host (DNS rebinding), POST, OPTIONS, a body, a wrong token of the right length, oversized headers; no CORS header', async () => {
    const { url, token } = server.address!;
    const rebound = await rawRequest(url, { headers: { Host: `attacker.example:${new URL(url).port}`, Authorization: token } });
    assert.equal(rebound.status, 421);
    assert.ok(!rebound.body.includes(session.credentials.accessKeyId));
    const posted = await rawRequest(url, { method: 'POST', headers: { Authorization: token } });
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.allow, 'GET');
    const withBody = await rawRequest(url, { headers: { Authorization: token, 'Content-Type': 'text/plain', 'Content-Length': '64' }, body: 'x'.repeat(64) });
    assert.equal(withBody.status, 413);
    const preflight = await rawRequest(url, { method: 'OPTIONS', headers: { Authorization: token, Origin: 'http://attacker.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.status, 405);
    const sameLengthToken = await rawRequest(url, { headers: { Authorization: token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } });
    assert.equal(sameLengthToken.status, 403);
    const huge = await rawRequest(url, { headers: { Authorization: token, 'X-Padding': 'p'.repeat(8_000) } });
    assert.equal(huge.status, 431, 'headers over the bound are refused before anything is answered');
    const fine = await rawRequest(url, { headers: { Authorization: token, Origin: 'http://attacker.example' } });
    assert.equal(fine.status, 200);
    for (const answer of [rebound, posted, withBody, preflight, sameLengthToken, fine]) {
      assert.ok(Object.keys(answer.headers).every((name) => !name.startsWith('access-control-')));
      assert.equal(answer.headers['cache-control'], 'no-store');
    }
  });

  it('logs each request by method, status and time, never the token, path or credentials', () => {
    const text = logger.messages().join('\n');
    const { url, token } = server.address!;
    for (const secret of [token, new URL(url).pathname, session.credentials.secretAccessKey, session.credentials.sessionToken!]) assert.ok(!text.includes(secret));
    assert.match(text, /credential endpoint: GET → 421 \(wrong Host\) in \d+\.\d ms/);
  });

  it("serves a held session at an address of its own beside the window's: each client acts as its own address's session, each token opens only its own address, and ending the route ends it", async () => {
    // A terminal opened as bob while the window is alice (issue 22 §1).
    const bobSession = await temporarySession(sts, sample.bob.keys, 'bob-terminal');
    const held: { state: SessionState } = { state: { status: 'active', session: bobSession } };
    const route = await server.serve(held);
    try {
      assert.equal(new URL(route.address.url).host, new URL(server.address!.url).host, 'the same server');
      assert.notEqual(route.address.url, server.address!.url);
      assert.notEqual(route.address.token, server.address!.token);
      const routeEnv = (token = route.address.token) => home.env({ AWS_CONTAINER_CREDENTIALS_FULL_URI: route.address.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token });
      const [window, terminalCli, terminalJs] = await Promise.all([clients['AWS CLI v2'](clientEnv()), clients['AWS CLI v2'](routeEnv()), clients['JS SDK'](routeEnv())]);
      assert.equal(window.stdout.trim(), alice.arn, `the window's address: ${window.stderr}`);
      assert.equal(terminalCli.stdout.trim(), sample.bob.arn, `the CLI at the held address: ${terminalCli.stderr}`);
      assert.equal(terminalJs.stdout.trim(), sample.bob.arn, `the JS SDK at the held address: ${terminalJs.stderr}`);
      // The window's token at the held address, and the held token at the window's: both refused.
      const crossed = await Promise.all([clients['AWS CLI v2'](routeEnv(server.address!.token)), clients['AWS CLI v2'](clientEnv(route.address.token))]);
      for (const result of crossed) {
        assert.notEqual(result.code, 0, 'a token opened another address');
        assert.match(result.stderr, /AccessDenied|403/);
      }
      held.state = { status: 'none', session: undefined };
      const signedOut = await clients['AWS CLI v2'](routeEnv());
      assert.match(signedOut.stderr, /no AWS role session/, `after Sign Out the held address says so: ${signedOut.stderr}`);
    } finally {
      route.dispose();
    }
    const gone = await rawRequest(route.address.url, { headers: { Authorization: route.address.token } });
    assert.equal(gone.status, 404, 'a released route is nothing at all');
    assert.ok(!gone.body.includes(sample.bob.arn));
  });

  it('stops: the port is closed, and a new start has a new path and token, so what a terminal kept from before gets nothing', async () => {
    const before = server.address!;
    await server.stop();
    assert.equal(server.address, undefined);
    await assert.rejects(rawRequest(before.url, { headers: { Authorization: before.token } }), /ECONNREFUSED/);
    const after = await server.start();
    assert.notEqual(new URL(after.url).pathname, new URL(before.url).pathname);
    assert.notEqual(after.token, before.token);
    // The old token, even sent to the new address (as someone who collected it while the port was free could), is refused.
    const stale = await rawRequest(after.url, { headers: { Authorization: before.token } });
    assert.equal(stale.status, 403);
    assert.ok(!stale.body.includes(session.credentials.secretAccessKey));
  });
});
