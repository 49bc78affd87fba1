/**
 * Signing in to IAM Identity Center from the extension (issue 23 §1), end to end against the
 * local Identity Center of the sample fixture: the extension's own sign-ins (`IdentityCenterSignIns`)
 * and portal access on the real `@aws-sdk/client-sso-oidc` and `@aws-sdk/client-sso`, its
 * loopback redirect server, its token cache folder in a temporary home, and the session engine on
 * the real `@aws-sdk/client-sts`. A stand-in browser answers the stand-in sign-in pages as a
 * person would. The credentials are checked by STS itself (GetCallerIdentity, AssumeRole).
 */

import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fromSSO } from '@aws-sdk/credential-providers';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, SSOClient, UnauthorizedException } from '@aws-sdk/client-sso';
import type { SessionEngine } from '../../src/core/assume/sessionEngine';
import { IdentityCenterAccess } from '../../src/core/identityCenter/identityCenterAccess';
import { IdentityCenterError } from '../../src/core/identityCenter/identityCenterErrors';
import { identityCenterSessions } from '../../src/core/identityCenter/identityCenterSessions';
import { IdentityCenterSignIns, SIGN_IN_INDEX_KEY } from '../../src/core/identityCenter/identityCenterSignIns';
import type { SignInFlow } from '../../src/core/identityCenter/signInFlows';
import { tokenCacheFileName } from '../../src/core/identityCenter/tokenCache';
import { SessionError } from '../../src/core/vocabulary/sessionTypes';
import { createIdentityCenterOidcPort, createIdentityCenterPortalPort } from '../../src/platform/awsSdk';
import { loopbackRedirectServer } from '../../src/platform/loopbackRedirectServer';
import { ssoTokenCacheFiles } from '../../src/platform/ssoTokenCacheFiles';
import { systemTime } from '../../src/platform/systemTime';
import { startLocalSts, type LocalSts } from '../../tools/local-sts';
import { FakeSecretStore } from '../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { modelOf } from '../unit/assume/modelHelpers';
import { engineAgainst } from './support/engine';
import { SAMPLE_FIXTURE } from './support/fixture';
import { cliV1Path, PYTHON, run } from './support/processes';
import { StandInBrowser } from './support/standInBrowser';
import { until } from '../support/integration/waits';

const START_URL = 'https://acme-example.awsapps.com/start';

const CONFIG = `
[sso-session acme]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile sso-admin]
sso_session = acme
sso_account_id = 555555555555
sso_role_name = AdministratorAccess
region = us-west-2

[profile sso-readonly]
sso_session = acme
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile sso-deployer]
role_arn = arn:aws:iam::666666666666:role/SsoDeployer
source_profile = sso-admin
region = us-west-2
`;
const MODEL = modelOf(CONFIG);

