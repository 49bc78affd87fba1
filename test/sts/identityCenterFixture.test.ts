/**
 * IAM Identity Center from the fixture FILE: the try-it-now sample (`fixtures/sample.json`) started
 * by path serves the demo config's sso-session (acme) with the real `@aws-sdk/client-sso-oidc`,
 * `@aws-sdk/client-sso` and `@aws-sdk/client-sts`: a device code approved as a browser's form
 * would, the accounts and permission sets of alice, role credentials its STS takes as the first
 * hop of a chain (SsoDeployer); the PKCE authorization page at `/authorize` of the OIDC endpoint,
 * as AWS serves it; a broken `identityCenter` block refused with the entry named; an explicit
 * option winning over the fixture's block; and the CLI's `approve` stdin command. Traffic goes to
 * 127.0.0.1 only.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FixtureError, parseFixture, startLocalSts, type LocalSts } from '../../tools/local-sts';
import { CLI_JS, sample, SAMPLE_FIXTURE } from './support/fixture';

/** The demo config's `[sso-session acme]`. */
const START_URL = 'https://acme-example.awsapps.com/start';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const SANDBOX_ADMIN = 'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_5a5b5c5d5e5f5a5b';
const SANDBOX_READ_ONLY = 'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_1a2b3c4d5e6f7a8b';
const DEV_READ_ONLY = 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0f1e2d3c4b5a6978';
const SSO_DEPLOYER = 'arn:aws:iam::666666666666:role/SsoDeployer';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** A browser submitting the stand-in page's form: a urlencoded POST, redirects not followed. */
function submit(url: string, form: Record<string, string>): Promise<Response> {
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//, 'only the local service');
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
}

