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

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 1 ? `${Math.round(seconds)} s` : `${seconds.toFixed(1)} s`;
}

/** What a failure is called when the program cannot be named with confidence. */
export const UNNAMED_PROGRAM = 'the command';

/**
 * The program of a shell command line, by its base name only: `"/opt/1Password/op" item get aws
 * --otp` → `op`. A command line may hold secrets anywhere but in the program's own name (in
 * `VAR=value` assignments before it, in its arguments), so anything that cannot be read with
 * confidence is {@link UNNAMED_PROGRAM} rather than a guess.
 *
 * The line is read as POSIX `sh` reads it, because that is what runs it: this extension, like
 * the JS SDK's `fromProcess` (Node's `exec`), hands `credential_process` and `mfa_process` to
 * `/bin/sh -c`, and to `cmd.exe /d /s /c` on Windows (botocore splits the line with `shlex`,
 * which quotes as sh does). The name is then cut at the last `/` or `\`. A backslash is an escape in POSIX only
 * outside quotes and, inside double quotes, before `$`, a backquote, `"`, `\` or a newline, so a
 * Windows path in double quotes (`"C:\Program Files\1Password CLI\op.exe"`, as cmd needs it)
 * reads the same under both shells and gives `op.exe`; where cmd and sh read a line differently
 * (cmd has no single quotes, no `VAR=value` prefix, `^` for an escape) the name can only come out
 * as a piece of the first word, never a later word or an assignment's value.
 */
export function programOf(command: string): string {
  const word = firstCommandWord(command);
  if (word === undefined) return UNNAMED_PROGRAM;
  const base = word.split(/[\\/]/).pop() ?? '';
  // `=` only gets here in a quoted or escaped `NAME=value`, which the shell runs as a command
  // name: its value may be the very secret an assignment would hold.
  if (base === '' || base === '.' || base === '..' || base.includes('=') || /[\u0000-\u001f\u007f]/.test(base)) return UNNAMED_PROGRAM;
  return base;
}

