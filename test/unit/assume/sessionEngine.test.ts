import * as assert from 'node:assert/strict';
import { stsError } from '../../support/fakes/fakeSts';
import { ALICE_ARN, BASE_KEY_ID, BASE_SECRET, CODE, CONFIG, MFA_SERIAL, harness, rejection } from './engineHarness';
import { MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from '../../../src/core/vocabulary/sessionTypes';

const BASE = { accessKeyId: BASE_KEY_ID, secretAccessKey: BASE_SECRET };

describe('session engine: role chains', () => {
  it('assumes a 3-hop chain bottom-up with exact STS parameters per hop', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const session = await h.engine.assume('prod', h.model);

    const [mfaSession] = h.sts.getSessionTokenRequests;
    assert.deepEqual(mfaSession, {
      credentials: BASE,
      region: 'eu-west-1',
      endpoint: undefined,
      durationSeconds: 28_800,
      serialNumber: MFA_SERIAL,
      tokenCode: CODE,
    });
    const [dev, staging, prod] = h.sts.assumeRoleRequests;
    const issued = (n: number) => ({
      accessKeyId: `ASIAFAKEISSUED000${n}XY`,
      secretAccessKey: `issuedSecret000${n}/wJalrXUtnFEMIK7MDENGbPxRfiCY`,
      sessionToken: `IQoJb3JpZ2luX2VjEIssuedToken000${n}AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp`,
      expiration: new Date(h.clock.now() + (n === 1 ? 28_800 : 3600) * 1000),
    });
    assert.deepEqual(dev, {
      credentials: issued(1),
      region: 'eu-west-1',
      endpoint: undefined,
      roleArn: 'arn:aws:iam::222222222222:role/Dev',
      roleSessionName: 'alice-vscode',
      durationSeconds: 3600,
      externalId: undefined,
      serialNumber: undefined,
      tokenCode: undefined,
    });
    assert.deepEqual(staging, {
      credentials: issued(2),
      region: 'eu-central-1',
      endpoint: undefined,
      roleArn: 'arn:aws:iam::333333333333:role/Staging',
      roleSessionName: 'alice-vscode',
      durationSeconds: 3600,
      externalId: 'staging-ext',
      serialNumber: undefined,
      tokenCode: undefined,
    });
    assert.deepEqual(prod, {
      credentials: issued(3),
      region: 'eu-central-1',
      endpoint: undefined,
      roleArn: 'arn:aws:iam::444444444444:role/ops/Prod',
      roleSessionName: 'alice-prod',
      durationSeconds: 3600,
      externalId: undefined,
      serialNumber: undefined,
      tokenCode: undefined,
    });
    assert.deepEqual(
      h.sts.calls.map((call) => call.action),
      ['GetSessionToken', 'AssumeRole', 'AssumeRole', 'AssumeRole'],
    );

    assert.deepEqual(session, {
      profileName: 'prod',
      credentials: issued(4),
      region: 'eu-central-1',
      profileRegion: 'eu-central-1',
      assumedRoleArn: 'arn:aws:sts::444444444444:assumed-role/Prod/alice-prod',
      identity: { arn: 'arn:aws:sts::444444444444:assumed-role/Prod/alice-prod', account: '444444444444', userId: 'AROA444444444444ROLE:alice-prod' },
      obtainedAt: h.clock.now(),
      stsCalls: 4,
      notices: ['Profile staging asked for 7200 s, but STS limits chained roles to 3600 s; the session lasts one hour.'],
      endpoint: undefined,
      // What renewal needs: the chain root first, the MFA device, and when the MFA session it rode ends (8 h after the code).
      chain: [
        { profileName: 'base', kind: 'staticKeys' },
        // Every hop is chained: dev rode the MFA session, the others a role's credentials (console sign-in reads this).
        { profileName: 'dev', kind: 'role', roleArn: 'arn:aws:iam::222222222222:role/Dev', chained: true },
        { profileName: 'staging', kind: 'role', roleArn: 'arn:aws:iam::333333333333:role/Staging', chained: true },
        { profileName: 'prod', kind: 'role', roleArn: 'arn:aws:iam::444444444444:role/ops/Prod', chained: true },
      ],
      mfaSerial: MFA_SERIAL,
      mfaSessionExpiration: new Date(h.clock.now() + 28_800_000),
      credentialsKind: 'role',
    });
    assert.equal(h.prompt.requests.length, 1);
    assert.deepEqual(h.prompt.requests[0], { profileName: 'prod', hopProfileName: 'dev', mfaSerial: MFA_SERIAL, attempt: 1, previousError: undefined, recentlyUsedCodes: [] });
  });

  it('logs each step with shortened key ids', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('prod', h.model);
    const text = h.logger.text();
    assert.match(text, /profile prod: root credentials: static keys \.\.\.MXYZ of profile "base" \(long-term\)/);
    assert.match(text, /profile prod: MFA session for base\/arn:aws:iam::111111111111:mfa\/alice: GetSessionToken \(28800 s\) with key \.\.\.MXYZ/);
    assert.match(text, /profile prod: hop 1\/3 assume arn:aws:iam::222222222222:role\/Dev as alice-vscode \(3600 s\) with MFA session \.\.\.01XY in eu-west-1/);
    assert.match(text, /profile prod: hop 2\/3 assume arn:aws:iam::333333333333:role\/Staging as alice-vscode \(3600 s\) with keys \.\.\.02XY in eu-central-1/);
    assert.match(text, /warn: profile prod: Profile staging asked for 7200 s, but STS limits chained roles to 3600 s; the session lasts one hour\./);
    assert.match(text, /profile prod: session ready as arn:aws:sts::444444444444:assumed-role\/Prod\/alice-prod, expires 2026-03-01T10:00:00\.000Z \(4 STS calls\)/);
  });

  it('does not cache role sessions: the next assume starts fresh (reusing only the MFA session)', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const first = await h.engine.assume('prod', h.model);
    const second = await h.engine.assume('prod', h.model);
    assert.notEqual(first, second);
    assert.equal(second.stsCalls, 3);
    assert.equal(h.sts.count('GetSessionToken'), 1);
    assert.equal(h.prompt.requests.length, 1);
  });

  it('uses the hop\'s duration when the hop is not chained (long-term keys, no MFA)', async () => {
    const h = harness({ config: '[profile long]\nrole_arn = arn:aws:iam::222222222222:role/Long\nsource_profile = base\nduration_seconds = 43200\n' });
    const session = await h.engine.assume('long', h.model);
    assert.equal(h.sts.assumeRoleRequests[0].durationSeconds, 43_200);
    assert.deepEqual(session.notices, []);
    assert.equal(session.stsCalls, 1);
    assert.deepEqual(session.chain?.[1], { profileName: 'long', kind: 'role', roleArn: 'arn:aws:iam::222222222222:role/Long', chained: false });
  });

  it('caps a hop over temporary static keys (aws_session_token) and says so', async () => {
    const temp = { accessKeyId: 'ASIATEMPORARYKEYABCD', secretAccessKey: 'tempSecret0000/K7MDENGbPxRfiCYEXAMPLEKEY', sessionToken: 'tempToken0000IQoJb3JpZ2luX2VjEXAMPLEtoken' };
    const h = harness({
      config: '[profile long]\nrole_arn = arn:aws:iam::222222222222:role/Long\nsource_profile = temp\nduration_seconds = 7200\n',
      credentials: `[temp]\naws_access_key_id = ${temp.accessKeyId}\naws_secret_access_key = ${temp.secretAccessKey}\naws_session_token = ${temp.sessionToken}\n`,
    });
    h.sts.addUser(temp, 'arn:aws:sts::111111111111:assumed-role/Sso/alice');
    const session = await h.engine.assume('long', h.model);
    assert.deepEqual(h.sts.assumeRoleRequests[0].credentials, { ...temp });
    assert.equal(h.sts.assumeRoleRequests[0].durationSeconds, 3600);
    assert.deepEqual(session.notices, ['Profile long asked for 7200 s, but STS limits chained roles to 3600 s; the session lasts one hour.']);
    assert.ok(h.logger.lines.some((line) => line.level === 'warn' && line.message.includes('asked for 7200 s')));
  });

  it('resolves the region from the environment, then us-east-1, and names the session after the user', async () => {
    const config = '[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = base\n';
    const withEnv = harness({ config, env: { AWS_DEFAULT_REGION: 'ca-central-1' }, userName: 'Alice Smith (CORP)' });
    const session = await withEnv.engine.assume('r', withEnv.model);
    assert.equal(session.region, 'ca-central-1');
    // Only a region the profile names is injected into terminals; this one came from the environment.
    assert.equal(session.profileRegion, undefined);
    assert.equal(withEnv.sts.assumeRoleRequests[0].region, 'ca-central-1');
    assert.equal(withEnv.sts.assumeRoleRequests[0].roleSessionName, 'Alice-Smith-CORP-vscode');

    const bare = harness({ config, userName: '' });
    const fallback = await bare.engine.assume('r', bare.model);
    assert.equal(fallback.region, 'us-east-1');
    assert.equal(bare.sts.assumeRoleRequests[0].roleSessionName, 'aws-role-sessions');
  });

  it('sends every call to the endpoint the SDK would use, and keeps it on the session', async () => {
    const h = harness({ env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' } });
    h.prompt.answer(CODE);
    const session = await h.engine.assume('prod', h.model);
    assert.deepEqual(
      h.sts.calls.map((call) => call.request.endpoint),
      ['http://127.0.0.1:4566', 'http://127.0.0.1:4566', 'http://127.0.0.1:4566', 'http://127.0.0.1:4566'],
    );
    assert.equal(session.endpoint, 'http://127.0.0.1:4566');
    assert.match(h.logger.text(), /STS endpoint http:\/\/127\.0\.0\.1:4566 \(from AWS_ENDPOINT_URL_STS\)/);
    await h.engine.getCallerIdentity(session);
    assert.equal(h.sts.calls.at(-1)?.request.endpoint, 'http://127.0.0.1:4566');
  });

  it('takes sts.endpoint_url from the picked profile\'s services section', async () => {
    const config = `${CONFIG}[profile local]\nrole_arn = arn:aws:iam::222222222222:role/Local\nsource_profile = base\nservices = here\n[services here]\nsts =\n  endpoint_url = http://localhost:9000\n`;
    const h = harness({ config });
    await h.engine.assume('local', h.model);
    assert.equal(h.sts.assumeRoleRequests[0].endpoint, 'http://localhost:9000');
  });

  it('getCallerIdentity asks STS with the session\'s credentials and region', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const session = await h.engine.assume('dev', h.model);
    const identity = await h.engine.getCallerIdentity(session);
    assert.deepEqual(identity, { account: '222222222222', arn: 'arn:aws:sts::222222222222:assumed-role/Dev/alice-vscode', userId: 'AROA222222222222ROLE:alice-vscode' });
    assert.deepEqual(h.sts.calls.at(-1), {
      action: 'GetCallerIdentity',
      request: { credentials: session.credentials, region: 'eu-west-1', endpoint: undefined },
    });
    h.clock.advanceSeconds(3600);
    const expired = await rejection(h.engine.getCallerIdentity(session), 'expired-credentials');
    // A role session the extension assumed: the fix is to assume again, not to touch the source keys.
    assert.equal(expired.message, 'Profile "dev": the session has expired. Assume profile "dev" again to get a new one.');
    assert.equal(h.logger.lines.filter((line) => line.message === expired.message).length, 1, 'logged once, by the engine');
  });

  it('Show Identity on a revoked role session advises assuming again, not checking keys', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const session = await h.engine.assume('prod', h.model);
    h.sts.failNext('GetCallerIdentity', stsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
    const revoked = await rejection(h.engine.getCallerIdentity(session), 'invalid-credentials');
    assert.equal(
      revoked.message,
      'Profile "prod": STS no longer accepts the session (InvalidClientTokenId); it may have been revoked. Assume profile "prod" again to get a new one.',
    );
  });

  it('Show Identity on a profile\'s own long-term keys (allowed) still points at the keys', async () => {
    const h = harness({ allowLongTermKeys: ['base'] });
    const session = await h.engine.assume('base', h.model);
    h.sts.failNext('GetCallerIdentity', stsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
    const invalid = await rejection(h.engine.getCallerIdentity(session), 'invalid-credentials');
    assert.match(invalid.message, /Check aws_access_key_id and aws_secret_access_key in profile "base"/);
  });
});

