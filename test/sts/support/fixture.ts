/** The sample fixture's principals, read from the file so tests and fixture cannot drift. */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { loadFixture, type Fixture } from '../../../tools/local-sts';

/** Repository root (this file runs from out/test/sts/support). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
/** The shipped sample fixture. */
export const SAMPLE_FIXTURE = path.join(REPO_ROOT, 'tools/local-sts/fixtures/sample.json');
/** Compiled CLI entry and TOTP printer. */
export const CLI_JS = path.join(REPO_ROOT, 'out/tools/local-sts/cli.js');
export const TOTP_JS = path.join(REPO_ROOT, 'out/tools/local-sts/totp.js');

/** Long-term credentials. */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A user with keys and (maybe) an MFA device. */
export interface SampleUser {
  readonly arn: string;
  readonly keys: Keys;
  readonly mfaSerial: string;
  readonly totpSecret: string;
}

function user(fixture: Fixture, name: string): SampleUser {
  const u = fixture.users.find((x) => x.arn.endsWith(`:user/${name}`));
  if (!u || !u.mfaDevices?.[0]) throw new Error(`sample fixture lacks user ${name} with an MFA device`);
  return {
    arn: u.arn,
    keys: { accessKeyId: u.accessKeys[0].accessKeyId, secretAccessKey: u.accessKeys[0].secretAccessKey },
    mfaSerial: u.mfaDevices[0].serialNumber,
    totpSecret: u.mfaDevices[0].totpSecret,
  };
}

/** The sample fixture and its well-known principals. */
export const sample = (() => {
  const fixture = loadFixture(SAMPLE_FIXTURE);
  const alice = user(fixture, 'alice');
  return {
    fixture,
    alice,
    bob: user(fixture, 'bob'),
    /** A credentials file whose `[alice]` profile holds alice's keys. */
    aliceCredentials: `[alice]\naws_access_key_id = ${alice.keys.accessKeyId}\naws_secret_access_key = ${alice.keys.secretAccessKey}\n`,
    roles: {
      dev: 'arn:aws:iam::222222222222:role/Dev',
      devReadOnly: 'arn:aws:iam::222222222222:role/DevReadOnly',
      staging: 'arn:aws:iam::333333333333:role/Staging',
      prod: 'arn:aws:iam::444444444444:role/Prod',
      admin: 'arn:aws:iam::222222222222:role/Admin',
      partner: 'arn:aws:iam::333333333333:role/Partner',
    },
    partnerExternalId: 'partner-7f3a',
  };
})();

/**
 * A config file with the sample's three-hop chain over alice's keys: dev (behind the MFA device
 * `mfaSerial`), staging, prod; the role session names start with `sessionPrefix`.
 */
export function threeHopChainConfig(mfaSerial: string, sessionPrefix: string): string {
  const { roles } = sample;
  return [
    '[profile dev]', `role_arn = ${roles.dev}`, 'source_profile = alice', `mfa_serial = ${mfaSerial}`, `role_session_name = ${sessionPrefix}-dev`,
    '[profile staging]', `role_arn = ${roles.staging}`, 'source_profile = dev',
    '[profile prod]', `role_arn = ${roles.prod}`, 'source_profile = staging', `role_session_name = ${sessionPrefix}-prod`, '',
  ].join('\n');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random 160-bit base32 TOTP seed. */
export function randomTotpSecret(): string {
  return [...randomBytes(32)].map((b) => BASE32[b % 32]).join('');
}

/**
 * The sample fixture with `extraDevices` more MFA devices for alice
 * (`arn:aws:iam::111111111111:mfa/alice-2`, …), for tests that need many
 * fresh codes within one 30 s step. Returns the fixture and all her devices.
 */
export function fixtureWithMoreDevices(extraDevices: number): {
  fixture: Fixture;
  aliceDevices: Array<{ serialNumber: string; totpSecret: string }>;
} {
  const extra = Array.from({ length: extraDevices }, (_, i) => ({
    serialNumber: `arn:aws:iam::111111111111:mfa/alice-${i + 2}`,
    totpSecret: randomTotpSecret(),
  }));
  const users = sample.fixture.users.map((u) =>
    u.arn === sample.alice.arn ? { ...u, mfaDevices: [...(u.mfaDevices ?? []), ...extra] } : u,
  );
  const aliceDevices = [{ serialNumber: sample.alice.mfaSerial, totpSecret: sample.alice.totpSecret }, ...extra];
  return { fixture: { users, roles: sample.fixture.roles }, aliceDevices };
}
