/**
 * A property of the one function that turns a session into environment variables: whatever
 * the session and whatever VS Code inherited, it emits only the AWS variables it documents,
 * never a key it was not handed for this session, and never an empty value except to
 * neutralise a variable that is set in the inherited environment.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ENDPOINT_MODE_VARIABLES,
  ENVIRONMENT_MODE_VARIABLES,
  sessionEnvironment,
  type InheritedEnvironment,
} from '../../../src/core/injection/sessionEnvironment';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

/** Every variable the module documents; anything else in the output is a leak or a clobber. */
const DOCUMENTED = new Set<string>([
  ...ENVIRONMENT_MODE_VARIABLES,
  ...ENDPOINT_MODE_VARIABLES,
  'AWS_SECURITY_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
]);
const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'];

/** Inherited variables worth trying: every one the function reads, some it must leave alone, and noise. */
const INHERITED_NAMES = [
  ...DOCUMENTED,
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'PATH',
  'HOME',
];

/** Secrets that cannot be mistaken for one another or for anything else emitted. */
const secretText = (label: string) => fc.string({ minLength: 1, maxLength: 24 }).map((text) => `${label}-${text}`);

const sessionArbitrary: fc.Arbitrary<RoleSession> = fc.record({
  // Long-term keys (AKIA, no token, no end) as well as temporary ones (ASIA, token, end).
  temporary: fc.boolean(),
  keyTail: fc.stringMatching(/^[A-Z0-9]{16}$/),
  secretAccessKey: secretText('secret'),
  sessionToken: secretText('token'),
  expiration: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
  profileRegion: fc.constantFrom(undefined, 'eu-west-1', 'us-gov-west-1'),
}).map(({ temporary, keyTail, secretAccessKey, sessionToken, expiration, profileRegion }) => ({
  profileName: 'p',
  credentials: temporary
    ? { accessKeyId: `ASIA${keyTail}`, secretAccessKey, sessionToken, expiration }
    : { accessKeyId: `AKIA${keyTail}`, secretAccessKey },
  region: profileRegion ?? 'us-east-1',
  profileRegion,
  obtainedAt: 0,
  stsCalls: 1,
  notices: [],
}));

/** An inherited environment: some of the names above, each set to a value, an empty string, or an inherited long-term key. */
const inheritedArbitrary: fc.Arbitrary<InheritedEnvironment> = fc.dictionary(
  fc.constantFrom(...INHERITED_NAMES),
  fc.constantFrom('', 'inherited-value', 'AKIAINHERITEDLONGKEY', 'inheritedSecret/Key+1'),
  { maxKeys: INHERITED_NAMES.length },
);

describe('sessionEnvironment properties', () => {
  it('emits only documented variables, only this session\'s keys, and empty values only to neutralise inherited ones', () => {
    fc.assert(
      fc.property(fc.option(sessionArbitrary), fc.constantFrom('environment', 'endpoint') as fc.Arbitrary<'environment' | 'endpoint'>, inheritedArbitrary, (session, mode, inherited) => {
        // Upper case only, so no generated secret (`secret-…`, `token-…`) can be found inside it.
        const endpoint = { url: 'http://127.0.0.1:40123/CREDS', token: 'ENDPOINTTOKEN0123456789ABCDEF' };
        const { variables } = sessionEnvironment({ session: session ?? undefined, mode, endpoint, inherited });
        if (!session) {
          assert.deepEqual(variables, {});
          return;
        }
        const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
        for (const [name, value] of Object.entries(variables)) {
          assert.ok(DOCUMENTED.has(name), `undocumented variable ${name}`);
          assert.equal(typeof value, 'string', `${name} is a string`);
          if (value === '') assert.notEqual(inherited[name], undefined, `${name} is emptied only when inherited`);
          // No inherited key ever passes through, under any name.
          if (KEY_VARIABLES.includes(name)) assert.ok(value === '' || [accessKeyId, secretAccessKey, sessionToken].includes(value), `${name} holds a key of this session`);
        }
        const secrets = [secretAccessKey, sessionToken].filter((secret): secret is string => secret !== undefined);
        const holding = (secret: string) => Object.entries(variables).filter(([, value]) => value.includes(secret)).map(([name]) => name);
        if (mode === 'endpoint') {
          // Endpoint mode hands out an address, never a key: a key variable is only ever emptied.
          for (const name of KEY_VARIABLES) assert.ok(variables[name] === undefined || variables[name] === '', `${name} in endpoint mode`);
          assert.deepEqual(holding(accessKeyId), []);
          for (const secret of secrets) assert.deepEqual(holding(secret), []);
          assert.equal(variables.AWS_CONTAINER_AUTHORIZATION_TOKEN, endpoint.token);
          return;
        }
        assert.equal(variables.AWS_ACCESS_KEY_ID, accessKeyId);
        assert.equal(variables.AWS_SECRET_ACCESS_KEY, secretAccessKey);
        assert.deepEqual(holding(secretAccessKey), ['AWS_SECRET_ACCESS_KEY'], 'the secret key goes under its own name only');
        // Temporary keys always travel with their token; long-term keys never with an inherited one.
        if (sessionToken !== undefined) assert.equal(variables.AWS_SESSION_TOKEN, sessionToken);
        else assert.ok(variables.AWS_SESSION_TOKEN === undefined || variables.AWS_SESSION_TOKEN === '');
        assert.equal(variables.AWS_CONTAINER_CREDENTIALS_FULL_URI, undefined);
      }),
      { numRuns: 1000 },
    );
  });
});
