/**
 * Protocol-level fidelity of the local STS, with hand-signed raw requests:
 * the details real clients rely on without ever showing them.
 */
import * as assert from 'node:assert/strict';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { TestClock } from './support/clock';
import { sample, type Keys } from './support/fixture';
import { SECRET, TEMP_KEY_ID } from './support/formats';
import { elementPaths, rootNamespace, stsCall, textOf, type RawResponse } from './support/raw';
import { CodeDispenser, hotp, totp } from './support/totp';

const V = { Version: '2011-06-15' };
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const { alice, bob, roles } = sample;

function credentialsOf(res: RawResponse): Keys & { expiration: string } {
  assert.equal(res.status, 200, res.body);
  return {
    accessKeyId: textOf(res.body, 'AccessKeyId')!,
    secretAccessKey: textOf(res.body, 'SecretAccessKey')!,
    sessionToken: textOf(res.body, 'SessionToken')!,
    expiration: textOf(res.body, 'Expiration')!,
  };
}

function assertError(res: RawResponse, status: number, code: string, message?: string | RegExp): void {
  assert.equal(res.status, status, res.body);
  assert.equal(textOf(res.body, 'Code'), code, res.body);
  assert.equal(textOf(res.body, 'Type'), status >= 500 ? 'Receiver' : 'Sender');
  if (typeof message === 'string') assert.equal(textOf(res.body, 'Message'), message);
  else if (message) assert.match(textOf(res.body, 'Message') ?? '', message);
}

