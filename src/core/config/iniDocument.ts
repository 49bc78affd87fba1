/**
 * What the parser (`iniParser.ts`) makes of one AWS shared config or credentials file: the
 * document's text with every value kept as positions into it, and the sections as the AWS SDK
 * keys them. Values become strings only when read.
 */

import { hasKey, KNOWN_KEY_COUNT } from './knownKeys';
import type { IniValue, SourceLocation } from './sourceLocation';

/** Section prefixes the SDK recognises in `[prefix name]` headers (`IniSectionType`). */
export const SECTION_PREFIXES = ['profile', 'sso-session', 'services'] as const;

/** The separator the SDK puts between a section prefix and its name, and a sub-section and its key. */
export const KEY_SEPARATOR = '.';

/** The prefix of `[profile NAME]` sections, which are found by NAME alone (see `ParsedIni`). */
export const PROFILE_PREFIX = 'profile';
const PROFILE_KEY_START = PROFILE_PREFIX + KEY_SEPARATOR;

// An entry is one `key = value` line, kept as positions in the document's text: eight integers
// in `IniDocument.entries`. A document of 10,000 profiles holds about 50,000 of them; as
// objects and strings they were most of what loading such a file allocated and collected.
// The parser writes them through `writeEntry` and `linkEntry`, so only this file knows the layout.
export const ENTRY_STRIDE = 8;
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

/**
 * Writes entry `entry` into `entries` (which must have room for it): a value at
 * `text[valueStart, valueEnd)` under the key at `text[keyStart, keyEnd)`, on 0-based line
 * `line`, below the sub-section parent key at `text[parentStart, parentEnd)` (-1 when none).
 */
export function writeEntry(
  entries: Int32Array,
  entry: number,
  keyStart: number,
  keyEnd: number,
  valueStart: number,
  valueEnd: number,
  line: number,
  parentStart: number,
  parentEnd: number,
): void {
  const at = entry * ENTRY_STRIDE;
  entries[at + KEY_START] = keyStart;
  entries[at + KEY_END] = keyEnd;
  entries[at + VALUE_START] = valueStart;
  entries[at + VALUE_END] = valueEnd;
  entries[at + LINE] = line;
  entries[at + PARENT_START] = parentStart;
  entries[at + PARENT_END] = parentEnd;
  entries[at + NEXT] = -1;
}

/** Makes `next` the entry after `entry` in its section's file order. */
export function linkEntry(entries: Int32Array, entry: number, next: number): void {
  entries[entry * ENTRY_STRIDE + NEXT] = next;
}

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
