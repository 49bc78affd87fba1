/**
 * `mfa-prompts-8h` (prompts): MFA prompts during a simulated 8-hour working day (issue 8 §5).
 *
 * 09:00 the person assumes prod, a 3-hop chain behind MFA (alice → Dev with MFA → Staging →
 * Prod), and types one code. Then nothing but time: the real ActiveSessionService and the real
 * AutoRenew (renewBefore 15 min, warnBefore 10 min) renew it as they do in VS Code; at 13:00 the
 * window reloads (a new service, engine and auto-renew over the same SecretStore, the session
 * restored from the real SessionVault); the day ends at 17:00.
 *
 * One fake clock drives everything that reads time: the service's ticks, auto-renew, the engine
 * (MFA-session reuse) and the local STS itself (the credentials' lifetimes and the TOTP check),
 * so eight hours pass in a few seconds and every credential really ends. STS is the real local
 * server spoken to by the real SDK port; it is told to accept any request date, because the SDK
 * signs with the machine's clock, which does not move with the fake one.
 *
 * Goal: 1 prompt. The day's STS calls, renewals, notices, and the seconds without a usable
 * session are reported beside it.
 *
 * `mfa-prompts-8h-sessions` (prompts, issue 22 §5): the same day with several sessions at once,
 * all behind alice's one MFA device, beside the one-session day's figure from the same run: the
 * window's prod; three sessions held as terminals hold them (`HeldSessions`: a staging terminal,
 * a dev-readonly terminal and a read-only prod terminal, each renewing itself), held again after
 * the reload as a person would reopen them; and ten debug launches' own profiles through the day
 * (held as `src/injection/debugInjection.ts` holds them, each for the 30 minutes its debuggee
 * runs; dev, staging, prod and dev-readonly in turn). A folder's own profile (issue
 * 22 §2) has not landed; the read-only terminal is the third held session in its place.
 * Goal: 1 prompt, and no held session without usable credentials at any step.
 */

import { ActiveSessionService } from '../src/core/lifecycle/activeSessionService';
import { AutoRenew, renewWindowMs, type RenewalNotice } from '../src/core/lifecycle/autoRenew';
import type { MfaPrompt, MfaPromptRequest, SecretStore } from '../src/core/vocabulary/ports';
import { HeldSessions, type SessionHold } from '../src/core/lifecycle/heldSessions';
import type { SessionAccess } from '../src/core/vocabulary/sessionTypes';
import { keepSessionInVault, SessionVault } from '../src/core/lifecycle/sessionVault';
import { DEFAULT_MFA_SESSION_SECONDS, DEFAULT_RENEW_BEFORE_SECONDS, DEFAULT_WARN_BEFORE_SECONDS } from '../src/constants';
import { createStsPort } from '../src/platform/awsSdk';
import { startLocalSts, totpFor } from '../tools/local-sts';
import { FakeClock } from '../test/support/fakes/fakeClock';
import { FakeSecretStore } from '../test/support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../test/support/fakes/fakeSessionLogger';
import { fixtureFor, makeEngine, makeUsers, modelFor } from './assumeBench';
import type { BenchResult } from './stats';
import { NO_BASELINE } from './stats';

const HOUR_MS = 3_600_000;
/**
 * Today at 09:00 UTC: near the machine's clock, which the SDK signs with (a request dated months
 * off the server's clock is refused and re-signed, doubling every call).
 */
const DAY_START = Date.parse(`${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`);
const DAY_HOURS = 8;
const RELOAD_AFTER_HOURS = 4;
/** Fake time moves this much between looks at what the last step started. */
const STEP_MS = 5_000;

/** A person reading the code off their phone at the fake clock's time. */
class FakeTimeTotpPrompt implements MfaPrompt {
  readonly asked: { readonly at: string; readonly mfaSerial: string }[] = [];

  constructor(
    private readonly clock: FakeClock,
    private readonly seeds: ReadonlyMap<string, string>,
  ) {}

  async askForCode(request: MfaPromptRequest): Promise<string | undefined> {
    this.asked.push({ at: new Date(this.clock.now()).toISOString(), mfaSerial: request.mfaSerial });
    const seed = this.seeds.get(request.mfaSerial);
    if (!seed) throw new Error(`bench: prompt for an unknown MFA device ${request.mfaSerial}`);
    return totpFor(seed).generate({ timestamp: this.clock.now() });
  }
}

/** One VS Code window's session parts, as src/extension.ts composes them. */
interface Window {
  readonly sessions: ActiveSessionService;
  readonly autoRenew: AutoRenew;
  readonly held: HeldSessions;
  dispose(): void;
}

