import * as assert from 'node:assert/strict';
import { MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from '../../../src/core/vocabulary/sessionTypes';
import { CODE, CONFIG, CREDENTIALS, MFA_SERIAL, harness, rejection } from './engineHarness';
import { modelOf } from './modelHelpers';
import { startHeld } from '../../support/fakes/gate';

const KEY = `${MFA_SESSION_KEY_PREFIX}base:${MFA_SERIAL}`;
const OTHER_CODE = '246810';
const LOCAL_STS = 'http://127.0.0.1:4599/';

/** dev takes its code from mfa_process (a hardware key that waits for a touch). */
const PROCESS_CONFIG = CONFIG.replace('region = eu-west-1\n[profile dev-readonly]', 'region = eu-west-1\nmfa_process = ykman oath accounts code -s aws\n[profile dev-readonly]');

describe('session engine: Sign Out against the MFA session being stored', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('a Sign Out while the MFA session is being written leaves nothing stored, and the next assume asks for a code', async () => {
    const h = harness();
    h.prompt.answer(CODE, OTHER_CODE);
    const write = h.secrets.holdNextStore(KEY);
    const assuming = h.engine.assume('dev', h.model);
    await write.reached;
    const forgetting = h.engine.forgetMfaSessions();
    write.open();
    await Promise.all([assuming, forgetting]);
    assert.equal(h.secrets.data.get(KEY), undefined, 'the MFA session written during Sign Out is gone');
    assert.equal(h.secrets.data.get(MFA_SESSION_INDEX_KEY), undefined);

    h.clock.advanceSeconds(31);
    h.sts.validCode = OTHER_CODE;
    await h.engine.assume('dev-readonly', h.model);
    assert.equal(h.prompt.requests.length, 2, 'the next assume asks for a code');
    assert.equal(h.sts.count('GetSessionToken'), 2);
  });
});

describe('session engine: nothing stale is reused', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('keeps MFA sessions per STS endpoint: a new endpoint gets its own GetSessionToken and the old session stays', async () => {
    const h = harness();
    h.prompt.answer(CODE, OTHER_CODE);
    await h.engine.assume('dev', h.model);
    const defaultSession = h.secrets.data.get(KEY);
    assert.ok(defaultSession);

    h.env.AWS_ENDPOINT_URL_STS = LOCAL_STS;
    h.clock.advanceSeconds(31);
    h.sts.validCode = OTHER_CODE;
    await h.engine.assume('dev-readonly', h.model);
    const [, second] = h.sts.getSessionTokenRequests;
    assert.equal(second?.endpoint, LOCAL_STS, 'a new MFA session from the new endpoint');
    assert.equal(h.prompt.requests.length, 2);
    const assumed = h.sts.assumeRoleRequests.at(-1)!;
    assert.equal(assumed.endpoint, LOCAL_STS);
    assert.equal(assumed.credentials.accessKeyId, 'ASIAFAKEISSUED0003XY', 'signed with the new endpoint\'s MFA session');
    assert.equal(h.secrets.data.get(KEY), defaultSession, 'the default endpoint\'s session is kept');
    assert.ok(h.secrets.data.get(`${KEY} via http://127.0.0.1:4599`));
    assert.ok(!h.secrets.changes.includes(`delete ${KEY}`));

    // Back to the default endpoint: its session serves again, without a code.
    delete h.env.AWS_ENDPOINT_URL_STS;
    await h.engine.assume('dev', h.model);
    assert.equal(h.prompt.requests.length, 2);
    assert.equal(h.sts.assumeRoleRequests.at(-1)!.credentials.accessKeyId, 'ASIAFAKEISSUED0001XY');
  });

  it('an assume after a config edit is a new run, not the result of the run under way', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const edited = modelOf(CONFIG.replace('role_arn = arn:aws:iam::222222222222:role/Dev\n', 'role_arn = arn:aws:iam::222222222222:role/DevAdmin\n'), CREDENTIALS);
    const { held: slow, pending: before } = await startHeld(h.sts.holdNext('AssumeRole'), () => h.engine.assume('dev', h.model));
    const after = h.engine.assume('dev', edited);
    slow.open();
    const [old, fresh] = await Promise.all([before, after]);
    assert.match(old.assumedRoleArn ?? '', /:assumed-role\/Dev\//);
    assert.match(fresh.assumedRoleArn ?? '', /:assumed-role\/DevAdmin\//, 'the edited role_arn is assumed');
    assert.equal(h.sts.count('AssumeRole'), 2);
  });

  it('an assume after the environment changes is a new run', async () => {
    const h = harness();
    h.prompt.answer(CODE, OTHER_CODE);
    const { held: slow, pending: before } = await startHeld(h.sts.holdNext('AssumeRole'), () => h.engine.assume('dev', h.model));
    h.env.AWS_ENDPOINT_URL_STS = LOCAL_STS;
    h.sts.validCode = OTHER_CODE;
    const after = h.engine.assume('dev', h.model);
    slow.open();
    const [old, fresh] = await Promise.all([before, after]);
    assert.equal(old.endpoint, undefined);
    assert.equal(fresh.endpoint, LOCAL_STS);
  });
});

