/**
 * Completion in the AWS files: the keys a section of its kind takes, and the values of keys
 * whose values are a known set (a `credential_source`, a Region, another profile's name, an
 * sso-session's name).
 */

import { parentKeyAt, readConfigLine, sectionAt } from './configLines';
import type { EditedFile, EditedFiles, TextPosition } from './editedFiles';
import { REGIONS } from './regions';
import { describeSetting, settingDoc, settingsFor } from './settingDocs';

export type CompletionKind = 'key' | 'value' | 'profile' | 'ssoSession' | 'region';

export interface ConfigCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** A few words beside the label. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** Characters of the cursor's line the completion replaces. */
  readonly replaceStart: number;
  readonly replaceEnd: number;
  /** Keys the credentials file is for come first there. */
  readonly sortText?: string;
}

/** What may be written at `position` in `file`; empty where nothing is known (a comment, a header). */
export function completeAt(files: EditedFiles, file: EditedFile, position: TextPosition): ConfigCompletion[] {
  const lines = file.lines;
  if (!lines || position.line >= lines.lineCount) return [];
  const text = lines.lineAt(position.line);
  const before = text.slice(0, position.character);
  if (/(^|\s)[#;]/.test(before) || before.trimStart().startsWith('[')) return [];
  const section = sectionAt(lines, position.line, file.kind);
  if (!section || section.line === position.line) return [];
  const sectionKind = section.header.sectionKind;
  if (sectionKind === 'ignored') return [];

  const equals = before.indexOf('=');
  if (equals === -1) {
    // A key: replace the word the cursor is in.
    const wordStart = before.length - (/[\w.-]*$/.exec(before)?.[0].length ?? 0);
    const wordEnd = position.character + (/^[\w.-]*/.exec(text.slice(position.character))?.[0].length ?? 0);
    // Under `key =` an indented line is a sub-setting (a service's `endpoint_url`).
    if (text.length > 0 && /^\s/.test(text) && parentKeyAt(lines, position.line, file.kind) !== undefined) {
      const doc = settingDoc('endpoint_url');
      return doc ? [keyCompletion(doc.key, describeSetting(doc), wordStart, wordEnd, undefined)] : [];
    }
    const present = keysIn(file, section.line, position.line);
    return settingsFor(sectionKind)
      .filter((doc) => !present.has(doc.key))
      .map((doc) => keyCompletion(doc.key, describeSetting(doc), wordStart, wordEnd, file.kind === 'credentials' ? (doc.credentials ? '0' : '1') + doc.key : undefined));
  }

  const read = readConfigLine(text, file.kind);
  if (read.kind !== 'entry' && !(read.kind === 'other' && equals > 0)) return [];
  const key = read.kind === 'entry' ? read.key : before.slice(0, equals).trim();
  const doc = settingDoc(key);
  if (!doc?.values) return [];
  const valueStart = read.kind === 'entry' && read.value !== '' ? read.valueStart : position.character;
  const valueEnd = read.kind === 'entry' && read.value !== '' ? read.valueEnd : position.character;
  const value = (label: string, kind: CompletionKind, detail?: string): ConfigCompletion => ({ label, kind, detail, insertText: label, replaceStart: valueStart, replaceEnd: valueEnd });
  switch (doc.values.kind) {
    case 'closed':
      return doc.values.values.map((label) => value(label, 'value'));
    case 'regions':
      return REGIONS.map((region) => value(region.id, 'region', region.description));
    case 'profiles': {
      const own = section.header.sectionKind === 'profile' ? section.header.name : undefined;
      return files.model.profiles.filter((profile) => profile.name !== own).map((profile) => value(profile.name, 'profile', profile.kind === 'role' ? profile.chain.first.role?.roleName ?? 'role' : undefined));
    }
    case 'ssoSessions':
      return [...files.model.ssoSessions.keys()].map((name) => value(name, 'ssoSession', 'sso-session'));
  }
}

function keyCompletion(key: string, documentation: string, replaceStart: number, replaceEnd: number, sortText: string | undefined): ConfigCompletion {
  return { label: key, kind: 'key', documentation, insertText: `${key} = `, replaceStart, replaceEnd, sortText };
}

/** The keys already set in the section, other than on the cursor's line. */
function keysIn(file: EditedFile, headerLine: number, cursorLine: number): Set<string> {
  const keys = new Set<string>();
  const lines = file.lines!;
  for (let at = headerLine + 1; at < lines.lineCount; at++) {
    const read = readConfigLine(lines.lineAt(at), file.kind);
    if (read.kind === 'header') break;
    if (read.kind === 'entry' && at !== cursorLine && !read.indented) keys.add(read.key);
  }
  return keys;
}
