/**
 * Auto-renew in fake time, over the real session service and engine wired to fakes: when it
 * renews (the renew window), that it renews once and silently when no code is needed, that it
 * never prompts when one is, how it backs off after failures, and how it behaves when the
 * clock jumps, at expiry, after a restore, and against a switch or a sign-out.
 */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import { AutoRenew, renewalNeeds, renewWindowMs, type RenewalNotice } from '../../../src/core/lifecycle/autoRenew';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import { stsError } from '../../support/fakes/fakeSts';
import { CODE, CONFIG, CREDENTIALS, harness, MFA_SERIAL, type HarnessOptions } from '../assume/engineHarness';
import { modelOf } from '../assume/modelHelpers';

/** dev-late: the MFA hop is second, so no MFA session backs it: every renewal needs a code. */
const LATE_MFA_CONFIG = [
  CONFIG,
  '[profile hop]',
  'role_arn = arn:aws:iam::222222222222:role/Hop',
  'source_profile = base',
  '[profile dev-late]',
  'role_arn = arn:aws:iam::222222222222:role/Late',
  'source_profile = hop',
  `mfa_serial = ${MFA_SERIAL}`,
  '[profile dev-late-process]',
  'role_arn = arn:aws:iam::222222222222:role/Late',
  'source_profile = hop',
  `mfa_serial = ${MFA_SERIAL}`,
  'mfa_process = print-code',
  '',
].join('\n');

/** The service and auto-renew over one harness; `dev` lasts an hour from 09:00, behind an 8-hour MFA session. */
function autoRenewed(options: HarnessOptions & { renewBeforeSeconds?: number; enabled?: boolean } = {}) {
  const h = harness({ config: LATE_MFA_CONFIG, ...options });
  h.prompt.answer(CODE);
  const settings = { enabled: options.enabled ?? true, renewBeforeSeconds: options.renewBeforeSeconds ?? 900 };
  const notices: RenewalNotice[] = [];
  const changes: string[] = [];
  /** A window: the service and auto-renew over the harness's engine (its SecretStore outlives a reload). */
  const openWindow = () => {
    const sessions = new ActiveSessionService(h.engine, async () => h.model, {
      time: h.clock,
      warnBeforeSeconds: () => 600,
      // As the extension wires it: ticks land on the opening of the renew window.
      renewBeforeMs: (session) => (settings.enabled ? renewWindowMs(session, settings.renewBeforeSeconds) : undefined),
    });
    const autoRenew = new AutoRenew(sessions, {
      time: h.clock,
      enabled: () => settings.enabled,
      renewBeforeSeconds: () => settings.renewBeforeSeconds,
      model: async () => h.model,
      notices: { show: (notice) => notices.push(notice) },
      logger: h.logger,
    });
    sessions.onDidChangeSession((change) => changes.push(`${change.reason} ${change.session?.profileName ?? '-'}`));
    return { sessions, autoRenew };
  };
  const window = openWindow();
  const s = {
    ...h,
    ...window,
    notices,
    settings,
    changes,
    /**
     * Advances fake time a second at a time, letting what each tick started (a renewal, which
     * the fakes answer on later turns) finish before the next, as real time would.
     */
    advance: async (seconds: number) => {
      if (seconds === 0) h.clock.advanceSeconds(0);
      for (let step = 0; step < seconds; step++) {
        h.clock.advanceSeconds(1);
        await settle(3);
      }
      await settle();
    },
    /** Reloads the window: the old one is gone, a new one starts with no session. */
    reload: () => {
      s.autoRenew.dispose();
      s.sessions.dispose();
      Object.assign(s, openWindow());
    },
  };
  return s;
}

/** Lets every promise and `setImmediate` that is ready run (the fakes answer on the next turn). */
async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

const at = (iso: string) => new Date(`2026-03-01T${iso}Z`).getTime();

/** `dev` assumed at 09:00; at 09:46 auto-renew's AssumeRole is under way, held at the fake STS. */
async function renewalUnderWay() {
  const s = autoRenewed();
  await s.sessions.assume('dev');
  const held = s.sts.holdNext('AssumeRole');
  s.clock.advanceSeconds(46 * 60);
  await held.reached;
  return { s, held };
}

/**
 * Lets 45 minutes pass, into the renew window, and checks that auto-renew only told the person a
 * code is needed: no prompt beyond the first assume, no STS call, and exactly this one notification.
 */
