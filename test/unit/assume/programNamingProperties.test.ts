/**
 * Naming a failed `credential_process` / `mfa_process` by its program: on generated command
 * lines that hide secrets in quotes, escapes, `VAR=value` prefixes and arguments, behind paths
 * with spaces, the name is the program's base name and holds none of the secrets; and on lines
 * the real shell runs (`/bin/sh`, and bash where it is installed), it names what the shell ran.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { programOf, UNNAMED_PROGRAM } from '../../../src/core/assume/processFailure';

/** Characters that break naive splitting: blanks, quotes, escapes, `=`, expansions, operators. */
const TRICKY = [' ', ' ', '\t', "'", '"', '\\', '=', '$', '`', ';', '|', '&', '(', ')', '<', '>', '*', '?', '[', '{', '}', '#', '~', '!', '\n'];
const trickyText = (maxLength: number) =>
  fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom('a', 'B', '7', '-', '.', '/')), { minLength: 1, maxLength }).map((chars) => chars.join(''));

/** A secret: marked so it cannot be mistaken for a program name (those are lower case), then anything. */
const secretArbitrary = trickyText(12).map((text) => `SECRET${text}`);

type Quoting = 'single' | 'double' | 'escaped';
const quotingArbitrary = fc.constantFrom<Quoting>('single', 'double', 'escaped');

/** `text` as one shell word in the given quoting, exactly as sh will read it back. */
function quoted(text: string, quoting: Quoting): string {
  if (quoting === 'single') return `'${text.replace(/'/g, `'\\''`)}'`;
  if (quoting === 'double') return `"${text.replace(/[$`"\\]/g, '\\$&')}"`;
  // A backslash before a newline continues the line, so a newline goes in quotes.
  return [...text].map((char) => (char === '\n' ? "'\n'" : /[A-Za-z0-9_./,:@%+-]/.test(char) ? char : `\\${char}`)).join('');
}

/** `text` as one word in pieces of mixed quoting (`'a b'"c"\ d`), as people write them. */
const wordArbitrary = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), quotingArbitrary), { minLength: 1, maxLength: 3 }))
    .map(([value, cuts]) => {
      const points = [...new Set(cuts.map(([at]) => at % (value.length + 1)))].sort((a, b) => a - b);
      const pieces = [0, ...points, value.length].slice(1).map((end, index, ends) => value.slice(index === 0 ? 0 : ends[index - 1], end));
      return { value, written: pieces.map((piece, index) => (piece === '' ? '' : quoted(piece, cuts[index % cuts.length][1]))).join('') || "''" };
    });

/** Words the shell reads as syntax in a command's first place. */
const SHELL_SYNTAX = new Set(['case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while']);
const baseNameArbitrary = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/).filter((name) => !SHELL_SYNTAX.has(name));

/** A directory name: spaces, quotes and escapes included; never `/`, `.` or `..`. */
const directoryArbitrary = trickyText(8).map((name) => name.replace(/\//g, '_')).filter((name) => name !== '.' && name !== '..');

type ProgramKind = 'bare' | 'relative' | 'absolute' | 'windows';

interface CommandLine {
  readonly line: string;
  readonly program: string;
  readonly secrets: readonly string[];
  readonly kind: ProgramKind;
  /** The directories of a relative program, for a shell test to create. */
  readonly directories: readonly string[];
}

const programArbitrary = fc.oneof(
  fc.record({ kind: fc.constant<ProgramKind>('bare'), directories: fc.constant<string[]>([]), name: baseNameArbitrary }),
  fc.record({ kind: fc.constantFrom<ProgramKind>('relative', 'absolute'), directories: fc.array(directoryArbitrary, { minLength: 1, maxLength: 3 }), name: baseNameArbitrary }),
  // What cmd.exe needs: the whole path in double quotes, `\` between its parts.
  fc.record({
    kind: fc.constant<ProgramKind>('windows'),
    directories: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,12}$/), { minLength: 1, maxLength: 3 }),
    name: baseNameArbitrary.map((name) => `${name}.exe`),
  }),
);

