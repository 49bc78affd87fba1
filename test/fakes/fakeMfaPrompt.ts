/** An MFA prompt that answers from a script and records what it was asked. */

import type { MfaPrompt, MfaPromptRequest } from '../../src/core/session/ports';

/** A scripted answer: a code, `undefined` for a cancel, or a function of the request. */
export type FakeMfaAnswer = string | undefined | ((request: MfaPromptRequest) => string | undefined);

export class FakeMfaPrompt implements MfaPrompt {
  readonly requests: MfaPromptRequest[] = [];
  private readonly answers: FakeMfaAnswer[] = [];

  /** Queues answers, used one per prompt in order. */
  answer(...answers: FakeMfaAnswer[]): this {
    this.answers.push(...answers);
    return this;
  }

  async askForCode(request: MfaPromptRequest): Promise<string | undefined> {
    this.requests.push(request);
    // A person takes a while: let everything else that is ready run first.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.answers.length === 0) throw new Error(`FakeMfaPrompt: unexpected prompt #${this.requests.length} for ${request.mfaSerial}`);
    const next = this.answers.shift();
    return typeof next === 'function' ? next(request) : next;
  }
}
