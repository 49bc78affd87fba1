/**
 * Runs a command line from the user's AWS config through the shell (as the AWS CLI, the SDK and
 * aws-vault do) and resolves with its stdout. A failure rejects with a `ChildProcessFailure`
 * that says how it ended (exit code, signal, timeout) and nothing it printed: stdout may hold
 * a code or keys, and stderr whatever the program chose to echo.
 */

import { spawn } from 'node:child_process';
import { ChildProcessFailure, programOf, type ProcessFailureFacts } from '../core/assume/processFailure';

export interface ShellCommandOptions {
  /** Stop it after this long. */
  readonly timeoutMs: number;
  /** Stop it once stdout grows past this; an MFA code or a credentials document is small. */
  readonly maxOutputBytes: number;
  /** Stops it (and what it started) when the caller no longer wants the answer. */
  readonly signal?: AbortSignal;
}

/** A process group can be killed as a whole only on POSIX; Windows gets the shell alone. */
const OWN_PROCESS_GROUP = process.platform !== 'win32';

export function runShellCommand(command: string, options: ShellCommandOptions): Promise<string> {
  const program = programOf(command);
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also stops what the shell started (a `sleep`, a
    // helper waiting for a touch) instead of leaving it holding the pipe.
    const child = spawn(command, { shell: true, detached: OWN_PROCESS_GROUP, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (facts: Omit<ProcessFailureFacts, 'program'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      reject(new ChildProcessFailure({ program, ...facts }));
    };
    const stop = () => {
      try {
        if (OWN_PROCESS_GROUP && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      fail({ timedOutAfterMs: options.timeoutMs });
      stop();
    }, options.timeoutMs);
    const abort = () => {
      fail({ cancelled: true });
      stop();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutputBytes) {
        fail({ outputTooLarge: true });
        stop();
        return;
      }
      chunks.push(chunk);
    });
    // Read and dropped: stderr is never shown, but a full pipe would block the program.
    child.stderr.resume();
    child.on('error', (error: NodeJS.ErrnoException) => {
      fail({ startErrorCode: error.code ?? 'unknown error' });
      stop();
    });
    child.on('close', (exitCode, signal) => {
      if (settled) return;
      if (signal) return fail({ signal });
      if (exitCode !== 0) return fail({ exitCode: exitCode ?? undefined });
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
