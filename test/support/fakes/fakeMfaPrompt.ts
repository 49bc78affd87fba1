/** An MFA prompt that answers from a script and records what it was asked. */

import type { MfaPrompt, MfaPromptRequest } from '../../../src/core/vocabulary/ports';
import { HeldCalls, type Gate } from './gate';

/** A scripted answer: a code, `undefined` for a cancel, or a function of the request. */
export type FakeMfaAnswer = string | undefined | ((request: MfaPromptRequest) => string | undefined);

export class FakeMfaPrompt implements MfaPrompt {
  readonly requests: MfaPromptRequest[] = [];
  /** Prompts closed through their abort signal, as VS Code closes an input box whose token is cancelled. */
  closed = 0;
  private readonly answers: FakeMfaAnswer[] = [];
  private readonly held = new HeldCalls();

  /** Queues answers, used one per prompt in order. */
  answer(...answers: FakeMfaAnswer[]): this {
    this.answers.push(...answers);
    return this;
  }

  /** The next prompt stays open until the gate is opened (a person looking for their phone). */
  holdNext(): Gate {
    return this.held.holdNext();
  }

  async askForCode(request: MfaPromptRequest, signal?: AbortSignal): Promise<string | undefined> {
    this.requests.push(request);
    const closedBySignal = await this.held.waitForTurn(signal, () => (this.closed += 1));
    // VS Code's input box resolves `undefined` when its token is cancelled.
    if (closedBySignal) return undefined;
    if (this.answers.length === 0) throw new Error(`FakeMfaPrompt: unexpected prompt #${this.requests.length} for ${request.mfaSerial}`);
    const next = this.answers.shift();
    return typeof next === 'function' ? next(request) : next;
  }
}
