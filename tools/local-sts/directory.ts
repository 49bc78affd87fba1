/**
 * What the service knows: users and roles from the fixture, and the temporary
 * sessions it has issued. Also the identity rules that derive ARNs, ids and
 * trust-policy principals from a caller.
 */
import { accountRootArn, assumedRoleArn, parseIamArn } from './arn';
import type { Fixture } from './fixture';
import { newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, stableUniqueId } from './ids';

/** An IAM user as the service models it. */
export interface UserRecord {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  /** `AIDA…` unique id. */
  readonly userId: string;
  /** Serial number to base32 TOTP seed. */
  readonly mfaDevices: ReadonlyMap<string, string>;
}

/** An IAM role as the service models it. */
export interface RoleRecord {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  /** `AROA…` unique id. */
  readonly roleId: string;
  readonly trustedPrincipals: ReadonlySet<string>;
  readonly mfaRequired: boolean;
  readonly externalId: string | undefined;
  readonly maxSessionDuration: number;
}

/** Temporary credentials the service issued and remembers. */
export interface Session {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch ms. */
  readonly issuedAt: number;
  /** Epoch ms of the real expiry: requests after it get `ExpiredToken`. */
  readonly expiresAt: number;
  readonly issuedBy: 'GetSessionToken' | 'AssumeRole';
  /** The IAM user whose long-term keys started the chain. */
  readonly rootUser: UserRecord;
  /** Set for assumed-role sessions. */
  readonly role?: RoleRecord;
  readonly roleSessionName?: string;
  /**
   * Whether MFA was presented when this session, or any session earlier in its
   * chain, was created: real AWS's `aws:MultiFactorAuthPresent`.
   */
  readonly mfaAuthenticated: boolean;
  /** `SourceIdentity`, set once and inherited along a chain, as in STS. */
  readonly sourceIdentity?: string;
  /**
   * An assumed-role session obtained with temporary credentials (role chaining). The federation
   * endpoint refuses `SessionDuration` for these, as AWS does.
   */
  readonly roleChained: boolean;
  /**
   * The session policies it was issued with (`PolicyArns`, `Policy`): recorded as AWS keeps them,
   * never evaluated, since this service knows no IAM permissions. A role session's own; a session
   * assumed from it does not inherit them, as in AWS.
   */
  readonly sessionPolicyArns?: readonly string[];
  readonly sessionPolicy?: string;
}

/** The authenticated principal behind a request. */
export type Caller =
  | { readonly kind: 'user'; readonly user: UserRecord; readonly accessKeyId: string }
  | { readonly kind: 'session'; readonly session: Session };

/** What an access key id resolves to, with the secret to verify signatures against. */
export type KeyLookup =
  | { readonly kind: 'long-term'; readonly user: UserRecord; readonly secretAccessKey: string }
  | { readonly kind: 'session'; readonly session: Session };

/** The identity ARN STS reports for a caller (user ARN, or assumed-role session ARN). */
export function callerArn(caller: Caller): string {
  if (caller.kind === 'user') return caller.user.arn;
  const { session } = caller;
  if (session.role && session.roleSessionName) {
    return assumedRoleArn(session.role.account, session.role.name, session.roleSessionName);
  }
  return session.rootUser.arn;
}

/** The account the caller belongs to. */
export function callerAccount(caller: Caller): string {
  if (caller.kind === 'user') return caller.user.account;
  return caller.session.role?.account ?? caller.session.rootUser.account;
}

/** `UserId` as GetCallerIdentity reports it: `AIDA…` for users, `AROA…:SESSION` for roles. */
export function callerUserId(caller: Caller): string {
  if (caller.kind === 'user') return caller.user.userId;
  const { session } = caller;
  if (session.role) return `${session.role.roleId}:${session.roleSessionName}`;
  return session.rootUser.userId;
}

/** Whether the caller signs with temporary credentials (which caps AssumeRole at one hour). */
export function isTemporary(caller: Caller): boolean {
  return caller.kind === 'session';
}

/** The IAM user at the root of the caller's credentials (owner of the MFA devices). */
export function rootUser(caller: Caller): UserRecord {
  return caller.kind === 'user' ? caller.user : caller.session.rootUser;
}

/**
 * Whether a role's trust list admits the caller. For an assumed-role caller
 * the principal is the role ARN (as in real trust policies), though a trust
 * list may also name the exact session ARN; an account-root entry admits
 * every principal of that account.
 */
