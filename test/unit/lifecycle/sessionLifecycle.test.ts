/**
 * The session's lifecycle in fake time: its states and reasons, the tick cadence, the wall
 * clock jumping (sleep) and going back, and credentials refused once they end.
 */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import type { SessionStateChange } from '../../../src/core/lifecycle/windowSessions';
import { stsError } from '../../support/fakes/fakeSts';
import { CODE, harness, rejection } from '../assume/engineHarness';
import { startHeld } from '../../support/fakes/gate';

/** The service over a real engine wired to fakes; `dev` lasts one hour (09:00 to 10:00). */
function lifecycle(options: { warnBeforeSeconds?: number; allowLongTermKeys?: string[] } = {}) {
  const h = harness({ allowLongTermKeys: options.allowLongTermKeys });
  let warnBeforeSeconds = options.warnBeforeSeconds ?? 600;
  const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => warnBeforeSeconds });
  const states: string[] = [];
  const changes: string[] = [];
  sessions.onDidChangeState((change: SessionStateChange) => states.push(`${change.reason}→${change.state.status}`));
  sessions.onDidChangeSession((change) => changes.push(`${change.reason} ${change.session?.profileName ?? '-'}`));
  h.prompt.answer(CODE);
  return { ...h, sessions, states, changes, setWarnBefore: (seconds: number) => (warnBeforeSeconds = seconds) };
}

describe('session lifecycle: states and reasons', function () {
  this.timeout(10_000);

  it('goes assuming → active → expiring → expired, one event each, at the wall-clock moments', async () => {
    const s = lifecycle();
    assert.equal(s.sessions.state.status, 'none');
    const assuming = s.sessions.assume('dev');
    assert.equal(s.sessions.state.status, 'assuming');
    assert.equal(s.sessions.state.assumingProfileName, 'dev');
    const dev = await assuming;
    assert.equal(dev.credentials.expiration?.toISOString(), '2026-03-01T10:00:00.000Z');
    assert.equal(s.sessions.state.status, 'active');

    s.clock.advanceSeconds(50 * 60); // 09:50:00, exactly ten minutes left: not yet "less than" the warning time
    assert.equal(s.sessions.state.status, 'active');
    s.clock.advanceSeconds(1);
    assert.equal(s.sessions.state.status, 'expiring');
    assert.equal(s.sessions.current, dev, 'an expiring session still hands out its credentials');

    s.clock.advanceSeconds(9 * 60 + 58); // 09:59:59
    assert.equal(s.sessions.state.status, 'expiring');
    s.clock.advanceSeconds(1); // 10:00:00
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.sessions.state.session, dev, 'the expired session stays visible');
    assert.equal(s.sessions.current, undefined);
    assert.equal(s.sessions.identity(), undefined);

    assert.deepEqual(s.states, ['assuming→assuming', 'assumed→active', 'expiring→expiring', 'expired→expired']);
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev']);
  });

  it('a failed assume goes back to the session before it, which never stopped', async () => {
    const s = lifecycle();
    const dev = await s.sessions.assume('dev');
    s.sts.failNext('GetCallerIdentity', stsError('AccessDenied', 'nope', 403));
    await rejection(s.sessions.assume('base'), 'access-denied');
    assert.equal(s.sessions.state.status, 'active');
    assert.equal(s.sessions.current, dev);
    assert.deepEqual(s.states, ['assuming→assuming', 'assumed→active', 'assuming→assuming', 'assume-ended→active']);
    assert.deepEqual(s.changes, ['assumed dev']);
  });

  it('a switch replaces an expired session and the countdown starts again', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(3600);
    assert.equal(s.sessions.state.status, 'expired');
    const readonly = await s.sessions.assume('dev-readonly');
    assert.equal(s.sessions.state.status, 'active');
    assert.equal(s.sessions.current, readonly);
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev', 'switched dev-readonly']);
  });

  it('Sign Out of an expired session fires signed-out, and the state is none', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(3601);
    await s.sessions.signOut();
    assert.equal(s.sessions.state.status, 'none');
    assert.equal(s.sessions.state.session, undefined);
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev', 'signed-out -']);
    assert.deepEqual(s.states.slice(-1), ['signed-out→none']);
  });

  it('long-term keys (allowed) never expire: active for good, and no timer runs', async () => {
    const s = lifecycle({ allowLongTermKeys: ['base'] });
    const base = await s.sessions.assume('base');
    assert.equal(base.credentials.expiration, undefined);
    assert.equal(s.clock.pendingTimers, 0);
    s.clock.advanceSeconds(400 * 86_400);
    assert.equal(s.sessions.current, base);
    assert.equal(s.sessions.state.status, 'active');
    assert.equal(s.clock.firedTimers, 0);
  });

  it('awsRoles.warnBefore 0: no warning, straight from active to expired', async () => {
    const s = lifecycle({ warnBeforeSeconds: 0 });
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(3599);
    assert.equal(s.sessions.state.status, 'active');
    s.clock.advanceSeconds(1);
    assert.deepEqual(s.states, ['assuming→assuming', 'assumed→active', 'expired→expired']);
  });

  it('a longer warning time (set while active) turns the session expiring at once when checked', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(30 * 60);
    s.setWarnBefore(45 * 60);
    s.sessions.checkNow();
    assert.equal(s.sessions.state.status, 'expiring');
  });
});

