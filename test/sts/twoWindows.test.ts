/**
 * Two windows sharing one MFA device, with the extension's own parts: in each window the
 * session engine on the real `@aws-sdk/client-sts` (against the local STS), the session
 * service and the sign-out broadcast, wired as `src/extension.ts` wires them; the two share one
 * SecretStore, as VS Code's desktop windows share SecretStorage (the store fires its change
 * event in every window, the writer's included, as VS Code's does).
 *
 * What a person sees: one MFA code serves both windows; Sign Out in one (the kill switch)
 * ends the MFA session for both, and the other says so while keeping the session it holds
 * until it ends; its next renewal asks for a new code instead of riding the old MFA session.
 *
 * Why not in the real VS Code: the suites run in code-server, whose SecretStorage lives in
 * each browser tab (each tab loads it once and writes it back whole), so two of its windows
 * neither share SecretStorage nor hear each other's changes.
 */
import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../src/core/lifecycle/activeSessionService';
import type { SessionChange } from '../../src/core/lifecycle/windowSessions';
import { renewalNeeds } from '../../src/core/lifecycle/autoRenew';
import { describeMfaSessionEndedElsewhere } from '../../src/core/presentation/sessionMessages';
import { SignOutBroadcast } from '../../src/core/lifecycle/signOutBroadcast';
import { MFA_SESSION_KEY_PREFIX, SessionError, type RoleSession } from '../../src/core/vocabulary/sessionTypes';
import { systemTime } from '../../src/platform/systemTime';
import { startLocalSts, totpFor, type LocalSts } from '../../tools/local-sts';
import { FakeMfaPrompt } from '../support/fakes/fakeMfaPrompt';
import { FakeSecretStore } from '../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../support/fakes/fakeSessionLogger';
import { modelOf } from '../unit/assume/modelHelpers';
import { sample } from './support/fixture';
import { engineAgainst } from './support/engine';

const { alice, roles } = sample;
const CONFIG = [
  '[profile dev]',
  `role_arn = ${roles.dev}`,
  'source_profile = alice',
  `mfa_serial = ${alice.mfaSerial}`,
  '[profile dev-readonly]',
  `role_arn = ${roles.devReadOnly}`,
  'source_profile = alice',
  `mfa_serial = ${alice.mfaSerial}`,
  '',
].join('\n');
const model = modelOf(CONFIG, sample.aliceCredentials);
/** Alice's authenticator: the code of this 30 s step, or of a later one (the local STS accepts the next step too). */
const code = (steps = 0) => totpFor(alice.totpSecret).generate({ timestamp: Date.now() + steps * 30_000 });

/** One VS Code window: its own engine, session service and broadcast, on the shared SecretStore. */
interface Window {
  readonly prompt: FakeMfaPrompt;
  readonly logger: FakeSessionLogger;
  readonly sessions: ActiveSessionService;
  readonly signOuts: SignOutBroadcast;
  /** What the window told its person after another window's Sign Out (the session it kept). */
  readonly told: RoleSession[];
  readonly changes: SessionChange[];
  /** As the Sign Out command does it. */
  signOut(): Promise<void>;
  dispose(): void;
}

function openWindow(secrets: FakeSecretStore, sts: LocalSts, id: string): Window {
  const prompt = new FakeMfaPrompt();
  const logger = new FakeSessionLogger();
  const engine = engineAgainst(sts.url, { mfaPrompt: prompt, secrets, logger });
  const sessions = new ActiveSessionService(engine, async () => model, { time: systemTime, warnBeforeSeconds: () => 600 });
  const signOuts = new SignOutBroadcast(secrets, id, () => Date.now());
  const told: RoleSession[] = [];
  const changes: SessionChange[] = [];
  // As src/extension.ts wires it (followSignOutsElsewhere), minus the notification itself.
  const following = signOuts.onDidSignOutElsewhere(() => {
    const kept = sessions.mfaSessionsEndedElsewhere();
    if (kept) told.push(kept);
  });
  const listening = sessions.onDidChangeSession((change) => changes.push(change));
  return {
    prompt,
    logger,
    sessions,
    signOuts,
    told,
    changes,
    async signOut() {
      await sessions.signOut();
      await signOuts.announce();
    },
    dispose() {
      following.dispose();
      listening.dispose();
      signOuts.dispose();
      sessions.dispose();
    },
  };
}

/** Waits for what another window's change event brings (bounded: a busy machine gets 10 s). */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The engine's log line when a window hears of another's sign-out (whether or not it has a session). */
const heardSignOut = (window: Window) => window.logger.text().includes('another window signed out');

