/**
 * A window's session that renews itself on a schedule, as auto-renew does, with credentials from
 * the local STS: for the endpoint's long-running client tests and the `renewal-gap-failures`
 * benchmark. Each renewal is a GetSessionToken (the server's `lifetimeSeconds` makes the
 * credentials short), swapped into the state the endpoint serves from once it has arrived, so
 * the endpoint always holds valid credentials, as with the real service.
 */
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { SessionState } from '../../../src/core/lifecycle/windowSessions';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import type { LocalSts } from '../../../tools/local-sts';

export interface RenewingSession {
  /** What the endpoint reads at each request. */
  readonly source: { state: SessionState };
  /** The first session's credentials, as environment mode would have frozen them into a process. */
  readonly first: RoleSession;
  /** Renewals made so far. */
  renewals(): number;
  stop(): void;
}

/** Temporary credentials from the local STS as a window's session (GetSessionToken needs no MFA). */
export async function temporarySession(sts: LocalSts, keys: { accessKeyId: string; secretAccessKey: string }, profileName: string): Promise<RoleSession> {
  const client = new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
  try {
    const c = (await client.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    return {
      profileName,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! },
      region: 'us-east-1',
      obtainedAt: Date.now(),
      stsCalls: 1,
      notices: [],
    };
  } finally {
    client.destroy();
  }
}

export async function startRenewingSession(sts: LocalSts, keys: { accessKeyId: string; secretAccessKey: string }, everyMs: number): Promise<RenewingSession> {
  const obtain = () => temporarySession(sts, keys, 'renewing');
  const first = await obtain();
  const source = { state: { status: 'active', session: first } as SessionState };
  let renewals = 0;
  let stopped = false;
  const timer = setInterval(() => {
    void obtain().then((session) => {
      if (stopped) return;
      source.state = { status: 'active', session };
      renewals += 1;
    });
  }, everyMs);
  return {
    source,
    first,
    renewals: () => renewals,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** A Node process that calls GetCallerIdentity with the JS SDK's default chain every `everyMs` for `forMs`, then prints `{ok, failed, firstFailure}`. */
export const JS_LOOP = String.raw`
const s = require(process.argv[1]);
const [endpoint, forMs, everyMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const client = new s.STSClient({ endpoint, maxAttempts: 1 });
const result = { ok: 0, failed: 0, firstFailure: null };
const end = Date.now() + forMs;
(async () => {
  while (Date.now() < end) {
    try { await client.send(new s.GetCallerIdentityCommand({})); result.ok++; }
    catch (e) { result.failed++; result.firstFailure = result.firstFailure || (e.name + ': ' + e.message).slice(0, 200); }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  console.log(JSON.stringify(result));
})();
`;

/** The same loop with boto3 (one client for the whole run, as a long-running program keeps). */
export const BOTO3_LOOP = String.raw`
import boto3, json, sys, time
endpoint, for_ms, every_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = boto3.client('sts', endpoint_url=endpoint)
result = {'ok': 0, 'failed': 0, 'firstFailure': None}
end = time.time() + for_ms / 1000
while time.time() < end:
    try:
        client.get_caller_identity(); result['ok'] += 1
    except Exception as e:
        result['failed'] += 1; result['firstFailure'] = result['firstFailure'] or (type(e).__name__ + ': ' + str(e))[:200]
    time.sleep(every_ms / 1000)
print(json.dumps(result))
`;

export interface LoopResult {
  readonly ok: number;
  readonly failed: number;
  readonly firstFailure: string | null;
}
