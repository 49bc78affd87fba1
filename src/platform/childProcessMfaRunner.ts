/** Runs a profile's `mfa_process` through the shell, as aws-vault does. */

import { exec } from 'node:child_process';
import type { MfaProcessRunner } from '../core/session/ports';

/** A hardware key or password manager may wait for a touch; a minute is plenty. */
const TIMEOUT_MS = 60_000;

export const childProcessMfaRunner: MfaProcessRunner = {
  run(command, _profileName, signal) {
    return new Promise((resolve, reject) => {
      // `signal` kills the command when the assume is cancelled.
      exec(command, { timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 64 * 1024, signal }, (error, stdout, stderr) => {
        if (error) {
          // Only the exit status and stderr's first line: stdout may hold the code itself.
          const detail = stderr.trim().split('\n')[0]?.slice(0, 200);
          reject(new Error(`mfa_process failed (${error.killed ? 'timed out' : `exit code ${error.code ?? '?'}`})${detail ? `: ${detail}` : ''}`));
          return;
        }
        resolve(stdout);
      });
    });
  },
};
