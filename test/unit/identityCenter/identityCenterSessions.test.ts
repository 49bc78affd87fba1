/**
 * Which IAM Identity Center a profile signs in to, read from the AWS config as the CLI and the
 * SDKs read it: the sso-session or the legacy keys, the registration scopes, and the endpoints
 * of the OIDC service and the portal (variables, a `[services]` section, or none).
 */

import * as assert from 'node:assert/strict';
import {
  DEFAULT_SCOPES,
  identityCenterRoleOf,
  identityCenterSessionOf,
  identityCenterSessions,
  IdentityCenterSettingsError,
  oidcBaseUrl,
  type IdentityCenterSession,
} from '../../../src/core/identityCenter/identityCenterSessions';
import type { Environment } from '../../../src/core/config/serviceEndpoints';
import { modelOf } from '../assume/modelHelpers';

const ACME = 'https://acme-example.awsapps.com/start';
const LEGACY = 'https://legacy-example.awsapps.com/start';

const CONFIG = `
[sso-session acme]
sso_start_url = ${ACME}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions ,

[sso-session plain]
sso_start_url = https://plain-example.awsapps.com/start
sso_region = us-east-1

[sso-session unused]
sso_start_url = https://unused-example.awsapps.com/start
sso_region = ap-southeast-2

[sso-session half]
sso_start_url = https://half-example.awsapps.com/start

[profile admin]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = AdministratorAccess

[profile readonly]
sso_session = acme
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile plain-user]
sso_session = plain
sso_account_id = 333333333333
sso_role_name = Developer

[profile old]
sso_start_url = ${LEGACY}
sso_region = us-west-2
sso_account_id = 444444444444
sso_role_name = Legacy

[profile old-too]
sso_start_url = ${LEGACY}
sso_region = us-west-2
sso_account_id = 555555555555
sso_role_name = LegacyToo

[profile dangling]
sso_session = nowhere
sso_account_id = 666666666666
sso_role_name = Nobody

[profile halfway]
sso_session = half
sso_account_id = 777777777777
sso_role_name = Half

[profile no-url]
sso_region = us-west-2
sso_account_id = 888888888888
sso_role_name = NoUrl

[profile no-role]
sso_session = acme
sso_account_id = 999999999999

[profile local]
sso_session = plain
sso_account_id = 123456789012
sso_role_name = Local
services = local-identity-center
endpoint_url = http://profile-endpoint.example:1

[profile local-oidc-only]
sso_session = plain
sso_account_id = 123456789012
sso_role_name = Local
services = oidc-only

[profile ignoring]
sso_session = plain
sso_account_id = 123456789012
sso_role_name = Local
ignore_configured_endpoint_urls = true
endpoint_url = http://profile-endpoint.example:1

[services local-identity-center]
sts =
  endpoint_url = http://sts.example:2
sso_oidc =
  endpoint_url = http://oidc.example:3
sso =
  endpoint_url = http://portal.example:4

[services oidc-only]
sso_oidc =
  endpoint_url = http://oidc-only.example:5
`;

const model = modelOf(CONFIG);

function sessionOf(profileName: string, env: Environment = {}): IdentityCenterSession {
  const profile = model.byName.get(profileName);
  assert.ok(profile, `profile ${profileName} is in the model`);
  return identityCenterSessionOf(profile, model, env);
}

function settingsErrorOf(profileName: string): IdentityCenterSettingsError {
  try {
    sessionOf(profileName);
  } catch (error) {
    assert.ok(error instanceof IdentityCenterSettingsError, `expected an IdentityCenterSettingsError, got ${String(error)}`);
    return error;
  }
  assert.fail(`profile ${profileName} made a session`);
}

