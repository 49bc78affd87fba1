/** The exact variables a terminal or a debug launch gets for a session, in each mode. */

import * as assert from 'node:assert/strict';
import { describeInjection, sessionEnvironment, type InheritedEnvironment } from '../../../src/core/injection/sessionEnvironment';
import type { EndpointAddress } from '../../../src/core/injection/ports';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
// Profile prod in eu-west-1, ending 2026-03-01T10:00:00.000Z.
import { fakeRoleSession as prod } from '../../support/fakes/roleSessions';

const ENDPOINT: EndpointAddress = { url: 'http://127.0.0.1:40123/creds-path', token: 'endpoint-token-not-real' };

/** Static long-term keys: no token, no end. */
function staticKeys(): RoleSession {
  return { profileName: 'alice', credentials: { accessKeyId: 'AKIAFAKE00000000AB12', secretAccessKey: 'notARealSecret' }, region: 'us-east-1', obtainedAt: 0, stsCalls: 1, notices: [] };
}

const CLEAN: InheritedEnvironment = { PATH: '/usr/bin', HOME: '/home/alice' };

describe('sessionEnvironment', () => {
  it('injects nothing without a session, in either mode', () => {
    assert.deepEqual(sessionEnvironment({ session: undefined, mode: 'environment', inherited: CLEAN }), { variables: {}, conflicts: [] });
    assert.deepEqual(sessionEnvironment({ session: undefined, mode: 'endpoint', endpoint: ENDPOINT, inherited: CLEAN }), { variables: {}, conflicts: [] });
  });

  it('environment mode: the keys, the token, the end and the profile region', () => {
    const result = sessionEnvironment({ session: prod(), mode: 'environment', inherited: CLEAN });
    assert.deepEqual(result, {
      variables: {
        AWS_ACCESS_KEY_ID: 'ASIAFAKE0000000000XY',
        AWS_SECRET_ACCESS_KEY: 'notARealSecret',
        AWS_SESSION_TOKEN: 'notARealToken',
        AWS_CREDENTIAL_EXPIRATION: '2026-03-01T10:00:00.000Z',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
      },
      conflicts: [],
    });
  });

  it('endpoint mode: only the endpoint address and the region, no key', () => {
    const result = sessionEnvironment({ session: prod(), mode: 'endpoint', endpoint: ENDPOINT, inherited: CLEAN });
    assert.deepEqual(result.variables, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:40123/creds-path',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'endpoint-token-not-real',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it('leaves the region alone when the profile names none (the session fell back to the environment or us-east-1)', () => {
    const session = prod({ profileRegion: undefined, region: 'us-east-1' });
    const { variables } = sessionEnvironment({ session, mode: 'environment', inherited: { ...CLEAN, AWS_REGION: 'ap-south-1' } });
    assert.equal(variables.AWS_REGION, undefined);
    assert.equal(variables.AWS_DEFAULT_REGION, undefined);
  });

  it('static keys: no token and no end, and an inherited token or end is neutralised rather than paired with them', () => {
    assert.deepEqual(sessionEnvironment({ session: staticKeys(), mode: 'environment', inherited: CLEAN }).variables, {
      AWS_ACCESS_KEY_ID: 'AKIAFAKE00000000AB12',
      AWS_SECRET_ACCESS_KEY: 'notARealSecret',
    });
    const inherited = { ...CLEAN, AWS_SESSION_TOKEN: 'stale', AWS_SECURITY_TOKEN: 'stale-legacy', AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z' };
    assert.deepEqual(sessionEnvironment({ session: staticKeys(), mode: 'environment', inherited }).variables, {
      AWS_ACCESS_KEY_ID: 'AKIAFAKE00000000AB12',
      AWS_SECRET_ACCESS_KEY: 'notARealSecret',
      AWS_SESSION_TOKEN: '',
      AWS_SECURITY_TOKEN: '',
      AWS_CREDENTIAL_EXPIRATION: '',
    });
  });

  it('keeps the legacy AWS_SECURITY_TOKEN in step when VS Code inherited one (botocore reads it first)', () => {
    const { variables } = sessionEnvironment({ session: prod(), mode: 'environment', inherited: { ...CLEAN, AWS_SECURITY_TOKEN: 'stale' } });
    assert.equal(variables.AWS_SECURITY_TOKEN, 'notARealToken');
    assert.equal(variables.AWS_SESSION_TOKEN, 'notARealToken');
  });

  it('endpoint mode neutralises inherited keys and a token file, which every client would take before the endpoint', () => {
    const inherited = {
      ...CLEAN,
      AWS_ACCESS_KEY_ID: 'AKIAINHERITED0000000',
      AWS_SECRET_ACCESS_KEY: 'inherited',
      AWS_SESSION_TOKEN: 'inherited',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token',
    };
    assert.deepEqual(sessionEnvironment({ session: prod(), mode: 'endpoint', endpoint: ENDPOINT, inherited }).variables, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:40123/creds-path',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'endpoint-token-not-real',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it('environment mode sets no endpoint variable, so switching from endpoint mode leaves none behind', () => {
    const { variables } = sessionEnvironment({ session: prod(), mode: 'environment', inherited: { ...CLEAN, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/x' } });
    assert.deepEqual(Object.keys(variables).filter((name) => name.startsWith('AWS_CONTAINER')), []);
  });

  it('reports an inherited AWS_PROFILE, which no value can neutralise (empty breaks the CLI), and never sets it', () => {
    for (const mode of ['environment', 'endpoint'] as const) {
      const result = sessionEnvironment({ session: prod(), mode, endpoint: ENDPOINT, inherited: { ...CLEAN, AWS_PROFILE: 'other', AWS_DEFAULT_PROFILE: 'legacy' } });
      assert.deepEqual(result.conflicts, [
        { kind: 'profile-set', variable: 'AWS_PROFILE', profileName: 'other' },
        { kind: 'profile-set', variable: 'AWS_DEFAULT_PROFILE', profileName: 'legacy' },
      ]);
      assert.equal('AWS_PROFILE' in result.variables, false);
    }
    // An empty inherited AWS_PROFILE counts as unset for the JS SDK: nothing to report.
    assert.deepEqual(sessionEnvironment({ session: prod(), mode: 'environment', inherited: { ...CLEAN, AWS_PROFILE: '' } }).conflicts, []);
  });

  it('reports an inherited relative container URI in endpoint mode (botocore asks it first, even empty)', () => {
    const inherited = { ...CLEAN, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' };
    assert.deepEqual(sessionEnvironment({ session: prod(), mode: 'endpoint', endpoint: ENDPOINT, inherited }).conflicts, [{ kind: 'relative-uri-set' }]);
    assert.deepEqual(sessionEnvironment({ session: prod(), mode: 'environment', inherited }).conflicts, []);
  });

  it('refuses endpoint mode without an endpoint address rather than injecting half of it', () => {
    assert.throws(() => sessionEnvironment({ session: prod(), mode: 'endpoint', inherited: CLEAN }), /needs the endpoint address/);
  });
});

describe('describeInjection', () => {
  it('names the profile, the end and the mode, and no secret', () => {
    const text = describeInjection(prod(), 'environment');
    assert.equal(text, 'AWS Role Sessions: profile `prod` until 10:00 UTC, as environment keys');
    const endpointText = describeInjection(prod(), 'endpoint');
    assert.match(endpointText, /local credential endpoint/);
    for (const secret of ['notARealSecret', 'notARealToken', 'ASIAFAKE0000000000XY']) {
      assert.equal(text.includes(secret) || endpointText.includes(secret), false);
    }
    assert.equal(describeInjection(staticKeys(), 'environment'), 'AWS Role Sessions: profile `alice`, as environment keys');
  });
});
