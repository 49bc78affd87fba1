/**
 * Folders as their own profile (issue 22 §2). In a trusted multi-root window, a folder whose own
 * `.vscode/settings.json` names `awsRoles.profile` acts as that profile once the person runs
 * **Assume Folder Profiles** (the palette, the status bar's menu): its session is held in
 * `HeldSessions` (shared with terminals of the same profile, behind the same MFA session), and
 *
 * - terminals opened in the folder get it through a folder-scoped environment collection
 *   (`TerminalCollection.setFolder`), on top of the window's session that other folders get;
 * - its debug launches get it (`launchFor`), unless they name their own `"awsProfile"`.
 *
 * In `endpoint` mode the folder has its own address and token on the credential endpoint, so its
 * long-running processes follow each renewal; in `environment` mode its keys are written again
 * when the session renews. Sign Out (or **End** in the status bar's menu) ends it: the folder's
 * terminals fall back to the window's session. A folder whose setting changes, or that leaves the
 * workspace, lets go of its session; a newly named one waits for the command again.
 */

import * as vscode from 'vscode';
import { SETTINGS } from '../constants';
import type { ProfileStore } from '../core/config/profileStore';
import type { HeldSessions, SessionHold } from '../core/lifecycle/heldSessions';
import { folderProfiles, type FolderProfile, type FolderSetting } from '../core/lifecycle/workspaceProfile';
import type { CredentialEndpoint, EndpointRoute, InjectionMode } from '../core/injection/ports';
import { sessionEnvironment, type InheritedEnvironment } from '../core/injection/sessionEnvironment';
import { failureResponse } from '../core/presentation/failureActions';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
import type { FolderTerminalEntry } from '../injection/terminalInjection';
import { showFailureNotice } from '../prompts/failureNotice';
import { abortSignalOf } from '../commands/sessionCommands';

export interface FolderSessionsDeps {
  readonly held: HeldSessions;
  readonly store: ProfileStore;
  readonly endpoint: Pick<CredentialEndpoint, 'serve'>;
  readonly terminals: { setFolder(index: number, entry: FolderTerminalEntry | undefined): void };
  /** How a terminal gets this session now (`planInjection`'s terminals mode), `none` when it may not. */
  readonly modeFor: (session: RoleSession) => Promise<InjectionMode | 'none'>;
  readonly inherited: () => InheritedEnvironment;
  readonly log: vscode.LogOutputChannel;
}

/** A folder acting as its profile now. */
interface FolderHolding {
  readonly folder: FolderProfile;
  readonly hold: SessionHold;
  readonly route: EndpointRoute | undefined;
  readonly mode: InjectionMode;
  /** The session whose variables were last written, to write them again when it renews (environment mode). */
  written: RoleSession | undefined;
  variables: Readonly<Record<string, string>>;
}

