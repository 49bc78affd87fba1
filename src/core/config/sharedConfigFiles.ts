/**
 * Turns the parsed config and credentials files into the sections the AWS SDK sees, with the
 * SDK's rules (`getConfigData` and `parseKnownFiles` in `@smithy/shared-ini-file-loader`):
 * in the config file only `[default]`, `[profile X]`, `[sso-session X]` and `[services X]`
 * count; in the credentials file every section is a profile of that exact name.
 */

import { whyConfigSectionIsIgnored } from './ignoredSections';
import { KEY_SEPARATOR, type IniSection, type ParsedIni } from './iniDocument';
import { parseIni } from './iniParser';
import type { ConfigFileKind, ConfigFileState, ConfigProblem, ConfigSection, Setting, SourceLocation } from './types';

/** A profile's section in one file: a parsed section, or a `FileSection` that renames or adds headers. */
export interface ProfileSection extends ConfigSection {
  readonly ini: IniSection;
  /** The first header's place. */
  readonly header: SourceLocation;
}

/**
 * A section under another name than its parsed one (a credentials-file profile is named by
 * the whole header), and for `default` also the headers of its other spelling
 * (`[default]` / `[profile default]`).
 */
export class FileSection implements ProfileSection {
  private headerList: readonly SourceLocation[] | undefined;

  constructor(
    readonly name: string,
    readonly ini: IniSection,
    private readonly alsoHeadersOf?: IniSection,
  ) {}

  get values(): ReadonlyMap<string, Setting> {
    return this.ini.values;
  }

  /** Every header that contributes, this section's first. */
  get headers(): readonly SourceLocation[] {
    if (!this.alsoHeadersOf) return this.ini.headers;
    this.headerList ??= [...this.ini.headers, ...this.alsoHeadersOf.headers];
    return this.headerList;
  }

  /** The first header's place. */
  get header(): SourceLocation {
    return this.ini.header;
  }
}

/** The text of one file, or why there is none. */
export type FileContent =
  | { readonly status: 'ok'; readonly path: string; readonly text: string }
  | { readonly status: 'missing'; readonly path: string }
  | { readonly status: 'unreadable'; readonly path: string; readonly reason: string };

/** The sections of both files as the SDK sees them, before profiles are merged. */
export interface SharedConfigFiles {
  readonly files: readonly ConfigFileState[];
  /** Profiles of the config file in file order; each `name` is the profile's. */
  readonly configProfileList: readonly ProfileSection[];
  /** Profiles of the config file, by profile name (built on first use). */
  readonly configProfiles: ReadonlyMap<string, ProfileSection>;
  readonly ssoSessions: ReadonlyMap<string, ProfileSection>;
  readonly services: ReadonlyMap<string, ProfileSection>;
  /** Profiles of the credentials file, by section name. */
  readonly credentialsProfiles: ReadonlyMap<string, ProfileSection>;
  readonly problems: readonly ConfigProblem[];
}

/** Reads both files' text into the SDK's view of their sections. */
export function toSharedConfigFiles(config: FileContent, credentials: FileContent): SharedConfigFiles {
  const problems: ConfigProblem[] = [];
  const configParsed = parseFile('config', config, problems);
  const credentialsParsed = parseFile('credentials', credentials, problems);

  const configProfileList: ProfileSection[] = [];
  const ssoSessions = new Map<string, ProfileSection>();
  const services = new Map<string, ProfileSection>();
  if (configParsed.parsed) {
    const { parsed, path } = configParsed;
    for (const header of parsed.ignoredHeaders) {
      problems.push(ignoredSection(header.header, { file: path, line: header.line }, 'its prefix is not profile, sso-session or services'));
    }
    // `[profile default]` replaces `[default]` whole when it has values; otherwise `[default]`
    // counts. Either way the profile keeps the place of whichever header comes first.
    const plainDefault = parsed.section('default');
    const prefixedDefault = parsed.section('profile.default');
    const defaultWinner = prefixedDefault && (prefixedDefault.hasValues || !plainDefault) ? prefixedDefault : plainDefault;
    let defaultListed = false;
    for (const section of parsed.sectionList) {
      if (section === plainDefault || section === prefixedDefault) {
        if (!defaultListed && defaultWinner) {
          const other = defaultWinner === plainDefault ? prefixedDefault : plainDefault;
          configProfileList.push(new FileSection('default', defaultWinner, other));
          defaultListed = true;
        }
        continue;
      }
      // The parser finds each `[profile NAME]` once, so every name is listed once.
      const { prefix, name } = section;
      if (prefix === 'profile') {
        configProfileList.push(section);
      } else if (prefix === 'sso-session') {
        ssoSessions.set(name, section);
      } else if (prefix === 'services') {
        services.set(name, section);
      } else {
        const line = section.firstHeaderLine;
        problems.push(ignoredSection(section.key, { file: path, line }, whyConfigSectionIsIgnored(section.key)));
      }
    }
  }

  const credentialsProfiles = new Map<string, ProfileSection>();
  if (credentialsParsed.parsed) {
    for (const section of credentialsParsed.parsed.sectionList) {
      const name = section.key;
      credentialsProfiles.set(name, new FileSection(name, section));
    }
    for (const header of credentialsParsed.parsed.ignoredHeaders) {
      problems.push(ignoredSection(header.header, { file: credentialsParsed.path, line: header.line }, 'in the credentials file a section is the bare profile name'));
    }
  }

  let configProfiles: ReadonlyMap<string, ProfileSection> | undefined;
  return {
    files: [configParsed.state, credentialsParsed.state],
    configProfileList,
    get configProfiles() {
      configProfiles ??= new Map(configProfileList.map((section) => [section.name, section]));
      return configProfiles;
    },
    ssoSessions,
    services,
    credentialsProfiles,
    problems,
  };
}

