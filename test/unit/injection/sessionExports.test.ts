/** The session copied as shell exports and as credential_process JSON: exact text, and a real bash reading it back. */

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copiedMessage,
  durationInWords,
  exportedVariables,
  fishQuote,
  formatCredentialProcessJson,
  formatShellExports,
  powershellQuote,
  type ExportShell,
} from '../../../src/core/injection/sessionExports';
import { sessionEnvironment } from '../../../src/core/injection/sessionEnvironment';
import type { RoleSession } from '../../../src/core/vocabulary/sessionTypes';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const END = new Date(NOW + 42 * 60_000 + 30_000);

function session(credentials: Partial<RoleSession['credentials']> = {}, extra: Partial<RoleSession> = {}): RoleSession {
  return {
    profileName: 'prod',
    credentials: { accessKeyId: 'ASIAFAKE0000000000XY', secretAccessKey: 'notARealSecret/+=', sessionToken: 'notARealToken==', expiration: END, ...credentials },
    region: 'eu-west-1',
    profileRegion: 'eu-west-1',
    obtainedAt: NOW,
    stsCalls: 1,
    notices: [],
    ...extra,
  };
}

/** Values no quoting may get wrong: every kind of quote, expansions, escapes, newlines, non-ASCII. */
const HOSTILE = [
  `it's`,
  `'`,
  `''`,
  `a'b"c`,
  `$(touch /tmp/pwned-aws-role-sessions)`,
  '`id`',
  '$HOME ${PATH} $0',
  'back\\slash \\\' \\\\',
  'line\nbreak\r\n\ttab',
  '!history !! ^caret',
  'ü ‘curly’ ‚low‛ 😀',
  ' leading and trailing ',
  '',
  '; rm -rf / #',
];

describe('session exports: the variables', () => {
  it('are exactly the environment mode\'s, with nothing inherited', () => {
    assert.deepEqual(exportedVariables(session()), sessionEnvironment({ session: session(), mode: 'environment', inherited: {} }).variables);
    assert.deepEqual(Object.keys(exportedVariables(session())), [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
    ]);
  });
});

describe('session exports: each shell\'s text', () => {
  const variables = { AWS_ACCESS_KEY_ID: 'ASIAX', AWS_SECRET_ACCESS_KEY: `se'cr\\et` };

  it('bash/zsh: export with single quotes, a quote as \'\\\'\'', () => {
    assert.equal(formatShellExports(variables, 'posix'), `export AWS_ACCESS_KEY_ID='ASIAX'\nexport AWS_SECRET_ACCESS_KEY='se'\\''cr\\et'\n`);
  });

  it('fish: set -gx with single quotes, \\\\ and \\\' escaped', () => {
    assert.equal(formatShellExports(variables, 'fish'), `set -gx AWS_ACCESS_KEY_ID 'ASIAX'\nset -gx AWS_SECRET_ACCESS_KEY 'se\\'cr\\\\et'\n`);
    assert.equal(fishQuote(`a\\'b`), `'a\\\\\\'b'`);
  });

  it('PowerShell: $Env: with single quotes, quotes doubled (the typographic ones too)', () => {
    assert.equal(formatShellExports(variables, 'powershell'), `$Env:AWS_ACCESS_KEY_ID = 'ASIAX'\n$Env:AWS_SECRET_ACCESS_KEY = 'se''cr\\et'\n`);
    assert.equal(powershellQuote('a‘b’c'), `'a‘‘b’’c'`);
  });

  it('refuses a name that is not a variable name', () => {
    assert.throws(() => formatShellExports({ 'A B': 'x' }, 'posix'), /not a variable name/);
  });
});

describe('session exports: credential_process JSON', () => {
  it('has Version 1, the keys, the token and the ISO 8601 end', () => {
    assert.deepEqual(JSON.parse(formatCredentialProcessJson(exportedVariables(session()))), {
      Version: 1,
      AccessKeyId: 'ASIAFAKE0000000000XY',
      SecretAccessKey: 'notARealSecret/+=',
      SessionToken: 'notARealToken==',
      Expiration: '2026-03-01T09:42:30.000Z',
    });
  });

  it('long-term keys: no SessionToken, no Expiration', () => {
    const parsed = JSON.parse(formatCredentialProcessJson(exportedVariables(session({ sessionToken: undefined, expiration: undefined }))));
    assert.deepEqual(Object.keys(parsed), ['Version', 'AccessKeyId', 'SecretAccessKey']);
  });
});

