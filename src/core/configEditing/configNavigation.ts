/**
 * Moving around the AWS files: what a name under the cursor refers to (a profile, an
 * sso-session, a services section), where it is defined, where it is used, the outline of a
 * file, and the chain a profile stands for (the hover).
 */

import { describeHop, describeKind, isAssumable, ROW_SEPARATOR } from '../config/profileSummary';
import type { Profile, SourceLocation } from '../config/types';
import { contentEnd, readConfigLine, type SectionKind, type TextLines } from './configLines';
import { contains, fileByPath, lineText, type EditedFile, type EditedFiles, type LineSpan, type TextPosition } from './editedFiles';
import { describeSetting, settingDoc } from './settingDocs';

/** A name of a section, found at the cursor: in a header, or as the value of the key that refers to it. */
export interface SectionReference {
  readonly sectionKind: Exclude<SectionKind, 'ignored'>;
  readonly name: string;
  readonly span: LineSpan;
  /** True on the section's own header. */
  readonly isDeclaration: boolean;
}

/** The keys whose value names another section. */
const REFERRING_KEYS: Readonly<Record<string, SectionReference['sectionKind']>> = {
  source_profile: 'profile',
  sso_session: 'sso-session',
  services: 'services',
};

export function referenceAt(file: EditedFile, position: TextPosition): SectionReference | undefined {
  const lines = file.lines;
  if (!lines || position.line >= lines.lineCount) return undefined;
  const read = readConfigLine(lines.lineAt(position.line), file.kind);
  const span = (start: number, end: number): LineSpan => ({ file: file.path, line: position.line, start, end });
  if (read.kind === 'header') {
    if (read.sectionKind === 'ignored' || !contains({ start: read.start, end: read.end }, position.character)) return undefined;
    return { sectionKind: read.sectionKind, name: read.name, span: span(read.nameStart, read.nameEnd), isDeclaration: true };
  }
  if (read.kind === 'entry' && !read.indented) {
    const sectionKind = REFERRING_KEYS[read.key];
    if (sectionKind && read.value !== '' && contains({ start: read.valueStart, end: read.valueEnd }, position.character)) {
      return { sectionKind, name: read.value, span: span(read.valueStart, read.valueEnd), isDeclaration: false };
    }
  }
  return undefined;
}

/** The headers that define the section a reference names (a profile may have one in each file). */
export function definitionsOf(files: EditedFiles, reference: SectionReference): LineSpan[] {
  const headers: readonly SourceLocation[] = headersOf(files, reference);
  return headers.map((header) => headerSpan(files, header));
}

/** Every place that names the section: the values that refer to it, and (when asked) its headers. */
export function referencesOf(files: EditedFiles, reference: SectionReference, includeDeclaration: boolean): LineSpan[] {
  const spans = includeDeclaration ? definitionsOf(files, reference) : [];
  const key = Object.keys(REFERRING_KEYS).find((candidate) => REFERRING_KEYS[candidate] === reference.sectionKind)!;
  for (const profile of files.model.profiles) {
    const setting = profile.settings.get(key);
    if (setting?.value !== reference.name) continue;
    const read = readConfigLine(lineText(files, setting.file, setting.line), fileByPath(files, setting.file)?.kind ?? 'config');
    if (read.kind === 'entry') spans.push({ file: setting.file, line: setting.line, start: read.valueStart, end: read.valueEnd });
  }
  return spans;
}

/** One entry of a file's outline. */
export interface ConfigSymbol {
  readonly sectionKind: SectionKind;
  readonly name: string;
  /** What the header says, for the outline's label: `profile dev`, `sso-session corp`, `default`. */
  readonly label: string;
  readonly line: number;
  readonly lastLine: number;
  readonly lastLineEnd: number;
  readonly nameSpan: LineSpan;
}

/**
 * The sections of a file, in file order, each to its last line with content. The headers come
 * from the model, which found them while parsing: only those lines are read again (a
 * 10,000-profile file is not scanned a second time on every keystroke).
 */
export function symbolsOf(files: EditedFiles, file: EditedFile): ConfigSymbol[] {
  const lines = file.lines;
  if (!lines) return [];
  const headerLines = headerLinesIn(files, file.path);
  const symbols: ConfigSymbol[] = [];
  headerLines.forEach((line, index) => {
    const text = lines.lineAt(line);
    const header = readConfigLine(text, file.kind);
    if (header.kind !== 'header') return;
    const lastLine = lastContentLine(lines, line, index + 1 < headerLines.length ? headerLines[index + 1] - 1 : lines.lineCount - 1);
    symbols.push({
      sectionKind: header.sectionKind,
      name: header.name,
      label: text.slice(header.start + 1, header.end - 1).trim(),
      line,
      lastLine,
      lastLineEnd: lines.lineAt(lastLine).length,
      nameSpan: { file: file.path, line, start: header.nameStart, end: header.nameEnd },
    });
  });
  return symbols;
}

