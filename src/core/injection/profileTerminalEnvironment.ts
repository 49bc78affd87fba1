/**
 * How a terminal opened as a profile gets its session (issue 22 §1), as pure functions.
 *
 * Such a terminal is created with `strictEnv`: VS Code then gives it exactly the environment
 * built here and applies no extension's environment collection to it (read in VS Code 1.139:
 * collections apply only `if (!shellLaunchConfig.strictEnv)`, in the workbench and in the remote
 * server alike). That is the only way to keep the window's own session, which reaches terminals
 * through the extension's collection, out of it. The price: other extensions' collections (the
 * Git extension's askpass, a Python environment's activation) do not reach it either, and
 * `terminal.integrated.env.<platform>` is applied here rather than by VS Code.
 *
 * The session's variables are not in that environment: every extension can read a terminal's
 * `creationOptions`, its `env` included. The terminal starts `/bin/sh` with `HANDOVER_SCRIPT`,
 * which reads them from the terminal's input (where the extension types them with echo off, and
 * no other extension can read) until an empty line, exports them, clears the screen and starts
 * the person's shell. The environment itself: VS Code's own, less every variable an AWS client's
 * credential chain reads (nothing inherited can shadow the session, not even `AWS_PROFILE`), then
 * the person's `terminal.integrated.env.<platform>`, then a banner and a marker (not secrets).
 */

import { CREDENTIAL_VARIABLES, type InheritedEnvironment } from './sessionEnvironment';

/** Every variable the AWS CLI v1/v2, botocore and the JS SDK read to choose or obtain credentials. */
export const CREDENTIAL_CHAIN_VARIABLES: readonly string[] = [
  ...CREDENTIAL_VARIABLES,
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
];

/** Names the extension's terminal in its own environment: `onDidOpenTerminal` reads it back. */
export const PROFILE_TERMINAL_MARKER = 'AWS_ROLE_SESSIONS_TERMINAL';
/** Holds `HANDOVER_SCRIPT` for `HANDOVER_COMMAND`; removed before the person's shell runs. */
export const PROFILE_TERMINAL_HANDOVER = 'AWS_ROLE_SESSIONS_HANDOVER';

/**
 * The terminal runs `/bin/sh -c HANDOVER_COMMAND <banner> <shell>`, the script itself in the
 * terminal's environment: VS Code shows a terminal's command line in its tab's hover, which then
 * reads `… eval "$AWS_ROLE_SESSIONS_HANDOVER" AWS Role Sessions: this terminal acts as profile
 * prod (role Prod in account 444444444444), …`, the one place an extension can put words there.
 */
export const HANDOVER_COMMAND = `eval "$${PROFILE_TERMINAL_HANDOVER}"`;

/**
 * Reads `NAME=value` lines with echo off until an empty one, exports them, clears the screen and
 * its scrollback (should the lines have arrived before echo went off, they were shown, and go
 * now), shows the banner (`$0`), and replaces itself with the person's shell (`$1`).
 */
export const HANDOVER_SCRIPT = [
  `unset ${PROFILE_TERMINAL_HANDOVER}`,
  'stty -echo 2>/dev/null',
  'while IFS= read -r aws_role_sessions_line && [ -n "$aws_role_sessions_line" ]; do export "$aws_role_sessions_line"; done',
  'stty echo 2>/dev/null',
  'unset aws_role_sessions_line',
  "printf '\\033[3J\\033[H\\033[2J'",
  "printf '%s\\n' \"$0\"",
  'exec "$1"',
].join('\n');

export interface ProfileTerminalEnvironmentInput {
  readonly inherited: InheritedEnvironment;
  /** `terminal.integrated.env.<platform>`: a value, or `null` to remove the variable. */
  readonly terminalSettings: Readonly<Record<string, string | null | undefined>>;
  /** This terminal's marker value. */
  readonly marker: string;
}

const DROPPED: ReadonlySet<string> = new Set(CREDENTIAL_CHAIN_VARIABLES);

export function profileTerminalEnvironment(input: ProfileTerminalEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.inherited)) {
    if (value !== undefined && !DROPPED.has(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(input.terminalSettings)) {
    // The person's settings may not bring back what the session must own.
    if (DROPPED.has(name)) continue;
    if (value === null) delete env[name];
    else if (typeof value === 'string') env[name] = resolveEnvReferences(value, input.inherited);
  }
  env[PROFILE_TERMINAL_MARKER] = input.marker;
  env[PROFILE_TERMINAL_HANDOVER] = HANDOVER_SCRIPT;
  return env;
}

/**
 * What the extension types into the terminal for `HANDOVER_SCRIPT`: the session's variables as
 * `NAME=value` lines, then the empty line that ends them. Empty values neutralise nothing here
 * (nothing is inherited to neutralise) and are left out; a value with a line break could not be
 * read as one line, and is refused.
 */
export function handoverText(variables: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (value === '') continue;
    if (/[\r\n]/.test(value) || !/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`${name} cannot be handed to a terminal on one line`);
    lines.push(`${name}=${value}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** `${env:NAME}` as VS Code resolves it in `terminal.integrated.env.*` (an unset variable is empty). */
function resolveEnvReferences(value: string, inherited: InheritedEnvironment): string {
  return value.replace(/\$\{env:([^}]+)\}/g, (_, name: string) => inherited[name] ?? '');
}