describe('session exports: the notification', () => {
  it('names the profile and how long the copy is valid, never a key', () => {
    const message = copiedMessage(session(), 'as bash/zsh exports', NOW);
    assert.equal(message, 'Copied credentials for prod as bash/zsh exports, valid for 42 minutes (until 09:42 UTC).');
    for (const secret of ['ASIAFAKE', 'notARealSecret', 'notARealToken']) assert.ok(!message.includes(secret));
    assert.equal(copiedMessage(session({ expiration: undefined }), 'as credential_process JSON', NOW), 'Copied credentials for prod as credential_process JSON, long-term keys with no end.');
  });

  it('words durations, rounding down', () => {
    assert.equal(durationInWords(59_999), 'less than a minute');
    assert.equal(durationInWords(60_000), '1 minute');
    assert.equal(durationInWords(3_600_000), '1 hour');
    assert.equal(durationInWords(3_900_000 + 59_000), '1 hour 5 minutes');
    assert.equal(durationInWords(2 * 3_600_000 + 60_000), '2 hours 1 minute');
  });
});

/**
 * Runs the exports in a real shell and reads every variable back, NUL-separated so newlines
 * survive. `script` receives the exports and prints the variables.
 */
function roundTrip(command: string, args: (script: string) => string[], variables: Record<string, string>, printer: (names: string[]) => string, shell: ExportShell): Record<string, string> {
  const names = Object.keys(variables);
  const script = `${formatShellExports(variables, shell)}${printer(names)}`;
  const output = execFileSync(command, args(script), { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 10_000 });
  const values = output.split('\0').slice(0, names.length);
  return Object.fromEntries(names.map((name, index) => [name, values[index]]));
}

function installed(command: string): boolean {
  return spawnSync(command, ['-c', 'exit 0'], { timeout: 10_000 }).status === 0;
}

describe('session exports: a real shell reads every value back byte-identical', function () {
  // Starts a shell per case; generous for a busy machine.
  this.timeout(60_000);

  const variables = Object.fromEntries(HOSTILE.map((value, index) => [`AWS_TEST_VALUE_${index}`, value]));
  const withSession = { ...exportedVariables(session({ secretAccessKey: `wJal'rXUt"nFEMI/K7MDENG$(id)bPxRfiCY`, sessionToken: `IQoJ\\b3Jp'Z2luX2VjE\n==` })), ...variables };

  it('bash', () => {
    assert.deepEqual(
      roundTrip('bash', (script) => ['--norc', '--noprofile', '-c', script], withSession, (names) => names.map((name) => `printf '%s\\0' "$${name}"`).join('\n'), 'posix'),
      withSession,
    );
  });

  it('bash, and nothing in a value ran', () => {
    const marker = `/tmp/aws-role-sessions-export-${process.pid}`;
    const hostile = { AWS_SECRET_ACCESS_KEY: `$(touch ${marker})\`touch ${marker}\`'; touch ${marker}; '` };
    roundTrip('bash', (script) => ['--norc', '--noprofile', '-c', script], hostile, () => 'printf "%s\\0" "$AWS_SECRET_ACCESS_KEY"', 'posix');
    assert.equal(spawnSync('test', ['-e', marker]).status, 1, 'no command in a value ran');
  });

  it('sh (dash), zsh when installed', function () {
    const shells = ['sh', 'zsh'].filter(installed);
    if (shells.length === 0) this.skip();
    for (const shell of shells) {
      assert.deepEqual(roundTrip(shell, (script) => ['-c', script], withSession, (names) => names.map((name) => `printf '%s\\0' "$${name}"`).join('\n'), 'posix'), withSession, shell);
    }
  });

  it('fish, when installed', function () {
    if (!installed('fish')) this.skip();
    assert.deepEqual(roundTrip('fish', (script) => ['-c', script], withSession, (names) => names.map((name) => `printf '%s\\0' "$${name}"`).join('\n'), 'fish'), withSession);
  });

  it('PowerShell, when installed', function () {
    if (!installed('pwsh')) this.skip();
    const printer = (names: string[]) => names.map((name) => `[Console]::Out.Write($Env:${name} + [char]0)`).join('\n');
    // PowerShell cannot set an environment variable to an empty string on every version: compare the others.
    const nonEmpty = Object.fromEntries(Object.entries(withSession).filter(([, value]) => value !== ''));
    assert.deepEqual(roundTrip('pwsh', (script) => ['-NoProfile', '-NonInteractive', '-Command', script], nonEmpty, printer, 'powershell'), nonEmpty);
  });
});
