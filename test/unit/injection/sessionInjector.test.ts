/**
 * The injector over the real session service (engine wired to fakes, fake clock): what the
 * terminals' collection holds after each session change and settings change, when it is
 * written, when the endpoint runs, and what the person is told.
 */

import * as assert from 'node:assert/strict';
import { ActiveSessionService } from '../../../src/core/lifecycle/activeSessionService';
import type { CredentialEndpoint, EndpointAddress } from '../../../src/core/injection/ports';
import { SessionInjector, type InjectionSettings, type InjectionWarning } from '../../../src/core/injection/sessionInjector';
import type { InheritedEnvironment } from '../../../src/core/injection/sessionEnvironment';
import { CODE, harness, type HarnessOptions } from '../assume/engineHarness';

const ADDRESS: EndpointAddress = { url: 'http://127.0.0.1:40999/fake-path', token: 'fake-endpoint-token' };

/** Counts starts and stops; its address is stable from start to stop, like the real server's. */
class FakeEndpoint implements Omit<CredentialEndpoint, 'serve'> {
  starts = 0;
  stops = 0;
  address: EndpointAddress | undefined;
  async start(): Promise<EndpointAddress> {
    if (!this.address) {
      this.starts += 1;
      this.address = ADDRESS;
    }
    return this.address;
  }
  async stop(): Promise<void> {
    if (this.address) this.stops += 1;
    this.address = undefined;
  }
  dispose(): void {
    void this.stop();
  }
}

function injected(
  options: { settings?: Partial<InjectionSettings>; inherited?: InheritedEnvironment; defaultCredentials?: boolean; reachDisk?: boolean; harness?: HarnessOptions } = {},
) {
  const h = harness(options.harness);
  h.prompt.answer(CODE);
  const sessions = new ActiveSessionService(h.engine, async () => h.model, { time: h.clock, warnBeforeSeconds: () => 600 });
  const settings: { -readonly [K in keyof InjectionSettings]: InjectionSettings[K] } = { mode: 'environment', terminals: true, debug: true, ...options.settings };
  const endpoint = new FakeEndpoint();
  const writes: { variables: Record<string, string>; description: string }[] = [];
  const collection = { current: {} as Record<string, string>, description: '' };
  const relaunches: string[] = [];
  const warnings: InjectionWarning[] = [];
  const injector = new SessionInjector(sessions, {
    settings: () => settings,
    endpoint,
    terminals: {
      replaceAll: (variables, description) => {
        writes.push({ variables: { ...variables }, description });
        collection.current = { ...variables };
        collection.description = description;
      },
      clear: () => {
        writes.push({ variables: {}, description: '' });
        collection.current = {};
        collection.description = '';
      },
    },
    notices: { terminalsNeedRelaunch: (profileName) => relaunches.push(profileName), warn: (warning) => warnings.push(warning) },
    inherited: () => options.inherited ?? { PATH: '/usr/bin' },
    defaultProfileYieldsCredentials: async () => options.defaultCredentials ?? false,
    terminalsReachDisk: () => options.reachDisk ?? false,
    logger: h.logger,
  });
  /** Lets the injector's queued refresh finish. */
  const settled = () => injector.refresh('settings').then(() => undefined);
  /** Assumes `profileName` and lets the injector write what it makes of the session. */
  const assumeSettled = async (profileName: string) => {
    const session = await sessions.assume(profileName);
    await settled();
    return session;
  };
  return { ...h, sessions, settings, endpoint, writes, collection, relaunches, warnings, injector, settled, assumeSettled };
}

