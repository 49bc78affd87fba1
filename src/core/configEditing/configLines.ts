/**
 * One line of an AWS config or credentials file as an editor needs it: what it is and where,
 * to the character. The profile model (`../config/`) knows each value's line; these functions
 * find the columns on that line, with the same comment and trimming rules as the parser
 * (`iniParser.ts`), so a diagnostic, a hover or a completion lands on the exact text.
 */

import type { ConfigFileKind } from '../config/types';

/** The lines of a document, unsaved text included: an editor buffer or a string. */
export interface TextLines {
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** What a section header names. `ignored`: a config-file header the SDK drops (e.g. `[dev]`). */
export type SectionKind = 'profile' | 'sso-session' | 'services' | 'ignored';

export interface HeaderLine {
  readonly kind: 'header';
  readonly sectionKind: SectionKind;
  /** The profile's, sso-session's or services section's name; for an ignored header, its text. */
  readonly name: string;
  /** Where the name is written (inside the quotes when it is quoted). */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** From `[` to `]`. */
  readonly start: number;
  readonly end: number;
}

export interface EntryLine {
  readonly kind: 'entry';
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Empty for `key =`, which opens a block of indented sub-settings. */
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** True when the line starts with white space (a sub-setting, when a `key =` block is open). */
  readonly indented: boolean;
}

export interface OtherLine {
  readonly kind: 'other';
}

export type ConfigLine = HeaderLine | EntryLine | OtherLine;

const OTHER: OtherLine = { kind: 'other' };

/** Where a comment starts (`#` or `;` at the start or after white space), else the line's length. */
export function contentEnd(text: string): number {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if ((code === 35 /* # */ || code === 59) /* ; */ && (at === 0 || isSpace(text.charCodeAt(at - 1)))) return at;
  }
  return text.length;
}

/** Reads one line of a file of the given kind. */
export function readConfigLine(text: string, file: ConfigFileKind): ConfigLine {
  let end = contentEnd(text);
  let start = 0;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return OTHER;
  if (text[start] === '[' && text[end - 1] === ']') return readHeader(text, start, end, file);
  const equals = text.indexOf('=', start);
  if (equals <= start || equals >= end) return OTHER;
  let keyEnd = equals;
  while (isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
  let valueStart = equals + 1;
  while (valueStart < end && isSpace(text.charCodeAt(valueStart))) valueStart++;
  return {
    kind: 'entry',
    key: text.slice(start, keyEnd),
    keyStart: start,
    keyEnd,
    value: text.slice(valueStart, end),
    valueStart,
    valueEnd: end,
    indented: start > 0,
  };
}

/** The SDK's `[prefix name]` pattern (see `prefixedHeaderEnd` in `iniSyntax.ts`). */
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

function readHeader(text: string, start: number, end: number, file: ConfigFileKind): HeaderLine {
  // Called for every header of a file (outline, lenses): one object per call, no copies.
  const inner = text.slice(start + 1, end - 1);
  const header = (sectionKind: SectionKind, name = inner, nameStart = start + 1, nameEnd = end - 1): HeaderLine => ({ kind: 'header', sectionKind, name, nameStart, nameEnd, start, end });
  if (inner === '') return header('ignored');
  const match = PREFIXED_HEADER.exec(inner);
  if (match) {
    const sectionKind = prefixKind(match[1]);
    if (sectionKind === 'ignored') return header('ignored');
    // The credentials file names a profile by the SDK's whole key (`profile.x` for `[profile x]`).
    if (file === 'credentials') return header('profile', `${match[1]}.${match[3]}`);
    const nameStart = start + 1 + match[1].length + 1 + (match[2] ? 1 : 0);
    return header(sectionKind, match[3], nameStart, nameStart + match[3].length);
  }
  if (file === 'credentials') return header('profile');
  // Any other header is the SDK's raw key; a recognised prefix before its first `.` still counts.
  const dot = inner.indexOf('.');
  if (dot === -1) return header(inner === 'default' ? 'profile' : 'ignored');
  const sectionKind = prefixKind(inner.slice(0, dot));
  return sectionKind === 'ignored' ? header('ignored') : header(sectionKind, inner.slice(dot + 1), start + 2 + dot);
}

function prefixKind(prefix: string): SectionKind {
  return prefix === 'profile' ? 'profile' : prefix === 'sso-session' ? 'sso-session' : prefix === 'services' ? 'services' : 'ignored';
}

/** The section a line belongs to: the nearest header above it (or on it). */
export interface EnclosingSection {
  readonly header: HeaderLine;
  readonly line: number;
}

export function sectionAt(lines: TextLines, line: number, file: ConfigFileKind): EnclosingSection | undefined {
  for (let at = Math.min(line, lines.lineCount - 1); at >= 0; at--) {
    const read = readConfigLine(lines.lineAt(at), file);
    if (read.kind === 'header') return { header: read, line: at };
  }
  return undefined;
}

/**
 * The key of the `key =` block an indented line belongs to (`s3` for `  endpoint_url = …`
 * under `s3 =`), or undefined when the line is not inside one.
 */
export function parentKeyAt(lines: TextLines, line: number, file: ConfigFileKind): string | undefined {
  for (let at = line - 1; at >= 0; at--) {
    const text = lines.lineAt(at);
    const read = readConfigLine(text, file);
    if (read.kind === 'header') return undefined;
    if (read.kind !== 'entry') continue;
    if (!read.indented) return read.value === '' ? read.key : undefined;
  }
  return undefined;
}

/** Lines as a string's, split as the parser splits them (a `\r` before `\n` is dropped). */
export function linesOf(text: string): TextLines {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return {
    lineCount: starts.length,
    lineAt(line: number): string {
      if (line < 0 || line >= starts.length) return '';
      const start = starts[line];
      let end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
      if (end > start && text.charCodeAt(end - 1) === 13 && line + 1 < starts.length) end--;
      return text.slice(start, end);
    },
  };
}

/** ECMAScript white space, as `trim()` and the parser's `\s` see it. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}
