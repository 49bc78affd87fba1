/**
 * A parser for the AWS shared config and credentials files that reads them exactly as the
 * AWS SDK for JavaScript v3 does (`@smithy/shared-ini-file-loader`'s `parseIni`), but keeps
 * the line of every section header and every value so the UI can point at them.
 *
 * A value is kept as positions in the file's text (`IniDocument.entries`), not as strings:
 * values become strings when read, and the settings the extension reads itself are filed by
 * number while the file is scanned (`knownKeys.ts`), so loading thousands of profiles builds
 * little that nobody looks at.
 *
 * The SDK's quirks are reproduced on purpose, because a profile the SDK cannot see must not
 * look healthy in our tree, and vice versa. The differential test in
 * `test/unit/config/differential.test.ts` holds the two parsers together.
 */

import { bit, hasKey, KNOWN_KEY_COUNT, knownKeyNumberAt } from './knownKeys';
import type { IniValue, SourceLocation } from './sourceLocation';

/** Section prefixes the SDK recognises in `[prefix name]` headers (`IniSectionType`). */
export const SECTION_PREFIXES = ['profile', 'sso-session', 'services'] as const;

/** The separator the SDK puts between a section prefix and its name, and a sub-section and its key. */
export const KEY_SEPARATOR = '.';


// An entry is one `key = value` line, kept as positions in the document's text: eight integers
// in `IniDocument.entries`. A document of 10,000 profiles holds about 50,000 of them; as
// objects and strings they were most of what loading such a file allocated and collected.
const ENTRY_STRIDE = 8;
const KEY_START = 0;
const KEY_END = 1;
const VALUE_START = 2;
const VALUE_END = 3;
const LINE = 4;
/** For a sub-section value (`parent =` then indented `child = value`): where `parent` is; else -1. */
const PARENT_START = 5;
const PARENT_END = 6;
/** The section's next entry, in file order; -1 after the last. */
const NEXT = 7;

/** One parsed file: its text and, as positions into it, every value. */
export class IniDocument {
  /** @internal Entries, `ENTRY_STRIDE` integers each. */
  entries: Int32Array = EMPTY;
  /**
   * @internal Per section, `KNOWN_KEY_COUNT` entry numbers: the last value of each known key.
   * Meaningful only where the section's `knownMask` has the key's bit.
   */
  slots: Int32Array = EMPTY;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  /** The SDK's key of an entry: `parent.child` for a sub-section value. */
  keyAt(entry: number): string {
    const at = entry * ENTRY_STRIDE;
    const { entries, text } = this;
    const key = text.slice(entries[at + KEY_START], entries[at + KEY_END]);
    const parentStart = entries[at + PARENT_START];
    return parentStart === -1 ? key : text.slice(parentStart, entries[at + PARENT_END]) + KEY_SEPARATOR + key;
  }

  valueAt(entry: number): string {
    const at = entry * ENTRY_STRIDE;
    return this.text.slice(this.entries[at + VALUE_START], this.entries[at + VALUE_END]);
  }

  lineAt(entry: number): number {
    return this.entries[entry * ENTRY_STRIDE + LINE];
  }

  settingAt(entry: number): IniValue {
    return { value: this.valueAt(entry), file: this.file, line: this.lineAt(entry) };
  }

  /**
   * What `JSON.stringify` sees: the path only. The text holds secret keys, and a profile
   * reaches its document, so logging a profile as JSON must not print the file.
   */
  toJSON(): { file: string } {
    return { file: this.file };
  }

  /** @internal */
  nextEntry(entry: number): number {
    return this.entries[entry * ENTRY_STRIDE + NEXT];
  }
}

const EMPTY = new Int32Array(0);

/** One section as the SDK keys it (e.g. `profile.dev`, `default`, `sso-session.corp`). */
export class IniSection {
  /** @internal First and last entry in file order, -1 when none. */
  firstEntry = -1;
  /** @internal */
  lastEntry = -1;
  /** Bit `n` is set when the section has a value for known key `n` (`knownKeys.ts`). */
  knownMask = 0;
  private laterHeaderLines: number[] | undefined;
  private materialised: ReadonlyMap<string, IniValue> | undefined;
  private headerList: readonly SourceLocation[] | undefined;

  constructor(
    readonly document: IniDocument,
    /** @internal This section's row in `document.slots`. */
    readonly index: number,
    /** The key before its first `.` (`profile`, `sso-session`, …), undefined when it has none. */
    readonly prefix: string | undefined,
    /** The key after its first `.`, or the whole key when it has none. */
    readonly name: string,
    readonly firstHeaderLine: number,
  ) {}