async function expectOnlyCodeNeeded(s: ReturnType<typeof autoRenewed>, message: string, noStsCall = 'no STS call'): Promise<void> {
  const mark = s.sts.calls.length;
  await s.advance(45 * 60);
  assert.equal(s.prompt.requests.length, 1, 'no prompt beyond the first assume');
  assert.equal(s.sts.calls.length, mark, noStsCall);
  assert.deepEqual(
    s.notices.map((notice) => [notice.kind, notice.message]),
    [['code-needed', message]],
  );
}

describe('auto-renew: the renew window', function () {
  this.timeout(10_000);

  it('renews once inside the window (15 min before the end, on the first tick in it), silently, one STS call per hop', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('prod');
    assert.equal(s.prompt.requests.length, 1, 'the first assume asks for the code once');
    const mark = s.sts.calls.length;
    await s.advance(44 * 60); // 09:44: sixteen minutes left
    assert.equal(s.sessions.current, first, 'not yet');
    assert.equal(s.sts.calls.length, mark);
    await s.advance(60); // 09:45: inside the window
    const renewed = s.sessions.current;
    assert.notEqual(renewed, first);
    assert.deepEqual(s.sts.calls.slice(mark).map((call) => call.action), ['AssumeRole', 'AssumeRole', 'AssumeRole']);
    assert.equal(renewed?.credentials.expiration?.getTime(), at('10:45:00'));
    assert.equal(s.prompt.requests.length, 1, 'no prompt');
    assert.deepEqual(s.notices, [], 'no notification');
    assert.deepEqual(s.changes, ['assumed prod', 'renewed prod']);
    const logged = s.logger.lines.filter((line) => line.message.startsWith('auto-renewed'));
    assert.equal(logged.length, 1);
    assert.match(logged[0].message, /^auto-renewed profile prod at 2026-03-01T09:45:00.000Z: 3 hops, 3 STS calls, \d+ ms, expires 2026-03-01T10:45:00.000Z$/);
    // The next one comes an hour later, not before.
    await s.advance(44 * 60);
    assert.equal(s.sts.calls.length, mark + 3);
    await s.advance(60);
    assert.equal(s.sts.calls.length, mark + 6);
  });

  it('starts on time when the window opens between two minute ticks (renewBefore 14.5 min), without extra wake-ups', async () => {
    const s = autoRenewed({ renewBeforeSeconds: 870 });
    await s.sessions.assume('dev');
    const fired = s.clock.firedTimers;
    // One jump to 09:45:30, the window's opening: only the timers due on the way fire.
    s.clock.advanceMs(45 * 60_000 + 30_000);
    await settle();
    assert.equal(s.sessions.current?.credentials.expiration?.getTime(), at('10:45:30'), 'renewed at 09:45:30, not at the next minute');
    assert.equal(s.clock.firedTimers - fired, 46, 'a tick a minute, plus the one at the opening');
  });

  it('awsRoles.renewBefore is read at each tick', async () => {
    const s = autoRenewed({ renewBeforeSeconds: 300 });
    const first = await s.sessions.assume('dev');
    await s.advance(50 * 60); // 09:50, ten minutes left: outside a 5-minute window
    assert.equal(s.sessions.current, first);
    s.settings.renewBeforeSeconds = 900;
    await s.advance(1);
    assert.notEqual(s.sessions.current, first);
  });

  it('the window is at most half the session: short credentials are not renewed the moment they arrive', () => {
    const session = { credentials: { expiration: new Date(at('09:20:00')) }, obtainedAt: at('09:00:00') } as RoleSession;
    assert.equal(renewWindowMs(session, 900), 10 * 60_000);
    assert.equal(renewWindowMs(session, 300), 5 * 60_000);
    assert.equal(renewWindowMs({ ...session, credentials: { accessKeyId: 'k', secretAccessKey: 's' } }, 900), undefined);
  });

  it('many triggers at once (ticks, focus, Renew Now) make one renewal', async () => {
    const s = autoRenewed();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(46 * 60);
    const mark = s.sts.calls.length;
    for (let i = 0; i < 5; i++) {
      s.autoRenew.windowFocused();
      s.sessions.checkNow();
    }
    const manual = s.sessions.renew();
    await settle();
    await manual;
    assert.deepEqual(s.sts.calls.slice(mark).map((call) => call.action), ['AssumeRole']);
    assert.deepEqual(s.changes, ['assumed dev', 'renewed dev']);
  });

  it('long-term keys (allowed) never end: nothing to renew, no timer', async () => {
    const s = autoRenewed({ allowLongTermKeys: ['base'] });
    await s.sessions.assume('base');
    const mark = s.sts.calls.length;
    await s.advance(48 * 3600);
    assert.equal(s.sts.calls.length, mark);
    assert.equal(s.clock.pendingTimers, 0);
  });

  it('auto-renew off does nothing: the session ends, no call, no notification', async () => {
    const s = autoRenewed({ enabled: false });
    await s.sessions.assume('dev');
    const mark = s.sts.calls.length;
    await s.advance(3600);
    s.autoRenew.windowFocused();
    await settle();
    assert.equal(s.sts.calls.length, mark);
    assert.equal(s.sessions.state.status, 'expired');
    assert.deepEqual(s.notices, []);
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev']);
  });
});

