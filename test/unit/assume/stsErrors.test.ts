import * as assert from 'node:assert/strict';
import { redact, shortKeyId } from '../../../src/core/vocabulary/redaction';
import {
  isMfaCodeRejection,
  isNetworkError,
  isRejectedCredentials,
  toRootCredentialsError,
  toSessionError,
  type StsErrorContext,
} from '../../../src/core/assume/stsErrors';
import { ChildProcessFailure } from '../../../src/core/assume/processFailure';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { stsError } from '../../support/fakes/fakeSts';

const ROLE = 'arn:aws:iam::333333333333:role/Staging';
const CONTEXT: StsErrorContext = {
  profileName: 'prod',
  hopProfileName: 'staging',
  action: 'AssumeRole',
  roleArn: ROLE,
  sourceProfileName: 'dev',
  accessKeyId: 'ASIAEXAMPLEKEY00WXYZ',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
  durationSeconds: 7200,
  region: 'eu-west-1',
  endpoint: 'https://sts.eu-west-1.amazonaws.com',
};
const WHERE = 'Profile "prod" (hop "staging")';

function nodeError(code: string, message = `connect ${code} 10.0.0.1:443`): Error {
  return Object.assign(new Error(message), { code });
}

function map(error: unknown, context: Partial<StsErrorContext> = {}): SessionError {
  return toSessionError(error, { ...CONTEXT, ...context });
}

/** Maps each of `errors`, checking the kind and the exact message (which may name the error) of each. */
function assertEachMapsTo(errors: readonly Error[], kind: SessionError['kind'], message: (error: Error) => string): SessionError[] {
  return errors.map((error) => {
    const mapped = map(error);
    assert.equal(mapped.kind, kind);
    assert.equal(mapped.message, message(error));
    return mapped;
  });
}

