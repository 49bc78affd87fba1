/**
 * `MfaSessionBroker` on its own, with the fakes for its ports and a hand-made `obtain` in place
 * of the engine's code prompt and GetSessionToken: what the engine relies on when it asks for
 * the MFA session of a root's keys.
 */

import * as assert from 'node:assert/strict';
import { MFA_SESSION_EXPIRY_MARGIN_MS, MfaSessionBroker, type MfaSessionCredentials, type MfaSessionRequest } from '../../../src/core/assume/mfaSessionBroker';
import { mfaSessionKey } from '../../../src/core/assume/mfaSessionStore';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { FakeClock } from '../../support/fakes/fakeClock';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { FakeSessionLogger } from '../../support/fakes/fakeSessionLogger';
import { Gate } from '../../support/fakes/gate';
import { rejectionOf } from '../../support/rejections';

const ROOT_KEY_ID = 'AKIAALICELONGTERMXYZ';
const MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const KEY = mfaSessionKey('base', MFA_SERIAL);

/** One window: a broker over a secret store that other windows may share. */
function window(secrets = new FakeSecretStore(), clock = new FakeClock()) {
  const logger = new FakeSessionLogger();
  const broker = new MfaSessionBroker({ secrets, clock, logger, durationSeconds: () => 28_800 });
  let issued = 0;
  /** GetSessionToken calls, each with the duration it asked for. */
  const obtained: number[] = [];
  /** Holds the next GetSessionToken until the gate opens (a person typing the code). */
  const holds: Gate[] = [];
  const failures: Error[] = [];
  const obtain = async (durationSeconds: number): Promise<MfaSessionCredentials> => {
    obtained.push(durationSeconds);
    const hold = holds.shift();
    if (hold) await hold.pass();
    const failure = failures.shift();
    if (failure) throw failure;
    issued += 1;
    return {
      accessKeyId: `ASIAMFASESSION${String(issued).padStart(4, '0')}`,
      secretAccessKey: `mfa-secret-${issued}`,
      sessionToken: `mfa-token-${issued}`,
      expiration: new Date(clock.now() + durationSeconds * 1000),
    };
  };
  const request = (overrides: Partial<MfaSessionRequest> = {}): MfaSessionRequest => ({
    profileName: 'dev',
    rootProfileName: 'base',
    rootCredentials: { accessKeyId: ROOT_KEY_ID, secretAccessKey: 'root-secret' },
    mfaSerial: MFA_SERIAL,
    interactive: true,
    signal: new AbortController().signal,
    cancelled: () => new SessionError('cancelled', 'Profile "dev": the assume was cancelled; nothing changed.', 'dev'),
    obtain,
    ...overrides,
  });
  /** The MFA session's key id that `use` was handed, and whether it was kept from before. */
  const ride = (overrides: Partial<MfaSessionRequest> = {}) =>
    broker.withMfaSession(request(overrides), async (credentials, kept) => ({ keyId: credentials.accessKeyId, kept }));
  const holdNextObtain = () => {
    const gate = new Gate();
    holds.push(gate);
    return gate;
  };
  /** Starts a ride whose GetSessionToken is held (a person typing), once that call is under way. */
  const rideHeld = async (overrides: Partial<MfaSessionRequest> = {}) => {
    const typing = holdNextObtain();
    const riding = ride(overrides);
    await typing.reached;
    return { typing, riding };
  };
  return { broker, secrets, clock, logger, obtained, failures, request, ride, holdNextObtain, rideHeld };
}

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, SessionError);

