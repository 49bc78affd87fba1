/**
 * The AWS CLI's token cache, `~/.aws/sso/cache/<sha1>.json`, as the CLI and the SDKs write and
 * read it: the file of an sso-session is named after the SHA-1 of the session's name, a legacy
 * sign-in's after the SHA-1 of its start URL. An sso-session's file also holds the client
 * registration and the refresh token, so any SDK refreshes the sign-in; a legacy one does not.
 */

import { createHash } from 'node:crypto';
import type { IdentityCenterSession } from './identityCenterSessions';

/** A sign-in: the tokens, when they end, and the client that obtained them. */
export interface SignInTokens {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly refreshToken?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** When the client registration ends, milliseconds since the epoch. */
  readonly registrationExpiresAt?: number;
}

/** The cache file's name for `session`, as every SDK computes it. */
export function tokenCacheFileName(session: Pick<IdentityCenterSession, 'sessionName' | 'startUrl'>): string {
  return `${createHash('sha1').update(session.sessionName ?? session.startUrl).digest('hex')}.json`;
}

/**
 * The sign-in a cache file holds for `session`, or `undefined` when the text is not one (not
 * JSON, no token, another start URL, a date that does not parse).
 */
export function parseTokenCache(text: string, session: Pick<IdentityCenterSession, 'startUrl'>): SignInTokens | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const file = parsed as Record<string, unknown>;
  const field = (key: string) => (typeof file[key] === 'string' && file[key] !== '' ? (file[key] as string) : undefined);
  const accessToken = field('accessToken');
  const expiresAt = parseCacheDate(field('expiresAt'));
  if (!accessToken || Number.isNaN(expiresAt)) return undefined;
  // A file another start URL wrote is not this sign-in (the CLI checks the same).
  const startUrl = field('startUrl');
  if (startUrl && startUrl !== session.startUrl) return undefined;
  const registrationExpiresAt = parseCacheDate(field('registrationExpiresAt'));
  return {
    accessToken,
    expiresAt,
    refreshToken: field('refreshToken'),
    clientId: field('clientId'),
    clientSecret: field('clientSecret'),
    registrationExpiresAt: Number.isNaN(registrationExpiresAt) ? undefined : registrationExpiresAt,
  };
}

/** The file's text, with the keys and date format the AWS CLI writes. */
export function formatTokenCache(tokens: SignInTokens, session: Pick<IdentityCenterSession, 'sessionName' | 'startUrl' | 'region'>): string {
  const file: Record<string, string> = { startUrl: session.startUrl, region: session.region, accessToken: tokens.accessToken, expiresAt: cliDate(tokens.expiresAt) };
  // A legacy sign-in's file has only these: the CLI never refreshes one.
  if (session.sessionName) {
    if (tokens.clientId && tokens.clientSecret) {
      file.clientId = tokens.clientId;
      file.clientSecret = tokens.clientSecret;
    }
    if (tokens.registrationExpiresAt !== undefined) file.registrationExpiresAt = cliDate(tokens.registrationExpiresAt);
    if (tokens.refreshToken) file.refreshToken = tokens.refreshToken;
  }
  return `${JSON.stringify(file)}`;
}

/** A date as the CLI wrote it: ISO 8601, or `2021-12-07T01:19:12UTC` (AWS CLI v2 before 2.1.14). */
function parseCacheDate(text: string | undefined): number {
  return Date.parse((text ?? '').replace(/UTC$/, 'Z'));
}

/** `2026-12-07T16:00:00Z`: UTC, whole seconds, as botocore writes it. */
function cliDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
