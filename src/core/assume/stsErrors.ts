/**
 * Turns what the AWS SDK and Node throw into one `SessionError` per case: a message that names
 * the profile and the hop, says what happened in words a person can act on, and never holds a
 * key, secret, token or code.
 */

import { SessionError, type SessionErrorKind } from '../vocabulary/sessionTypes';
import { describeProcessEnd, processFailureOf } from './processFailure';
import { quoteForMessage, shortKeyId, withoutUserInfo } from '../vocabulary/redaction';

import { profileKindRecord, PROFILE_KINDS } from '../config/profileKinds';

/** The STS actions the engine calls. */
export type StsAction = 'AssumeRole' | 'GetSessionToken' | 'GetCallerIdentity';

/** Where an error happened, so its message can say so. */
export interface StsErrorContext {
  /** The profile the user picked. */
  readonly profileName: string;
  /** The profile of the hop being assumed (or whose credentials were checked). */
  readonly hopProfileName: string;
  readonly action: StsAction;
  readonly roleArn?: string;
  /** Who made the call, when known; STS's own "User: ARN is not authorized" wins. */
  readonly callerArn?: string;
  /** The profile whose credentials signed the call; the hop's profile when absent. */
  readonly sourceProfileName?: string;
  /** The signing key id; only its last four characters are ever shown. */
  readonly accessKeyId?: string;
  readonly mfaSerial?: string;
  readonly durationSeconds?: number;
  readonly region?: string;
  readonly endpoint?: string;
  /**
   * Set when the signing credentials are a session the extension obtained for `profileName`
   * (Show Identity on an assumed role, or an SSO or process root): if STS rejects them, the
   * fix is to assume the profile again, not to check keys in the config.
   */
  readonly obtainedSession?: boolean;
  /**
   * Set when the signing credentials are an MFA session kept from an earlier assume: an explicit
   * deny for them (and not for a session made a moment ago) is IAM's "Revoke active sessions".
   */
  readonly keptMfaSession?: boolean;
  /** Secrets in play (secret keys, tokens, codes) to strip verbatim from quoted SDK text. */
  readonly redact?: readonly (string | undefined)[];
}

/** The parts of an SDK or Node error the mapping looks at. */
export interface ErrorFacts {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  /** The `code` of a wrapped cause (`fetch failed` carries the socket error there). */
  readonly causeCode: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'NetworkingError', 'RequestTimeout', 'RequestTimeoutException']);
const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const SERVER_FAULT_NAMES = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException']);
const EXPIRED_NAMES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID_NAMES = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId']);
const SKEW_NAMES = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture']);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'AccessDeniedException']);

/** Reads `name`, `code`, `message`, `$metadata.httpStatusCode` and `cause.code` from anything thrown. */
export function errorFacts(error: unknown): ErrorFacts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
  const metadata = record.$metadata as { httpStatusCode?: unknown } | undefined;
  const cause = record.cause as Record<string, unknown> | undefined;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  return {
    name: text(record.name) || text(record.Code),
    code: text(record.code) || text(record.Code),
    message: typeof error === 'string' ? error : text(record.message),
    status,
    causeCode: typeof cause === 'object' && cause !== null ? text(cause.code) : '',
  };
}

/** The SDK's name, else Node's code: what the log calls the error. */
function causeNameOf(facts: ErrorFacts): string | undefined {
  return facts.name && facts.name !== 'Error' ? facts.name : facts.code || facts.causeCode || facts.name || undefined;
}

function is(facts: ErrorFacts, names: ReadonlySet<string>): boolean {
  return names.has(facts.name) || names.has(facts.code);
}

