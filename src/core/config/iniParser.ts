/**
 * A parser for the AWS shared config and credentials files that reads them exactly as the
 * AWS SDK for JavaScript v3 does (`@smithy/shared-ini-file-loader`'s `parseIni`), but keeps
 * the line of every section header and every value so the UI can point at them.
 *
 * A value is kept as positions in the file's text (`IniDocument.entries`, `iniDocument.ts`),
 * not as strings: values become strings when read, and the settings the extension reads itself
 * are filed by number while the file is scanned (`knownKeys.ts`), so loading thousands of
 * profiles builds little that nobody looks at.
 *
 * The SDK's quirks are reproduced on purpose, because a profile the SDK cannot see must not
 * look healthy in our tree, and vice versa. The differential test in
 * `test/unit/config/differential.test.ts` holds the two parsers together.
 */

import {
  ENTRY_STRIDE,
  IniDocument,
  IniSection,
  KEY_SEPARATOR,
  linkEntry,
  ParsedIni,
  PROFILE_PREFIX,
  writeEntry,
  type IgnoredHeader,
} from './iniDocument';
import { isWhiteSpace, prefixAt, prefixedHeaderEnd, prefixedHeaderName } from './iniSyntax';
import { bit, KNOWN_KEY_COUNT, knownKeyNumberAt } from './knownKeys';

const BLOCKED_SECTION_NAMES = ['__proto__', 'profile __proto__'];

/**
 * Parses one INI document with the SDK's semantics. Never throws.
 * @param file the path recorded in every value's position
 */
export function parseIni(text: string, file = ''): ParsedIni {
  return new IniParse(text, file).run();
}

/** Why the SDK would reject a whole file, and where. */
interface Rejection {
  readonly message: string;
  readonly line: number;
}

/** One parse of one text: everything it builds and tracks, made per call and shared with no other. */
class IniParse {
  private readonly document: IniDocument;
  private readonly length: number;
  private readonly sectionList: IniSection[] = [];
  /** `[profile NAME]` sections by NAME, sparing a `profile.NAME` string per section. */
  private readonly profileSections = new Map<string, IniSection>();
  private readonly otherSections = new Map<string, IniSection>();
  private readonly ignoredHeaders: IgnoredHeader[] = [];
  // Sized for the usual shape (about 30 characters a value, 150 a section), grown by doubling.
  private entries: Int32Array;
  private entryCount = 0;
  private slots: Int32Array;
  private sectionCount = 0;
  /** The section values go to; undefined before the first header and after an ignored one. */
  private current: IniSection | undefined;
  /** Where the open sub-section's parent key is; -1 when none is open. */
  private subStart = -1;
  private subEnd = -1;
  // The next '#', ';' and '=' at or after the current line, found once and reused until
  // passed, so most lines need no search (and no copy) at all. `none` means there is none.
  private readonly none: number;
  private hashAt = -1;
  private semicolonAt = -1;
  private equalsAt = -1;
  private rejection: Rejection | undefined;

  constructor(
    private readonly text: string,
    file: string,
  ) {
    this.document = new IniDocument(text, file);
    this.length = text.length;
    this.none = text.length + 1;
    this.entries = new Int32Array(Math.max(64, text.length >> 5) * ENTRY_STRIDE);
    this.slots = new Int32Array(Math.max(8, text.length >> 7) * KNOWN_KEY_COUNT);
  }

  run(): ParsedIni {
    const { text, length, document } = this;
    let lineStart = 0;
    let line = 0;
    while (lineStart <= length) {
      let lineEnd = text.indexOf('\n', lineStart);
      const isLastLine = lineEnd === -1;
      if (isLastLine) lineEnd = length;
      // The SDK splits on /\r?\n/: a '\r' is dropped only when a '\n' follows it.
      const contentEnd = !isLastLine && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      this.readLine(lineStart, contentEnd, line);
      if (this.rejection) return new ParsedIni(document, [], new Map(), new Map(), [], this.rejection);
      lineStart = lineEnd + 1;
      line++;
    }
    document.entries = this.entries;
    document.slots = this.slots;
    return new ParsedIni(document, this.sectionList, this.profileSections, this.otherSections, this.ignoredHeaders);
  }

  /** One line, `text[rawStart, contentEnd)` without its line break: a header, a value, or nothing. */
  private readLine(rawStart: number, contentEnd: number, line: number): void {
    const text = this.text;
    let end = this.commentStart(rawStart, contentEnd);
    // Trim, as String.prototype.trim does, by moving the bounds instead of copying.
    let start = rawStart;
    while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    if (start === end) return;
    if (text.charCodeAt(start) === 91 /* [ */ && text.charCodeAt(end - 1) === 93 /* ] */) {
      this.readHeader(start + 1, end - 1, line);
    } else if (this.current) {
      this.readValue(rawStart, contentEnd, start, end, line);
    }
  }

