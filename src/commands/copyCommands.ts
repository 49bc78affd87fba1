/**
 * Copying the window's session out of VS Code: as shell exports, or as `credential_process`
 * JSON. The clipboard is the only place the credentials go; the notification says for which
 * profile and for how long, and the log says only that a copy was made.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import type { RoleSession } from '../core/vocabulary/sessionTypes';
import {
  copiedMessage,
  EXPORT_SHELL_NAMES,
  exportedVariables,
  formatCredentialProcessJson,
  formatShellExports,
  type ExportShell,
} from '../core/injection/sessionExports';

/** The window's session, as far as these use it. */
type CopiedSessions = Pick<WindowSessions, 'current'>;

interface ShellPickItem extends vscode.QuickPickItem {
  readonly shell: ExportShell;
}

/**
 * Both commands act only on a person's gesture. Any extension can run a command, and any
 * extension can read the clipboard, so a command that put credentials there when called would
 * hand them to whoever called it: they take no arguments, and each asks the person through its
 * own picker (which shell; or a confirmation), which only a person can answer.
 */
export function registerCopyCommands(sessions: CopiedSessions, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.copyShellExports, () => copyShellExports(sessions, log)),
    vscode.commands.registerCommand(COMMANDS.copyCredentialProcess, () => copyCredentialProcess(sessions, log)),
  ];
}

async function copyShellExports(sessions: CopiedSessions, log: vscode.LogOutputChannel): Promise<void> {
  if (!sessions.current) return offerAssume();
  const chosen = await pickShell();
  if (!chosen) return;
  await copy(sessions, log, `as ${EXPORT_SHELL_NAMES[chosen]} exports`, (session) => formatShellExports(exportedVariables(session), chosen));
}

async function pickShell(): Promise<ExportShell | undefined> {
  const items: ShellPickItem[] = [
    { label: EXPORT_SHELL_NAMES.posix, description: "export AWS_ACCESS_KEY_ID='…'", shell: 'posix' },
    { label: EXPORT_SHELL_NAMES.fish, description: "set -gx AWS_ACCESS_KEY_ID '…'", shell: 'fish' },
    { label: EXPORT_SHELL_NAMES.powershell, description: "$Env:AWS_ACCESS_KEY_ID = '…'", shell: 'powershell' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Copy Credentials as Shell Exports', placeHolder: 'Which shell will you paste them into?' });
  return picked?.shell;
}

async function copyCredentialProcess(sessions: CopiedSessions, log: vscode.LogOutputChannel): Promise<void> {
  const session = sessions.current;
  if (!session) return offerAssume();
  const confirm: vscode.QuickPickItem = {
    label: `$(json) Copy the credentials of ${session.profileName}`,
    description: session.credentials.expiration ? `valid until ${session.credentials.expiration.toISOString().slice(11, 16)} UTC` : 'long-term keys: they never end',
    detail: 'As the JSON a credential_process prints. Programs and extensions that read the clipboard can read them.',
  };
  const picked = await vscode.window.showQuickPick([confirm], { title: 'Copy as credential_process JSON', placeHolder: 'Copy them to the clipboard? (Escape: nothing is copied)' });
  if (picked !== confirm) return;
  await copy(sessions, log, 'as credential_process JSON', (live) => formatCredentialProcessJson(exportedVariables(live)));
}
/** Copies what `format` makes of the live session; a session that ended meanwhile is not copied. */
async function copy(sessions: CopiedSessions, log: vscode.LogOutputChannel, what: string, format: (session: RoleSession) => string): Promise<void> {
  const session = sessions.current;
  if (!session) return offerAssume();
  await vscode.env.clipboard.writeText(format(session));
  log.info(`copied credentials ${what} for profile ${session.profileName}`);
  void vscode.window.showInformationMessage(copiedMessage(session, what, Date.now()));
}

async function offerAssume(): Promise<void> {
  const assume = 'Assume Role…';
  if ((await vscode.window.showInformationMessage('No live AWS session in this window to copy.', assume)) === assume) {
    await vscode.commands.executeCommand(COMMANDS.assumeRole);
  }
}
