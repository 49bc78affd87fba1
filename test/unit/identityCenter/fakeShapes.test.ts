/**
 * The fakes' errors are the SDK's: each one the Identity Center tests script is checked against
 * the exception `@aws-sdk/client-sso-oidc` or `@aws-sdk/client-sso` builds from the same answer
 * (its `name`, OAuth `error`, `$fault` and status), and the core reads both the same way, so a
 * test that passes on the fake says what the extension does against the real service.
 */

import * as assert from 'node:assert/strict';
import * as sso from '@aws-sdk/client-sso';
import * as oidc from '@aws-sdk/client-sso-oidc';
import { toIdentityCenterError } from '../../../src/core/identityCenter/identityCenterErrors';
import { oidcErrors, portalErrors, type SdkServiceError } from '../../support/fakes/fakeIdentityCenter';

const SESSION = { sessionName: 'acme', startUrl: 'https://acme-example.awsapps.com/start' };

/** What the SDK builds from an answer of `status` with a JSON body naming `error`. */
function sdkMetadata(status: number) {
  return { $metadata: { httpStatusCode: status, requestId: 'b7c1e7a0-0000-4000-8000-000000000001' } };
}

const PAIRS: readonly (readonly [string, SdkServiceError, Error])[] = [
  [
    'AuthorizationPendingException',
    oidcErrors.authorizationPending(),
    new oidc.AuthorizationPendingException({ ...sdkMetadata(400), message: 'Authorization is still pending', error: 'authorization_pending', error_description: 'Authorization is still pending' }),
  ],
  ['SlowDownException', oidcErrors.slowDown(), new oidc.SlowDownException({ ...sdkMetadata(400), message: 'Client is polling too quickly', error: 'slow_down', error_description: 'Client is polling too quickly' })],
  ['ExpiredTokenException', oidcErrors.expiredToken(), new oidc.ExpiredTokenException({ ...sdkMetadata(400), message: 'Device code has expired', error: 'expired_token', error_description: 'Device code has expired' })],
  ['AccessDeniedException', oidcErrors.accessDenied(), new oidc.AccessDeniedException({ ...sdkMetadata(400), message: 'Access denied by user', error: 'access_denied', error_description: 'Access denied by user' })],
  ['InvalidGrantException', oidcErrors.invalidGrant(), new oidc.InvalidGrantException({ ...sdkMetadata(400), message: 'Invalid refresh token provided', error: 'invalid_grant', error_description: 'Invalid refresh token provided' })],
  ['InvalidClientException', oidcErrors.invalidClient(), new oidc.InvalidClientException({ ...sdkMetadata(401), message: 'Client authentication failed', error: 'invalid_client', error_description: 'Client authentication failed' })],
  ['UnauthorizedException', portalErrors.unauthorized(), new sso.UnauthorizedException({ ...sdkMetadata(401), message: 'Session token not found or invalid' })],
  ['TooManyRequestsException', portalErrors.tooManyRequests(), new sso.TooManyRequestsException({ ...sdkMetadata(429), message: 'Too many requests' })],
  // Not modelled: the SDK names the service's base exception after the answer's error code.
  ['ForbiddenException', portalErrors.forbidden(), new sso.SSOServiceException({ name: 'ForbiddenException', $fault: 'client', ...sdkMetadata(403), message: 'No access' })],
];

describe("the Identity Center fakes' errors", () => {
  for (const [name, fake, real] of PAIRS) {
    it(`${name} carries what the SDK's does, and the core reads it the same way`, () => {
      const facts = (error: Error) => {
        const e = error as Partial<SdkServiceError>;
        return { name: e.name, error: e.error, $fault: e.$fault, status: e.$metadata?.httpStatusCode, message: e.message };
      };
      assert.deepEqual(facts(fake), facts(real));
      assert.equal(fake.name, name);
      const fromFake = toIdentityCenterError(fake, SESSION, 'Listing your accounts');
      const fromReal = toIdentityCenterError(real, SESSION, 'Listing your accounts');
      assert.deepEqual([fromFake.kind, fromFake.message, fromFake.causeName], [fromReal.kind, fromReal.message, fromReal.causeName]);
    });
  }
});
