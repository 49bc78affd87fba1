/**
 * The JSON fixture that tells the local STS which users, keys, MFA devices and
 * roles exist, and optionally the IAM Identity Center it serves beside them.
 * See `fixtures/sample.json` for an example.
 */
import { readFileSync } from 'node:fs';
import { Secret } from 'otpauth';
import { parseIamArn } from './arn';

/** A long-term access key of an IAM user. */
export interface FixtureAccessKey {
  /** `AKIA…`; long-term keys must not use the `ASIA` prefix of temporary ones. */
  accessKeyId: string;
  secretAccessKey: string;
}

/** A virtual (TOTP) MFA device. */
export interface FixtureMfaDevice {
  /** The device ARN clients pass as `SerialNumber`, e.g. `arn:aws:iam::111111111111:mfa/alice`. */
  serialNumber: string;
  /** Base32 TOTP seed (RFC 6238, SHA1, 6 digits, 30 s), as an authenticator app stores it. */
  totpSecret: string;
}

/** An IAM user. */
export interface FixtureUser {
  /** `arn:aws:iam::ACCOUNT:user/NAME` (an IAM path is allowed). */
  arn: string;
  /** Unique id (`AIDA…`) reported by GetCallerIdentity; derived from the ARN when absent. */
  userId?: string;
  accessKeys: FixtureAccessKey[];
  mfaDevices?: FixtureMfaDevice[];
}

/** An IAM role and the parts of its trust policy this service models. */
export interface FixtureRole {
  /** `arn:aws:iam::ACCOUNT:role/NAME` (an IAM path is allowed). */
  arn: string;
  /** Unique id (`AROA…`); derived from the ARN when absent. */
  roleId?: string;
  /**
   * Principals the trust policy names: user ARNs, role ARNs (for role
   * chaining), assumed-role session ARNs, or `arn:aws:iam::ACCOUNT:root` for
   * every principal of an account.
   */
  trustedPrincipals: string[];
  /** Trust condition `aws:MultiFactorAuthPresent: true`. Default false. */
  mfaRequired?: boolean;
  /** Trust condition `sts:ExternalId` equals this value. */
  externalId?: string;
  /** 3600 to 43200 seconds; default 3600, as IAM's. */
  maxSessionDuration?: number;
}

/** One account and permission set assigned to a user, and the IAM role Identity Center made for it. */
export interface IdentityCenterAssignment {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress?: string;
  /** The permission set's name, as the portal lists it (`AdministratorAccess`). */
  readonly roleName: string;
  /** Its IAM role in the account, a role of the fixture (`…:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_…`). */
  readonly roleArn: string;
}

export interface IdentityCenterUser {
  readonly userName: string;
  readonly assignments: readonly IdentityCenterAssignment[];
}

/**
 * The IAM Identity Center the service also serves (its OIDC service, portal and stand-in sign-in
 * pages), as the `identityCenter` option of `startLocalSts` does.
 */
export interface FixtureIdentityCenter {
  /** The start URLs it answers for (`https://acme-example.awsapps.com/start`); https URLs. */
  startUrls: string[];
  /**
   * Who can sign in, and each one's account assignments: an account (12 digits), a permission set
   * (`roleName`) and the IAM role Identity Center made for it there (`roleArn`, a role of this
   * fixture in that account, whose session GetRoleCredentials issues).
   */
  users: IdentityCenterUser[];
}

/** The whole fixture. */
export interface Fixture {
  users: FixtureUser[];
  roles: FixtureRole[];
  /** Serve IAM Identity Center too (an explicit `identityCenter` option of `startLocalSts` wins). */
  identityCenter?: FixtureIdentityCenter;
}

/** A fixture that does not describe a consistent set of principals. */
export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

