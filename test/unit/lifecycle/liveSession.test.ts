/**
 * `LiveSession` on its own, over the real engine wired to fakes: one session's lifecycle (its
 * end, its ticks, its renewal) without the window that picks it, and two of them side by side,
 * as several sessions at once (per terminal, folder or debug launch) will hold them.
 */

import * as assert from 'node:assert/strict';
import { LiveSession, type LiveSessionOwner } from '../../../src/core/lifecycle/liveSession';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';
import { CODE, harness, rejection } from '../assume/engineHarness';
import { startHeld } from '../../support/fakes/gate';

function live() {
  const h = harness();
  h.prompt.answer(CODE);
  const heard: string[] = [];
  const start = (session: RoleSession, name = session.profileName) => {
    const owner: LiveSessionOwner = {
      renewal: (reason) => heard.push(`${name} ${reason}`),
      revoked: async () => void heard.push(`${name} revoked`),
      tick: () => heard.push(`${name} tick`),
    };
    return new LiveSession(session, h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 }, owner);
  };
  return { ...h, heard, start };
}

describe('a live session on its own', function () {
  this.timeout(10_000);

  it('is active, then expiring, then expired by the wall clock; expired stays until a renewal', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    assert.equal(dev.statusAt(s.clock.now()), 'active');
    s.clock.advanceSeconds(50 * 60 + 1);
    assert.equal(dev.statusAt(s.clock.now()), 'expiring');
    assert.equal(dev.usableAt(s.clock.now()), dev.session);
    s.clock.advanceSeconds(10 * 60);
    assert.equal(dev.noticeEnd(s.clock.now()), true);
    assert.equal(dev.noticeEnd(s.clock.now()), false, 'noticed once');
    assert.equal(dev.statusAt(s.clock.now()), 'expired');
    assert.equal(dev.usableAt(s.clock.now()), undefined);
    s.clock.jumpSeconds(-3600);
    assert.equal(dev.statusAt(s.clock.now()), 'expired', 'a clock set back does not bring it back');
    const renewed = await dev.renew();
    assert.equal(dev.session, renewed);
    assert.equal(dev.statusAt(s.clock.now()), 'active');
    assert.deepEqual(s.heard, ['dev renewing', 'dev renewed']);
  });

  it('ticks its owner while it has a deadline, and never once expired or ended', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    dev.watch(s.clock.now());
    s.clock.advanceSeconds(60);
    assert.deepEqual(s.heard, ['dev tick']);
    dev.end();
    s.clock.advanceSeconds(3600);
    assert.deepEqual(s.heard, ['dev tick'], 'an ended session does not tick');
    assert.equal(s.clock.pendingTimers, 0);
  });

  it('shares one renewal between callers, and says renewing while it runs', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    const before = s.sts.count('AssumeRole');
    const held = s.sts.holdNext('AssumeRole');
    const first = dev.renew();
    const second = dev.renew({ interactive: false });
    await held.reached;
    assert.equal(dev.statusAt(s.clock.now()), 'renewing');
    held.open();
    const [one, two] = await Promise.all([first, second]);
    assert.equal(one, two);
    assert.equal(s.sts.count('AssumeRole'), before + 1, 'one run, riding the live MFA session');
    assert.deepEqual(s.heard, ['dev renewing', 'dev renewed']);
  });

  it('a renewal that lands after its owner ended the session is dropped', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    const session = dev.session;
    const { held, pending: renewing } = await startHeld(s.sts.holdNext('AssumeRole'), () => dev.renew());
    dev.end();
    held.open();
    await rejection(renewing, 'superseded');
    assert.equal(dev.session, session);
  });

  it('a stopped renewal ends superseded, and the owner hears of no failure', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    const { held, pending: renewing } = await startHeld(s.sts.holdNext('AssumeRole'), () => dev.renew());
    dev.stopRenewal();
    held.open();
    await rejection(renewing, 'superseded');
    assert.equal(dev.statusAt(s.clock.now()), 'active');
    assert.deepEqual(s.heard, ['dev renewing']);
  });

  it('another window ending its MFA session: the same credentials, no promise of a renewal without a code', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    const credentials = dev.session.credentials;
    assert.ok(dev.session.mfaSessionExpiration);
    const copy = dev.dropMfaSession();
    assert.equal(copy?.credentials, credentials);
    assert.equal(copy?.mfaSessionExpiration, undefined);
    assert.equal(dev.session, copy);
    assert.equal(dev.dropMfaSession(), undefined, 'nothing more to drop');
  });

  it('two live sessions side by side keep their own ends and renewals', async () => {
    const s = live();
    const dev = s.start(await s.engine.assume('dev', s.model));
    s.clock.advanceSeconds(30 * 60);
    const readonly = s.start(await s.engine.assume('dev-readonly', s.model));
    s.clock.advanceSeconds(30 * 60);
    assert.equal(dev.noticeEnd(s.clock.now()), true);
    assert.equal(readonly.noticeEnd(s.clock.now()), false);
    assert.equal(readonly.statusAt(s.clock.now()), 'active');
    await readonly.renew();
    assert.equal(dev.statusAt(s.clock.now()), 'expired', 'the other one is left alone');
    assert.deepEqual(s.heard, ['dev-readonly renewing', 'dev-readonly renewed']);
  });
});
