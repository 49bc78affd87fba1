/**
 * The real `mfa_process` runner with real child processes: how a run ended (an exit code, a
 * kill, a timeout) reaches the user's message, and nothing the command printed or was given
 * as arguments does.
 */

import * as assert from 'node:assert/strict';
import { MfaCodes } from '../../../src/core/assume/mfaCodes';
import { SessionError } from '../../../src/core/vocabulary/sessionTypes';
import { createChildProcessMfaRunner } from '../../../src/platform/childProcessMfaRunner';
import { FakeClock } from '../../support/fakes/fakeClock';
import { FakeMfaPrompt } from '../../support/fakes/fakeMfaPrompt';

const MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
/** What the commands print to stdout (a code) and pass as an argument or to stderr (a password). */
const PRINTED_CODE = '481516';
const PASSWORD = 'hunter2-Sup3rSecret';

/** Runs `command` as dev's mfa_process for prod and returns the message the user would see. */
async function failureOf(command: string, timeoutMs = 30_000): Promise<{ message: string; elapsedMs: number }> {
  const codes = new MfaCodes(new FakeMfaPrompt(), createChildProcessMfaRunner({ timeoutMs }), new FakeClock());
  const started = Date.now();
  try {
    await codes.withCode(
      { profileName: 'prod', hopProfileName: 'dev', mfaSerial: MFA_SERIAL, process: { command, profileName: 'dev' }, log: () => undefined },
      async () => assert.fail('no code should reach STS'),
    );
  } catch (error) {
    assert.ok(error instanceof SessionError, String(error));
    assert.equal(error.kind, 'mfa-process-failed');
    return { message: error.message, elapsedMs: Date.now() - started };
  }
  assert.fail('expected the run to fail');
}

function assertNothingPrintedOrPassed(message: string): void {
  assert.ok(!message.includes(PRINTED_CODE), `stdout leaked: ${message}`);
  assert.ok(!message.includes(PASSWORD), `an argument or stderr leaked: ${message}`);
  assert.ok(!message.includes('--password'), `the command line leaked: ${message}`);
}

describe('childProcessMfaRunner with real child processes', function () {
  // Each run starts a shell; a busy machine may take a while.
  this.timeout(30_000);

  before(function () {
    if (process.platform === 'win32') this.skip();
  });

  it('resolves with what the command printed', async () => {
    const runner = createChildProcessMfaRunner();
    assert.equal(await runner.run(`printf '${PRINTED_CODE}\\n' # --password=${PASSWORD}`, 'dev'), `${PRINTED_CODE}\n`);
  });

  it('says which exit code a failing command ended with', async () => {
    const { message } = await failureOf(`echo ${PRINTED_CODE}; echo "bad password ${PASSWORD}" >&2; exit 3 # --password=${PASSWORD}`);
    assert.equal(
      message,
      'Profile "prod" (hop "dev"): mfa_process of profile "dev" (echo) exited with code 3. Run the command yourself to check it, or remove mfa_process to type codes.',
    );
    assertNothingPrintedOrPassed(message);
  });

  it('names a program that is not there', async () => {
    const { message } = await failureOf(`no-such-mfa-tool-4242 --password=${PASSWORD}`);
    assert.match(message, /mfa_process of profile "dev" \(no-such-mfa-tool-4242\) exited with code 127 \(command not found\)\./);
    assertNothingPrintedOrPassed(message);
  });

  it('says which signal killed it', async () => {
    const { message } = await failureOf(`echo ${PRINTED_CODE}; kill -KILL $$ # --password=${PASSWORD}`);
    assert.match(message, /mfa_process of profile "dev" \(echo\) was killed by SIGKILL\./);
    assertNothingPrintedOrPassed(message);
  });

  it('says it timed out, and stops what the command started instead of waiting for it', async () => {
    // The sleep is a grandchild of the runner: stopping only the shell would leave it holding stdout for 20 s.
    const { message, elapsedMs } = await failureOf(`echo ${PRINTED_CODE}; sleep 20; echo done # --password=${PASSWORD}`, 500);
    assert.match(message, /mfa_process of profile "dev" \(echo\) did not finish within 0\.5 s and was stopped\./);
    assert.ok(elapsedMs < 15_000, `the failure came after ${elapsedMs} ms`);
    assertNothingPrintedOrPassed(message);
  });

  it('stops the command, and what it started, when the assume is cancelled', async () => {
    const controller = new AbortController();
    const codes = new MfaCodes(new FakeMfaPrompt(), createChildProcessMfaRunner(), new FakeClock());
    const started = Date.now();
    const run = codes.withCode(
      {
        profileName: 'prod',
        hopProfileName: 'dev',
        mfaSerial: MFA_SERIAL,
        process: { command: `sleep 20; echo ${PRINTED_CODE}`, profileName: 'dev' },
        log: () => undefined,
        signal: controller.signal,
      },
      async () => assert.fail('no code should reach STS'),
    );
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(run, (error: unknown) => error instanceof SessionError && error.kind === 'cancelled' && /cancelled/.test(error.message));
    // Without the kill, the runner would wait for the 20 s sleep to end.
    assert.ok(Date.now() - started < 15_000, `the cancel took effect after ${Date.now() - started} ms`);
  });
});