/** Sections by key, each a map of its values: what `toSdkShape` returns for one file. */
export type SdkShapeFile = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The SDK's `loadSharedConfigFiles` result for the same files: `{ configFile, credentialsFile }`,
 * each section's values by key. Only sections holding a value appear, as in the SDK. Maps, not
 * plain objects: a section or key named `__proto__` or `constructor` is an ordinary name here,
 * where on a plain object it would hit an inherited property.
 */
export function toSdkShape(files: SharedConfigFiles): { configFile: SdkShapeFile; credentialsFile: SdkShapeFile } {
  const configFile = new Map<string, ReadonlyMap<string, string>>();
  const add = (target: Map<string, ReadonlyMap<string, string>>, key: string, section: ConfigSection) => {
    if (section.values.size === 0) return;
    target.set(key, new Map([...section.values].map(([name, setting]) => [name, setting.value])));
  };
  for (const [name, section] of files.configProfiles) add(configFile, name, section);
  for (const [name, section] of files.ssoSessions) add(configFile, `sso-session${KEY_SEPARATOR}${name}`, section);
  for (const [name, section] of files.services) add(configFile, `services${KEY_SEPARATOR}${name}`, section);
  const credentialsFile = new Map<string, ReadonlyMap<string, string>>();
  for (const [name, section] of files.credentialsProfiles) add(credentialsFile, name, section);
  return { configFile, credentialsFile };
}

function parseFile(
  kind: ConfigFileKind,
  content: FileContent,
  problems: ConfigProblem[],
): { state: ConfigFileState; path: string; parsed?: ParsedIni } {
  const path = content.path;
  const label = kind === 'config' ? 'AWS config file' : 'AWS credentials file';
  if (content.status === 'missing') return { state: { kind, path, status: 'missing' }, path };
  if (content.status === 'unreadable') {
    const problem: ConfigProblem = {
      code: 'file-unreadable',
      severity: 'error',
      message: `The ${label} ${path} cannot be read (${content.reason}). Its profiles are not shown; check the file's permissions.`,
      location: { file: path, line: 0 },
    };
    problems.push(problem);
    return { state: { kind, path, status: 'unreadable', problem }, path };
  }
  const parsed = parseIni(content.text, path);
  if (parsed.fatal) {
    const problem: ConfigProblem = {
      code: 'file-unparsable',
      severity: 'error',
      message: `The AWS SDK ignores the whole ${label} ${path}: ${parsed.fatal.message} on line ${parsed.fatal.line + 1}. Rename that section.`,
      location: { file: path, line: parsed.fatal.line },
    };
    problems.push(problem);
    return { state: { kind, path, status: 'unparsable', problem }, path };
  }
  return { state: { kind, path, status: 'ok' }, path, parsed };
}

function ignoredSection(header: string, location: SourceLocation, hint: string): ConfigProblem {
  return {
    code: 'section-ignored',
    severity: 'warning',
    message: `The AWS SDK ignores the section [${header}]: ${hint}.`,
    location,
  };
}