/** Lets every change event already fired reach its listeners (the store fires them on setImmediate). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('two windows sharing one MFA device', function () {
  // A few real HTTP calls on loopback per test.
  this.timeout(30_000);

  let sts: LocalSts;
  let secrets: FakeSecretStore;
  let a: Window;
  let b: Window;
  const storedMfaSessions = () => [...secrets.data.keys()].filter((key) => key.startsWith(MFA_SESSION_KEY_PREFIX));
  const callsSince = (mark: number) => sts.calls.list().slice(mark).map((call) => `${call.action} ${call.status}`);

  // A local STS of its own for each test: it refuses a code it has seen, as AWS does.
  beforeEach(async () => {
    sts = await startLocalSts({ fixture: sample.fixture });
    secrets = new FakeSecretStore();
    a = openWindow(secrets, sts, 'window-a');
    b = openWindow(secrets, sts, 'window-b');
  });
  afterEach(async () => {
    a.dispose();
    b.dispose();
    await sts.stop();
  });

  it('one code serves both; Sign Out in one ends the MFA session for both, and the other says so and keeps its session until it ends', async () => {
    b.prompt.answer(code());
    let mark = sts.calls.list().length;
    const bSession = await b.sessions.assume('dev');
    assert.deepEqual(callsSince(mark), ['GetSessionToken 200', 'AssumeRole 200']);
    assert.ok(bSession.mfaSessionExpiration, 'B rides an MFA session');

    mark = sts.calls.list().length;
    await a.sessions.assume('dev-readonly');
    assert.equal(a.prompt.requests.length, 0, 'A asked for no code: the MFA session B made is shared');
    assert.deepEqual(callsSince(mark), ['AssumeRole 200']);

    await a.signOut();
    assert.deepEqual(storedMfaSessions(), [], 'the MFA session is deleted for every window');
    await until('B hears of the sign-out', () => b.told.length > 0);
    await settle();
    assert.equal(b.told.length, 1, 'B says so once');
    assert.equal(a.told.length, 0, 'A does not hear of its own sign-out');

    // B keeps its credentials, says until when, and no longer promises a renewal without a code.
    const kept = b.sessions.current;
    assert.ok(kept, 'B still has its session');
    assert.equal(kept.credentials.accessKeyId, bSession.credentials.accessKeyId);
    assert.equal(kept.mfaSessionExpiration, undefined);
    assert.equal(b.sessions.state.status, 'active');
    assert.deepEqual(b.changes.map((change) => change.reason), ['assumed', 'mfa-session-ended']);
    assert.match(
      describeMfaSessionEndedElsewhere(b.told[0], Date.now(), (date) => date.toISOString()),
      /^Signed out in another window: the MFA sessions are ended in every window\. This window keeps dev until \S+ \((1 h|59 min)\); renewing it needs a new MFA code\.$/,
    );
    assert.equal(renewalNeeds(kept, model, Date.now()).code, true, 'auto-renew knows a code is needed, and says so in advance');

    // Auto-renew never prompts: it stops before STS, as nothing is left to ride.
    mark = sts.calls.list().length;
    await assert.rejects(b.sessions.renew({ interactive: false }), (error: unknown) => error instanceof SessionError && error.kind === 'mfa-code-needed');
    assert.deepEqual(callsSince(mark), []);

    // The person renews: a new code, a new MFA session.
    b.prompt.answer(code(1));
    mark = sts.calls.list().length;
    const renewed = await b.sessions.renew();
    assert.deepEqual(callsSince(mark), ['GetSessionToken 200', 'AssumeRole 200']);
    assert.equal(b.prompt.requests.length, 2);
    assert.ok(renewed.mfaSessionExpiration);
    assert.equal(storedMfaSessions().length, 1);
  });

  it('a window with no session hears of it, changes nothing and says nothing', async () => {
    b.prompt.answer(code());
    await b.sessions.assume('dev');
    await b.signOut();
    await until('A hears of the sign-out', () => heardSignOut(a));
    await settle();
    assert.equal(a.told.length, 0);
    assert.deepEqual(a.changes, []);
  });

  it('a code being typed in one window when the other signs out: its assume goes on, but the new MFA session is not kept', async () => {
    const typing = b.prompt.holdNext();
    b.prompt.answer(code());
    const assuming = b.sessions.assume('dev');
    await until('B asks for the code', () => b.prompt.requests.length === 1);
    await a.signOut();
    await until('B hears of the sign-out', () => heardSignOut(b));
    typing.open();
    const session = await assuming;
    assert.equal(session.profileName, 'dev');
    assert.deepEqual(storedMfaSessions(), [], 'the MFA session obtained across the sign-out is not kept');
    assert.equal(session.mfaSessionExpiration, undefined, 'and the session does not promise a renewal without a code');
  });
});
