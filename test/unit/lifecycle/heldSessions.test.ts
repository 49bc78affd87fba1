/**
 * `HeldSessions` over the real engine wired to fakes: sessions held for terminals apart from the
 * window's own, one per profile, shared by their holders, renewed without a prompt, ended when the
 * last holder lets go and for everyone at Sign Out.
 */

import * as assert from 'node:assert/strict';
import { HeldSessions } from '../../../src/core/lifecycle/heldSessions';
import { CODE, harness, rejection } from '../assume/engineHarness';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';

function held(options: { renewBeforeMs?: number } = {}) {
  const h = harness();
  const revocations: number[] = [];
  const refused: string[] = [];
  const sessions = new HeldSessions({
    engine: h.engine,
    model: async () => h.model,
    lifecycle: { time: h.clock, warnBeforeSeconds: () => 600, renewBeforeMs: options.renewBeforeMs === undefined ? undefined : () => options.renewBeforeMs },
    revoked: async () => void revocations.push(h.clock.now()),
    renewalFailed: ({ profileName, access }, error) => refused.push(`${profileName} (${access}): ${error instanceof SessionError ? error.kind : String(error)}`),
  });
  let changes = 0;
  sessions.onDidChange(() => changes++);
  return { ...h, sessions, revocations, refused, changes: () => changes };
}

describe('sessions held apart from the window', function () {
  this.timeout(10_000);

  it('two holders of one profile share one assume and one session; it ends when the last lets go', async () => {
    const s = held();
    s.prompt.answer(CODE);
    const [first, second] = await Promise.all([s.sessions.hold('staging'), s.sessions.hold('staging')]);
    assert.equal(s.sts.count('AssumeRole'), 2, 'one assume of the two-hop chain between them');
    assert.equal(s.prompt.requests.length, 1, 'one MFA code');
    assert.equal(first.state.session, second.state.session);
    assert.equal(first.state.status, 'active');
    assert.deepEqual(
      s.sessions.list().map((view) => [view.profileName, view.holders]),
      [['staging', 2]],
    );
    first.release();
    first.release();
    assert.equal(second.state.status, 'active', 'one release, however often called, leaves the other holder its session');
    assert.equal(first.state.status, 'none', 'a holder that let go sees nothing');
    second.release();
    assert.deepEqual(s.sessions.list(), []);
    assert.equal(s.clock.pendingTimers, 0, 'nothing ticks for a session no one holds');
  });

  it("profiles behind one MFA device ask for one code between them: the engine's MFA session serves the second", async () => {
    const s = held();
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev');
    const readonly = await s.sessions.hold('dev-readonly');
    assert.equal(s.prompt.requests.length, 1);
    assert.notEqual(dev.state.session?.profileName, readonly.state.session?.profileName);
    assert.deepEqual(
      s.sessions.list().map((view) => view.profileName),
      ['dev', 'dev-readonly'],
    );
  });

  it('Sign Out ends every held session for every holder, and an assume under way hands out nothing', async () => {
    const s = held();
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev');
    const pending = s.sessions.hold('prod');
    s.sessions.endAll('signed-out');
    assert.equal(dev.state.status, 'none');
    assert.equal(dev.state.session, undefined);
    await rejection(pending, 'superseded');
    assert.deepEqual(s.sessions.list(), []);
    assert.equal(s.clock.pendingTimers, 0);
    dev.release();
    const again = await s.sessions.hold('dev');
    assert.equal(again.state.status, 'active', 'a new hold after Sign Out is a new session');
  });

  it('renews itself without a prompt when auto-renew\'s window opens, and the holders see the new credentials', async () => {
    const s = held({ renewBeforeMs: 5 * 60_000 });
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev');
    const before = dev.state.session!;
    const assumes = s.sts.count('AssumeRole');
    s.clock.advanceSeconds(56 * 60);
    // The renewal runs on the fake STS's promises.
    for (let i = 0; i < 20 && dev.state.session === before; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.notEqual(dev.state.session, before, 'renewed');
    assert.equal(s.sts.count('AssumeRole'), assumes + 1, 'one AssumeRole for the one hop');
    assert.equal(s.prompt.requests.length, 1, 'no prompt: the MFA session served');
    assert.deepEqual(s.refused, []);
  });

  it('a renewal that needs an MFA code asks nobody: the owner hears which session (and its access), and the holders keep their credentials', async () => {
    const s = held({ renewBeforeMs: 5 * 60_000 });
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev', undefined, 'read-only');
    const before = dev.state.session!;
    // Another window signed out: the stored MFA sessions are gone, so a renewal needs a code.
    await s.engine.forgetMfaSessions();
    s.clock.advanceSeconds(56 * 60);
    for (let i = 0; i < 20 && s.refused.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(s.refused, ['dev (read-only): mfa-code-needed']);
    assert.equal(s.prompt.requests.length, 1, 'only the first assume asked');
    assert.equal(dev.state.session, before, 'the same credentials until they end');
    s.clock.advanceSeconds(60);
    assert.deepEqual(s.refused, ['dev (read-only): mfa-code-needed'], 'not tried again by itself');
  });

  it('a holder that stops waiting leaves the assume to the others; with no one left, the session is dropped', async () => {
    const s = held();
    s.prompt.answer(CODE);
    const controller = new AbortController();
    const leaving = s.sessions.hold('dev', controller.signal);
    controller.abort();
    await rejection(leaving, 'cancelled');
    const staying = await s.sessions.hold('dev-readonly');
    assert.equal(staying.state.status, 'active');
    assert.deepEqual(
      s.sessions.list().map((view) => view.profileName),
      ['dev-readonly'],
      'the abandoned assume of dev keeps nothing',
    );
  });

  it("a person renews one now, or ends one for all its holders, from the status bar's menu", async () => {
    const s = held();
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev');
    const other = await s.sessions.hold('dev');
    const before = dev.state.session;
    const renewed = await s.sessions.renew('dev');
    assert.equal(dev.state.session, renewed);
    assert.notEqual(renewed, before);
    s.sessions.end('dev');
    assert.equal(dev.state.status, 'none');
    assert.equal(other.state.status, 'none');
    assert.deepEqual(s.sessions.list(), []);
    await rejection(s.sessions.renew('dev'), 'config');
  });

  it("another window's Sign Out: held sessions keep their credentials but no longer promise a renewal without a code", async () => {
    const s = held();
    s.prompt.answer(CODE);
    const dev = await s.sessions.hold('dev');
    const before = dev.state.session!;
    assert.ok(before.mfaSessionExpiration, 'rides an MFA session');
    s.sessions.mfaSessionsEndedElsewhere();
    const after = dev.state.session!;
    assert.equal(after.mfaSessionExpiration, undefined);
    assert.equal(after.credentials, before.credentials, 'the same credentials');
    assert.equal(dev.state.status, 'active');
  });
});