function fail(where: string, message: string): never {
  throw new FixtureError(`${where}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') fail(where, `"${key}" must be a non-empty string`);
  return value;
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  if (obj[key] === undefined) return undefined;
  return requireString(obj, key, where);
}

function requireArray(obj: Record<string, unknown>, key: string, where: string, optional = false): unknown[] {
  const value = obj[key];
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) fail(where, `"${key}" must be an array`);
  return value;
}

function parseUser(raw: unknown, where: string): FixtureUser {
  if (!isObject(raw)) fail(where, 'must be an object');
  const arn = requireString(raw, 'arn', where);
  if (parseIamArn(arn)?.kind !== 'user') fail(where, `"${arn}" is not an IAM user ARN`);
  const accessKeys = requireArray(raw, 'accessKeys', where).map((k, i) => {
    const w = `${where}.accessKeys[${i}]`;
    if (!isObject(k)) fail(w, 'must be an object');
    const accessKeyId = requireString(k, 'accessKeyId', w);
    if (!/^AKIA[A-Z0-9]{12,124}$/.test(accessKeyId)) fail(w, 'accessKeyId must look like AKIA followed by 12+ capitals or digits');
    return { accessKeyId, secretAccessKey: requireString(k, 'secretAccessKey', w) };
  });
  const mfaDevices = requireArray(raw, 'mfaDevices', where, true).map((d, i) => {
    const w = `${where}.mfaDevices[${i}]`;
    if (!isObject(d)) fail(w, 'must be an object');
    const serialNumber = requireString(d, 'serialNumber', w);
    const totpSecret = requireString(d, 'totpSecret', w);
    let bytes: number;
    try {
      bytes = Secret.fromBase32(totpSecret).bytes.length;
    } catch {
      fail(w, 'totpSecret is not valid base32');
    }
    if (bytes < 10) fail(w, 'totpSecret must hold at least 80 bits');
    return { serialNumber, totpSecret };
  });
  const userId = optionalString(raw, 'userId', where);
  return { arn, userId, accessKeys, mfaDevices };
}

function parseRole(raw: unknown, where: string): FixtureRole {
  if (!isObject(raw)) fail(where, 'must be an object');
  const arn = requireString(raw, 'arn', where);
  if (parseIamArn(arn)?.kind !== 'role') fail(where, `"${arn}" is not an IAM role ARN`);
  const trustedPrincipals = requireArray(raw, 'trustedPrincipals', where).map((p, i) => {
    if (typeof p !== 'string' || p === '') fail(`${where}.trustedPrincipals[${i}]`, 'must be a principal ARN');
    return p;
  });
  const maxSessionDuration = raw.maxSessionDuration ?? 3600;
  if (typeof maxSessionDuration !== 'number' || !Number.isInteger(maxSessionDuration) ||
      maxSessionDuration < 3600 || maxSessionDuration > 43200) {
    fail(where, 'maxSessionDuration must be an integer from 3600 to 43200');
  }
  if (raw.mfaRequired !== undefined && typeof raw.mfaRequired !== 'boolean') fail(where, 'mfaRequired must be a boolean');
  return {
    arn,
    roleId: optionalString(raw, 'roleId', where),
    trustedPrincipals,
    mfaRequired: raw.mfaRequired === true,
    externalId: optionalString(raw, 'externalId', where),
    maxSessionDuration,
  };
}

function parseAssignment(raw: unknown, where: string, roles: readonly FixtureRole[]): IdentityCenterAssignment {
  if (!isObject(raw)) fail(where, 'must be an object');
  const accountId = requireString(raw, 'accountId', where);
  if (!/^\d{12}$/.test(accountId)) fail(where, `accountId "${accountId}" must be 12 digits`);
  const accountName = requireString(raw, 'accountName', where);
  const emailAddress = optionalString(raw, 'emailAddress', where);
  const roleName = requireString(raw, 'roleName', where);
  const roleArn = requireString(raw, 'roleArn', where);
  const arn = parseIamArn(roleArn);
  if (arn?.kind !== 'role') fail(where, `roleArn "${roleArn}" is not an IAM role ARN`);
  if (arn.account !== accountId) fail(where, `roleArn "${roleArn}" is not in account ${accountId}`);
  // GetRoleCredentials issues a session of this role: it must be one the STS knows.
  if (!roles.some((role) => role.arn === roleArn)) fail(where, `roleArn "${roleArn}" is not a role of the fixture's "roles"`);
  return { accountId, accountName, ...(emailAddress !== undefined ? { emailAddress } : {}), roleName, roleArn };
}

function parseIdentityCenter(raw: unknown, roles: readonly FixtureRole[]): FixtureIdentityCenter {
  const where = 'identityCenter';
  if (!isObject(raw)) fail(where, 'must be an object');
  const startUrls = requireArray(raw, 'startUrls', where).map((url, i) => {
    const w = `${where}.startUrls[${i}]`;
    if (typeof url !== 'string') fail(w, 'must be a string');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      fail(w, `"${url}" is not a URL`);
    }
    if (parsed.protocol !== 'https:') fail(w, `"${url}" is not an https URL`);
    return url;
  });
  if (startUrls.length === 0) fail(where, '"startUrls" must name at least one start URL');
  const users = requireArray(raw, 'users', where).map((u, i): IdentityCenterUser => {
    const w = `${where}.users[${i}]`;
    if (!isObject(u)) fail(w, 'must be an object');
    const userName = requireString(u, 'userName', w);
    const assignments = requireArray(u, 'assignments', w).map((a, j) => parseAssignment(a, `${w}.assignments[${j}]`, roles));
    const seen = new Set<string>();
    for (const a of assignments) {
      const key = `${a.accountId}/${a.roleName}`;
      if (seen.has(key)) fail(w, `permission set ${a.roleName} is assigned twice in account ${a.accountId}`);
      seen.add(key);
    }
    return { userName, assignments };
  });
  if (users.length === 0) fail(where, '"users" must name at least one user');
  const names = new Set<string>();
  for (const u of users) {
    if (names.has(u.userName)) fail(where, `duplicate userName ${u.userName}`);
    names.add(u.userName);
  }
  return { startUrls, users };
}

/** Validates a parsed JSON value as a fixture; throws {@link FixtureError} naming the bad entry. */
export function parseFixture(raw: unknown): Fixture {
  if (!isObject(raw)) fail('fixture', 'must be a JSON object');
  const users = requireArray(raw, 'users', 'fixture').map((u, i) => parseUser(u, `users[${i}]`));
  const roles = requireArray(raw, 'roles', 'fixture', true).map((r, i) => parseRole(r, `roles[${i}]`));
  const identityCenter = raw.identityCenter === undefined ? undefined : parseIdentityCenter(raw.identityCenter, roles);
  const seen = new Set<string>();
  const unique = (value: string, what: string): void => {
    if (seen.has(value)) fail('fixture', `duplicate ${what} ${value}`);
    seen.add(value);
  };
  for (const u of users) {
    unique(u.arn, 'ARN');
    u.accessKeys.forEach((k) => unique(k.accessKeyId, 'access key id'));
    u.mfaDevices?.forEach((d) => unique(d.serialNumber, 'MFA serial number'));
  }
  for (const r of roles) unique(r.arn, 'ARN');
  return { users, roles, ...(identityCenter ? { identityCenter } : {}) };
}

/** Reads and validates a fixture file. */
export function loadFixture(path: string): Fixture {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FixtureError(`cannot read fixture ${path}: ${(e as Error).message}`);
  }
  return parseFixture(raw);
}
