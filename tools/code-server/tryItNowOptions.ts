/** The command line of `npm start` (tools/code-server/tryItNow.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { HarnessError } from './log';

/** `npm start -- --help`. */
export const USAGE = `Usage: npm start [-- OPTIONS]

Try AWS Role Sessions in a real VS Code in your browser, with sample profiles and a local STS
on 127.0.0.1 (no AWS account; your own ~/.aws is not touched). Ctrl+C stops it all.

Options:
  --port N                  serve VS Code on 127.0.0.1:N (default: a free port; or PORT=N)
  --folder PATH             open this folder instead of the demo workspace
  --short-lifetime SECONDS  role credentials from the local STS really end after SECONDS
                            (60 or more), so you can watch the status bar renew them
                            (MFA sessions keep their length: renewals need no new code)
  --screenshot FILE         open it in headless Chromium, save a screenshot of the AWS Roles
                            view and stop (a check that it all works)
  --help                    this text

Environment: VERBOSE=1 shows code-server's log and, on a first run, npm's install output.`;

/** What `npm start` was asked for. */
export interface TryItNowOptions {
  readonly port?: number;
  readonly folder?: string;
  readonly shortLifetime?: number;
  readonly screenshot?: string;
  readonly help: boolean;
}

/** Reads the command line (`--name value` or `--name=value`); a mistake throws with the usage. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): TryItNowOptions {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (name === '--help' || name === '-h') {
      help = true;
      continue;
    }
    if (!['--port', '--folder', '--short-lifetime', '--screenshot'].includes(name)) throw new HarnessError(`unknown option ${argv[i]}\n\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new HarnessError(`${name} needs a value\n\n${USAGE}`);
    values.set(name, value);
  }
  const whole = (name: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new HarnessError(`${name} must be a whole number from ${min} to ${max}, not ${text}`);
    return n;
  };
  const folder = values.get('--folder');
  if (folder !== undefined && !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new HarnessError(`--folder ${folder}: no such folder`);
  return {
    port: whole('--port', values.get('--port') ?? (env.PORT || undefined), 1, 65535),
    folder: folder === undefined ? undefined : path.resolve(folder),
    // Below a minute a renewal would race the MFA session's one-minute margin and the status bar's ticks.
    shortLifetime: whole('--short-lifetime', values.get('--short-lifetime'), 60, 43200),
    screenshot: values.has('--screenshot') ? path.resolve(values.get('--screenshot')!) : undefined,
    help,
  };
}
