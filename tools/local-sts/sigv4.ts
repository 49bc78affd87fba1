/**
 * SigV4 verification: the signature is recomputed with @smithy/signature-v4,
 * the signer the JS SDK itself uses, from the request as received, so this
 * module parses and compares but never hand-rolls the HMAC chain.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { incompleteSignature } from './errors';
import type { ReceivedRequest } from './request';

/** The algorithm every client here signs with (SigV4a is not offered for a custom endpoint). */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The fields of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** Credential scope date, `YYYYMMDD`. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** Lower-case header names, in the order sent. */
  readonly signedHeaders: readonly string[];
  /** Hex signature. */
  readonly signature: string;
}

/** Parses an Authorization header; throws `IncompleteSignature` when a part is missing. */
export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
  if (missing.length > 0) {
    throw incompleteSignature(missing.map((f) => `Authorization header requires '${f}' parameter.`).join(' '));
  }
  const scope = fields.get('Credential')!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || scope.some((s) => s === '')) {
    throw incompleteSignature(
      "Credential should be scoped to a valid region, service and date: 'KEY/YYYYMMDD/REGION/SERVICE/aws4_request'.",
    );
  }
  return {
    accessKeyId: scope[0],
    scopeDate: scope[1],
    region: scope[2],
    service: scope[3],
    signedHeaders: fields.get('SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
    signature: fields.get('Signature')!.toLowerCase(),
  };
}

/** Parses `YYYYMMDDTHHMMSSZ` to epoch ms; undefined if malformed. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Formats epoch ms as `YYYYMMDDTHHMMSSZ`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function hostAndPort(host: string): { hostname: string; port?: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return { hostname: host };
  return { hostname: m[1], port: m[2] ? Number(m[2]) : undefined };
}

/**
 * Whether the request's signature is the one `secretAccessKey` produces.
 * Only the headers the client listed in SignedHeaders take part, and a signed
 * `x-amz-content-sha256` must match the body actually received (otherwise a
 * body could be swapped under a valid signature).
 */
export async function signatureMatches(
  request: ReceivedRequest,
  auth: ParsedAuthorization,
  signingDate: number,
  secretAccessKey: string,
): Promise<boolean> {
  const signed = new Set(auth.signedHeaders);
  if (!signed.has('host') || !signed.has('x-amz-date')) return false;
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = value;
  }
  const declaredHash = headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
    return false;
  }
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    // The session token is deliberately left out: it is checked separately,
    // and only enters the signature if the client signed its header.
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath: true,
  });
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    ...hostAndPort(headers.host),
    path: request.path,
    query: { ...request.query },
    headers,
    body: request.body,
  });
  const result = await signer.sign(toSign, {
    signingDate: new Date(signingDate),
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: signed,
  });
  const computed = parseAuthorization(String(result.headers.authorization));
  if (computed.signedHeaders.join(';') !== [...auth.signedHeaders].sort().join(';')) return false;
  const expected = Buffer.from(computed.signature, 'utf8');
  const actual = Buffer.from(auth.signature, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