describe('auto-renew: when a code is needed', function () {
  this.timeout(10_000);

  it('an MFA session that ended: exactly one notification, never a prompt, and Renew… renews with one prompt', async () => {
    // A 15-minute MFA session: at 09:45 it has ended, so renewal needs a new code.
    const s = autoRenewed({ mfaSessionSeconds: 900 });
    const first = await s.sessions.assume('dev');
    assert.equal(first.mfaSessionExpiration?.getTime(), at('09:15:00'));
    await expectOnlyCodeNeeded(s, 'Session for dev ends in 15 min. Renewing it needs an MFA code.');
    // Every second of the last ten minutes ticks; the notification is not shown again.
    await s.advance(14 * 60);
    s.autoRenew.windowFocused();
    await settle();
    assert.equal(s.notices.length, 1);
    assert.equal(s.prompt.requests.length, 1);
    assert.equal(s.sessions.current, first);

    // The notification's Renew… calls renew(), which may ask.
    s.prompt.answer(CODE);
    const renewed = await s.sessions.renew();
    assert.equal(s.prompt.requests.length, 2);
    assert.notEqual(renewed, first);
  });

  it('the MFA hop above the first: a code is needed even with a live MFA session; with mfa_process none is', () => {
    const h = harness({ config: LATE_MFA_CONFIG });
    const now = at('09:45:00');
    const live = new Date(at('17:00:00'));
    const session = (profileName: string): RoleSession =>
      ({ profileName, credentials: { accessKeyId: 'k', secretAccessKey: 's', expiration: new Date(at('10:00:00')) }, obtainedAt: at('09:00:00'), mfaSessionExpiration: live }) as RoleSession;
    assert.deepEqual(renewalNeeds(session('dev'), h.model, now), { code: false });
    assert.deepEqual(renewalNeeds(session('prod'), h.model, now), { code: false });
    assert.deepEqual(renewalNeeds(session('dev-late'), h.model, now), { code: true, hopProfileName: 'dev-late', mfaSerial: MFA_SERIAL });
    assert.deepEqual(renewalNeeds(session('dev-late-process'), h.model, now), { code: false });
    assert.deepEqual(renewalNeeds(session('hop'), h.model, now), { code: false });
    // The MFA session ends within the engine's one-minute margin: treated as ended.
    assert.deepEqual(renewalNeeds({ ...session('dev'), mfaSessionExpiration: new Date(now + 30_000) }, h.model, now), { code: true, hopProfileName: 'dev', mfaSerial: MFA_SERIAL });
    // dev asking for two hours skips the MFA session (STS would cap it): a code each time.
    const long = modelOf(CONFIG.replace(`mfa_serial = ${MFA_SERIAL}\nregion = eu-west-1`, `mfa_serial = ${MFA_SERIAL}\nregion = eu-west-1\nduration_seconds = 7200`), CREDENTIALS);
    assert.equal(long.byName.get('dev')?.settings.get('duration_seconds')?.value, '7200');
    assert.equal(renewalNeeds(session('dev'), long, now).code, true);
  });

  it('the MFA session deleted behind its back (another window signed out): the engine refuses to prompt; one notice; Renew… asks once', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('prod');
    // Another window's Sign Out forgot every stored MFA session; this window's session still says it has one.
    await s.engine.forgetMfaSessions();
    assert.equal(renewalNeeds(first, s.model, at('09:45:00')).code, false, 'auto-renew expects a silent renewal');
    await expectOnlyCodeNeeded(s, 'Session for prod ends in 15 min. Renewing it needs an MFA code.', 'no STS call: the code was needed before the first one');
    assert.equal(s.sessions.current, first, 'the current credentials are kept');
    assert.ok(
      s.logger.lines.some((line) => line.level === 'info' && /nothing that starts by itself \(auto-renew/.test(line.message)),
      'the engine logs why it stopped, as information rather than an error',
    );
    // No retry storm: nothing more happens until the person acts.
    await s.advance(5 * 60);
    assert.equal(s.notices.length, 1);
    assert.equal(s.prompt.requests.length, 1);
    s.prompt.answer(CODE);
    const renewed = await s.sessions.renew();
    assert.equal(s.prompt.requests.length, 2, "the person's Renew… asks for the code");
    assert.notEqual(renewed, first);
  });

  it("a person's Renew while an automatic renewal that needs a code runs: it waits, then asks once", async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('dev-late');
    // Past the 30 s in which the same code is refused as already used.
    s.clock.advanceSeconds(31);
    s.prompt.answer(CODE);
    const automatic = s.sessions.renew({ interactive: false });
    const person = s.sessions.renew();
    await assert.rejects(automatic, (error: Error & { kind?: string }) => error.kind === 'mfa-code-needed');
    const renewed = await person;
    assert.equal(s.prompt.requests.length, 2, "one prompt for the first assume, one for the person's renewal");
    assert.notEqual(renewed, first);
    assert.equal(s.sessions.current, renewed);
  });

  it('a chain whose MFA hop has mfa_process renews silently: the process gives the code, no prompt', async () => {
    const s = autoRenewed();
    s.mfaProcess.print(CODE, CODE);
    const first = await s.sessions.assume('dev-late-process');
    await s.advance(46 * 60);
    assert.notEqual(s.sessions.current, first);
    assert.equal(s.prompt.requests.length, 0);
    assert.deepEqual(s.notices, []);
  });
});

