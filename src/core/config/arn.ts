/** Reading the ARNs people write into their config. */

import type { RoleArnParts } from './types';

// arn:PARTITION:iam::ACCOUNT:role/PATH/NAME, IAM's own character set for paths and names.
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
const MFA_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]+$/;
// STS's SerialNumber for a hardware device: 9 to 256 of these characters.
const MFA_HARDWARE_SERIAL = /^[\w+=/:,.@-]{9,256}$/;

/** The parts of a role ARN, or undefined when it is not one. */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  return { partition: match[1], accountId: match[2], path: match[3], roleName: match[4] };
}

const ACCOUNT_MARK = ':iam::';

/**
 * The account id and role name `parseRoleArn` would give, cut from the ARN with no match or
 * parts object: a tree row names them for each of 10,000 role profiles.
 */
export function roleAccountAndName(arn: string): readonly [accountId: string, roleName: string] | undefined {
  if (!ROLE_ARN.test(arn)) return undefined;
  // Valid, so `:iam::` follows the partition (which has no colon) and 12 digits follow it; a path
  // may hold slashes, the name none.
  const accountStart = arn.indexOf(ACCOUNT_MARK) + ACCOUNT_MARK.length;
  return [arn.slice(accountStart, accountStart + 12), arn.slice(arn.lastIndexOf('/') + 1)];
}

/** True when `arn` is a role ARN (`parseRoleArn` would return its parts). */
export function isRoleArn(arn: string): boolean {
  return ROLE_ARN.test(arn);
}

/** True for an MFA device ARN (virtual or security key) or a hardware token's serial number. */
export function isValidMfaSerial(serial: string): boolean {
  return serial.startsWith('arn:') ? MFA_ARN.test(serial) : MFA_HARDWARE_SERIAL.test(serial);
}
