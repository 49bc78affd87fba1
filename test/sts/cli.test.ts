/**
 * The AWS CLIs against the local STS: v2 (Debian's, by path) and v1 (the
 * machine Python's). Each suite runs the client-level flows and the error
 * cases as separate CLI processes with a private HOME, checking what the CLI
 * prints. CLI start-up is slow, so everything runs in `before`, in parallel
 * where independent, and the `it`s assert on the collected results.
 */
import * as assert from 'node:assert/strict';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { TestClock } from './support/clock';
import { fixtureWithMoreDevices, sample, type Keys } from './support/fixture';
import { ASSUMED_ROLE_ARN, SECRET, TEMP_KEY_ID } from './support/formats';
import {
  AWS_CLI_V2,
  cliV1Path,
  cliV2Available,
  credentialEnv,
  inParallel,
  makeAwsHome,
  parseJson,
  run,
  type AwsHome,
  type ProcessResult,
} from './support/processes';
import { MfaPool } from './support/totp';

const { alice, roles } = sample;
/** Timestamps as the CLIs print them. */
const CLI_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|\+00:00)$/;

interface CliCredentials {
  Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string };
}

function keysOf(out: CliCredentials): Keys {
  return { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
}

async function sdkSession(url: string, params: { SerialNumber?: string; TokenCode?: string; DurationSeconds?: number } = {}): Promise<Keys> {
  const client = new STSClient({ endpoint: url, region: 'us-east-1', credentials: alice.keys, maxAttempts: 1 });
  try {
    const c = (await client.send(new GetSessionTokenCommand({ DurationSeconds: 900, ...params }))).Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  } finally {
    client.destroy();
  }
}

/** `An error occurred (CODE) when calling the OP operation[ (reached max retries: N)]: MESSAGE` */
function assertCliError(result: ProcessResult | undefined, code: string, operation: string, message?: string | RegExp): void {
  assert.ok(result, 'the CLI did not run');
  assert.notEqual(result.code, 0, `expected a failure, got: ${result.stdout}`);
  const line = result.stderr.split('\n').find((l) => l.startsWith('An error occurred ('));
  assert.ok(line, `no error line in stderr: ${result.stderr}`);
  const m = /^An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/.exec(line);
  assert.ok(m, line);
  assert.equal(m[1], code, line);
  assert.equal(m[2], operation, line);
  if (typeof message === 'string') assert.equal(m[3].trimEnd(), message.trimEnd());
  else if (message) assert.match(m[3], message);
}

function cliSuite(label: string, binary: () => string | undefined, options: { honoursEndpointEnv: boolean }): void {
  describe(`local STS with the AWS CLI ${label}`, function () {
    this.timeout(90_000);
    const results: Record<string, ProcessResult> = {};
    const servers: LocalSts[] = [];
    let home: AwsHome;
    let sts: LocalSts;
    let aws: string;

    before(async function () {
      const bin = binary();
      if (!bin) {
        // Only skip when the binary is truly absent (CI installs both CLIs).
        console.log(`      (skipped: AWS CLI ${label} is not installed on this machine)`);
        this.skip();
      }
      aws = bin;
      const { fixture, aliceDevices } = fixtureWithMoreDevices(3);
      const mfa = new MfaPool(aliceDevices);
      const start = async (extra: Parameters<typeof startLocalSts>[0] = { fixture }): Promise<LocalSts> => {
        const s = await startLocalSts({ ...extra, fixture });
        servers.push(s);
        return s;
      };
      sts = await start();
      const clock = new TestClock();
      const expiring = await start({ fixture, now: clock.now });
      const ahead = await start({ fixture, now: () => Date.now() + 10 * 60_000 });
      const throttled = await start();
      throttled.faults.throttle();
      const failing = await start();
      failing.faults.internalError();
      const recovering = await start();
      recovering.faults.throttle(1);

      home = makeAwsHome({
        credentials: sample.aliceCredentials,
        config: [
          '[default]', 'output = json',
          '[profile alice]', 'region = us-east-1',
          '[profile dev]', `role_arn = ${roles.dev}`, 'source_profile = alice', `mfa_serial = ${aliceDevices[3].serialNumber}`, 'role_session_name = cli-dev',
          '[profile staging]', `role_arn = ${roles.staging}`, 'source_profile = dev',
          '[profile prod]', `role_arn = ${roles.prod}`, 'source_profile = staging', 'role_session_name = cli-prod', '',
        ].join('\n'),
      });
      const cli = (args: string[], env: Record<string, string | undefined> = {}, input?: string, url = sts.url) =>
        run(aws, ['--endpoint-url', url, ...args], { env: home.env({ AWS_MAX_ATTEMPTS: '1', ...env }), input });

      // State for error cases, prepared quickly through the SDK.
      const reused = mfa.next();
      await sdkSession(sts.url, { SerialNumber: reused.serialNumber, TokenCode: reused.code });
      const forSession = mfa.next();
      const mfaSession = await sdkSession(sts.url, { SerialNumber: forSession.serialNumber, TokenCode: forSession.code });
      const expired = await sdkSession(expiring.url);
      clock.advance(901_000);

      const flow = async (): Promise<void> => {
        results.gci = await cli(['sts', 'get-caller-identity', '--profile', 'alice']);
        const { serialNumber, code } = mfa.next();
        results.gst = await cli(['sts', 'get-session-token', '--profile', 'alice', '--serial-number', serialNumber, '--token-code', code, '--duration-seconds', '3600']);
        let keys = keysOf(parseJson<CliCredentials>(results.gst));
        results.gciSession = await cli(['sts', 'get-caller-identity'], credentialEnv(keys));
        for (const [name, arn] of [['dev', roles.dev], ['staging', roles.staging], ['prod', roles.prod]]) {
          results[name] = await cli(['sts', 'assume-role', '--role-arn', arn, '--role-session-name', `cli-${name}`], credentialEnv(keys));
          keys = keysOf(parseJson<CliCredentials>(results[name]));
        }
        results.gciProd = await cli(['sts', 'get-caller-identity'], credentialEnv(keys));
      };
      const badSecret = { ...alice.keys, secretAccessKey: 'x'.repeat(40) };
      const errorCases: Array<() => Promise<void>> = [
        async () => { results.wrongCode = await cli(['sts', 'get-session-token', '--profile', 'alice', '--serial-number', alice.mfaSerial, '--token-code', mfa.wrong(alice.mfaSerial)]); },
        async () => { results.reusedCode = await cli(['sts', 'get-session-token', '--profile', 'alice', '--serial-number', reused.serialNumber, '--token-code', reused.code]); },
        async () => { results.untrusted = await cli(['sts', 'assume-role', '--profile', 'alice', '--role-arn', roles.admin, '--role-session-name', 'cli']); },
        async () => { results.chainedTooLong = await cli(['sts', 'assume-role', '--role-arn', roles.dev, '--role-session-name', 'cli', '--duration-seconds', '7200'], credentialEnv(mfaSession)); },
        async () => { results.expired = await cli(['sts', 'get-caller-identity'], credentialEnv(expired), undefined, expiring.url); },
        async () => { results.badSignature = await cli(['sts', 'get-caller-identity'], credentialEnv(badSecret)); },
        async () => { results.unknownKey = await cli(['sts', 'get-caller-identity'], credentialEnv({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) })); },
        async () => { results.skewed = await cli(['sts', 'get-caller-identity', '--profile', 'alice'], {}, undefined, ahead.url); },
        async () => { results.throttled = await cli(['sts', 'get-caller-identity', '--profile', 'alice'], {}, undefined, throttled.url); },
        async () => { results.failing = await cli(['sts', 'get-caller-identity', '--profile', 'alice'], {}, undefined, failing.url); },
        async () => { results.recovered = await cli(['sts', 'get-caller-identity', '--profile', 'alice'], { AWS_MAX_ATTEMPTS: '3' }, undefined, recovering.url); },
      ];
      if (options.honoursEndpointEnv) {
        // A profile chain resolved by the CLI's own credential provider, pointed
        // at the local STS only through AWS_ENDPOINT_URL_STS; MFA code on stdin.
        const chainServer = await start();
        errorCases.push(async () => {
          results.profileChain = await run(aws, ['sts', 'get-caller-identity', '--profile', 'prod'], {
            env: home.env({ AWS_ENDPOINT_URL_STS: chainServer.url }),
            input: mfa.codeFor(aliceDevices[3].serialNumber) + '\n',
          });
          results.profileChainCalls = { code: 0, stderr: '', stdout: JSON.stringify(chainServer.calls.list().map((c) => c.action)) };
        });
      }
      await Promise.all([flow(), inParallel(2, errorCases)]);
      results.recoveredCalls = { code: 0, stderr: '', stdout: JSON.stringify(recovering.calls.list().map((c) => c.status)) };
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      home?.remove();
    });

    it('prints the caller identity of long-term keys (sent as a form-encoded Query POST)', () => {
      const out = parseJson(results.gci);
      const sent = sts.calls.list().find((c) => c.action === 'GetCallerIdentity');
      assert.deepEqual([sent?.method, sent?.contentType], ['POST', 'application/x-www-form-urlencoded; charset=utf-8']);
      assert.deepEqual(out, { UserId: 'AIDAALICEEXAMPLE11111', Account: '111111111111', Arn: alice.arn });
    });

    it('gets an MFA session token with ASIA keys and an ISO Expiration', () => {
      const out = parseJson<CliCredentials>(results.gst);
      assert.match(out.Credentials.AccessKeyId, TEMP_KEY_ID);
      assert.match(out.Credentials.SecretAccessKey, SECRET);
      // v1 prints STS's text; v2 re-renders the parsed time as `…+00:00`.
      assert.match(out.Credentials.Expiration, CLI_TIME);
      const lifetime = Date.parse(out.Credentials.Expiration) - Date.now();
      assert.ok(lifetime > 3_500_000 && lifetime <= 3_600_000, out.Credentials.Expiration);
      assert.equal(parseJson(results.gciSession).Arn, alice.arn);
    });

    it('assumes the chain Dev -> Staging -> Prod from the MFA session', () => {
      for (const [name, account, role] of [['dev', '222222222222', 'Dev'], ['staging', '333333333333', 'Staging'], ['prod', '444444444444', 'Prod']]) {
        const out = parseJson<CliCredentials>(results[name]);
        assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/${role}/cli-${name}`);
        assert.match(out.AssumedRoleUser?.Arn ?? '', ASSUMED_ROLE_ARN);
        assert.match(out.Credentials.AccessKeyId, TEMP_KEY_ID);
      }
      assert.equal(parseJson(results.gciProd).Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/cli-prod');
    });

    if (options.honoursEndpointEnv) {
      it('resolves a role-profile chain with an MFA prompt, through AWS_ENDPOINT_URL_STS', () => {
        const out = parseJson(results.profileChain);
        assert.equal(out.Arn, 'arn:aws:sts::444444444444:assumed-role/Prod/cli-prod');
        assert.deepEqual(JSON.parse(results.profileChainCalls.stdout), ['AssumeRole', 'AssumeRole', 'AssumeRole', 'GetCallerIdentity']);
      });
    }

    it('prints AccessDenied for a wrong and for a reused MFA code', () => {
      const message = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
      assertCliError(results.wrongCode, 'AccessDenied', 'GetSessionToken', message);
      assertCliError(results.reusedCode, 'AccessDenied', 'GetSessionToken', message);
    });

    it('prints AccessDenied for an untrusted principal', () => {
      assertCliError(results.untrusted, 'AccessDenied', 'AssumeRole',
        'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin');
    });

    it('prints ValidationError for a chained role over one hour', () => {
      assertCliError(results.chainedTooLong, 'ValidationError', 'AssumeRole',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    });

    it('prints ExpiredToken for expired session credentials', () => {
      assertCliError(results.expired, 'ExpiredToken', 'GetCallerIdentity', 'The security token included in the request is expired');
    });

    it('prints SignatureDoesNotMatch for a bad signature and InvalidClientTokenId for an unknown key', () => {
      assertCliError(results.badSignature, 'SignatureDoesNotMatch', 'GetCallerIdentity', /^The request signature we calculated does not match/);
      assertCliError(results.unknownKey, 'InvalidClientTokenId', 'GetCallerIdentity', 'The security token included in the request is invalid.');
    });

    it('prints "Signature expired" for a clock skewed by more than 5 minutes', () => {
      assertCliError(results.skewed, 'SignatureDoesNotMatch', 'GetCallerIdentity', /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    });

    it('prints Throttling and InternalFailure from injected faults, and retries past one throttle', () => {
      assertCliError(results.throttled, 'Throttling', 'GetCallerIdentity', 'Rate exceeded');
      assertCliError(results.failing, 'InternalFailure', 'GetCallerIdentity');
      assert.equal(results.recovered.code, 0, results.recovered.stderr);
      assert.equal(parseJson(results.recovered).Arn, alice.arn);
      assert.deepEqual(JSON.parse(results.recoveredCalls.stdout), [400, 200]);
    });
  });
}

cliSuite('v2 (/usr/bin/aws)', () => (cliV2Available() ? AWS_CLI_V2 : undefined), { honoursEndpointEnv: false });
cliSuite('v1 (Python)', cliV1Path, { honoursEndpointEnv: true });
