/**
 * The STS error mapper (`src/core/assume/stsErrors.ts`) on errors captured from the real
 * `@aws-sdk/client-sts`, through the extension's own STS port (`createStsPort`: the client
 * settings, retries and timeouts it ships with), talking to the local STS: a wrong MFA code,
 * refused trust, unknown and mismatched keys, an expired session, throttling, 500 and 503,
 * malformed XML, a reset connection, a refused connection and a server that never answers.
 * The unit tests in `test/unit/assume/stsErrors.test.ts` cover the wording on hand-made
 * errors; these show the mapper gets the errors the SDK really throws.
 */
import * as assert from 'node:assert/strict';
import { createStsPort, type StsPortOptions } from '../../src/platform/awsSdk';
import type { StsPort, StsTarget } from '../../src/core/vocabulary/ports';
import { isMfaCodeRejection, isNetworkError, isRejectedCredentials, toSessionError, type StsErrorContext } from '../../src/core/assume/stsErrors';
import type { SessionError } from '../../src/core/vocabulary/sessionTypes';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { fixtureWithMoreDevices, sample } from './support/fixture';
import { MfaPool } from './support/totp';

const { alice, roles } = sample;
/** Short, so a server that never answers fails the attempt quickly (the shipped values are 5 s and 10 s). */
const TEST_TIMEOUTS: StsPortOptions = { connectionTimeoutMs: 2_000, requestTimeoutMs: 1_000 };

