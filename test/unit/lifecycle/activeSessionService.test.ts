import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import type { SessionChange } from '../../../src/core/lifecycle/windowSessions';
import { stsError } from '../../support/fakes/fakeSts';
import { ALICE_ARN, CODE, CONFIG, harness, rejection } from '../assume/engineHarness';
import { startHeld } from '../../support/fakes/gate';

const OTHER_CODE = '246810';

/** The service over a real engine wired to fakes, and every event it fires as `reason profile`. */
function service(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
  const events: string[] = [];
  sessions.onDidChangeSession((change: SessionChange) => events.push(`${change.reason} ${change.session?.profileName ?? '-'}`));
  return { ...h, sessions, events };
}

/** The service with `dev` assumed (one MFA code typed), the window's session when the races below start. */
async function serviceWithDev() {
  const s = service();
  s.prompt.answer(CODE);
  await s.sessions.assume('dev');
  return s;
}

/** Lets every fake answer that is ready arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('active session service', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('makes an assumed session current and says whether it was assumed or switched to', async () => {
    const s = service();
    s.prompt.answer(CODE);
    const dev = await s.sessions.assume('dev');
    assert.equal(s.sessions.current, dev);
    const base = await s.sessions.assume('base');
    assert.equal(s.sessions.current, base);
    assert.deepEqual(s.events, ['assumed dev', 'switched base']);
    assert.equal((await s.sessions.identity())?.arn, 'arn:aws:iam::111111111111:user/alice');
  });

  it('a failed assume keeps the active session and fires nothing', async () => {
    const s = service();
    await s.sessions.assume('base');
    s.sts.failNext('GetCallerIdentity', stsError('AccessDenied', 'nope', 403));
    await rejection(s.sessions.assume('base'), 'access-denied');
    assert.equal(s.sessions.current?.profileName, 'base');
    assert.deepEqual(s.events, ['assumed base']);
  });

  it('Sign Out forgets the MFA sessions: the next assume asks for a code', async () => {
    const s = service();
    s.prompt.answer(CODE, OTHER_CODE);
    await s.sessions.assume('dev');
    await s.sessions.signOut();
    assert.equal(s.sessions.current, undefined);
    s.clock.advanceSeconds(31);
    s.sts.validCode = OTHER_CODE;
    await s.sessions.assume('dev-readonly');
    assert.equal(s.prompt.requests.length, 2);
    assert.deepEqual(s.events, ['assumed dev', 'signed-out -', 'assumed dev-readonly']);
  });

  it('launches in a row asking for one profile share one assume while more than half its life is left; never after Sign Out', async () => {
    const s = service();
    s.prompt.answer(CODE);
    const first = await s.sessions.assumeForOneUse('dev');
    assert.equal(await s.sessions.assumeForOneUse('dev'), first);
    s.clock.advanceSeconds(29 * 60);
    assert.equal(await s.sessions.assumeForOneUse('dev'), first, 'an hour-long session is shared for its first half');
    s.clock.advanceSeconds(2 * 60);
    const second = await s.sessions.assumeForOneUse('dev');
    assert.notEqual(second, first);
    assert.equal(s.sts.count('AssumeRole'), 2);
    await s.sessions.signOut();
    s.sts.validCode = OTHER_CODE;
    s.prompt.answer(OTHER_CODE);
    assert.notEqual(await s.sessions.assumeForOneUse('dev'), second, 'Sign Out forgets it');
    assert.deepEqual(s.events, [], 'the window\'s session never changed');
  });

  it('a debug launch whose assume is under way when Sign Out comes gets no credentials: its prompt closes and it ends saying Sign Out came', async () => {
    const s = service();
    const typing = s.prompt.holdNext();
    s.prompt.answer(CODE);
    const launch = s.sessions.assumeForOneUse('dev');
    await typing.reached;
    await s.sessions.signOut();
    typing.open();
    const error = await rejection(launch, 'superseded');
    assert.equal(error.message, 'Sign Out came while profile "dev" was being assumed for one use; it was stopped, and no credentials were handed out.');
    assert.equal(s.prompt.closed, 1, 'the code box closed: the run stopped');
    assert.equal(s.sts.count(), 0, 'no STS call');
    assert.deepEqual(s.events, []);
  });

  it("only Sign Out stops a debug launch's assume: the window's own assume meanwhile does not, and an answer that arrives after Sign Out is dropped", async () => {
    const s = await serviceWithDev();
    const readonly = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.assumeForOneUse('dev-readonly'));
    await s.sessions.assume('base');
    readonly.held.open();
    assert.equal((await readonly.pending).profileName, 'dev-readonly', 'the launch gets its session');

    const staging = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.assumeForOneUse('staging'));
    await s.sessions.signOut();
    staging.held.open();
    await rejection(staging.pending, 'superseded');
    assert.deepEqual(s.events, ['assumed dev', 'switched base', 'signed-out -']);
  });

  it("a revocation ends a debug launch's assume under way too, and says so", async () => {
    const s = await serviceWithDev();
    const { held, pending: launch } = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.assumeForOneUse('dev-readonly'));
    // The renewal rides the kept MFA session and meets the administrator's deny.
    s.sts.failNext('AssumeRole', stsError('AccessDenied', `User: ${ALICE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Dev with an explicit deny in an identity-based policy`, 403));
    await rejection(s.sessions.renew(), 'revoked');
    held.open();
    const error = await rejection(launch, 'revoked');
    assert.match(error.message, /^An MFA session was revoked while profile "dev-readonly" was being assumed for one use; it was stopped, and no credentials were handed out\./);
    assert.deepEqual(s.events, ['assumed dev', 'revoked -']);
  });

  it('Sign Out with no session fires nothing', async () => {
    const s = service();
    await s.sessions.signOut();
    assert.deepEqual(s.events, []);
  });
});

describe('active session service: the newest request wins', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('Sign Out during an assume wins: no session, one signed-out event, and the assume never becomes active', async () => {
    const s = await serviceWithDev();
    const { held: slow, pending: assuming } = await startHeld(s.sts.holdNext('AssumeRole'), () => s.sessions.assume('dev-readonly'));
    await s.sessions.signOut();
    slow.open();
    const error = await rejection(assuming, 'superseded');
    assert.match(error.message, /dev-readonly/);
    await settle();
    assert.equal(s.sessions.current, undefined);
    assert.deepEqual(s.events, ['assumed dev', 'signed-out -']);
  });

  it('Sign Out during an assume with no session active fires nothing and nothing becomes active', async () => {
    const s = service();
    const { held: slow, pending: assuming } = await startHeld(s.sts.holdNext('GetCallerIdentity'), () => s.sessions.assume('base'));
    await s.sessions.signOut();
    slow.open();
    await rejection(assuming, 'superseded');
    await settle();
    assert.equal(s.sessions.current, undefined);
    assert.deepEqual(s.events, []);
  });

  it('overlapping assumes: the one asked for last wins although the first one finishes last (prod, then base)', async () => {
    const s = service();
    s.prompt.answer(CODE);
    // prod needs a code and four STS calls; base needs one.
    const prod = s.sessions.assume('prod');
    const base = s.sessions.assume('base');
    assert.equal((await base).profileName, 'base');
    await rejection(prod, 'superseded');
    await settle();
    assert.equal(s.sessions.current?.profileName, 'base');
    assert.deepEqual(s.events, ['assumed base']);
  });

  it('overlapping assumes: the one asked for last wins when it also finishes last', async () => {
    const s = service();
    s.prompt.answer(CODE);
    const slow = s.sts.holdNext('GetCallerIdentity');
    const dev = s.sessions.assume('dev');
    const base = s.sessions.assume('base');
    await slow.reached;
    await rejection(dev, 'superseded');
    assert.equal(s.sessions.current?.profileName, undefined, 'dev did not become active in between');
    slow.open();
    assert.equal((await base).profileName, 'base');
    assert.equal(s.sessions.current?.profileName, 'base');
    assert.deepEqual(s.events, ['assumed base']);
  });

  it('several assumes of one profile share one run and all get its session, with one event', async () => {
    const s = service();
    s.prompt.answer(CODE);
    const sessions = await Promise.all(Array.from({ length: 5 }, () => s.sessions.assume('prod')));
    assert.equal(new Set(sessions).size, 1);
    assert.equal(s.sts.count('AssumeRole'), 3);
    assert.equal(s.prompt.requests.length, 1);
    assert.deepEqual(s.events, ['assumed prod']);
  });

  it('a cancelled assume rejects with cancelled, keeps the active session and fires nothing', async () => {
    const s = service({ config: CONFIG.replace('region = eu-west-1\n[profile dev-readonly]', 'region = eu-west-1\nmfa_process = ykman oath accounts code -s aws\n[profile dev-readonly]') });
    await s.sessions.assume('base');
    const touch = s.mfaProcess.holdNext();
    s.mfaProcess.print(CODE);
    const cancel = new AbortController();
    const assuming = s.sessions.assume('dev', cancel.signal);
    await touch.reached;
    cancel.abort();
    await rejection(assuming, 'cancelled');
    assert.equal(s.mfaProcess.killed, 1);
    await settle();
    assert.equal(s.sessions.current?.profileName, 'base');
    assert.deepEqual(s.events, ['assumed base']);
    assert.deepEqual(s.secrets.changes, []);
  });

  it('a newer assume closes the MFA prompt of the one it replaces', async () => {
    const s = service();
    const { pending: dev } = await startHeld(s.prompt.holdNext(), () => s.sessions.assume('dev'));
    const base = s.sessions.assume('base');
    await rejection(dev, 'superseded');
    assert.equal(s.prompt.closed, 1);
    assert.equal((await base).profileName, 'base');
    assert.deepEqual(
      s.sts.getSessionTokenRequests.map((request) => request.serialNumber),
      [undefined],
      "no MFA session was made: the one GetSessionToken is base's own session, with no MFA device",
    );
  });
  it("another window's Sign Out: the session keeps its credentials but no MFA session; a person's renewal under way applies, an automatic one stops, debug launches assume afresh", async () => {
    const s = service();
    s.prompt.answer(CODE);
    const dev = await s.sessions.assume('dev');
    assert.ok(dev.mfaSessionExpiration);
    const forLaunch = await s.sessions.assumeForOneUse('dev');

    // A person's renewal, riding the MFA session it had already loaded: it still lands.
    let held = s.sts.holdNext('AssumeRole');
    const byPerson = s.sessions.renew();
    await settle();
    const kept = s.sessions.mfaSessionsEndedElsewhere();
    assert.equal(kept?.credentials, dev.credentials, 'same credentials, until they end');
    assert.equal(kept?.mfaSessionExpiration, undefined, 'no renewal without a code is promised');
    assert.equal(s.sessions.current, kept);
    held.open();
    const renewed = await byPerson;
    assert.equal(s.sessions.current, renewed);

    // An automatic renewal under way stops: auto-renew then finds the code needed and says so.
    held = s.sts.holdNext('AssumeRole');
    const automatic = s.sessions.renew({ interactive: false });
    await settle();
    const keptAgain = s.sessions.mfaSessionsEndedElsewhere();
    held.open();
    await rejection(automatic, 'superseded');
    assert.equal(s.sessions.current, keptAgain);
    assert.equal(s.sessions.state.status, 'active');

    const assumeRoles = s.sts.count('AssumeRole');
    assert.notEqual(await s.sessions.assumeForOneUse('dev'), forLaunch, 'the session kept for debug launches is dropped');
    assert.equal(s.sts.count('AssumeRole'), assumeRoles + 1);
    assert.deepEqual(s.events, ['assumed dev', 'mfa-session-ended dev', 'renewed dev', 'mfa-session-ended dev']);
  });

  it("another window's Sign Out changes nothing here when no MFA session backs the session", async () => {
    const s = service();
    await s.sessions.assume('base');
    assert.equal(s.sessions.mfaSessionsEndedElsewhere(), undefined);
    assert.equal(s.sessions.current?.profileName, 'base');
    assert.deepEqual(s.events, ['assumed base']);
  });
});
