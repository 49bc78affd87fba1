/** Where a code-server user data dir keeps the logs a test or the launcher reads. */
import * as fs from 'fs';
import * as path from 'path';

/** Extension host logs of a code-server user data dir (one per window). */
export function exthostLogs(userDataDir: string): string[] {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs
    .readdirSync(logsDir)
    .sort()
    .map((session) => path.join(logsDir, session, 'exthost1', 'remoteexthost.log'))
    .filter((file) => fs.existsSync(file));
}

/**
 * The files behind an extension's output channel (`createOutputChannel(name, { log: true })`) in a
 * code-server user data dir, one per window: where a test reads what the extension logged.
 */
export function extensionOutputLogs(userDataDir: string, channelName: string): string[] {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => path.basename(name) === `${channelName}.log`)
    .sort()
    .map((name) => path.join(logsDir, name));
}