  /** The SDK's key for the section: `prefix.name` for recognised prefixes, else the raw header text. */
  get key(): string {
    return this.prefix === undefined ? this.name : this.prefix + KEY_SEPARATOR + this.name;
  }

  /** 0-based lines of every header that opened this section (duplicate sections merge). */
  get headerLines(): number[] {
    return this.laterHeaderLines ? [this.firstHeaderLine, ...this.laterHeaderLines] : [this.firstHeaderLine];
  }

  /** Every header's place, the first first. Built on first use. */
  get headers(): readonly SourceLocation[] {
    const file = this.document.file;
    this.headerList ??= this.headerLines.map((line) => ({ file, line }));
    return this.headerList;
  }

  /** The first header's place. */
  get header(): SourceLocation {
    return { file: this.document.file, line: this.firstHeaderLine };
  }

  /** Itself: a section is its own parsed section (see `ProfileSection`). */
  get ini(): IniSection {
    return this;
  }

  /** @internal */
  addHeaderLine(line: number): void {
    (this.laterHeaderLines ??= []).push(line);
  }

  /** True once a value has been seen (the SDK leaves a section without values out). */
  get hasValues(): boolean {
    return this.firstEntry !== -1;
  }

  /**
   * Values by key in the order first written, last one wins; sub-section keys are
   * `parent.child`. Built on first use and kept.
   */
  get values(): ReadonlyMap<string, IniValue> {
    if (this.materialised) return this.materialised;
    const values = new Map<string, IniValue>();
    const document = this.document;
    for (let entry = this.firstEntry; entry !== -1; entry = document.nextEntry(entry)) {
      values.set(document.keyAt(entry), document.settingAt(entry));
    }
    this.materialised = values;
    return values;
  }

  /** The entry holding known key `key`'s value (the last one written), or -1. */
  entryOf(key: number): number {
    return hasKey(this.knownMask, key) ? this.document.slots[this.index * KNOWN_KEY_COUNT + key] : -1;
  }
}

/** A header the SDK drops the values of: an unknown `[prefix name]` or an empty `[]`. */
export interface IgnoredHeader {
  readonly header: string;
  readonly line: number;
}

/** What a file parses into. */
export class ParsedIni {
  private sectionMap: ReadonlyMap<string, IniSection> | undefined;

  constructor(
    readonly document: IniDocument,
    /** Sections in the order their first header appears, including sections that hold no value. */
    readonly sectionList: readonly IniSection[],
    /** `[profile NAME]` sections by NAME: most of a file, so kept apart from the SDK's `profile.NAME` keys. */
    private readonly profileSections: ReadonlyMap<string, IniSection>,
    /** Every other section by its SDK key. */
    private readonly otherSections: ReadonlyMap<string, IniSection>,
    /** Headers whose values the SDK drops. */
    readonly ignoredHeaders: readonly IgnoredHeader[],
    /**
     * Set when the SDK would reject the whole file: it throws on a `[__proto__]` section and
     * then treats the file as empty. We report the reason instead of failing silently.
     */
    readonly fatal?: { readonly message: string; readonly line: number },
  ) {}

  /** The section with the SDK's key `key` (`profile.dev`, `default`, `sso-session.corp`, …). */
  section(key: string): IniSection | undefined {
    return key.startsWith(PROFILE_KEY_START) ? this.profileSections.get(key.slice(PROFILE_KEY_START.length)) : this.otherSections.get(key);
  }

  /** Every section by its SDK key, in file order. Built on first use. */
  get sections(): ReadonlyMap<string, IniSection> {
    this.sectionMap ??= new Map(this.sectionList.map((section) => [section.key, section]));
    return this.sectionMap;
  }
}

const PROFILE_PREFIX = 'profile';
const PROFILE_KEY_START = PROFILE_PREFIX + KEY_SEPARATOR;

const BLOCKED_SECTION_NAMES = ['__proto__', 'profile __proto__'];

/**
 * Where `matchPrefixedHeader` found the parts of a header; reused, so matching allocates nothing.
 * Valid only right after a successful match.
 */
const headerMatch = { prefixEnd: 0, nameStart: 0, nameEnd: 0 };

/**
 * The SDK's section-header pattern, `/^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/`, matched on
 * `text[start, end)` without copying it: a prefix, one white-space character, and a name that
 * may be quoted. The pattern cannot backtrack into another split (its character classes are
 * disjoint), so one pass decides it; the differential test holds it to the SDK's regex.
 */
