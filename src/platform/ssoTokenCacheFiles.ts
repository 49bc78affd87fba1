/**
 * The AWS CLI's token cache folder, `~/.aws/sso/cache` (the path every SDK reads: the home
 * folder's, whatever `AWS_CONFIG_FILE` says). Read when the extension holds no sign-in of its
 * own; written only for a sign-in the person shares, or one `aws sso login` made that the
 * extension refreshed, as the SDKs do. Owner-only, written whole through a temporary file.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TokenCacheFiles } from '../core/identityCenter/ports';

export function ssoTokenCacheFiles(folder = () => path.join(os.homedir(), '.aws', 'sso', 'cache')): TokenCacheFiles {
  const fileOf = (name: string) => {
    // Only the names the extension computes (a SHA-1 and .json): never a path out of the folder.
    if (!/^[0-9a-f]{40}\.json$/.test(name)) throw new Error('not a token cache file name');
    return path.join(folder(), name);
  };
  return {
    async read(name) {
      try {
        return await fs.readFile(fileOf(name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(name, text) {
      const target = fileOf(name);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await fs.writeFile(temporary, text, { mode: 0o600 });
        await fs.rename(temporary, target);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
    async delete(name) {
      await fs.rm(fileOf(name), { force: true });
    },
  };
}
