/** An `mfa_process` runner that prints scripted outputs and records every run. */

import type { MfaProcessRunner } from '../../../src/core/vocabulary/ports';
import { HeldCalls, type Gate } from './gate';

export class FakeMfaProcess implements MfaProcessRunner {
  readonly runs: { readonly command: string; readonly profileName: string }[] = [];
  /** Runs killed through their abort signal, as `exec` kills a child process. */
  killed = 0;
  private readonly outputs: (string | Error)[] = [];
  private readonly held = new HeldCalls();

  /** Queues what the next runs print (or the error they fail with), one per run. */
  print(...outputs: (string | Error)[]): this {
    this.outputs.push(...outputs);
    return this;
  }

  /** The next run prints nothing until the gate is opened (a command waiting for a key touch). */
  holdNext(): Gate {
    return this.held.holdNext();
  }

  async run(command: string, profileName: string, signal?: AbortSignal): Promise<string> {
    this.runs.push({ command, profileName });
    // `exec` with a signal kills the child and fails with an AbortError.
    if (await this.held.waitForTurn(signal, () => (this.killed += 1))) {
      throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    }
    const next = this.outputs.shift();
    if (next === undefined) throw new Error(`FakeMfaProcess: unexpected run of ${command}`);
    if (next instanceof Error) throw next;
    return next;
  }
}