/** The sessions held as terminals hold them in the day with several sessions. */
const HELD: readonly { readonly profileName: string; readonly access: SessionAccess }[] = [
  { profileName: 'staging', access: 'full' },
  { profileName: 'dev-readonly', access: 'full' },
  { profileName: 'prod', access: 'read-only' },
];
/** The debug launches' own profiles, one every 45 minutes from 09:20. */
const LAUNCH_PROFILES = ['dev', 'staging', 'prod', 'dev-readonly'];
const LAUNCHES = 10;
const FIRST_LAUNCH_MS = 20 * 60_000;
const LAUNCH_EVERY_MS = 45 * 60_000;
/** How long each launch's debuggee runs, holding its profile's session. */
const LAUNCH_RUNS_MS = 30 * 60_000;

/** The one-session day, then the day with several sessions, in the same run. */
export async function benchMfaPrompts8h(): Promise<BenchResult[]> {
  const one = await workday(false);
  const several = await workday(true);
  return [
    one,
    {
      ...several,
      name: 'mfa-prompts-8h-sessions',
      baseline: one.ours,
      baselineName: 'the one-session day (mfa-prompts-8h)',
      ratio: one.ours === 0 ? null : several.ours / one.ours,
    },
  ];
}

async function workday(severalSessions: boolean): Promise<BenchResult> {
  const clock = new FakeClock(DAY_START);
  const { alice } = makeUsers(0);
  // Any request date within two days: the SDK signs with the machine's clock, the server lives on the fake one.
  const localSts = await startLocalSts({ fixture: fixtureFor([alice]), now: () => clock.now(), maxClockSkewSeconds: 48 * 3600 });
  const model = modelFor(localSts.url, [alice]);
  const prompt = new FakeTimeTotpPrompt(clock, new Map([[alice.device, alice.seed]]));
  // SecretStorage outlives a reload: the MFA session and the vault's session live on in it.
  const secrets: SecretStore = new FakeSecretStore();
  const logger = new FakeSessionLogger();
  const sts = createStsPort();
  const notices: RenewalNotice[] = [];
  const reasons: string[] = [];
  let renewals = 0;

  const openWindow = (): Window => {
    const engine = makeEngine(sts, prompt, logger, { clock, secrets, mfaSessionDurationSeconds: () => DEFAULT_MFA_SESSION_SECONDS });
    const sessions = new ActiveSessionService(engine, async () => model, {
      time: clock,
      warnBeforeSeconds: () => DEFAULT_WARN_BEFORE_SECONDS,
      renewBeforeMs: (session) => renewWindowMs(session, DEFAULT_RENEW_BEFORE_SECONDS),
    });
    const autoRenew = new AutoRenew(sessions, {
      time: clock,
      enabled: () => true,
      renewBeforeSeconds: () => DEFAULT_RENEW_BEFORE_SECONDS,
      model: async () => model,
      notices: { show: (notice) => notices.push(notice) },
      logger,
    });
    const held = new HeldSessions({
      engine,
      model: async () => model,
      lifecycle: { time: clock, warnBeforeSeconds: () => DEFAULT_WARN_BEFORE_SECONDS, renewBeforeMs: (session) => renewWindowMs(session, DEFAULT_RENEW_BEFORE_SECONDS) },
      revoked: async () => {
        throw new Error('bench: nothing is revoked in this day');
      },
      renewalFailed: ({ profileName }, error) => heldRenewalFailures.push(`${new Date(clock.now()).toISOString().slice(11, 16)} ${profileName}: ${error instanceof Error ? error.message : String(error)}`),
    });
    const vault = new SessionVault(secrets, 'bench-workspace');
    const subscriptions = [
      keepSessionInVault(sessions, vault, (error) => {
        throw error;
      }),
      sessions.onDidChangeSession((change) => reasons.push(`${new Date(clock.now()).toISOString().slice(11, 16)} ${change.reason}`)),
      autoRenew.onDidRenew(() => (renewals += 1)),
    ];
    void sessions.restore(() => vault.load());
    return {
      sessions,
      autoRenew,
      held,
      dispose: () => {
        subscriptions.forEach((subscription) => subscription.dispose());
        held.dispose();
        autoRenew.dispose();
        sessions.dispose();
      },
    };
  };

  /** Opens the terminals' sessions in a window (a person reopening them after the reload). */
  const holdTerminals = async (target: Window): Promise<SessionHold[]> => (severalSessions ? Promise.all(HELD.map(({ profileName, access }) => target.held.hold(profileName, undefined, access))) : []);
  /** True while every held session has credentials that have not ended. */
  const heldUsable = (holds: readonly SessionHold[]) => holds.every((hold) => hold.state.session !== undefined && hold.state.status !== 'expired');

  /** Lets what the last step started (a renewal over real loopback HTTP) finish before time moves on. */
  const settle = async (window: Window) => {
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    while (window.sessions.state.status === 'renewing' || window.sessions.state.status === 'assuming' || window.held.list().some((view) => view.status === 'renewing')) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  const heldRenewalFailures: string[] = [];
  let window = openWindow();
  let unusableMs = 0;
  let heldUnusableMs = 0;
  let holds: SessionHold[] = [];
  const launches: string[] = [];
  let running: { readonly hold: SessionHold; readonly until: number }[] = [];
  let callsAtReload: { before: number; after: number } | undefined;
  try {
    const morning = await window.sessions.assume('prod');
    if (!/assumed-role\/Prod\//.test(morning.assumedRoleArn ?? '')) throw new Error(`the morning assume ended as ${morning.assumedRoleArn}`);
    holds = await holdTerminals(window);
    const dayEnd = DAY_START + DAY_HOURS * HOUR_MS;
    const reloadAt = DAY_START + RELOAD_AFTER_HOURS * HOUR_MS;
    while (clock.now() < dayEnd) {
      if (!callsAtReload && clock.now() >= reloadAt) {
        // The reload: the old window is gone; the new one restores from the vault alone.
        const before = localSts.calls.list().length;
        window.dispose();
        window = openWindow();
        await settle(window);
        if (window.sessions.current?.profileName !== 'prod') throw new Error(`after the reload the session is ${window.sessions.state.status}, not prod`);
        callsAtReload = { before, after: localSts.calls.list().length };
        holds = await holdTerminals(window);
      }
      const launchAt = DAY_START + FIRST_LAUNCH_MS + launches.length * LAUNCH_EVERY_MS;
      if (severalSessions && launches.length < LAUNCHES && clock.now() >= launchAt) {
        const profileName = LAUNCH_PROFILES[launches.length % LAUNCH_PROFILES.length];
        const hold = await window.held.hold(profileName, undefined, 'full', { kind: 'launch', launchName: `launch ${launches.length + 1}` });
        running.push({ hold, until: clock.now() + LAUNCH_RUNS_MS });
        launches.push(`${new Date(clock.now()).toISOString().slice(11, 16)} ${profileName} as ${hold.state.session?.assumedRoleArn?.split(':').pop()}`);
      }
      // Debuggees that finished let go of their sessions; the reload ended the others' (their held sessions went with the window).
      running = running.filter((launch) => {
        if (launch.until > clock.now()) return true;
        launch.hold.release();
        return false;
      });
      clock.advanceMs(STEP_MS);
      await settle(window);
      if (!window.sessions.current) unusableMs += STEP_MS;
      if (!heldUsable(holds)) heldUnusableMs += STEP_MS;
    }
    const calls = localSts.calls.list();
    const byAction = new Map<string, number>();
    for (const call of calls) byAction.set(`${call.action} ${call.status}`, (byAction.get(`${call.action} ${call.status}`) ?? 0) + 1);
    if (logger.errors().length > 0) throw new Error(`the engine logged errors: ${logger.errors().join(' | ')}`);
    return {
      name: 'mfa-prompts-8h',
      unit: 'prompts',
      ours: prompt.asked.length,
      ...NO_BASELINE,
      params: {
        what: severalSessions
          ? `MFA prompts from 09:00 to 17:00 in fake time: the window's prod as in mfa-prompts-8h, plus ${HELD.map(({ profileName, access }) => `${profileName}${access === 'read-only' ? ' (read-only)' : ''}`).join(', ')} held as terminals hold them (held again after the 13:00 reload) and ${LAUNCHES} debug launches' own profiles, all behind one MFA device`
          : 'MFA prompts from 09:00 to 17:00 in fake time: one assume of prod (alice → Dev with MFA → Staging → Prod), auto-renew (renewBefore 15 min), a window reload at 13:00; real service, engine, auto-renew and vault; real SDK against the local STS on the same fake clock',
        ...(severalSessions ? { launches, heldRenewalFailures, secondsWithoutUsableHeldSessions: heldUnusableMs / 1000 } : {}),
        prompts: prompt.asked,
        stsCalls: calls.length,
        stsCallsByAction: Object.fromEntries(byAction),
        autoRenewals: renewals,
        notices: notices.map((notice) => `${notice.kind}: ${notice.message}`),
        stsCallsDuringReload: callsAtReload ? callsAtReload.after - callsAtReload.before : null,
        secondsWithoutUsableSession: unusableMs / 1000,
        sessionEvents: reasons,
        mfaSessionSeconds: DEFAULT_MFA_SESSION_SECONDS,
      },
    };
  } finally {
    window.dispose();
    await localSts.stop();
  }
}