describe('STS error mapping', () => {
  it('a wrong MFA code', () => {
    const error = map(stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403));
    assert.equal(error.kind, 'mfa-invalid');
    assert.equal(
      error.message,
      `${WHERE}: STS refused the MFA code for arn:aws:iam::111111111111:mfa/alice: it is wrong or was already used. Wait for the next code and try again.`,
    );
    assert.equal(error.profileName, 'prod');
    assert.equal(error.hopProfileName, 'staging');
    assert.equal(error.causeName, 'AccessDenied');
    assert.equal(error.retryable, false);
  });

  it('a refused trust, quoting the caller from STS\'s message', () => {
    const error = map(
      stsError('AccessDenied', 'User: arn:aws:sts::222222222222:assumed-role/Dev/alice-vscode is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/Staging', 403),
    );
    assert.equal(error.kind, 'access-denied');
    assert.equal(
      error.message,
      `${WHERE}: "arn:aws:sts::222222222222:assumed-role/Dev/alice-vscode" is not allowed to assume ${ROLE}. The role's trust policy must allow this caller (and MFA, if the policy requires it); ask the role's owner, or check source_profile and mfa_serial in profile "staging".`,
    );
  });

  it('a refused trust whose caller ARN mentions MFA is still a refused trust', () => {
    const error = map(stsError('AccessDenied', 'User: arn:aws:iam::111111111111:user/MFA-admin is not authorized to perform: sts:AssumeRole on resource: x', 403));
    assert.equal(error.kind, 'access-denied');
  });

  it('a refused trust without a caller in the message uses the known caller', () => {
    const error = map(stsError('AccessDenied', 'Access denied', 403), { callerArn: 'arn:aws:iam::111111111111:user/alice' });
    assert.match(error.message, /: "arn:aws:iam::111111111111:user\/alice" is not allowed to assume /);
  });

  it('AccessDenied on GetSessionToken quotes STS', () => {
    const error = map(stsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403), { action: 'GetSessionToken' });
    assert.equal(error.kind, 'access-denied');
    assert.equal(error.message, `${WHERE}: STS refused GetSessionToken for the credentials of profile "dev": Cannot call GetSessionToken with session credentials.`);
  });

  it('expired source credentials', () => {
    assertEachMapsTo(
      [
        stsError('ExpiredToken', 'The security token included in the request is expired', 403),
        stsError('Unknown', 'The security token included in the request is expired', 403),
        stsError('ExpiredTokenException', 'expired', 400),
      ],
      'expired-credentials',
      () => `${WHERE}: the credentials of profile "dev" (key ...WXYZ) have expired. Refresh the source keys or sign in again, then try again.`,
    );
  });

  it('invalid keys', () => {
    const mapped = map(stsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
    assert.equal(mapped.kind, 'invalid-credentials');
    assert.equal(
      mapped.message,
      `${WHERE}: the keys of profile "dev" (key ...WXYZ) are not valid (STS: InvalidClientTokenId). Check aws_access_key_id and aws_secret_access_key in profile "dev", or create new keys.`,
    );
  });

  it('a secret key that does not match, without clock words, is invalid credentials', () => {
    const mapped = map(stsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403));
    assert.equal(mapped.kind, 'invalid-credentials');
    assert.match(mapped.message, /the secret key of profile "dev" \(key \.\.\.WXYZ\) does not match its key id/);
  });

  it('a duration STS refuses', () => {
    for (const message of [
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      "1 validation error detected: Value '99' at 'durationSeconds' failed to satisfy constraint",
    ]) {
      const mapped = map(stsError('ValidationError', message));
      assert.equal(mapped.kind, 'duration-rejected');
      assert.equal(
        mapped.message,
        `${WHERE}: STS refused the session duration of 7200 s for ${ROLE}. Lower duration_seconds in profile "staging" (at most the role's maximum session duration, and 3600 for a role assumed with temporary credentials).`,
      );
    }
  });

  it('other validation errors are config problems, quoted', () => {
    const mapped = map(stsError('ValidationError', "Value 'bad name' at 'roleSessionName' failed to satisfy constraint"));
    assert.equal(mapped.kind, 'config');
    assert.equal(mapped.message, `${WHERE}: STS refused the AssumeRole request: Value 'bad name' at 'roleSessionName' failed to satisfy constraint. Fix the setting in profile "staging", then try again.`);
  });

  it('a disabled region', () => {
    const mapped = map(stsError('RegionDisabledException', 'STS is not activated in this region for account:333333333333.', 403));
    assert.equal(mapped.kind, 'region-disabled');
    assert.equal(
      mapped.message,
      `${WHERE}: STS is not enabled in region eu-west-1 for this account. Enable the region for the account, or set another region in profile "staging".`,
    );
    assert.equal(mapped.retryable, false);
  });

  it('throttling, under each of its names', () => {
    for (const name of ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']) {
      const mapped = map(stsError(name, 'Rate exceeded', 400));
      assert.equal(mapped.kind, 'throttled', name);
      assert.equal(mapped.message, `${WHERE}: STS is throttling requests (${name}) even after retrying. Wait a minute and try again.`);
      assert.equal(mapped.retryable, true);
    }
    assert.equal(map(stsError('SomethingNew', 'slow down', 429)).kind, 'throttled');
  });

  it('network failures name the endpoint and are retryable', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']) {
      const mapped = map(nodeError(code));
      assert.equal(mapped.kind, 'unreachable', code);
      assert.equal(
        mapped.message,
        `${WHERE}: could not reach STS at https://sts.eu-west-1.amazonaws.com (${code}). Check the network connection, the proxy settings and endpoint_url (or AWS_ENDPOINT_URL), then try again.`,
      );
      assert.equal(mapped.retryable, true);
    }
    assert.equal(map(stsError('TimeoutError', 'Connection timed out after 5000 ms')).kind, 'unreachable');
    assert.equal(map(stsError('NetworkingError', 'socket hang up')).kind, 'unreachable');
    const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    assert.match(map(fetchFailed, { endpoint: undefined }).message, /could not reach STS in eu-west-1 \(ECONNREFUSED\)\./);
    assert.match(map(nodeError('ECONNREFUSED'), { endpoint: 'http://user:pw@127.0.0.1:4566' }).message, /at http:\/\/127\.0\.0\.1:4566 /);
  });

  it('a wrong clock', () => {
    assertEachMapsTo(
      [
        stsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403),
        stsError('SignatureDoesNotMatch', 'Signature expired: 20260301T090000Z is now earlier than 20260301T091500Z', 403),
        stsError('SignatureDoesNotMatch', 'Signature not yet current: 20260301T100000Z is still later than 20260301T091500Z', 403),
      ],
      'clock-skew',
      (error) => `${WHERE}: STS refused the request because this computer's clock is wrong (${error.name}). Fix the system clock (turn on automatic time), then try again.`,
    );
  });

  it('server faults are unknown and retryable', () => {
    const mapped = assertEachMapsTo(
      [stsError('InternalFailure', 'x', 500), stsError('ServiceUnavailable', 'x', 503), stsError('Weird', 'x', 502)],
      'unknown',
      (error) => `${WHERE}: STS failed with an internal error during AssumeRole (${error.name}). Try again in a moment.`,
    );
    for (const error of mapped) assert.equal(error.retryable, true);
  });

  it('anything else is unknown, quoted and sanitised', () => {
    const mapped = map(new Error('boom'));
    assert.equal(mapped.kind, 'unknown');
    assert.equal(mapped.message, `${WHERE}: AssumeRole failed: boom.`);
    assert.equal(map('a string').message, `${WHERE}: AssumeRole failed: a string.`);
    assert.equal(map(undefined).message, `${WHERE}: AssumeRole failed: no message.`);
  });

  it('names only the profile when the hop is the profile itself', () => {
    const mapped = map(stsError('Throttling', 'x'), { hopProfileName: 'prod' });
    assert.match(mapped.message, /^Profile "prod": STS is throttling/);
  });

  it('passes a SessionError through unchanged', () => {
    const original = new SessionError('cancelled', 'x', 'prod');
    assert.equal(map(original), original);
  });

  it('never lets key ids, secrets, tokens or codes through', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6';
    const message = `Something odd with AKIAIOSFODNN7EXAMPLE and ${secret} token ${token} code 654321 via ASIAQWERTYUIOPASDFGH`;
    const mapped = map(stsError('Odd', message), { redact: [secret, token, '654321'] });
    for (const leaked of ['AKIAIOSFODNN7EXAMPLE', secret, token, '654321', 'ASIAQWERTYUIOPASDFGH']) {
      assert.ok(!mapped.message.includes(leaked), `${leaked} leaked: ${mapped.message}`);
    }
    assert.match(mapped.message, /\.\.\.MPLE/);
    assert.match(mapped.message, /\.\.\.DFGH/);
    // Without being told, long random runs still go.
    assert.ok(!redact(`x ${secret} y`).includes(secret));
    assert.ok(!redact(`x ${token}y`).includes('IQoJb3JpZ2luX2VjEJr'));
    // ARNs with long role paths and plain words stay.
    const arn = 'arn:aws:iam::123456789012:role/teams/platform/OrganizationAccountAccessRole';
    assert.equal(redact(`on resource: ${arn}`), `on resource: ${arn}`);
    assert.equal(shortKeyId('AKIAIOSFODNN7EXAMPLE'), '...MPLE');
    assert.equal(shortKeyId(undefined), '...');
  });

  it('classifies for the engine: MFA rejections, rejected credentials, network errors', () => {
    assert.equal(isMfaCodeRejection(stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.')), true);
    assert.equal(isMfaCodeRejection(stsError('AccessDenied', 'User: arn:aws:iam::1:user/mfa is not authorized')), false);
    assert.equal(isMfaCodeRejection(stsError('ValidationError', 'MFA')), false);
    assert.equal(isRejectedCredentials(stsError('ExpiredToken', 'x')), true);
    assert.equal(isRejectedCredentials(stsError('InvalidClientTokenId', 'x')), true);
    assert.equal(isRejectedCredentials(stsError('Other', 'The security token included in the request is invalid')), true);
    assert.equal(isRejectedCredentials(stsError('AccessDenied', 'User: x is not authorized')), false);
    assert.equal(isNetworkError(nodeError('EAI_AGAIN')), true);
    assert.equal(isNetworkError(stsError('AccessDenied', 'x')), false);
  });
});

