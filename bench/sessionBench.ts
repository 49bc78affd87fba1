/**
 * The session's lifecycle, measured with the real ActiveSessionService (issue 8 §5).
 *
 * `renew-sts-calls` (calls): one `renew()` of the 3-hop chain alice → Dev (MFA) → Staging → Prod
 * while the MFA session from the first assume is live, through the real engine and the real SDK
 * port against the local STS in this process. Counted from the local STS's own call log; the
 * engine's count must agree, and the prompt (which records every call) must not have been asked.
 *
 * `idle-wakeups-1h` (wake-ups): timer callbacks during one hour of a live one-hour session with
 * nothing else happening. A fake clock (test/support/fakes/fakeClock.ts: it fires the timers that fall due
 * and counts them) drives the real service; the status bar's pure view (`statusBarView`, what
 * src/statusBar/sessionStatusBar.ts renders) is recomputed on every state change and tick, as the
 * VS Code owner does, so a timer of its own would show. A second scenario runs the same hour with
 * no session: it must wake up zero times.
 */

import { ActiveSessionService } from '../src/core/lifecycle/activeSessionService';
import { SECONDS_COUNTDOWN_MS } from '../src/core/lifecycle/expiryTiming';
import type { ScheduledTimer, TimeSource } from '../src/core/vocabulary/ports';
import { statusBarView, type StatusBarSettings } from '../src/core/presentation/statusBarView';
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';
import { createStsPort } from '../src/platform/awsSdk';
import { startLocalSts } from '../tools/local-sts';
import { FakeClock } from '../test/support/fakes/fakeClock';
import { FakeSessionLogger } from '../test/support/fakes/fakeSessionLogger';
import { HOPS, TotpPrompt, fixtureFor, makeEngine, makeUsers, modelFor } from './assumeBench';
import type { BenchResult } from './stats';
import { IDLE_WAKEUPS_LIMIT } from './goals';
import { prodChain } from './prodChain';
import { NO_BASELINE } from './stats';

/** Real time for the service (nothing waits on its ticks here); every timer is cancelled at dispose. */
function realTime(): TimeSource & { dispose(): void } {
  const handles = new Set<NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    schedule: (delayMs, callback): ScheduledTimer => {
      const handle = setTimeout(() => {
        handles.delete(handle);
        callback();
      }, delayMs);
      handle.unref();
      handles.add(handle);
      return { dispose: () => (clearTimeout(handle), handles.delete(handle)) };
    },
    dispose: () => handles.forEach((handle) => clearTimeout(handle)),
  };
}

