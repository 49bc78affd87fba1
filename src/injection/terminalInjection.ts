/**
 * The injector's VS Code side for terminals: the extension's environment variable collection
 * (never persistent: a persistent one is written to the workspace's storage on disk), and the
 * notifications it asks for. Terminals opened before a change are marked by VS Code as needing a
 * relaunch, and untouched ones are relaunched by VS Code itself
 * (`terminal.integrated.environmentChangesRelaunch`); the notice offers the rest.
 */

import * as vscode from 'vscode';
import type { InjectionNotices, InjectionWarning, TerminalVariables } from '../core/injection/sessionInjector';
import { folderTerminalVariables } from '../core/injection/folderEnvironment';
import type { InheritedEnvironment } from '../core/injection/sessionEnvironment';

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

/** What terminals opened in one folder get on top of the window's (issue 22 §2). */
export interface FolderTerminalEntry {
  readonly folder: vscode.WorkspaceFolder;
  /** The folder's session's own variables (`sessionEnvironment`); what the window sets beyond them is set back when written. */
  readonly variables: Readonly<Record<string, string>>;
  readonly description: string;
}

/**
 * The extension's environment collection: the window's session for every terminal, and each
 * folder's own (a folder-scoped collection) for terminals opened in that folder.
 *
 * Every change writes it all again, the window's entries first and the folders' after them:
 * VS Code applies a folder's entries after the window's, and where both set one variable the
 * entry written later wins in its merge (read in VS Code's `MergedEnvironmentVariableCollection`, as of 1.139;
 * the multi-root integration window checks it in a real VS Code). Clearing the window-wide
 * collection clears the folders' too.
 */
export class TerminalCollection implements TerminalVariables {
  private window: { readonly variables: Readonly<Record<string, string>>; readonly description: string } | undefined;
  private readonly folders = new Map<number, FolderTerminalEntry>();

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly inherited: () => InheritedEnvironment,
  ) {
    // Before anything is written: the session's keys must never reach the disk.
    collection.persistent = false;
  }

  replaceAll(variables: Readonly<Record<string, string>>, description: string): void {
    this.window = { variables, description };
    this.write();
  }

  clear(): void {
    this.window = undefined;
    this.write();
  }

  /** Sets (or, with `undefined`, removes) what terminals opened in folder `index` get. */
  setFolder(index: number, entry: FolderTerminalEntry | undefined): void {
    if (entry) this.folders.set(index, entry);
    else if (!this.folders.delete(index)) return;
    this.write();
  }

  private write(): void {
    const { collection } = this;
    collection.clear();
    collection.description = undefined;
    if (this.window) {
      for (const [name, value] of Object.entries(this.window.variables)) collection.replace(name, value);
      collection.description = new vscode.MarkdownString(this.window.description);
    }
    for (const { folder, variables, description } of [...this.folders.values()].sort((a, b) => a.folder.index - b.folder.index)) {
      const scoped = collection.getScoped({ workspaceFolder: folder });
      for (const [name, value] of Object.entries(folderTerminalVariables(this.window?.variables ?? {}, variables, this.inherited()))) scoped.replace(name, value);
      scoped.description = new vscode.MarkdownString(description);
    }
  }
}

export function terminalVariables(collection: vscode.GlobalEnvironmentVariableCollection, inherited: () => InheritedEnvironment): TerminalCollection {
  return new TerminalCollection(collection, inherited);
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