describe('Identity Center sessions from the AWS config', () => {
  describe('a profile with sso_session', () => {
    it('rides the [sso-session] section: its key, start URL, region and scopes split on commas', () => {
      assert.deepEqual(sessionOf('admin'), {
        key: 'session acme',
        sessionName: 'acme',
        startUrl: ACME,
        region: 'eu-west-1',
        scopes: ['sso:account:access', 'codewhisperer:completions'],
        oidc: { region: 'eu-west-1' },
        portal: { region: 'eu-west-1' },
      });
    });

    it('shares one sign-in with every profile of the same sso-session', () => {
      assert.equal(sessionOf('readonly').key, sessionOf('admin').key);
    });

    it('asks for the portal scope when the section names no registration scopes', () => {
      const session = sessionOf('plain-user');
      assert.deepEqual(session.scopes, ['sso:account:access']);
      assert.deepEqual(DEFAULT_SCOPES, ['sso:account:access']);
      assert.equal(session.region, 'us-east-1');
    });

    it('reads the account and role the profile asks for', () => {
      const role = identityCenterRoleOf(model.byName.get('readonly')!, model, {});
      assert.equal(role.accountId, '222222222222');
      assert.equal(role.roleName, 'ReadOnly');
      assert.equal(role.session.key, 'session acme');
    });
  });

  describe('a profile with the legacy keys', () => {
    it('signs in to its own start URL and sso_region, under a key of the start URL, without a session name', () => {
      const session = sessionOf('old');
      assert.equal(session.key, `start-url ${LEGACY}`);
      assert.equal(session.sessionName, undefined);
      assert.equal(session.startUrl, LEGACY);
      assert.equal(session.region, 'us-west-2');
      assert.deepEqual(session.oidc, { region: 'us-west-2' });
      assert.deepEqual(session.portal, { region: 'us-west-2' });
    });

    it('shares one sign-in with every profile of the same start URL', () => {
      assert.equal(sessionOf('old-too').key, sessionOf('old').key);
    });
  });

  describe('settings that make no sign-in', () => {
    it('says which [sso-session] section is missing', () => {
      assert.equal(settingsErrorOf('dangling').message, 'profile "dangling" names sso_session "nowhere", and there is no [sso-session nowhere] section');
    });

    it('says which key the [sso-session] section lacks', () => {
      assert.equal(settingsErrorOf('halfway').message, '[sso-session half] lacks sso_region');
    });

    it('says a legacy profile lacks its start URL', () => {
      assert.equal(settingsErrorOf('no-url').message, 'profile "no-url" lacks sso_start_url (or an sso_session)');
    });

    it('says when a profile names no role, though its sign-in is fine', () => {
      assert.throws(() => identityCenterRoleOf(model.byName.get('no-role')!, model, {}), (error: unknown) => {
        assert.ok(error instanceof IdentityCenterSettingsError);
        assert.equal(error.message, 'profile "no-role" lacks sso_role_name');
        return true;
      });
      assert.equal(sessionOf('no-role').key, 'session acme');
    });
  });

  describe('endpoints of the OIDC service and the portal', () => {
    it('takes AWS_ENDPOINT_URL_SSO_OIDC for the OIDC service and AWS_ENDPOINT_URL_SSO for the portal', () => {
      const session = sessionOf('admin', { AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc-env.example:7', AWS_ENDPOINT_URL_SSO: 'http://portal-env.example:8' });
      assert.deepEqual(session.oidc, { region: 'eu-west-1', endpoint: 'http://oidc-env.example:7' });
      assert.deepEqual(session.portal, { region: 'eu-west-1', endpoint: 'http://portal-env.example:8' });
    });

    it('takes AWS_ENDPOINT_URL for both when no service variable is set, and the service variable over it', () => {
      const both = sessionOf('admin', { AWS_ENDPOINT_URL: 'http://all.example:9' });
      assert.equal(both.oidc.endpoint, 'http://all.example:9');
      assert.equal(both.portal.endpoint, 'http://all.example:9');
      const mixed = sessionOf('admin', { AWS_ENDPOINT_URL: 'http://all.example:9', AWS_ENDPOINT_URL_SSO: 'http://portal-env.example:8' });
      assert.equal(mixed.oidc.endpoint, 'http://all.example:9');
      assert.equal(mixed.portal.endpoint, 'http://portal-env.example:8');
    });

    it("reads sso_oidc and sso from the profile's [services] section, not its sts entry", () => {
      const session = sessionOf('local');
      assert.deepEqual(session.oidc, { region: 'us-east-1', endpoint: 'http://oidc.example:3' });
      assert.deepEqual(session.portal, { region: 'us-east-1', endpoint: 'http://portal.example:4' });
    });

    it('falls back to the default portal when the services section names only sso_oidc', () => {
      const session = sessionOf('local-oidc-only');
      assert.equal(session.oidc.endpoint, 'http://oidc-only.example:5');
      assert.equal(session.portal.endpoint, undefined);
    });

    it('ignores every configured endpoint under AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or ignore_configured_endpoint_urls', () => {
      const session = sessionOf('local', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc-env.example:7' });
      assert.deepEqual(session.oidc, { region: 'us-east-1' });
      assert.deepEqual(session.portal, { region: 'us-east-1' });
      assert.deepEqual(sessionOf('ignoring').oidc, { region: 'us-east-1' });
    });
  });

  describe('every Identity Center the config names', () => {
    it('lists each sso-session once, then each legacy start URL once, and leaves out an incomplete section', () => {
      const sessions = identityCenterSessions(model, {});
      assert.deepEqual(
        sessions.map((session) => session.key),
        ['session acme', 'session plain', 'session unused', `start-url ${LEGACY}`],
      );
      assert.deepEqual(
        sessions.map((session) => [session.startUrl, session.region]),
        [
          [ACME, 'eu-west-1'],
          ['https://plain-example.awsapps.com/start', 'us-east-1'],
          ['https://unused-example.awsapps.com/start', 'ap-southeast-2'],
          [LEGACY, 'us-west-2'],
        ],
      );
    });

    it('gives a section no profile uses its scopes and the environment\'s endpoints', () => {
      const unused = identityCenterSessions(model, { AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc-env.example:7' }).find((session) => session.key === 'session unused');
      assert.ok(unused);
      assert.equal(unused.sessionName, 'unused');
      assert.deepEqual(unused.scopes, ['sso:account:access']);
      assert.deepEqual(unused.oidc, { region: 'ap-southeast-2', endpoint: 'http://oidc-env.example:7' });
      assert.deepEqual(unused.portal, { region: 'ap-southeast-2' });
    });

    it('is empty for a config without Identity Center', () => {
      assert.deepEqual(identityCenterSessions(modelOf('[profile dev]\nregion = eu-west-1\n'), {}), []);
    });
  });

  describe('the OIDC service address the browser opens', () => {
    it('is oidc.REGION.amazonaws.com in the commercial partition', () => {
      assert.equal(oidcBaseUrl({ region: 'us-east-1' }), 'https://oidc.us-east-1.amazonaws.com');
    });

    it('is oidc.REGION.amazonaws.com.cn in China', () => {
      assert.equal(oidcBaseUrl({ region: 'cn-north-1' }), 'https://oidc.cn-north-1.amazonaws.com.cn');
    });

    it('is an explicit endpoint without its trailing slashes', () => {
      assert.equal(oidcBaseUrl({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566/' }), 'http://127.0.0.1:4566');
      assert.equal(oidcBaseUrl({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566//' }), 'http://127.0.0.1:4566');
    });
  });
});
