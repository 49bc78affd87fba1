/**
 * The plan for a profile's role chain: which hops to assume, in which order, what each one sends
 * to STS (session name, duration capped to one hour when chained, external id, region) and how
 * each proves MFA: with a code, or by riding the MFA session that the first hop over long-term
 * keys can use instead. Pure, so an assume and a renewal plan the same way and every rule is
 * unit-tested without STS.
 */

import { CHAINED_ROLE_MAX_DURATION_SECONDS } from '../config/profileProblems';
import type { ChainHop, Profile, ProfileModel } from '../config/types';
import { requestedDurationSeconds, resolveRegion, roleSessionNameFor } from './hopSettings';
import type { Environment } from './stsEndpoint';
import { SessionError } from '../vocabulary/sessionTypes';

/**
 * How a hop proves MFA: not at all, with a code for its `mfa_serial`, or by riding the MFA session
 * (GetSessionToken with a code, kept and reused) that then signs it instead of the root keys.
 */
export type HopMfa = { readonly mfa: 'none' } | { readonly mfa: 'code' | 'mfa-session'; readonly mfaSerial: string };

/** One AssumeRole of the chain, as it will be sent (credentials and code aside). */
export type PlannedHop = HopMfa & {
  /** The hop's profile, where its settings are read and its failure is reported. */
  readonly profileName: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  /** The hop's `duration_seconds`, or 3600. */
  readonly requestedDurationSeconds: number;
  /** What is sent: the request, capped to 3600 s when the hop is chained. */
  readonly durationSeconds: number;
  /** Signed with temporary credentials (a role's, an MFA session's, SSO's…): STS caps it at one hour. */
  readonly chained: boolean;
  readonly externalId?: string;
  readonly region: string;
  /** `hop 1/3`, for the log. */
  readonly label: string;
  /** Said to the user when the cap shortened the requested duration. */
  readonly notice?: string;
  /** Session policies sent with this hop: the last one's, for a read-only session. */
  readonly policyArns?: readonly string[];
};

/** What the plan depends on beyond the chain's config. */
export interface HopPlanInput {
  /** The profile being assumed: its chain, and its region for hops that name none. */
  readonly profile: Profile;
  /** Where each hop's own settings are read. */
  readonly model: ProfileModel;
  /** The chain's hops, root first (the profile last), from `assumableHops`. */
  readonly hops: readonly ChainHop[];
  readonly env: Environment;
  /** The OS user, for default role session names. */
  readonly userName: string;
  /**
   * Whether the root credentials carry a session token (SSO, a role's, static keys with
   * `aws_session_token`…): the first hop is then chained, and no MFA session can be made from them.
   */
  readonly rootHasSessionToken: boolean;
}

/** The error for a profile whose config keeps it from being assumed. */
export function cannotAssume(profileName: string, what: string): SessionError {
  return new SessionError('config', `Profile "${profileName}" cannot be assumed: ${what}`, profileName);
}

/**
 * The hops of a profile that can be assumed, in the order they are assumed: the root first, the
 * profile last (the one order the assume keeps end to end, down to the session's `chain`); a
 * `config` SessionError naming the first problem otherwise.
 */
export function assumableHops(profile: Profile): readonly ChainHop[] {
  const problem = profile.problems.find((candidate) => candidate.severity === 'error') ?? (profile.chain.complete ? undefined : profile.problems[0]);
  if (problem) throw cannotAssume(profile.name, `${problem.message} Fix it in the AWS config file, then try again.`);
  // The config walks from the profile down to its root; the assume climbs the other way.
  const hops = [...profile.chain.hops].reverse();
  if (hops.length === 1 && hops[0].kind === 'none') {
    throw cannotAssume(profile.name, 'it holds no credentials (no role_arn, keys, SSO, credential_process or web identity settings). Pick a profile that does.');
  }
  if (!profile.chain.complete || hops.length === 0 || hops[0].kind === 'role' || hops[0].kind === 'none') {
    throw cannotAssume(profile.name, 'its role chain does not end at credentials. Fix it in the AWS config file, then try again.');
  }
  // Named as the config walk meets it: the one nearest the profile.
  const broken = hops.slice(1).filter((hop) => hop.kind !== 'role' || !hop.roleArn).at(-1);
  if (broken) throw cannotAssume(profile.name, `profile "${broken.profileName}" in its chain has no role_arn. Fix it in the AWS config file, then try again.`);
  return hops;
}

/** The chain's AssumeRole calls in the order they are made: from the role nearest the root up to the profile. */
export function planRoleHops(input: HopPlanInput): PlannedHop[] {
  const [root, ...roleHops] = input.hops;
  // Only long-term static keys can make an MFA session (GetSessionToken refuses temporary credentials).
  const longTermRoot = root.kind === 'staticKeys' && !input.rootHasSessionToken;
  return roleHops.map((hop, index) => {
    const hopProfile = input.model.byName.get(hop.profileName);
    const requested = requestedDurationSeconds(hopProfile);
    const mfaSerial = hop.mfaSerial;
    // A role asked for more than an hour skips the MFA session: riding it would chain the hop, and STS would cap it.
    const ridesMfaSession = index === 0 && mfaSerial !== undefined && longTermRoot && requested <= CHAINED_ROLE_MAX_DURATION_SECONDS;
    const chained = index > 0 || hop.chained || input.rootHasSessionToken || ridesMfaSession;
    const durationSeconds = chained ? Math.min(requested, CHAINED_ROLE_MAX_DURATION_SECONDS) : requested;
    const externalId = hopProfile?.settings.get('external_id')?.value;
    return {
      profileName: hop.profileName,
      roleArn: hop.roleArn!,
      roleSessionName: roleSessionNameFor(hopProfile, input.userName),
      requestedDurationSeconds: requested,
      durationSeconds,
      chained,
      ...(externalId === undefined ? {} : { externalId }),
      region: resolveRegion([hopProfile, input.profile], input.env),
      label: `hop ${index + 1}/${roleHops.length}`,
      ...(mfaSerial === undefined ? { mfa: 'none' as const } : { mfa: ridesMfaSession ? ('mfa-session' as const) : ('code' as const), mfaSerial }),
      ...(durationSeconds < requested
        ? {
            notice: `Profile ${hop.profileName} asked for ${requested} s, but STS limits chained roles to ${CHAINED_ROLE_MAX_DURATION_SECONDS} s; the session lasts one hour.`,
          }
        : {}),
    };
  });
}