describe('session engine: profiles that are not roles', () => {
  it('makes a profile of long-term keys a session of them: GetSessionToken for 12 h, then GetCallerIdentity with the session', async () => {
    const h = harness();
    const session = await h.engine.assume('base', h.model);
    const issued = h.sts.issuedCredentials[0];
    assert.deepEqual(h.sts.calls, [
      { action: 'GetSessionToken', request: { credentials: BASE, region: 'eu-west-1', endpoint: undefined, durationSeconds: 43_200 } },
      { action: 'GetCallerIdentity', request: { credentials: issued, region: 'eu-west-1', endpoint: undefined } },
    ]);
    assert.deepEqual(session, {
      profileName: 'base',
      credentials: issued,
      region: 'eu-west-1',
      profileRegion: 'eu-west-1',
      assumedRoleArn: undefined,
      identity: { account: '111111111111', arn: ALICE_ARN, userId: 'AIDA111111111111' },
      obtainedAt: h.clock.now(),
      stsCalls: 2,
      notices: [],
      endpoint: undefined,
      chain: [{ profileName: 'base', kind: 'staticKeys' }],
      credentialsKind: 'keys-session',
    });
    assert.notEqual(session.credentials.accessKeyId, BASE_KEY_ID, 'the long-term key never becomes the session');
    assert.equal(session.credentials.expiration?.getTime(), h.clock.now() + 12 * 3600_000);
  });

  it('hands out the long-term keys themselves only when the person allowed it for that profile: one GetCallerIdentity', async () => {
    const h = harness({ allowLongTermKeys: ['base'] });
    const session = await h.engine.assume('base', h.model);
    assert.deepEqual(h.sts.calls, [{ action: 'GetCallerIdentity', request: { credentials: BASE, region: 'eu-west-1', endpoint: undefined } }]);
    assert.deepEqual(session.credentials, BASE);
    assert.equal(session.credentialsKind, 'long-term-keys');
    assert.match(h.logger.text(), /long-term keys \.\.\.MXYZ of profile "base" handed out as they are: awsRoles.allowLongTermKeys names this profile/);
  });

  it('reports keys STS does not know as invalid', async () => {
    const h = harness({ credentials: '[base]\naws_access_key_id = AKIAUNKNOWNKEY00ABCD\naws_secret_access_key = nope\n' });
    const error = await rejection(h.engine.assume('base', h.model), 'invalid-credentials');
    assert.equal(
      error.message,
      'Profile "base": the keys of profile "base" (key ...ABCD) are not valid (STS: InvalidClientTokenId). Check aws_access_key_id and aws_secret_access_key in profile "base", or create new keys.',
    );
    assert.ok(h.logger.lines.some((line) => line.level === 'error' && line.message === error.message));
  });

  it('resolves an SSO profile through the roots port and keeps its assumed-role ARN', async () => {
    const sso = { accessKeyId: 'ASIASSOCREDENTIALSAB', secretAccessKey: 'ssoSecret0000/K7MDENGbPxRfiCYEXAMPLEKEYS', sessionToken: 'ssoToken0000IQoJb3JpZ2luX2VjEXAMPLEtoken', expiration: new Date('2026-03-01T17:00:00Z') };
    const h = harness({
      config: '[profile corp]\nsso_session = corp\nsso_account_id = 555555555555\nsso_role_name = Admin\nregion = us-west-2\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    });
    h.roots.set('corp', sso);
    h.sts.addUser(sso, 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_Admin_0123/alice');
    const session = await h.engine.assume('corp', h.model);
    assert.deepEqual(h.roots.requests, [{ profileName: 'corp', kind: 'sso', credentialSource: undefined }]);
    assert.equal(session.assumedRoleArn, 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_Admin_0123/alice');
    assert.equal(session.stsCalls, 1);
    assert.deepEqual(session.credentials, sso);
  });
});

describe('session engine: root credentials other than static keys', () => {
  const SSO_CONFIG = [
    '[profile corp]',
    'sso_session = corp',
    'sso_account_id = 555555555555',
    'sso_role_name = Admin',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '[profile over-sso]',
    'role_arn = arn:aws:iam::666666666666:role/Deploy',
    'source_profile = corp',
    'duration_seconds = 7200',
    '[profile env-role]',
    'role_arn = arn:aws:iam::666666666666:role/Ci',
    'credential_source = Environment',
    'duration_seconds = 7200',
    '',
  ].join('\n');

  it('maps a missing or expired SSO token to sso-login-required naming the SSO profile', async () => {
    const h = harness({ config: SSO_CONFIG });
    h.roots.set('corp', Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' }));
    const error = await rejection(h.engine.assume('over-sso', h.model), 'sso-login-required');
    assert.equal(error.message, 'Profile "over-sso" (through profile "corp") needs a fresh sign-in to IAM Identity Center: use Sign In… (or run "aws sso login --profile corp").');
    assert.equal(error.hopProfileName, 'corp');
    const direct = await rejection(h.engine.assume('corp', h.model), 'sso-login-required');
    assert.equal(direct.message, 'Profile "corp" needs a fresh sign-in to IAM Identity Center: use Sign In… (or run "aws sso login --profile corp").');
    assert.equal(h.sts.count(), 0);
  });

  it('assumes a role over SSO credentials as a chained role', async () => {
    const h = harness({ config: SSO_CONFIG });
    const sso = { accessKeyId: 'ASIASSOCREDENTIALSAB', secretAccessKey: 'ssoSecret0000/K7MDENGbPxRfiCYEXAMPLEKEYS', sessionToken: 'ssoToken0000IQoJb3JpZ2luX2VjEXAMPLEtoken' };
    h.roots.set('corp', sso);
    h.sts.addUser(sso, 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_Admin_0123/alice');
    const session = await h.engine.assume('over-sso', h.model);
    assert.equal(h.sts.assumeRoleRequests[0].durationSeconds, 3600);
    assert.deepEqual(session.notices, ['Profile over-sso asked for 7200 s, but STS limits chained roles to 3600 s; the session lasts one hour.']);
    assert.equal(session.chain?.at(-1)?.chained, true);
  });

  it('resolves credential_source through the roots port; keys with a token make the hop chained', async () => {
    const h = harness({ config: SSO_CONFIG });
    const envKeys = { accessKeyId: 'ASIAENVIRONMENTKEYAB', secretAccessKey: 'envSecret0000/K7MDENGbPxRfiCYEXAMPLEKEYS', sessionToken: 'envToken0000IQoJb3JpZ2luX2VjEXAMPLEtoken' };
    h.roots.set('env-role', envKeys);
    h.sts.addUser(envKeys, 'arn:aws:sts::666666666666:assumed-role/Runner/ci');
    await h.engine.assume('env-role', h.model);
    assert.deepEqual(h.roots.requests, [{ profileName: 'env-role', kind: 'credentialSource', credentialSource: 'Environment' }]);
    assert.equal(h.sts.assumeRoleRequests[0].durationSeconds, 3600);

    const longTerm = harness({ config: SSO_CONFIG });
    longTerm.roots.set('env-role', BASE);
    await longTerm.engine.assume('env-role', longTerm.model);
    assert.equal(longTerm.sts.assumeRoleRequests[0].durationSeconds, 7200);
  });

  it('maps other root failures to root-credentials', async () => {
    const h = harness({ config: SSO_CONFIG });
    h.roots.set('env-role', new Error('Unable to find environment variable credentials.'));
    const error = await rejection(h.engine.assume('env-role', h.model), 'root-credentials');
    assert.match(error.message, /^Profile "env-role": could not get the credential_source Environment credentials of profile "env-role"/);
  });
});

describe('session engine: refusals and STS failures', () => {
  it('refuses an unknown profile, a broken chain and a profile with an error', async () => {
    const h = harness({
      config: `${CONFIG}[profile loop-a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = arn:aws:iam::222222222222:role/B\nsource_profile = loop-a\n[profile orphan]\nrole_arn = arn:aws:iam::222222222222:role/O\nsource_profile = nobody\n[profile nothing]\noutput = json\n[default]\nregion = us-east-1\n`,
    });
    const unknown = await rejection(h.engine.assume('ghost', h.model), 'config');
    assert.equal(unknown.message, 'Profile "ghost" cannot be assumed: there is no profile of that name in the AWS config files. Fix the name, or add the profile to the config file.');
    const orphan = await rejection(h.engine.assume('orphan', h.model), 'config');
    assert.equal(
      orphan.message,
      'Profile "orphan" cannot be assumed: The source_profile "nobody" referenced in the profile "orphan" does not exist. Add a [profile nobody] section or fix the name. Fix it in the AWS config file, then try again.',
    );
    const loop = await rejection(h.engine.assume('loop-a', h.model), 'config');
    assert.match(loop.message, /^Profile "loop-a" cannot be assumed: Detected a cycle attempting to resolve credentials for profile loop-a\./);
    const nothing = await rejection(h.engine.assume('nothing', h.model), 'config');
    assert.match(nothing.message, /^Profile "nothing" cannot be assumed: Profile "nothing" yields no credentials/);
    // A [default] of settings only is no mistake in the file, yet nothing to assume either.
    const settingsOnly = await rejection(h.engine.assume('default', h.model), 'config');
    assert.equal(settingsOnly.message, 'Profile "default" cannot be assumed: it holds no credentials (no role_arn, keys, SSO, credential_process or web identity settings). Pick a profile that does.');
    assert.equal(h.sts.count(), 0);
    assert.deepEqual(h.secrets.changes, []);
  });

  it('names the role and the caller when a trust policy refuses', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    h.sts.requireMfa('arn:aws:iam::333333333333:role/Staging');
    const error = await rejection(h.engine.assume('staging', h.model), 'access-denied');
    assert.equal(
      error.message,
      'Profile "staging": "arn:aws:sts::222222222222:assumed-role/Dev/alice-vscode" is not allowed to assume arn:aws:iam::333333333333:role/Staging. The role\'s trust policy must allow this caller (and MFA, if the policy requires it); ask the role\'s owner, or check source_profile and mfa_serial in profile "staging".',
    );
  });

  it('maps network failures to a retryable unreachable error naming the endpoint', async () => {
    const h = harness({ config: '[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = base\n', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } });
    h.sts.failNext('AssumeRole', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    const error = await rejection(h.engine.assume('r', h.model), 'unreachable');
    assert.equal(
      error.message,
      'Profile "r": could not reach STS at http://127.0.0.1:1 (ECONNREFUSED). Check the network connection, the proxy settings and endpoint_url (or AWS_ENDPOINT_URL), then try again.',
    );
    assert.equal(error.retryable, true);
  });

  it('maps a region STS is disabled in', async () => {
    const h = harness({ config: '[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = base\nregion = ap-east-1\n' });
    h.sts.failNext('AssumeRole', stsError('RegionDisabledException', 'STS is not activated in this region for account:222222222222.', 403));
    const error = await rejection(h.engine.assume('r', h.model), 'region-disabled');
    assert.match(error.message, /STS is not enabled in region ap-east-1 for this account/);
  });

  it('wraps an unexpected failure (a broken secret store) in a SessionError', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    h.secrets.get = async () => {
      throw new Error(`keychain locked; last value ${BASE_SECRET}`);
    };
    const error = await rejection(h.engine.assume('dev', h.model), 'unknown');
    assert.ok(!error.message.includes(BASE_SECRET));
    assert.match(error.message, /^Profile "dev": the assume failed: keychain locked/);
  });

  it('keeps the MFA-session index and sessions intact across assumes', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    await h.engine.assume('dev', h.model);
    const key = `${MFA_SESSION_KEY_PREFIX}base:${MFA_SERIAL}`;
    assert.deepEqual(JSON.parse(h.secrets.data.get(MFA_SESSION_INDEX_KEY) ?? '[]'), [key]);
    assert.deepEqual(JSON.parse(h.secrets.data.get(key) ?? '{}'), {
      accessKeyId: 'ASIAFAKEISSUED0001XY',
      secretAccessKey: 'issuedSecret0001/wJalrXUtnFEMIK7MDENGbPxRfiCY',
      sessionToken: 'IQoJb3JpZ2luX2VjEIssuedToken0001AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp',
      expiration: '2026-03-01T17:00:00.000Z',
      rootAccessKeyId: BASE_KEY_ID,
      // The sign-out epoch it was obtained in: none yet, as no Sign Out has stored one.
      epoch: null,
    });
  });
});
