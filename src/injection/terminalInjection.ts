/**
 * The injector's VS Code side for terminals: the extension's environment variable collection
 * (never persistent: a persistent one is written to the workspace's storage on disk), and the
 * notifications it asks for. Terminals opened before a change are marked by VS Code as needing a
 * relaunch, and untouched ones are relaunched by VS Code itself
 * (`terminal.integrated.environmentChangesRelaunch`); the notice offers the rest.
 */

import * as vscode from 'vscode';
import type { InjectionNotices, InjectionWarning, TerminalVariables } from '../core/injection/sessionInjector';

const RELAUNCH = 'Relaunch Terminals';
const OPEN_WITHOUT_PROFILE = 'Open Terminal Without AWS_PROFILE';
const USE_ENVIRONMENT = 'Use Environment Injection';
const OPEN_CREDENTIALS = 'Open Credentials File';

/** Where the warnings' actions lead. */
export interface NoticeTargets {
  readonly settingsSection: string;
  /** The credentials file the extension reads (`AWS_SHARED_CREDENTIALS_FILE` or the default). */
  readonly credentialsFile: () => string;
}

export function terminalVariables(collection: vscode.GlobalEnvironmentVariableCollection): TerminalVariables {
  // Before anything is written: the session's keys must never reach the disk.
  collection.persistent = false;
  return {
    replaceAll(variables, description) {
      collection.clear();
      for (const [name, value] of Object.entries(variables)) collection.replace(name, value);
      collection.description = new vscode.MarkdownString(description);
    },
    clear() {
      collection.clear();
      collection.description = undefined;
    },
  };
}

export function injectionNotices(where: NoticeTargets): InjectionNotices {
  return {
    terminalsNeedRelaunch(profileName) {
      const open = vscode.window.terminals.length;
      if (open === 0) return;
      void vscode.window
        .showInformationMessage(`New terminals act as ${profileName}. ${open === 1 ? 'The open terminal still acts' : `The ${open} open terminals still act`} as before until relaunched.`, RELAUNCH)
        .then((answer) => (answer === RELAUNCH ? relaunchAll() : undefined));
    },
    warn(warning: InjectionWarning) {
      void showWarning(warning, where);
    },
  };
}

async function showWarning(warning: InjectionWarning, where: NoticeTargets): Promise<void> {
  if (warning.id === 'profile-set') {
    const answer = await vscode.window.showWarningMessage(warning.message, OPEN_WITHOUT_PROFILE);
    // A null removes the variable for this terminal; the collection still applies to it.
    if (answer === OPEN_WITHOUT_PROFILE) vscode.window.createTerminal({ name: 'AWS (no AWS_PROFILE)', env: { AWS_PROFILE: null, AWS_DEFAULT_PROFILE: null } }).show();
    return;
  }
  const actions = warning.id === 'default-profile-keys' ? [USE_ENVIRONMENT, OPEN_CREDENTIALS] : [USE_ENVIRONMENT];
  const answer = await vscode.window.showWarningMessage(warning.message, ...actions);
  if (answer === USE_ENVIRONMENT) await vscode.workspace.getConfiguration(where.settingsSection).update('injection', 'environment', vscode.ConfigurationTarget.Global);
  else if (answer === OPEN_CREDENTIALS) await vscode.window.showTextDocument(vscode.Uri.file(where.credentialsFile()));
}

/** Relaunches every open terminal, one after another (the relaunch command acts on the active one). */
async function relaunchAll(): Promise<void> {
  for (const terminal of [...vscode.window.terminals]) {
    terminal.show(true);
    await vscode.commands.executeCommand('workbench.action.terminal.relaunch');
  }
}