export function isTrusted(role: RoleRecord, caller: Caller): boolean {
  const principals: string[] = [];
  if (caller.kind === 'user') principals.push(caller.user.arn);
  else if (caller.session.role) principals.push(caller.session.role.arn, callerArn(caller));
  else principals.push(caller.session.rootUser.arn);
  principals.push(accountRootArn(callerAccount(caller)));
  return principals.some((p) => role.trustedPrincipals.has(p));
}

/** Users, roles, keys and issued sessions. */
export class Directory {
  private readonly users = new Map<string, UserRecord>();
  private readonly roles = new Map<string, RoleRecord>();
  private readonly longTermKeys = new Map<string, { user: UserRecord; secretAccessKey: string }>();
  private readonly sessions = new Map<string, Session>();
  /** IAM's "Revoke active sessions": per principal (role or user ARN), the time before which its temporary credentials are denied. */
  private readonly revocations = new Map<string, number>();

  constructor(fixture: Fixture) {
    for (const u of fixture.users) {
      const arn = parseIamArn(u.arn);
      if (!arn) throw new Error(`not an IAM ARN: ${u.arn}`);
      const user: UserRecord = {
        arn: u.arn,
        account: arn.account,
        name: arn.name,
        userId: u.userId ?? stableUniqueId('AIDA', u.arn),
        mfaDevices: new Map((u.mfaDevices ?? []).map((d) => [d.serialNumber, d.totpSecret])),
      };
      this.users.set(user.arn, user);
      for (const k of u.accessKeys) this.longTermKeys.set(k.accessKeyId, { user, secretAccessKey: k.secretAccessKey });
    }
    for (const r of fixture.roles) {
      const arn = parseIamArn(r.arn);
      if (!arn) throw new Error(`not an IAM ARN: ${r.arn}`);
      this.roles.set(r.arn, {
        arn: r.arn,
        account: arn.account,
        name: arn.name,
        roleId: r.roleId ?? stableUniqueId('AROA', r.arn),
        trustedPrincipals: new Set(r.trustedPrincipals),
        mfaRequired: r.mfaRequired === true,
        externalId: r.externalId,
        maxSessionDuration: r.maxSessionDuration ?? 3600,
      });
    }
  }

  /** Resolves an access key id to its owner and secret. */
  lookupKey(accessKeyId: string): KeyLookup | undefined {
    const longTerm = this.longTermKeys.get(accessKeyId);
    if (longTerm) return { kind: 'long-term', ...longTerm };
    const session = this.sessions.get(accessKeyId);
    return session ? { kind: 'session', session } : undefined;
  }

  /** A role by its exact IAM ARN. */
  role(arn: string): RoleRecord | undefined {
    return this.roles.get(arn);
  }

  /**
   * Denies every temporary credential of `principalArn` (a role's sessions, or a user's
   * GetSessionToken sessions) issued before `at`, as the deny on `aws:TokenIssueTime` that IAM
   * attaches does. Credentials issued later, and a user's long-term keys, are not affected.
   */
  revokeSessions(principalArn: string, at: number): void {
    if (!this.roles.has(principalArn) && !this.users.has(principalArn)) throw new Error(`no role or user ${principalArn}`);
    this.revocations.set(principalArn, at);
  }

  /** Whether `session`'s credentials fall under a revocation of its principal. */
  isRevoked(session: Session): boolean {
    const revokedBefore = this.revocations.get(session.role?.arn ?? session.rootUser.arn);
    return revokedBefore !== undefined && session.issuedAt < revokedBefore;
  }

  /** Every session issued so far, oldest first (expired ones included). */
  issuedSessions(): readonly Session[] {
    return [...this.sessions.values()];
  }

  /** Issues and remembers fresh temporary credentials. */
  issueSession(fields: Omit<Session, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): Session {
    let accessKeyId = newTemporaryAccessKeyId();
    while (this.sessions.has(accessKeyId)) accessKeyId = newTemporaryAccessKeyId();
    const session: Session = {
      ...fields,
      accessKeyId,
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
    };
    // Expired sessions stay so a late request is told `ExpiredToken`, not
    // `InvalidClientTokenId`, like real STS; a test server lives too briefly
    // for this to matter for memory.
    this.sessions.set(accessKeyId, session);
    return session;
  }
}
