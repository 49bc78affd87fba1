/**
 * Why the AWS SDK for JavaScript ignores a config-file section header, in words that name the
 * real cause. The SDK reads `[prefix name]` only when the text between the brackets matches
 * `/^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/` (`parseIni` in `@smithy/shared-ini-file-loader`):
 * one white-space character after the prefix, and a name of ASCII letters, digits and
 * `_-@+.%:/`, optionally quoted. Any other header is kept under its raw text, which in the
 * config file names no profile (only `default` may be bare).
 */

const PREFIXES: readonly string[] = ['profile', 'sso-session', 'services'];
/** What the SDK accepts in a section name. */
const NAME_CHARACTER = /[\w\-@+.%:/]/;
const NON_ASCII = /[^\u0000-\u007f]/u;
const WHITE_SPACE = /\s/;

/**
 * The hint for a config-file header the SDK keeps under its raw text (so no profile, SSO
 * session or services section), e.g. `[dev]`, `[profile  dev]`, `[profile café]`.
 * @param header the text between the brackets
 */
export function whyConfigSectionIsIgnored(header: string): string {
  const trimmed = header.trim();
  const split = /^(\S+)(\s+)([\s\S]*)$/.exec(trimmed);
  const first = split ? split[1] : trimmed;
  if (PREFIXES.includes(first)) {
    const name = split ? split[3] : '';
    if (name === '') return `it names no ${first === 'profile' ? 'profile' : 'section'} after "${first}"; write [${first} NAME]`;
    const causes: string[] = [];
    if (trimmed !== header) causes.push('spaces inside the brackets');
    if (split && split[2] !== ' ' && split[2].length > 1) causes.push(`more than one space between ${first} and the name`);
    const nameCause = whyNameIsRejected(name);
    if (nameCause) causes.push(nameCause);
    const spacingOnly = nameCause === undefined;
    return spacingOnly ? `${causes.join(' and ')}; write [${first} ${name}]` : causes.join('; ');
  }
  // A bare name: in the config file only `default` may be written so.
  const hint = `in the config file a profile is written [profile ${trimmed}]`;
  const nameCause = whyNameIsRejected(trimmed);
  return nameCause ? `${hint}, and even then: ${nameCause}` : hint;
}

/** Why the SDK would not accept `name` as a section name, or undefined when it would. */
function whyNameIsRejected(name: string): string | undefined {
  // The SDK allows the name in matching quotes.
  const quote = name[0];
  const unquoted = (quote === '"' || quote === "'") && name.length > 2 && name.endsWith(quote) ? name.slice(1, -1) : name;
  const rejected = [...new Set([...unquoted].filter((character) => !NAME_CHARACTER.test(character)))];
  if (rejected.length === 0) return undefined;
  const nonAscii = rejected.filter((character) => NON_ASCII.test(character));
  if (nonAscii.length > 0) {
    return `its name has letters outside A–Z (${nonAscii.join(' ')}). The AWS CLI and boto3 read such names, but the AWS SDK for JavaScript, and so this extension, does not; rename the section with letters A–Z, digits and _-@+.%:/`;
  }
  if (rejected.some((character) => WHITE_SPACE.test(character))) return 'its name holds a space, which the AWS SDK does not accept in a section name';
  return `its name holds characters the AWS SDK does not accept (${rejected.join(' ')}); a name may hold letters A–Z, digits and _-@+.%:/`;
}
