/** An `mfa_process` runner that prints scripted outputs and records every run. */

import type { MfaProcessRunner } from '../../../src/core/session/ports';
import { Gate } from './gate';

export class FakeMfaProcess implements MfaProcessRunner {
  readonly runs: { readonly command: string; readonly profileName: string }[] = [];
  /** Runs killed through their abort signal, as `exec` kills a child process. */
  killed = 0;
  private readonly outputs: (string | Error)[] = [];
  private readonly gates: Gate[] = [];

  /** Queues what the next runs print (or the error they fail with), one per run. */
  print(...outputs: (string | Error)[]): this {
    this.outputs.push(...outputs);
    return this;
  }

  /** The next run prints nothing until the gate is opened (a command waiting for a key touch). */
  holdNext(): Gate {
    const gate = new Gate();
    this.gates.push(gate);
    return gate;
  }

  async run(command: string, profileName: string, signal?: AbortSignal): Promise<string> {
    this.runs.push({ command, profileName });
    const gate = this.gates.shift();
    const waiting = gate ? gate.pass() : new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve, reject) => {
      // `exec` with a signal kills the child and fails with an AbortError.
      const kill = () => {
        this.killed += 1;
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
      };
      if (signal?.aborted) return kill();
      signal?.addEventListener('abort', kill, { once: true });
      void waiting.then(() => {
        signal?.removeEventListener('abort', kill);
        resolve();
      });
    });
    const next = this.outputs.shift();
    if (next === undefined) throw new Error(`FakeMfaProcess: unexpected run of ${command}`);
    if (next instanceof Error) throw next;
    return next;
  }
}
