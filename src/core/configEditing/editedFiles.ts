/** The two AWS files as the editor sees them (unsaved text included), and places in them. */

import { buildProfileModelFromContents } from '../config/profileModel';
import type { FileContent } from '../config/sharedConfigFiles';
import type { ConfigFileKind, ProfileModel } from '../config/types';
import { linesOf, type TextLines } from './configLines';

/** One of the two files: its path and, when it exists, its lines (an editor's buffer or the text on disk). */
export interface EditedFile {
  readonly kind: ConfigFileKind;
  readonly path: string;
  readonly lines: TextLines | undefined;
}

/** Both files and the model built from exactly their text. */
export interface EditedFiles {
  readonly config: EditedFile;
  readonly credentials: EditedFile;
  readonly model: ProfileModel;
}

/** A position in a file: 0-based line and character, as editors count. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

/** Characters `[start, end)` of one line of one file. Everything these features point at fits on one line. */
export interface LineSpan {
  readonly file: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export function fileByPath(files: EditedFiles, path: string): EditedFile | undefined {
  return files.config.path === path ? files.config : files.credentials.path === path ? files.credentials : undefined;
}

/** The text of a line of one of the files, '' when there is no such line. */
export function lineText(files: EditedFiles, path: string, line: number): string {
  const lines = fileByPath(files, path)?.lines;
  return lines && line >= 0 && line < lines.lineCount ? lines.lineAt(line) : '';
}

export function contains(span: { start: number; end: number }, character: number): boolean {
  return character >= span.start && character <= span.end;
}

/** A file's content, and its lines when an editor already holds them (else they are cut from the text). */
export interface FileSource {
  readonly content: FileContent;
  readonly lines?: TextLines;
}

/** Builds the model from exactly these texts (an editor's unsaved text or the disk's), with their lines. */
export function editFiles(config: FileSource, credentials: FileSource): EditedFiles {
  const file = (kind: ConfigFileKind, source: FileSource): EditedFile => ({
    kind,
    path: source.content.path,
    lines: source.lines ?? (source.content.status === 'ok' ? linesOf(source.content.text) : undefined),
  });
  return {
    config: file('config', config),
    credentials: file('credentials', credentials),
    model: buildProfileModelFromContents(config.content, credentials.content),
  };
}
