/** Formats real STS uses, shared by the fidelity assertions. */

/** Temporary access key ids: `ASIA` + 16 capitals/digits (20 in all). */
export const TEMP_KEY_ID = /^ASIA[A-Z0-9]{16}$/;
/** Any AWS access key id. */
export const ANY_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;
/** Secret access keys: 40 characters of base64 alphabet. */
export const SECRET = /^[A-Za-z0-9+/]{40}$/;
/** `Expiration` as STS sends it: ISO 8601 UTC (whole seconds from STS; moto adds fractions). */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** An IAM user ARN. */
export const USER_ARN = /^arn:aws:iam::\d{12}:user\/[\w+=,.@/-]+$/;
/** An assumed-role session ARN. */
export const ASSUMED_ROLE_ARN = /^arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/;
/** `AssumedRoleId` / role `UserId`: `AROA…:SESSION`. */
export const ASSUMED_ROLE_ID = /^AROA[A-Z0-9]+:[\w+=,.@-]+$/;
/** A user's unique id. */
export const USER_ID = /^AIDA[A-Z0-9]+$/;

/** Classifies a value by the format it matches, for shape comparisons across servers. */
export function formatOf(value: unknown): string {
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return 'number';
  if (typeof value !== 'string') return typeof value;
  const formats: Array<[string, RegExp]> = [
    ['access-key-id', ANY_KEY_ID],
    ['iso-utc', ISO_UTC],
    ['user-arn', USER_ARN],
    ['assumed-role-arn', ASSUMED_ROLE_ARN],
    ['assumed-role-id', ASSUMED_ROLE_ID],
    ['user-id', USER_ID],
    ['account', /^\d{12}$/],
    ['secret', SECRET],
  ];
  for (const [name, re] of formats) if (re.test(value)) return name;
  return value.length > 100 ? 'opaque-token' : 'string';
}

/** `{ path: format }` for every leaf of an object (skipping `$metadata`), for comparing shapes. */
export function shapeOf(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      Object.assign(out, shapeOf(v, prefix ? `${prefix}.${k}` : k));
    }
    return out;
  }
  out[prefix] = formatOf(value);
  return out;
}