describe('session engine: unexpected failures', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('strips the run\'s known secrets from an unexpected error, even those no pattern catches', async () => {
    const h = harness();
    h.sts.plainSecrets = true;
    h.prompt.answer(CODE);
    // A keychain that quotes what it was asked to store when it fails.
    h.secrets.failNextStore((key, value) => new Error(`keychain refused ${key} = ${value}`));
    const error = await rejection(h.engine.assume('dev', h.model), 'unknown');
    for (const secret of ['issued-secret-0001', 'issued-token-0001']) {
      assert.ok(!error.message.includes(secret), `the message leaks ${secret}: ${error.message}`);
      assert.ok(!h.logger.text().includes(secret), 'the log leaks it');
    }
    assert.match(error.message, /^Profile "dev": the assume failed: keychain refused .*\[redacted\]/);
  });
});

/** An assume of `profileName` whose caller can cancel it: `cancel()` aborts the signal it was started with. */
function cancellableAssume(h: ReturnType<typeof harness>, profileName: string) {
  const controller = new AbortController();
  return { run: h.engine.assume(profileName, h.model, controller.signal), cancel: () => controller.abort() };
}

describe('session engine: cancelling', function () {
  // A wrong order of events shows as a wait that never ends; fail it clearly, even on a busy machine.
  this.timeout(10_000);

  it('cancelling while mfa_process runs kills it, rejects with cancelled and changes nothing', async () => {
    const h = harness({ config: PROCESS_CONFIG });
    const touch = h.mfaProcess.holdNext();
    h.mfaProcess.print(CODE);
    const assuming = cancellableAssume(h, 'dev');
    await touch.reached;
    assuming.cancel();
    const error = await rejection(assuming.run, 'cancelled');
    assert.match(error.message, /^Profile "dev": the assume was cancelled; nothing changed\.$/);
    assert.equal(h.mfaProcess.killed, 1, 'mfa_process was killed');
    assert.equal(h.sts.count(), 0);
    assert.deepEqual(h.secrets.changes, []);
    assert.doesNotMatch(h.logger.text(), /^error:/m, 'a cancel is no error');
  });

  it('cancelling while the MFA prompt is open closes it and changes nothing; the next assume starts afresh', async () => {
    const h = harness();
    const typing = h.prompt.holdNext();
    const assuming = cancellableAssume(h, 'dev');
    await typing.reached;
    assuming.cancel();
    await rejection(assuming.run, 'cancelled');
    assert.equal(h.prompt.closed, 1, 'the prompt was closed');
    assert.equal(h.sts.count(), 0);
    assert.deepEqual(h.secrets.changes, []);

    h.prompt.answer(CODE);
    const session = await h.engine.assume('dev', h.model);
    assert.equal(session.profileName, 'dev');
    assert.equal(h.prompt.requests.length, 2);
  });

  it('cancelling between two hops makes no further STS call', async () => {
    const h = harness();
    h.prompt.answer(CODE);
    const firstHop = h.sts.holdNext('AssumeRole');
    const assuming = cancellableAssume(h, 'prod');
    await firstHop.reached;
    assuming.cancel();
    firstHop.open();
    await rejection(assuming.run, 'cancelled');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(h.sts.count('AssumeRole'), 1, 'staging and prod were not assumed');
  });

  it('one caller cancelling a shared run leaves it running for the others; it stops when all have cancelled', async () => {
    const h = harness({ config: PROCESS_CONFIG });
    const touch = h.mfaProcess.holdNext();
    h.mfaProcess.print(CODE);
    const cancelled = cancellableAssume(h, 'dev');
    const kept = cancellableAssume(h, 'dev');
    await touch.reached;
    cancelled.cancel();
    await rejection(cancelled.run, 'cancelled');
    assert.equal(h.mfaProcess.killed, 0, 'the other caller still waits');
    touch.open();
    const session = await kept.run;
    assert.equal(session.profileName, 'dev');
    assert.equal(h.mfaProcess.runs.length, 1);

    const again = h.mfaProcess.holdNext();
    h.clock.advanceSeconds(9 * 3600);
    const [third, fourth] = [cancellableAssume(h, 'dev'), cancellableAssume(h, 'dev')];
    await again.reached;
    third.cancel();
    fourth.cancel();
    await Promise.all([third, fourth].map((assume) => rejection(assume.run, 'cancelled')));
    assert.equal(h.mfaProcess.killed, 1, 'killed once nobody waits');
  });

  it('a GetSessionToken shared by two runs goes on when one run is cancelled', async () => {
    const h = harness();
    const typing = h.prompt.holdNext();
    h.prompt.answer(CODE);
    const dev = cancellableAssume(h, 'dev');
    const readonly = h.engine.assume('dev-readonly', h.model);
    await typing.reached;
    dev.cancel();
    await rejection(dev.run, 'cancelled');
    assert.equal(h.prompt.closed, 0, 'the prompt stays open for dev-readonly');
    typing.open();
    const session = await readonly;
    assert.equal(session.profileName, 'dev-readonly');
    assert.equal(h.prompt.requests.length, 1);
    assert.ok(h.secrets.data.get(KEY), 'the MFA session dev-readonly still wanted is stored');
    assert.equal(h.sts.assumeRoleRequests.filter((request) => request.roleArn.endsWith('/Dev')).length, 0, 'dev made no call');
  });
});
