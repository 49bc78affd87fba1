/**
 * TOTP checks for virtual MFA devices: RFC 6238 with SHA1, 6 digits and 30 s
 * steps, accepting one step either side for clock drift, as AWS does.
 */
import { Secret, TOTP } from 'otpauth';
import { invalidMfaCode } from './errors';

/** Time-step length in seconds. */
export const TOTP_PERIOD = 30;
/** Steps either side of the current one that are still accepted. */
export const TOTP_WINDOW = 1;

/** Builds the TOTP generator for a device's base32 seed. */
export function totpFor(base32Secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(base32Secret), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD });
}

/**
 * Verifies codes and remembers which time steps each device has used, so a
 * code cannot be replayed: AWS refuses a code it has already accepted.
 */
export class MfaVerifier {
  private readonly usedSteps = new Map<string, Set<number>>();

  constructor(private readonly now: () => number) {}

  /**
   * Accepts `code` for the device or throws `AccessDenied` ("invalid MFA one
   * time pass code") when it is wrong or already used.
   */
  verify(serialNumber: string, base32Secret: string, code: string): void {
    const timestamp = this.now();
    const totp = totpFor(base32Secret);
    const delta = totp.validate({ token: code, timestamp, window: TOTP_WINDOW });
    if (delta === null) throw invalidMfaCode();
    const step = totp.counter({ timestamp }) + delta;
    let used = this.usedSteps.get(serialNumber);
    if (!used) {
      used = new Set();
      this.usedSteps.set(serialNumber, used);
    }
    if (used.has(step)) throw invalidMfaCode();
    used.add(step);
    // Steps outside the window can never validate again; forget them.
    const oldest = step - 2 * TOTP_WINDOW - 1;
    for (const s of used) if (s < oldest) used.delete(s);
  }
}
