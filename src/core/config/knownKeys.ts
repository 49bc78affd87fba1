/**
 * The settings the extension itself reads, each with a fixed number.
 *
 * The parser files every value under one of these keys into a per-section slot and a bit of
 * the section's `knownMask` while it scans, so deciding a profile's kind, checking it and
 * building its chain look at integers instead of strings and Maps. Values under any other key
 * are kept only as positions in the text until somebody asks for the profile's settings.
 * Loading 10,000 profiles spent most of its time building and collecting per-value objects
 * that nothing read (see `bench/configLoad.ts`).
 */

/** In a fixed order: a key's position is its number. Fewer than 31, so a mask stays a small integer. */
export const KNOWN_KEYS = [
  'role_arn',
  'source_profile',
  'credential_source',
  'mfa_serial',
  'duration_seconds',
  'role_session_name',
  'external_id',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'sso_start_url',
  'sso_region',
  'web_identity_token_file',
  'credential_process',
  'login_session',
  'region',
  'mfa_process',
  'endpoint_url',
  'services',
  'ignore_configured_endpoint_urls',
] as const;

export type KnownKey = (typeof KNOWN_KEYS)[number];

/** Slots per section. */
export const KNOWN_KEY_COUNT = KNOWN_KEYS.length;

/** A known key's number, by name: `KEY.role_arn` is 0. */
export const KEY = Object.freeze(Object.fromEntries(KNOWN_KEYS.map((key, index) => [key, index]))) as {
  readonly [K in KnownKey]: number;
};

const NUMBER_BY_NAME: ReadonlyMap<string, number> = new Map(KNOWN_KEYS.map((key, index) => [key, index]));

/** Known keys grouped by length, so a key in the text is compared with at most a few of them. */
const BY_LENGTH: (readonly (readonly [string, number])[] | undefined)[] = [];
KNOWN_KEYS.forEach((key, index) => {
  BY_LENGTH[key.length] = [...(BY_LENGTH[key.length] ?? []), [key, index] as const];
});

/** The number of a known key, or undefined for any other key. */
export function knownKeyNumber(key: string): number | undefined {
  return NUMBER_BY_NAME.get(key);
}

/** The number of the known key written at `text[start, end)`, or -1; copies nothing. */
export function knownKeyNumberAt(text: string, start: number, end: number): number {
  const candidates = BY_LENGTH[end - start];
  if (candidates === undefined) return -1;
  for (let i = 0; i < candidates.length; i++) {
    if (text.startsWith(candidates[i][0], start)) return candidates[i][1];
  }
  return -1;
}

/** The mask bit of a known key. */
export function bit(key: number): number {
  return 1 << key;
}

/** True when `mask` has the bit of `key`. */
export function hasKey(mask: number, key: number): boolean {
  return (mask & (1 << key)) !== 0;
}

/** A profile's settings as the model reads them: by known key number, without building a Map. */
export interface KnownSettings {
  /** One bit per known key that has a value (`bit(KEY.role_arn)`, …). */
  readonly mask: number;
  /** The value of a known key, or undefined when it is not set. */
  valueOf(key: number): string | undefined;
  /** The value with the file and line it is written on, or undefined when it is not set. */
  settingOf(key: number): { readonly value: string; readonly file: string; readonly line: number } | undefined;
}
