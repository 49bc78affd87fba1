/** Runs a profile's `mfa_process` through the shell, as aws-vault does. */

import type { MfaProcessRunner } from '../core/vocabulary/ports';
import { runShellCommand } from './shellCommand';

/** A hardware key or password manager may wait for a touch; a minute is plenty. */
const TIMEOUT_MS = 60_000;
/** A code is six digits; anything near this size is not a code. */
const MAX_OUTPUT_BYTES = 64 * 1024;

export interface ChildProcessMfaRunnerOptions {
  /** How long a run may take; tests shorten it. */
  readonly timeoutMs?: number;
}

/** A runner that rejects with a `ChildProcessFailure` (exit code, signal or timeout; never the output). */
export function createChildProcessMfaRunner(options: ChildProcessMfaRunnerOptions = {}): MfaProcessRunner {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return {
    // `signal` kills the command when the assume is cancelled.
    run: (command, _profileName, signal) => runShellCommand(command, { timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES, signal }),
  };
}

export const childProcessMfaRunner: MfaProcessRunner = createChildProcessMfaRunner();
