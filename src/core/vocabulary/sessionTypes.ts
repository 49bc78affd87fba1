/** What assuming a role yields, and how it fails. */

import type { ProfileKind } from './profileKind';
import type { AwsCredentials, CallerIdentity } from './ports';

/** One hop of a session's chain, for display: the root first, the assumed role last. */
export interface SessionHop {
  readonly profileName: string;
  /** The hop's kind: `role`, or the root's (`staticKeys`, `sso`, `process`…). */
  readonly kind: ProfileKind;
  /** The role this hop assumed; absent for the root. */
  readonly roleArn?: string;
  /**
   * For a role hop: whether it was assumed with temporary credentials (another role's, an MFA
   * session's, SSO's…), which STS calls role chaining. Absent for the root, and in sessions
   * kept by older versions.
   */
  readonly chained?: boolean;
}

/** A live session for one profile: the credentials of its last hop and what they are. */
export interface RoleSession {
  readonly profileName: string;
  readonly credentials: AwsCredentials & { readonly expiration?: Date };
  /** The region the profile (or the environment) names, for clients that need one. */
  readonly region: string;
  /**
   * The region the profile itself names (its `region` setting), absent when `region` came from
   * the environment or the fallback. Injection sets `AWS_REGION` only from this, so a terminal
   * keeps the region the person chose elsewhere when the profile names none.
   */
  readonly profileRegion?: string;
  /** The assumed-role ARN STS reported for the last hop (`arn:aws:sts::…:assumed-role/…`). */
  readonly assumedRoleArn?: string;
  /**
   * Whose credentials these are. For a role, read from the AssumeRole answer (its
   * `AssumedRoleUser`: no extra STS call); for a profile that is not a role, from the
   * GetCallerIdentity that checked its credentials. Show Identity asks STS afresh.
   */
  readonly identity?: CallerIdentity;
  /** When the session was obtained (clock milliseconds). */
  readonly obtainedAt: number;
  /** How many STS calls this assume made (0 when a cached session served it). */
  readonly stsCalls: number;
  /** Notes for the user, e.g. a duration capped to one hour on a chained hop. */
  readonly notices: readonly string[];
  /** The explicit STS endpoint the session was obtained through; absent for the SDK's default. */
  readonly endpoint?: string;
  /**
   * What renewal will need (issue 8). Optional so that sessions made by older code or by
   * tests still type-check; the engine always sets them.
   *
   * The chain, the root first: its root's kind says how renewal gets fresh root credentials
   * (static keys, SSO, `credential_process`, web identity each renew differently).
   */
  readonly chain?: readonly SessionHop[];
  /** The MFA device a renewal asks a code for, when the chain has one. */
  readonly mfaSerial?: string;
  /**
   * When the MFA session that the first hop rode ends. While it is live, renewal needs no
   * code; absent when no MFA session backs the session (then any MFA hop needs a code).
   */
  readonly mfaSessionExpiration?: Date;
  /**
   * What the credentials are (see `SessionCredentialsKind`). Optional for sessions kept by older
   * versions; `credentialsKindOf` derives it then.
   */
  readonly credentialsKind?: SessionCredentialsKind;
  /**
   * Set for a session narrowed below its role by session policies (issue 22 §4: read-only on
   * request): the policy ARNs its last AssumeRole sent. A renewal sends them again.
   */
  readonly readOnly?: ReadOnlyAccess;
}

/** How a read-only session was narrowed: the managed policies sent as its session policies. */
export interface ReadOnlyAccess {
  readonly policyArns: readonly string[];
}

/** What a session may do: all its role allows, or only what its session policies allow as well. */
export type SessionAccess = 'full' | 'read-only';

/** `read-only` for a session narrowed by session policies. */
export function accessOf(session: RoleSession): SessionAccess {
  return session.readOnly ? 'read-only' : 'full';
}

/**
 * What a session's credentials are. Everything the extension hands out is temporary, except
 * `long-term-keys`, which only a person's own setting (`awsRoles.allowLongTermKeys`) allows.
 */
export type SessionCredentialsKind =
  /** The role at the end of the chain, from AssumeRole. */
  | 'role'
  /**
   * A session of a profile's long-term keys: GetSessionToken (with the profile's `mfa_serial` and
   * a code when it names one), so the keys themselves never leave the extension. STS limits it:
   * without MFA it cannot call IAM's API, and it can never call GetSessionToken or
   * GetFederationToken (so no console sign-in).
   */
  | 'keys-session'
  /** Temporary credentials the root issued itself: SSO, web identity, a `credential_process` or instance role that prints a token, keys with `aws_session_token`. */
  | 'temporary-root'
  /** The profile's long-term keys as they are, because the person allowed it for this profile. Never stored, never ends. */
  | 'long-term-keys';

/** Every kind of credentials: a record, so a new kind cannot be left out of it. */
const SESSION_CREDENTIALS_KINDS: Readonly<Record<SessionCredentialsKind, true>> = {
  role: true,
  'keys-session': true,
  'temporary-root': true,
  'long-term-keys': true,
};

/** True for a value that names a kind of credentials (one read back from storage, say). */
export function isSessionCredentialsKind(value: unknown): value is SessionCredentialsKind {
  return typeof value === 'string' && Object.hasOwn(SESSION_CREDENTIALS_KINDS, value);
}

