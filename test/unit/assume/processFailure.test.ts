import * as assert from 'node:assert/strict';
import { ChildProcessFailure, describeProcessEnd, processFailureOf, programOf } from '../../../src/core/assume/processFailure';

/** Each command line with the program `programOf` names for it. */
function assertProgramsOf(cases: readonly (readonly [command: string, program: string])[]): void {
  for (const [command, program] of cases) assert.equal(programOf(command), program, JSON.stringify(command));
}

describe('child process failures in words', () => {
  it('names the program of a command line, never its arguments or variable assignments', () => {
    assertProgramsOf([
      ['op item get aws --otp', 'op'],
      ['"/opt/1Password/op" item get --password=hunter2', 'op'],
      ["'C:\\Program Files\\Vault\\vault.exe' login", 'vault.exe'],
      ['VAULT_PASSWORD=hunter2 aws-vault export prod', 'aws-vault'],
      ['   ', 'the command'],
    ]);
  });

  it('names the program, not a word of a quoted secret before it (issue 20)', () => {
    assertProgramsOf([
      ['OP_PASSWORD="hunter2 correct horse" op item get aws --otp', 'op'],
      ["OP_PASSWORD='hunter2 correct horse' op item get aws --otp", 'op'],
      ['OP_PASSWORD=hunter2\\ correct\\ horse op item get aws --otp', 'op'],
      ['A="x=y z" B=\'\' /opt/my\\ tools/op --x', 'op'],
      ['"C:\\Program Files\\1Password CLI\\op.exe" item get aws --otp', 'op.exe'],
      ['/opt/1Password/op item get aws --otp | tr -d " "', 'op'],
    ]);
  });

  it('says "the command" for what it cannot read with confidence, never a guess', () => {
    for (const command of [
      '',
      'OP_PASSWORD="hunter2 correct horse op item get',
      "op item get 'hunter2",
      '$(pass show op-path) item get',
      '${OP_BIN} item get',
      'TOKEN=$(pass show totp) aws-vault exec prod',
      '"OP_PASSWORD=hunter2" op',
      'OP_PASSWORD=hunter2; op item get',
      'if true; then op; fi',
    ]) {
      assert.equal(programOf(command), 'the command', JSON.stringify(command));
    }
  });

  it('says how a run ended, the most telling fact first', () => {
    assert.equal(describeProcessEnd({ program: 'x', exitCode: 3 }), 'exited with code 3');
    assert.equal(describeProcessEnd({ program: 'x', exitCode: 127 }), 'exited with code 127 (command not found)');
    assert.equal(describeProcessEnd({ program: 'x', signal: 'SIGKILL' }), 'was killed by SIGKILL');
    assert.equal(describeProcessEnd({ program: 'x', timedOutAfterMs: 60_000, signal: 'SIGKILL' }), 'did not finish within 60 s and was stopped');
    assert.equal(describeProcessEnd({ program: 'x', outputTooLarge: true }), 'printed more output than expected and was stopped');
    assert.equal(describeProcessEnd({ program: 'x', startErrorCode: 'ENOENT' }), 'could not be started (ENOENT)');
    assert.equal(describeProcessEnd({ program: 'x', exitCode: 0, badOutput: 'printed JSON without "Version": 1' }), 'printed JSON without "Version": 1');
  });

  it('reads the facts by shape, so a copy of the class from another bundle counts', () => {
    const facts = { program: 'op', exitCode: 2 };
    assert.deepEqual(processFailureOf(new ChildProcessFailure(facts)), facts);
    assert.deepEqual(processFailureOf(Object.assign(new Error('op exited with code 2'), { name: 'ChildProcessFailure', facts })), facts);
    assert.equal(processFailureOf(Object.assign(new Error('Command failed: op --password=x'), { code: 1 })), undefined);
    assert.equal(processFailureOf('ChildProcessFailure'), undefined);
  });
});
