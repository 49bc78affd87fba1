/**
 * Where things are written in the AWS files. The parser records these places and the profile
 * model hands them on, so they sit below both: neither has to import the other for them.
 */

/** A place in one of the AWS files. `line` is 0-based, as editors count. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** A value as written in a file, with the file and the 0-based line it stands on. */
export interface IniValue extends SourceLocation {
  readonly value: string;
}
