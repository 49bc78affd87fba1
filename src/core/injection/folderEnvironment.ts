/**
 * What a folder's terminals get when the folder acts as a profile of its own (issue 22 §2).
 *
 * VS Code applies the extension's window-wide environment collection to every terminal, and a
 * folder-scoped one on top of it (after it) for terminals opened in that folder. A scoped
 * collection cannot unset what the window-wide one sets, so each variable the window's session
 * sets and the folder's does not is set back for the folder: to the value VS Code inherited, or
 * empty (every client tests credential variables for truthiness). The region is the exception:
 * an empty `AWS_REGION` breaks the JS SDK ("region is not a valid hostname component") and
 * boto3, so without an inherited one the window's region stays; credentials never mix.
 */

import type { InheritedEnvironment } from './sessionEnvironment';

const REGION_VARIABLES: ReadonlySet<string> = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION']);

export function folderTerminalVariables(
  windowVariables: Readonly<Record<string, string>>,
  folderVariables: Readonly<Record<string, string>>,
  inherited: InheritedEnvironment,
): Record<string, string> {
  const variables: Record<string, string> = { ...folderVariables };
  for (const name of Object.keys(windowVariables)) {
    if (Object.hasOwn(variables, name)) continue;
    const before = inherited[name];
    if (before !== undefined) variables[name] = before;
    else if (!REGION_VARIABLES.has(name)) variables[name] = '';
  }
  return variables;
}
