/**
 * The config corpus: pairs of AWS config and credentials files, each with what the model must
 * make of it. Most are folders under `test/fixtures/config-corpus/` (`config`, `credentials`,
 * `expected.json`; a missing file is a file that does not exist). The few that would be huge
 * or unreadable as files (binary, a 1 MB line, a 1,000-profile cycle, cycles of many lengths)
 * are generated here, with their expectations next to them.
 *
 * `expected.json`:
 * - `about`: what the case is for;
 * - `files`: the status of the config and the credentials file (`ok` both when absent);
 * - `profiles`: every profile of the model, in the model's order, each with its `kind`, its
 *   exact `problems` as `"code file:line"` (line 1-based, as an editor shows it), and where it
 *   matters some `settings` (exact values), the `chain` (profile of each hop) and `complete`;
 * - `fileProblems`: the problems that belong to no profile, in the same form.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS_DIR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'config-corpus');

export interface ExpectedProfile {
  readonly name: string;
  readonly kind: string;
  readonly problems: readonly string[];
  readonly settings?: Readonly<Record<string, string>>;
  readonly chain?: readonly string[];
  readonly complete?: boolean;
}

export interface ExpectedModel {
  readonly about: string;
  readonly files?: readonly [string, string];
  readonly profiles: readonly ExpectedProfile[];
  readonly fileProblems?: readonly string[];
}

export interface CorpusCase {
  readonly name: string;
  /** The file's text; undefined when the file does not exist. */
  readonly config: string | undefined;
  readonly credentials: string | undefined;
  readonly expected: ExpectedModel;
}

/** The folder cases, in name order. */
export function folderCases(): CorpusCase[] {
  return fs
    .readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const read = (file: string) => {
        const full = path.join(CORPUS_DIR, name, file);
        return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
      };
      return { name, config: read('config'), credentials: read('credentials'), expected: JSON.parse(read('expected.json') ?? 'null') as ExpectedModel };
    });
}

const KEYS = 'aws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = notARealSecret\n';
const ARN = 'arn:aws:iam::123456789012:role/';

/** Bytes from a fixed linear congruential sequence: the same "random" file on every run. */
function pseudoRandomBytes(length: number, seed: number, excluded: readonly number[]): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    let byte: number;
    do {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      byte = state >>> 24;
    } while (excluded.includes(byte));
    bytes[i] = byte;
  }
  return bytes;
}

/** What no binary blob here may hold: line breaks, brackets and `=` would make it a header or a value. */
const STRUCTURE_BYTES = [0x0a, 0x0d, 0x5b, 0x5d, 0x3d];

function role(name: string, source: string): string {
  return `[profile ${name}]\nrole_arn = ${ARN}${name}\nsource_profile = ${source}\n`;
}

/** `count` profiles `prefix0 … prefix{count-1}`, each the source of the one before, the last pointing back at the first. */
function cycle(prefix: string, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += role(`${prefix}${i}`, `${prefix}${(i + 1) % count}`);
  return text;
}

/**
 * The expected profiles of `cycle(prefix, count)` written from line `firstLine` (1-based) on.
 * Every profile's problems; the hops of `withHops` of them only: listing all hops of every
 * profile of a 1,000-cycle is a million hops, seconds of work no person ever asks for at once.
 */
function cycleProfiles(prefix: string, count: number, firstLine: number, withHops: (index: number) => boolean): ExpectedProfile[] {
  const profiles: ExpectedProfile[] = [];
  for (let i = 0; i < count; i++) {
    const chain = withHops(i) ? Array.from({ length: count + 1 }, (_, hop) => `${prefix}${(i + hop) % count}`) : undefined;
    profiles.push({ name: `${prefix}${i}`, kind: 'role', problems: [`source-cycle config:${firstLine + 3 * i + 2}`], chain, complete: false });
  }
  return profiles;
}

/** Some indices of `count`: the first, the last and every 97th, so hops are checked along the whole length. */
const sampled = (count: number) => (index: number) => index === 0 || index === count - 1 || index % 97 === 0;

/** Cycle lengths tried together in one file: every length to 40, then longer ones up to 1,000. */
export const CYCLE_LENGTHS = [...Array.from({ length: 40 }, (_, i) => i + 1), 50, 64, 99, 100, 128, 255, 256, 500, 999, 1000];

