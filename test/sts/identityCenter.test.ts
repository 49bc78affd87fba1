/**
 * The local IAM Identity Center's OIDC service (issue 23 §3) with the real
 * `@aws-sdk/client-sso-oidc`: a client registers, a device code is approved (or denied, or left
 * to expire) on the stand-in sign-in page, tokens are created and refreshed, and the PKCE
 * authorization-code flow checks its verifier and redirect URI. Each refusal is the exception
 * the SDK raises for the real service's answer, with its `error` code.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidGrantException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { sample } from './support/fixture';
import { AWS_CLI_V2, cliV2Available, makeAwsHome, parseJson, run } from './support/processes';

const START_URL = 'https://example-corp.awsapps.com/start';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

async function rejectsAs<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, code: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal((error as T & { error?: string }).error, code);
    assert.equal((error as T & { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode, status);
    return true;
  });
}

describe('the local Identity Center OIDC service with the real @aws-sdk/client-sso-oidc', function () {
  this.timeout(30_000);

  let sts: LocalSts;
  let skewMs = 0;
  let oidc: SSOOIDCClient;

  before(async () => {
    sts = await startLocalSts({ fixture: sample.fixture, now: () => Date.now() + skewMs, identityCenter: { startUrls: [START_URL], pollIntervalSeconds: 1 } });
    oidc = new SSOOIDCClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
  });
  after(async () => {
    oidc.destroy();
    await sts.stop();
  });
  beforeEach(() => {
    skewMs = 0;
  });

  const register = async (extra: { grantTypes?: string[]; redirectUris?: string[] } = {}) => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'aws-role-sessions-test', clientType: 'public', ...extra }));
    assert.ok(client.clientId && client.clientSecret);
    return { clientId: client.clientId, clientSecret: client.clientSecret };
  };

  it('device code: pending until the person approves it, then an access and a refresh token; the code is good once', async () => {
    const client = await register();
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: START_URL }));
    assert.match(device.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(device.verificationUriComplete, `https://example-corp.awsapps.com/start/#/device?user_code=${device.userCode}`);
    assert.equal(device.interval, 1);
    const poll = () => oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    await rejectsAs(poll(), AuthorizationPendingException, 'authorization_pending', 400);
    await rejectsAs(poll(), SlowDownException, 'slow_down', 400);
    assert.equal(sts.identityCenter?.approveDevice(device.userCode!, 'alice'), true);
    skewMs = 1_500;
    const tokens = await poll();
    assert.equal(tokens.tokenType, 'Bearer');
    assert.equal(tokens.expiresIn, 3600);
    assert.ok(tokens.accessToken && tokens.refreshToken);
    await rejectsAs(poll(), InvalidGrantException, 'invalid_grant', 400);

    const refreshed = await oidc.send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken: tokens.refreshToken }));
    assert.ok(refreshed.accessToken && refreshed.accessToken !== tokens.accessToken, 'a new access token');
    await rejectsAs(oidc.send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken: 'aor-not-issued' })), InvalidGrantException, 'invalid_grant', 400);
    // Nothing secret in the call log: the operation and the status only.
    const logged = JSON.stringify(sts.calls.list());
    for (const secret of sts.identityCenter!.issuedSecrets()) assert.ok(!logged.includes(secret), 'a token, code or secret in the call log');
  });

  it('a device code the person denies, or never approves, ends as the service says', async () => {
    const client = await register();
    const denied = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: START_URL }));
    sts.identityCenter!.denyDevice(denied.userCode!);
    await rejectsAs(oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: denied.deviceCode })), AccessDeniedException, 'access_denied', 400);
    const ignored = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: START_URL }));
    skewMs = 601_000;
    await rejectsAs(oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: ignored.deviceCode })), ExpiredTokenException, 'expired_token', 400);
    assert.equal(sts.identityCenter!.approveDevice(ignored.userCode!, 'alice'), false, 'too late to approve');
  });

  it('a wrong client secret is invalid_client (401), and a start URL of another Identity Center is refused', async () => {
    const client = await register();
    await rejectsAs(oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: 'not-the-secret', startUrl: START_URL })), InvalidClientException, 'invalid_client', 401);
    await assert.rejects(oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: 'https://someone-else.awsapps.com/start' })), (error: Error & { error?: string }) => error.error === 'invalid_request');
  });

  it('the AWS CLI v2 speaks to it as to the real service: register, start a device authorization, poll, and get tokens once approved', async function () {
    if (!cliV2Available()) this.skip();
    const home = makeAwsHome({});
    try {
      const aws = (args: string[]) => run(AWS_CLI_V2, ['sso-oidc', ...args, '--endpoint-url', sts.url, '--region', 'us-east-1', '--output', 'json'], { env: home.env({ AWS_MAX_ATTEMPTS: '1' }) });
      const client = parseJson<{ clientId: string; clientSecret: string }>(await aws(['register-client', '--client-name', 'cli', '--client-type', 'public']));
      const device = parseJson<{ deviceCode: string; userCode: string }>(await aws(['start-device-authorization', '--client-id', client.clientId, '--client-secret', client.clientSecret, '--start-url', START_URL]));
      const poll = () => aws(['create-token', '--client-id', client.clientId, '--client-secret', client.clientSecret, '--grant-type', DEVICE_GRANT, '--device-code', device.deviceCode]);
      const pending = await poll();
      assert.notEqual(pending.code, 0);
      assert.match(pending.stderr, /AuthorizationPendingException/);
      sts.identityCenter!.approveDevice(device.userCode, 'alice');
      skewMs = 1_500;
      const tokens = parseJson<{ accessToken?: string; refreshToken?: string; tokenType?: string }>(await poll());
      assert.equal(tokens.tokenType, 'Bearer');
      assert.ok(tokens.accessToken && tokens.refreshToken);
    } finally {
      home.remove();
    }
  });

  it('authorization code with PKCE: the verifier must match its S256 challenge, and the redirect URI the one registered', async () => {
    const redirectUri = 'http://127.0.0.1:41234/oauth/callback';
    const client = await register({ grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri] });
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const approve = () => sts.identityCenter!.authorize({ clientId: client.clientId, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', userName: 'alice' });
    assert.equal(sts.identityCenter!.authorize({ clientId: client.clientId, redirectUri: 'http://127.0.0.1:9/elsewhere', codeChallenge: challenge, codeChallengeMethod: 'S256', userName: 'alice' }), undefined, 'an unregistered redirect gets no code');
    const exchange = (code: string | undefined, codeVerifier: string, uri = redirectUri) =>
      oidc.send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code, codeVerifier, redirectUri: uri }));
    await rejectsAs(exchange(approve(), 'a-different-verifier-of-enough-length-0000000'), InvalidGrantException, 'invalid_grant', 400);
    await rejectsAs(exchange(approve(), verifier, 'http://127.0.0.1:41234/other'), InvalidGrantException, 'invalid_grant', 400);
    const code = approve();
    const tokens = await exchange(code, verifier);
    assert.ok(tokens.accessToken && tokens.refreshToken);
    await rejectsAs(exchange(code, verifier), InvalidGrantException, 'invalid_grant', 400);
  });
});
