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
// A comment starts with ';' or '#' at the start of a line or after white space.
const COMMENT = /(^|\s)[;#]/;
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

  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const isLastLine = lineEnd === -1;
    if (isLastLine) lineEnd = length;
    // The SDK splits on /\r?\n/: a '\r' is dropped only when a '\n' follows it.
    const contentEnd = !isLastLine && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const rawLine = text.slice(lineStart, contentEnd);
    const line = lineNumber;
    lineStart = lineEnd + 1;
    lineNumber++;

    const commentAt = rawLine.search(COMMENT);
    const trimmed = (commentAt === -1 ? rawLine : rawLine.slice(0, commentAt)).trim();
    if (trimmed.length === 0) continue;

    if (trimmed.charCodeAt(0) === 91 /* [ */ && trimmed.charCodeAt(trimmed.length - 1) === 93 /* ] */) {
      const header = trimmed.slice(1, -1);
      subSection = undefined;
      current = undefined;
      if (BLOCKED_SECTION_NAMES.has(header)) {
        return { sections: new Map(), ignoredHeaders: [], fatal: { message: `Found invalid profile name "${header}"`, line } };
      }
      const key = sectionKey(header);
      // An empty header (`[]`) is falsy in the SDK: its values are dropped, like an unknown prefix.
      if (key) {
        let section = sections.get(key);
        if (!section) {
          section = { key, headerLines: [], values: new Map() };
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
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    const name = trimmed.slice(0, equals).trim();
    const value = trimmed.slice(equals + 1).trim();
    if (value === '') {
      // `key =` with nothing after it opens a sub-section of indented `child = value` lines.
      subSection = name;
      continue;
    }
    if (subSection !== undefined && !startsWithWhiteSpace(rawLine)) subSection = undefined;
    const fullName = subSection !== undefined ? subSection + KEY_SEPARATOR + name : name;
    current.values.set(fullName, { value, file, line });
  }
  return { sections, ignoredHeaders };
}

/**
 * The SDK's key for a header: `prefix.name` when it matches the prefixed pattern with a known
 * prefix, `undefined` (values dropped) for an unknown prefix, the raw header otherwise.
 */
function sectionKey(header: string): string | undefined {
  const match = PREFIXED_HEADER.exec(header);
  if (!match) return header;
  return PREFIX_SET.has(match[1]) ? match[1] + KEY_SEPARATOR + match[3] : undefined;
}

const LEADING_WHITE_SPACE = /^\s/;

function startsWithWhiteSpace(line: string): boolean {
  // Equivalent to the SDK's `line.trimStart() !== line`, without copying the line.
  return LEADING_WHITE_SPACE.test(line);
}
