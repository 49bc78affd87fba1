import * as assert from 'node:assert/strict';
import { MfaSessionStore, mfaSessionKey } from '../../../src/core/session/mfaSessionStore';
import { MFA_SESSION_INDEX_KEY, MFA_SESSION_KEY_PREFIX } from '../../../src/core/session/types';
import { FakeSecretStore } from '../../fakes/fakeSecretStore';

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const session = (accessKeyId: string) => ({
  credentials: { accessKeyId, secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2026-03-01T17:00:00Z') },
  rootAccessKeyId: 'AKIAALICELONGTERMXYZ',
});

describe('MFA session store', function () {
  this.timeout(10_000);

  it('keys a session by root profile, device and STS endpoint, one spelling per endpoint', () => {
    assert.equal(mfaSessionKey('base', SERIAL), `${MFA_SESSION_KEY_PREFIX}base:${SERIAL}`, 'the SDK default keeps the key earlier versions used');
    assert.equal(mfaSessionKey('base', SERIAL, ''), mfaSessionKey('base', SERIAL));
    assert.equal(mfaSessionKey('base', SERIAL, 'HTTP://127.0.0.1:4599/'), mfaSessionKey('base', SERIAL, 'http://127.0.0.1:4599'));
    assert.notEqual(mfaSessionKey('base', SERIAL, 'http://127.0.0.1:4599'), mfaSessionKey('base', SERIAL, 'http://127.0.0.1:4600'));
    assert.notEqual(mfaSessionKey('base', SERIAL, 'http://127.0.0.1:4599'), mfaSessionKey('base', SERIAL));
  });

  it('a save whose generation went stale while it waited in the queue writes nothing', async () => {
    const secrets = new FakeSecretStore();
    const store = new MfaSessionStore(secrets);
    const first = mfaSessionKey('base', SERIAL);
    const second = mfaSessionKey('other', SERIAL);
    const slow = secrets.holdNextStore(first);
    let wanted = true;
    const saving = store.save(first, session('ASIAFIRST0000001XY'));
    await slow.reached;
    // Queued behind the first write; by its turn the sessions were forgotten.
    const stale = store.save(second, session('ASIASECOND000001XY'), () => wanted);
    wanted = false;
    const forgetting = store.forgetAll();
    slow.open();
    assert.equal(await saving, true);
    assert.equal(await stale, false);
    assert.equal(await forgetting, 1, 'forgetAll saw the write that had started before it');
    assert.deepEqual(secrets.snapshot(), {});
    assert.ok(!secrets.changes.includes(`store ${second}`));
  });

  it('discards a session only if it is still the one named', async () => {
    const secrets = new FakeSecretStore();
    const store = new MfaSessionStore(secrets);
    const key = mfaSessionKey('base', SERIAL);
    await store.save(key, session('ASIANEWER0000001XY'));
    await store.discard(key, 'ASIAOLDER0000001XY');
    assert.equal((await store.load(key))?.credentials.accessKeyId, 'ASIANEWER0000001XY');
    await store.discard(key, 'ASIANEWER0000001XY');
    assert.equal(await store.load(key), undefined);
    assert.equal(secrets.data.get(MFA_SESSION_INDEX_KEY), undefined);
  });
});
