/** The exact `env` a debug launch gets from the session's variables. */

import * as assert from 'node:assert/strict';
import { injectIntoLaunch, launchRequest } from '../../../src/core/injection/debugLaunch';

const VARIABLES = {
  AWS_ACCESS_KEY_ID: 'ASIAFAKE0000000000XY',
  AWS_SECRET_ACCESS_KEY: 'notARealSecret',
  AWS_SESSION_TOKEN: 'notARealToken',
  AWS_CREDENTIAL_EXPIRATION: '2026-03-01T10:00:00.000Z',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
};

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
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev' }), { kind: 'inject', throughTerminal: false, awsProfile: 'dev' });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev', console: 'integratedTerminal' }), {
      kind: 'refused',
      message: '"awsProfile" needs "console": "internalConsole" (with integratedTerminal the credentials would be typed into the terminal).',
    });
    assert.deepEqual(launchRequest({ type: 'node', request: 'launch', awsProfile: 'dev', awsRoles: false }), { kind: 'untouched', why: 'opted-out' });
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
});
