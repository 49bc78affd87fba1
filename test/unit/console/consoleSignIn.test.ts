import * as assert from 'node:assert/strict';
import {
  CONSOLE_ISSUER,
  ConsoleSignInError,
  consoleDestination,
  consoleLoginUrl,
  consoleSessionSeconds,
  FEDERATION_ENDPOINT_ENV,
  federationEndpoint,
  isRoleChained,
  loginUrl,
  partitionOfRegion,
  refusalForProfile,
  signinTokenUrl,
  type FederationAnswer,
  type FederationPort,
} from '../../../src/core/console/consoleSignIn';
import type { Profile } from '../../../src/core/config/types';
import type { RoleSession, SessionHop } from '../../../src/core/vocabulary/sessionTypes';
import { rejectionOf } from '../../support/rejections';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
const KEYS = {
  accessKeyId: 'ASIACONSOLETESTKEY01',
  secretAccessKey: 'consoleSecret/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJconsoleToken+with/slashes=and&amps"quotes',
};
/** Characters that break a query string unless encoded. */
const TOKEN = 'sign+in/token==&Destination=evil';
const ROOT: SessionHop = { profileName: 'base', kind: 'staticKeys' };
const PROD: SessionHop = { profileName: 'prod', kind: 'role', roleArn: 'arn:aws:iam::444444444444:role/Prod', chained: false };

function session(overrides: Partial<RoleSession> = {}): RoleSession {
  return {
    profileName: 'prod',
    credentials: { ...KEYS, expiration: new Date(NOW + 3_600_000) },
    region: 'eu-west-1',
    assumedRoleArn: 'arn:aws:sts::444444444444:assumed-role/Prod/alice',
    obtainedAt: NOW,
    stsCalls: 1,
    notices: [],
    chain: [ROOT, PROD],
    ...overrides,
  };
}

