/**
 * The session copied out of VS Code, for a shell or a tool that is not one of its terminals:
 * shell exports (bash/zsh, fish, PowerShell) and `credential_process` JSON. Both format the
 * variables of `sessionEnvironment` (environment mode), so the copy holds exactly what a
 * terminal of the window gets: the same keys, expiration and region, never a second list.
 *
 * Quoting: every value goes inside the shell's single quotes, where nothing expands, with the
 * one or two characters that end such a string escaped; a value can then hold anything (quotes,
 * `$`, backslashes, newlines) and comes back byte-identical (unit-tested through a real bash).
 */

import type { RoleSession } from '../vocabulary/sessionTypes';
import { sessionEnvironment } from './sessionEnvironment';

/** The shells the exports are offered for. */
export type ExportShell = 'posix' | 'fish' | 'powershell';

/** The names people know the shells by, for the pick list and the notification. */
export const EXPORT_SHELL_NAMES: Readonly<Record<ExportShell, string>> = {
  posix: 'bash/zsh',
  fish: 'fish',
  powershell: 'PowerShell',
};

/** What a fresh shell needs to act as the session: the window's environment-mode variables, nothing inherited. */
export function exportedVariables(session: RoleSession): Readonly<Record<string, string>> {
  return sessionEnvironment({ session, mode: 'environment', inherited: {} }).variables;
}

/** One line per variable, in `sessionEnvironment`'s order, each safe for `shell` whatever the value holds. */
export function formatShellExports(variables: Readonly<Record<string, string>>, shell: ExportShell): string {
  const lines = Object.entries(variables).map(([name, value]) => {
    // Names are ours (AWS_…); refuse anything else rather than quote a name.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`formatShellExports: not a variable name: ${JSON.stringify(name)}`);
    switch (shell) {
      case 'posix':
        return `export ${name}=${posixQuote(value)}`;
      case 'fish':
        return `set -gx ${name} ${fishQuote(value)}`;
      case 'powershell':
        return `$Env:${name} = ${powershellQuote(value)}`;
    }
  });
  return `${lines.join('\n')}\n`;
}

/** bash/zsh/sh: inside '…' nothing is special but `'`, which closes it: `'\''` closes, adds a quote, reopens. */
export function posixQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside '…' only `\\` and `\'` are escapes. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * PowerShell: inside '…' a quote is doubled. PowerShell also takes the typographic single
 * quotes (U+2018, U+2019, U+201A, U+201B) as quotes, so they are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/**
 * The session as a `credential_process` prints it (`{"Version":1,"AccessKeyId",
 * "SecretAccessKey","SessionToken","Expiration"}`), from the same variables; `SessionToken`
 * and `Expiration` only when the session has them (long-term keys have neither).
 */
export function formatCredentialProcessJson(variables: Readonly<Record<string, string>>): string {
  const output: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: variables.AWS_ACCESS_KEY_ID ?? '',
    SecretAccessKey: variables.AWS_SECRET_ACCESS_KEY ?? '',
  };
  if (variables.AWS_SESSION_TOKEN) output.SessionToken = variables.AWS_SESSION_TOKEN;
  if (variables.AWS_CREDENTIAL_EXPIRATION) output.Expiration = variables.AWS_CREDENTIAL_EXPIRATION;
  return `${JSON.stringify(output, null, 2)}\n`;
}

/**
 * The notification after a copy: the profile and how long the copy stays valid, never a key.
 * "Copied credentials for prod as bash/zsh exports, valid for 42 minutes."
 */
export function copiedMessage(session: RoleSession, what: string, now: number): string {
  const end = session.credentials.expiration;
  const validity = end ? `valid for ${durationInWords(end.getTime() - now)} (until ${end.toISOString().slice(11, 16)} UTC)` : 'long-term keys with no end';
  return `Copied credentials for ${session.profileName} ${what}, ${validity}.`;
}

/** `42 minutes`, `1 hour 5 minutes`, `less than a minute`: whole minutes, rounded down (never promise more than is left). */
export function durationInWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  return [plural(Math.floor(minutes / 60), 'hour'), minutes % 60 > 0 ? plural(minutes % 60, 'minute') : ''].filter(Boolean).join(' ');
}