function matchPrefixedHeader(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && isWordOrDash(text.charCodeAt(at))) at++;
  if (at === start || at === end || !isWhiteSpace(text.charCodeAt(at))) return false;
  headerMatch.prefixEnd = at;
  at++;
  const quote = at < end ? text.charCodeAt(at) : 0;
  const quoted = quote === 34 /* " */ || quote === 39; /* ' */
  if (quoted) at++;
  const nameStart = at;
  while (at < end && isNameCharacter(text.charCodeAt(at))) at++;
  if (at === nameStart) return false;
  headerMatch.nameStart = nameStart;
  headerMatch.nameEnd = at;
  return quoted ? at + 1 === end && text.charCodeAt(at) === quote : at === end;
}

/** The recognised prefix written at `text[start, end)`, as the shared constant string; else undefined. */
function prefixAt(text: string, start: number, end: number): string | undefined {
  for (const prefix of SECTION_PREFIXES) {
    if (prefix.length === end - start && text.startsWith(prefix, start)) return prefix;
  }
  return undefined;
}

/** Per ASCII code: 1 for `[\w-]` (letters, digits, `_`, `-`), 2 for the rest of `[\w\-@+.%:/]`. */
const HEADER_CHARACTERS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  if (/[\w-]/.test(character)) HEADER_CHARACTERS[code] = 1;
  else if (/[@+.%:/]/.test(character)) HEADER_CHARACTERS[code] = 2;
}

/** `[\w-]`: what a section prefix may hold. */
function isWordOrDash(code: number): boolean {
  return code < 128 && HEADER_CHARACTERS[code] === 1;
}

/** `[\w\-@+.%:/]`: what a section name may hold. */
function isNameCharacter(code: number): boolean {
  return code < 128 && HEADER_CHARACTERS[code] !== 0;
}

/**
 * Parses one INI document with the SDK's semantics. Never throws.
 * @param file the path recorded in every value's position
 */
