/**
 * `wakeups-20-sessions-1h` (wakeups, issue 22 §5): timer wake-ups in one fake hour with twenty
 * live sessions (the window's prod and nineteen held as terminals hold them: profiles one, two
 * or three hops from alice's MFA device, held one every 30 seconds), beside the same hour with
 * the window's session alone, in the same run.
 *
 * Everything is real but time: the window's `ActiveSessionService` and `AutoRenew`, the
 * `HeldSessions`, their timers on one `SharedTicks` as src/extension.ts wires them, the engine
 * and the real SDK against the local STS, all on one fake clock (as `mfa-prompts-8h` runs). Every
 * session is an hour long and renews when auto-renew's window opens, 15 minutes before its end;
 * each renewal's STS calls are counted in the local STS's own log, and must equal its chain's
 * hops (the MFA session is live: no GetSessionToken, no prompt). The heap held with twenty
 * sessions, after a collection, is reported beside one's.
 *
 * Goal: no more wake-ups than the one-session hour, plus each other session's own: its
 * thresholds (auto-renew's window, the warning, the last ten minutes: 3) and its seconds in its
 * last ten minutes (none here, since each renews before them).
 */

import { ActiveSessionService } from '../src/core/lifecycle/activeSessionService';
import { AutoRenew, renewWindowMs } from '../src/core/lifecycle/autoRenew';
import { HeldSessions, type SessionHold } from '../src/core/lifecycle/heldSessions';
import { SharedTicks } from '../src/core/lifecycle/sharedTicks';
import { buildProfileModelFromContents } from '../src/core/config/profileModel';
import { DEFAULT_MFA_SESSION_SECONDS, DEFAULT_RENEW_BEFORE_SECONDS, DEFAULT_WARN_BEFORE_SECONDS } from '../src/constants';
import { createStsPort } from '../src/platform/awsSdk';
import { startLocalSts, totpFor } from '../tools/local-sts';
import { FakeClock } from '../test/support/fakes/fakeClock';
import { FakeSessionLogger } from '../test/support/fakes/fakeSessionLogger';
import { fixtureFor, makeEngine, makeUsers, ROLES } from './assumeBench';
import { collectGarbage, round, type BenchResult } from './stats';

const HOUR_MS = 3_600_000;
const STEP_MS = 5_000;
const SESSIONS = 20;
const HOLD_EVERY_MS = 30_000;
/** A held session's own wake-ups beyond the shared minute: auto-renew's window, the warning, the last ten minutes. */
const THRESHOLDS_PER_SESSION = 3;
const START = Date.parse(`${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`);

/** The profile of held session `index` (1…19): one, two or three hops from alice, each a profile of its own. */
function heldProfile(index: number): { readonly name: string; readonly hops: number } {
  const hops = (index % 3) + 1;
  return { name: `held-${index}-${hops}hop`, hops };
}

function configFor(stsUrl: string, device: string, region: string): string {
  const lines = ['[services local-sts]', 'sts =', `  endpoint_url = ${stsUrl}`, '[profile alice]', `region = ${region}`];
  const role = (name: string, arn: string, source: string, mfa: boolean) =>
    lines.push(`[profile ${name}]`, `role_arn = ${arn}`, `source_profile = ${source}`, ...(mfa ? [`mfa_serial = ${device}`] : []), 'services = local-sts', `region = ${region}`);
  role('dev', ROLES.dev, 'alice', true);
  role('staging', ROLES.staging, 'dev', false);
  role('prod', ROLES.prod, 'staging', false);
  for (let index = 1; index < SESSIONS; index++) {
    const { name, hops } = heldProfile(index);
    // Its own profile at the top of a chain of `hops` roles; the hops below are the shared ones.
    if (hops === 1) role(name, ROLES.dev, 'alice', true);
    else if (hops === 2) role(name, ROLES.staging, 'dev', false);
    else role(name, ROLES.prod, 'staging', false);
  }
  return `${lines.join('\n')}\n`;
}

interface Hour {
  readonly wakeups: number;
  /** The sessions that renewed in the hour, with their chains' hops. */
  readonly renewals: { readonly profileName: string; readonly hops: number }[];
  /** AssumeRole calls the local STS answered during the renewals, and the sum of the renewed chains' hops. */
  readonly stsCallsInRenewals: number;
  readonly expectedStsCalls: number;
  readonly prompts: number;
  readonly heapUsedMiB: number;
  readonly pendingTimersAtEnd: number;
}

