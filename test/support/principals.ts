/**
 * The test principals: IAM users with fake keys and MFA devices that only a test's own local STS
 * (tools/local-sts) knows. One place, so a spec names `ALICE` and its set-up builds the local
 * STS's record and the credentials file from it. (The try-it-now demo's users, whose keys a
 * person sees, live in tools/local-sts/fixtures/sample.json.)
 */
import type { FixtureRole, FixtureUser } from '../../tools/local-sts';

/** A user of account 111111111111, the account every test principal belongs to. */
export interface Principal {
  /** The user's name, which is also the name of the profile whose keys it is. */
  readonly name: string;
  readonly arn: string;
  /** The access key id. */
  readonly id: string;
  readonly secret: string;
  /** The MFA device's serial. */
  readonly device: string;
  /** The MFA device's TOTP seed (base32). */
  readonly seed: string;
}

const ACCOUNT = '111111111111';
/** Two seeds are enough: a device's codes are its own, whatever other devices share its seed. */
const SEED_A = 'OG3JKIHXIPPBKQCVB2PIT7UUM6HQJLWK';
const SEED_B = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function principal(name: string, id: string, secret: string, seed: string): Principal {
  return { name, arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, id, secret, device: `arn:aws:iam::${ACCOUNT}:mfa/${name}`, seed };
}

export const ALICE = principal('alice', 'AKIAALICETESTKEY0001', 'aliceSecretKeyForTheLocalStsOnly0000001', SEED_A);
export const BOB = principal('bob', 'AKIABOBSTATUSBARKEY1', 'bobStatusBarSecretForTheLocalStsOnly0001', SEED_B);
export const CAROL = principal('carol', 'AKIACAROLTESTKEY0001', 'carolSecretKeyForTheLocalStsOnly0000001', SEED_B);
export const CI = principal('ci', 'AKIACIPORTSVIEWKEY01', 'ciPortsViewSecretForTheLocalStsOnly00001', SEED_A);
export const DAN = principal('dan', 'AKIADANTESTKEY000001', 'danSecretKeyForTheLocalStsOnly0000000001', SEED_A);
export const DAVE = principal('dave', 'AKIADAVETESTKEY00001', 'daveSecretKeyForTheLocalStsOnly00000001', SEED_A);
export const ERIN = principal('erin', 'AKIAERINTESTKEY00001', 'erinSecretKeyForTheLocalStsOnly000000001', SEED_A);
export const FRANK = principal('frank', 'AKIAFRANKTESTKEY0001', 'frankSecretKeyForTheLocalStsOnly000000001', SEED_A);

/** The local STS's record of a principal: its keys and, unless `mfa` is false, its MFA device. */
export function stsUser(who: Principal, options: { readonly mfa?: boolean } = {}): FixtureUser {
  return {
    arn: who.arn,
    accessKeys: [{ accessKeyId: who.id, secretAccessKey: who.secret }],
    mfaDevices: options.mfa === false ? [] : [{ serialNumber: who.device, totpSecret: who.seed }],
  };
}

/**
 * The chain the integration windows assume through, as the sample fixture has it: alice (MFA) →
 * Dev (222222222222, MFA required) → Staging (333333333333) → Prod (444444444444), and
 * DevReadOnly beside Dev.
 */
export const ALICE_CHAIN_ROLES: readonly FixtureRole[] = [
  { arn: 'arn:aws:iam::222222222222:role/Dev', trustedPrincipals: [ALICE.arn], mfaRequired: true, maxSessionDuration: 43200 },
  { arn: 'arn:aws:iam::222222222222:role/DevReadOnly', trustedPrincipals: [ALICE.arn], mfaRequired: true, maxSessionDuration: 3600 },
  { arn: 'arn:aws:iam::333333333333:role/Staging', trustedPrincipals: ['arn:aws:iam::222222222222:role/Dev'], maxSessionDuration: 7200 },
  { arn: 'arn:aws:iam::444444444444:role/Prod', trustedPrincipals: ['arn:aws:iam::333333333333:role/Staging'], maxSessionDuration: 3600 },
];

/** A credentials file in which each profile holds its principal's keys: `credentialsFile({ alice: ALICE })`. */
export function credentialsFile(profiles: Readonly<Record<string, Principal>>): string {
  return Object.entries(profiles)
    .map(([profile, who]) => `[${profile}]\naws_access_key_id = ${who.id}\naws_secret_access_key = ${who.secret}\n`)
    .join('');
}

/** The config lines of a `services` section that sends STS calls to the local STS at `url`. */
export function localStsServices(name: string, url: string): string[] {
  return [`[services ${name}]`, 'sts =', `  endpoint_url = ${url}`];
}
