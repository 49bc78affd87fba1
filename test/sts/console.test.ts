/**
 * Open Console end to end against the local STS's federation endpoint: credentials from the real
 * JS SDK's AssumeRole and GetSessionToken, exchanged for a sign-in token by the extension's own
 * federation client (Node's fetch), then the login URL followed to the page that names who is
 * signed in. What AWS refuses is refused here too: SessionDuration on chained credentials,
 * forged or unknown credentials, ended ones, a sign-in token used twice.
 */
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { ConsoleSignInError, consoleLoginUrl, FEDERATION_ENDPOINT_ENV, signinTokenUrl } from '../../src/core/console/consoleSignIn';
import type { RoleSession, SessionHop } from '../../src/core/vocabulary/sessionTypes';
import { fetchFederationClient } from '../../src/platform/fetchFederationClient';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { rejectionOf } from '../support/rejections';
import { sample, type Keys } from './support/fixture';

const { alice, bob, roles, partnerExternalId } = sample;
const TEST_TIMEOUT_MS = 30_000;

describe('console sign-in against the local STS federation endpoint', function () {
  this.timeout(TEST_TIMEOUT_MS);

  let sts: LocalSts;
  /** Added to the server's clock, to end sessions without waiting. */
  let clockOffsetMs = 0;
  const federation = fetchFederationClient(10_000);
  const env = () => ({ [FEDERATION_ENDPOINT_ENV]: `${sts.url}/federation` });
  const lines: string[] = [];

  before(async function () {
    this.timeout(TEST_TIMEOUT_MS);
    sts = await startLocalSts({ fixture: sample.fixture, now: () => Date.now() + clockOffsetMs, log: (line) => lines.push(line) });
  });

  after(async function () {
    this.timeout(TEST_TIMEOUT_MS);
    await sts?.stop();
  });

  beforeEach(() => {
    clockOffsetMs = 0;
  });

  /** One STS call with the real JS SDK; the credentials it answers with. */
  async function credentialsFrom(keys: Keys, command: AssumeRoleCommand | GetSessionTokenCommand): Promise<Credentials> {
    const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    try {
      const answer = command instanceof AssumeRoleCommand ? await client.send(command) : await client.send(command);
      return answer.Credentials!;
    } finally {
      client.destroy();
    }
  }

  const keysOf = (c: Credentials): Keys & { expiration: Date } => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! });

  /** A window's session as the engine makes it, from real STS answers. */
  function roleSession(profileName: string, credentials: Keys & { expiration: Date }, chain: SessionHop[], region = 'eu-west-1'): RoleSession {
    return { profileName, credentials, region, obtainedAt: Date.now(), stsCalls: 1, notices: [], chain };
  }

  /** bob's long-term keys → Admin: AssumeRole, not role chaining. */
  async function adminSession(): Promise<RoleSession> {
    const answer = await credentialsFrom(bob.keys, new AssumeRoleCommand({ RoleArn: roles.admin, RoleSessionName: 'bob-console', DurationSeconds: 3600 }));
    return roleSession('admin', keysOf(answer), [
      { profileName: 'bob', kind: 'staticKeys' },
      { profileName: 'admin', kind: 'role', roleArn: roles.admin, chained: false },
    ]);
  }

  /** alice's GetSessionToken credentials → Partner: role chaining, as a role assumed through an MFA session is. */
  async function chainedPartnerSession(): Promise<RoleSession> {
    const temporary = keysOf(await credentialsFrom(alice.keys, new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const answer = await credentialsFrom(temporary, new AssumeRoleCommand({ RoleArn: roles.partner, RoleSessionName: 'alice-console', ExternalId: partnerExternalId }));
    return roleSession('partner', keysOf(answer), [
      { profileName: 'alice', kind: 'staticKeys' },
      { profileName: 'partner', kind: 'role', roleArn: roles.partner, chained: true },
    ]);
  }

  async function follow(url: string): Promise<{ status: number; body: string; headers: Headers }> {
    const response = await fetch(url, { redirect: 'manual' });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  /** Console sign-in refused: the ConsoleSignInError it was refused with. */
  const refusal = (promise: Promise<unknown>) => rejectionOf(promise, ConsoleSignInError);

  it('AssumeRole credentials: SessionDuration is sent, and the login page names the role and the destination', async () => {
    const session = await adminSession();
    const url = await consoleLoginUrl(session, { federation, env: env(), now: Date.now() });
    const login = new URL(url);
    assert.equal(login.origin, sts.url);
    assert.equal(login.searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
    // The local STS's tokens are standard base64: `+`, `/` and `=` must survive the URL.
    assert.match(login.searchParams.get('SigninToken')!, /^[A-Za-z0-9+/]+=*$/);
    const page = await follow(url);
    assert.equal(page.status, 200);
    assert.match(page.body, /<p id="signed-in-as">Signed in as arn:aws:sts::222222222222:assumed-role\/Admin\/bob-console<\/p>/);
    assert.match(page.body, /<p id="session-duration">Console session: (359\d|3600) s<\/p>/);
    assert.match(page.body, /Destination: <a href="https:\/\/console\.aws\.amazon\.com\/console\/home\?region=eu-west-1">/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    // A sign-in token is spent once.
    const again = await follow(url);
    assert.equal(again.status, 400);
    assert.match(again.body, /<p id="error">The sign-in token is already used/);
  });

  it('chained credentials: no SessionDuration is sent, and sign-in still works', async () => {
    const session = await chainedPartnerSession();
    sts.calls.clear();
    const page = await follow(await consoleLoginUrl(session, { federation, env: env(), now: Date.now() }));
    assert.equal(page.status, 200);
    assert.match(page.body, /Signed in as arn:aws:sts::333333333333:assumed-role\/Partner\/alice-console/);
    assert.match(page.body, /Console session: default length/);
    assert.equal(sts.calls.count({ action: 'federation:getSigninToken', ok: true }), 1);
  });

  it('the endpoint refuses SessionDuration for chained credentials (400), as AWS does', async () => {
    const { credentials } = await chainedPartnerSession();
    const answer = await federation.get(signinTokenUrl(`${sts.url}/federation`, credentials, 3600));
    assert.equal(answer.status, 400);
    assert.match(answer.body, /role chaining/);
  });

  it('the endpoint refuses SessionDuration out of 900..43200, and credentials from GetSessionToken', async () => {
    const { credentials } = await adminSession();
    for (const duration of [899, 43_201]) {
      const answer = await federation.get(signinTokenUrl(`${sts.url}/federation`, credentials, duration));
      assert.equal(answer.status, 400, String(duration));
    }
    const temporary = keysOf(await credentialsFrom(alice.keys, new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const session = roleSession('alice', temporary, [{ profileName: 'alice', kind: 'staticKeys' }]);
    const error = await refusal(consoleLoginUrl(session, { federation, env: env(), now: Date.now() }));
    assert.equal(error.kind, 'refused');
    assert.match(error.message, /HTTP 400/);
  });

  it('forged and unknown credentials are refused (403) with a message that holds no secret', async () => {
    const real = await adminSession();
    const forged: Keys[] = [
      { ...real.credentials, secretAccessKey: real.credentials.secretAccessKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      { ...real.credentials, sessionToken: `${real.credentials.sessionToken}x` },
      { accessKeyId: 'ASIAUNKNOWNKEY000001', secretAccessKey: real.credentials.secretAccessKey, sessionToken: real.credentials.sessionToken },
      // Long-term keys with a made-up token are not a session this STS issued.
      { ...bob.keys, sessionToken: 'made-up' },
    ];
    for (const keys of forged) {
      const error = await refusal(consoleLoginUrl({ ...real, credentials: { ...keys, expiration: real.credentials.expiration } }, { federation, env: env(), now: Date.now() }));
      assert.equal(error.kind, 'denied');
      for (const secret of [keys.secretAccessKey, keys.sessionToken!, real.credentials.sessionToken!]) assert.ok(!error.message.includes(secret));
    }
  });

  it('ended credentials are refused by the endpoint (403)', async () => {
    const session = await adminSession();
    clockOffsetMs = 2 * 3600 * 1000;
    // The extension's clock still thinks they are live: the endpoint is what says no.
    const error = await refusal(consoleLoginUrl(session, { federation, env: env(), now: Date.now() }));
    assert.equal(error.kind, 'denied');
    assert.match(error.message, /HTTP 403/);
  });

  it('a sign-in token that waited more than 15 minutes, or that was never issued, opens an error page', async () => {
    const session = await adminSession();
    const url = await consoleLoginUrl(session, { federation, env: env(), now: Date.now() });
    clockOffsetMs = 15 * 60 * 1000 + 1000;
    const late = await follow(url);
    assert.equal(late.status, 400);
    assert.match(late.body, /The sign-in token is expired/);
    const unknown = new URL(url);
    unknown.searchParams.set('SigninToken', 'never-issued');
    const page = await follow(unknown.toString());
    assert.equal(page.status, 400);
    assert.match(page.body, /The sign-in token is not valid/);
  });

  it('an unreachable endpoint is a clear error that names only the host', async () => {
    const session = await adminSession();
    const closed = await startLocalSts({ fixture: sample.fixture });
    const url = `${closed.url}/federation`;
    await closed.stop();
    const error = await refusal(consoleLoginUrl(session, { federation, env: { [FEDERATION_ENDPOINT_ENV]: url }, now: Date.now() }));
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('the server log holds no credential, session token or sign-in token', async () => {
    const session = await adminSession();
    const url = await consoleLoginUrl(session, { federation, env: env(), now: Date.now() });
    await follow(url);
    const text = lines.join('\n');
    assert.match(text, /federation:getSigninToken key=…\w{4} -> 200/);
    assert.match(text, /federation:login key=…\w{4} -> 200/);
    const token = new URL(url).searchParams.get('SigninToken')!;
    for (const secret of [session.credentials.secretAccessKey, session.credentials.sessionToken!, token, session.credentials.accessKeyId]) {
      assert.ok(!text.includes(secret));
    }
    for (const call of sts.calls.list().filter((c) => c.action.startsWith('federation:'))) assert.deepEqual(call.params, {});
  });
});