describe('IAM Identity Center from the fixture file (the try-it-now sample)', function () {
  this.timeout(30_000);

  let sts: LocalSts;
  let oidc: SSOOIDCClient;
  let sso: SSOClient;

  before(async () => {
    sts = await startLocalSts({ fixture: SAMPLE_FIXTURE });
    oidc = new SSOOIDCClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
    sso = new SSOClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
  });
  after(async () => {
    oidc.destroy();
    sso.destroy();
    await sts.stop();
  });

  const withSts = async <T>(credentials: Credentials, use: (client: STSClient) => Promise<T>): Promise<T> => {
    // The three parts only: the SDK reads an `expiration` as a Date.
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 });
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  };

  it('the sample fixture carries the block, and the service has its user', () => {
    assert.deepEqual(sample.fixture.identityCenter?.startUrls, [START_URL]);
    assert.deepEqual(sts.identityCenter?.userNames, ['alice']);
  });

  it('device flow approved on the stand-in page, alice\'s accounts, and role credentials its STS takes as the first hop of a chain to SsoDeployer', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'aws-role-sessions-test', clientType: 'public' }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL }));
    assert.equal(device.verificationUriComplete, `${sts.url}/sso/device?user_code=${device.userCode}`);
    const shown = await (await fetch(device.verificationUriComplete!)).text();
    assert.match(shown, /<option value="alice">alice<\/option>/);
    const approved = await submit(`${sts.url}/sso/device`, { user_code: device.userCode!, user: 'alice', decision: 'approve' });
    assert.equal(approved.status, 200);
    assert.match(await approved.text(), /Request approved as alice/);
    const { accessToken } = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    assert.ok(accessToken);

    const accounts = await sso.send(new ListAccountsCommand({ accessToken }));
    assert.deepEqual(accounts.accountList, [
      { accountId: '555555555555', accountName: 'sandbox', emailAddress: 'aws-sandbox@example.com' },
      { accountId: '222222222222', accountName: 'dev' },
    ]);
    const sandboxRoles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '555555555555' }));
    assert.deepEqual(sandboxRoles.roleList?.map((role) => role.roleName), ['AdministratorAccess', 'ReadOnly']);
    const devRoles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '222222222222' }));
    assert.deepEqual(devRoles.roleList?.map((role) => role.roleName), ['ReadOnly']);

    const roleCredentials = async (accountId: string, roleName: string): Promise<Credentials & { expiration: number }> => {
      const { roleCredentials: c } = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
      assert.ok(c?.accessKeyId && c.secretAccessKey && c.sessionToken && c.expiration);
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
    };
    const admin = await roleCredentials('555555555555', 'AdministratorAccess');
    assert.match(admin.accessKeyId, /^ASIA/);
    assert.ok(admin.expiration > Date.now() + 11 * 3600_000, "the AdministratorAccess role's 12-hour session");
    await withSts(admin, async (client) => {
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_AdministratorAccess_5a5b5c5d5e5f5a5b/alice');
      const chained = await client.send(new AssumeRoleCommand({ RoleArn: SSO_DEPLOYER, RoleSessionName: 'alice-deploy' }));
      assert.equal(chained.AssumedRoleUser?.Arn, 'arn:aws:sts::666666666666:assumed-role/SsoDeployer/alice-deploy');
      assert.ok(chained.Credentials?.AccessKeyId && chained.Credentials.SecretAccessKey && chained.Credentials.SessionToken);
    });

    // SsoDeployer trusts the AdministratorAccess permission set only.
    const readOnly = await roleCredentials('555555555555', 'ReadOnly');
    assert.ok(readOnly.expiration <= Date.now() + 3600_000 + 5000, 'the ReadOnly role\'s one-hour session');
    await withSts(readOnly, async (client) => {
      await assert.rejects(client.send(new AssumeRoleCommand({ RoleArn: SSO_DEPLOYER, RoleSessionName: 'alice-deploy' })), { name: 'AccessDenied' });
    });
    const dev = await roleCredentials('222222222222', 'ReadOnly');
    await withSts(dev, async (client) => {
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_ReadOnly_0f1e2d3c4b5a6978/alice');
    });
    await assert.rejects(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '222222222222', roleName: 'AdministratorAccess' })), { name: 'ForbiddenException' });
  });

  it('the PKCE authorization page at /authorize of the OIDC endpoint redirects to the registered loopback URI with the code and state, or with access_denied', async () => {
    const redirectUri = 'http://127.0.0.1:41236/oauth/callback';
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'aws-role-sessions-test', clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri], scopes: ['sso:account:access'] }));
    const verifier = randomBytes(48).toString('base64url');
    const request = { response_type: 'code', client_id: client.clientId!, redirect_uri: redirectUri, state: 'st-fixture', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', scopes: 'sso:account:access' };
    // What the extension builds: `${oidcEndpoint}/authorize?…`.
    const page = await fetch(`${sts.url}/authorize?${new URLSearchParams(request)}`);
    assert.equal(page.status, 200);
    const shown = await page.text();
    assert.match(shown, /<form method="post" action="authorize">/);
    assert.match(shown, /name="state" value="st-fixture"/);

    const approved = await submit(`${sts.url}/authorize`, { ...request, user: 'alice', decision: 'approve' });
    assert.equal(approved.status, 302);
    const back = new URL(approved.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, redirectUri);
    assert.equal(back.searchParams.get('state'), 'st-fixture');
    const code = back.searchParams.get('code');
    assert.ok(code);
    const tokens = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, codeVerifier: verifier, redirectUri }));
    assert.ok(tokens.accessToken && tokens.refreshToken);
    const accounts = await sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken }));
    assert.deepEqual(accounts.accountList?.map((account) => account.accountName), ['sandbox', 'dev']);

    const denied = await submit(`${sts.url}/authorize`, { ...request, user: 'alice', decision: 'deny' });
    assert.equal(denied.status, 302);
    const deniedBack = new URL(denied.headers.get('location')!);
    assert.equal(`${deniedBack.origin}${deniedBack.pathname}`, redirectUri);
    assert.equal(deniedBack.searchParams.get('error'), 'access_denied');
    assert.equal(deniedBack.searchParams.get('state'), 'st-fixture');
    assert.equal(deniedBack.searchParams.get('code'), null);
    // The old stand-in path is gone: /sso/authorize is no page (the STS answers it, with an error).
    assert.notEqual((await fetch(`${sts.url}/sso/authorize?${new URLSearchParams(request)}`)).status, 200);
  });

  it('an explicit identityCenter option wins over the fixture\'s block, and a fixture without one serves none', async () => {
    const other = 'https://other-example.awsapps.com/start';
    const explicit = await startLocalSts({ fixture: SAMPLE_FIXTURE, identityCenter: { startUrls: [other], users: [{ userName: 'carol', assignments: [] }] } });
    const client = new SSOOIDCClient({ endpoint: explicit.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      assert.deepEqual(explicit.identityCenter?.userNames, ['carol']);
      const registered = await client.send(new RegisterClientCommand({ clientName: 't', clientType: 'public' }));
      const ids = { clientId: registered.clientId, clientSecret: registered.clientSecret };
      await assert.rejects(client.send(new StartDeviceAuthorizationCommand({ ...ids, startUrl: START_URL })), (error: Error & { error?: string }) => error.error === 'invalid_request');
      assert.ok((await client.send(new StartDeviceAuthorizationCommand({ ...ids, startUrl: other }))).deviceCode);
    } finally {
      client.destroy();
      await explicit.stop();
    }
    const none = await startLocalSts({ fixture: { users: sample.fixture.users, roles: sample.fixture.roles } });
    try {
      assert.equal(none.identityCenter, undefined);
    } finally {
      await none.stop();
    }
  });
});

