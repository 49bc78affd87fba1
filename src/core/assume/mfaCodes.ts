/**
 * Getting an MFA code STS accepts: from the profile's `mfa_process`, or from a person through
 * the prompt. Codes that cannot be right (not 6 digits, or used for the same device within the
 * last 30 s) are refused before any STS call; a code STS refuses is asked for again, within a
 * small budget. Codes live in memory only and are never logged.
 */

import type { Clock, MfaProcessRunner, MfaPrompt, MfaPromptRequest } from '../vocabulary/ports';
import { describeWhere } from './stsErrors';
import { describeProcessEnd, processFailureOf, programOf } from './processFailure';
import { untilAborted } from '../vocabulary/untilAborted';
import { quoteForMessage } from '../vocabulary/redaction';
import { assumeCancelled, SessionError } from '../vocabulary/sessionTypes';

/** How long a used code stays refused for its device (a TOTP step). */
export const RECENT_CODE_WINDOW_MS = 30_000;
/** Prompts in all for one code, counting re-asks after a malformed, reused or wrong code. */
export const MAX_PROMPT_ATTEMPTS = 3;
/** Runs of `mfa_process` for one code: it would print the same wrong code a third time. */
export const MAX_PROCESS_ATTEMPTS = 2;

const SIX_DIGITS = /^\d{6}$/;
const WHITE_SPACE = /\s+/g;

/**
 * A typed or pasted code as STS must get it: authenticator apps show `123 456`, and a paste
 * brings spaces or a line break along, so all white space goes. Anything else stays, so a
 * code that is not six ASCII digits is still refused (full-width or other scripts' digits too).
 */
export function compactMfaCode(text: string): string {
  return text.replace(WHITE_SPACE, '');
}

/** Exactly six ASCII digits: the only `TokenCode` STS accepts. */
export function isMfaCode(code: string): boolean {
  return SIX_DIGITS.test(code);
}

/** Who needs a code, and where it comes from. */
export interface MfaCodeRequest {
  /** The profile the user picked. */
  readonly profileName: string;
  /** The profile whose `mfa_serial` this is. */
  readonly hopProfileName: string;
  readonly mfaSerial: string;
  /** The `mfa_process` command and the profile it is written in, when there is one. */
  readonly process?: { readonly command: string; readonly profileName: string };
  /** Where progress goes (never a code). */
  readonly log: (message: string) => void;
  /** Aborts when nobody wants the code any more: the prompt closes, `mfa_process` is killed. */
  readonly signal?: AbortSignal;
  /**
   * `false` when no person asked for this (auto-renew): a code that would have to be typed
   * ends the request with `mfa-code-needed` instead of a prompt. `mfa_process` still runs.
   */
  readonly interactive?: boolean;
}

export class MfaCodes {
  private readonly recent = new Map<string, { readonly code: string; readonly at: number }[]>();