/** Unquoted, these end a word (a blank, or the start of an operator: `;`, `&&`, `|`, `(`, `<`…). */
const WORD_ENDS = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
/** After the program's name, these mean it was not a plain command: `2>file`, `f()`, `op>out`. */
const NOT_A_PLAIN_COMMAND = new Set(['(', ')', '<', '>']);
/** Words the shell reads as syntax, not as a program, in the first place of a command. */
const RESERVED_WORDS = new Set(['!', '{', '}', '[[', ']]', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while']);
/** `NAME=` unquoted at the start of a word: an assignment, not the program. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** One word as the shell's tokenizer reads it, quotes removed. */
interface ShellWord {
  /** The word after quote removal (expansions kept as written). */
  readonly text: string;
  /** Expanded at run time (`$X`, `${X}`), a pattern (`*`, `?`, `[`) or a brace list: its value is not what is written. */
  readonly expands: boolean;
  /** What ended it: a character of {@link WORD_ENDS}, or `undefined` at the end of the line. */
  readonly endedBy: string | undefined;
  /** Where reading goes on. */
  readonly next: number;
}

/**
 * The first command word after any `VAR=value` assignments, quotes removed; `undefined` when it
 * is not a literal the shell runs as written (an expansion, a pattern, syntax) or the line does
 * not parse (an unbalanced quote, a command substitution this reader does not follow).
 */
function firstCommandWord(line: string): string | undefined {
  let at = skipBlankLinesAndComments(line, 0);
  for (;;) {
    at = skipBlanks(line, at);
    if (at >= line.length || WORD_ENDS.has(line[at])) return undefined;
    const word = readWord(line, at);
    if (!word) return undefined;
    if (ASSIGNMENT.test(line.slice(at, word.next))) {
      // An assignment that ends the command (`A=1; op`) leaves the program to a later command.
      if (word.endedBy !== undefined && word.endedBy !== ' ' && word.endedBy !== '\t') return undefined;
      at = word.next;
      continue;
    }
    if (word.expands || (word.endedBy !== undefined && NOT_A_PLAIN_COMMAND.has(word.endedBy))) return undefined;
    // `~` or `~user` alone is a home directory the shell fills in; `~/bin/op` keeps its base name.
    if (line[at] === '~' && !word.text.includes('/')) return undefined;
    if (RESERVED_WORDS.has(word.text) && line.slice(at, word.next) === word.text) return undefined;
    // A quote left open anywhere is a syntax error: the shell runs nothing, so no program failed.
    return quotesClose(line, word.next) ? word.text : undefined;
  }
}

/** Whether every quote from `at` on is closed, as the shell's tokenizer pairs them (`#` comments skipped). */
function quotesClose(line: string, at: number): boolean {
  let atWordStart = true;
  while (at < line.length) {
    const char = line[at];
    if (char === '#' && atWordStart) {
      const end = line.indexOf('\n', at);
      if (end === -1) return true;
      at = end;
      continue;
    }
    atWordStart = WORD_ENDS.has(char);
    if (char === '\\') at += 2;
    else if (char === "'" || char === '"' || char === '`') {
      const close = closingQuote(line, at);
      if (close === undefined) return false;
      at = close + 1;
    } else at += 1;
  }
  return true;
}

/** Where the quote opened at `at` closes: a backslash escapes inside double quotes and backquotes, not inside single quotes. */
function closingQuote(line: string, at: number): number | undefined {
  const quote = line[at];
  for (let next = at + 1; next < line.length; next += 1) {
    if (line[next] === quote) return next;
    if (line[next] === '\\' && quote !== "'") next += 1;
  }
  return undefined;
}

function skipBlanks(line: string, at: number): number {
  for (;;) {
    if (line[at] === ' ' || line[at] === '\t') at += 1;
    else if (line[at] === '\\' && line[at + 1] === '\n') at += 2;
    else return at;
  }
}

/** Empty lines and `#` comments before the first command are nothing the shell runs. */
function skipBlankLinesAndComments(line: string, at: number): number {
  for (;;) {
    at = skipBlanks(line, at);
    if (line[at] === '\n') at += 1;
    else if (line[at] === '#') {
      const end = line.indexOf('\n', at);
      at = end === -1 ? line.length : end + 1;
    } else return at;
  }
}

/** Characters a backslash escapes inside double quotes; before any other it stays as written. */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['$', '`', '"', '\\', '\n']);

function readWord(line: string, start: number): ShellWord | undefined {
  let text = '';
  let expands = false;
  let at = start;
  while (at < line.length && !WORD_ENDS.has(line[at])) {
    const char = line[at];
    if (char === '\\') {
      // A backslash at the very end escapes nothing the shells agree on.
      if (at + 1 >= line.length) return undefined;
      if (line[at + 1] !== '\n') text += line[at + 1];
      at += 2;
    } else if (char === "'") {
      const close = line.indexOf("'", at + 1);
      if (close === -1) return undefined;
      text += line.slice(at + 1, close);
      at = close + 1;
    } else if (char === '"') {
      const quoted = readDoubleQuoted(line, at + 1);
      if (!quoted) return undefined;
      text += quoted.text;
      expands ||= quoted.expands;
      at = quoted.next;
    } else if (char === '$' || char === '`') {
      const substitution = readSubstitution(line, at);
      if (!substitution) return undefined;
      text += substitution.text;
      expands ||= substitution.expands;
      at = substitution.next;
    } else {
      // A pattern, or bash's brace list (`{a,b}` becomes two words): not the name as written.
      if (char === '*' || char === '?' || char === '[' || char === '{') expands = true;
      text += char;
      at += 1;
    }
  }
  return { text, expands, endedBy: at < line.length ? line[at] : undefined, next: at };
}

function readDoubleQuoted(line: string, start: number): { text: string; expands: boolean; next: number } | undefined {
  let text = '';
  let expands = false;
  let at = start;
  while (at < line.length) {
    const char = line[at];
    if (char === '"') return { text, expands, next: at + 1 };
    if (char === '\\' && at + 1 < line.length && ESCAPABLE_IN_DOUBLE_QUOTES.has(line[at + 1])) {
      if (line[at + 1] !== '\n') text += line[at + 1];
      at += 2;
    } else if (char === '$' || char === '`') {
      const substitution = readSubstitution(line, at);
      if (!substitution) return undefined;
      text += substitution.text;
      expands ||= substitution.expands;
      at = substitution.next;
    } else {
      text += char;
      at += 1;
    }
  }
  return undefined;
}

/**
 * A `$` expansion or a backquote at `at`, read alike outside and inside double quotes: the text
 * as written, whether it expands to something, and where it ends. `undefined` when it cannot be
 * read with confidence: always for a backquote (a command substitution), and as `skipExpansion` says.
 */
function readSubstitution(line: string, at: number): { text: string; expands: boolean; next: number } | undefined {
  if (line[at] === '`') return undefined;
  const end = skipExpansion(line, at);
  if (end === undefined) return undefined;
  return { text: line.slice(at, end), expands: end > at + 1, next: end };
}

/**
 * Where a `$` expansion starting at `at` ends: `$NAME`, `$1`, `$?`…, `${…}` with its nesting and
 * quotes. `undefined` for a command substitution or arithmetic (`$(…)`: a `case` inside may hold
 * an unmatched `)`, so its end cannot be found without parsing shell script) and for bash's
 * `$'…'` and `$"…"`, which dash reads differently. A lone `$` is a literal and ends at once.
 */
function skipExpansion(line: string, at: number): number | undefined {
  const next = line[at + 1];
  if (next === '(' || next === "'" || next === '"') return undefined;
  if (next === '{') return skipBraces(line, at + 2);
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(line.slice(at + 1));
  return name ? at + 1 + name[0].length : at + 1;
}

/**
 * The end of `${…}` whose body starts at `at`, nested `${…}` included. A quote, a backslash or a
 * substitution inside gives `undefined`: sh and bash read quotes inside `${…}` differently.
 */
function skipBraces(line: string, at: number): number | undefined {
  let depth = 1;
  for (; at < line.length; at += 1) {
    const char = line[at];
    if (char === "'" || char === '"' || char === '\\' || char === '`' || (char === '$' && line[at + 1] === '(')) return undefined;
    if (char === '$' && line[at + 1] === '{') {
      depth += 1;
      at += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) return at + 1;
    }
  }
  return undefined;
}
