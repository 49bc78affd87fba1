/** An `mfa_process` runner that prints scripted outputs and records every run. */

import type { MfaProcessRunner } from '../../src/core/session/ports';

export class FakeMfaProcess implements MfaProcessRunner {
  readonly runs: { readonly command: string; readonly profileName: string }[] = [];
  private readonly outputs: (string | Error)[] = [];

  /** Queues what the next runs print (or the error they fail with), one per run. */
  print(...outputs: (string | Error)[]): this {
    this.outputs.push(...outputs);
    return this;
  }

  async run(command: string, profileName: string): Promise<string> {
    this.runs.push({ command, profileName });
    await new Promise((resolve) => setImmediate(resolve));
    const next = this.outputs.shift();
    if (next === undefined) throw new Error(`FakeMfaProcess: unexpected run of ${command}`);
    if (next instanceof Error) throw next;
    return next;
  }
}
