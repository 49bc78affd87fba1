/**
 * Identifiers and secrets the service hands out.
 *
 * Issued credentials come from `crypto.randomBytes` and look like AWS's
 * (`ASIA` + 16 base32 characters, 40-character secrets) so that clients which
 * sniff formats treat them as ordinary temporary keys. Stable IAM ids
 * (`AIDA…`, `AROA…`) are derived from the ARN so they survive restarts.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encode(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** A fresh temporary access key id: `ASIA` followed by 16 base32 characters. */
export function newTemporaryAccessKeyId(): string {
  return 'ASIA' + encode(randomBytes(16), BASE32, 16);
}

/** A fresh 40-character secret access key. */
export function newSecretAccessKey(): string {
  // 64 divides 256, so taking bytes modulo 64 keeps the characters uniform.
  return encode(randomBytes(40), SECRET_ALPHABET, 40);
}

/**
 * A fresh opaque session token. Real tokens are long base64 blobs; clients
 * must treat them as opaque, and a random one keeps them honest.
 */
export function newSessionToken(): string {
  return 'IQoJb2NhbC1zdHMQ' + randomBytes(288).toString('base64');
}

/** A stable unique id for an IAM user or role, e.g. `AIDA` + 17 characters. */
export function stableUniqueId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  return prefix + encode(digest, BASE32, 17);
}

/** A request id in the UUID form STS uses. */
export function newRequestId(): string {
  return randomUUID();
}
