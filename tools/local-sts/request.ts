/** The parts of an HTTP request the STS logic needs, decoded once. */

/** A received request, with headers lower-cased and the body fully read. */
export interface ReceivedRequest {
  readonly method: string;
  /** Percent-decoded path, e.g. `/`. */
  readonly path: string;
  /**
   * Query parameters percent-decoded without turning `+` into a space, which
   * is what SigV4 canonicalisation expects; repeated names become arrays.
   */
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /**
   * STS parameters from the query string and, for a form-encoded POST, the
   * body. The first occurrence of a name wins, as real STS uses the first
   * wire value of a duplicated parameter.
   */
  readonly params: ReadonlyMap<string, string>;
}

function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Splits a raw query string for signing; undefined if it is not valid percent-encoding. */
export function parseSigningQuery(raw: string): Record<string, string | string[]> | undefined {
  const query: Record<string, string | string[]> = Object.create(null);
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

function addFormParams(params: Map<string, string>, encoded: string): void {
  for (const [key, value] of new URLSearchParams(encoded)) {
    if (!params.has(key)) params.set(key, value);
  }
}

/**
 * Builds a {@link ReceivedRequest} from raw pieces; undefined when the URL is
 * not valid percent-encoding.
 */
export function buildRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): ReceivedRequest | undefined {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const path = decodeComponent(rawPath);
  const query = parseSigningQuery(rawQuery);
  if (path === undefined || query === undefined) return undefined;
  const params = new Map<string, string>();
  addFormParams(params, rawQuery);
  // Every client measured here (JS SDK, CLI v1 and v2, boto3) POSTs
  // `application/x-www-form-urlencoded`, with or without `; charset=utf-8`.
  const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (method === 'POST' && contentType === 'application/x-www-form-urlencoded') {
    addFormParams(params, body.toString('utf8'));
  }
  return { method, path, query, headers, body, params };
}