  /**
   * Where the line's comment starts, or `contentEnd` when it has none. A comment starts at a
   * ';' or '#' at the start of the line or after white space (the SDK's /(^|\s)[;#]/); the rest
   * of the line is dropped.
   */
  private commentStart(rawStart: number, contentEnd: number): number {
    const { text, none } = this;
    if (this.hashAt < rawStart) this.hashAt = indexOrNone(text, '#', rawStart, none);
    if (this.semicolonAt < rawStart) this.semicolonAt = indexOrNone(text, ';', rawStart, none);
    let mark = Math.min(this.hashAt, this.semicolonAt);
    while (mark < contentEnd) {
      if (mark === rawStart || isWhiteSpace(text.charCodeAt(mark - 1))) return mark;
      if (mark === this.hashAt) this.hashAt = indexOrNone(text, '#', mark + 1, none);
      else this.semicolonAt = indexOrNone(text, ';', mark + 1, none);
      mark = Math.min(this.hashAt, this.semicolonAt);
    }
    return contentEnd;
  }

  /**
   * A header `[text[headerStart, headerEnd)]`. The SDK's key is `prefix.name` when the header
   * matches the prefixed pattern with a known prefix, nothing (values dropped) for an unknown
   * prefix, the raw header otherwise. An empty header (`[]`) is falsy in the SDK: its values
   * are dropped too. A blocked name rejects the whole file.
   */
  private readHeader(headerStart: number, headerEnd: number, line: number): void {
    const text = this.text;
    this.subStart = -1;
    this.current = undefined;
    for (const blocked of BLOCKED_SECTION_NAMES) {
      if (blocked.length === headerEnd - headerStart && text.startsWith(blocked, headerStart)) {
        this.rejection = { message: `Found invalid profile name "${blocked}"`, line };
        return;
      }
    }
    const prefixEnd = prefixedHeaderEnd(text, headerStart, headerEnd);
    if (prefixEnd !== -1) {
      const prefix = prefixAt(text, headerStart, prefixEnd);
      if (prefix === undefined) {
        this.ignoredHeaders.push({ header: text.slice(headerStart, headerEnd), line });
        return;
      }
      this.current = this.sectionFor(prefix, prefixedHeaderName(text, prefixEnd, headerEnd), undefined, line);
    } else if (headerStart === headerEnd) {
      this.ignoredHeaders.push({ header: '', line });
    } else {
      const rawKey = text.slice(headerStart, headerEnd);
      const separator = rawKey.indexOf(KEY_SEPARATOR);
      if (separator === -1) this.current = this.sectionFor(undefined, rawKey, rawKey, line);
      else this.current = this.sectionFor(rawKey.slice(0, separator), rawKey.slice(separator + 1), rawKey, line);
    }
  }

  /** The section a header on `line` opens: a new one, or the earlier one of the same key (they merge). */
  private sectionFor(prefix: string | undefined, name: string, rawKey: string | undefined, line: number): IniSection {
    const isProfile = prefix === PROFILE_PREFIX;
    const otherKey = isProfile ? '' : rawKey ?? (prefix === undefined ? name : prefix + KEY_SEPARATOR + name);
    const known = isProfile ? this.profileSections.get(name) : this.otherSections.get(otherKey);
    if (known) {
      known.addHeaderLine(line);
      return known;
    }
    if ((this.sectionCount + 1) * KNOWN_KEY_COUNT > this.slots.length) this.slots = grown(this.slots);
    const section = new IniSection(this.document, this.sectionCount++, prefix, name, line);
    this.sectionList.push(section);
    if (isProfile) this.profileSections.set(name, section);
    else this.otherSections.set(otherKey, section);
    return section;
  }

  /** A `key = value` line of the current section, trimmed to `text[start, end)`; the raw line starts at `rawStart`. */
  private readValue(rawStart: number, contentEnd: number, start: number, end: number, line: number): void {
    const text = this.text;
    if (this.equalsAt < start) this.equalsAt = indexOrNone(text, '=', start, this.none);
    const equalsAt = this.equalsAt;
    // No '=' in the trimmed line, or one at its start: the SDK skips the line.
    if (equalsAt <= start || equalsAt >= end) return;
    let keyEnd = equalsAt;
    while (isWhiteSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = equalsAt + 1;
    while (valueStart < end && isWhiteSpace(text.charCodeAt(valueStart))) valueStart++;
    if (valueStart === end) {
      // `key =` with nothing after it opens a sub-section of indented `child = value` lines.
      this.subStart = start;
      this.subEnd = keyEnd;
      return;
    }
    // The SDK's `line.trimStart() !== line`: the raw line starts with white space.
    if (this.subStart !== -1 && !(rawStart < contentEnd && isWhiteSpace(text.charCodeAt(rawStart)))) this.subStart = -1;
    this.addEntry(start, keyEnd, valueStart, end, line);
  }

  /** Files a value under the current section, and under its known key's slot when it has one. */
  private addEntry(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, line: number): void {
    const section = this.current!;
    if ((this.entryCount + 1) * ENTRY_STRIDE > this.entries.length) this.entries = grown(this.entries);
    const entries = this.entries;
    const entry = this.entryCount++;
    writeEntry(entries, entry, keyStart, keyEnd, valueStart, valueEnd, line, this.subStart, this.subEnd);
    if (section.lastEntry === -1) section.firstEntry = entry;
    else linkEntry(entries, section.lastEntry, entry);
    section.lastEntry = entry;
    if (this.subStart !== -1) return;
    const known = knownKeyNumberAt(this.text, keyStart, keyEnd);
    if (known !== -1) {
      this.slots[section.index * KNOWN_KEY_COUNT + known] = entry;
      section.knownMask |= bit(known);
    }
  }
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