describe('auto-renew: failures', function () {
  this.timeout(10_000);

  it('keeps the old credentials, shows the failure once, and retries after 30 s, 1 min, 2 min…', async () => {
    const s = autoRenewed({ renewBeforeSeconds: 1800 });
    const first = await s.sessions.assume('dev');
    for (let i = 0; i < 4; i++) s.sts.failNext('AssumeRole', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }));
    const mark = s.sts.calls.length;
    await s.advance(30 * 60); // 09:30: the first try fails
    const tries = () => s.sts.calls.length - mark;
    assert.equal(tries(), 1);
    assert.equal(s.sessions.current, first, 'the current credentials are kept');
    assert.equal(s.notices.length, 1);
    assert.equal(s.notices[0].kind, 'failed');
    assert.match(s.notices[0].message, /^Auto-renew of dev failed: .*The current credentials are kept until they end; auto-renew keeps trying\.$/);
    await s.advance(29);
    assert.equal(tries(), 1, 'no retry before 30 s, though the lifecycle ticks meanwhile');
    await s.advance(1);
    assert.equal(tries(), 2);
    await s.advance(59);
    assert.equal(tries(), 2);
    await s.advance(1);
    assert.equal(tries(), 3);
    await s.advance(120);
    assert.equal(tries(), 4);
    await s.advance(240); // the fifth try: the STS answers again
    assert.equal(tries(), 5);
    assert.notEqual(s.sessions.current, first);
    assert.equal(s.notices.length, 1, 'no storm: one notification for four failures');
    assert.deepEqual(s.changes, ['assumed dev', 'renewed dev']);
  });

  it('a revoked MFA session: the session ends at once, every MFA session is forgotten, one notice offers to assume again, no retry', async () => {
    const s = autoRenewed();
    await s.sessions.assume('dev');
    s.sts.failNext('AssumeRole', stsError('AccessDenied', 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Dev with an explicit deny in an identity-based policy', 403));
    const mark = s.sts.calls.length;
    await s.advance(45 * 60); // into the renew window: the renewal is denied
    assert.deepEqual(s.changes, ['assumed dev', 'revoked -']);
    assert.equal(s.sessions.state.status, 'none');
    assert.equal(s.sessions.current, undefined);
    assert.deepEqual(s.notices.map((notice) => [notice.kind, notice.profileName]), [['revoked', 'dev']]);
    assert.match(s.notices[0].message, /an administrator has revoked its active sessions/);
    assert.equal([...s.secrets.data.keys()].filter((key) => key.startsWith('awsRoles.mfaSession:')).length, 0, 'no MFA session is kept');
    await s.advance(10 * 60);
    assert.equal(s.sts.calls.length - mark, 1, 'one denied call, and nothing after it');
    assert.equal(s.prompt.requests.length, 1, 'never a prompt');
  });

  it('the window regaining focus retries at once', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('dev');
    s.sts.failNext('AssumeRole', stsError('Throttling', 'Rate exceeded', 400));
    await s.advance(45 * 60); // 09:45: the first try fails; the next would be at 09:45:30
    assert.equal(s.sessions.current, first);
    assert.equal(s.notices.length, 1);
    s.autoRenew.windowFocused();
    await settle();
    assert.notEqual(s.sessions.current, first);
    assert.equal(s.notices.length, 1);
  });

  it('when every retry fails the session ends at its own end, shows expired, and auto-renew stops', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('dev');
    for (let i = 0; i < 20; i++) s.sts.failNext('AssumeRole', stsError('InternalFailure', 'oops', 500));
    const mark = s.sts.calls.length;
    await s.advance(59 * 60 + 59);
    assert.equal(s.sessions.current, first, 'kept until the very end');
    const triedBeforeEnd = s.sts.calls.length - mark;
    assert.equal(triedBeforeEnd, 6, 'at 09:45, 09:45:30, 09:46:30, 09:48:30, 09:52:30 and 09:57:30');
    await s.advance(1);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.sessions.current, undefined);
    assert.equal(s.clock.pendingTimers, 0, 'no timer after the end');
    await s.advance(3600);
    assert.equal(s.sts.calls.length - mark, triedBeforeEnd, 'no call after the end');
    assert.equal(s.notices.length, 1);
  });

  it('an SSO root whose token ended: the failure names it (the adapter offers aws sso login)', async () => {
    const config = '[profile sso-root]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile sso-role]\nrole_arn = arn:aws:iam::222222222222:role/Dev\nsource_profile = sso-root\n';
    const s = autoRenewed({ config });
    s.sts.addUser({ accessKeyId: 'ASIASSOROOTKEY000001', secretAccessKey: 'ssoSecret', sessionToken: 'ssoToken' }, 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev/alice');
    s.roots.set('sso-root', { accessKeyId: 'ASIASSOROOTKEY000001', secretAccessKey: 'ssoSecret', sessionToken: 'ssoToken' });
    const first = await s.sessions.assume('sso-role');
    s.roots.set('sso-root', Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' }));
    await s.advance(46 * 60);
    assert.equal(s.sessions.current, first);
    assert.equal(s.notices.length, 1);
    const notice = s.notices[0];
    assert.equal(notice.kind, 'failed');
    assert.equal(notice.kind === 'failed' && notice.error.kind, 'sso-login-required');
    assert.equal(s.prompt.requests.length, 0);
  });
});