/** The kind of the session's root, `undefined` when the session does not say. */
export function rootKindOf(session: RoleSession): ProfileKind | undefined {
  return session.chain?.[0]?.kind;
}

/** The profile whose keys a session of keys (or long-term keys) are: its chain's root, else the profile itself. */
export function keysProfileNameOf(session: RoleSession): string {
  return session.chain?.[0]?.profileName ?? session.profileName;
}

/** What the session's credentials are; derived for sessions kept by versions that did not say. */
export function credentialsKindOf(session: RoleSession): SessionCredentialsKind {
  if (session.credentialsKind) return session.credentialsKind;
  if (session.chain?.some((hop) => hop.roleArn !== undefined)) return 'role';
  return session.credentials.sessionToken ? 'temporary-root' : 'long-term-keys';
}

/** True for credentials that never end: long-term keys. Nothing stores them, and terminals get them only where nothing reaches disk. */
export function holdsLongTermKeys(session: RoleSession): boolean {
  return !session.credentials.sessionToken;
}

/** How an assume may reach a person. */
export interface AssumeOptions {
  /**
   * `false` for work nobody asked for (auto-renew): a hop that needs a typed MFA code ends the
   * assume with `mfa-code-needed` instead of a prompt. Default `true`.
   */
  readonly interactive?: boolean;
  /**
   * The session this assume renews. A session of long-term keys behind MFA is itself the MFA
   * session, so renewing it must make a new one (a code) rather than hand the same one back.
   */
  readonly renewing?: RoleSession;
  /**
   * `read-only`: the last AssumeRole sends the read-only session policies
   * (`awsRoles.readOnlyPolicies`, else the partition's `ReadOnlyAccess`). Only a role can be
   * narrowed so; any other profile is refused with a `config` error. Default `full`.
   */
  readonly access?: SessionAccess;
}

/** Why an assume failed, so the UI can offer the right action. */
export type SessionErrorKind =
  | 'cancelled'
  /** A newer request (another assume, or Sign Out) replaced this one; not a failure. */
  | 'superseded'
  | 'config'
  | 'mfa-invalid'
  | 'mfa-attempts-exhausted'
  | 'mfa-process-failed'
  /** A renewal that may not prompt (auto-renew) needs a typed MFA code: offer Renew…, never ask. */
  | 'mfa-code-needed'
  | 'access-denied'
  /**
   * STS denied a session the extension kept (an MFA session) with an explicit deny: an
   * administrator revoked its active sessions. The window's session ends, every MFA session is
   * forgotten, and only a fresh assume (a new MFA code) gets further.
   */
  | 'revoked'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'duration-rejected'
  | 'region-disabled'
  | 'throttled'
  | 'unreachable'
  | 'clock-skew'
  /** IAM Identity Center needs the person to sign in (none yet, its session ended, or it was revoked): offer Sign In…. */
  | 'sso-login-required'
  /** A `login_session` profile's console sign-in (`aws login`) has ended: offer to run `aws login`. */
  | 'console-login-required'
  | 'root-credentials'
  /**
   * STS refused GetSessionToken for a profile's long-term keys (some organisations deny it). The
   * extension hands out only temporary credentials, so the person is told why and may allow that
   * profile's long-term keys in their own settings.
   */
  | 'session-token-refused'
  | 'unknown';

/**
 * One clear message that names the profile and the hop and says what to do. Its `message`
 * is safe to show and log: it never holds a key, secret, token or MFA code.
 */
export class SessionError extends Error {
  constructor(
    readonly kind: SessionErrorKind,
    message: string,
    readonly profileName: string,
    /** The hop's profile where it failed, when known. */
    readonly hopProfileName?: string,
    /** The error's `name` as the SDK or Node gave it, for the log. */
    readonly causeName?: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }

  /** True when trying again unchanged may work (network, throttling, server faults). */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'throttled' || this.kind === 'unknown';
  }
}

/**
 * The one error of an assume that was cancelled (its caller's signal, or a newer request that
 * replaced it): built here only, so every layer says it in the same words.
 */
export function assumeCancelled(profileName: string, hopProfileName?: string): SessionError {
  return new SessionError('cancelled', `Profile "${profileName}": the assume was cancelled; nothing changed.`, profileName, hopProfileName);
}

/** The key under which an MFA session is kept in SecretStore. */
export const MFA_SESSION_KEY_PREFIX = 'awsRoles.mfaSession:';
/**
 * The key under which the list of stored MFA-session keys is kept (SecretStore cannot list its
 * keys, and `forgetMfaSessions()` deletes what it names). Best effort: windows writing it at
 * once can lose an entry; the sign-out epoch, not the index, is what ends a session.
 */
export const MFA_SESSION_INDEX_KEY = 'awsRoles.mfaSessionIndex';
/**
 * The key of the sign-out epoch: a random id each Sign Out stores before deleting the MFA
 * sessions. A stored MFA session counts only in the epoch it was obtained in. No secret.
 */
export const MFA_SESSION_EPOCH_KEY = 'awsRoles.mfaSessionEpoch';
