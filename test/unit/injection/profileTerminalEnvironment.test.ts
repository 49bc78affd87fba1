/** The whole environment of a terminal opened as a profile, and what is typed into it. */

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  CREDENTIAL_CHAIN_VARIABLES,
  HANDOVER_SCRIPT,
  handoverText,
  PROFILE_TERMINAL_HANDOVER,
  HANDOVER_COMMAND,
  PROFILE_TERMINAL_MARKER,
  profileTerminalEnvironment,
} from '../../../src/core/injection/profileTerminalEnvironment';
import { sessionEnvironment } from '../../../src/core/injection/sessionEnvironment';
import { fakeRoleSession } from '../../support/fakes/roleSessions';

const INHERITED = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/alice',
  AWS_PROFILE: 'default',
  AWS_ACCESS_KEY_ID: 'AKIAINHERITED0000000',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:61400/window',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'the-windows-token',
  AWS_REGION: 'us-east-2',
  EDITOR: 'vim',
};

describe('a terminal opened as a profile', () => {
  it('starts from VS Code\'s environment without anything an AWS client would take credentials from, then the person\'s terminal.integrated.env, the hand-over script and a marker', () => {
    const env = profileTerminalEnvironment({
      inherited: INHERITED,
      terminalSettings: { EDITOR: null, GREETING: 'hi ${env:HOME}', AWS_PROFILE: 'sneaky' },
      marker: 'm-1',
    });
    assert.deepEqual(env, { PATH: '/usr/bin:/bin', HOME: '/home/alice', AWS_REGION: 'us-east-2', GREETING: 'hi /home/alice', [PROFILE_TERMINAL_MARKER]: 'm-1', [PROFILE_TERMINAL_HANDOVER]: HANDOVER_SCRIPT });
    for (const name of CREDENTIAL_CHAIN_VARIABLES) assert.ok(!(name in env), `${name} is not inherited`);
  });

  it('types the session\'s variables as NAME=value lines ending with an empty one; nothing of them is in the options', () => {
    const { variables } = sessionEnvironment({ session: fakeRoleSession(), mode: 'endpoint', endpoint: { url: 'http://127.0.0.1:61400/held', token: 'held-token' }, inherited: {} });
    const text = handoverText(variables);
    assert.ok(text.endsWith('\n\n'));
    assert.ok(text.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN=held-token\n'));
    assert.ok(text.includes('AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:61400/held\n'));
    assert.throws(() => handoverText({ AWS_SESSION_TOKEN: 'two\nlines' }), /one line/);
  });

  it('the hand-over script exports what it reads and leaves nothing of its own behind (run by the real /bin/sh)', () => {
    const text = handoverText({ AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok-1', AWS_REGION: 'eu-west-1' });
    // `env` as the "shell" it ends in: it prints what the person's shell would start with.
    // As the terminal runs it: the script in the environment, the banner as its name.
    const out = execFileSync('/bin/sh', ['-c', HANDOVER_COMMAND, 'AWS Role Sessions: this terminal acts as profile prod', 'env'], {
      input: text,
      env: { PATH: '/usr/bin:/bin', [PROFILE_TERMINAL_HANDOVER]: HANDOVER_SCRIPT },
      encoding: 'utf8',
    });
    const lines = out.split('\n');
    assert.ok(lines.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN=tok-1'));
    assert.ok(lines.includes('AWS_REGION=eu-west-1'));
    assert.ok(out.includes('AWS Role Sessions: this terminal acts as profile prod\n'), 'the banner is shown');
    assert.ok(!lines.some((line) => line.startsWith(`${PROFILE_TERMINAL_HANDOVER}=`) || line.startsWith('aws_role_sessions_line=')), 'no helper variable reaches the shell');
  });
});
