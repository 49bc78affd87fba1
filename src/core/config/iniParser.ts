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
 *
 * One function on purpose: the scan's cursors (the line, the next '#', ';' and '=') are its own
 * locals, which V8 keeps in registers. The same steps as methods of a per-parse object, their
 * cursors as fields, parsed 10,000 profiles 35 % slower and doubled config-load-10k (0.51 to
 * 0.99 of the SDK's time); the steps are marked by comments instead. Every value it builds is
 * made per call: nothing is shared between parses.
 * @param file the path recorded in every value's position
 */
export function parseIni(text: string, file = ''): ParsedIni {
  const document = new IniDocument(text, file);
  const sectionList: IniSection[] = [];
  // `[profile NAME]` sections by NAME, sparing a `profile.NAME` string per section.
  const profileSections = new Map<string, IniSection>();
  const otherSections = new Map<string, IniSection>();
  const ignoredHeaders: IgnoredHeader[] = [];
  // Sized for the usual shape (about 30 characters a value, 150 a section), grown by doubling.
  let entries: Int32Array = new Int32Array(Math.max(64, text.length >> 5) * ENTRY_STRIDE);
  let entryCount = 0;
  let slots: Int32Array = new Int32Array(Math.max(8, text.length >> 7) * KNOWN_KEY_COUNT);
  let sectionCount = 0;
  /** The section values go to; undefined before the first header and after an ignored one. */
  let current: IniSection | undefined;
  // Where the open sub-section's parent key is; -1 when none is open.
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
    // The line: the SDK splits on /\r?\n/, so a '\r' is dropped only when a '\n' follows it.
    let lineEnd = text.indexOf('\n', lineStart);
    const isLastLine = lineEnd === -1;
    if (isLastLine) lineEnd = length;
    const contentEnd = !isLastLine && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const rawStart = lineStart;
    const line = lineNumber;
    lineStart = lineEnd + 1;
    lineNumber++;

    // The comment: it starts at a ';' or '#' at the start of the line or after white space
    // (the SDK's /(^|\s)[;#]/), and the rest of the line is dropped.
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

    // A header `[…]`.
    if (text.charCodeAt(start) === 91 /* [ */ && text.charCodeAt(end - 1) === 93 /* ] */) {
      subStart = -1;
      const header = headerKey(text, start + 1, end - 1);
      if ('blocked' in header) {
        return new ParsedIni(document, [], new Map(), new Map(), [], { message: `Found invalid profile name "${header.blocked}"`, line });
      }
      if ('ignored' in header) {
        ignoredHeaders.push({ header: header.ignored, line });
        current = undefined;
        continue;
      }
      const { prefix, name, rawKey } = header;
      const isProfile = prefix === PROFILE_PREFIX;
      const otherKey = isProfile ? '' : rawKey ?? (prefix === undefined ? name : prefix + KEY_SEPARATOR + name);
      // The section it opens: a new one, or the earlier one of the same key (they merge).
      current = isProfile ? profileSections.get(name) : otherSections.get(otherKey);
      if (current) {
        current.addHeaderLine(line);
      } else {
        if ((sectionCount + 1) * KNOWN_KEY_COUNT > slots.length) slots = grown(slots);
        current = new IniSection(document, sectionCount++, prefix, name, line);
        sectionList.push(current);
        if (isProfile) profileSections.set(name, current);
        else otherSections.set(otherKey, current);
      }
      continue;
    }

    // A `key = value` of the current section.
    if (!current) continue;
    if (equalsAt < start) equalsAt = indexOrNone(text, '=', start, none);
    // No '=' in the trimmed line, or one at its start: the SDK skips the line.
    if (equalsAt <= start || equalsAt >= end) continue;
    let keyEnd = equalsAt;
    while (isWhiteSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = equalsAt + 1;
    while (valueStart < end && isWhiteSpace(text.charCodeAt(valueStart))) valueStart++;
    if (valueStart === end) {
      // `key =` with nothing after it opens a sub-section of indented `child = value` lines.
      subStart = start;
      subEnd = keyEnd;
      continue;
    }
    // The SDK's `line.trimStart() !== line`: the raw line starts with white space.
    if (subStart !== -1 && !(rawStart < contentEnd && isWhiteSpace(text.charCodeAt(rawStart)))) subStart = -1;

    // The entry, filed under the section, and under its known key's slot when it has one.
    if ((entryCount + 1) * ENTRY_STRIDE > entries.length) entries = grown(entries);
    const entry = entryCount++;
    writeEntry(entries, entry, start, keyEnd, valueStart, end, line, subStart, subEnd);
    if (current.lastEntry === -1) current.firstEntry = entry;
    else linkEntry(entries, current.lastEntry, entry);
    current.lastEntry = entry;
    if (subStart !== -1) continue;
    const known = knownKeyNumberAt(text, start, keyEnd);
    if (known !== -1) {
      slots[current.index * KNOWN_KEY_COUNT + known] = entry;
      current.knownMask |= bit(known);
    }
  }
  document.entries = entries;
  document.slots = slots;
  return new ParsedIni(document, sectionList, profileSections, otherSections, ignoredHeaders);
}

/** What a header names: the SDK's section key, a header whose values it drops, or a name that rejects the file. */
type HeaderKey = { readonly prefix: string | undefined; readonly name: string; readonly rawKey: string | undefined } | { readonly ignored: string } | { readonly blocked: string };

/**
 * The header `[text[headerStart, headerEnd)]`. The SDK's key is `prefix.name` when the header
 * matches the prefixed pattern with a known prefix, nothing (values dropped) for an unknown
 * prefix, the raw header otherwise. An empty header (`[]`) is falsy in the SDK: its values are
 * dropped too. A blocked name rejects the whole file.
 */
function headerKey(text: string, headerStart: number, headerEnd: number): HeaderKey {
  for (const blocked of BLOCKED_SECTION_NAMES) {
    if (blocked.length === headerEnd - headerStart && text.startsWith(blocked, headerStart)) return { blocked };
  }
  const prefixEnd = prefixedHeaderEnd(text, headerStart, headerEnd);
  if (prefixEnd !== -1) {
    const prefix = prefixAt(text, headerStart, prefixEnd);
    if (prefix === undefined) return { ignored: text.slice(headerStart, headerEnd) };
    return { prefix, name: prefixedHeaderName(text, prefixEnd, headerEnd), rawKey: undefined };
  }
  if (headerStart === headerEnd) return { ignored: '' };
  const rawKey = text.slice(headerStart, headerEnd);
  const separator = rawKey.indexOf(KEY_SEPARATOR);
  if (separator === -1) return { prefix: undefined, name: rawKey, rawKey };
  return { prefix: rawKey.slice(0, separator), name: rawKey.slice(separator + 1), rawKey };
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
