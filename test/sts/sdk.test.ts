/**
 * The real @aws-sdk/client-sts (and credential-providers' fromIni) against
 * the local STS: the flows the extension will run, and the exception names
 * and fields the SDK raises for each STS error.
 */
import * as assert from 'node:assert/strict';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
  type Credentials,
} from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { TestClock } from './support/clock';
import { fixtureWithMoreDevices, sample, threeHopChainConfig, type Keys } from './support/fixture';
import { ASSUMED_ROLE_ARN, ASSUMED_ROLE_ID, SECRET, TEMP_KEY_ID, USER_ID } from './support/formats';
import { makeAwsHome } from './support/processes';
import { MfaPool } from './support/totp';

const { alice, roles } = sample;

function keysOf(c: Credentials | undefined): Keys {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Asserts the SDK raised an STS service exception with this name, status and message. */
async function rejectsWith(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<STSServiceException> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof STSServiceException, `expected an STSServiceException, got ${String(caught)}`);
  assert.equal(caught.name, name, caught.message);
  assert.equal(caught.$metadata.httpStatusCode, status);
  assert.match(String(caught.$metadata.requestId), /^[0-9a-f-]{36}$/);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

describe('local STS with the real @aws-sdk/client-sts', () => {
  let sts: LocalSts;
  let mfa: MfaPool;
  const clients: STSClient[] = [];
  const client = (credentials: Keys, config: { maxAttempts?: number; endpoint?: string } = {}): STSClient => {
    const c = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials, maxAttempts: 1, ...config });
    clients.push(c);
    return c;
  };

  before(async () => {
    const { fixture, aliceDevices } = fixtureWithMoreDevices(3);
    sts = await startLocalSts({ fixture });
    mfa = new MfaPool(aliceDevices);
  });
  after(async () => {
    clients.forEach((c) => c.destroy());
    await sts.stop();
  });

  describe('flows', () => {
    let mfaSession: Keys;

    it('gets the caller identity of long-term keys, sent as a form-encoded Query POST', async () => {
      sts.calls.clear();
      const who = await client(alice.keys).send(new GetCallerIdentityCommand({}));
      // If a future SDK switched STS to another protocol (JSON), this shows it first.
      assert.deepEqual(sts.calls.list().map((c) => [c.method, c.contentType]), [['POST', 'application/x-www-form-urlencoded']]);
      assert.equal(who.Arn, alice.arn);
      assert.equal(who.Account, '111111111111');
      assert.match(who.UserId ?? '', USER_ID);
    });

    it('gets an MFA session token, whose identity is the user', async () => {
      const { serialNumber, code } = mfa.next();
      const out = await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: code, DurationSeconds: 3600 }));
      const c = out.Credentials!;
      assert.match(c.AccessKeyId!, TEMP_KEY_ID);
      assert.match(c.SecretAccessKey!, SECRET);
      assert.ok(c.Expiration instanceof Date);
      assert.ok(Math.abs(c.Expiration.getTime() - (Date.now() + 3_600_000)) < 5000);
      mfaSession = keysOf(c);
      const who = await client(mfaSession).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, alice.arn);
    });

    it('rides the MFA session through the chain Dev -> Staging -> Prod with one AssumeRole per hop', async () => {
      sts.calls.clear();
      let keys = mfaSession;
      for (const [arn, name] of [[roles.dev, 'sdk-dev'], [roles.staging, 'sdk-staging'], [roles.prod, 'sdk-prod']]) {
        const out = await client(keys).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: name }));
        assert.match(out.AssumedRoleUser?.Arn ?? '', ASSUMED_ROLE_ARN);
        assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', ASSUMED_ROLE_ID);
        assert.equal(out.PackedPolicySize, undefined);
        keys = keysOf(out.Credentials);
      }
      const who = await client(keys).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/sdk-prod');
      assert.equal(who.Account, '444444444444');
      assert.equal(sts.calls.count({ action: 'AssumeRole' }), 3);
    });

    it('switches to a sibling role with exactly one STS call', async () => {
      sts.calls.clear();
      await client(mfaSession).send(new AssumeRoleCommand({ RoleArn: roles.devReadOnly, RoleSessionName: 'sdk-ro' }));
      assert.equal(sts.calls.list().length, 1);
    });

    it('assumes Dev directly with long-term keys and a code, up to its 12 h maximum', async () => {
      const { serialNumber, code } = mfa.next();
      const out = await client(alice.keys).send(new AssumeRoleCommand({
        RoleArn: roles.dev, RoleSessionName: 'sdk-direct', SerialNumber: serialNumber, TokenCode: code, DurationSeconds: 43200,
      }));
      assert.ok(Math.abs(out.Credentials!.Expiration!.getTime() - (Date.now() + 43_200_000)) < 5000);
    });

    it('resolves a profile chain with fromIni, prompting once for MFA, via AWS_ENDPOINT_URL_STS', async () => {
      const serial = 'arn:aws:iam::111111111111:mfa/alice-4';
      const home = makeAwsHome({ credentials: sample.aliceCredentials, config: threeHopChainConfig(serial, 'ini') });
      const saved = { ...process.env };
      Object.assign(process.env, home.env({ AWS_ENDPOINT_URL_STS: sts.url }));
      try {
        sts.calls.clear();
        const prompts: string[] = [];
        const provider = fromIni({
          profile: 'prod',
          ignoreCache: true,
          mfaCodeProvider: async (s) => {
            prompts.push(s);
            return mfa.codeFor(s);
          },
        });
        const creds = await provider();
        assert.deepEqual(prompts, [serial]);
        assert.equal(sts.calls.count({ action: 'AssumeRole', ok: true }), 3);
        const who = await client(creds).send(new GetCallerIdentityCommand({}));
        assert.equal(who.Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/ini-prod');
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
        home.remove();
      }
    });
  });

  describe('revoked sessions (IAM\'s "Revoke active sessions")', () => {
    const explicitDeny = (caller: string, role: string) =>
      `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role} with an explicit deny in an identity-based policy`;

    it('denies a revoked role\'s older sessions the next hop, answers who they are, and lets new sessions through', async () => {
      const { serialNumber, code } = mfa.next();
      const mfaSession = keysOf((await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: code }))).Credentials);
      const dev = keysOf((await client(mfaSession).send(new AssumeRoleCommand({ RoleArn: roles.dev, RoleSessionName: 'before' }))).Credentials);
      await new Promise((resolve) => setTimeout(resolve, 5));
      sts.revokeSessions(roles.dev);
      await rejectsWith(client(dev).send(new AssumeRoleCommand({ RoleArn: roles.staging, RoleSessionName: 'rides-old' })), 'AccessDenied', 403,
        explicitDeny('arn:aws:sts::222222222222:assumed-role/Dev/before', roles.staging));
      // No permission is needed to ask who one is, so a deny does not stop it (as in AWS).
      assert.equal((await client(dev).send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::222222222222:assumed-role/Dev/before');
      // Assuming the role again (re-authenticating) is what the revocation asks for, and works.
      const fresh = keysOf((await client(mfaSession).send(new AssumeRoleCommand({ RoleArn: roles.dev, RoleSessionName: 'after' }))).Credentials);
      await client(fresh).send(new AssumeRoleCommand({ RoleArn: roles.staging, RoleSessionName: 'rides-new' }));
    });

    it('denies a user\'s MFA session once the user\'s temporary credentials are revoked; the long-term keys make a new one', async () => {
      const first = mfa.next();
      const mfaSession = keysOf((await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: first.serialNumber, TokenCode: first.code }))).Credentials);
      await new Promise((resolve) => setTimeout(resolve, 5));
      sts.revokeSessions(alice.arn);
      await rejectsWith(client(mfaSession).send(new AssumeRoleCommand({ RoleArn: roles.devReadOnly, RoleSessionName: 'old' })), 'AccessDenied', 403, explicitDeny(alice.arn, roles.devReadOnly));
      const second = mfa.next();
      const renewed = keysOf((await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: second.serialNumber, TokenCode: second.code }))).Credentials);
      await client(renewed).send(new AssumeRoleCommand({ RoleArn: roles.devReadOnly, RoleSessionName: 'new' }));
    });
  });

  describe('errors as SDK exceptions', () => {
    it('AccessDenied for a wrong MFA code and for a reused one', async () => {
      const message = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
      await rejectsWith(client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: alice.mfaSerial, TokenCode: mfa.wrong(alice.mfaSerial) })),
        'AccessDenied', 403, message);
      const { serialNumber, code } = mfa.next();
      await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: code }));
      const e = await rejectsWith(client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: code })),
        'AccessDenied', 403, message);
      assert.equal(e.$fault, 'client');
    });

    it('AccessDenied naming the caller for an untrusted principal', async () => {
      await rejectsWith(client(alice.keys).send(new AssumeRoleCommand({ RoleArn: roles.admin, RoleSessionName: 'sdk' })), 'AccessDenied', 403,
        'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin');
    });

    it('ValidationError for a chained role over one hour', async () => {
      const session = keysOf((await client(alice.keys).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
      await rejectsWith(client(session).send(new AssumeRoleCommand({ RoleArn: roles.partner, RoleSessionName: 'sdk', ExternalId: sample.partnerExternalId, DurationSeconds: 7200 })),
        'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const { serialNumber, code } = mfa.next();
      const mfaSession = keysOf((await client(alice.keys).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: code }))).Credentials);
      await rejectsWith(client(mfaSession).send(new AssumeRoleCommand({ RoleArn: roles.dev, RoleSessionName: 'sdk', DurationSeconds: 7200 })),
        'ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    });

    it('ExpiredToken (an STSServiceException, not the modelled ExpiredTokenException) for expired credentials', async () => {
      const clock = new TestClock();
      const other = await startLocalSts({ fixture: sample.fixture, now: clock.now });
      try {
        const c = (keys: Keys) => client(keys, { endpoint: other.url });
        const session = keysOf((await c(alice.keys).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
        clock.advance(900_000);
        await rejectsWith(c(session).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 400, 'The security token included in the request is expired');
      } finally {
        await other.stop();
      }
    });

    it('SignatureDoesNotMatch for a wrong secret, InvalidClientTokenId for an unknown key', async () => {
      await rejectsWith(client({ ...alice.keys, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403,
        /^The request signature we calculated does not match/);
      await rejectsWith(client({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    });

    it('SignatureDoesNotMatch "Signature expired" on a skewed clock, which the SDK corrects from the Date header on retry', async () => {
      const ahead = await startLocalSts({ fixture: sample.fixture, now: () => Date.now() + 10 * 60_000 });
      try {
        await rejectsWith(client(alice.keys, { endpoint: ahead.url }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403,
          /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
        ahead.calls.clear();
        const who = await client(alice.keys, { endpoint: ahead.url, maxAttempts: 2 }).send(new GetCallerIdentityCommand({}));
        assert.equal(who.Arn, alice.arn);
        assert.equal(ahead.calls.count({ action: 'GetCallerIdentity' }), 2);
      } finally {
        await ahead.stop();
      }
    });

    it('Throttling and InternalFailure from faults; the SDK retries them when allowed', async () => {
      sts.faults.throttle();
      await rejectsWith(client(alice.keys).send(new GetCallerIdentityCommand({})), 'Throttling', 400, 'Rate exceeded');
      sts.faults.internalError();
      const e = await rejectsWith(client(alice.keys).send(new GetCallerIdentityCommand({})), 'InternalFailure', 500);
      assert.equal(e.$fault, 'server');
      sts.faults.throttle(1);
      sts.calls.clear();
      await client(alice.keys, { maxAttempts: 3 }).send(new GetCallerIdentityCommand({}));
      assert.deepEqual(sts.calls.list().map((c) => c.status), [400, 200]);
      sts.faults.clear();
    });

    it('network errors when STS drops the connection or is unreachable', async () => {
      sts.faults.reset(1);
      await assert.rejects(client(alice.keys).send(new GetCallerIdentityCommand({})), (e: Error & { code?: string }) =>
        e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
      await sts.faults.unreachable();
      try {
        await assert.rejects(client(alice.keys).send(new GetCallerIdentityCommand({})), (e: Error & { code?: string }) => e.code === 'ECONNREFUSED');
      } finally {
        await sts.faults.reachable();
      }
      assert.equal((await client(alice.keys).send(new GetCallerIdentityCommand({}))).Arn, alice.arn);
    });
  });
});