describe('auto-renew: time jumps, expiry, restore and races', function () {
  this.timeout(10_000);

  it('after a sleep into the window, the first tick renews; a clock set back out of it does not', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('dev');
    s.clock.jumpSeconds(-10 * 60); // NTP sets the clock back: seventy minutes left
    await s.advance(50 * 60);
    assert.equal(s.sessions.current, first, 'outside the window by the wall clock');
    s.clock.jumpSeconds(12 * 60); // the laptop slept into the window (ten minutes left)
    await s.advance(60);
    assert.notEqual(s.sessions.current, first);
    assert.deepEqual(s.changes, ['assumed dev', 'renewed dev']);
  });

  it('after a sleep past the end: marked expired, no renewal by itself; the window regaining focus renews silently', async () => {
    const s = autoRenewed();
    await s.sessions.assume('dev');
    s.clock.jumpSeconds(2 * 3600);
    const mark = s.sts.calls.length;
    await s.advance(60);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.sts.calls.length, mark);
    s.sessions.checkNow();
    s.autoRenew.windowFocused();
    await settle();
    assert.equal(s.sessions.state.status, 'active');
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev', 'renewed dev']);
    assert.equal(s.prompt.requests.length, 1);
  });

  it('stops at expiry and starts again after a new assume', async () => {
    const s = autoRenewed({ mfaSessionSeconds: 900 });
    await s.sessions.assume('dev');
    await s.advance(3600);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.notices.length, 1, 'the code-needed notice, once');
    s.prompt.answer(CODE);
    const second = await s.sessions.assume('dev');
    // The new MFA session lasts 15 minutes from 10:00: at 10:45 renewal needs a code again.
    await s.advance(45 * 60);
    assert.equal(s.notices.length, 2, 'a new session gets its own notice');
    assert.equal(s.sessions.current, second);
  });

  it('a restored session that ended, with a live MFA session: renewed silently, off the start-up path', async () => {
    const s = autoRenewed();
    const kept = await s.sessions.assume('dev');
    s.reload();
    s.clock.set('2026-03-01T11:00:00.000Z'); // the window starts again after the session ended; the MFA session lives on
    const mark = s.sts.calls.length;
    assert.equal(kept.mfaSessionExpiration?.getTime(), at('17:00:00'));
    const restored = await s.sessions.restore(async () => kept);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.sts.calls.length, mark, 'restore itself makes no call');
    assert.ok(restored);
    await settle();
    assert.equal(s.sts.calls.length, mark, 'not on the start-up path: only once the scheduler runs');
    await s.advance(0);
    assert.equal(s.sessions.state.status, 'active');
    assert.deepEqual(s.changes.slice(-3), ['restored dev', 'expired dev', 'renewed dev']);
    assert.equal(s.notices.length, 0);
  });

  it('a restored session inside the window whose renewal needs a code: one notice, no prompt, no call', async () => {
    const s = autoRenewed();
    const kept = await s.sessions.assume('dev-late');
    s.reload();
    s.clock.set('2026-03-01T09:50:00.000Z');
    const mark = s.sts.calls.length;
    const prompts = s.prompt.requests.length;
    await s.sessions.restore(async () => kept);
    await s.advance(0);
    assert.equal(s.sts.calls.length, mark);
    assert.equal(s.prompt.requests.length, prompts);
    assert.deepEqual(s.notices.map((notice) => notice.message), ['Session for dev-late ends in 10 min. Renewing it needs an MFA code.']);
  });

  it('a renewal racing a switch: the switch wins, no failure is shown, nothing retries', async () => {
    const { s, held } = await renewalUnderWay();
    assert.equal(s.sessions.state.status, 'renewing');
    const readonly = await s.sessions.assume('dev-readonly');
    held.open();
    await settle();
    assert.equal(s.sessions.current, readonly);
    assert.deepEqual(s.changes, ['assumed dev', 'switched dev-readonly']);
    assert.deepEqual(s.notices, []);
    // dev-readonly lasts until 10:46: renewed at 10:31, not before.
    const mark = s.sts.calls.length;
    await s.advance(44 * 60);
    assert.equal(s.sts.calls.length, mark);
    await s.advance(60);
    assert.equal(s.sts.calls.length, mark + 1);
    assert.deepEqual(s.changes.slice(-1), ['renewed dev-readonly']);
  });

  it('a renewal racing a sign-out: signed out stays signed out, and nothing renews afterwards', async () => {
    const { s, held } = await renewalUnderWay();
    await s.sessions.signOut();
    held.open();
    await settle();
    assert.equal(s.sessions.state.status, 'none');
    assert.equal(s.sessions.current, undefined);
    const mark = s.sts.calls.length;
    await s.advance(3 * 3600);
    s.autoRenew.windowFocused();
    await settle();
    assert.equal(s.sts.calls.length, mark);
    assert.deepEqual(s.notices, []);
    assert.deepEqual(s.changes, ['assumed dev', 'signed-out -']);
    assert.equal(s.clock.pendingTimers, 0);
  });

  it('dispose stops it', async () => {
    const s = autoRenewed();
    const first = await s.sessions.assume('dev');
    s.autoRenew.dispose();
    await s.advance(50 * 60);
    assert.equal(s.sessions.current, first);
    assert.equal(s.sts.count('AssumeRole'), 1);
  });
});