describe('MFA-session broker', () => {
  it('obtains a session once, stores it, and hands the stored one to the next run until it ends', async () => {
    const w = window();
    const first = await w.ride();
    assert.deepEqual(first.result, { keyId: 'ASIAMFASESSION0001', kept: false });
    assert.equal(first.expiration?.getTime(), w.clock.now() + 28_800_000);
    assert.deepEqual(w.obtained, [28_800]);
    assert.ok(w.secrets.data.has(KEY));

    const second = await w.ride({ profileName: 'dev-readonly' });
    assert.deepEqual(second.result, { keyId: 'ASIAMFASESSION0001', kept: true });
    assert.equal(w.obtained.length, 1, 'no second GetSessionToken');
  });

  it('clamps the setting to what GetSessionToken accepts', async () => {
    const secrets = new FakeSecretStore();
    const clock = new FakeClock();
    const broker = new MfaSessionBroker({ secrets, clock, logger: new FakeSessionLogger(), durationSeconds: () => 60 });
    const asked: number[] = [];
    const request = window(secrets, clock).request({
      obtain: async (durationSeconds) => {
        asked.push(durationSeconds);
        return { accessKeyId: 'ASIAMFA', secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now() + durationSeconds * 1000) };
      },
    });
    await broker.withMfaSession(request, async () => undefined);
    assert.deepEqual(asked, [900]);
  });

  it('runs that need the same session at once share one GetSessionToken', async () => {
    const w = window();
    const typing = w.holdNextObtain();
    const first = w.ride();
    const second = w.ride({ profileName: 'dev-readonly' });
    await typing.reached;
    typing.open();
    const [one, two] = await Promise.all([first, second]);
    assert.equal(one.result.keyId, two.result.keyId);
    assert.equal(w.obtained.length, 1);
  });

  it('does not share a GetSessionToken between a run that may prompt and one that may not', async () => {
    const w = window();
    const typing = w.holdNextObtain();
    const person = w.ride();
    const background = w.ride({ interactive: false });
    await typing.reached;
    typing.open();
    await Promise.all([person, background]);
    assert.equal(w.obtained.length, 2);
  });

  it('does not keep a failed GetSessionToken: the next run tries again', async () => {
    const w = window();
    w.failures.push(new SessionError('mfa-invalid', 'Profile "dev": the MFA code was wrong.', 'dev'));
    const failed = await rejection(w.ride());
    assert.equal(failed.kind, 'mfa-invalid');
    assert.equal(w.secrets.data.has(KEY), false);
    const next = await w.ride();
    assert.equal(next.result.keyId, 'ASIAMFASESSION0001');
    assert.equal(w.obtained.length, 2);
  });

  it('a run that gives up leaves the shared GetSessionToken to the others', async () => {
    const w = window();
    const signals: AbortSignal[] = [];
    const typing = w.holdNextObtain();
    const spy = w.request().obtain;
    const obtain = (durationSeconds: number, signal: AbortSignal) => {
      signals.push(signal);
      return spy(durationSeconds, signal);
    };
    const quitter = new AbortController();
    const leaving = w.broker.withMfaSession(w.request({ obtain, signal: quitter.signal }), async () => 'used');
    const staying = w.broker.withMfaSession(w.request({ obtain }), async () => 'used');
    await typing.reached;
    quitter.abort();
    assert.equal((await rejection(leaving)).kind, 'cancelled');
    assert.equal(signals[0].aborted, false, 'the other run still wants it');
    typing.open();
    assert.equal((await staying).result, 'used');
  });

  it('does not hand back the session being renewed (unlessAccessKeyId), and stores the new one', async () => {
    const w = window();
    const first = await w.ride();
    const renewed = await w.ride({ unlessAccessKeyId: first.result.keyId });
    assert.deepEqual(renewed.result, { keyId: 'ASIAMFASESSION0002', kept: false });
    const after = await w.ride();
    assert.deepEqual(after.result, { keyId: 'ASIAMFASESSION0002', kept: true }, 'the new session replaced the old one');
  });

  it('does not reuse a session made with other keys of the root profile', async () => {
    const w = window();
    await w.ride();
    const rotated = await w.ride({ rootCredentials: { accessKeyId: 'AKIAALICEROTATED0000', secretAccessKey: 'new-root-secret' } });
    assert.equal(rotated.result.kept, false);
    assert.equal(w.obtained.length, 2);
  });

  it('treats a stored session as ended a margin before STS ends it', async () => {
    const w = window();
    await w.ride();
    w.clock.advanceMs(28_800_000 - MFA_SESSION_EXPIRY_MARGIN_MS - 1_000);
    assert.equal((await w.ride()).result.kept, true, 'still usable just before the margin');
    w.clock.advanceMs(2_000);
    assert.equal((await w.ride()).result.kept, false, 'inside the margin: a new one');
    assert.equal(w.obtained.length, 2);
  });

  it('a stored session STS calls expired is deleted and replaced once; use runs again', async () => {
    const w = window();
    await w.ride();
    const seen: string[] = [];
    const outcome = await w.broker.withMfaSession(w.request(), async (credentials, kept) => {
      seen.push(`${credentials.accessKeyId} kept=${kept}`);
      if (kept) throw new SessionError('expired-credentials', 'expired', 'dev', 'dev', 'ExpiredToken');
      return 'assumed';
    });
    assert.equal(outcome.result, 'assumed');
    assert.deepEqual(seen, ['ASIAMFASESSION0001 kept=true', 'ASIAMFASESSION0002 kept=false']);
    assert.match(w.logger.text(), /STS rejected the stored MFA session for base\/.* \(ExpiredToken\); it was deleted, asking for a new code/);
  });

  it('a session obtained a moment ago that STS refuses fails at once, and is deleted', async () => {
    const w = window();
    const error = await rejection(
      w.broker.withMfaSession(w.request(), async () => {
        throw new SessionError('invalid-credentials', 'invalid', 'dev');
      }),
    );
    assert.equal(error.kind, 'invalid-credentials');
    assert.equal(w.obtained.length, 1);
    assert.equal(w.secrets.data.has(KEY), false);
  });

  it('a revoked stored session fails at once, with no new code asked for, and is deleted', async () => {
    const w = window();
    await w.ride();
    const error = await rejection(
      w.broker.withMfaSession(w.request(), async () => {
        throw new SessionError('revoked', 'revoked', 'dev');
      }),
    );
    assert.equal(error.kind, 'revoked');
    assert.equal(w.obtained.length, 1, 'the person decides when to type a new code');
    assert.equal(w.secrets.data.has(KEY), false);
  });

  it('other failures of use leave the stored session alone', async () => {
    const w = window();
    await w.ride();
    await rejection(
      w.broker.withMfaSession(w.request(), async () => {
        throw new SessionError('access-denied', 'denied', 'dev');
      }),
    );
    assert.ok(w.secrets.data.has(KEY));
  });

  it('forgetAll: stored sessions end, and a GetSessionToken under way stores nothing', async () => {
    const w = window();
    await w.ride();
    const { typing, riding: renewing } = await w.rideHeld({ unlessAccessKeyId: 'ASIAMFASESSION0001' });
    assert.equal(await w.broker.forgetAll(), 1);
    typing.open();
    const late = await renewing;
    assert.equal(late.result.kept, false);
    assert.equal(late.expiration, undefined, 'not kept: no later run can ride it');
    assert.equal(w.secrets.data.has(KEY), false);
    assert.equal((await w.ride()).result.kept, false);
  });

  it('dropSessionsUnderWay (another window signed out): what is under way stores nothing, what is stored stays', async () => {
    const w = window();
    await w.ride();
    const { typing, riding: other } = await w.rideHeld({ rootProfileName: 'other' });
    w.broker.dropSessionsUnderWay();
    typing.open();
    assert.equal((await other).expiration, undefined);
    assert.equal(w.secrets.data.has(mfaSessionKey('other', MFA_SERIAL)), false);
    assert.ok(w.secrets.data.has(KEY), 'the stored one is left alone');
  });

  it('a run that starts after a Sign Out in another window neither rides nor joins a session from before it', async () => {
    const secrets = new FakeSecretStore();
    const clock = new FakeClock();
    const here = window(secrets, clock);
    const there = window(secrets, clock);
    const { typing, riding: before } = await here.rideHeld();
    await there.broker.forgetAll();
    // Starts after the Sign Out: reads the new epoch, so it does not join the GetSessionToken under way.
    const after = here.ride({ profileName: 'dev-readonly' });
    typing.open();
    const [old, fresh] = await Promise.all([before, after]);
    assert.notEqual(old.result.keyId, fresh.result.keyId);
    assert.equal(here.obtained.length, 2);
    // The session from before the Sign Out is never ridden again.
    const next = await here.ride();
    assert.equal(next.result.keyId, fresh.result.keyId);
    assert.equal(next.result.kept, true);
  });

  it('a session stored before a Sign Out in another window is not ridden after it', async () => {
    const secrets = new FakeSecretStore();
    const clock = new FakeClock();
    const here = window(secrets, clock);
    const there = window(secrets, clock);
    await here.ride();
    await there.broker.forgetAll();
    const after = await here.ride();
    assert.equal(after.result.kept, false);
    assert.equal(here.obtained.length, 2);
  });
});