describe('session lifecycle: time', function () {
  this.timeout(10_000);

  it('wakes once a minute until the last ten minutes, once a second inside them, and never after the end', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(50 * 60);
    assert.equal(s.clock.firedTimers, 50);
    s.clock.advanceSeconds(10 * 60);
    assert.equal(s.clock.firedTimers, 50 + 600);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.clock.pendingTimers, 0);
    s.clock.advanceSeconds(3600);
    assert.equal(s.clock.firedTimers, 650);
  });

  it('with no session, no timer runs at all; Sign Out stops the ticking', async () => {
    const s = lifecycle();
    s.clock.advanceSeconds(3600);
    assert.equal(s.clock.firedTimers, 0);
    await s.sessions.assume('dev');
    assert.equal(s.clock.pendingTimers, 1);
    await s.sessions.signOut();
    assert.equal(s.clock.pendingTimers, 0);
    s.clock.advanceSeconds(3600);
    assert.equal(s.clock.firedTimers, 0);
  });

  it('ticks fire every time listeners re-render (onDidCheckClock), with the wall-clock time', async () => {
    const s = lifecycle();
    const seen: number[] = [];
    s.sessions.onDidCheckClock((now) => seen.push(now));
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(120);
    assert.deepEqual(seen, [Date.parse('2026-03-01T09:01:00Z'), Date.parse('2026-03-01T09:02:00Z')]);
  });

  it('after a sleep past the end (the timers did not run), the next tick tells the truth within a minute', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(10);
    s.clock.jumpSeconds(2 * 3600); // the laptop slept two hours; monotonic timers stood still
    // Whatever hands out credentials asks the wall clock itself, before any tick.
    assert.equal(s.sessions.current, undefined);
    assert.equal(s.sessions.state.status, 'active', 'nothing has looked yet');
    s.clock.advanceSeconds(60);
    assert.equal(s.sessions.state.status, 'expired');
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev']);
  });

  it('the window regaining focus (checkNow) tells the truth at once', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.jumpSeconds(55 * 60);
    s.sessions.checkNow();
    assert.equal(s.sessions.state.status, 'expiring');
    s.clock.jumpSeconds(10 * 60);
    s.sessions.checkNow();
    assert.equal(s.sessions.state.status, 'expired');
    assert.deepEqual(s.states.slice(2), ['expiring→expiring', 'expired→expired']);
  });

  it('the clock set back: expiring turns active again, but an expired session stays expired', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(55 * 60);
    assert.equal(s.sessions.state.status, 'expiring');
    s.clock.jumpSeconds(-20 * 60);
    s.sessions.checkNow();
    assert.equal(s.sessions.state.status, 'active');
    s.clock.advanceSeconds(40 * 60 + 1);
    assert.equal(s.sessions.state.status, 'expired');
    s.clock.jumpSeconds(-30 * 60);
    s.sessions.checkNow();
    assert.equal(s.sessions.state.status, 'expired', 'STS ended it; a clock set back does not revive it');
    assert.equal(s.sessions.current, undefined);
    assert.deepEqual(s.states.slice(2), ['expiring→expiring', 'clock-changed→active', 'expiring→expiring', 'expired→expired']);
  });

  it('dispose stops the ticking', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.sessions.dispose();
    assert.equal(s.clock.pendingTimers, 0);
  });
});