export function parseIni(text: string, file = ''): ParsedIni {
  const document = new IniDocument(text, file);
  const sectionList: IniSection[] = [];
  const profileSections = new Map<string, IniSection>();
  const otherSections = new Map<string, IniSection>();
  const ignoredHeaders: IgnoredHeader[] = [];
  // Sized for the usual shape (about 30 characters a value, 150 a section), grown by doubling.
  let entries: Int32Array = new Int32Array(Math.max(64, text.length >> 5) * ENTRY_STRIDE);
  let entryCount = 0;
  let slots: Int32Array = new Int32Array(Math.max(8, text.length >> 7) * KNOWN_KEY_COUNT);
  let sectionCount = 0;
  let current: IniSection | undefined;
  // Where the open sub-section's parent key is, -1 when none is open.
  let subStart = -1;
  let subEnd = -1;
  let lineStart = 0;
  let lineNumber = 0;
  const length = text.length;
  // The next '#', ';' and '=' at or after the current line, found once and reused until
  // passed, so most lines need no search (and no copy) at all. `none` means there is none.
  const none = length + 1;
  let hashAt = -1;
  let semicolonAt = -1;
  let equalsAt = -1;

  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const isLastLine = lineEnd === -1;
    if (isLastLine) lineEnd = length;
    // The SDK splits on /\r?\n/: a '\r' is dropped only when a '\n' follows it.
    const contentEnd = !isLastLine && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const rawStart = lineStart;
    const line = lineNumber;
    lineStart = lineEnd + 1;
    lineNumber++;

    // A comment starts at a ';' or '#' at the start of the line or after white space (the
    // SDK's /(^|\s)[;#]/); the rest of the line is dropped.
    let end = contentEnd;
    if (hashAt < rawStart) hashAt = indexOrNone(text, '#', rawStart, none);
    if (semicolonAt < rawStart) semicolonAt = indexOrNone(text, ';', rawStart, none);
    let mark = hashAt < semicolonAt ? hashAt : semicolonAt;
    while (mark < contentEnd) {
      if (mark === rawStart || isWhiteSpace(text.charCodeAt(mark - 1))) {
        end = mark;
        break;
      }
      if (mark === hashAt) hashAt = indexOrNone(text, '#', mark + 1, none);
      else semicolonAt = indexOrNone(text, ';', mark + 1, none);
      mark = hashAt < semicolonAt ? hashAt : semicolonAt;
    }

    // Trim, as String.prototype.trim does, by moving the bounds instead of copying.
    let start = rawStart;
    while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    if (start === end) continue;

    if (text.charCodeAt(start) === 91 /* [ */ && text.charCodeAt(end - 1) === 93 /* ] */) {
      const headerStart = start + 1;
      const headerEnd = end - 1;
      subStart = -1;
      current = undefined;
      for (const blocked of BLOCKED_SECTION_NAMES) {
        if (blocked.length === headerEnd - headerStart && text.startsWith(blocked, headerStart)) {
          return new ParsedIni(document, [], new Map(), new Map(), [], { message: `Found invalid profile name "${blocked}"`, line });
        }
      }
      // The SDK's key: `prefix.name` when the header matches the prefixed pattern with a known
      // prefix, nothing (values dropped) for an unknown prefix, the raw header otherwise. An
      // empty header (`[]`) is falsy in the SDK: its values are dropped too.
      let prefix: string | undefined;
      let name: string;
      let rawKey: string | undefined;
      if (matchPrefixedHeader(text, headerStart, headerEnd)) {
        prefix = prefixAt(text, headerStart, headerMatch.prefixEnd);
        if (prefix === undefined) {
          ignoredHeaders.push({ header: text.slice(headerStart, headerEnd), line });
          continue;
        }
        name = text.slice(headerMatch.nameStart, headerMatch.nameEnd);
      } else if (headerStart === headerEnd) {
        ignoredHeaders.push({ header: '', line });
        continue;
      } else {
        rawKey = text.slice(headerStart, headerEnd);
        const separator = rawKey.indexOf(KEY_SEPARATOR);
        prefix = separator === -1 ? undefined : rawKey.slice(0, separator);
        name = separator === -1 ? rawKey : rawKey.slice(separator + 1);
      }
      // `[profile NAME]` sections are found by NAME, sparing a `profile.NAME` string per section.
      const isProfile = prefix === PROFILE_PREFIX;
      const otherKey = isProfile ? '' : rawKey ?? (prefix === undefined ? name : prefix + KEY_SEPARATOR + name);
      let section = isProfile ? profileSections.get(name) : otherSections.get(otherKey);
      if (!section) {
        if ((sectionCount + 1) * KNOWN_KEY_COUNT > slots.length) slots = grown(slots);
        section = new IniSection(document, sectionCount++, prefix, name, line);
        sectionList.push(section);
        if (isProfile) profileSections.set(name, section);
        else otherSections.set(otherKey, section);
      } else {
        section.addHeaderLine(line);
      }
      current = section;
      continue;
    }

    if (!current) continue;
    if (equalsAt < start) equalsAt = indexOrNone(text, '=', start, none);
    // No '=' in the trimmed line, or one at its start: the SDK skips the line.
    if (equalsAt <= start || equalsAt >= end) continue;
    let nameEnd = equalsAt;
    while (isWhiteSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
    let valueStart = equalsAt + 1;
    while (valueStart < end && isWhiteSpace(text.charCodeAt(valueStart))) valueStart++;
    if (valueStart === end) {
      // `key =` with nothing after it opens a sub-section of indented `child = value` lines.
      subStart = start;
      subEnd = nameEnd;
      continue;
    }
    // The SDK's `line.trimStart() !== line`: the raw line starts with white space.
    if (subStart !== -1 && !(rawStart < contentEnd && isWhiteSpace(text.charCodeAt(rawStart)))) subStart = -1;

    if ((entryCount + 1) * ENTRY_STRIDE > entries.length) entries = grown(entries);
    const entry = entryCount++;
    const at = entry * ENTRY_STRIDE;
    entries[at + KEY_START] = start;
    entries[at + KEY_END] = nameEnd;
    entries[at + VALUE_START] = valueStart;
    entries[at + VALUE_END] = end;
    entries[at + LINE] = line;
    entries[at + PARENT_START] = subStart;
    entries[at + PARENT_END] = subEnd;
    entries[at + NEXT] = -1;
    if (current.lastEntry === -1) current.firstEntry = entry;
    else entries[current.lastEntry * ENTRY_STRIDE + NEXT] = entry;
    current.lastEntry = entry;
    if (subStart === -1) {
      const known = knownKeyNumberAt(text, start, nameEnd);
      if (known !== -1) {
        slots[current.index * KNOWN_KEY_COUNT + known] = entry;
        current.knownMask |= bit(known);
      }
    }
  }
  document.entries = entries;
  document.slots = slots;
  return new ParsedIni(document, sectionList, profileSections, otherSections, ignoredHeaders);
}

/** A copy twice as long. */
function grown(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function indexOrNone(text: string, search: string, from: number, none: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? none : at;
}

/**
 * The characters `String.prototype.trim` removes and `\s` matches: ECMAScript WhiteSpace
 * and LineTerminator.
 */
function isWhiteSpace(code: number): boolean {
  if (code > 32) {
    if (code < 0xa0) return false;
    return (
      code === 0xa0 ||
      code === 0x1680 ||
      (code >= 0x2000 && code <= 0x200a) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x202f ||
      code === 0x205f ||
      code === 0x3000 ||
      code === 0xfeff
    );
  }
  return code === 32 || (code >= 9 && code <= 13);
}
