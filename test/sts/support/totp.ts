/**
 * An independent RFC 6238 generator (node:crypto HMAC-SHA1), so the server's
 * otpauth-based check is tested against a second implementation, plus a
 * dispenser that never hands out the same time step twice (the server refuses
 * reused codes, and tests need several codes within one 30 s step).
 */
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (no padding needed). */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226) of a counter. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** TOTP (RFC 6238, 30 s steps) for a base32 secret at a time. */
export function totp(base32Secret: string, atMs: number, digits = 6): string {
  return hotp(base32Decode(base32Secret), Math.floor(atMs / 30_000), digits);
}

/** Hands out codes of distinct, currently valid time steps for one device. */
export class CodeDispenser {
  private readonly used = new Set<number>();

  /**
   * @param onExhausted called when every valid step is used; a test with a
   * fake clock can move it 30 s on (and sign with that clock) to get more.
   */
  constructor(
    private readonly base32Secret: string,
    private readonly now: () => number = Date.now,
    private readonly onExhausted?: () => void,
  ) {}

  /**
   * A code the server (window ±1 step) accepts now and has not seen from us:
   * the current step first, then the next one, then the previous one only if
   * enough of the current step remains for the request to arrive in time.
   */
  next(): string {
    for (let attempt = 0; attempt < 4; attempt++) {
      const code = this.tryNext();
      if (code !== undefined) return code;
      if (!this.onExhausted) break;
      this.onExhausted();
    }
    throw new Error('no unused TOTP step left in the window; use another device or wait');
  }

  private tryNext(): string | undefined {
    const t = this.now();
    const step = Math.floor(t / 30_000);
    const remaining = 30_000 - (t % 30_000);
    const candidates = [step, step + 1, ...(remaining > 10_000 ? [step - 1] : [])];
    const chosen = candidates.find((s) => !this.used.has(s));
    if (chosen === undefined) return undefined;
    this.used.add(chosen);
    return hotp(base32Decode(this.base32Secret), chosen);
  }

  /** A syntactically valid code that is not valid in the current window. */
  wrong(): string {
    const t = this.now();
    const valid = new Set([-1, 0, 1].map((d) => totp(this.base32Secret, t + d * 30_000)));
    for (let n = 0; ; n++) {
      const code = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }
}

/** One MFA device of a test user. */
export interface MfaDevice {
  readonly serialNumber: string;
  readonly totpSecret: string;
}

/**
 * Codes across several MFA devices of one user (IAM allows up to eight), so
 * a test with real clients and the real clock can use more fresh codes than
 * one device offers per 30 s step.
 */
export class MfaPool {
  private readonly dispensers: Array<{ device: MfaDevice; codes: CodeDispenser }>;

  constructor(devices: readonly MfaDevice[], now: () => number = Date.now) {
    this.dispensers = devices.map((device) => ({ device, codes: new CodeDispenser(device.totpSecret, now) }));
  }

  /** A fresh code of any device, with that device's serial number. */
  next(): { serialNumber: string; code: string } {
    for (const { device, codes } of this.dispensers) {
      try {
        return { serialNumber: device.serialNumber, code: codes.next() };
      } catch {
        /* this device is used up for now: try the next one */
      }
    }
    throw new Error('every MFA device of the pool is used up for this 30 s step');
  }

  /** A fresh code of one device. */
  codeFor(serialNumber: string): string {
    const entry = this.dispensers.find((d) => d.device.serialNumber === serialNumber);
    if (!entry) throw new Error(`no device ${serialNumber} in the pool`);
    return entry.codes.next();
  }

  /** A code no device accepts now. */
  wrong(serialNumber: string): string {
    const entry = this.dispensers.find((d) => d.device.serialNumber === serialNumber);
    if (!entry) throw new Error(`no device ${serialNumber} in the pool`);
    return entry.codes.wrong();
  }
}