describe('session lifecycle: renew()', function () {
  this.timeout(10_000);

  it('renews a chain behind a live MFA session with one STS call per hop and no prompt', async () => {
    const s = lifecycle();
    const first = await s.sessions.assume('prod');
    assert.equal(s.prompt.requests.length, 1);
    s.clock.advanceSeconds(40 * 60);
    const mark = s.sts.calls.length;
    const renewing = s.sessions.renew();
    assert.equal(s.sessions.state.status, 'renewing');
    assert.equal(s.sessions.current, first, 'the old credentials serve while the renewal runs');
    const renewed = await renewing;
    assert.deepEqual(s.sts.calls.slice(mark).map((call) => call.action), ['AssumeRole', 'AssumeRole', 'AssumeRole']);
    assert.equal(s.prompt.requests.length, 1, 'no new prompt');
    assert.equal(renewed.credentials.expiration?.toISOString(), '2026-03-01T10:40:00.000Z');
    assert.equal(s.sessions.current, renewed);
    assert.equal(s.sessions.state.status, 'active');
    assert.deepEqual(s.changes, ['assumed prod', 'renewed prod']);
    assert.deepEqual(s.states.slice(-2), ['renewing→renewing', 'renewed→active']);
  });

  it('many callers at once share one renewal', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    const mark = s.sts.calls.length;
    const all = await Promise.all(Array.from({ length: 10 }, () => s.sessions.renew()));
    assert.equal(new Set(all).size, 1);
    assert.deepEqual(s.sts.calls.slice(mark).map((call) => call.action), ['AssumeRole']);
    assert.deepEqual(s.changes, ['assumed dev', 'renewed dev']);
  });

  it('a failed renewal keeps the current credentials until they end', async () => {
    const s = lifecycle();
    const dev = await s.sessions.assume('dev');
    s.clock.advanceSeconds(55 * 60);
    s.sts.failNext('AssumeRole', stsError('Throttling', 'Rate exceeded', 400));
    await rejection(s.sessions.renew(), 'throttled');
    assert.equal(s.sessions.current, dev);
    assert.equal(s.sessions.state.status, 'expiring');
    s.clock.advanceSeconds(5 * 60);
    assert.equal(s.sessions.state.status, 'expired');
    assert.equal(s.sessions.current, undefined);
    assert.deepEqual(s.states.slice(2), ['expiring→expiring', 'renewing→renewing', 'renew-ended→expiring', 'expired→expired']);
  });

  it('renews an expired session back to active', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    s.clock.advanceSeconds(3700);
    assert.equal(s.sessions.state.status, 'expired');
    const renewed = await s.sessions.renew();
    assert.equal(s.sessions.current, renewed);
    assert.equal(s.sessions.state.status, 'active');
    assert.deepEqual(s.changes, ['assumed dev', 'expired dev', 'renewed dev']);
  });

  it('a renewal racing a switch: the switch wins, the renewal never becomes active', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    const { held, pending: renewing } = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.renew());
    const readonly = await s.sessions.assume('dev-readonly');
    held.open();
    await rejection(renewing, 'superseded');
    assert.equal(s.sessions.current, readonly);
    assert.deepEqual(s.changes, ['assumed dev', 'switched dev-readonly']);
  });

  it('a renewal racing a sign-out: signed out stays signed out', async () => {
    const s = lifecycle();
    await s.sessions.assume('dev');
    const { held, pending: renewing } = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.renew());
    await s.sessions.signOut();
    held.open();
    await rejection(renewing, 'superseded');
    assert.equal(s.sessions.current, undefined);
    assert.equal(s.sessions.state.status, 'none');
    assert.deepEqual(s.changes, ['assumed dev', 'signed-out -']);
  });

  it('with no session there is nothing to renew', async () => {
    const s = lifecycle();
    await rejection(s.sessions.renew(), 'config');
    assert.deepEqual(s.states, []);
  });
});