export class FolderSessions implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  /** Fires when the folders' profiles or their sessions change: the status bar's menu re-reads them. */
  readonly onDidChange = this.changed.event;
  private named: readonly FolderProfile[] = [];
  private readonly holdings = new Map<number, FolderHolding>();
  /** Folders whose assume is under way: a second Assume Folder Profiles meanwhile leaves them to the first. */
  private readonly assuming = new Set<number>();

  constructor(private readonly deps: FolderSessionsDeps) {
    this.disposables.add(deps.held.onDidChange(() => this.followSessions()));
    this.disposables.add(deps.store.onDidChange(() => void this.refresh()));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.profile}`)) void this.refresh();
      }),
    );
    this.disposables.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()));
    this.disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()));
  }

  /** The folders that name a profile of their own, whether or not they act as it yet. */
  get profiles(): readonly FolderProfile[] {
    return this.named;
  }

  /** True when a folder names a profile it does not act as yet: the status bar's menu offers the command. */
  get offered(): boolean {
    return this.named.some((folder) => !this.holdings.has(folder.folderIndex));
  }

  /** Reads the folders' settings (and the AWS config, when one names a profile). */
  async refresh(): Promise<void> {
    const folders = readFolderSettings();
    const trusted = vscode.workspace.isTrusted;
    const model = trusted && folders.length >= 2 && folders.some((folder) => folder.ownProfile) ? await this.deps.store.getModel() : undefined;
    const named = folderProfiles({ folders, trusted, profileExists: (name) => model?.byName.has(name) ?? false });
    // A folder whose profile changed, or that left, lets go of its session.
    for (const [index, holding] of this.holdings) {
      const now = named.find((folder) => folder.folderIndex === index);
      if (!now || now.profileName !== holding.folder.profileName || now.folderName !== holding.folder.folderName) this.letGo(index, 'its setting changed');
    }
    if (JSON.stringify(named) !== JSON.stringify(this.named)) {
      this.named = named;
      this.changed.fire();
    }
  }

  /** **Assume Folder Profiles**: each folder that names a profile and does not act as it yet. */
  async assumeAll(): Promise<void> {
    await this.refresh();
    const waiting = this.named.filter((folder) => !this.holdings.has(folder.folderIndex) && !this.assuming.has(folder.folderIndex));
    if (waiting.length === 0) {
      if (this.assuming.size > 0) return;
      void vscode.window.showInformationMessage(
        this.named.length === 0
          ? 'No folder of this window names a profile of its own. In a workspace of several folders, set "awsRoles.profile" in a folder\'s .vscode/settings.json.'
          : 'Every folder that names a profile acts as it already.',
      );
      return;
    }
    // One after the other: the first may ask for the MFA code the others then ride.
    for (const folder of waiting) {
      this.assuming.add(folder.folderIndex);
      try {
        await this.assume(folder);
      } finally {
        this.assuming.delete(folder.folderIndex);
      }
    }
  }

  /** What a debug launch of `folder` gets, `undefined` when the folder does not act as a profile of its own. */
  launchFor(folder: vscode.WorkspaceFolder | undefined): { readonly session: RoleSession; readonly variables: Readonly<Record<string, string>> } | undefined {
    const holding = folder ? this.holdings.get(folder.index) : undefined;
    const session = holding?.hold.state.session;
    if (!holding || !session) return undefined;
    return { session, variables: holding.variables };
  }

  dispose(): void {
    for (const index of [...this.holdings.keys()]) this.letGo(index, 'the window closed');
    this.disposables.dispose();
  }

  private async assume(folder: FolderProfile): Promise<void> {
    const { profileName, folderName } = folder;
    let hold: SessionHold;
    try {
      hold = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Assuming ${profileName} for folder ${folderName}…`, cancellable: true }, (_progress, cancel) =>
        this.deps.held.hold(profileName, abortSignalOf(cancel), 'full', { kind: 'folder', folderName }),
      );
    } catch (error) {
      const response = failureResponse('assume', profileName, error);
      if (response.kind !== 'notice') return;
      const message = error instanceof SessionError ? error.message : `Assuming ${profileName} for folder ${folderName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
      await showFailureNotice(message, response, { log: this.deps.log, retry: () => this.assume(folder), assumeAgain: () => this.assume(folder) });
      return;
    }
    const session = hold.state.session;
    const workspaceFolder = vscode.workspace.workspaceFolders?.[folder.folderIndex];
    // The folder left, or its setting changed, while the assume ran.
    if (!session || !workspaceFolder || !this.named.some((named) => named.folderIndex === folder.folderIndex && named.profileName === profileName)) {
      hold.release();
      return;
    }
    const mode = await this.deps.modeFor(session);
    if (mode === 'none') {
      hold.release();
      void vscode.window.showWarningMessage(`Profile ${profileName} of folder ${folderName} holds long-term keys, and terminals do not get those where VS Code may write them to disk. Name a role, or stop VS Code from reviving terminals.`);
      return;
    }
    let route: EndpointRoute | undefined;
    try {
      route = mode === 'endpoint' ? await this.deps.endpoint.serve(hold) : undefined;
    } catch (error) {
      hold.release();
      this.deps.log.error(`folder ${folderName} as profile ${profileName}: the credential endpoint did not start (${error instanceof Error ? error.name : typeof error})`);
      void vscode.window.showErrorMessage(`Folder ${folderName} could not act as ${profileName}: the local credential endpoint did not start. See the "AWS Role Sessions" output, or set awsRoles.injection to environment.`);
      return;
    }
    const holding: FolderHolding = { folder, hold, route, mode, written: undefined, variables: {} };
    this.holdings.set(folder.folderIndex, holding);
    this.write(holding, workspaceFolder);
    this.deps.log.info(`folder ${folderName} acts as profile ${profileName}: its terminals and debug launches, ${mode === 'endpoint' ? 'through its own address on the credential endpoint' : 'as environment keys'}`);
    this.changed.fire();
  }

  /** Writes the folder's variables for its terminals from its session now. */
  private write(holding: FolderHolding, workspaceFolder: vscode.WorkspaceFolder): void {
    const session = holding.hold.state.session;
    if (!session) return;
    holding.written = session;
    holding.variables = sessionEnvironment({ session, mode: holding.mode, endpoint: holding.route?.address, inherited: this.deps.inherited() }).variables;
    const { profileName, folderName } = holding.folder;
    this.deps.terminals.setFolder(holding.folder.folderIndex, {
      folder: workspaceFolder,
      variables: holding.variables,
      description: `Terminals in folder ${folderName} act as AWS profile ${profileName} (AWS Role Sessions).`,
    });
  }

  /** A held session renewed (environment mode: new keys to write) or ended (Sign Out, End): the folder follows. */
  private followSessions(): void {
    for (const [index, holding] of this.holdings) {
      const session = holding.hold.state.session;
      if (!session) {
        this.letGo(index, 'its session ended');
        continue;
      }
      if (holding.mode === 'environment' && session !== holding.written) {
        const workspaceFolder = vscode.workspace.workspaceFolders?.[index];
        if (workspaceFolder) this.write(holding, workspaceFolder);
      }
    }
  }

  private letGo(index: number, why: string): void {
    const holding = this.holdings.get(index);
    if (!holding) return;
    this.holdings.delete(index);
    holding.route?.dispose();
    holding.hold.release();
    this.deps.terminals.setFolder(index, undefined);
    this.deps.log.info(`folder ${holding.folder.folderName} no longer acts as profile ${holding.folder.profileName}: ${why}`);
    this.changed.fire();
  }
}

/** Every folder's own `awsRoles.profile` (its folder settings, not the workspace's), in folder order. */
function readFolderSettings(): FolderSetting[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const own = vscode.workspace.getConfiguration(SETTINGS.section, folder.uri).inspect<unknown>(SETTINGS.profile)?.workspaceFolderValue;
    return { folderIndex: folder.index, folderName: folder.name, ownProfile: typeof own === 'string' ? own.trim() : '' };
  });
}
