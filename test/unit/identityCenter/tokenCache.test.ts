/**
 * The AWS CLI's token cache file, as the CLI and the SDKs name, read and write it: a file the
 * extension writes when the person shares a sign-in must be one `aws` and every SDK take as
 * their own, and a file `aws sso login` left must be read as the CLI meant it.
 */

import * as assert from 'node:assert/strict';
import { formatTokenCache, parseTokenCache, tokenCacheFileName, type SignInTokens } from '../../../src/core/identityCenter/tokenCache';

const START_URL = 'https://acme-example.awsapps.com/start';
const SESSION = { sessionName: 'acme', startUrl: START_URL, region: 'us-east-1' };
const LEGACY = { startUrl: START_URL, region: 'us-east-1' };

const TOKENS: SignInTokens = {
  accessToken: 'access-token-1',
  // 2026-03-01T10:00:00.456Z: a token's end is rarely a whole second.
  expiresAt: Date.UTC(2026, 2, 1, 10, 0, 0, 456),
  refreshToken: 'refresh-token-1',
  clientId: 'client-1',
  clientSecret: 'client-secret-1',
  registrationExpiresAt: Date.UTC(2026, 4, 30, 9, 0, 0, 0),
};

/** The text `aws sso login` leaves for an sso-session (AWS CLI 2.x, botocore's `_sso_json_dumps`). */
const CLI_FILE = JSON.stringify({
  startUrl: START_URL,
  region: 'us-east-1',
  accessToken: 'cli-access-token',
  expiresAt: '2026-03-01T10:00:00Z',
  clientId: 'cli-client',
  clientSecret: 'cli-client-secret',
  registrationExpiresAt: '2026-05-30T09:00:00Z',
  refreshToken: 'cli-refresh-token',
});

describe("the AWS CLI's token cache", () => {
  describe('file names', () => {
    it("names an sso-session's file after the SHA-1 of the session's name", () => {
      // Computed apart from the code under test: `echo -n acme | sha1sum`.
      assert.equal(tokenCacheFileName({ sessionName: 'acme', startUrl: START_URL }), '293abb6b76d7791c0732cc517d38c4b5c734b87f.json');
    });

    it("names a legacy sign-in's file after the SHA-1 of its start URL", () => {
      // Computed apart from the code under test: `echo -n https://acme-example.awsapps.com/start | sha1sum`.
      assert.equal(tokenCacheFileName({ startUrl: START_URL }), 'f795b33dd33839cdb961005108b38ec28971ad35.json');
    });
  });

  describe('reading', () => {
    it("reads the CLI's file of an sso-session: the tokens, the client, and both dates", () => {
      assert.deepEqual(parseTokenCache(CLI_FILE, SESSION), {
        accessToken: 'cli-access-token',
        expiresAt: Date.UTC(2026, 2, 1, 10, 0, 0),
        refreshToken: 'cli-refresh-token',
        clientId: 'cli-client',
        clientSecret: 'cli-client-secret',
        registrationExpiresAt: Date.UTC(2026, 4, 30, 9, 0, 0),
      });
    });

    it('reads dates with milliseconds, as the JavaScript SDK writes them', () => {
      const text = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: 'sdk-token', expiresAt: '2026-03-01T10:00:00.123Z' });
      assert.equal(parseTokenCache(text, SESSION)?.expiresAt, Date.UTC(2026, 2, 1, 10, 0, 0, 123));
    });

    it('reads the date form older AWS CLI v2 versions (before 2.1.14) wrote, 2021-12-07T01:19:12UTC', () => {
      const text = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: 'old-cli-token', expiresAt: '2026-03-01T10:00:00UTC' });
      assert.equal(parseTokenCache(text, SESSION)?.expiresAt, Date.UTC(2026, 2, 1, 10, 0, 0));
    });

    it("reads a legacy file (no client, no refresh token): valid until it ends, and not refreshable", () => {
      const text = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: 'legacy-token', expiresAt: '2026-03-01T10:00:00Z' });
      const tokens = parseTokenCache(text, LEGACY);
      assert.equal(tokens?.accessToken, 'legacy-token');
      assert.equal(tokens?.refreshToken, undefined);
      assert.equal(tokens?.clientId, undefined);
      assert.equal(tokens?.registrationExpiresAt, undefined);
    });

    it('refuses a file another start URL wrote', () => {
      assert.equal(parseTokenCache(CLI_FILE, { startUrl: 'https://other-example.awsapps.com/start' }), undefined);
    });

    it('refuses text that is not JSON, or JSON that is not an object', () => {
      assert.equal(parseTokenCache('{"accessToken": "half', SESSION), undefined);
      assert.equal(parseTokenCache('', SESSION), undefined);
      assert.equal(parseTokenCache('null', SESSION), undefined);
      assert.equal(parseTokenCache('"access-token"', SESSION), undefined);
    });

    it('refuses a file without a token, or with an empty one, or with an end date that does not parse', () => {
      const without = (change: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(CLI_FILE), ...change });
      assert.equal(parseTokenCache(without({ accessToken: undefined }), SESSION), undefined);
      assert.equal(parseTokenCache(without({ accessToken: '' }), SESSION), undefined);
      assert.equal(parseTokenCache(without({ accessToken: 42 }), SESSION), undefined);
      assert.equal(parseTokenCache(without({ expiresAt: undefined }), SESSION), undefined);
      assert.equal(parseTokenCache(without({ expiresAt: 'tomorrow' }), SESSION), undefined);
    });
  });

  describe('writing', () => {
    it("writes an sso-session's file with exactly the CLI's keys, and dates in whole UTC seconds with a Z", () => {
      const file = JSON.parse(formatTokenCache(TOKENS, SESSION)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(file).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
      for (const key of ['expiresAt', 'registrationExpiresAt']) assert.match(String(file[key]), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.deepEqual(file, {
        startUrl: START_URL,
        region: 'us-east-1',
        accessToken: 'access-token-1',
        expiresAt: '2026-03-01T10:00:00Z',
        clientId: 'client-1',
        clientSecret: 'client-secret-1',
        registrationExpiresAt: '2026-05-30T09:00:00Z',
        refreshToken: 'refresh-token-1',
      });
    });

    it('writes a legacy file with only the start URL, region, access token and its end, as the CLI never refreshes one', () => {
      const file = JSON.parse(formatTokenCache(TOKENS, LEGACY)) as Record<string, unknown>;
      assert.deepEqual(file, { startUrl: START_URL, region: 'us-east-1', accessToken: 'access-token-1', expiresAt: '2026-03-01T10:00:00Z' });
    });

    it('leaves out what the sign-in does not have (no refresh token, no client)', () => {
      const file = JSON.parse(formatTokenCache({ accessToken: 'bare', expiresAt: Date.UTC(2026, 2, 1, 10) }, SESSION)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(file).sort(), ['accessToken', 'expiresAt', 'region', 'startUrl']);
    });

    it('reads back what it writes (to the second)', () => {
      const read = parseTokenCache(formatTokenCache(TOKENS, SESSION), SESSION);
      assert.deepEqual(read, { ...TOKENS, expiresAt: Date.UTC(2026, 2, 1, 10, 0, 0) });
    });
  });
});