const commandLineArbitrary: fc.Arbitrary<CommandLine> = fc
  .record({
    // Never PATH: it would change which program the shell finds.
    assignments: fc.array(fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/).filter((name) => name !== 'PATH'), wordArbitrary(secretArbitrary)), { maxLength: 3 }),
    program: programArbitrary,
    directoryWords: fc.array(quotingArbitrary, { minLength: 3, maxLength: 3 }),
    args: fc.array(fc.oneof(wordArbitrary(secretArbitrary), fc.constantFrom('--otp', 'item', 'get').map((flag) => ({ value: flag, written: flag }))), { maxLength: 4 }),
    blanks: fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: 8, maxLength: 8 }),
    leading: fc.constantFrom('', ' ', '\t'),
  })
  .map(({ assignments, program, directoryWords, args, blanks, leading }) => {
    let written: string;
    if (program.kind === 'windows') written = `"C:\\${program.directories.join('\\')}\\${program.name}"`;
    else {
      const directories = program.directories.map((directory, index) => quoted(directory, directoryWords[index % directoryWords.length]));
      const prefix = program.kind === 'absolute' ? '/' : program.kind === 'relative' ? './' : '';
      written = prefix + [...directories, program.name].join('/');
    }
    const words = [...assignments.map(([name, value]) => `${name}=${value.written}`), written, ...args.map((arg) => arg.written)];
    return {
      line: leading + words.map((word, index) => word + (index < words.length - 1 ? blanks[index % blanks.length] : '')).join(''),
      program: program.name,
      secrets: [...assignments.map(([, value]) => value.value), ...args.map((arg) => arg.value).filter((value) => value.startsWith('SECRET'))],
      kind: program.kind,
      directories: program.kind === 'relative' ? program.directories : [],
    };
  });

function assertNamesOnlyTheProgram(name: string, { line, program, secrets }: CommandLine): void {
  assert.equal(name, program, `named ${JSON.stringify(name)} for ${JSON.stringify(line)}`);
  for (const secret of secrets) assert.ok(!name.includes(secret), `the name holds a secret of ${JSON.stringify(line)}`);
}

describe('naming the program of a failed command, on generated command lines', () => {
  it('is the base name of the program, never a secret from an assignment, an argument or the path', () => {
    fc.assert(
      fc.property(commandLineArbitrary, (command) => assertNamesOnlyTheProgram(programOf(command.line), command)),
      { numRuns: 2000 },
    );
  });

  it('is the neutral name when the program is an expansion the shell fills in at run time', () => {
    const expansion = fc.constantFrom('$(pass show op-path)', '`pass show op-path`', '${OP_BIN}', '$OP_BIN', '"$OP_BIN"', '${OP_BIN:-op}', '$((1+1))', '/opt/*/op', '{op,vault}', '~');
    fc.assert(
      fc.property(commandLineArbitrary, expansion, secretArbitrary, (command, program, secret) => {
        for (const line of [`${program} ${command.line}`, `TOKEN=${quoted(secret, 'single')} ${program} ${command.line}`]) {
          assert.equal(programOf(line), UNNAMED_PROGRAM, JSON.stringify(line));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is the neutral name when a quote is left open (the shell then runs nothing)', () => {
    fc.assert(
      fc.property(commandLineArbitrary, secretArbitrary, fc.constantFrom("'", '"'), (command, secret, quote) => {
        const line = `${command.line} ${quote}${secret.replace(/['"\\`]/g, '')}`;
        assert.equal(programOf(line), UNNAMED_PROGRAM, JSON.stringify(line));
      }),
      { numRuns: 300 },
    );
  });
});

/** The shells on this machine to compare with: dash as `/bin/sh` on Debian, and bash. */
const SHELLS = ['/bin/sh', '/bin/bash'].filter((shell) => fs.existsSync(shell));

describe('naming agrees with the real shell about which word is the program', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'program-naming-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs generated lines through sh -c: the program that runs prints its own base name, and that is the name given', function () {
    if (process.platform === 'win32') this.skip();
    // Fixed seed and few runs: a process per line per shell, the same lines on every run.
    fc.assert(
      fc.property(
        commandLineArbitrary.filter((command) => command.kind === 'bare' || command.kind === 'relative'),
        fc.boolean(),
        (command, openQuote) => {
          const line = openQuote ? `${command.line} '${command.secrets.length}` : command.line;
          const caseRoot = fs.mkdtempSync(path.join(root, 'case-'));
          const bin = path.join(caseRoot, 'bin');
          const directory = path.join(caseRoot, ...command.directories);
          fs.mkdirSync(bin, { recursive: true });
          fs.mkdirSync(directory, { recursive: true });
          const program = path.join(command.kind === 'bare' ? bin : directory, command.program);
          fs.writeFileSync(program, '#!/bin/sh\nprintf %s "${0##*/}"\n', { mode: 0o755 });
          // A bare name the shell keeps for itself (`cd`, `test`…) is not a program on PATH.
          if (command.kind === 'bare') fc.pre(spawnSync('/bin/sh', ['-c', 'command -v -- "$1"', 'sh', command.program], { env: { PATH: bin }, encoding: 'utf8' }).stdout.trim() === program);
          const named = programOf(line);
          for (const shell of SHELLS) {
            const run = spawnSync(shell, ['-c', line], { cwd: caseRoot, env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8', timeout: 10_000 });
            // A line the shell refuses runs no program: naming none is the honest answer.
            const ran = run.stdout === '' ? UNNAMED_PROGRAM : run.stdout;
            assert.equal(named, ran, `${shell} ran ${JSON.stringify(run.stdout)} (exit ${run.status}) for ${JSON.stringify(line)}`);
          }
        },
      ),
      { numRuns: 30, seed: 20 },
    );
  });
});
