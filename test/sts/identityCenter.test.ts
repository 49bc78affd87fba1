/**
 * The local IAM Identity Center (issue 23 §3) with the real `@aws-sdk/client-sso-oidc` and
 * `@aws-sdk/client-sso`. The OIDC service: a client registers, a device code is approved (or denied, or left
 * to expire) on the stand-in sign-in page, tokens are created and refreshed, and the PKCE
 * authorization-code flow checks its verifier and redirect URI. Each refusal is the exception
 * the SDK raises for the real service's answer, with its `error` code. The portal: the accounts
 * and permission sets a user is assigned, page by page; role credentials its STS accepts, also
 * as the first hop of a chain; Logout ending the token.
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
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient, UnauthorizedException } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { sample } from './support/fixture';
import { AWS_CLI_V2, cliV2Available, makeAwsHome, parseJson, run } from './support/processes';

const START_URL = 'https://example-corp.awsapps.com/start';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Permission sets as Identity Center makes them: an IAM role under aws-reserved/sso.amazonaws.com per account. */
const DEVELOPER_ROLE = 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developer_0123456789abcdef';
const VIEWER_ROLE = 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210';
const AUDIT_ROLE = 'arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0011223344556677';
/** A role a chain reaches from the Developer permission set. */
const DEPLOYER_ROLE = 'arn:aws:iam::555555555555:role/Deployer';
const FIXTURE = {
  users: sample.fixture.users,
  roles: [
    ...sample.fixture.roles,
    { arn: DEVELOPER_ROLE, trustedPrincipals: [], maxSessionDuration: 28_800 },
    { arn: VIEWER_ROLE, trustedPrincipals: [], maxSessionDuration: 3600 },
    { arn: AUDIT_ROLE, trustedPrincipals: [], maxSessionDuration: 3600 },
    { arn: DEPLOYER_ROLE, trustedPrincipals: [DEVELOPER_ROLE], maxSessionDuration: 3600 },
  ],
};
const ASSIGNMENTS = [
  { accountId: '222222222222', accountName: 'dev', emailAddress: 'aws-dev@example.com', roleName: 'Developer', roleArn: DEVELOPER_ROLE },
  { accountId: '333333333333', accountName: 'staging', roleName: 'ReadOnly', roleArn: VIEWER_ROLE },
  { accountId: '444444444444', accountName: 'audit', roleName: 'ReadOnly', roleArn: AUDIT_ROLE },
];

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
    sts = await startLocalSts({ fixture: FIXTURE, now: () => Date.now() + skewMs, identityCenter: { startUrls: [START_URL], pollIntervalSeconds: 1, users: [{ userName: 'alice', assignments: ASSIGNMENTS }] } });
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
    assert.equal(device.verificationUriComplete, `${sts.url}/sso/device?user_code=${device.userCode}`, "the local stand-in's sign-in page");
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
      // Ids and secrets are base64url and may start with "-", which the CLI's parser would take for an option: `--name=value`.
      const device = parseJson<{ deviceCode: string; userCode: string }>(await aws(['start-device-authorization', `--client-id=${client.clientId}`, `--client-secret=${client.clientSecret}`, '--start-url', START_URL]));
      const poll = () => aws(['create-token', `--client-id=${client.clientId}`, `--client-secret=${client.clientSecret}`, '--grant-type', DEVICE_GRANT, `--device-code=${device.deviceCode}`]);
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

  describe('the stand-in sign-in page, as a browser uses it', () => {
    const post = (path: string, form: Record<string, string>) =>
      fetch(`${sts.url}${path}`, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

    it('shows the device code, and approving it as alice lets the client create its token', async () => {
      const client = await register();
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: START_URL }));
      const shown = await (await fetch(device.verificationUriComplete!)).text();
      assert.match(shown, new RegExp(`<p class="code" id="user-code">${device.userCode}</p>`));
      assert.match(shown, /<option value="alice">alice<\/option>/);
      const approved = await post('/sso/device', { user_code: device.userCode!, user: 'alice', decision: 'approve' });
      assert.equal(approved.status, 200);
      assert.match(await approved.text(), /Request approved as alice/);
      const tokens = await oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
      assert.ok(tokens.accessToken);
      const again = await post('/sso/device', { user_code: device.userCode!, user: 'alice', decision: 'approve' });
      assert.equal(again.status, 400, 'a code is approved once');
    });

    it('an authorization request at /authorize (as AWS serves it) redirects back to the registered loopback address with the code and state, or with access_denied', async () => {
      const redirectUri = 'http://127.0.0.1:41235/oauth/callback';
      const client = await register({ grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri] });
      const verifier = randomBytes(48).toString('base64url');
      const request = { response_type: 'code', client_id: client.clientId, redirect_uri: redirectUri, state: 'st-1', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', scopes: 'sso:account:access' };
      const shown = await (await fetch(`${sts.url}/authorize?${new URLSearchParams(request)}`)).text();
      assert.match(shown, /name="redirect_uri" value="http:\/\/127\.0\.0\.1:41235\/oauth\/callback"/);
      assert.match(shown, /<form method="post" action="authorize">/, 'the page posts back to /authorize');
      const approved = await post('/authorize', { ...request, user: 'alice', decision: 'approve' });
      assert.equal(approved.status, 302);
      const back = new URL(approved.headers.get('location')!);
      assert.equal(`${back.origin}${back.pathname}`, redirectUri);
      assert.equal(back.searchParams.get('state'), 'st-1');
      const tokens = await oidc.send(new CreateTokenCommand({ ...client, grantType: 'authorization_code', code: back.searchParams.get('code')!, codeVerifier: verifier, redirectUri }));
      assert.ok(tokens.accessToken);
      const denied = new URL((await post('/authorize', { ...request, user: 'alice', decision: 'deny' })).headers.get('location')!);
      assert.equal(denied.searchParams.get('error'), 'access_denied');
      assert.equal(denied.searchParams.get('state'), 'st-1');
      assert.equal(denied.searchParams.get('code'), null);
      const elsewhere = await post('/authorize', { ...request, redirect_uri: 'http://127.0.0.1:9/steal', user: 'alice', decision: 'approve' });
      assert.equal(elsewhere.status, 400);
      assert.equal(elsewhere.headers.get('location'), null, 'never redirected to an address the client did not register');
    });
  });

  describe('the portal', () => {
    let sso: SSOClient;
    before(() => {
      sso = new SSOClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
    });
    after(() => sso.destroy());

    /** Signs alice in by the device flow, as the extension will: an access token. */
    const signIn = async (): Promise<string> => {
      const client = await register();
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: START_URL }));
      sts.identityCenter!.approveDevice(device.userCode!, 'alice');
      const tokens = await oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
      return tokens.accessToken!;
    };

    it('lists the accounts and each account\'s permission sets the user is assigned, page by page', async () => {
      const accessToken = await signIn();
      const first = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 2 }));
      assert.deepEqual(first.accountList, [
        { accountId: '222222222222', accountName: 'dev', emailAddress: 'aws-dev@example.com' },
        { accountId: '333333333333', accountName: 'staging' },
      ]);
      assert.ok(first.nextToken);
      const second = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 2, nextToken: first.nextToken }));
      assert.deepEqual(second.accountList, [{ accountId: '444444444444', accountName: 'audit' }]);
      assert.equal(second.nextToken, undefined);
      const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '222222222222' }));
      assert.deepEqual(roles.roleList, [{ roleName: 'Developer', accountId: '222222222222' }]);
    });

    it("role credentials that the local STS takes: as the permission set's role, and as the first hop of a chain", async () => {
      const accessToken = await signIn();
      const { roleCredentials } = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '222222222222', roleName: 'Developer' }));
      assert.ok(roleCredentials?.accessKeyId && roleCredentials.secretAccessKey && roleCredentials.sessionToken);
      assert.match(roleCredentials.accessKeyId, /^ASIA/);
      assert.ok(roleCredentials.expiration! > Date.now() + 7 * 3600_000, 'the permission set\'s session length (8 h)');
      const credentials = { accessKeyId: roleCredentials.accessKeyId, secretAccessKey: roleCredentials.secretAccessKey, sessionToken: roleCredentials.sessionToken };
      const stsClient = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      try {
        const who = await stsClient.send(new GetCallerIdentityCommand({}));
        assert.equal(who.Arn, 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice');
        const chained = await stsClient.send(new AssumeRoleCommand({ RoleArn: DEPLOYER_ROLE, RoleSessionName: 'alice-deploy' }));
        assert.equal(chained.AssumedRoleUser?.Arn, 'arn:aws:sts::555555555555:assumed-role/Deployer/alice-deploy');
      } finally {
        stsClient.destroy();
      }
      await assert.rejects(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '222222222222', roleName: 'Administrator' })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => error.name === 'ForbiddenException' && error.$metadata?.httpStatusCode === 403);
    });

    it('the AWS CLI v2 lists the accounts and gets role credentials from it as from the real portal', async function () {
      if (!cliV2Available()) this.skip();
      const accessToken = await signIn();
      const home = makeAwsHome({});
      try {
        const aws = async <T>(args: string[]) => parseJson<T>(await run(AWS_CLI_V2, ['sso', ...args, `--access-token=${accessToken}`, '--endpoint-url', sts.url, '--region', 'us-east-1', '--output', 'json'], { env: home.env({ AWS_MAX_ATTEMPTS: '1' }) }));
        const accounts = await aws<{ accountList: { accountId: string }[] }>(['list-accounts']);
        assert.deepEqual(accounts.accountList.map((account) => account.accountId), ['222222222222', '333333333333', '444444444444'], 'the CLI follows nextToken itself');
        const { roleCredentials } = await aws<{ roleCredentials: { accessKeyId: string; expiration: number } }>(['get-role-credentials', '--account-id', '333333333333', '--role-name', 'ReadOnly']);
        assert.match(roleCredentials.accessKeyId, /^ASIA/);
        assert.equal(typeof roleCredentials.expiration, 'number');
      } finally {
        home.remove();
      }
    });

    it('Logout ends the token: the portal then answers UnauthorizedException, as it does to no token at all', async () => {
      const accessToken = await signIn();
      await sso.send(new LogoutCommand({ accessToken }));
      await assert.rejects(sso.send(new ListAccountsCommand({ accessToken })), (error: unknown) => error instanceof UnauthorizedException && error.$metadata.httpStatusCode === 401);
      await assert.rejects(sso.send(new ListAccountsCommand({ accessToken: 'aoa-never-issued' })), UnauthorizedException);
    });
  });
});
