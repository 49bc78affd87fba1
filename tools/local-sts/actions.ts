/**
 * The three STS actions. Each takes an authenticated caller and the request
 * parameters and returns the `<…Result>` children, or throws an StsError.
 */
import {
  callerAccount,
  callerArn,
  callerUserId,
  isTemporary,
  isTrusted,
  rootUser,
  type Caller,
  type Directory,
  type Session,
} from './directory';
import {
  invalidMfaCode,
  notAuthorizedToAssume,
  sessionTokenWithSessionCredentials,
  StsError,
  unknownMfaDevice,
  validationError,
} from './errors';
import type { MfaVerifier } from './mfa';
import { NAME_PATTERN, SERIAL_NUMBER_RULE, TOKEN_CODE_RULE, Validator } from './validation';
import { isoSeconds, type XmlElements } from './xml';

/** AssumeRole's default and the limit for chained roles. */
export const ONE_HOUR = 3600;
/** GetSessionToken's default duration (12 h). */
export const SESSION_TOKEN_DEFAULT = 43200;

/** What the actions need from the server. */
export interface ActionContext {
  readonly directory: Directory;
  readonly mfa: MfaVerifier;
  readonly now: () => number;
  /**
   * Test-only cap on the real lifetime of issued credentials. The reported
   * `Expiration` is the shortened real one, so clients see an ordinary
   * response that simply expires sooner.
   */
  readonly lifetimeSeconds: () => number | undefined;
  /** The cap spares GetSessionToken: MFA sessions keep their asked-for length, only role sessions end early. */
  readonly lifetimeRolesOnly?: boolean;
}

/** An action handler. */
export type ActionHandler = (caller: Caller, params: ReadonlyMap<string, string>, ctx: ActionContext) => XmlElements;

function expiryFor(durationSeconds: number, ctx: ActionContext, capped = true): { issuedAt: number; expiresAt: number } {
  const issuedAt = ctx.now();
  const cap = capped ? ctx.lifetimeSeconds() : undefined;
  const seconds = cap === undefined ? durationSeconds : Math.min(durationSeconds, cap);
  // Whole seconds, so the Expiration reported is exactly the real expiry.
  return { issuedAt, expiresAt: Math.floor((issuedAt + seconds * 1000) / 1000) * 1000 };
}

function credentialsXml(session: Session): XmlElements {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: isoSeconds(session.expiresAt),
  };
}

/**
 * Checks SerialNumber/TokenCode against the MFA devices of the user behind
 * the caller. Returns whether a code was presented and accepted.
 */
function verifyMfa(caller: Caller, serial: string | undefined, code: string | undefined, ctx: ActionContext): boolean {
  if (serial === undefined && code === undefined) return false;
  if (serial === undefined) throw unknownMfaDevice();
  const secret = rootUser(caller).mfaDevices.get(serial);
  if (secret === undefined) throw unknownMfaDevice();
  if (code === undefined) throw invalidMfaCode();
  ctx.mfa.verify(serial, secret, code);
  return true;
}

/** GetCallerIdentity: who signed the request. */
export const getCallerIdentity: ActionHandler = (caller) => ({
  Arn: callerArn(caller),
  UserId: callerUserId(caller),
  Account: callerAccount(caller),
});

/** GetSessionToken: session credentials for an IAM user, MFA-authenticated if a code is given. */
export const getSessionToken: ActionHandler = (caller, params, ctx) => {
  const v = new Validator(params);
  const duration = v.integer('DurationSeconds', { min: 900, max: 129600 });
  const serial = v.string('SerialNumber', SERIAL_NUMBER_RULE);
  const code = v.string('TokenCode', TOKEN_CODE_RULE);
  v.check();
  if (caller.kind !== 'user') throw sessionTokenWithSessionCredentials();
  const mfaAuthenticated = verifyMfa(caller, serial, code, ctx);
  const session = ctx.directory.issueSession({
    ...expiryFor(duration ?? SESSION_TOKEN_DEFAULT, ctx, !ctx.lifetimeRolesOnly),
    issuedBy: 'GetSessionToken',
    rootUser: caller.user,
    mfaAuthenticated,
    roleChained: false,
  });
  return { Credentials: credentialsXml(session) };
};

