/**
 * A parser for the AWS shared config and credentials files that reads them exactly as the
 * AWS SDK for JavaScript v3 does (`@smithy/shared-ini-file-loader`'s `parseIni`), but keeps
 * the line of every section header and every value so the UI can point at them.
 *
 * The SDK's quirks are reproduced on purpose, because a profile the SDK cannot see must not
 * look healthy in our tree, and vice versa. The differential test in
 * `test/unit/config/differential.test.ts` holds the two parsers together.
 */

/** Section prefixes the SDK recognises in `[prefix name]` headers (`IniSectionType`). */
export const SECTION_PREFIXES = ['profile', 'sso-session', 'services'] as const;

/** The separator the SDK puts between a section prefix and its name, and a sub-section and its key. */
export const KEY_SEPARATOR = '.';

/** A value as written in a file, with the file and the 0-based line it stands on. */
export interface IniValue {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

/** One section as the SDK keys it (e.g. `profile.dev`, `default`, `sso-session.corp`). */
export interface IniSection {
  /** The SDK's key for the section: `prefix.name` for recognised prefixes, else the raw header text. */
  readonly key: string;
  /** The key before its first `.` (`profile`, `sso-session`, …), undefined when it has none. */
  readonly prefix: string | undefined;
  /** The key after its first `.`, or the whole key when it has none. */
  readonly name: string;
  /** 0-based lines of every header that opened this section (duplicate sections merge). */
  readonly headerLines: number[];
  /** Values by key, last one wins; sub-section keys are `parent.child`. Empty until a value is seen. */
  readonly values: Map<string, IniValue>;
}

/** What a file parses into. */
export interface ParsedIni {
  /** Sections in the order their first header appears, including sections that hold no value. */
  readonly sections: Map<string, IniSection>;
  /**
   * Set when the SDK would reject the whole file: it throws on a `[__proto__]` section and
   * then treats the file as empty. We report the reason instead of failing silently.
   */
  readonly fatal?: { readonly message: string; readonly line: number };
  /** Headers whose values the SDK drops: an unknown `[prefix name]` or an empty `[]`. */
  readonly ignoredHeaders: { readonly header: string; readonly line: number }[];
}

// The SDK's section-header pattern, unchanged: `prefix`, one white-space character, and a
// name that may be quoted. Inside the class, `\w-@` is a literal '-' (not a range).
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const BLOCKED_SECTION_NAMES = new Set(['__proto__', 'profile __proto__']);
const PREFIX_SET: ReadonlySet<string> = new Set(SECTION_PREFIXES);

/**
 * Parses one INI document with the SDK's semantics. Never throws.
 * @param file the path recorded in every value's position
 */
export function parseIni(text: string, file = ''): ParsedIni {
  const sections = new Map<string, IniSection>();
  const ignoredHeaders: { header: string; line: number }[] = [];
  let current: IniSection | undefined;
  let subSection: string | undefined;
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
      const header = text.slice(start + 1, end - 1);
      subSection = undefined;
      current = undefined;
      if (BLOCKED_SECTION_NAMES.has(header)) {
        return { sections: new Map(), ignoredHeaders: [], fatal: { message: `Found invalid profile name "${header}"`, line } };
      }
      // The SDK's key: `prefix.name` when the header matches the prefixed pattern with a known
      // prefix, nothing (values dropped) for an unknown prefix, the raw header otherwise.
      const match = PREFIXED_HEADER.exec(header);
      const key = !match ? header : PREFIX_SET.has(match[1]) ? match[1] + KEY_SEPARATOR + match[3] : undefined;
      // An empty header (`[]`) is falsy in the SDK: its values are dropped, like an unknown prefix.
      if (key) {
        let section = sections.get(key);
        if (!section) {
          const separator = match ? match[1].length : key.indexOf(KEY_SEPARATOR);
          const prefix = separator === -1 ? undefined : match ? match[1] : key.slice(0, separator);
          const name = separator === -1 ? key : match ? match[3] : key.slice(separator + 1);
          section = { key, prefix, name, headerLines: [], values: new Map() };
          sections.set(key, section);
        }
        section.headerLines.push(line);
        current = section;
      } else {
        ignoredHeaders.push({ header, line });
      }
      continue;
    }

    if (!current) continue;
    if (equalsAt < start) equalsAt = indexOrNone(text, '=', start, none);
    // No '=' in the trimmed line, or one at its start: the SDK skips the line.
    if (equalsAt <= start || equalsAt >= end) continue;
    let nameEnd = equalsAt;
    while (isWhiteSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
    const name = text.slice(start, nameEnd);
    let valueStart = equalsAt + 1;
    while (valueStart < end && isWhiteSpace(text.charCodeAt(valueStart))) valueStart++;
    if (valueStart === end) {
      // `key =` with nothing after it opens a sub-section of indented `child = value` lines.
      subSection = name;
      continue;
    }
    // The SDK's `line.trimStart() !== line`: the raw line starts with white space.
    if (subSection !== undefined && !(rawStart < contentEnd && isWhiteSpace(text.charCodeAt(rawStart)))) subSection = undefined;
    const fullName = subSection !== undefined ? subSection + KEY_SEPARATOR + name : name;
    current.values.set(fullName, { value: text.slice(valueStart, end), file, line });
  }
  return { sections, ignoredHeaders };
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