/** Cases generated in code rather than committed as files. */
export function generatedCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const binary = (length: number, seed: number) => pseudoRandomBytes(length, seed, STRUCTURE_BYTES).toString('utf8');

  cases.push({
    name: 'generated: binary config with one profile inside',
    config: `${binary(65_536, 1)}\n[profile ok]\ncredential_process = /bin/creds\n${binary(65_536, 2)}\n`,
    credentials: binary(65_536, 3),
    expected: {
      about: '64 KiB of binary (invalid UTF-8, NUL bytes, control characters) around one real profile; binary lines hold no header or value.',
      profiles: [{ name: 'ok', kind: 'process', problems: [], settings: { credential_process: '/bin/creds' } }],
    },
  });
  const nul = '\0'.repeat(1000);
  cases.push({
    name: 'generated: NUL bytes inside names and values',
    config: `[profile a${nul}b]\nregion = x\n[profile c]\ncredential_process = x${nul}y\n`,
    credentials: `[n${nul}]\n${KEYS}`,
    expected: {
      about: 'NUL is not white space: the SDK rejects it in a config header name and keeps it in values and credentials names.',
      profiles: [
        { name: 'c', kind: 'process', problems: [], settings: { credential_process: `x${nul}y` } },
        { name: `n${nul}`, kind: 'staticKeys', problems: [] },
      ],
      fileProblems: ['section-ignored config:1'],
    },
  });
  const megabyte = 'a'.repeat(1 << 20);
  cases.push({
    name: 'generated: a 1 MiB value, a 1 MiB comment and a 100 KiB name',
    config: `#${megabyte}\n[profile long]\ncredential_process = /bin/x ${megabyte}\n[profile ${'p'.repeat(100_000)}]\nregion = x\n`,
    credentials: `[k]\n${KEYS}aws_session_token = ${megabyte}\n`,
    expected: {
      about: 'Very long lines are read whole, however long.',
      profiles: [
        { name: 'long', kind: 'process', problems: [], settings: { credential_process: `/bin/x ${megabyte}` } },
        { name: 'p'.repeat(100_000), kind: 'none', problems: ['no-credentials config:4'] },
        { name: 'k', kind: 'staticKeys', problems: [], settings: { aws_session_token: megabyte } },
      ],
    },
  });
  cases.push({
    name: 'generated: a cycle of 1,000 hops',
    config: cycle('p', 1000),
    credentials: undefined,
    expected: { about: 'p0 → p1 → … → p999 → p0: each profile reports the cycle; its chain stops where the cycle closes.', files: ['ok', 'missing'], profiles: cycleProfiles('p', 1000, 1, sampled(1000)) },
  });
  let text = '';
  const profiles: ExpectedProfile[] = [];
  for (const length of CYCLE_LENGTHS) {
    const firstLine = text.split('\n').length;
    text += cycle(`c${length}-`, length);
    profiles.push(...cycleProfiles(`c${length}-`, length, firstLine, (index) => index === 0 || index === length - 1));
  }
  cases.push({
    name: `generated: cycles of ${CYCLE_LENGTHS.length} lengths from 1 to 1,000 in one file`,
    config: text,
    credentials: '',
    expected: { about: 'Disjoint cycles of lengths 1 … 40, 50, 64, 99, 100, 128, 255, 256, 500, 999 and 1,000.', profiles },
  });
  let chain = '';
  const chainProfiles: ExpectedProfile[] = [];
  for (let i = 0; i < 1000; i++) {
    chain += role(`h${i}`, `h${i + 1}`);
    const hops = sampled(1000)(i) ? Array.from({ length: 1001 - i }, (_, hop) => `h${i + hop}`) : undefined;
    chainProfiles.push({ name: `h${i}`, kind: 'role', problems: [], complete: true, chain: hops });
  }
  chainProfiles.push({ name: 'h1000', kind: 'staticKeys', problems: [], chain: ['h1000'], complete: true });
  cases.push({
    name: 'generated: a chain of 1,000 hops down to keys',
    config: chain,
    credentials: `[h1000]\n${KEYS}`,
    expected: { about: 'h0 → h1 → … → h1000, whose keys are in the credentials file.', profiles: chainProfiles },
  });
  let tail = '';
  const tailProfiles: ExpectedProfile[] = [];
  for (let i = 0; i < 1000; i++) {
    tail += role(`t${i}`, i === 999 ? 'x' : `t${i + 1}`);
    const chain = sampled(1000)(i) ? [...Array.from({ length: 1000 - i }, (_, hop) => `t${i + hop}`), 'x', 'y', 'x'] : undefined;
    tailProfiles.push({ name: `t${i}`, kind: 'role', problems: [`source-cycle config:${3 * i + 3}`], chain, complete: false });
  }
  tail += role('x', 'y') + role('y', 'x');
  tailProfiles.push(
    { name: 'x', kind: 'role', problems: ['source-cycle config:3003'], chain: ['x', 'y', 'x'], complete: false },
    { name: 'y', kind: 'role', problems: ['source-cycle config:3006'], chain: ['y', 'x', 'y'], complete: false },
  );
  cases.push({
    name: 'generated: a cycle reached after every number of hops from 1 to 1,000',
    config: tail,
    credentials: '',
    expected: { about: 't0 → t1 → … → t999 → x → y → x: from t_i the walk meets the cycle after 1000 − i hops, and every t_i reports it.', profiles: tailProfiles },
  });
  return cases;
}