/** STS's message with ARNs taken out, so `user/mfa-admin` does not read as being about MFA. */
function withoutArns(message: string): string {
  return message.replace(/arn:[^\s"',]+/g, '');
}

/** A wrong or reused MFA code: AccessDenied "MultiFactorAuthentication failed with invalid MFA one time pass code." */
export function isMfaCodeRejection(error: unknown): boolean {
  const facts = errorFacts(error);
  if (!is(facts, ACCESS_DENIED_NAMES)) return false;
  return /MultiFactorAuthentication|one[ -]time pass ?code|\bMFA\b/i.test(withoutArns(facts.message));
}

/** Credentials STS no longer accepts (an expired or revoked session, a deleted key). */
export function isRejectedCredentials(error: unknown): boolean {
  const facts = errorFacts(error);
  return is(facts, EXPIRED_NAMES) || is(facts, INVALID_NAMES) || /security token/i.test(facts.message);
}

/** The request never got an answer: DNS, refused or reset connections, timeouts. */
export function isNetworkError(error: unknown): boolean {
  const facts = errorFacts(error);
  return (
    NETWORK_CODES.has(facts.code) ||
    NETWORK_CODES.has(facts.causeCode) ||
    NETWORK_NAMES.has(facts.name) ||
    /fetch failed|socket hang up/i.test(facts.message) ||
    [...NETWORK_CODES].some((code) => facts.message.includes(code))
  );
}

function isClockSkew(facts: ErrorFacts): boolean {
  if (is(facts, SKEW_NAMES)) return true;
  return (
    (facts.name === 'SignatureDoesNotMatch' || facts.name === 'InvalidSignatureException' || facts.name === 'AuthFailure') &&
    /signature expired|not yet current|clock|skew/i.test(facts.message)
  );
}

/** `Profile "prod"`, or `Profile "prod" (hop "dev")` when the hop is another profile. */
export function describeWhere(profileName: string, hopProfileName?: string): string {
  return hopProfileName && hopProfileName !== profileName ? `Profile "${profileName}" (hop "${hopProfileName}")` : `Profile "${profileName}"`;
}

/** Maps anything an STS call threw to one clear `SessionError`; a `SessionError` passes unchanged. */
export function toSessionError(error: unknown, context: StsErrorContext): SessionError {
  if (error instanceof SessionError) return error;
  const facts = errorFacts(error);
  const where = describeWhere(context.profileName, context.hopProfileName);
  const hop = context.hopProfileName;
  const source = context.sourceProfileName ?? hop;
  const keyTail = context.accessKeyId ? ` (key ${shortKeyId(context.accessKeyId)})` : '';
  const quoted = quoteForMessage(facts.message || facts.name || 'no message', context.redact);
  const make = (kind: SessionErrorKind, message: string) => new SessionError(kind, message, context.profileName, hop, causeNameOf(facts));

  if (isNetworkError(error)) {
    const target = context.endpoint ? ` at ${withoutUserInfo(context.endpoint)}` : context.region ? ` in ${context.region}` : '';
    const detail = facts.causeCode || facts.code || facts.name;
    // The SDK names a reset socket TimeoutError too (code ECONNRESET): only a request or socket
    // timeout means STS took the request and never answered.
    if (facts.name === 'TimeoutError' && (facts.code === 'ETIMEDOUT' || /timed out after/.test(facts.message))) {
      return make('unreachable', `${where}: STS${target} did not answer in time (${facts.name}), even after retrying. Check the network connection, the proxy settings and endpoint_url (or AWS_ENDPOINT_URL), then try again.`);
    }
    return make(
      'unreachable',
      `${where}: could not reach STS${target}${detail && detail !== 'Error' ? ` (${detail})` : ''}. Check the network connection, the proxy settings and endpoint_url (or AWS_ENDPOINT_URL), then try again.`,
    );
  }
  if (isClockSkew(facts)) {
    return make('clock-skew', `${where}: STS refused the request because this computer's clock is wrong (${facts.name}). Fix the system clock (turn on automatic time), then try again.`);
  }
  if (isMfaCodeRejection(error)) {
    return make(
      'mfa-invalid',
      `${where}: STS refused the MFA code for ${context.mfaSerial ?? 'the MFA device'}: it is wrong or was already used. Wait for the next code and try again.`,
    );
  }
  const assumeAgain = `Assume profile "${context.profileName}" again to get a new one.`;
  if (context.obtainedSession && (is(facts, EXPIRED_NAMES) || /security token included in the request is expired/i.test(facts.message))) {
    return make('expired-credentials', `${where}: the session has expired. ${assumeAgain}`);
  }
  if (context.obtainedSession && (is(facts, INVALID_NAMES) || facts.name === 'SignatureDoesNotMatch' || /security token included in the request is invalid/i.test(facts.message))) {
    return make('invalid-credentials', `${where}: STS no longer accepts the session (${facts.name || 'InvalidClientTokenId'}); it may have been revoked. ${assumeAgain}`);
  }
  if (is(facts, EXPIRED_NAMES) || /security token included in the request is expired/i.test(facts.message)) {
    return make('expired-credentials', `${where}: the credentials of profile "${source}"${keyTail} have expired. Refresh the source keys or sign in again, then try again.`);
  }
  if (is(facts, INVALID_NAMES) || /security token included in the request is invalid/i.test(facts.message)) {
    return make(
      'invalid-credentials',
      `${where}: the keys of profile "${source}"${keyTail} are not valid (STS: ${facts.name || 'InvalidClientTokenId'}). Check aws_access_key_id and aws_secret_access_key in profile "${source}", or create new keys.`,
    );
  }
  if (facts.name === 'SignatureDoesNotMatch') {
    return make(
      'invalid-credentials',
      `${where}: the secret key of profile "${source}"${keyTail} does not match its key id (STS: SignatureDoesNotMatch). Check aws_secret_access_key in profile "${source}".`,
    );
  }
  if (facts.name === 'RegionDisabledException') {
    return make(
      'region-disabled',
      `${where}: STS is not enabled in region ${context.region ?? 'the region used'} for this account. Enable the region for the account, or set another region in profile "${hop}".`,
    );
  }
  if (is(facts, THROTTLING_NAMES) || facts.status === 429) {
    return make('throttled', `${where}: STS is throttling requests (${facts.name || facts.code || facts.status}) even after retrying. Wait a minute and try again.`);
  }
  if (facts.name === 'ValidationError' && /duration ?seconds|session limit|MaxSessionDuration/i.test(facts.message)) {
    const asked = context.durationSeconds !== undefined ? ` of ${context.durationSeconds} s` : '';
    return make(
      'duration-rejected',
      `${where}: STS refused the session duration${asked} for ${context.roleArn ?? 'this session'}. Lower duration_seconds in profile "${hop}" (at most the role's maximum session duration, and 3600 for a role assumed with temporary credentials).`,
    );
  }
  if (is(facts, ACCESS_DENIED_NAMES) || (facts.status === 403 && /not authorized/i.test(facts.message))) {
    if (context.keptMfaSession && /explicit deny/i.test(facts.message)) {
      return make(
        'revoked',
        `${where}: STS denied ${context.action} to the MFA session of profile "${source}" with an explicit deny: an administrator has revoked its active sessions. The window's session was ended and every MFA session forgotten. Assume profile "${context.profileName}" again with a fresh MFA code; if that is denied too, ask your administrator.`,
      );
    }
    if (context.action === 'AssumeRole') {
      const caller = /User: (arn:\S+) is not authorized/.exec(facts.message)?.[1] ?? context.callerArn;
      const who = caller ? `"${caller}"` : 'the caller';
      return make(
        'access-denied',
        `${where}: ${who} is not allowed to assume ${context.roleArn ?? 'the role'}. The role's trust policy must allow this caller (and MFA, if the policy requires it); ask the role's owner, or check source_profile and mfa_serial in profile "${hop}".`,
      );
    }
    return make('access-denied', `${where}: STS refused ${context.action} for the credentials of profile "${source}": ${quoted}.`);
  }
  if (facts.name === 'ValidationError' || facts.name === 'InvalidParameterValue' || facts.name === 'MalformedPolicyDocument') {
    return make('config', `${where}: STS refused the ${context.action} request: ${quoted}. Fix the setting in profile "${hop}", then try again.`);
  }
  if (is(facts, SERVER_FAULT_NAMES) || (facts.status !== undefined && facts.status >= 500)) {
    return make('unknown', `${where}: STS failed with an internal error during ${context.action} (${facts.name || facts.status}). Try again in a moment.`);
  }
  if (UNREADABLE_ANSWER.test(facts.message)) {
    // The SDK's text names XML tags of the answer, and the error keeps the raw answer, which
    // may hold credentials: neither is quoted.
    return make(
      'unknown',
      `${where}: STS sent an answer that could not be read during ${context.action}. Try again in a moment; if it keeps happening, check the proxy and endpoint_url.`,
    );
  }
  return make('unknown', `${where}: ${context.action} failed: ${quoted}${facts.name && facts.name !== 'Error' ? ` (${facts.name})` : ''}.`);
}

/** The SDK could not read STS's answer: cut off, not XML, a proxy's page (measured: "@aws-sdk XML parse error: … Deserialization error: …"). */
const UNREADABLE_ANSWER = /Deserialization error|XML parse error/i;

/** Where root credentials failed. */
export interface RootErrorContext {
  readonly profileName: string;
  /** The profile holding the root settings (SSO, credential_process…). */
  readonly rootProfileName: string;
  readonly kind: string;
  readonly credentialSource?: string;
  readonly redact?: readonly (string | undefined)[];
}

const SSO_LOGIN_NEEDED = /SSO|token|expired|aws sso login/i;
/** The SDK's words when a `login_session`'s cached sign-in is missing or over (`aws login`, AWS CLI 2.32+). */
const CONSOLE_LOGIN_NEEDED = /login|token|expired|session/i;

/**
 * Maps a failure of `RootCredentialsPort.resolve`: an SSO token that is missing or expired
 * becomes `sso-login-required` (the UI offers to run the command), anything else
 * `root-credentials` naming the profile, with what to check for that kind of root.
 */
export function toRootCredentialsError(error: unknown, context: RootErrorContext): SessionError {
  if (error instanceof SessionError) return error;
  const facts = errorFacts(error);
  const root = context.rootProfileName;
  const where = describeWhere(context.profileName, root);
  const make = (kind: SessionErrorKind, message: string) => new SessionError(kind, message, context.profileName, root, causeNameOf(facts));
  const label = rootLabel(context.kind, context.credentialSource);
  if (isNetworkError(error)) {
    const detail = facts.causeCode || facts.code || facts.name;
    return make(
      'unreachable',
      `${where}: could not reach the ${label} service${detail && detail !== 'Error' ? ` (${detail})` : ''}. Check the network connection and the proxy settings, then try again.`,
    );
  }
  const whose = root === context.profileName ? `Profile "${root}"` : `Profile "${context.profileName}" (through profile "${root}")`;
  if (context.kind === 'sso' && SSO_LOGIN_NEEDED.test(facts.message)) {
    return make('sso-login-required', `${whose} needs a fresh sign-in to IAM Identity Center: use Sign In… (or run "aws sso login --profile ${root}").`);
  }
  if (context.kind === 'login' && CONSOLE_LOGIN_NEEDED.test(facts.message)) {
    return make('console-login-required', `${whose} needs a fresh console sign-in: run "aws login --profile ${root}".`);
  }
  if (context.kind === 'process') {
    // The program and how it ended, never the SDK's or the runner's text: that quotes the
    // command line (with any --password=…) and its stderr.
    const failure = processFailureOf(error);
    const what = failure ? `(${failure.program}) ${describeProcessEnd(failure)}` : `failed${facts.name && facts.name !== 'Error' ? ` (${facts.name})` : ''}`;
    return make('root-credentials', `${where}: credential_process of profile "${root}" ${what}. ${rootHint(context.kind, context.credentialSource, root)}`);
  }
  const quoted = quoteForMessage(facts.message || facts.name || 'no message', context.redact);
  return make('root-credentials', `${where}: could not get the ${label} credentials of profile "${root}": ${quoted}. ${rootHint(context.kind, context.credentialSource, root)}`);
}

function rootLabel(kind: string, credentialSource: string | undefined): string {
  return profileKindRecord(kind)?.credentialsName(credentialSource) ?? kind;
}

function rootHint(kind: string, credentialSource: string | undefined, root: string): string {
  return (profileKindRecord(kind) ?? PROFILE_KINDS.none).hint(root, credentialSource);
}