describe('session injector: terminals', () => {
  it('environment mode: an assume writes the keys once and offers a relaunch; a renewal writes new keys silently', async () => {
    const s = injected();
    const session = await s.assumeSettled('prod');
    assert.deepEqual(s.collection.current, {
      AWS_ACCESS_KEY_ID: session.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: session.credentials.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: session.credentials.expiration!.toISOString(),
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    assert.match(s.collection.description, /profile `prod` until \d\d:\d\d UTC, as environment keys/);
    assert.equal(s.writes.length, 1, 'one write; the settings refresh that followed changed nothing');
    assert.deepEqual(s.relaunches, ['prod']);

    const renewed = await s.sessions.renew();
    await s.settled();
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, renewed.credentials.accessKeyId);
    assert.notEqual(renewed.credentials.accessKeyId, session.credentials.accessKeyId);
    assert.equal(s.writes.length, 2);
    assert.deepEqual(s.relaunches, ['prod'], 'a renewal does not nag: the old keys stay valid until they end');
    assert.equal(s.endpoint.starts, 0, 'no endpoint in environment mode');
  });

  it('a switch of role writes the new keys and offers a relaunch once', async () => {
    const s = injected();
    await s.sessions.assume('prod');
    const dev = await s.assumeSettled('dev');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, dev.credentials.accessKeyId);
    assert.equal(s.collection.current.AWS_REGION, 'eu-west-1', "dev's own region, not prod's");
    assert.deepEqual(s.relaunches, ['prod', 'dev']);
  });

  it('sign-out and expiry remove everything', async () => {
    const s = injected();
    await s.assumeSettled('prod');
    await s.sessions.signOut();
    await s.settled();
    assert.deepEqual(s.collection.current, {});

    s.prompt.answer(CODE);
    s.clock.advanceSeconds(31);
    const again = await s.assumeSettled('prod');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, again.credentials.accessKeyId);
    s.clock.advanceMs(again.credentials.expiration!.getTime() - s.clock.now());
    assert.equal(s.sessions.state.status, 'expired');
    await s.settled();
    assert.deepEqual(s.collection.current, {}, 'nothing ended is handed to a new terminal');
  });

  it('endpoint mode: the address and token only; the variables do not change on renewal or switch', async () => {
    const s = injected({ settings: { mode: 'endpoint' }, inherited: { PATH: '/usr/bin', AWS_ACCESS_KEY_ID: 'AKIAINHERITED0000000', AWS_SECRET_ACCESS_KEY: 'inherited' } });
    await s.assumeSettled('prod');
    assert.deepEqual(s.collection.current, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: ADDRESS.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: ADDRESS.token,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    assert.equal(s.endpoint.starts, 1);
    const writes = s.writes.length;
    await s.sessions.renew();
    await s.settled();
    assert.equal(s.writes.length, writes, 'a renewal leaves terminals as they are: the endpoint serves the new credentials');
    assert.equal(s.endpoint.starts, 1);

    // Sign-out: the collection is emptied, the endpoint keeps listening (it answers an error).
    await s.sessions.signOut();
    await s.settled();
    assert.deepEqual(s.collection.current, {});
    assert.equal(s.endpoint.stops, 0);
    assert.ok(s.endpoint.address);
  });

  it('switching the mode rebuilds the collection, never leaving the other mode behind, and stops the endpoint', async () => {
    const s = injected();
    const session = await s.assumeSettled('prod');
    s.settings.mode = 'endpoint';
    await s.injector.refresh('settings');
    assert.deepEqual(Object.keys(s.collection.current).sort(), ['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_DEFAULT_REGION', 'AWS_REGION']);
    s.settings.mode = 'environment';
    await s.injector.refresh('settings');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, session.credentials.accessKeyId);
    assert.equal(s.collection.current.AWS_CONTAINER_CREDENTIALS_FULL_URI, undefined);
    assert.deepEqual([s.endpoint.starts, s.endpoint.stops], [1, 1]);
  });

  it('injectIntoTerminals off: nothing in the collection; debug still gets the variables at launch', async () => {
    const s = injected({ settings: { terminals: false } });
    const session = await s.assumeSettled('prod');
    assert.deepEqual(s.collection.current, {});
    assert.deepEqual(s.relaunches, []);
    const launch = await s.injector.launchVariables();
    assert.equal(launch?.variables.AWS_ACCESS_KEY_ID, session.credentials.accessKeyId);
    s.settings.debug = false;
    assert.equal(await s.injector.launchVariables(), undefined);
  });

  it('says once what shadows the session: AWS_PROFILE, and in endpoint mode [default] keys', async () => {
    const s = injected({ settings: { mode: 'endpoint' }, inherited: { AWS_PROFILE: 'work' }, defaultCredentials: true });
    await s.assumeSettled('prod');
    assert.deepEqual(s.warnings.map((warning) => warning.id), ['profile-set', 'default-profile-keys']);
    assert.match(s.warnings[0].message, /AWS_PROFILE=work is set in VS Code's environment/);
    s.clock.advanceSeconds(31);
    s.prompt.answer(CODE);
    await s.assumeSettled('dev');
    assert.equal(s.warnings.length, 2, 'once per window');
  });

  it('auto (the default): the endpoint, so no terminal holds a key; nothing to tell', async () => {
    const s = injected({ settings: { mode: 'auto' }, reachDisk: true });
    const session = await s.assumeSettled('prod');
    assert.deepEqual(s.collection.current, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: ADDRESS.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: ADDRESS.token,
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    const values = Object.values(s.collection.current);
    for (const secret of [session.credentials.accessKeyId, session.credentials.secretAccessKey, session.credentials.sessionToken!]) assert.ok(!values.includes(secret));
    assert.deepEqual(s.warnings, []);
    assert.equal((await s.injector.launchVariables())?.variables.AWS_CONTAINER_CREDENTIALS_FULL_URI, ADDRESS.url, 'debug launches too');
  });

  it('auto with credentials in [default]: keys, since [default] would win over the endpoint, and once where desktop VS Code writes them', async () => {
    const s = injected({ settings: { mode: 'auto' }, defaultCredentials: true, reachDisk: true });
    const session = await s.assumeSettled('prod');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, session.credentials.accessKeyId);
    assert.equal(s.collection.current.AWS_CONTAINER_CREDENTIALS_FULL_URI, undefined);
    assert.equal(s.endpoint.starts, 0);
    assert.deepEqual(s.warnings.map((warning) => warning.id), ['keys-on-disk']);
    assert.match(s.warnings[0].message, /the credentials of the \[default\] profile in your AWS files would win over the credential endpoint/);
    assert.match(s.warnings[0].message, /Desktop VS Code writes the environment of every open terminal, these keys included, to this workspace's storage on disk when it quits/);
    assert.deepEqual(s.warnings[0].shadows, ['default-profile']);
    assert.equal(s.warnings[0].chosen, false);
    s.clock.advanceSeconds(31);
    s.prompt.answer(CODE);
    await s.assumeSettled('dev');
    assert.equal(s.warnings.length, 1, 'told once');
  });

  it('auto with AWS_PROFILE inherited: keys, which the CLI and boto3 take over the profile; in a browser nothing is said of disk', async () => {
    const s = injected({ settings: { mode: 'auto' }, inherited: { AWS_PROFILE: 'work' }, reachDisk: false });
    const session = await s.assumeSettled('prod');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, session.credentials.accessKeyId);
    assert.deepEqual(s.warnings.map((warning) => warning.id), ['profile-set']);
  });

  it('injection into terminals off: keys go nowhere near a terminal, so nothing is said of disk', async () => {
    const s = injected({ settings: { mode: 'environment', terminals: false }, reachDisk: true });
    await s.assumeSettled('prod');
    assert.deepEqual(s.collection.current, {});
    assert.deepEqual(s.warnings, []);
  });

  it('environment chosen on a desktop that keeps terminals: told once, offered the endpoint', async () => {
    const s = injected({ settings: { mode: 'environment' }, reachDisk: true });
    await s.assumeSettled('prod');
    assert.deepEqual(s.warnings.map((warning) => [warning.id, warning.chosen]), [['keys-on-disk', true]]);
    assert.match(s.warnings[0].message, /awsRoles\.injection is environment/);
  });

  it('long-term keys (allowed) never go where VS Code writes them to disk: not in terminals, but in debug launches', async () => {
    const s = injected({ settings: { mode: 'auto' }, reachDisk: true, harness: { allowLongTermKeys: ['base'] } });
    const base = await s.sessions.assume('base');
    assert.equal(base.credentials.sessionToken, undefined);
    await s.settled();
    assert.deepEqual(s.collection.current, {}, 'no terminal gets them');
    assert.deepEqual(s.warnings.map((warning) => warning.id), ['long-term-keys-withheld']);
    const launch = await s.injector.launchVariables();
    assert.equal(launch?.variables.AWS_ACCESS_KEY_ID, base.credentials.accessKeyId, 'the launch env travels over the debug protocol, not to disk');
    assert.equal(s.endpoint.starts, 0, 'the endpoint never serves long-term keys');
  });

  it('long-term keys (allowed) reach terminals where nothing is written: a browser, or persistence off', async () => {
    const s = injected({ settings: { mode: 'auto' }, reachDisk: false, harness: { allowLongTermKeys: ['base'] } });
    const base = await s.assumeSettled('base');
    assert.equal(s.collection.current.AWS_ACCESS_KEY_ID, base.credentials.accessKeyId);
    assert.equal(s.collection.current.AWS_SESSION_TOKEN, undefined);
    assert.deepEqual(s.warnings, []);
  });

  it('never logs a secret or the endpoint token', async () => {
    const s = injected({ settings: { mode: 'endpoint' } });
    const session = await s.sessions.assume('prod');
    s.settings.mode = 'environment';
    await s.injector.refresh('settings');
    const log = s.logger.text();
    for (const secret of [session.credentials.secretAccessKey, session.credentials.sessionToken!, ADDRESS.token]) assert.ok(!log.includes(secret));
    assert.match(log, /terminals: new terminals get profile prod as environment keys/);
  });
});
