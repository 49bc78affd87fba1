/**
 * The model's problems as editor diagnostics: each on the exact text it is about (the value
 * of a bad setting, the header of a section), once, in the file it is in. The model repeats a
 * broken source's problem on every profile above it (`chain-broken`); an editor shows it once,
 * where the mistake is written.
 */

import type { ConfigProblem, ProblemCode, ProblemSeverity } from '../config/types';
import { readConfigLine } from './configLines';
import { fileByPath, lineText, type EditedFiles, type LineSpan } from './editedFiles';

export interface ConfigDiagnostic {
  readonly span: LineSpan;
  readonly severity: ProblemSeverity;
  readonly code: ProblemCode;
  readonly message: string;
}

/** Problems about a value: the diagnostic underlines the value, not the key. */
const VALUE_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'role-arn-malformed',
  'source-profile-missing',
  'source-cycle',
  'credential-source-unknown',
  'mfa-serial-malformed',
  'duration-not-a-number',
  'duration-out-of-range',
  'duration-capped-when-chained',
  'role-session-name-malformed',
  'sso-session-missing',
]);

/** Every problem of the model that stands in one of the two files, by file path. */
export function configDiagnostics(files: EditedFiles): Map<string, ConfigDiagnostic[]> {
  const byFile = new Map<string, ConfigDiagnostic[]>([
    [files.config.path, []],
    [files.credentials.path, []],
  ]);
  const seen = new Set<string>();
  const add = (problem: ConfigProblem) => {
    const location = problem.location;
    // A broken chain is reported where it breaks: the cause is that profile's own problem, at the same place.
    if (!location || problem.code === 'chain-broken') return;
    const list = byFile.get(location.file);
    if (!list) return;
    const key = `${location.file}\0${location.line}\0${problem.code}\0${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push({ span: problemSpan(files, problem.code, location.file, location.line), severity: problem.severity, code: problem.code, message: problem.message });
  };
  for (const problem of files.model.fileProblems) add(problem);
  for (const profile of files.model.profiles) for (const problem of profile.problems) add(problem);
  return byFile;
}

/** Where on its line a problem is: the value, the setting, the header's name, or the line. */
export function problemSpan(files: EditedFiles, code: ProblemCode, file: string, line: number): LineSpan {
  const edited = fileByPath(files, file);
  const text = lineText(files, file, line);
  const read = edited ? readConfigLine(text, edited.kind) : undefined;
  if (read?.kind === 'header') return { file, line, start: read.start, end: read.end };
  if (read?.kind === 'entry') {
    if (VALUE_PROBLEMS.has(code) && read.value !== '') return { file, line, start: read.valueStart, end: read.valueEnd };
    return { file, line, start: read.keyStart, end: read.valueEnd };
  }
  // A whole-file problem on an empty or unreadable line: the line itself, at least one character wide.
  return { file, line, start: 0, end: Math.max(1, text.length) };
}