  constructor(
    private readonly prompt: MfaPrompt,
    private readonly runner: MfaProcessRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Calls `attempt` with codes until it resolves. `attempt` must reject with a `SessionError`
   * of kind `mfa-invalid` when STS refuses the code; any other failure ends the loop.
   */
  async withCode<T>(request: MfaCodeRequest, attempt: (code: string) => Promise<T>): Promise<T> {
    const fromProcess = request.process !== undefined;
    const budget = fromProcess ? MAX_PROCESS_ATTEMPTS : MAX_PROMPT_ATTEMPTS;
    const where = describeWhere(request.profileName, request.hopProfileName);
    if (!fromProcess && request.interactive === false) {
      request.log(`an MFA code for ${request.mfaSerial} would have to be typed, but nobody asked for this (auto-renew, or the workspace's profile on open); not prompting`);
      throw new SessionError(
        'mfa-code-needed',
        `${where}: an MFA code for ${request.mfaSerial} is needed, and nothing that starts by itself (auto-renew, the workspace's profile on open) asks for one. Renew… or Assume Role… asks for the code.`,
        request.profileName,
        request.hopProfileName,
      );
    }
    let previousError: string | undefined;
    for (let number = 1; number <= budget; number++) {
      this.throwIfCancelled(request);
      const code = fromProcess ? await this.runProcess(request, where) : await this.ask(request, where, number, budget, previousError);
      if (!isMfaCode(code)) {
        if (fromProcess) throw this.processError(request, where, 'did not print a 6-digit MFA code. Make the command print only the current code.');
        previousError = 'An MFA code is exactly 6 digits.';
        request.log(`the code entered for ${request.mfaSerial} is not 6 digits; asking again`);
        continue;
      }
      if (this.recentlyUsed(request.mfaSerial).includes(code)) {
        if (fromProcess) {
          throw new SessionError(
            'mfa-invalid',
            `${where}: mfa_process of profile "${request.process?.profileName}" printed a code that was already used in the last 30 seconds. Wait for the next code and try again.`,
            request.profileName,
            request.hopProfileName,
          );
        }
        previousError = 'That code was already used in the last 30 seconds. Wait for the next code.';
        request.log(`the code entered for ${request.mfaSerial} was already used in the last 30 s; asking again`);
        continue;
      }
      this.remember(request.mfaSerial, code);
      try {
        return await attempt(code);
      } catch (error) {
        if (!(error instanceof SessionError) || error.kind !== 'mfa-invalid') throw error;
        previousError = 'STS refused that code: it is wrong or was already used. Wait for the next code.';
        request.log(`STS refused the MFA code for ${request.mfaSerial} (attempt ${number}/${budget})`);
      }
    }
    if (fromProcess) {
      throw new SessionError(
        'mfa-invalid',
        `${where}: STS refused the codes mfa_process of profile "${request.process?.profileName}" printed for ${request.mfaSerial}. Check that the command prints codes for that device and that the clock is right.`,
        request.profileName,
        request.hopProfileName,
      );
    }
    throw new SessionError(
      'mfa-attempts-exhausted',
      `${where}: ${MAX_PROMPT_ATTEMPTS} MFA codes for ${request.mfaSerial} were refused. Check that the device is the one in mfa_serial of profile "${request.hopProfileName}" and that its clock is right, then try again.`,
      request.profileName,
      request.hopProfileName,
    );
  }

  /** Codes used for the device within the last 30 s, oldest first. */
  recentlyUsed(mfaSerial: string): string[] {
    const cutoff = this.clock.now() - RECENT_CODE_WINDOW_MS;
    const live = (this.recent.get(mfaSerial) ?? []).filter((entry) => entry.at > cutoff);
    if (live.length > 0) this.recent.set(mfaSerial, live);
    else this.recent.delete(mfaSerial);
    return live.map((entry) => entry.code);
  }

  private remember(mfaSerial: string, code: string): void {
    const list = this.recent.get(mfaSerial) ?? [];
    list.push({ code, at: this.clock.now() });
    this.recent.set(mfaSerial, list);
  }

  private async ask(request: MfaCodeRequest, where: string, attempt: number, budget: number, previousError: string | undefined): Promise<string> {
    request.log(`asking for the MFA code of ${request.mfaSerial} (attempt ${attempt}/${budget})`);
    let answer: string | undefined;
    try {
      const asking = this.prompt.askForCode(
        {
          profileName: request.profileName,
          hopProfileName: request.hopProfileName,
          mfaSerial: request.mfaSerial,
          attempt,
          previousError,
          recentlyUsedCodes: this.recentlyUsed(request.mfaSerial),
        },
        request.signal,
      );
      // Stop waiting on a cancel even if the prompt does not close by itself.
      answer = request.signal ? await untilAborted(asking, request.signal, () => new Error('aborted')) : await asking;
    } catch (error) {
      this.throwIfCancelled(request);
      const message = error instanceof Error ? error.message : String(error);
      throw new SessionError('unknown', `${where}: the MFA prompt failed: ${quoteForMessage(message)}.`, request.profileName, request.hopProfileName);
    }
    this.throwIfCancelled(request);
    if (answer === undefined) {
      throw new SessionError(
        'cancelled',
        `${where}: the MFA code for ${request.mfaSerial} was not entered; nothing changed.`,
        request.profileName,
        request.hopProfileName,
      );
    }
    return compactMfaCode(answer);
  }

  private async runProcess(request: MfaCodeRequest, where: string): Promise<string> {
    const process = request.process!;
    request.log(`running mfa_process of profile "${process.profileName}" for ${request.mfaSerial}`);
    try {
      const output = (await this.runner.run(process.command, process.profileName, request.signal)).trim();
      this.throwIfCancelled(request);
      return output;
    } catch (error) {
      // Killed because the assume was cancelled: that is no failure of the command.
      this.throwIfCancelled(request);
      // How it ended, never its arguments or output: those may hold a password or the code.
      throw this.processError(request, where, `(${programOf(process.command)}) ${howItEnded(error)}. Run the command yourself to check it, or remove mfa_process to type codes.`);
    }
  }

  private throwIfCancelled(request: MfaCodeRequest): void {
    if (request.signal?.aborted) throw assumeCancelled(request.profileName, request.hopProfileName);
  }

  private processError(request: MfaCodeRequest, where: string, what: string): SessionError {
    return new SessionError('mfa-process-failed', `${where}: mfa_process of profile "${request.process?.profileName}" ${what}`, request.profileName, request.hopProfileName);
  }
}

/** The runner's account of the failure; a runner that says nothing structured just "failed". */
function howItEnded(error: unknown): string {
  const facts = processFailureOf(error);
  return facts ? describeProcessEnd(facts) : 'failed';
}

/**
 * The prompt's words: the title names the profile the user picked, the text the hop and the
 * device that need the code (a chain's MFA device often sits on a hop below the picked profile).
 */
export function mfaPromptText(request: Pick<MfaPromptRequest, 'profileName' | 'hopProfileName' | 'mfaSerial' | 'attempt' | 'previousError'>): {
  readonly title: string;
  readonly prompt: string;
} {
  const attempt = request.attempt > 1 ? ` (attempt ${request.attempt} of ${MAX_PROMPT_ATTEMPTS})` : '';
  const who =
    request.hopProfileName === request.profileName
      ? `Enter the 6-digit code from MFA device ${request.mfaSerial}.`
      : `Profile ${request.hopProfileName} in the chain of ${request.profileName} needs the 6-digit code from MFA device ${request.mfaSerial}.`;
  return {
    title: `MFA code for profile ${request.profileName}${attempt}`,
    prompt: `${request.previousError ? `${request.previousError} ` : ''}${who}`,
  };
}
