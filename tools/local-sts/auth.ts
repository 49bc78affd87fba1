/**
 * Request authentication: who is calling, with credentials that are valid,
 * current, and correctly signed.
 *
 * The order of checks follows what real STS was observed to do: the key and
 * its session token are judged before the signature (a missing or wrong token
 * is `InvalidClientTokenId` even with a bad signature; an expired one is
 * `ExpiredToken`), then the signing time, then the signature itself.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Caller, Directory } from './directory';
import {
  expiredToken,
  incompleteSignature,
  invalidClientTokenId,
  missingAuthenticationToken,
  signatureDoesNotMatch,
  signatureError,
} from './errors';
import type { ReceivedRequest } from './request';
import { formatAmzDate, parseAmzDate, parseAuthorization, signatureMatches } from './sigv4';

/** What authentication needs from the server. */
export interface AuthSettings {
  readonly directory: Directory;
  /** The server clock, epoch ms. */
  readonly now: () => number;
  /** Largest accepted difference between X-Amz-Date and the server clock. */
  readonly maxClockSkewSeconds: number;
}

/** An authenticated request's principal, plus the key it signed with. */
export interface Authenticated {
  readonly caller: Caller;
  readonly accessKeyId: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function describeWindow(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min.` : `${seconds} sec.`;
}

/**
 * Rejects a signing time outside the allowed skew with STS's own wording,
 * e.g. "Signature expired: 20220127T001427Z is now earlier than
 * 20220127T014428Z (20220127T015928Z - 15 min.)".
 */
function checkSigningTime(signedAt: number, now: number, maxSkewSeconds: number): void {
  const window = maxSkewSeconds * 1000;
  const server = Math.floor(now / 1000) * 1000;
  if (signedAt < server - window) {
    throw signatureError(
      `Signature expired: ${formatAmzDate(signedAt)} is now earlier than ${formatAmzDate(server - window)} ` +
        `(${formatAmzDate(server)} - ${describeWindow(maxSkewSeconds)})`,
    );
  }
  if (signedAt > server + window) {
    throw signatureError(
      `Signature not yet current: ${formatAmzDate(signedAt)} is still later than ${formatAmzDate(server + window)} ` +
        `(${formatAmzDate(server)} + ${describeWindow(maxSkewSeconds)})`,
    );
  }
}

/** Authenticates a request or throws the {@link StsError} STS would answer. */
export async function authenticate(request: ReceivedRequest, settings: AuthSettings): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (header === undefined) {
    // Presigned (query-string) SigV4 is not offered: no client flow here uses it.
    throw missingAuthenticationToken();
  }
  const auth = parseAuthorization(header);

  const key = settings.directory.lookupKey(auth.accessKeyId);
  if (!key) throw invalidClientTokenId();
  const token = request.headers['x-amz-security-token'];
  let caller: Caller;
  let secret: string;
  if (key.kind === 'long-term') {
    // A session token sent with long-term keys names no valid session.
    if (token !== undefined) throw invalidClientTokenId();
    caller = { kind: 'user', user: key.user, accessKeyId: auth.accessKeyId };
    secret = key.secretAccessKey;
  } else {
    if (token === undefined || !sameSecret(token, key.session.sessionToken)) throw invalidClientTokenId();
    if (settings.now() >= key.session.expiresAt) throw expiredToken();
    caller = { kind: 'session', session: key.session };
    secret = key.session.secretAccessKey;
  }

  if (auth.service !== 'sts') {
    throw signatureError(`Credential should be scoped to correct service: 'sts'. `);
  }
  const amzDate = request.headers['x-amz-date'];
  if (amzDate === undefined) {
    throw incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  checkSigningTime(signedAt, settings.now(), settings.maxClockSkewSeconds);

  if (!(await signatureMatches(request, auth, signedAt, secret))) throw signatureDoesNotMatch();
  return { caller, accessKeyId: auth.accessKeyId };
}
