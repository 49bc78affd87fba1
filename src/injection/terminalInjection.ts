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
const USE_AUTO = 'Use the Default (auto)';
const USE_ENDPOINT = 'Use the Credential Endpoint';
const OPEN_CREDENTIALS = 'Open Credentials File';
const STOP_REVIVING = 'Stop Reviving Terminals';

/** VS Code's own terminal settings that decide whether a terminal's environment is written to disk. */
const TERMINAL_SECTION = 'terminal.integrated';
const PERSISTENT_SESSIONS = 'enablePersistentSessions';
const REVIVE_PROCESS = 'persistentSessionReviveProcess';
/** The settings whose change makes the injector look again. */
export const TERMINAL_PERSISTENCE_SETTINGS = [`${TERMINAL_SECTION}.${PERSISTENT_SESSIONS}`, `${TERMINAL_SECTION}.${REVIVE_PROCESS}`] as const;

/**
 * Whether VS Code writes a terminal's environment to disk. Desktop VS Code with persistent
 * terminal sessions serializes every terminal's launch configuration (its whole environment)
 * into the workspace's storage when it quits, to revive it later, unless processes are never
 * revived (`persistentSessionReviveProcess: never`: terminals then survive reloads in memory
 * only). VS Code in a browser never saves terminal state (read in VS Code 1.139's workbench:
 * the terminal service's shutdown hook returns early on the web).
 */
export function terminalsReachDisk(): boolean {
  if (vscode.env.uiKind !== vscode.UIKind.Desktop) return false;
  const terminal = vscode.workspace.getConfiguration(TERMINAL_SECTION);
  return terminal.get<boolean>(PERSISTENT_SESSIONS, true) !== false && terminal.get<string>(REVIVE_PROCESS, 'onExit') !== 'never';
}

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
    // Transient: a terminal the extension opens is never written to disk or revived by VS Code.
    if (answer === OPEN_WITHOUT_PROFILE) vscode.window.createTerminal({ name: 'AWS (no AWS_PROFILE)', env: { AWS_PROFILE: null, AWS_DEFAULT_PROFILE: null }, isTransient: true }).show();
    return;
  }
  const actions = actionsFor(warning);
  const answer = await vscode.window.showWarningMessage(warning.message, ...actions);
  const injection = vscode.workspace.getConfiguration(where.settingsSection);
  if (answer === USE_AUTO) await injection.update('injection', undefined, vscode.ConfigurationTarget.Global);
  else if (answer === USE_ENDPOINT) await injection.update('injection', 'endpoint', vscode.ConfigurationTarget.Global);
  else if (answer === OPEN_CREDENTIALS) await vscode.window.showTextDocument(vscode.Uri.file(where.credentialsFile()));
  else if (answer === STOP_REVIVING) await vscode.workspace.getConfiguration(TERMINAL_SECTION).update(REVIVE_PROCESS, 'never', vscode.ConfigurationTarget.Global);
}

/** The way out each warning offers. */
function actionsFor(warning: InjectionWarning): string[] {
  switch (warning.id) {
    case 'default-profile-keys':
      return [USE_AUTO, OPEN_CREDENTIALS];
    case 'relative-uri-set':
      return [USE_AUTO];
    case 'keys-on-disk':
      if (warning.chosen) return [USE_ENDPOINT, STOP_REVIVING];
      return warning.shadows?.includes('default-profile') ? [STOP_REVIVING, OPEN_CREDENTIALS] : [STOP_REVIVING];
    case 'long-term-keys-withheld':
      return [STOP_REVIVING];
    default:
      return [];
  }
}

/** Relaunches every open terminal, one after another (the relaunch command acts on the active one). */
async function relaunchAll(): Promise<void> {
  for (const terminal of [...vscode.window.terminals]) {
    terminal.show(true);
    await vscode.commands.executeCommand('workbench.action.terminal.relaunch');
  }
}
