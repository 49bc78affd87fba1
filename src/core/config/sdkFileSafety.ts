/**
 * Whether the AWS SDK for JavaScript can read the user's files without harm to the process it
 * runs in. Its parser (`@smithy/shared-ini-file-loader` 4.7) keeps sections on plain objects:
 * a section named like a property of `Object.prototype` is found as the inherited built-in,
 * and the section's values are written onto it. Measured: a credentials file holding
 * `[constructor]` with `assign = x` leaves `Object.assign` a string in the whole process (in
 * VS Code, the extension host every extension shares); `[toString]` with `call = x` breaks
 * `Object.prototype.toString.call`. The SDK reads the files for SSO, web identity and
 * console-login roots, so those are refused while such a section exists.
 */

import { parseIni } from './iniParser';
import { JS_OBJECT_NAMES } from './profileProblems';
import type { ConfigFileKind, SourceLocation } from './types';

/** A section the SDK would write onto a JavaScript built-in. */
export interface UnsafeSection extends SourceLocation {
  readonly kind: ConfigFileKind;
  /** The section's name as written in its header (`constructor`, `profile toString`). */
  readonly header: string;
}

/**
 * The first section of the two files that the SDK would write onto a built-in, or undefined.
 * In the credentials file a section keyed so (`[constructor]`); in the config file a bare one
 * (the SDK's parser stores it before dropping it) and a `[profile NAME]` (its merge of both
 * files finds the built-in the same way). Only sections with values: an empty one writes
 * nothing. `__proto__` is left out: the SDK refuses `[__proto__]` outright, and its
 * `[profile "__proto__"]` only replaces the prototype of an object of its own.
 */
export function findSdkUnsafeSection(files: {
  readonly config?: string;
  readonly credentials?: string;
  readonly configPath?: string;
  readonly credentialsPath?: string;
}): UnsafeSection | undefined {
  for (const kind of ['credentials', 'config'] as const) {
    const text = files[kind];
    if (text === undefined) continue;
    for (const section of parseIni(text).sectionList) {
      if (!section.hasValues) continue;
      const name = kind === 'credentials' || section.prefix === undefined ? section.key : section.prefix === 'profile' ? section.name : undefined;
      if (name === undefined || name === '__proto__' || !JS_OBJECT_NAMES.has(name)) continue;
      const file = (kind === 'config' ? files.configPath : files.credentialsPath) ?? kind;
      return { kind, file, line: section.firstHeaderLine, header: section.prefix === 'profile' ? `profile ${section.name}` : section.key };
    }
  }
  return undefined;
}

/** Why the SDK is not asked to read the files, in words for a person. */
export function describeSdkUnsafeSection(section: UnsafeSection): string {
  return `the AWS SDK for JavaScript would write the values of [${section.header}] (${section.file}, line ${section.line + 1}) onto JavaScript's own built-ins in VS Code's extension host, so it is not asked to read your AWS files; rename that profile`;
}