async function hour(sessions: number): Promise<Hour> {
  const clock = new FakeClock(START);
  const { alice } = makeUsers(0);
  const localSts = await startLocalSts({ fixture: fixtureFor([alice]), now: () => clock.now(), maxClockSkewSeconds: 48 * 3600 });
  const config = configFor(localSts.url, alice.device, 'us-east-1');
  const model = buildProfileModelFromContents(
    { status: 'ok', path: '/bench/config', text: config },
    { status: 'ok', path: '/bench/credentials', text: `[alice]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n` },
  );
  let prompts = 0;
  const logger = new FakeSessionLogger();
  const engine = makeEngine(
    createStsPort(),
    {
      askForCode: async () => {
        prompts += 1;
        return totpFor(alice.seed).generate({ timestamp: clock.now() });
      },
    },
    logger,
    { clock, mfaSessionDurationSeconds: () => DEFAULT_MFA_SESSION_SECONDS },
  );
  // As src/extension.ts wires them: the window's ticks exact, the held sessions' minute ticks riding them.
  const ticks = new SharedTicks(clock);
  const lifecycle = { warnBeforeSeconds: () => DEFAULT_WARN_BEFORE_SECONDS, renewBeforeMs: (session: Parameters<typeof renewWindowMs>[0]) => renewWindowMs(session, DEFAULT_RENEW_BEFORE_SECONDS) };
  const window = new ActiveSessionService(engine, async () => model, { ...lifecycle, time: ticks.exact });
  const autoRenew = new AutoRenew(window, {
    time: clock,
    enabled: () => true,
    renewBeforeSeconds: () => DEFAULT_RENEW_BEFORE_SECONDS,
    model: async () => model,
    notices: {
      show: (notice) => {
        throw new Error(`bench: a renewal notice (${notice.kind})`);
      },
    },
    logger,
  });
  const renewalFailures: string[] = [];
  const held = new HeldSessions({
    engine,
    model: async () => model,
    lifecycle: { ...lifecycle, time: ticks.flexible },
    revoked: async () => {
      throw new Error('bench: nothing is revoked in this hour');
    },
    renewalFailed: ({ profileName }, error) => renewalFailures.push(`${profileName}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const settle = async () => {
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    while (window.state.status === 'renewing' || window.state.status === 'assuming' || held.list().some((view) => view.status === 'renewing')) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  // Each session's key and the STS calls since, to find each renewal's calls in the STS's log.
  const hopsOf = new Map<string, number>([['prod', 3]]);
  const holds: SessionHold[] = [];
  try {
    await window.assume('prod');
    const firstWakeups = clock.firedTimers;
    for (let index = 1; index < sessions; index++) {
      clock.advanceMs(HOLD_EVERY_MS);
      await settle();
      const { name, hops } = heldProfile(index);
      hopsOf.set(name, hops);
      holds.push(await held.hold(name));
    }
    const keysBefore = new Map<string, string>([['prod', window.current!.credentials.accessKeyId], ...holds.map((hold) => [hold.profileName, hold.state.session!.credentials.accessKeyId] as const)]);
    const callsBefore = localSts.calls.list().length;
    const end = START + HOUR_MS;
    while (clock.now() < end) {
      clock.advanceMs(STEP_MS);
      await settle();
    }
    const wakeups = clock.firedTimers - firstWakeups;
    if (renewalFailures.length > 0) throw new Error(`held sessions did not renew: ${renewalFailures.join(' | ')}`);
    // Every call after the holds is a renewal's: together they must be the renewed chains' hops, all AssumeRole.
    const renewalCalls = localSts.calls.list().slice(callsBefore);
    const renewals = [['prod', window.current!.credentials.accessKeyId] as const, ...holds.map((hold) => [hold.profileName, hold.state.session?.credentials.accessKeyId] as const)]
      .filter(([name, key]) => key !== keysBefore.get(name))
      .map(([name]) => ({ profileName: name, hops: hopsOf.get(name)! }));
    if (renewalCalls.some((call) => call.action !== 'AssumeRole' || call.status !== 200)) {
      throw new Error(`renewals made other calls than AssumeRole: ${renewalCalls.map((call) => `${call.action} ${call.status}`).join(', ')}`);
    }
    collectGarbage();
    const heapUsedMiB = process.memoryUsage().heapUsed / 2 ** 20;
    return {
      wakeups,
      renewals,
      stsCallsInRenewals: renewalCalls.length,
      expectedStsCalls: renewals.reduce((sum, renewal) => sum + renewal.hops, 0),
      prompts,
      heapUsedMiB: round(heapUsedMiB, 1),
      pendingTimersAtEnd: clock.pendingTimers,
    };
  } finally {
    holds.forEach((hold) => hold.release());
    held.dispose();
    autoRenew.dispose();
    window.dispose();
    await localSts.stop();
  }
}

export async function benchWakeupsTwentySessions(): Promise<BenchResult> {
  const one = await hour(1);
  const twenty = await hour(SESSIONS);
  const limit = one.wakeups + (SESSIONS - 1) * THRESHOLDS_PER_SESSION;
  return {
    name: 'wakeups-20-sessions-1h',
    unit: 'wakeups',
    ours: twenty.wakeups,
    baseline: one.wakeups,
    baselineName: "the same hour with the window's session alone",
    ratio: round(twenty.wakeups / one.wakeups, 2),
    params: {
      what: `timer wake-ups in one fake hour after the window assumed prod: ${SESSIONS - 1} more sessions held one every ${HOLD_EVERY_MS / 1000} s (one, two or three hops behind the same MFA device), each renewed 15 min before its end; real services, engine and SDK against the local STS on one fake clock`,
      limit,
      renewals: twenty.renewals.length,
      renewedChains: twenty.renewals.map((renewal) => `${renewal.profileName} (${renewal.hops})`),
      stsCallsInRenewals: twenty.stsCallsInRenewals,
      expectedStsCalls: twenty.expectedStsCalls,
      stsCallsMatchHops: twenty.stsCallsInRenewals === twenty.expectedStsCalls,
      prompts: twenty.prompts,
      heapUsedMiB: { twenty: twenty.heapUsedMiB, one: one.heapUsedMiB },
      pendingTimersAtEnd: twenty.pendingTimersAtEnd,
    },
  };
}
