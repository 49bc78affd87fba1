/**
 * The workspace's own profile in VS Code: reads `awsRoles.profile` of every folder and the
 * user-level `awsRoles.autoAssumeWorkspaceProfile`, asks `decideWorkspaceProfile` (core) what to
 * do, and does it: keeps the offers for the status bar and its menu, reports a profile that is
 * not in the AWS config once, and assumes by itself (never with a prompt) when the window opens.
 */

import * as vscode from 'vscode';
import { SETTINGS } from '../constants';
import type { ProfileStore } from '../core/config/profileStore';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { SessionError } from '../core/vocabulary/sessionTypes';
import { decideWorkspaceProfile, missingProfileMessage, type NamedProfile, type WorkspaceProfileOffer } from '../core/lifecycle/workspaceProfile';
import { failureResponse } from '../core/presentation/failureActions';
import { DisposableStore } from '../core/vocabulary/disposableStore';

export interface WorkspaceProfilesDeps {
  readonly sessions: Pick<WindowSessions, 'assume' | 'state' | 'onDidChangeState'>;
  readonly store: ProfileStore;
  readonly log: vscode.LogOutputChannel;
  /** The AWS config file's path, for the report of a missing profile. */
  readonly configFile: () => string;
}

export class WorkspaceProfiles implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  /** Fires when the offers changed: the status bar re-renders. */
  readonly onDidChange = this.changed.event;
  private current: readonly WorkspaceProfileOffer[] = [];
  /** `folder\0profile` of every missing profile already reported in this window. */
  private readonly reported = new Set<string>();
  /** Set by `start()`: nothing is decided before the restored session (if any) is back. */
  private isStarted = false;
  /** The window assumes by itself at most once. */
  private autoAssumeTried = false;
  /** Only the newest evaluation applies its result. */
  private evaluation = 0;
  private markStarted!: () => void;
  /** Settles once the first decision after the window opened is applied (for tests). */
  readonly started: Promise<void> = new Promise((resolve) => (this.markStarted = resolve));

  constructor(private readonly deps: WorkspaceProfilesDeps) {
    const settingKey = (key: string) => `${SETTINGS.section}.${key}`;
    this.disposables.add(deps.store.onDidChange(() => void this.evaluate(false)));
    this.disposables.add(deps.sessions.onDidChangeState(() => void this.evaluate(false)));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(settingKey(SETTINGS.profile)) || event.affectsConfiguration(settingKey(SETTINGS.autoAssumeWorkspaceProfile))) void this.evaluate(false);
      }),
    );
    this.disposables.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.evaluate(false)));
    // Trusting the workspace is like opening it anew: its profile is offered (or assumed) now.
    this.disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.evaluate(true)));
  }

  /** Every profile the workspace names that exists, first-named first. */
  get offers(): readonly WorkspaceProfileOffer[] {
    return this.current;
  }

  /** The window has opened and any kept session is restored: decide for the first time. */
  async start(): Promise<void> {
    this.isStarted = true;
    try {
      await this.evaluate(true);
    } finally {
      this.markStarted();
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async evaluate(opening: boolean): Promise<void> {
    if (!this.isStarted) return;
    const run = ++this.evaluation;
    const { named, folderCount } = readNamedProfiles();
    const trusted = vscode.workspace.isTrusted;
    // The AWS files are read only when there is a name to look up (a window that names none reads nothing here).
    const model = trusted && named.length > 0 ? await this.deps.store.getModel() : undefined;
    if (run !== this.evaluation) return;
    const decision = decideWorkspaceProfile({
      named,
      folderCount,
      trusted,
      profileExists: (name) => model?.byName.has(name) ?? false,
      session: this.deps.sessions.state,
      autoAssume: readAutoAssume(),
      opening: opening && !this.autoAssumeTried,
    });
    if (!sameOffers(this.current, decision.offers)) {
      this.current = decision.offers;
      this.changed.fire();
    }
    for (const missing of decision.missing) this.report(missing);
    if (decision.autoAssume) void this.autoAssume(decision.autoAssume);
  }

  private report(missing: NamedProfile): void {
    const key = `${missing.folderName ?? ''}\0${missing.profileName}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const message = missingProfileMessage(missing, `${SETTINGS.section}.${SETTINGS.profile}`, this.deps.configFile());
    this.deps.log.warn(message);
    void vscode.window.showWarningMessage(message);
  }

  /** Never a prompt: a code that would be needed ends the attempt, and the profile stays offered. */
  private async autoAssume(profileName: string): Promise<void> {
    this.autoAssumeTried = true;
    const log = this.deps.log;
    try {
      await this.deps.sessions.assume(profileName, undefined, { interactive: false });
      log.info(`assumed profile ${profileName}, the workspace's own, by itself (${SETTINGS.section}.${SETTINGS.autoAssumeWorkspaceProfile})`);
    } catch (error) {
      // Never a notice: nobody asked for this assume, so only the log says how it went.
      if (failureResponse('workspace-profile', profileName, error).kind === 'log-only') {
        // SessionError messages hold nothing secret; anything else is named by its type only.
        log.warn(`could not assume profile ${profileName}, the workspace's own, by itself: ${error instanceof SessionError ? error.message : error instanceof Error ? error.name : typeof error}`);
      } else if (error instanceof SessionError && error.kind === 'mfa-code-needed') {
        log.info(`profile ${profileName}, the workspace's own, needs an MFA code: offered in the status bar, not assumed by itself`);
      } else {
        log.info(`assuming profile ${profileName} by itself gave way to a newer request`);
      }
    }
  }
}

/** Every folder's `awsRoles.profile` (a folder without its own has the workspace's), in folder order. */
function readNamedProfiles(): { named: NamedProfile[]; folderCount: number } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const valueOf = (scope?: vscode.Uri) => {
    const value = vscode.workspace.getConfiguration(SETTINGS.section, scope).get<unknown>(SETTINGS.profile);
    return typeof value === 'string' ? value.trim() : '';
  };
  if (folders.length === 0) {
    const profileName = valueOf();
    return { named: profileName ? [{ profileName, folderName: undefined }] : [], folderCount: 0 };
  }
  const named: NamedProfile[] = [];
  for (const folder of folders) {
    const profileName = valueOf(folder.uri);
    if (profileName) named.push({ profileName, folderName: folder.name });
  }
  return { named, folderCount: folders.length };
}

/** The user's own value only: a workspace must not be able to turn this on. */
function readAutoAssume(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS.section).inspect<boolean>(SETTINGS.autoAssumeWorkspaceProfile)?.globalValue === true;
}

function sameOffers(a: readonly WorkspaceProfileOffer[], b: readonly WorkspaceProfileOffer[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