/** Runs `call`, which must fail, and returns what the SDK threw. */
async function captured(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

describe('STS error mapping on errors the real SDK throws against the local STS', () => {
  let sts: LocalSts;
  let port: StsPort;
  let mfa: MfaPool;
  let target: (credentials?: StsTarget['credentials']) => StsTarget;
  const context = (extra: Partial<StsErrorContext> = {}): StsErrorContext => ({
    profileName: 'prod',
    hopProfileName: 'dev',
    action: 'AssumeRole',
    roleArn: roles.dev,
    sourceProfileName: 'base',
    accessKeyId: alice.keys.accessKeyId,
    mfaSerial: alice.mfaSerial,
    region: 'us-east-1',
    endpoint: sts.url,
    ...extra,
  });
  const map = (error: unknown, extra: Partial<StsErrorContext> = {}): SessionError => toSessionError(error, context(extra));

  before(async () => {
    const { fixture, aliceDevices } = fixtureWithMoreDevices(3);
    sts = await startLocalSts({ fixture });
    mfa = new MfaPool(aliceDevices);
    port = createStsPort(TEST_TIMEOUTS);
    target = (credentials = alice.keys) => ({ credentials, region: 'us-east-1', endpoint: sts.url });
  });
  afterEach(async () => {
    sts.faults.clear();
    await sts.faults.reachable();
  });
  after(async () => sts.stop());

  const assumeDev = (tokenCode?: string) =>
    port.assumeRole({ ...target(), roleArn: roles.dev, roleSessionName: 'alice', durationSeconds: 3600, serialNumber: tokenCode ? alice.mfaSerial : undefined, tokenCode });

  it('a wrong MFA code (AccessDenied) is mfa-invalid, so the prompt asks again', async () => {
    const error = await captured(() => port.getSessionToken({ ...target(), durationSeconds: 900, serialNumber: alice.mfaSerial, tokenCode: '000000' }));
    assert.equal(isMfaCodeRejection(error), true);
    const mapped = map(error, { action: 'GetSessionToken' });
    assert.equal(mapped.kind, 'mfa-invalid');
    assert.equal(mapped.message, `Profile "prod" (hop "dev"): STS refused the MFA code for ${alice.mfaSerial}: it is wrong or was already used. Wait for the next code and try again.`);
    const onAssume = map(await captured(() => assumeDev('000000')));
    assert.equal(onAssume.kind, 'mfa-invalid');
  });

  it('a role that requires MFA, assumed without it, is access-denied naming the caller STS names', async () => {
    const mapped = map(await captured(() => assumeDev()));
    assert.equal(mapped.kind, 'access-denied');
    assert.match(mapped.message, new RegExp(`^Profile "prod" \\(hop "dev"\\): "${alice.arn}" is not allowed to assume ${roles.dev}\\. The role's trust policy`));
    assert.equal(mapped.retryable, false);
  });

  it('an unknown key is invalid-credentials; a wrong secret says the secret does not match', async () => {
    const unknown = await captured(() => port.getCallerIdentity(target({ accessKeyId: 'AKIAEXAMPLEUNKNOWN99', secretAccessKey: 'x' })));
    assert.equal(isRejectedCredentials(unknown), true);
    const mapped = map(unknown, { action: 'GetCallerIdentity', accessKeyId: 'AKIAEXAMPLEUNKNOWN99' });
    assert.equal(mapped.kind, 'invalid-credentials');
    assert.match(mapped.message, /the keys of profile "base" \(key \.\.\.WN99\) are not valid \(STS: InvalidClientTokenId\)/);
    const wrongSecret = map(await captured(() => port.getCallerIdentity(target({ accessKeyId: alice.keys.accessKeyId, secretAccessKey: 'not-the-secret' }))), { action: 'GetCallerIdentity' });
    assert.equal(wrongSecret.kind, 'invalid-credentials');
    assert.match(wrongSecret.message, /the secret key of profile "base" \(key \.\.\.\w{4}\) does not match its key id \(STS: SignatureDoesNotMatch\)/);
  });

  it('an expired session (ExpiredToken) is expired-credentials: the source\'s, or this session\'s own', async () => {
    const shortLived = await startLocalSts({ fixture: sample.fixture, lifetimeSeconds: 1 });
    try {
      const shortPort = createStsPort(TEST_TIMEOUTS);
      const code = mfa.codeFor(alice.mfaSerial);
      const session = await shortPort.getSessionToken({ credentials: alice.keys, region: 'us-east-1', endpoint: shortLived.url, durationSeconds: 900, serialNumber: alice.mfaSerial, tokenCode: code });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, session.expiration.getTime() - Date.now()) + 1_200));
      const error = await captured(() => shortPort.getCallerIdentity({ credentials: session, region: 'us-east-1', endpoint: shortLived.url }));
      assert.equal(isRejectedCredentials(error), true);
      const asSource = map(error, { action: 'GetCallerIdentity', accessKeyId: session.accessKeyId });
      assert.equal(asSource.kind, 'expired-credentials');
      assert.match(asSource.message, /the credentials of profile "base" \(key \.\.\.\w{4}\) have expired/);
      const asOwn = map(error, { action: 'GetCallerIdentity', obtainedSession: true });
      assert.equal(asOwn.message, 'Profile "prod" (hop "dev"): the session has expired. Assume profile "prod" again to get a new one.');
    } finally {
      await shortLived.stop();
    }
  });

  it('throttling that outlasts the SDK\'s retries is throttled and retryable, after four attempts', async () => {
    sts.faults.throttle();
    sts.calls.clear();
    const mapped = map(await captured(() => port.getCallerIdentity(target())), { action: 'GetCallerIdentity' });
    assert.equal(mapped.kind, 'throttled');
    assert.equal(mapped.retryable, true);
    assert.equal(mapped.message, 'Profile "prod" (hop "dev"): STS is throttling requests (Throttling) even after retrying. Wait a minute and try again.');
    assert.equal(sts.calls.count({ action: 'GetCallerIdentity' }), 4);
  });

  it('500 InternalFailure and 503 ServiceUnavailable are internal errors, retryable', async () => {
    sts.faults.internalError();
    const internal = map(await captured(() => port.getCallerIdentity(target())), { action: 'GetCallerIdentity' });
    assert.equal(internal.kind, 'unknown');
    assert.equal(internal.retryable, true);
    assert.equal(internal.message, 'Profile "prod" (hop "dev"): STS failed with an internal error during GetCallerIdentity (InternalFailure). Try again in a moment.');
    sts.faults.serviceUnavailable();
    const unavailable = map(await captured(() => port.getCallerIdentity(target())), { action: 'GetCallerIdentity' });
    assert.equal(unavailable.kind, 'unknown');
    assert.match(unavailable.message, /internal error during GetCallerIdentity \(ServiceUnavailable\)/);
  });

  it('a 200 answer whose XML is cut off fails clearly, without quoting the document', async () => {
    sts.faults.malformedXml();
    const error = await captured(() => assumeDev(mfa.codeFor(alice.mfaSerial)));
    const mapped = map(error);
    assert.equal(mapped.kind, 'unknown');
    assert.equal(mapped.retryable, true);
    assert.ok(!mapped.message.includes('<'), mapped.message);
    assert.match(mapped.message, /^Profile "prod" \(hop "dev"\): STS sent an answer that could not be read during AssumeRole\. Try again in a moment; if it keeps happening, check the proxy and endpoint_url\.$/);
  });

  it('a dropped connection and a refused one are unreachable, naming the endpoint', async () => {
    sts.faults.reset();
    const reset = map(await captured(() => port.getCallerIdentity(target())), { action: 'GetCallerIdentity' });
    assert.equal(reset.kind, 'unreachable');
    assert.match(reset.message, new RegExp(`^Profile "prod" \\(hop "dev"\\): could not reach STS at ${sts.url.replace(/[.]/g, '\\.')} \\((ECONNRESET|socket hang up)\\)\\.`));
    sts.faults.clear();
    await sts.faults.unreachable();
    const refused = await captured(() => port.getCallerIdentity(target()));
    assert.equal(isNetworkError(refused), true);
    const mapped = map(refused, { action: 'GetCallerIdentity' });
    assert.equal(mapped.kind, 'unreachable');
    assert.equal(mapped.retryable, true);
    assert.match(mapped.message, /could not reach STS at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the network connection, the proxy settings and endpoint_url/);
  });

  it('a server that never answers times out (the SDK alone would wait for ever) and is unreachable', async () => {
    sts.faults.delay(60_000);
    const started = Date.now();
    const error = await captured(() => port.getCallerIdentity(target()));
    const elapsed = Date.now() - started;
    const mapped = map(error, { action: 'GetCallerIdentity' });
    assert.equal(mapped.kind, 'unreachable');
    assert.match(mapped.message, /^Profile "prod" \(hop "dev"\): STS at http:\/\/127\.0\.0\.1:\d+ did not answer in time \(TimeoutError\), even after retrying\. Check the network connection/);
    // Four attempts of 1 s plus the SDK's backoff: far below the 60 s the server would take.
    assert.ok(elapsed < 30_000, `gave up after ${elapsed} ms`);
  });
});
