/** The extension's output channel, as VS Code writes it to the test window's user-data folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The "AWS Role Sessions" log as it is on disk now ('' before its first line reached the disk). */
export function readExtensionLog(): string {
  const userDataDir = process.env.AWS_ROLE_SESSIONS_TEST_USER_DATA ?? '';
  const file = fs.readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).find((name) => name.endsWith('AWS Role Sessions.log'));
  return file ? fs.readFileSync(path.join(userDataDir, file), 'utf8') : '';
}
