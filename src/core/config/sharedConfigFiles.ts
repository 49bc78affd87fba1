/**
 * Turns the parsed config and credentials files into the sections the AWS SDK sees, with the
 * SDK's rules (`getConfigData` and `parseKnownFiles` in `@smithy/shared-ini-file-loader`):
 * in the config file only `[default]`, `[profile X]`, `[sso-session X]` and `[services X]`
 * count; in the credentials file every section is a profile of that exact name.
 */

import { KEY_SEPARATOR, parseIni, type IniSection, type ParsedIni } from './iniParser';
import type { ConfigFileKind, ConfigFileState, ConfigProblem, ConfigSection, Setting, SourceLocation } from './types';

/** The text of one file, or why there is none. */
export type FileContent =
  | { readonly status: 'ok'; readonly path: string; readonly text: string }
  | { readonly status: 'missing'; readonly path: string }
  | { readonly status: 'unreadable'; readonly path: string; readonly reason: string };

/** The sections of both files as the SDK sees them, before profiles are merged. */
export interface SharedConfigFiles {
  readonly files: readonly ConfigFileState[];
  /** Profiles of the config file, by profile name. */
  readonly configProfiles: ReadonlyMap<string, ConfigSection>;
  readonly ssoSessions: ReadonlyMap<string, ConfigSection>;
  readonly services: ReadonlyMap<string, ConfigSection>;
  /** Profiles of the credentials file, by section name. */
  readonly credentialsProfiles: ReadonlyMap<string, ConfigSection>;
  readonly problems: readonly ConfigProblem[];
}

/** Reads both files' text into the SDK's view of their sections. */
export function toSharedConfigFiles(config: FileContent, credentials: FileContent): SharedConfigFiles {
  const problems: ConfigProblem[] = [];
  const configParsed = parseFile('config', config, problems);
  const credentialsParsed = parseFile('credentials', credentials, problems);

  const configProfiles = new Map<string, ConfigSection>();
  const ssoSessions = new Map<string, ConfigSection>();
  const services = new Map<string, ConfigSection>();
  if (configParsed.parsed) {
    const { parsed, path } = configParsed;
    for (const header of parsed.ignoredHeaders) {
      problems.push(ignoredSection(header.header, { file: path, line: header.line }, 'its prefix is not profile, sso-session or services'));
    }
    // `[profile default]` replaces `[default]` whole when it has values; otherwise `[default]`
    // counts. Either way the profile keeps the place of whichever header comes first.
    const plainDefault = parsed.sections.get('default');
    const prefixedDefault = parsed.sections.get('profile.default');
    const defaultWinner = prefixedDefault && (prefixedDefault.values.size > 0 || !plainDefault) ? prefixedDefault : plainDefault;
    for (const section of parsed.sections.values()) {
      if (section === plainDefault || section === prefixedDefault) {
        if (!configProfiles.has('default') && defaultWinner) {
          const other = defaultWinner === plainDefault ? prefixedDefault : plainDefault;
          const headers = [...defaultWinner.headerLines, ...(other?.headerLines ?? [])].map((line) => ({ file: path, line }));
          configProfiles.set('default', { name: 'default', values: defaultWinner.values, headers });
        }
        continue;
      }
      const { prefix, name } = section;
      if (prefix === 'profile') {
        configProfiles.set(name, toConfigSection(name, section, path));
      } else if (prefix === 'sso-session') {
        ssoSessions.set(name, toConfigSection(name, section, path));
      } else if (prefix === 'services') {
        services.set(name, toConfigSection(name, section, path));
      } else {
        const line = section.headerLines[0];
        problems.push(ignoredSection(section.key, { file: path, line }, `in the config file a profile is written [profile ${section.key}]`));
      }
    }
  }

  const credentialsProfiles = new Map<string, ConfigSection>();
  if (credentialsParsed.parsed) {
    for (const section of credentialsParsed.parsed.sections.values()) {
      credentialsProfiles.set(section.key, toConfigSection(section.key, section, credentialsParsed.path));
    }
    for (const header of credentialsParsed.parsed.ignoredHeaders) {
      problems.push(ignoredSection(header.header, { file: credentialsParsed.path, line: header.line }, 'in the credentials file a section is the bare profile name'));
    }
  }

  return {
    files: [configParsed.state, credentialsParsed.state],
    configProfiles,
    ssoSessions,
    services,
    credentialsProfiles,
    problems,
  };
}

/**
 * The SDK's `loadSharedConfigFiles` result for the same files: `{ configFile, credentialsFile }`
 * of plain string maps. Only sections holding a value appear, as in the SDK.
 */
export function toSdkShape(files: SharedConfigFiles): {
  configFile: Record<string, Record<string, string>>;
  credentialsFile: Record<string, Record<string, string>>;
} {
  const configFile: Record<string, Record<string, string>> = {};
  const add = (target: Record<string, Record<string, string>>, key: string, section: ConfigSection) => {
    if (section.values.size === 0) return;
    const values: Record<string, string> = {};
    for (const [name, setting] of section.values) values[name] = setting.value;
    target[key] = values;
  };
  for (const [name, section] of files.configProfiles) add(configFile, name, section);
  for (const [name, section] of files.ssoSessions) add(configFile, `sso-session${KEY_SEPARATOR}${name}`, section);
  for (const [name, section] of files.services) add(configFile, `services${KEY_SEPARATOR}${name}`, section);
  const credentialsFile: Record<string, Record<string, string>> = {};
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

function toConfigSection(name: string, section: IniSection, file: string): ConfigSection {
  const lines = section.headerLines;
  const headers: SourceLocation[] = [{ file, line: lines[0] }];
  for (let i = 1; i < lines.length; i++) headers.push({ file, line: lines[i] });
  return { name, values: section.values as ReadonlyMap<string, Setting>, headers };
}

function ignoredSection(header: string, location: SourceLocation, hint: string): ConfigProblem {
  return {
    code: 'section-ignored',
    severity: 'warning',
    message: `The AWS SDK ignores the section [${header}]: ${hint}.`,
    location,
  };
}