describe('signing in to IAM Identity Center from the extension, against the local Identity Center', function () {
  this.timeout(60_000);

  let sts: LocalSts;
  let env: Record<string, string>;
  /** How far the extension's clock runs ahead: the token's last minutes without waiting for them. */
  let skewMs: number;
  let flow: SignInFlow;
  let share: boolean;
  let browser: StandInBrowser;
  let secrets: FakeSecretStore;
  let home: string;
  let cacheFolder: string;
  let signIns: IdentityCenterSignIns;
  let access: IdentityCenterAccess;
  let engine: SessionEngine;

  before(async () => {
    sts = await startLocalSts({ fixture: SAMPLE_FIXTURE });
    env = { AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_SSO: sts.url, AWS_ENDPOINT_URL_SSO_OIDC: sts.url };
  });
  after(() => sts.stop());

  beforeEach(() => {
    skewMs = 0;
    flow = 'device-code';
    share = false;
    browser = new StandInBrowser();
    secrets = new FakeSecretStore();
    home = mkdtempSync(path.join(tmpdir(), 'identity-center-home-'));
    cacheFolder = path.join(home, '.aws', 'sso', 'cache');
    const logger = new FakeSessionLogger();
    signIns = new IdentityCenterSignIns({
      oidc: createIdentityCenterOidcPort(),
      portal: createIdentityCenterPortalPort(),
      loopback: loopbackRedirectServer,
      presenter: browser,
      secrets,
      cacheFiles: ssoTokenCacheFiles(() => cacheFolder),
      time: { now: () => Date.now() + skewMs, schedule: (ms, callback) => systemTime.schedule(ms, callback) },
      logger,
      flow: () => flow,
      shareWithCli: () => share,
      clientName: 'AWS Role Sessions (test)',
    });
    access = new IdentityCenterAccess(signIns, createIdentityCenterPortalPort(), logger);
    engine = engineAgainst(sts.url, { identityCenter: access, env: () => env, logger });
  });
  afterEach(() => {
    access.dispose();
    signIns.dispose();
  });

  const whoIs = async (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
    const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      return (await client.send(new GetCallerIdentityCommand({}))).Arn;
    } finally {
      client.destroy();
    }
  };
  const storedAccessToken = () => (JSON.parse(secrets.data.get('awsRoles.identityCenter:session acme') ?? '{}') as { accessToken?: string }).accessToken;
  const oidcCalls = (operation: string) => sts.calls.list().filter((call) => call.action === `sso-oidc:${operation}`).length;

  it('an assume with no sign-in signs in by device code; the chain on top and a second account ride the same sign-in, with no second page', async () => {
    const admin = await engine.assume('sso-admin', MODEL);
    assert.equal(browser.shown.length, 1);
    const step = browser.shown[0];
    assert.equal(step.flow, 'device-code');
    assert.match(step.flow === 'device-code' ? step.userCode : '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(browser.closed[0], true, 'the notification closed once signed in');
    assert.match((await whoIs(admin.credentials)) ?? '', /:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice$/);

    const deployer = await engine.assume('sso-deployer', MODEL);
    assert.match((await whoIs(deployer.credentials)) ?? '', /^arn:aws:sts::666666666666:assumed-role\/SsoDeployer\//);
    const readOnly = await engine.assume('sso-readonly', MODEL);
    assert.match((await whoIs(readOnly.credentials)) ?? '', /^arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_ReadOnly_/);
    assert.equal(browser.shown.length, 1, 'one sign-in serves every profile of the sso-session');
    // The tokens are in SecretStorage only: no file in the CLI's cache.
    assert.ok(storedAccessToken());
    assert.deepEqual(readdirSync(home, { recursive: true }), []);
  });

  it('the authorization-code flow with PKCE: the browser comes back to the loopback server, which then closes', async () => {
    flow = 'authorization-code';
    const session = await engine.assume('sso-admin', MODEL);
    const step = browser.shown[0];
    assert.equal(step.flow, 'authorization-code');
    const url = new URL(step.url);
    assert.equal(`${url.origin}${url.pathname}`, `${sts.url}/authorize`);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    assert.match(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    assert.match((await whoIs(session.credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
    await assert.rejects(fetch(redirectUri), 'the loopback server is gone with the sign-in');
  });

  it('refreshes the access token silently in its last five minutes, and renewals ride it with no page', async () => {
    await engine.assume('sso-admin', MODEL);
    const first = storedAccessToken();
    const expiresAt = (JSON.parse(secrets.data.get('awsRoles.identityCenter:session acme')!) as { expiresAt: number }).expiresAt;
    skewMs = expiresAt - Date.now() - 4 * 60_000;
    const before = oidcCalls('CreateToken');
    const renewed = await engine.assume('sso-admin', MODEL, undefined, { interactive: false });
    assert.equal(oidcCalls('CreateToken'), before + 1, 'one refresh_token grant');
    assert.notEqual(storedAccessToken(), first);
    assert.equal(browser.shown.length, 1, 'no page for a refresh');
    skewMs = 0;
    assert.match((await whoIs(renewed.credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
  });

  it('a request that may not prompt (auto-renew) with no sign-in fails as sso-login-required, and opens no page', async () => {
    await assert.rejects(engine.assume('sso-deployer', MODEL, undefined, { interactive: false }), (error: unknown) => {
      assert.ok(error instanceof SessionError);
      assert.equal(error.kind, 'sso-login-required');
      assert.equal(error.hopProfileName, 'sso-admin');
      assert.equal(error.message, 'Profile "sso-deployer" (through profile "sso-admin"): IAM Identity Center (sso-session acme) needs you to sign in again: its session has ended or you have not signed in yet.');
      return true;
    });
    assert.equal(browser.shown.length, 0);
  });

  it('a denial on the sign-in page and a Cancel are each told once, and keep nothing', async () => {
    browser.answer = 'deny';
    await assert.rejects(engine.assume('sso-admin', MODEL), (error: unknown) => {
      assert.ok(error instanceof SessionError);
      assert.equal(error.kind, 'sso-login-required');
      assert.match(error.message, /was denied on the sign-in page; nothing was kept\.$/);
      return true;
    });
    flow = 'authorization-code';
    browser.answer = 'cancel';
    await assert.rejects(engine.assume('sso-admin', MODEL), (error: unknown) => error instanceof SessionError && error.kind === 'cancelled');
    assert.deepEqual(browser.closed, [true, true]);
    assert.deepEqual(secrets.changes, [], 'nothing stored');
  });

  it('a page left alone until the device code ends is told once as expired', async () => {
    const short = await startLocalSts({ fixture: SAMPLE_FIXTURE, identityCenter: { startUrls: [START_URL], pollIntervalSeconds: 1, deviceCodeSeconds: 3, users: [] } });
    try {
      env = { ...env, AWS_ENDPOINT_URL_SSO_OIDC: short.url };
      browser.answer = 'ignore';
      await assert.rejects(engine.assume('sso-admin', MODEL), (error: unknown) => {
        assert.ok(error instanceof SessionError);
        assert.equal(error.kind, 'sso-login-required');
        assert.match(error.message, /the request was not approved in time \(or its page was closed\)/);
        return true;
      });
      assert.equal(browser.shown.length, 1);
    } finally {
      env = { ...env, AWS_ENDPOINT_URL_SSO_OIDC: sts.url };
      await short.stop();
    }
  });

  it('a sign-in revoked mid-session: a renewal is told to sign in, a person\'s assume signs in again', async () => {
    await engine.assume('sso-admin', MODEL);
    const token = storedAccessToken()!;
    // The portal's Logout from elsewhere (another client, an administrator): the token is dead.
    await createIdentityCenterPortalPort().logout({ region: 'us-east-1', endpoint: sts.url }, { accessToken: token });
    await assert.rejects(engine.assume('sso-admin', MODEL, undefined, { interactive: false }), (error: unknown) => {
      assert.ok(error instanceof SessionError);
      assert.equal(error.kind, 'sso-login-required');
      assert.match(error.message, /no longer accepts your sign-in \(it was revoked or ended\)\. Sign in again\.$/);
      return true;
    });
    assert.equal(storedAccessToken(), undefined, 'the refused token is forgotten');
    const again = await engine.assume('sso-admin', MODEL);
    assert.equal(browser.shown.length, 2);
    assert.match((await whoIs(again.credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
  });

  it('Sign Out: the portal\'s Logout ends the token, and SecretStorage forgets it', async () => {
    await engine.assume('sso-admin', MODEL);
    const token = storedAccessToken()!;
    assert.equal(await signIns.signOutAll(), 1);
    assert.deepEqual([...secrets.data.keys()], ['awsRoles.mfaSessionEpoch'], 'only the new sign-out epoch, which is no secret');
    assert.ok(secrets.changes.includes(`delete ${SIGN_IN_INDEX_KEY}`));
    const portal = new SSOClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      await assert.rejects(portal.send(new ListAccountsCommand({ accessToken: token })), UnauthorizedException);
    } finally {
      portal.destroy();
    }
  });

  it('Sign Out in another window while this one refreshes: the refreshed token is never kept, and is signed out at the portal', async () => {
    await engine.assume('sso-admin', MODEL);
    const expiresAt = (JSON.parse(secrets.data.get('awsRoles.identityCenter:session acme')!) as { expiresAt: number }).expiresAt;
    // This window's OIDC answers wait for a gate, as a slow network would.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = createIdentityCenterOidcPort();
    const logger = new FakeSessionLogger();
    const slowWindow = new IdentityCenterSignIns({
      oidc: { ...real, createToken: async (target, request) => { const answer = await real.createToken(target, request); await gate; return answer; } },
      portal: createIdentityCenterPortalPort(),
      loopback: loopbackRedirectServer,
      presenter: browser,
      secrets,
      cacheFiles: ssoTokenCacheFiles(() => cacheFolder),
      time: { now: () => expiresAt - 4 * 60_000, schedule: (ms, callback) => systemTime.schedule(ms, callback) },
      logger,
      flow: () => flow,
      shareWithCli: () => share,
      clientName: 'AWS Role Sessions (test)',
    });
    const [session] = identityCenterSessions(MODEL, env);
    // The service is shared by every test here: wait for this refresh's own CreateToken.
    const createTokensBefore = oidcCalls('CreateToken');
    const refreshing = slowWindow.accessToken(session, { interactive: false });
    await until('this window\'s refresh reaches the service', () => oidcCalls('CreateToken') > createTokensBefore, 20_000, () => `${oidcCalls('CreateToken')} CreateToken calls`);
    // The other window signs out while the refresh is on its way back.
    const logouts = () => sts.calls.list().filter((call) => call.action === 'sso:Logout').length;
    const logoutsBefore = logouts();
    assert.equal(await signIns.signOutAll(), 1);
    release();
    await assert.rejects(refreshing, (error: unknown) => error instanceof IdentityCenterError && error.kind === 'sign-in-needed' && /you signed out while this sign-in was under way/.test(error.message));
    assert.equal(secrets.data.get('awsRoles.identityCenter:session acme'), undefined, 'the refreshed sign-in is not kept');
    assert.equal(logouts() - logoutsBefore, 2, 'the Sign Out\'s Logout, and one for the refreshed token');
    await assert.rejects(engine.assume('sso-admin', MODEL, undefined, { interactive: false }), (error: unknown) => error instanceof SessionError && error.kind === 'sso-login-required');
    slowWindow.dispose();
  });

  it('the portal throttling: a burst the SDK rides out with its retries, and a longer one told once as throttled, with nothing stale handed out', async () => {
    await engine.assume('sso-admin', MODEL);
    sts.faults.set({ kind: 'throttle', times: 2, actions: ['sso:GetRoleCredentials'] });
    const renewed = await engine.assume('sso-admin', MODEL, undefined, { interactive: false });
    assert.match((await whoIs(renewed.credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
    sts.faults.set({ kind: 'throttle', times: 10, actions: ['sso:GetRoleCredentials'] });
    try {
      await assert.rejects(engine.assume('sso-admin', MODEL, undefined, { interactive: false }), (error: unknown) => {
        assert.ok(error instanceof SessionError);
        assert.equal(error.kind, 'throttled');
        assert.equal(error.message, 'Profile "sso-admin": Getting role AdministratorAccess in account 555555555555 at IAM Identity Center (sso-session acme) was throttled. Wait a moment, then try again.');
        return true;
      });
    } finally {
      sts.faults.clear();
    }
    assert.ok(storedAccessToken(), 'throttling is no reason to forget the sign-in');
    assert.equal(browser.shown.length, 1);
  });

  it('lists the accounts and each account\'s roles, once per sign-in', async () => {
    const [session] = identityCenterSessions(MODEL, env);
    const accounts = await access.accounts(session, { interactive: true });
    assert.deepEqual(accounts.map((account) => `${account.accountName} ${account.accountId}`).sort(), ['dev 222222222222', 'sandbox 555555555555']);
    assert.deepEqual([...(await access.roleNames(session, '555555555555', { interactive: true }))].sort(), ['AdministratorAccess', 'ReadOnly']);
    const listed = sts.calls.list().filter((call) => call.action === 'sso:ListAccounts').length;
    await access.accounts(session, { interactive: false });
    assert.equal(sts.calls.list().filter((call) => call.action === 'sso:ListAccounts').length, listed, 'kept for the sign-in');
  });

  it('a sign-in `aws sso login` left in the CLI\'s cache is used with no page, and Sign Out leaves it to `aws sso logout`', async () => {
    // What `aws sso login` writes, obtained here from the same service by the device flow.
    browser.answer = 'approve';
    const cliSignIns = new IdentityCenterSignIns({
      oidc: createIdentityCenterOidcPort(),
      portal: createIdentityCenterPortalPort(),
      loopback: loopbackRedirectServer,
      presenter: browser,
      secrets: new FakeSecretStore(),
      cacheFiles: ssoTokenCacheFiles(() => cacheFolder),
      time: systemTime,
      logger: new FakeSessionLogger(),
      flow: () => 'device-code',
      shareWithCli: () => true,
      clientName: 'botocore-client-acme',
    });
    const [session] = identityCenterSessions(MODEL, env);
    await cliSignIns.signIn(session);
    cliSignIns.dispose();
    const fileName = tokenCacheFileName(session);
    const written = readFileSync(path.join(cacheFolder, fileName), 'utf8');
    const pagesBefore = browser.shown.length;

    const admin = await engine.assume('sso-admin', MODEL);
    assert.match((await whoIs(admin.credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
    assert.equal(browser.shown.length, pagesBefore, 'no page: the CLI\'s sign-in serves');
    assert.deepEqual(secrets.changes, [], 'nothing copied into SecretStorage');
    assert.equal(await signIns.signOutAll(), 0);
    assert.equal(readFileSync(path.join(cacheFolder, fileName), 'utf8'), written, 'the CLI\'s file untouched');
  });

  it('shared with the AWS CLI: the cache file as the CLI writes it, which the SDK\'s fromSSO, the AWS CLI v1 and boto3 read; Sign Out deletes it', async () => {
    share = true;
    await engine.assume('sso-admin', MODEL);
    const fileName = tokenCacheFileName({ sessionName: 'acme', startUrl: START_URL });
    assert.deepEqual(readdirSync(cacheFolder), [fileName]);
    const file = JSON.parse(readFileSync(path.join(cacheFolder, fileName), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(file).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
    assert.match(file.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // The SDK outside VS Code, in that home, with the same config: it reads the shared sign-in.
    const configFile = path.join(home, '.aws', 'config');
    writeFileSync(configFile, CONFIG);
    const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_ENDPOINT_URL_SSO: process.env.AWS_ENDPOINT_URL_SSO };
    Object.assign(process.env, { HOME: home, AWS_CONFIG_FILE: configFile, AWS_ENDPOINT_URL_SSO: sts.url });
    try {
      const credentials = await fromSSO({ profile: 'sso-admin', ignoreCache: true })();
      assert.match((await whoIs(credentials)) ?? '', /AWSReservedSSO_AdministratorAccess/);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }

    // The AWS CLI v1 and boto3 (botocore's SSO token provider) read it too; the CLI v2 on Debian
    // (2.9) cannot be pointed at a local portal for a profile (service endpoints came in 2.13).
    const processEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', PYTHONWARNINGS: 'ignore', ...env };
    const cliV1 = cliV1Path();
    if (cliV1) {
      const answer = await run(cliV1, ['sts', 'get-caller-identity', '--profile', 'sso-admin', '--output', 'json'], { env: processEnv, timeoutMs: 60_000 });
      assert.equal(answer.code, 0, answer.stderr);
      assert.match(answer.stdout, /"Arn": "arn:aws:sts::555555555555:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice"/);
    }
    const boto3 = await run(PYTHON, ['-c', "import boto3; print(boto3.Session(profile_name='sso-admin').client('sts').get_caller_identity()['Arn'])"], { env: processEnv, timeoutMs: 60_000 });
    assert.equal(boto3.code, 0, boto3.stderr);
    assert.match(boto3.stdout, /^arn:aws:sts::555555555555:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/alice$/m);
    // botocore refreshes a token near its end with the file's client and refresh token, as the
    // extension wrote them, and writes the refreshed one back in the same form.
    const nearEnd = { ...file, expiresAt: new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    writeFileSync(path.join(cacheFolder, fileName), JSON.stringify(nearEnd));
    const refreshesBefore = oidcCalls('CreateToken');
    const refreshed = await run(PYTHON, ['-c', "import boto3; print(boto3.Session(profile_name='sso-admin').client('sts').get_caller_identity()['Arn'])"], { env: processEnv, timeoutMs: 60_000 });
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.equal(oidcCalls('CreateToken'), refreshesBefore + 1, 'botocore refreshed the shared sign-in');
    const rewritten = JSON.parse(readFileSync(path.join(cacheFolder, fileName), 'utf8')) as Record<string, string>;
    assert.notEqual(rewritten.accessToken, file.accessToken);

    await signIns.signOutAll();
    assert.deepEqual(readdirSync(cacheFolder), []);
  });
});