export async function benchRenewStsCalls(): Promise<BenchResult> {
  const { alice } = makeUsers(0);
  const localSts = await startLocalSts({ fixture: fixtureFor([alice]) });
  const time = realTime();
  const logger = new FakeSessionLogger();
  const prompt = new TotpPrompt(new Map([[alice.device, alice.seed]]));
  const service = new ActiveSessionService(makeEngine(createStsPort(), prompt, logger), async () => model, { time, warnBeforeSeconds: () => 600 });
  const model = modelFor(localSts.url, [alice]);
  try {
    const assumed = await service.assume('prod');
    const assumeCalls = localSts.calls.list().map((call) => `${call.action} ${call.status}`);
    if (!/assumed-role\/Prod\//.test(assumed.assumedRoleArn ?? '')) throw new Error(`assume prod ended as ${assumed.assumedRoleArn}`);
    if (!assumed.mfaSessionExpiration || assumed.mfaSessionExpiration.getTime() <= Date.now()) throw new Error('the assume left no live MFA session behind the role session');

    const reasons: string[] = [];
    const listening = service.onDidChangeSession((change) => reasons.push(change.reason));
    const mark = localSts.calls.list().length;
    const promptsBefore = prompt.prompts;
    const renewed = await service.renew();
    listening.dispose();
    const recorded = localSts.calls.list().slice(mark);
    const prompts = prompt.prompts - promptsBefore;

    const fresh = renewed.credentials.accessKeyId !== assumed.credentials.accessKeyId;
    if (!fresh || service.current !== renewed || !reasons.includes('renewed')) {
      throw new Error(`renew() did not make fresh credentials the window's session (fresh keys: ${fresh}, reasons: ${reasons.join(', ') || 'none'})`);
    }
    if (logger.errors().length > 0) throw new Error(`the engine logged errors: ${logger.errors().join(' | ')}`);
    const countsAgree = recorded.length === renewed.stsCalls;
    if (!countsAgree) {
      console.error(`[bench] !!! renew-sts-calls: MISMATCH: the local STS recorded ${recorded.length} calls but the engine counted ${renewed.stsCalls} !!!`);
    }
    return {
      name: 'renew-sts-calls',
      unit: 'calls',
      ours: recorded.length,
      ...NO_BASELINE,
      params: {
        hops: HOPS,
        what: 'ActiveSessionService.renew() of prod (alice → Dev with MFA → Staging → Prod) while the MFA session of the first assume is live; calls of the renewal',
        renewCalls: recorded.map((call) => `${call.action} ${call.status}${call.errorCode ? ` ${call.errorCode}` : ''}`),
        localStsCalls: recorded.length,
        engineStsCalls: renewed.stsCalls,
        countsAgree,
        mfaPromptsDuringRenew: prompts,
        firstAssumeCalls: assumeCalls,
        firstAssumeMfaPrompts: promptsBefore,
        sessionEvents: reasons,
      },
    };
  } finally {
    service.dispose();
    time.dispose();
    await localSts.stop();
  }
}

/** The settings the status bar reads; only the countdown matters here. */
const VIEW_SETTINGS: StatusBarSettings = {
  warnBeforeSeconds: 600,
  showWhenIdle: true,
  canRenew: true,
  formatLocalTime: (date) => date.toISOString().slice(11, 16),
  commands: { assume: 'awsRoles.assumeRole', signOut: 'awsRoles.signOut', renew: 'awsRoles.renewSession' },
};

const HOUR_SECONDS = 3600;

interface IdleHour {
  /** Timer callbacks the clock fired during the hour. */
  readonly wakeups: number;
  /** Of those, the ones before the last ten minutes (or the whole hour without a session). */
  readonly wakeupsBeforeLast10Min: number;
  readonly wakeupsInLast10Min: number;
  /** How often the status bar's view was recomputed, and how many distinct texts it showed. */
  readonly renders: number;
  readonly distinctTexts: number;
  readonly lastText: string;
  /** Timers still waiting when the hour is over. */
  readonly pendingAtEnd: number;
}

/** A session as the vault brings it back: credentials ending `seconds` from `now`, an MFA session behind it. */
function sessionEndingIn(now: number, seconds: number): RoleSession {
  return {
    profileName: 'prod',
    credentials: { accessKeyId: 'ASIABENCHIDLE0000001', secretAccessKey: 'bench-idle-not-a-secret', sessionToken: 'bench-idle-token', expiration: new Date(now + seconds * 1000) },
    region: 'us-east-1',
    assumedRoleArn: 'arn:aws:sts::444444444444:assumed-role/Prod/bench-vscode',
    obtainedAt: now,
    stsCalls: 0,
    notices: [],
    chain: prodChain('prod'),
    mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
    mfaSessionExpiration: new Date(now + 8 * HOUR_SECONDS * 1000),
  };
}

/** One hour of fake time, with a session ending exactly at its end, or with none. */
async function idleHour(withSession: boolean): Promise<IdleHour> {
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const service = new ActiveSessionService(
    {
      assume: () => Promise.reject(new Error('bench: nothing assumes during an idle hour')),
      getCallerIdentity: () => Promise.reject(new Error('bench: nothing asks for the identity during an idle hour')),
      forgetMfaSessions: async () => undefined,
      mfaSessionsEndedElsewhere: () => undefined,
    },
    () => Promise.reject(new Error('bench: no profile model is needed during an idle hour')),
    { time: clock, warnBeforeSeconds: () => VIEW_SETTINGS.warnBeforeSeconds },
  );
  try {
    let renders = 0;
    const texts = new Set<string>();
    let lastText = '';
    // What the VS Code owner does on each of these events: recompute the view from (state, now).
    const render = () => {
      renders += 1;
      lastText = statusBarView(service.state, clock.now(), VIEW_SETTINGS).text;
      texts.add(lastText);
    };
    service.onDidChangeState(render);
    service.onDidCheckClock(render);
    render();
    if (withSession) {
      const restored = await service.restore(async () => sessionEndingIn(clock.now(), HOUR_SECONDS));
      if (!restored || service.state.status !== 'active') throw new Error(`the idle session did not become active (state ${service.state.status})`);
    }
    const before = clock.firedTimers;
    clock.advanceMs(HOUR_SECONDS * 1000 - SECONDS_COUNTDOWN_MS);
    const beforeLast10 = clock.firedTimers - before;
    clock.advanceMs(SECONDS_COUNTDOWN_MS);
    const wakeups = clock.firedTimers - before;
    if (withSession && service.state.status !== 'expired') throw new Error(`after the hour the session is ${service.state.status}, not expired`);
    return {
      wakeups,
      wakeupsBeforeLast10Min: beforeLast10,
      wakeupsInLast10Min: wakeups - beforeLast10,
      renders,
      distinctTexts: texts.size,
      lastText,
      pendingAtEnd: clock.pendingTimers,
    };
  } finally {
    service.dispose();
  }
}

export async function benchIdleWakeups(): Promise<BenchResult> {
  const live = await idleHour(true);
  const idle = await idleHour(false);
  return {
    name: 'idle-wakeups-1h',
    unit: 'wakeups',
    ours: live.wakeups,
    ...NO_BASELINE,
    params: {
      what: 'timer callbacks in one hour of fake time: a live session (restored, ending at the end of the hour, warnBefore 10 min) driving the real ActiveSessionService, the status bar view recomputed on every state change and tick',
      limit: IDLE_WAKEUPS_LIMIT,
      liveSession: live,
      noSession: idle,
      noSessionWakeups: idle.wakeups,
    },
  };
}

