/**
 * Long-running processes across renewals: a JS SDK loop and a boto3 loop, started once with the
 * endpoint's two variables, call GetCallerIdentity for longer than three lifetimes of the
 * session while it renews underneath them; neither fails. The same JS SDK loop started with the
 * first session's keys (what environment mode gives a terminal) fails once those keys end.
 * Credentials last 8 s (the local STS's test-only cap) and renew every 4 s.
 */
import * as assert from 'node:assert/strict';
import { CredentialEndpointServer } from '../../src/platform/credentialEndpointServer';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { sample } from './support/fixture';
import { credentialEnv, makeAwsHome, PYTHON, run, type AwsHome, type ProcessResult } from './support/processes';
import { BOTO3_LOOP, JS_LOOP, startRenewingSession, type LoopResult, type RenewingSession } from './support/renewingSession';

const LIFETIME_SECONDS = 8;
const RENEW_EVERY_MS = 4_000;
const LOOP_MS = 20_000;
const CALL_EVERY_MS = 250;

function loopResult(name: string, result: ProcessResult): LoopResult {
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as LoopResult;
  } catch {
    throw new Error(`${name} printed no result (exit ${result.code}): ${result.stderr.slice(-500)}`);
  }
}

describe('credential endpoint: long-running processes across renewals', function () {
  this.timeout(120_000);

  let sts: LocalSts;
  let home: AwsHome;
  let renewing: RenewingSession;
  let server: CredentialEndpointServer;

  before(async () => {
    sts = await startLocalSts({ fixture: sample.fixture, lifetimeSeconds: LIFETIME_SECONDS });
    home = makeAwsHome({});
    renewing = await startRenewingSession(sts, sample.alice.keys, RENEW_EVERY_MS);
    server = new CredentialEndpointServer(renewing.source, { time: { now: () => Date.now() }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    await server.start();
  });

  after(async () => {
    renewing?.stop();
    await server?.stop();
    home?.remove();
    await sts?.stop();
  });

  it('endpoint mode never fails (JS SDK and boto3); environment mode fails after the first expiry', async () => {
    const endpointEnv = home.env({ AWS_CONTAINER_CREDENTIALS_FULL_URI: server.address!.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: server.address!.token });
    const frozenEnv = home.env(credentialEnv(renewing.first.credentials));
    const args = [String(LOOP_MS), String(CALL_EVERY_MS)];
    const sdk = require.resolve('@aws-sdk/client-sts');
    const timeoutMs = LOOP_MS + 60_000;
    const [jsEndpoint, botoEndpoint, jsFrozen] = await Promise.all([
      run(process.execPath, ['-e', JS_LOOP, sdk, sts.url, ...args], { env: endpointEnv, timeoutMs }),
      run(PYTHON, ['-c', BOTO3_LOOP, sts.url, ...args], { env: endpointEnv, timeoutMs }),
      run(process.execPath, ['-e', JS_LOOP, sdk, sts.url, ...args], { env: frozenEnv, timeoutMs }),
    ]);
    const renewals = renewing.renewals();
    assert.ok(renewals >= 3, `the session renewed ${renewals} times during the loops`);
    const js = loopResult('JS SDK loop (endpoint)', jsEndpoint);
    const boto = loopResult('boto3 loop (endpoint)', botoEndpoint);
    const frozen = loopResult('JS SDK loop (environment keys)', jsFrozen);
    assert.equal(js.failed, 0, `JS SDK through the endpoint: ${js.firstFailure}`);
    assert.equal(boto.failed, 0, `boto3 through the endpoint: ${boto.firstFailure}`);
    // Enough calls that the loops really ran past several lifetimes.
    assert.ok(js.ok >= 20 && boto.ok >= 20, `calls: JS ${js.ok}, boto3 ${boto.ok}`);
    assert.ok(frozen.ok > 0, 'the frozen keys worked while they lasted');
    assert.ok(frozen.failed > 0, 'the frozen keys kept working past their end?');
    assert.match(frozen.firstFailure ?? '', /Expired|expired/);
  });
});
