/** The session kept across a reload: stored in SecretStore only, restored with no STS call. */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import { keepSessionInVault, SessionVault } from '../../../src/core/lifecycle/sessionVault';
import { FakeSecretStore } from '../../support/fakes/fakeSecretStore';
import { CODE, harness } from '../assume/engineHarness';

const KEY = 'awsRoles.activeSession:ws1';

/** A window: the service over a real engine, with its vault following it. */
function window(h = harness(), secrets = h.secrets) {
  const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
  const vault = new SessionVault(secrets, 'ws1');
  const errors: unknown[] = [];
  keepSessionInVault(sessions, vault, (error) => errors.push(error));
  const changes: string[] = [];
  sessions.onDidChangeSession((change) => changes.push(`${change.reason} ${change.session?.profileName ?? '-'}`));
  return { h, sessions, vault, changes, errors };
}

/** Lets queued secret writes finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('session vault: surviving a reload', function () {
  this.timeout(10_000);

  it('long-term keys (allowed for the profile) are never kept: what was stored is deleted, and a reload brings nothing back', async () => {
    const before = window(harness({ allowLongTermKeys: ['base'] }));
    before.h.prompt.answer(CODE);
    await before.sessions.assume('dev');
    await settle();
    assert.ok(before.h.secrets.data.has(KEY));
    const base = await before.sessions.assume('base');
    assert.equal(base.credentials.sessionToken, undefined);
    await settle();
    assert.equal(before.h.secrets.data.has(KEY), false, "dev's session is gone and base's keys were not stored in its place");
    for (const value of before.h.secrets.data.values()) assert.ok(!value.includes(base.credentials.secretAccessKey));
    const after = window(harness(), before.h.secrets);
    assert.equal(await after.sessions.restore(() => after.vault.load()), undefined);
  });

  it('long-term keys an earlier version kept are not brought back, and are deleted', async () => {
    const secrets = new FakeSecretStore();
    const stored = { version: 1, profileName: 'base', credentials: { accessKeyId: 'AKIAOLDVERSIONKEY000', secretAccessKey: 'oldVersionLongTermSecret' }, region: 'eu-west-1', obtainedAt: 0 };
    await secrets.store(KEY, JSON.stringify(stored));
    const vault = new SessionVault(secrets, 'ws1');
    assert.equal(await vault.load(), undefined);
    assert.equal(secrets.data.has(KEY), false);
  });

  it('a reload brings back the same session, with no STS call and no prompt', async () => {
    const before = window();
    before.h.prompt.answer(CODE);
    const prod = await before.sessions.assume('prod');
    await settle();
    assert.ok(before.h.secrets.data.has(KEY));

    // The reloaded window: a new engine and service over the same secret storage and clock.
    const h = harness();
    h.clock.set(new Date(before.h.clock.now() + 5 * 60_000).toISOString());
    const after = window(h, before.h.secrets);
    const restored = await after.sessions.restore(() => after.vault.load());
    assert.equal(h.sts.calls.length, 0, 'no STS call');
    assert.equal(h.prompt.requests.length, 0, 'no prompt');
    assert.equal(after.sessions.current, restored);
    assert.deepEqual({ ...restored, stsCalls: prod.stsCalls, notices: prod.notices }, prod, 'the same session, dates and all');
    assert.equal(restored?.stsCalls, 0);
    assert.equal(restored?.profileRegion, 'eu-central-1', 'the profile\'s own region comes back too: terminals get AWS_REGION from it');
    assert.equal(after.sessions.state.status, 'active');
    assert.deepEqual(after.changes, ['restored prod']);
  });

  it('a session that ended before the reload comes back expired, and its credentials are not handed out', async () => {
    const before = window();
    before.h.prompt.answer(CODE);
    await before.sessions.assume('dev');
    await settle();
    const h = harness();
    h.clock.set(new Date(before.h.clock.now() + 2 * 3600_000).toISOString());
    const after = window(h, before.h.secrets);
    await after.sessions.restore(() => after.vault.load());
    assert.equal(after.sessions.state.status, 'expired');
    assert.equal(after.sessions.state.session?.profileName, 'dev');
    assert.equal(after.sessions.current, undefined);
    assert.deepEqual(after.changes, ['restored dev', 'expired dev']);
  });

  it('Sign Out deletes the kept session; the next window starts with none', async () => {
    const w = window();
    await w.sessions.assume('base');
    await w.sessions.signOut();
    await settle();
    assert.equal(w.h.secrets.data.has(KEY), false);
    assert.deepEqual(w.h.secrets.changes.filter((change) => change.endsWith(KEY)), [`store ${KEY}`, `delete ${KEY}`]);
    const next = window(harness(), w.h.secrets);
    assert.equal(await next.sessions.restore(() => next.vault.load()), undefined);
    assert.equal(next.sessions.state.status, 'none');
  });

  it('an assume that starts while the kept session is read wins over it', async () => {
    const before = window();
    await before.sessions.assume('base');
    await settle();
    const h = harness();
    const after = window(h, before.h.secrets);
    let release!: () => void;
    const restoring = after.sessions.restore(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return after.vault.load();
    });
    h.prompt.answer(CODE);
    const dev = await after.sessions.assume('dev');
    release();
    assert.equal(await restoring, undefined);
    assert.equal(after.sessions.current, dev);
    assert.deepEqual(after.changes, ['assumed dev']);
  });

  it('a Sign Out while the kept session is read wins over it: nothing comes back', async () => {
    const before = window();
    await before.sessions.assume('base');
    await settle();
    const after = window(harness(), before.h.secrets);
    let release!: () => void;
    const restoring = after.sessions.restore(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return after.vault.load();
    });
    await after.sessions.signOut();
    release();
    assert.equal(await restoring, undefined);
    assert.equal(after.sessions.state.status, 'none');
    assert.deepEqual(after.changes, []);
  });

  it('a damaged entry is ignored and deleted; each workspace has its own key', async () => {
    const secrets = new FakeSecretStore();
    await secrets.store(KEY, '{not json');
    const vault = new SessionVault(secrets, 'ws1');
    assert.equal(await vault.load(), undefined);
    assert.equal(secrets.data.has(KEY), false);
    assert.equal(new SessionVault(secrets, 'ws2').key, 'awsRoles.activeSession:ws2');
  });

  it('keeps nothing outside SecretStore: the stored text is the only copy, under its one key', async () => {
    const w = window();
    w.h.prompt.answer(CODE);
    await w.sessions.assume('dev');
    await w.sessions.renew();
    await settle();
    const keys = [...w.h.secrets.data.keys()].filter((key) => key.startsWith('awsRoles.activeSession:'));
    assert.deepEqual(keys, [KEY]);
    const stored = JSON.parse(w.h.secrets.data.get(KEY)!);
    assert.equal(stored.credentials.accessKeyId, w.sessions.current?.credentials.accessKeyId, 'the renewed credentials replaced the first ones');
    assert.deepEqual(w.errors, []);
  });
});
