/**
 * How a command the extension ran for the user (`mfa_process`, `credential_process`) failed,
 * said without its arguments or anything it printed: a command line may carry a password
 * (`--password=…`), its output an MFA code or keys, and its stderr either.
 */

/** What a runner knows about a failed run; everything here is safe to show. */
export interface ProcessFailureFacts {
  /** The program only (`op`, `aws-vault`), never its arguments. */
  readonly program: string;
  /** The exit code, when it exited on its own. */
  readonly exitCode?: number;
  /** The signal that ended it, when one did (and it was not our timeout). */
  readonly signal?: string;
  /** Set when the runner stopped it after this many milliseconds. */
  readonly timedOutAfterMs?: number;
  /** It printed more than the runner keeps. */
  readonly outputTooLarge?: boolean;
  /** It could not be started at all: Node's error code (ENOENT, EACCES…). */
  readonly startErrorCode?: string;
  /** The caller stopped it (the assume was cancelled). */
  readonly cancelled?: boolean;
  /** It exited with 0 but printed something unusable, in our own words (never its output). */
  readonly badOutput?: string;
}

const FAILURE_NAME = 'ChildProcessFailure';

/** What the platform's runners reject with. */
export class ChildProcessFailure extends Error {
  constructor(readonly facts: ProcessFailureFacts) {
    super(`${facts.program} ${describeProcessEnd(facts)}`);
    this.name = FAILURE_NAME;
  }
}

/**
 * The facts of a `ChildProcessFailure`, else `undefined`. Read by shape, not `instanceof`: the
 * AWS SDK bundle (`dist/awsSdk.js`) carries its own copy of the class.
 */
export function processFailureOf(error: unknown): ProcessFailureFacts | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { name?: unknown; facts?: unknown };
  if (record.name !== FAILURE_NAME || typeof record.facts !== 'object' || record.facts === null) return undefined;
  const facts = record.facts as ProcessFailureFacts;
  return typeof facts.program === 'string' ? facts : undefined;
}

/** How the run ended, as the end of a sentence: "exited with code 3", "was killed by SIGKILL"… */
export function describeProcessEnd(facts: ProcessFailureFacts): string {
  if (facts.startErrorCode) return `could not be started (${facts.startErrorCode})`;
  if (facts.cancelled) return 'was stopped because the assume was cancelled';
  if (facts.timedOutAfterMs !== undefined) return `did not finish within ${formatSeconds(facts.timedOutAfterMs)} and was stopped`;
  if (facts.outputTooLarge) return 'printed more output than expected and was stopped';
  if (facts.signal) return `was killed by ${facts.signal}`;
  if (facts.exitCode === 127) return 'exited with code 127 (command not found)';
  if (facts.exitCode !== undefined && facts.exitCode !== 0) return `exited with code ${facts.exitCode}`;
  if (facts.badOutput) return facts.badOutput;
  return 'failed';
}

/**
 * The program of a shell command line, without its arguments or directory:
 * `"/opt/1Password/op" item get aws --otp` → `op`. Leading `VAR=value` assignments are skipped
 * (they may hold secrets too).
 */
export function programOf(command: string): string {
  const words = command.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const word = words.find((candidate) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(candidate)) ?? '';
  const unquoted = word.replace(/^(["'])(.*)\1$/, '$2');
  const base = unquoted.split(/[\\/]/).pop() ?? '';
  return base || 'the command';
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 1 ? `${Math.round(seconds)} s` : `${seconds.toFixed(1)} s`;
}
