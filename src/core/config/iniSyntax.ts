/**
 * The AWS SDK's character rules for its config files, decided on a stretch of the text without
 * copying it: what counts as white space (its `trim` and `\s`) and what a `[prefix name]`
 * section header looks like. Pure functions over constant tables; the parse keeps no state here.
 */

import { SECTION_PREFIXES } from './iniDocument';

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/**
 * The SDK's section-header pattern, `/^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/`, matched on
 * `text[start, end)`: a prefix, one white-space character, and a name that may be quoted.
 * Returns where the prefix ends, or -1 when the header does not match; `prefixedHeaderName`
 * then reads the name. The pattern cannot backtrack into another split (its character classes
 * are disjoint), so one pass decides it; the differential test holds it to the SDK's regex.
 */
export function prefixedHeaderEnd(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && isWordOrDash(text.charCodeAt(at))) at++;
  if (at === start || at === end || !isWhiteSpace(text.charCodeAt(at))) return -1;
  const prefixEnd = at;
  at++;
  const quote = at < end ? text.charCodeAt(at) : 0;
  const quoted = isQuote(quote);
  if (quoted) at++;
  const nameStart = at;
  while (at < end && isNameCharacter(text.charCodeAt(at))) at++;
  if (at === nameStart) return -1;
  const matches = quoted ? at + 1 === end && text.charCodeAt(at) === quote : at === end;
  return matches ? prefixEnd : -1;
}

/**
 * The name of a header `prefixedHeaderEnd` matched, without its quotes. A name cannot hold a
 * quote, so a quote right after the white space means the name is quoted.
 */
export function prefixedHeaderName(text: string, prefixEnd: number, end: number): string {
  const quoted = isQuote(text.charCodeAt(prefixEnd + 1));
  return quoted ? text.slice(prefixEnd + 2, end - 1) : text.slice(prefixEnd + 1, end);
}

/** The recognised prefix written at `text[start, end)`, as the shared constant string; else undefined. */
export function prefixAt(text: string, start: number, end: number): string | undefined {
  for (const prefix of SECTION_PREFIXES) {
    if (prefix.length === end - start && text.startsWith(prefix, start)) return prefix;
  }
  return undefined;
}

function isQuote(code: number): boolean {
  return code === DOUBLE_QUOTE || code === SINGLE_QUOTE;
}

/** Per ASCII code: 1 for `[\w-]` (letters, digits, `_`, `-`), 2 for the rest of `[\w\-@+.%:/]`. */
const HEADER_CHARACTERS = headerCharacterClasses();

function headerCharacterClasses(): Uint8Array {
  const classes = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const character = String.fromCharCode(code);
    if (/[\w-]/.test(character)) classes[code] = 1;
    else if (/[@+.%:/]/.test(character)) classes[code] = 2;
  }
  return classes;
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
 * The characters `String.prototype.trim` removes and `\s` matches: ECMAScript WhiteSpace
 * and LineTerminator.
 */
export function isWhiteSpace(code: number): boolean {
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