/** Every header line of one file the model knows, sorted: profiles, sso-sessions, services and ignored sections. */
function headerLinesIn(files: EditedFiles, path: string): number[] {
  const model = files.model;
  const lines = new Set<number>();
  const add = (locations: readonly SourceLocation[]) => {
    for (const location of locations) if (location.file === path) lines.add(location.line);
  };
  for (const profile of model.profiles) add(profile.locations);
  for (const section of model.ssoSessions.values()) add(section.headers);
  for (const section of model.services.values()) add(section.headers);
  for (const problem of model.fileProblems) if (problem.code === 'section-ignored' && problem.location) add([problem.location]);
  return [...lines].sort((a, b) => a - b);
}

/** The last line from `last` back to `first` that holds more than white space and comments. */
function lastContentLine(lines: TextLines, first: number, last: number): number {
  for (let line = last; line > first; line--) if (hasContent(lines.lineAt(line))) return line;
  return first;
}

function hasContent(text: string): boolean {
  const end = contentEnd(text);
  for (let at = 0; at < end; at++) if (text.charCodeAt(at) > 32) return true;
  return false;
}

/** The hover at a position: a key's meaning, or the chain a profile name stands for. */
export function hoverAt(files: EditedFiles, file: EditedFile, position: TextPosition): { markdown: string; span: LineSpan } | undefined {
  const reference = referenceAt(file, position);
  if (reference) {
    const markdown = describeReference(files, reference);
    return markdown ? { markdown, span: reference.span } : undefined;
  }
  const lines = file.lines;
  if (!lines || position.line >= lines.lineCount) return undefined;
  const read = readConfigLine(lines.lineAt(position.line), file.kind);
  if (read.kind !== 'entry' || !contains({ start: read.keyStart, end: read.keyEnd }, position.character)) return undefined;
  const doc = settingDoc(read.key);
  if (!doc) return undefined;
  return { markdown: describeSetting(doc), span: { file: file.path, line: position.line, start: read.keyStart, end: read.keyEnd } };
}

function describeReference(files: EditedFiles, reference: SectionReference): string | undefined {
  if (reference.sectionKind === 'profile') {
    const profile = files.model.byName.get(reference.name);
    return profile ? describeChain(files, profile) : `No profile "${reference.name}" in the config or credentials file.`;
  }
  if (reference.sectionKind === 'sso-session') {
    const session = files.model.ssoSessions.get(reference.name);
    if (!session) return `No [sso-session ${reference.name}] section in the config file.`;
    const url = session.values.get('sso_start_url')?.value;
    const region = session.values.get('sso_region')?.value;
    return [`**sso-session ${reference.name}**`, url ? `Start URL: ${url}` : 'No sso_start_url.', region ? `Region: ${region}` : 'No sso_region.'].join('\n\n');
  }
  return files.model.services.has(reference.name) ? `**services ${reference.name}**: per-service endpoints.` : `No [services ${reference.name}] section in the config file.`;
}

/** "prod → admin → root": each hop with what it is, from the profile down to its credentials. */
export function describeChain(files: EditedFiles, profile: Profile): string {
  const hops = profile.chain.hops;
  const rows = hops.map((hop, index) => {
    const hopProfile = files.model.byName.get(hop.profileName);
    const what = hop.kind === 'role' ? `role ${describeHop(hop, hopProfile)}` : describeHop(hop, hopProfile);
    const mfa = hop.mfaSerial ? `${ROW_SEPARATOR}MFA` : '';
    return `${index + 1}. \`${hop.profileName}\`: ${what}${mfa}`;
  });
  const title = hops.length > 1 ? `**${profile.name}**: a chain of ${hops.length} hops, from the profile down to its credentials` : `**${profile.name}**: ${describeKind(profile.kind)}`;
  const parts = [title];
  if (hops.length > 1) parts.push(rows.join('\n'));
  if (!profile.chain.complete) parts.push('The chain does not reach credentials.');
  const error = profile.problems.find((problem) => problem.severity === 'error');
  if (error) parts.push(`⚠ ${error.message}`);
  return parts.join('\n\n');
}

function headersOf(files: EditedFiles, reference: SectionReference): readonly SourceLocation[] {
  const model = files.model;
  if (reference.sectionKind === 'profile') return model.byName.get(reference.name)?.locations ?? [];
  const section = reference.sectionKind === 'sso-session' ? model.ssoSessions.get(reference.name) : model.services.get(reference.name);
  return section?.headers ?? [];
}

function headerSpan(files: EditedFiles, header: SourceLocation): LineSpan {
  const kind = fileByPath(files, header.file)?.kind ?? 'config';
  const read = readConfigLine(lineText(files, header.file, header.line), kind);
  return read.kind === 'header' ? { file: header.file, line: header.line, start: read.nameStart, end: read.nameEnd } : { file: header.file, line: header.line, start: 0, end: 0 };
}

/** A code lens's place: above the header of a profile that can yield credentials. */
export interface ProfileLens {
  readonly profileName: string;
  readonly line: number;
}

/** One lens per assumable profile, above its first header in this file, in file order. */
export function profileLenses(files: EditedFiles, file: EditedFile): ProfileLens[] {
  const lenses: ProfileLens[] = [];
  for (const profile of files.model.profiles) {
    const header = profile.locations.find((location) => location.file === file.path);
    if (header && isAssumable(profile)) lenses.push({ profileName: profile.name, line: header.line });
  }
  return lenses.sort((a, b) => a.line - b.line);
}