/** A rough stand-in for STS's packed size: percent of the allowed session policy and tag size. */
function packedPolicySize(params: ReadonlyMap<string, string>): number | undefined {
  let bytes = 0;
  let present = false;
  for (const [name, value] of params) {
    if (name === 'Policy' || /^PolicyArns\.member\.\d+\.arn$/.test(name) || /^Tags\.member\.\d+\.(Key|Value)$/.test(name)) {
      present = true;
      bytes += Buffer.byteLength(value);
    }
  }
  if (!present) return undefined;
  const percent = Math.max(1, Math.ceil((bytes * 100) / 2048));
  if (percent > 100) {
    throw new StsError(400, 'PackedPolicyTooLarge', `Packed size of the session policies and tags is ${percent}% of the allowed limit.`);
  }
  return percent;
}

/** AssumeRole: checks trust, MFA, external id and durations, then issues a role session. */
export const assumeRole: ActionHandler = (caller, params, ctx) => {
  const v = new Validator(params);
  const roleArn = v.string('RoleArn', { required: true, min: 20, max: 2048 });
  const sessionName = v.string('RoleSessionName', { required: true, min: 2, max: 64, ...NAME_PATTERN });
  const requested = v.integer('DurationSeconds', { min: 900, max: 43200 });
  const externalId = v.string('ExternalId', { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' });
  const serial = v.string('SerialNumber', SERIAL_NUMBER_RULE);
  const code = v.string('TokenCode', TOKEN_CODE_RULE);
  const sourceIdentity = v.string('SourceIdentity', { min: 2, max: 64, ...NAME_PATTERN });
  const policy = v.string('Policy', { min: 1, max: 2048 });
  const policyArns = v.policyArns();
  v.check();
  if (roleArn === undefined || sessionName === undefined) throw new Error('unreachable: required parameters validated');
  if (policy !== undefined) {
    try {
      JSON.parse(policy);
    } catch {
      throw new StsError(400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
    }
  }

  // An unknown role is indistinguishable from an untrusted one, as in STS.
  const role = ctx.directory.role(roleArn);
  const denied = (): StsError => notAuthorizedToAssume(callerArn(caller), roleArn);
  if (!role || !isTrusted(role, caller)) throw denied();
  const mfaPresented = verifyMfa(caller, serial, code, ctx);
  const callerMfa = caller.kind === 'session' && caller.session.mfaAuthenticated;
  const mfaAuthenticated = mfaPresented || callerMfa;
  if (role.mfaRequired && !mfaAuthenticated) throw denied();
  if (role.externalId !== undefined && externalId !== role.externalId) throw denied();

  // STS checks the role's maximum before the one-hour chaining limit.
  const duration = requested ?? ONE_HOUR;
  if (duration > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (isTemporary(caller) && duration > ONE_HOUR) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }

  const inherited = caller.kind === 'session' ? caller.session.sourceIdentity : undefined;
  if (inherited !== undefined && sourceIdentity !== undefined && sourceIdentity !== inherited) {
    throw validationError('The source identity is already set for this assume role session');
  }
  const packed = packedPolicySize(params);
  const session = ctx.directory.issueSession({
    ...expiryFor(duration, ctx),
    issuedBy: 'AssumeRole',
    rootUser: rootUser(caller),
    role,
    roleSessionName: sessionName,
    mfaAuthenticated,
    sourceIdentity: inherited ?? sourceIdentity,
    roleChained: isTemporary(caller),
    ...(policyArns ? { sessionPolicyArns: policyArns } : {}),
    ...(policy !== undefined ? { sessionPolicy: policy } : {}),
  });
  const identity = { kind: 'session', session } as const;
  return {
    Credentials: credentialsXml(session),
    AssumedRoleUser: { AssumedRoleId: callerUserId(identity), Arn: callerArn(identity) },
    PackedPolicySize: packed,
    SourceIdentity: session.sourceIdentity,
  };
};

/** The supported actions by name. */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  AssumeRole: assumeRole,
  GetSessionToken: getSessionToken,
  GetCallerIdentity: getCallerIdentity,
};