describe('a broken identityCenter block in the fixture', () => {
  /** The sample with its block changed by `change`. */
  const broken = (change: (block: Record<string, unknown> & { users: Array<Record<string, unknown> & { assignments: Array<Record<string, unknown>> }> }) => void): unknown => {
    const raw = JSON.parse(fs.readFileSync(SAMPLE_FIXTURE, 'utf8')) as { identityCenter: Parameters<typeof change>[0] };
    change(raw.identityCenter);
    return raw;
  };

  it('is refused with the bad entry named', () => {
    const refused = (change: Parameters<typeof broken>[0], message: RegExp): void => {
      assert.throws(() => parseFixture(broken(change)), (error: unknown) => {
        assert.ok(error instanceof FixtureError, String(error));
        assert.match(error.message, message);
        return true;
      });
    };
    refused((b) => (b.startUrls = ['http://acme-example.awsapps.com/start']), /^identityCenter\.startUrls\[0\]: "http:\/\/acme-example\.awsapps\.com\/start" is not an https URL$/);
    refused((b) => (b.startUrls = ['acme-example']), /^identityCenter\.startUrls\[0\]: "acme-example" is not a URL$/);
    refused((b) => (b.startUrls = []), /^identityCenter: "startUrls" must name at least one start URL$/);
    refused((b) => delete b.startUrls, /^identityCenter: "startUrls" must be an array$/);
    refused((b) => (b.users[0].assignments[1].accountId = '55555555555'), /^identityCenter\.users\[0\]\.assignments\[1\]: accountId "55555555555" must be 12 digits$/);
    refused((b) => (b.users[0].assignments[0].roleArn = 'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Missing_0000000000000000'),
      /^identityCenter\.users\[0\]\.assignments\[0\]: roleArn ".*AWSReservedSSO_Missing_0000000000000000" is not a role of the fixture's "roles"$/);
    refused((b) => (b.users[0].assignments[0].roleArn = 'arn:aws:iam::555555555555:user/alice'), /^identityCenter\.users\[0\]\.assignments\[0\]: roleArn "arn:aws:iam::555555555555:user\/alice" is not an IAM role ARN$/);
    refused((b) => (b.users[0].assignments[2].roleArn = SANDBOX_READ_ONLY), /^identityCenter\.users\[0\]\.assignments\[2\]: roleArn ".*" is not in account 222222222222$/);
    refused((b) => delete b.users[0].assignments[0].roleName, /^identityCenter\.users\[0\]\.assignments\[0\]: "roleName" must be a non-empty string$/);
    refused((b) => (b.users[0].assignments[2].roleName = 'AdministratorAccess', b.users[0].assignments[2].accountId = '555555555555', b.users[0].assignments[2].roleArn = SANDBOX_ADMIN),
      /^identityCenter\.users\[0\]: permission set AdministratorAccess is assigned twice in account 555555555555$/);
    refused((b) => b.users.push({ ...b.users[0] }), /^identityCenter: duplicate userName alice$/);
    refused((b) => (b.users = []), /^identityCenter: "users" must name at least one user$/);
    refused((b) => (b.users[0].userName = ''), /^identityCenter\.users\[0\]: "userName" must be a non-empty string$/);
    assert.throws(() => parseFixture({ ...sample.fixture, identityCenter: [] }), /^FixtureError: identityCenter: must be an object$/);
    // Unchanged, the sample parses, and the dev role is the one Identity Center made there.
    assert.equal(parseFixture(broken(() => undefined)).identityCenter?.users[0].assignments[2].roleArn, DEV_READ_ONLY);
  });

  it('stops startLocalSts from starting, from a file as from an object', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-sts-fixture-'));
    try {
      const file = path.join(dir, 'fixture.json');
      fs.writeFileSync(file, JSON.stringify(broken((b) => (b.users[0].assignments[0].accountId = '5555-5555-5555'))));
      await assert.rejects(startLocalSts({ fixture: file }), (error: unknown) => error instanceof FixtureError && /identityCenter\.users\[0\]\.assignments\[0\]: accountId "5555-5555-5555" must be 12 digits/.test(error.message));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cli.js with the sample fixture: Identity Center with no new flag, and stdin's approve", function () {
  this.timeout(30_000);

  it('approve USER_CODE [USER] approves a waiting device code (default: the first user): ok, then not waiting', async () => {
    const child = spawn(process.execPath, [CLI_JS, '--fixture', SAMPLE_FIXTURE], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const nextLine = async (): Promise<string> => {
      const deadline = Date.now() + 10_000;
      while (lines.length === 0) {
        if (child.exitCode !== null) throw new Error(`cli exited ${child.exitCode}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`no output from cli: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return lines.shift()!;
    };
    const say = async (line: string): Promise<string> => {
      child.stdin.write(`${line}\n`);
      return nextLine();
    };
    let oidc: SSOOIDCClient | undefined;
    try {
      const url = await nextLine();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      oidc = new SSOOIDCClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1 });
      const client = await oidc.send(new RegisterClientCommand({ clientName: 'cli-test', clientType: 'public' }));
      const ids = { clientId: client.clientId, clientSecret: client.clientSecret };
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...ids, startUrl: START_URL }));
      assert.match(await say('approve BCDF-GHJK bob'), /^unknown user bob: one of alice$/);
      assert.equal(await say(`approve ${device.userCode!.toLowerCase()}`), 'ok', 'as alice, the code as a person may type it');
      const tokens = await oidc.send(new CreateTokenCommand({ ...ids, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
      assert.ok(tokens.accessToken);
      assert.equal(await say(`approve ${device.userCode!}`), 'not waiting', 'a code is approved once');
      const second = await oidc.send(new StartDeviceAuthorizationCommand({ ...ids, startUrl: START_URL }));
      assert.equal(await say(`approve ${second.userCode!} alice`), 'ok');
      assert.match(stderr, /IAM Identity Center too/);
    } finally {
      oidc?.destroy();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});
