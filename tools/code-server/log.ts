/** Progress lines and failures as the tools print them (`[try-it-now] …`, `[harness] …`). */
import * as fs from 'fs';

/** An expected failure whose message says it all (no stack trace needed in the log). */
export class HarnessError extends Error {}

/** How a runner prints a failure: the message for expected ones, the stack for bugs. */
export function describeError(error: unknown): string {
  if (error instanceof HarnessError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

let logPrefix = 'harness';

/** Names the tool in front of every progress line (`npm start` says `try-it-now`). */
export function setLogPrefix(prefix: string): void {
  logPrefix = prefix;
}

/** Prints one progress line, prefixed so a CI log shows which tool is speaking. */
export function log(message: string): void {
  console.log(`[${logPrefix}] ${message}`);
}

/** The last `lines` lines of a file, or a note that it is missing. */
export function tailFile(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