describe('root credential error mapping', () => {
  const base = { profileName: 'prod', rootProfileName: 'corp-sso', kind: 'sso' };

  it('an SSO token that is missing or expired (through the SDK\'s fromSSO) asks for a sign-in on the SSO profile', () => {
    for (const message of [
      'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      'The SSO session token loaded from the cache is expired',
      'Token for https://corp.awsapps.com/start does not exist',
    ]) {
      const mapped = toRootCredentialsError(Object.assign(new Error(message), { name: 'CredentialsProviderError' }), base);
      assert.equal(mapped.kind, 'sso-login-required');
      assert.equal(mapped.message, 'Profile "prod" (through profile "corp-sso") needs a fresh sign-in to IAM Identity Center: use Sign In… (or run "aws sso login --profile corp-sso").');
      assert.equal(mapped.hopProfileName, 'corp-sso');
    }
    const direct = toRootCredentialsError(new Error('SSO token expired'), { ...base, profileName: 'corp-sso' });
    assert.equal(direct.message, 'Profile "corp-sso" needs a fresh sign-in to IAM Identity Center: use Sign In… (or run "aws sso login --profile corp-sso").');
  });

  it('a console sign-in (aws login) that ended asks for aws login on the login_session profile, in the SDK\'s words', () => {
    const login = { profileName: 'prod', rootProfileName: 'console-user', kind: 'login' };
    for (const message of [
      'Failed to load a token for session arn:aws:iam::111111111111:user/alice, please re-authenticate using aws login',
      'Failed to refresh token: Error: expired. Please re-authenticate using aws login',
    ]) {
      const mapped = toRootCredentialsError(Object.assign(new Error(message), { name: 'CredentialsProviderError' }), login);
      assert.equal(mapped.kind, 'console-login-required');
      assert.equal(mapped.message, 'Profile "prod" (through profile "console-user") needs a fresh console sign-in: run "aws login --profile console-user".');
      assert.equal(mapped.hopProfileName, 'console-user');
    }
  });

  it('other root failures name the profile and say what to check', () => {
    const mapped = toRootCredentialsError(new ChildProcessFailure({ program: 'vault-helper', exitCode: 1 }), { ...base, rootProfileName: 'vault', kind: 'process' });
    assert.equal(mapped.kind, 'root-credentials');
    assert.equal(
      mapped.message,
      'Profile "prod" (hop "vault"): credential_process of profile "vault" (vault-helper) exited with code 1. Run the credential_process command yourself to see why.',
    );
    const env = toRootCredentialsError(new Error('Unable to find environment variable credentials.'), {
      profileName: 'ci',
      rootProfileName: 'ci',
      kind: 'credentialSource',
      credentialSource: 'Environment',
    });
    assert.equal(
      env.message,
      'Profile "ci": could not get the credential_source Environment credentials of profile "ci": Unable to find environment variable credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment VS Code was started from.',
    );
    // A process whose output mentions a token is not an SSO problem.
    assert.equal(toRootCredentialsError(new Error('token missing'), { ...base, kind: 'process' }).kind, 'root-credentials');
  });

  it('a credential_process failure in the SDK\'s words never quotes its command line or stderr', () => {
    // What @aws-sdk/credential-provider-process throws: Node's "Command failed: CMD\nSTDERR".
    const sdkError = Object.assign(new Error('Command failed: vault-helper export --password=hunter2-Sup3r\nwrong password hunter2-Sup3r\n'), {
      name: 'CredentialsProviderError',
    });
    const mapped = toRootCredentialsError(sdkError, { ...base, rootProfileName: 'vault', kind: 'process' });
    assert.equal(mapped.kind, 'root-credentials');
    assert.equal(
      mapped.message,
      'Profile "prod" (hop "vault"): credential_process of profile "vault" failed (CredentialsProviderError). Run the credential_process command yourself to see why.',
    );
  });

  it('network failures while signing in are unreachable', () => {
    const mapped = toRootCredentialsError(nodeError('ENOTFOUND'), base);
    assert.equal(mapped.kind, 'unreachable');
    assert.match(mapped.message, /could not reach the SSO service \(ENOTFOUND\)/);
  });
});