class FakeFederation implements FederationPort {
  readonly urls: string[] = [];
  constructor(private readonly answer: FederationAnswer | Error) {}
  async get(url: string): Promise<FederationAnswer> {
    this.urls.push(url);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

const ok = (token = TOKEN) => new FakeFederation({ status: 200, body: JSON.stringify({ SigninToken: token }) });

const failure = (promise: Promise<unknown>) => rejectionOf(promise, ConsoleSignInError);

/** Nothing secret, and no URL that could hold it. */
function assertNoSecret(text: string): void {
  for (const secret of [KEYS.accessKeyId, KEYS.secretAccessKey, KEYS.sessionToken, TOKEN, encodeURIComponent(KEYS.secretAccessKey), 'SigninToken', 'Session=']) {
    assert.ok(!text.includes(secret), `"${text}" holds ${secret}`);
  }
}

describe('console sign-in: endpoints by partition', () => {
  it('maps regions to their partition', () => {
    assert.equal(partitionOfRegion('us-east-1'), 'aws');
    assert.equal(partitionOfRegion('eu-central-2'), 'aws');
    assert.equal(partitionOfRegion('cn-north-1'), 'aws-cn');
    assert.equal(partitionOfRegion('cn-northwest-1'), 'aws-cn');
    assert.equal(partitionOfRegion('us-gov-west-1'), 'aws-us-gov');
  });

  it('sends each partition to its own federation endpoint and console', () => {
    assert.equal(federationEndpoint('eu-west-1', {}), 'https://signin.aws.amazon.com/federation');
    assert.equal(federationEndpoint('cn-north-1', {}), 'https://signin.amazonaws.cn/federation');
    assert.equal(federationEndpoint('us-gov-east-1', {}), 'https://signin.amazonaws-us-gov.com/federation');
    assert.equal(consoleDestination('eu-west-1'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
    assert.equal(consoleDestination('cn-north-1'), 'https://console.amazonaws.cn/console/home?region=cn-north-1');
    assert.equal(consoleDestination('us-gov-west-1'), 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
  });

  it('takes the endpoint from AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT, without its query', () => {
    assert.equal(federationEndpoint('cn-north-1', { [FEDERATION_ENDPOINT_ENV]: 'http://127.0.0.1:4567/federation?x=1' }), 'http://127.0.0.1:4567/federation');
    assert.equal(federationEndpoint('us-east-1', { [FEDERATION_ENDPOINT_ENV]: '  ' }), 'https://signin.aws.amazon.com/federation');
  });

  it('refuses an override that is not an http(s) URL, naming the variable', () => {
    for (const value of ['not a url', 'file:///etc/passwd']) {
      assert.throws(
        () => federationEndpoint('us-east-1', { [FEDERATION_ENDPOINT_ENV]: value }),
        (error: unknown) => error instanceof ConsoleSignInError && error.kind === 'bad-endpoint' && error.message.includes(FEDERATION_ENDPOINT_ENV),
      );
    }
  });
});

describe('console sign-in: where the endpoint override may send the credentials (issue 20)', () => {
  const endpointFor = (value: string) => federationEndpoint('eu-west-1', { [FEDERATION_ENDPOINT_ENV]: value });
  /** Each override is honoured as it was given (as a URL spells it). */
  const assertHonoured = (values: readonly string[]) => {
    for (const value of values) assert.equal(endpointFor(value), new URL(value).toString(), value);
  };

  it('honours this machine (the local STS of the tests and the try-it-now mode), over http or https', () => {
    assertHonoured([
      'http://127.0.0.1:4567/federation',
      'https://127.0.0.1:4567/federation',
      'http://127.42.0.9:4567/federation',
      'http://localhost:4567/federation',
      'http://LOCALHOST:4567/federation',
      'http://[::1]:4567/federation',
    ]);
  });

  it('sends to loopback in the dotted form it checked, whatever IPv4 spelling the variable used', () => {
    for (const value of ['http://127.1:4567/federation', 'http://2130706433:4567/federation', 'http://0x7f.0.0.1:4567/federation', 'http://0177.0.0.1:4567/federation']) {
      assert.equal(endpointFor(value), 'http://127.0.0.1:4567/federation', value);
    }
  });

  it("honours AWS's own sign-in hosts over https: each partition's global host and its regional ones", () => {
    assertHonoured([
      'https://signin.aws.amazon.com/federation',
      'HTTPS://SIGNIN.AWS.AMAZON.COM/federation',
      'https://us-east-1.signin.aws.amazon.com/federation',
      'https://ap-southeast-2.signin.aws.amazon.com/federation',
      'https://signin.amazonaws.cn/federation',
      'https://cn-northwest-1.signin.amazonaws.cn/federation',
      'https://signin.amazonaws-us-gov.com/federation',
      'https://us-gov-east-1.signin.amazonaws-us-gov.com/federation',
    ]);
  });

  it('refuses every other host, and every trick that dresses one up as AWS or loopback', () => {
    for (const value of [
      'https://evil.example/federation',
      'https://signin.aws.amazon.com@evil.example/federation',
      'https://signin.aws.amazon.com:443@evil.example/federation',
      'https://signin.aws.amazon.com.evil.example/federation',
      'https://evilsignin.aws.amazon.com/federation',
      'https://signin.aws.amazon.com./federation',
      'https://phish.signin.aws.amazon.com/federation',
      'https://eu-west-1.phish.signin.aws.amazon.com/federation',
      'https://us-east-1.signin.amazonaws.cn/federation',
      'http://signin.aws.amazon.com/federation',
      'http://us-east-1.signin.aws.amazon.com/federation',
      'http://user:pw@127.0.0.1:4567/federation',
      'http://127.0.0.1.nip.io:4567/federation',
      'http://[::ffff:127.0.0.1]:4567/federation',
      'http://[::ffff:7f00:1]:4567/federation',
      'http://localhost.:4567/federation',
      'http://api.localhost:4567/federation',
      'http://0.0.0.0:4567/federation',
      'http://128.0.0.1:4567/federation',
      'http://10.0.0.1:4567/federation',
      'http://169.254.170.2/federation',
    ]) {
      assert.throws(
        () => endpointFor(value),
        (error: unknown) => {
          assert.ok(error instanceof ConsoleSignInError, value);
          assert.equal(error.kind, 'bad-endpoint', value);
          assert.ok(error.message.startsWith(`${FEDERATION_ENDPOINT_ENV} `), error.message);
          // Says what is allowed, and never repeats a user name or password from the variable.
          assert.match(error.message, /signin\.aws\.amazon\.com.*localhost, 127\.x\.x\.x, \[::1\]/);
          assert.doesNotMatch(error.message, /pw@|user:/);
          return true;
        },
      );
    }
  });

  it('refused, it sends nothing: no request carries the credentials anywhere', async () => {
    for (const value of ['https://signin.aws.amazon.com@evil.example/federation', 'http://signin.aws.amazon.com/federation']) {
      const federation = ok();
      const error = await failure(consoleLoginUrl(session(), { federation, env: { [FEDERATION_ENDPOINT_ENV]: value }, now: NOW }));
      assert.equal(error.kind, 'bad-endpoint');
      assert.match(error.message, /nothing was sent/);
      assert.deepEqual(federation.urls, []);
    }
  });
});

describe('console sign-in: SessionDuration only where STS accepts it', () => {
  it('calls one role assumed with long-term keys not chained', () => {
    assert.equal(isRoleChained(session()), false);
  });

  it('calls a role chained when its hop was (MFA session, SSO, temporary keys), when the chain has two roles, or when the session does not say', () => {
    assert.equal(isRoleChained(session({ chain: [ROOT, { ...PROD, chained: true }] })), true);
    const dev: SessionHop = { profileName: 'dev', kind: 'role', roleArn: 'arn:aws:iam::222222222222:role/Dev', chained: false };
    assert.equal(isRoleChained(session({ chain: [ROOT, dev, PROD] })), true);
    assert.equal(isRoleChained(session({ chain: [ROOT, { profileName: 'prod', kind: 'role', roleArn: PROD.roleArn }] })), true, 'kept by an older version');
    assert.equal(isRoleChained(session({ chain: undefined })), true);
    assert.equal(isRoleChained(session({ chain: [{ profileName: 'sso', kind: 'sso' }] })), true, 'not a role');
  });

  it('asks for the time the credentials have left, within 900 to 43200 s', () => {
    const left = (ms: number) => ({ ...KEYS, expiration: new Date(NOW + ms) });
    assert.equal(consoleSessionSeconds(left(3_600_000), false, NOW), 3600);
    assert.equal(consoleSessionSeconds(left(3_599_500), false, NOW), 3599);
    assert.equal(consoleSessionSeconds(left(60_000), false, NOW), 900);
    assert.equal(consoleSessionSeconds(left(50_000_000), false, NOW), 43_200);
    assert.equal(consoleSessionSeconds(left(3_600_000), true, NOW), undefined, 'role chaining');
    assert.equal(consoleSessionSeconds(KEYS, false, NOW), undefined, 'no end: not AssumeRole credentials');
  });
});

describe('console sign-in: the URLs', () => {
  it('builds the getSigninToken request with the session JSON, and SessionDuration only when given', () => {
    const endpoint = 'https://signin.aws.amazon.com/federation';
    const withDuration = new URL(signinTokenUrl(endpoint, KEYS, 3600));
    assert.equal(withDuration.origin + withDuration.pathname, endpoint);
    assert.deepEqual([...withDuration.searchParams.keys()], ['Action', 'SessionDuration', 'Session']);
    assert.equal(withDuration.searchParams.get('Action'), 'getSigninToken');
    assert.equal(withDuration.searchParams.get('SessionDuration'), '3600');
    assert.deepEqual(JSON.parse(withDuration.searchParams.get('Session')!), { sessionId: KEYS.accessKeyId, sessionKey: KEYS.secretAccessKey, sessionToken: KEYS.sessionToken });
    const without = new URL(signinTokenUrl(endpoint, KEYS));
    assert.deepEqual([...without.searchParams.keys()], ['Action', 'Session']);
    // Every reserved character is escaped: a `+` must not turn into a space at the other end.
    assert.ok(!signinTokenUrl(endpoint, KEYS).split('Session=')[1].match(/[+/&=":{}]/));
  });

  it('builds the login URL so the token and the destination come back exactly', () => {
    const url = new URL(loginUrl('https://signin.aws.amazon.com/federation', { issuer: CONSOLE_ISSUER, destination: consoleDestination('eu-west-1'), signinToken: TOKEN }));
    assert.deepEqual([...url.searchParams.keys()], ['Action', 'Issuer', 'Destination', 'SigninToken']);
    assert.equal(url.searchParams.get('Action'), 'login');
    assert.equal(url.searchParams.get('Issuer'), CONSOLE_ISSUER);
    assert.equal(url.searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
    assert.equal(url.searchParams.get('SigninToken'), TOKEN);
  });

  it('refuses long-term keys before building anything', () => {
    assert.throws(() => signinTokenUrl('https://x/federation', { accessKeyId: 'AKIA', secretAccessKey: 's' }), /Console sign-in needs a role session/);
  });
});

describe('console sign-in: the exchange', () => {
  it('exchanges an AssumeRole session with SessionDuration and returns the login URL', async () => {
    const federation = ok();
    const url = new URL(await consoleLoginUrl(session(), { federation, env: {}, now: NOW }));
    assert.equal(federation.urls.length, 1);
    const request = new URL(federation.urls[0]);
    assert.equal(request.origin + request.pathname, 'https://signin.aws.amazon.com/federation');
    assert.equal(request.searchParams.get('SessionDuration'), '3600');
    assert.equal(url.searchParams.get('SigninToken'), TOKEN);
    assert.equal(url.searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
  });

  it('sends no SessionDuration for chained credentials, and goes where the environment says', async () => {
    const federation = ok();
    const env = { [FEDERATION_ENDPOINT_ENV]: 'http://127.0.0.1:9/federation' };
    const url = await consoleLoginUrl(session({ chain: [ROOT, { ...PROD, chained: true }] }), { federation, env, now: NOW });
    assert.equal(new URL(federation.urls[0]).searchParams.has('SessionDuration'), false);
    assert.ok(url.startsWith('http://127.0.0.1:9/federation?Action=login&'));
  });

  it('asks for the token where the extension reaches the endpoint, and sends the browser where it reaches it', async () => {
    const federation = ok();
    const env = { [FEDERATION_ENDPOINT_ENV]: 'http://127.0.0.1:9/federation' };
    const asked: string[] = [];
    const browserEndpoint = (endpoint: string) => (asked.push(endpoint), Promise.resolve('https://forwarded.example/proxy/9/federation'));
    const url = await consoleLoginUrl(session(), { federation, env, now: NOW, browserEndpoint });
    assert.deepEqual(asked, ['http://127.0.0.1:9/federation']);
    assert.ok(federation.urls[0].startsWith('http://127.0.0.1:9/federation?Action=getSigninToken&'));
    assert.ok(url.startsWith('https://forwarded.example/proxy/9/federation?Action=login&'));
    assert.equal(new URL(url).searchParams.get('SigninToken'), TOKEN);
  });

  it('refuses a session of long-term keys with a clear message and no HTTP call', async () => {
    const federation = ok();
    const error = await failure(consoleLoginUrl(session({ credentials: { accessKeyId: 'AKIASTATICKEY0000001', secretAccessKey: KEYS.secretAccessKey } }), { federation, env: {}, now: NOW }));
    assert.equal(error.kind, 'not-a-role-session');
    assert.match(error.message, /^Console sign-in needs a role session/);
    assert.match(error.message, /profile prod/);
    assert.equal(federation.urls.length, 0);
    assertNoSecret(error.message);
  });

  it('refuses a session of long-term keys from GetSessionToken, which AWS does not let sign in, with no HTTP call', async () => {
    const federation = ok();
    const keysSession = session({ profileName: 'alice', chain: [ROOT], assumedRoleArn: undefined, credentialsKind: 'keys-session' });
    const error = await failure(consoleLoginUrl(keysSession, { federation, env: {}, now: NOW }));
    assert.equal(error.kind, 'not-a-role-session');
    assert.match(error.message, /session of its long-term keys \(GetSessionToken\)/);
    assert.match(error.message, /assume a role profile/);
    assert.equal(federation.urls.length, 0);
    assertNoSecret(error.message);
  });

  it('refuses an ended session with no HTTP call', async () => {
    const federation = ok();
    const error = await failure(consoleLoginUrl(session({ credentials: { ...KEYS, expiration: new Date(NOW - 1) } }), { federation, env: {}, now: NOW }));
    assert.equal(error.kind, 'expired');
    assert.equal(federation.urls.length, 0);
  });

  it('turns each refusal into a clear message that quotes neither the body nor any secret', async () => {
    const echo = `Bad request for ${KEYS.sessionToken} ${KEYS.secretAccessKey}`;
    const cases: [FederationAnswer | Error, string, RegExp][] = [
      [{ status: 400, body: echo }, 'refused', /refused console sign-in for profile prod \(HTTP 400\)/],
      [{ status: 403, body: echo }, 'denied', /HTTP 403.*Renew the session/],
      [{ status: 503, body: echo }, 'service-error', /failed \(HTTP 503\)/],
      [{ status: 302, body: echo }, 'unexpected-answer', /HTTP 302/],
      [{ status: 200, body: echo }, 'unexpected-answer', /without a sign-in token/],
      [{ status: 200, body: '{"SigninToken":""}' }, 'unexpected-answer', /without a sign-in token/],
      [Object.assign(new TypeError(`fetch failed for https://signin.aws.amazon.com/federation?Session=${KEYS.sessionToken}`), { cause: { code: 'ECONNREFUSED' } }), 'unreachable', /signin\.aws\.amazon\.com \(ECONNREFUSED\)/],
    ];
    for (const [answer, kind, message] of cases) {
      const error = await failure(consoleLoginUrl(session(), { federation: new FakeFederation(answer), env: {}, now: NOW }));
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
      assertNoSecret(error.message);
      assert.ok(!error.message.includes('Bad request'), 'the body is never quoted');
    }
  });

  it('says the console session length may be the problem only when one was sent', async () => {
    const sent = await failure(consoleLoginUrl(session(), { federation: new FakeFederation({ status: 400, body: '' }), env: {}, now: NOW }));
    assert.match(sent.message, /console session length/);
    const chained = session({ chain: [ROOT, { ...PROD, chained: true }] });
    const notSent = await failure(consoleLoginUrl(chained, { federation: new FakeFederation({ status: 400, body: '' }), env: {}, now: NOW }));
    assert.doesNotMatch(notSent.message, /console session length/);
  });
});

describe('console sign-in: what the config already rules out', () => {
  const profile = (kind: Profile['kind'], settings: Record<string, string>) => ({ name: 'p', kind, settings: new Map(Object.entries(settings).map(([key, value]) => [key, { value, file: '/c', line: 0 }])) });

  it('refuses a profile of long-term keys before anything is assumed, and nothing else', () => {
    assert.match(refusalForProfile(profile('staticKeys', { aws_access_key_id: 'AKIA', aws_secret_access_key: 's' }))?.message ?? '', /^Console sign-in needs a role session .*profile p is long-term keys/);
    assert.equal(refusalForProfile(profile('staticKeys', { aws_access_key_id: 'ASIA', aws_secret_access_key: 's', aws_session_token: 't' })), undefined);
    for (const kind of ['role', 'sso', 'process', 'webIdentity', 'credentialSource'] as const) assert.equal(refusalForProfile(profile(kind, {})), undefined, kind);
  });
});