describe('local STS: protocol and rules (raw requests)', () => {
  let sts: LocalSts;
  let clock: TestClock;
  let codes: CodeDispenser;
  const logLines: string[] = [];
  // Signs with the server's clock, as an SDK does after correcting skew, so
  // tests may move that clock (for expiry, or for fresh MFA time steps).
  const call = (params: Record<string, string>, keys: Keys | null = alice.keys, extra: Partial<Parameters<typeof stsCall>[1]> = {}) =>
    stsCall(sts.url, { params: { ...V, ...params }, keys: keys ?? undefined, signingDate: new Date(clock.now()), ...extra });

  before(async () => {
    clock = new TestClock();
    sts = await startLocalSts({ fixture: sample.fixture, now: clock.now, log: (l) => logLines.push(l) });
    codes = new CodeDispenser(alice.totpSecret, clock.now, () => clock.advance(30_000));
  });
  after(() => sts.stop());
  afterEach(() => {
    sts.faults.clear();
    sts.setLifetimeSeconds(undefined);
  });

  describe('wire format', () => {
    it('answers a form-encoded POST with the STS XML document and headers', async () => {
      const res = await call({ Action: 'GetCallerIdentity' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/xml');
      assert.match(String(res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
      assert.equal(rootNamespace(res.body), NS);
      assert.deepEqual(elementPaths(res.body), [
        'GetCallerIdentityResponse',
        'GetCallerIdentityResponse/GetCallerIdentityResult',
        'GetCallerIdentityResponse/GetCallerIdentityResult/Arn',
        'GetCallerIdentityResponse/GetCallerIdentityResult/UserId',
        'GetCallerIdentityResponse/GetCallerIdentityResult/Account',
        'GetCallerIdentityResponse/ResponseMetadata',
        'GetCallerIdentityResponse/ResponseMetadata/RequestId',
      ]);
      assert.equal(textOf(res.body, 'RequestId'), res.headers['x-amzn-requestid']);
      assert.equal(textOf(res.body, 'Arn'), alice.arn);
      assert.equal(textOf(res.body, 'Account'), '111111111111');
    });

    it('answers a signed GET with the parameters in the query string', async () => {
      const res = await call({ Action: 'GetCallerIdentity' }, alice.keys, { method: 'GET' });
      assert.equal(res.status, 200, res.body);
      assert.equal(textOf(res.body, 'Arn'), alice.arn);
    });

    it('sends errors as <ErrorResponse> with Type, Code, Message and a top-level RequestId', async () => {
      const res = await call({ Action: 'GetCallerIdentity' }, { accessKeyId: 'AKIAUNKNOWNUNKNOWN12', secretAccessKey: 'x'.repeat(40) });
      assertError(res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      assert.equal(rootNamespace(res.body), NS);
      assert.deepEqual(elementPaths(res.body), [
        'ErrorResponse',
        'ErrorResponse/Error',
        'ErrorResponse/Error/Type',
        'ErrorResponse/Error/Code',
        'ErrorResponse/Error/Message',
        'ErrorResponse/RequestId',
      ]);
    });

    it('dates answers with its own clock (SDKs correct their skew from it)', async () => {
      clock.advance(3_600_000);
      const res = await call({ Action: 'GetCallerIdentity' }, null);
      assert.equal(res.headers.date, new Date(clock.now()).toUTCString());
    });

    it('refuses unsigned requests, unknown actions and versions', async () => {
      assertError(await call({ Action: 'GetCallerIdentity' }, null), 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      assertError(await call({ Action: 'GetFederationToken' }), 400, 'InvalidAction', 'Could not find operation GetFederationToken for version 2011-06-15');
      assertError(await stsCall(sts.url, { params: { Action: 'GetCallerIdentity' }, keys: alice.keys }), 400, 'InvalidAction',
        'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED');
      assertError(await call({}), 400, 'MissingAction');
    });

    it('escapes XML in echoed values', async () => {
      const res = await call({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::222222222222:role/<x>&', RoleSessionName: 'ok' });
      assertError(res, 403, 'AccessDenied', `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/<x>&`);
      assert.match(res.body, /role\/&lt;x&gt;&amp;/);
    });
  });

  describe('SigV4 verification', () => {
    it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
      const res = await call({ Action: 'GetCallerIdentity' }, { accessKeyId: alice.keys.accessKeyId, secretAccessKey: 'wrong' + alice.keys.secretAccessKey.slice(5) });
      assertError(res, 403, 'SignatureDoesNotMatch', /^The request signature we calculated does not match the signature you provided\./);
    });

    it('rejects a body changed after signing, with or without a signed payload hash', async () => {
      const swap = (r: { body: string }) => { r.body = r.body.replace('GetCallerIdentity', 'GetSessionToken'); };
      assertError(await call({ Action: 'GetCallerIdentity' }, alice.keys, { afterSigning: swap }), 403, 'SignatureDoesNotMatch');
      assertError(await call({ Action: 'GetCallerIdentity' }, alice.keys, {
        afterSigning: (r) => { swap(r); r.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'; },
      }), 403, 'SignatureDoesNotMatch');
    });

    it('rejects a changed signed header and a wrong service scope', async () => {
      assertError(await call({ Action: 'GetCallerIdentity' }, alice.keys, {
        headers: { 'x-extra': 'a' },
        afterSigning: (r) => { r.headers['x-extra'] = 'b'; },
      }), 403, 'SignatureDoesNotMatch');
      assertError(await call({ Action: 'GetCallerIdentity' }, alice.keys, { service: 'iam' }), 403, 'SignatureDoesNotMatch',
        "Credential should be scoped to correct service: 'sts'. ");
    });

    it('accepts any signing region (a local endpoint has none of its own)', async () => {
      assert.equal((await call({ Action: 'GetCallerIdentity' }, alice.keys, { region: 'eu-west-3' })).status, 200);
    });

    it('rejects a signing time more than 5 minutes off with STS\'s "Signature expired" message', async () => {
      const server = clock.now();
      const old = await call({ Action: 'GetCallerIdentity' }, alice.keys, { signingDate: new Date(server - 6 * 60_000) });
      assertError(old, 403, 'SignatureDoesNotMatch', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      const future = await call({ Action: 'GetCallerIdentity' }, alice.keys, { signingDate: new Date(server + 6 * 60_000) });
      assertError(future, 403, 'SignatureDoesNotMatch', /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
      const near = await call({ Action: 'GetCallerIdentity' }, alice.keys, { signingDate: new Date(server - 4 * 60_000) });
      assert.equal(near.status, 200);
    });

    it('judges session tokens before signatures: missing, wrong, or sent with long-term keys', async () => {
      const session = credentialsOf(await call({ Action: 'GetSessionToken', DurationSeconds: '900' }));
      const noToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
      assertError(await call({ Action: 'GetCallerIdentity' }, noToken), 403, 'InvalidClientTokenId');
      const other = credentialsOf(await call({ Action: 'GetSessionToken', DurationSeconds: '900' }));
      assertError(await call({ Action: 'GetCallerIdentity' }, { ...noToken, sessionToken: other.sessionToken }), 403, 'InvalidClientTokenId');
      assertError(await call({ Action: 'GetCallerIdentity' }, { ...noToken, sessionToken: other.sessionToken, secretAccessKey: 'bad' }), 403, 'InvalidClientTokenId');
      assertError(await call({ Action: 'GetCallerIdentity' }, { ...session, secretAccessKey: 'bad' }), 403, 'SignatureDoesNotMatch');
      assertError(await call({ Action: 'GetCallerIdentity' }, { ...alice.keys, sessionToken: session.sessionToken }), 403, 'InvalidClientTokenId');
      assert.equal((await call({ Action: 'GetCallerIdentity' }, session)).status, 200);
    });
  });

  describe('issued credentials and identities', () => {
    it('issues ASIA keys, 40-character secrets and distinct opaque tokens', async () => {
      const a = credentialsOf(await call({ Action: 'GetSessionToken' }));
      const b = credentialsOf(await call({ Action: 'GetSessionToken' }));
      for (const c of [a, b]) {
        assert.match(c.accessKeyId, TEMP_KEY_ID);
        assert.match(c.secretAccessKey, SECRET);
        assert.ok((c.sessionToken ?? '').length >= 100);
      }
      assert.notEqual(a.accessKeyId, b.accessKeyId);
      assert.notEqual(a.secretAccessKey, b.secretAccessKey);
      assert.notEqual(a.sessionToken, b.sessionToken);
    });

    it('lists every credential it issued, for tests that search for leaked secrets', async () => {
      const before = sts.issuedCredentials().length;
      const a = credentialsOf(await call({ Action: 'GetSessionToken' }));
      const b = credentialsOf(await call({ Action: 'GetSessionToken' }));
      assert.deepEqual(
        sts.issuedCredentials().slice(before),
        [a, b].map(({ accessKeyId, secretAccessKey, sessionToken }) => ({ accessKeyId, secretAccessKey, sessionToken, issuedBy: 'GetSessionToken' })),
      );
    });

    it('reports Expiration from the defaults: 43200 s for GetSessionToken, 3600 s for AssumeRole', async () => {
      const t0 = Math.floor(clock.now() / 1000) * 1000;
      const gst = credentialsOf(await call({ Action: 'GetSessionToken' }));
      assert.ok(Math.abs(Date.parse(gst.expiration) - (t0 + 43_200_000)) <= 2000, gst.expiration);
      assert.match(gst.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const ar = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp', ExternalId: sample.partnerExternalId }));
      assert.ok(Math.abs(Date.parse(ar.expiration) - (t0 + 3_600_000)) <= 2000, ar.expiration);
    });

    it('reports assumed-role identities without the role path, with AROA ids', async () => {
      const withPath = await startLocalSts({
        fixture: {
          users: sample.fixture.users,
          roles: [{ arn: 'arn:aws:iam::555555555555:role/team/ops/Deployer', trustedPrincipals: [alice.arn] }],
        },
      });
      try {
        const res = await stsCall(withPath.url, {
          params: { ...V, Action: 'AssumeRole', RoleArn: 'arn:aws:iam::555555555555:role/team/ops/Deployer', RoleSessionName: 'ci@build-7' },
          keys: alice.keys,
        });
        assert.equal(res.status, 200, res.body);
        assert.equal(textOf(res.body, 'Arn'), 'arn:aws:sts::555555555555:assumed-role/Deployer/ci@build-7');
        assert.match(textOf(res.body, 'AssumedRoleId')!, /^AROA[A-Z0-9]{17}:ci@build-7$/);
        assert.equal(textOf(res.body, 'PackedPolicySize'), undefined);
        const who = await stsCall(withPath.url, { params: { ...V, Action: 'GetCallerIdentity' }, keys: credentialsOf(res) });
        assert.equal(textOf(who.body, 'Arn'), 'arn:aws:sts::555555555555:assumed-role/Deployer/ci@build-7');
        assert.equal(textOf(who.body, 'UserId'), textOf(res.body, 'AssumedRoleId'));
        assert.equal(textOf(who.body, 'Account'), '555555555555');
      } finally {
        await withPath.stop();
      }
    });

    it('reports the user for GetSessionToken credentials', async () => {
      const s = credentialsOf(await call({ Action: 'GetSessionToken' }));
      const who = await call({ Action: 'GetCallerIdentity' }, s);
      assert.equal(textOf(who.body, 'Arn'), alice.arn);
      assert.equal(textOf(who.body, 'UserId'), 'AIDAALICEEXAMPLE11111');
    });

    it('adds PackedPolicySize only when a session policy or tags are passed', async () => {
      const res = await call({
        Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp', ExternalId: sample.partnerExternalId,
        Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      });
      assert.match(textOf(res.body, 'PackedPolicySize') ?? '', /^\d+$/);
      assert.deepEqual(elementPaths(res.body).slice(1, 4), [
        'AssumeRoleResponse/AssumeRoleResult',
        'AssumeRoleResponse/AssumeRoleResult/Credentials',
        'AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId',
      ]);
    });
  });

  describe('expiry', () => {
    it('answers ExpiredToken once the server clock passes Expiration', async () => {
      const s = credentialsOf(await call({ Action: 'GetSessionToken', DurationSeconds: '900' }));
      assert.equal((await call({ Action: 'GetCallerIdentity' }, s)).status, 200);
      clock.advance(901_000);
      // ExpiredToken wins over the skew the jump creates for this client's signature.
      assertError(await call({ Action: 'GetCallerIdentity' }, s), 400, 'ExpiredToken', 'The security token included in the request is expired');
    });

    it('a lifetime cap shortens the real lifetime and the reported Expiration alike', async () => {
      sts.setLifetimeSeconds(20);
      const t0 = clock.now();
      const s = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'short', ExternalId: sample.partnerExternalId }));
      const reported = Date.parse(s.expiration);
      assert.ok(reported - t0 <= 20_000 && reported - t0 > 18_000, s.expiration);
      clock.advance(reported - clock.now() - 1000);
      assert.equal((await call({ Action: 'GetCallerIdentity' }, s)).status, 200);
      clock.advance(1000);
      assertError(await call({ Action: 'GetCallerIdentity' }, s), 400, 'ExpiredToken');
    });

    it('with lifetimeRolesOnly the cap shortens role sessions only; an MFA session keeps its length', async () => {
      const short = await startLocalSts({ fixture: sample.fixture, now: clock.now, lifetimeSeconds: 60, lifetimeRolesOnly: true });
      try {
        const shortCall = (params: Record<string, string>, keys: Keys) => stsCall(short.url, { params: { ...V, ...params }, keys, signingDate: new Date(clock.now()) });
        const t0 = clock.now();
        const mfaSession = credentialsOf(await shortCall({ Action: 'GetSessionToken', DurationSeconds: '3600' }, alice.keys));
        assert.ok(Date.parse(mfaSession.expiration) - t0 > 3_590_000, mfaSession.expiration);
        const role = credentialsOf(await shortCall({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'short', ExternalId: sample.partnerExternalId }, alice.keys));
        assert.ok(Date.parse(role.expiration) - t0 <= 60_000, role.expiration);
      } finally {
        await short.stop();
      }
    });
  });

  describe('validation', () => {
    it('words validation errors as STS does', async () => {
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'x' }), 400, 'ValidationError',
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'a b' }), 400, 'ValidationError',
        "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'aa'.repeat(65) }), 400, 'ValidationError', /length less than or equal to 64$/);
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev }), 400, 'ValidationError',
        "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'ok', DurationSeconds: '899' }), 400, 'ValidationError',
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
      assertError(await call({ Action: 'GetSessionToken', DurationSeconds: '129601' }), 400, 'ValidationError', /less than or equal to 129600$/);
      assertError(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: '12345' }), 400, 'ValidationError',
        "1 validation error detected: Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6");
      assertError(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: '12a456' }), 400, 'ValidationError', /pattern: \[\\d\]\*$/);
      assertError(await call({ Action: 'AssumeRole', RoleSessionName: 'x', RoleArn: roles.dev, DurationSeconds: '100' }), 400, 'ValidationError',
        /^2 validation errors detected: .*roleSessionName.*; .*durationSeconds/);
    });

    it('checks the role\'s MaxSessionDuration before the one-hour chaining limit', async () => {
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp', ExternalId: sample.partnerExternalId, DurationSeconds: '3601' }),
        400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const session = credentialsOf(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: codes.next() }));
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd', DurationSeconds: '7200' }, session),
        400, 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.devReadOnly, RoleSessionName: 'dd', DurationSeconds: '7200' }, session),
        400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd', DurationSeconds: '43201' }, session),
        400, 'ValidationError', /less than or equal to 43200$/);
      assert.equal((await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd', DurationSeconds: '3600' }, session)).status, 200);
      // Long-term keys may go up to the role's maximum.
      assert.equal((await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd', DurationSeconds: '43200', SerialNumber: alice.mfaSerial, TokenCode: codes.next() })).status, 200);
    });

    it('lets only long-term keys call GetSessionToken', async () => {
      const session = credentialsOf(await call({ Action: 'GetSessionToken' }));
      assertError(await call({ Action: 'GetSessionToken' }, session), 403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
    });
  });

  describe('MFA and trust', () => {
    it('accepts codes from an independent RFC 6238 implementation', () => {
      // RFC 6238 appendix B, SHA1 seed "12345678901234567890", T = 59 s: 94287082 (8 digits).
      assert.equal(hotp(Buffer.from('12345678901234567890'), Math.floor(59 / 30), 8), '94287082');
      assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1111111109_000, 8), '07081804');
    });

    it('refuses a wrong code and a reused one, and names the real message', async () => {
      const message = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
      assertError(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: codes.wrong() }), 403, 'AccessDenied', message);
      const code = codes.next();
      assert.equal((await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: code })).status, 200);
      assertError(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: code }), 403, 'AccessDenied', message);
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd', SerialNumber: alice.mfaSerial, TokenCode: code }), 403, 'AccessDenied', message);
    });

    it('refuses another user\'s device and a code without a device', async () => {
      const message = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
      const bobsCode = new CodeDispenser(bob.totpSecret, clock.now).next();
      assertError(await call({ Action: 'GetSessionToken', SerialNumber: bob.mfaSerial, TokenCode: bobsCode }), 403, 'AccessDenied', message);
      assertError(await call({ Action: 'GetSessionToken', TokenCode: '123456' }), 403, 'AccessDenied', message);
    });

    it('requires MFA for Dev, and counts an MFA GetSessionToken session (and its chain) as MFA', async () => {
      const denied = `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roles.dev}`;
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd' }), 403, 'AccessDenied', denied);
      const plain = credentialsOf(await call({ Action: 'GetSessionToken' }));
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dd' }, plain), 403, 'AccessDenied', denied);

      const mfa = credentialsOf(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: codes.next() }));
      const dev = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dev' }, mfa));
      const sibling = await call({ Action: 'AssumeRole', RoleArn: roles.devReadOnly, RoleSessionName: 'ro' }, mfa);
      assert.equal(sibling.status, 200, sibling.body);
      const staging = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.staging, RoleSessionName: 'stg' }, dev));
      const prod = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.prod, RoleSessionName: 'prd' }, staging));
      const who = await call({ Action: 'GetCallerIdentity' }, prod);
      assert.equal(textOf(who.body, 'Arn'), 'arn:aws:sts::444444444444:assumed-role/Prod/prd');
    });

    it('denies untrusted principals naming the caller as STS does', async () => {
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.admin, RoleSessionName: 'aa' }), 403, 'AccessDenied',
        'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin');
      assertError(await call({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::222222222222:role/Missing', RoleSessionName: 'aa' }), 403, 'AccessDenied',
        /^User: arn:aws:iam::111111111111:user\/alice is not authorized/);
      const dev = credentialsOf(await call({ Action: 'AssumeRole', RoleArn: roles.dev, RoleSessionName: 'dev', SerialNumber: alice.mfaSerial, TokenCode: codes.next() }));
      // Prod trusts Staging only: the message names the assumed-role session, the match used the role.
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.prod, RoleSessionName: 'pp' }, dev), 403, 'AccessDenied',
        'User: arn:aws:sts::222222222222:assumed-role/Dev/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444444444444:role/Prod');
    });

    it('enforces the external id a role demands', async () => {
      const denied = `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roles.partner}`;
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp' }), 403, 'AccessDenied', denied);
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp', ExternalId: 'partner-0000' }), 403, 'AccessDenied', denied);
      assert.equal((await call({ Action: 'AssumeRole', RoleArn: roles.partner, RoleSessionName: 'pp', ExternalId: sample.partnerExternalId })).status, 200);
    });
  });

  describe('faults', () => {
    it('throttles the next N requests, then answers normally', async () => {
      sts.faults.throttle(2);
      assertError(await call({ Action: 'GetCallerIdentity' }), 400, 'Throttling', 'Rate exceeded');
      assertError(await call({ Action: 'GetCallerIdentity' }), 400, 'Throttling', 'Rate exceeded');
      assert.equal((await call({ Action: 'GetCallerIdentity' })).status, 200);
    });

    it('answers 500 InternalFailure and 503 ServiceUnavailable as Receiver errors', async () => {
      sts.faults.internalError(1);
      assertError(await call({ Action: 'GetCallerIdentity' }), 500, 'InternalFailure');
      sts.faults.serviceUnavailable(1);
      assertError(await call({ Action: 'GetCallerIdentity' }), 503, 'ServiceUnavailable');
    });

    it('limits a fault to chosen actions', async () => {
      sts.faults.throttle(undefined, ['AssumeRole']);
      assert.equal((await call({ Action: 'GetCallerIdentity' })).status, 200);
      assertError(await call({ Action: 'AssumeRole', RoleArn: roles.admin, RoleSessionName: 'aa' }), 400, 'Throttling');
    });

    it('drops connections, delays answers, and stops listening on demand', async () => {
      sts.faults.reset(1);
      await assert.rejects(call({ Action: 'GetCallerIdentity' }), /socket hang up|ECONNRESET/);
      sts.faults.delay(400, 1);
      const t = Date.now();
      assert.equal((await call({ Action: 'GetCallerIdentity' })).status, 200);
      assert.ok(Date.now() - t >= 390);
      await sts.faults.unreachable();
      await assert.rejects(call({ Action: 'GetCallerIdentity' }), /ECONNREFUSED/);
      await sts.faults.reachable();
      assert.equal((await call({ Action: 'GetCallerIdentity' })).status, 200);
    });
  });

  describe('call log and logging', () => {
    it('records each request with action, key, outcome and redacted parameters', async () => {
      sts.calls.clear();
      const code = codes.next();
      await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: code });
      await call({ Action: 'AssumeRole', RoleArn: roles.admin, RoleSessionName: 'aa' });
      const list = sts.calls.list();
      assert.equal(list.length, 2);
      assert.equal(sts.calls.count({ action: 'GetSessionToken', ok: true }), 1);
      assert.equal(sts.calls.count({ action: 'AssumeRole', status: 403 }), 1);
      assert.equal(list[0].accessKeyId, alice.keys.accessKeyId);
      assert.equal(list[0].callerArn, alice.arn);
      assert.deepEqual(list[0].params, { SerialNumber: alice.mfaSerial, TokenCode: '<redacted>' });
      assert.equal(list[1].errorCode, 'AccessDenied');
      assert.ok(!JSON.stringify(list).includes(code));
    });

    it('never logs secrets, session tokens, MFA codes or whole access key ids', async () => {
      const code = codes.next();
      const s = credentialsOf(await call({ Action: 'GetSessionToken', SerialNumber: alice.mfaSerial, TokenCode: code }));
      await call({ Action: 'GetCallerIdentity' }, s);
      const text = logLines.join('\n');
      assert.ok(logLines.length > 10);
      for (const secret of [alice.keys.secretAccessKey, alice.keys.accessKeyId, s.secretAccessKey, s.sessionToken ?? '', s.accessKeyId, code]) {
        assert.ok(!text.includes(secret), 'log leaks a secret');
      }
      assert.ok(text.includes(`…${s.accessKeyId.slice(-4)}`));
    });
  });
});
