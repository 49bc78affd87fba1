/** A record of every request the server answered, for tests that count STS calls. */

/** Parameters never recorded in clear: MFA codes are one-time secrets. */
const REDACTED_PARAMS = new Set(['TokenCode']);

/** One request as the server saw and answered it. */
export interface RecordedCall {
  /** Server clock, epoch ms. */
  readonly at: number;
  /** The `Action` parameter (empty when missing). */
  readonly action: string;
  /** Access key id from the Authorization header, if any. Never logged in full. */
  readonly accessKeyId?: string;
  /** Identity ARN of the authenticated caller, when authentication succeeded. */
  readonly callerArn?: string;
  /** HTTP method and Content-Type as sent: shows which protocol variant a client used. */
  readonly method: string;
  readonly contentType?: string;
  /** Request parameters other than Action/Version, with `TokenCode` redacted. */
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status answered; 0 when the connection was dropped by a fault. */
  readonly status: number;
  /** STS error code for error answers. */
  readonly errorCode?: string;
  /** Set when an injected fault decided the answer. */
  readonly fault?: string;
}

/** Removes secrets from parameters before they are kept. */
export function redactParams(params: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k === 'Action' || k === 'Version') continue;
    out[k] = REDACTED_PARAMS.has(k) ? '<redacted>' : v;
  }
  return out;
}

/** Shortens an access key id to its last four characters for logs. */
export function maskAccessKeyId(accessKeyId: string | undefined): string {
  return accessKeyId ? `…${accessKeyId.slice(-4)}` : '-';
}

/** The call log of one server. */
export class CallLog {
  private readonly entries: RecordedCall[] = [];

  /** Appends a call (used by the server). */
  record(call: RecordedCall): void {
    this.entries.push(call);
  }

  /** All calls so far, oldest first. */
  list(): readonly RecordedCall[] {
    return [...this.entries];
  }

  /** Number of calls, optionally of one action and/or one outcome. */
  count(filter: { action?: string; status?: number; ok?: boolean } = {}): number {
    return this.entries.filter(
      (c) =>
        (filter.action === undefined || c.action === filter.action) &&
        (filter.status === undefined || c.status === filter.status) &&
        (filter.ok === undefined || (c.status === 200) === filter.ok),
    ).length;
  }

  /** Forgets all calls (e.g. between test steps). */
  clear(): void {
    this.entries.length = 0;
  }
}
