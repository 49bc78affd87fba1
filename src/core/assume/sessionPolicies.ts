/**
 * Read-only sessions (issue 22 §4): the session policies a read-only assume sends with its last
 * AssumeRole. A session policy narrows a session below its role: it may do only what both allow.
 * STS takes them only on AssumeRole (and GetFederationToken), so only a role can be read-only.
 *
 * By default the partition's `ReadOnlyAccess` managed policy; the person's user setting
 * `awsRoles.readOnlyPolicies` may name others per profile (`"*"` for every profile it does not
 * name). A workspace cannot: a "read-only" policy of its choosing could be AdministratorAccess.
 */

import type { PlannedHop } from './hopPlan';
import { SessionError } from '../vocabulary/sessionTypes';

/** STS takes at most ten managed session policies. */
export const MAX_SESSION_POLICY_ARNS = 10;

/** The setting that names other read-only policies. */
export const READ_ONLY_POLICIES_SETTING = 'awsRoles.readOnlyPolicies';

/** A managed policy: AWS's own (`iam::aws:policy/…`) or one of an account's. */
const POLICY_ARN = /^arn:(aws[a-z-]*):iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const ANY_ARN_PARTITION = /^arn:(aws[a-z-]*):/;

/** The partition's `ReadOnlyAccess` managed policy. */
export function readOnlyAccessArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/ReadOnlyAccess`;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`…); `aws` when it names none. */
export function partitionOf(arn: string): string {
  return ANY_ARN_PARTITION.exec(arn)?.[1] ?? 'aws';
}

/**
 * The session policies of a read-only session of `profileName`, whose last hop assumes `roleArn`:
 * the setting's for this profile (or for `"*"`), else the role's partition's `ReadOnlyAccess`.
 * A `config` SessionError names a setting that is not a list of at most ten policy ARNs.
 */
export function readOnlyPolicyArns(profileName: string, roleArn: string, configured: Readonly<Record<string, unknown>> | undefined): readonly string[] {
  const key = configured && Object.hasOwn(configured, profileName) ? profileName : configured && Object.hasOwn(configured, '*') ? '*' : undefined;
  if (key === undefined) return [readOnlyAccessArn(partitionOf(roleArn))];
  const value = configured![key];
  const where = `${READ_ONLY_POLICIES_SETTING} names for "${key}"`;
  if (!Array.isArray(value) || value.length === 0) {
    throw readOnlyRefused(profileName, `${where} no list of policy ARNs. Give a list such as ["${readOnlyAccessArn(partitionOf(roleArn))}"], or remove the entry.`);
  }
  if (value.length > MAX_SESSION_POLICY_ARNS) {
    throw readOnlyRefused(profileName, `${where} ${value.length} policies; STS takes at most ${MAX_SESSION_POLICY_ARNS}.`);
  }
  const wrong = value.find((arn) => typeof arn !== 'string' || !POLICY_ARN.test(arn));
  if (wrong !== undefined) {
    throw readOnlyRefused(profileName, `${where} ${JSON.stringify(wrong)}, which is not a managed policy ARN (arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME).`);
  }
  return value as string[];
}

/**
 * The plan with the session policies on its last hop only: the hops below it must keep the
 * right to assume the next role, which a read-only policy does not grant.
 */
export function narrowLastHop(plan: readonly PlannedHop[], policyArns: readonly string[]): PlannedHop[] {
  return plan.map((hop, index) => (index === plan.length - 1 ? { ...hop, policyArns } : hop));
}

/** The short names of the policies, for the log and the views: `ReadOnlyAccess`. */
export function policyNames(policyArns: readonly string[]): string {
  return policyArns.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).join(', ');
}

/** Only a role's session can be narrowed: the error for any other profile. */
export function notARole(profileName: string, kindWords: string): SessionError {
  return readOnlyRefused(
    profileName,
    `it is ${kindWords}, not a role, and STS narrows only an assumed role's session with session policies. Open it as it is, or open a role profile that uses it as its source_profile.`,
  );
}

function readOnlyRefused(profileName: string, why: string): SessionError {
  return new SessionError('config', `Profile "${profileName}" cannot be opened read-only: ${why}`, profileName);
}
