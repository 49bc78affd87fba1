/** The exact `env` a debug launch gets from the session's variables. */

import * as assert from 'node:assert/strict';
import { injectIntoLaunch, launchRequest, terminalLaunchSetting } from '../../../src/core/injection/debugLaunch';
import { sessionEnvironment } from '../../../src/core/injection/sessionEnvironment';
import { fakeRoleSession } from '../../support/fakes/roleSessions';

/** What a debug launch is given: a session's variables in environment mode. */
const VARIABLES = sessionEnvironment({ session: fakeRoleSession(), mode: 'environment', inherited: {} }).variables;

describe('debug launches', () => {
  it('adds the session to a launch without env, keeping everything else', () => {
    const result = injectIntoLaunch({ type: 'node', request: 'launch', program: 'app.js' }, VARIABLES);
    assert.deepEqual(result.configuration, { type: 'node', request: 'launch', program: 'app.js', env: VARIABLES });
    assert.deepEqual(result.added, Object.keys(VARIABLES));
    assert.equal(result.withheld, undefined);
  });

  it("the person's env wins, also a null that removes a variable", () => {
    const result = injectIntoLaunch({ type: 'node', env: { AWS_REGION: 'us-east-2', AWS_SESSION_TOKEN: null, OTHER: 'x' } }, VARIABLES);
    assert.deepEqual(result.configuration.env, {
      AWS_REGION: 'us-east-2',
      AWS_SESSION_TOKEN: null,
      OTHER: 'x',
      AWS_ACCESS_KEY_ID: 'ASIAFAKE0000000000XY',
      AWS_SECRET_ACCESS_KEY: 'notARealSecret',
      AWS_CREDENTIAL_EXPIRATION: '2026-03-01T10:00:00.000Z',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it('"awsRoles": false leaves the configuration as it is', () => {
    const configuration = { type: 'python', awsRoles: false, env: { A: 'b' } };
    const result = injectIntoLaunch(configuration, VARIABLES);
    assert.equal(result.configuration, configuration);
    assert.equal(result.withheld, 'opted-out');
  });

  it('an attach starts no process: nothing added (js-debug attaches its child sessions to the program it launched)', () => {
    const configuration = { type: 'pwa-node', request: 'attach', __pendingTargetId: 'x' };
    const result = injectIntoLaunch(configuration, VARIABLES);
    assert.equal(result.configuration, configuration);
    assert.equal(result.withheld, 'attach');
    const child = { type: 'pwa-node', request: 'launch', __pendingTargetId: 'y', awsProfile: 'dev' };
    assert.equal(injectIntoLaunch(child, VARIABLES).configuration, child);
    assert.deepEqual(launchRequest(child), { kind: 'untouched', why: 'attach' }, "a child session carrying the parent's awsProfile assumes nothing again");
  });

  it('"awsProfile": assumed for an internal-console launch, refused with a terminal console', () => {
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev' }), { kind: 'inject', throughTerminal: false, readOnly: false, awsProfile: 'dev' });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev', console: 'integratedTerminal' }), {
      kind: 'refused',
      message: '"awsProfile" needs the program started outside a terminal (with "console": "integratedTerminal" the credentials would be typed into the terminal).',
    });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev', awsRoles: false }), { kind: 'untouched', why: 'opted-out' });
  });

  it('"awsRoles": { "readOnly": true }: a read-only session of "awsProfile" or of the window\'s profile, refused with a terminal console or a value it cannot read', () => {
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'prod', awsRoles: { readOnly: true } }), { kind: 'inject', throughTerminal: false, readOnly: true, awsProfile: 'prod' });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsRoles: { readOnly: true } }), { kind: 'inject', throughTerminal: false, readOnly: true });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsRoles: { readOnly: false } }), { kind: 'inject', throughTerminal: false, readOnly: false });
    assert.deepEqual(launchRequest({ type: 'python', request: 'launch', awsRoles: { readOnly: true }, console: 'integratedTerminal' }), {
      kind: 'refused',
      message: '"readOnly" needs the program started outside a terminal (with "console": "integratedTerminal" the credentials would be typed into the terminal).',
    });
    for (const awsRoles of [{ readOnly: 'yes' }, 'read-only', ['readOnly'], null]) {
      assert.deepEqual(
        launchRequest({ type: 'node', request: 'launch', awsRoles }),
        { kind: 'refused', message: '"awsRoles" takes false (nothing added), or { "readOnly": true } (a read-only session).' },
        JSON.stringify(awsRoles),
      );
    }
  });

  it('a program started through a terminal gets no credential in its launch env (it would be typed into the terminal), only the region', () => {
    for (const console of ['integratedTerminal', 'externalTerminal']) {
      const result = injectIntoLaunch({ type: 'python', console }, VARIABLES);
      assert.deepEqual(result.configuration.env, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
      assert.equal(result.withheld, 'terminal-console');
    }
    const endpoint = injectIntoLaunch({ type: 'node', console: 'integratedTerminal' }, { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/x', AWS_CONTAINER_AUTHORIZATION_TOKEN: 't' });
    assert.deepEqual(endpoint.configuration.env, {});
    assert.deepEqual(injectIntoLaunch({ type: 'node', console: 'internalConsole' }, VARIABLES).configuration.env, VARIABLES);
  });

  describe('every debugger\'s way of starting the program in a terminal (issue 20)', () => {
    /** One launch per terminal property each debugger's schema has, with a value that starts the program in a terminal. */
    const THROUGH_A_TERMINAL: readonly { readonly debugger: string; readonly launch: Record<string, unknown>; readonly setting: string }[] = [
      { debugger: 'js-debug', launch: { type: 'pwa-node', console: 'externalTerminal' }, setting: '"console": "externalTerminal"' },
      { debugger: 'Microsoft C/C++ (Windows)', launch: { type: 'cppvsdbg', console: 'newExternalWindow' }, setting: '"console": "newExternalWindow"' },
      { debugger: 'Dart', launch: { type: 'dart', console: 'terminal' }, setting: '"console": "terminal"' },
      { debugger: 'CodeLLDB', launch: { type: 'lldb', terminal: 'integrated' }, setting: '"terminal": "integrated"' },
      { debugger: 'CodeLLDB', launch: { type: 'lldb', terminal: 'external' }, setting: '"terminal": "external"' },
      { debugger: 'rdbg', launch: { type: 'rdbg', useTerminal: true }, setting: '"useTerminal": true' },
      { debugger: 'lldb-dap', launch: { type: 'lldb-dap', runInTerminal: true }, setting: '"runInTerminal": true' },
      { debugger: 'Swift', launch: { type: 'swift', runInTerminal: true }, setting: '"runInTerminal": true' },
      { debugger: 'Microsoft C/C++ (gdb/lldb)', launch: { type: 'cppdbg', externalConsole: true }, setting: '"externalConsole": true' },
      { debugger: '.NET (deprecated form)', launch: { type: 'coreclr', externalConsole: true }, setting: '"externalConsole": true' },
      { debugger: 'rdbg, Run Without Debugging', launch: { type: 'rdbg', noDebug: true }, setting: '"noDebug": true' },
    ];

    for (const { debugger: name, launch, setting } of THROUGH_A_TERMINAL) {
      it(`${name} with ${setting}: no credential in the launch env, the region still; "awsProfile" refused naming ${setting}`, () => {
        const configuration = { request: 'launch', program: 'app', ...launch };
        const result = injectIntoLaunch(configuration, VARIABLES);
        assert.deepEqual(result.configuration.env, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
        assert.deepEqual(result.added, ['AWS_REGION', 'AWS_DEFAULT_REGION']);
        assert.equal(result.withheld, 'terminal-console');
        assert.equal(terminalLaunchSetting(configuration), setting);
        assert.deepEqual(launchRequest({ ...configuration, awsProfile: 'dev' }), {
          kind: 'refused',
          message: `"awsProfile" needs the program started outside a terminal (with ${setting} the credentials would be typed into the terminal).`,
        });
      });
    }

    it('the same properties with values that keep the program out of a terminal get the whole session', () => {
      for (const launch of [
        { type: 'lldb', terminal: 'console' },
        { type: 'dart', console: 'debugConsole' },
        { type: 'rdbg', useTerminal: false },
        { type: 'lldb-dap', runInTerminal: false },
        { type: 'cppdbg', externalConsole: false },
        { type: 'cppvsdbg', console: 'internalConsole' },
        // Only rdbg runs a Run Without Debugging through a terminal.
        { type: 'pwa-node', noDebug: true },
      ]) {
        const configuration = { request: 'launch', program: 'app', ...launch };
        assert.deepEqual(injectIntoLaunch(configuration, VARIABLES).configuration.env, VARIABLES, JSON.stringify(launch));
        assert.equal(terminalLaunchSetting(configuration), undefined);
        assert.deepEqual(launchRequest({ ...configuration, awsProfile: 'dev' }), { kind: 'inject', throughTerminal: false, readOnly: false, awsProfile: 'dev' });
      }
    });
  });
});
