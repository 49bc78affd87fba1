/**
 * What can go wrong with an Identity Center sign-in, in words a person can act on. Messages
 * never quote a token, a client secret or a device code (the user code is not a secret: the
 * person reads it on screen).
 */

import type { IdentityCenterSession } from './identityCenterSessions';

export type IdentityCenterErrorKind =
  /** The person cancelled the sign-in (or the request that waited for it was cancelled). */
  | 'cancelled'
  /** No valid sign-in, and this request may not ask for one (auto-renew, a restore). */
  | 'sign-in-needed'
  /** The person denied access on the sign-in page. */
  | 'denied'
  /** The device code or the authorization request ended before the person approved it. */
  | 'expired'
  /** The portal no longer accepts the sign-in: it was revoked, signed out or ended. */
  | 'refused'
  /** The person's assignments do not include this account and role. */
  | 'forbidden'
  | 'throttled'
  | 'unreachable'
  | 'failed';

export class IdentityCenterError extends Error {
  override readonly name = 'IdentityCenterError';
  constructor(
    readonly kind: IdentityCenterErrorKind,
    message: string,
    /** The SDK's or Node's error name, for the log. */
    readonly causeName?: string,
  ) {
    super(message);
  }
}

/** How a sign-in is named in messages: its sso-session, or its start URL. */
export function describeSignIn(session: Pick<IdentityCenterSession, 'sessionName' | 'startUrl'>): string {
  return session.sessionName ? `IAM Identity Center (sso-session ${session.sessionName})` : `IAM Identity Center (${session.startUrl})`;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'TimeoutError', 'RequestTimeout']);

/** The SDK's or Node's error as an {@link IdentityCenterError}, for `what` ("listing the accounts"…) of `session`. */
export function toIdentityCenterError(error: unknown, session: Pick<IdentityCenterSession, 'sessionName' | 'startUrl'>, what: string): IdentityCenterError {
  if (error instanceof IdentityCenterError) return error;
  const facts = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; error?: unknown; cause?: { code?: unknown }; $metadata?: { httpStatusCode?: number } };
  const name = typeof facts.name === 'string' ? facts.name : 'Error';
  const code = typeof facts.code === 'string' ? facts.code : typeof facts.cause?.code === 'string' ? facts.cause.code : '';
  const where = describeSignIn(session);
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    return new IdentityCenterError('unreachable', `${what} at ${where} failed: could not reach the service (${code || name}). Check the network connection and the proxy settings, then try again.`, name);
  }
  const status = facts.$metadata?.httpStatusCode;
  if (name === 'TooManyRequestsException' || name === 'SlowDownException' || status === 429) {
    return new IdentityCenterError('throttled', `${what} at ${where} was throttled. Wait a moment, then try again.`, name);
  }
  if (name === 'UnauthorizedException' || name === 'InvalidGrantException' || name === 'ExpiredTokenException' || name === 'InvalidClientException') {
    return new IdentityCenterError('refused', `${where} no longer accepts this sign-in (it ended or was signed out). Sign in again.`, name);
  }
  if (name === 'ForbiddenException') {
    return new IdentityCenterError('forbidden', `${what} at ${where} was refused: your assignments do not include it. Check the account id and role name, or ask your administrator.`, name);
  }
  return new IdentityCenterError('failed', `${what} at ${where} failed (${name}${status ? `, HTTP ${status}` : ''}). Show the log for details, then try again.`, name);
}
