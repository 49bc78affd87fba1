/** Where the shared files are and how to read them, through a small port so tests need no disk. */

import { buildProfileModelFromContents } from './profileModel';
import type { FileContent } from './sharedConfigFiles';
import type { ProfileModel } from './types';

/** The one side effect the profile model needs: reading a file as UTF-8 text. */
export interface TextFileReader {
  /** Resolves with the text; rejects with a Node-style error (`code` ENOENT when missing). */
  readTextFile(path: string): Promise<string>;
}

/** The two paths the AWS SDK reads. */
export interface ConfigPaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

/**
 * The paths as the AWS SDK resolves them: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`
 * override `~/.aws/config` and `~/.aws/credentials`; a leading `~/` means the home folder.
 */
export function resolveConfigPaths(env: Readonly<Record<string, string | undefined>>, homeDir: string): ConfigPaths {
  const separator = homeDir.includes('\\') && !homeDir.includes('/') ? '\\' : '/';
  const join = (...parts: string[]) => parts.join(separator);
  const expand = (path: string) => (path.startsWith('~/') ? join(homeDir, path.slice(2)) : path);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || join(homeDir, '.aws', 'config')),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir, '.aws', 'credentials')),
  };
}

/** Reads one file, turning every failure into data. */
export async function readFileContent(reader: TextFileReader, path: string): Promise<FileContent> {
  try {
    return { status: 'ok', path, text: await reader.readTextFile(path) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing', path };
    return { status: 'unreadable', path, reason: describeReadError(error) };
  }
}

/** Reads both files and builds the model. Never rejects. */
export async function loadProfileModel(reader: TextFileReader, paths: ConfigPaths): Promise<ProfileModel> {
  const [config, credentials] = await Promise.all([
    readFileContent(reader, paths.configFile),
    readFileContent(reader, paths.credentialsFile),
  ]);
  return buildProfileModelFromContents(config, credentials);
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  }
}
