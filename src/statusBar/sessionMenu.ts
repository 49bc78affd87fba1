/** The status bar item's menu: what a person may want to do with the window's session. */

import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { offerMenuLabel, type WorkspaceProfileOffer } from '../core/lifecycle/workspaceProfile';
import { heldSessionMark, heldSessionName, heldSessionPlace, type HeldProfile } from '../core/presentation/activeProfileMark';
import { SessionError, type SessionAccess } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';

/** The window's session, as far as these use it. */
type MenuSessions = Pick<WindowSessions, 'current' | 'state'>;

interface MenuItem extends vscode.QuickPickItem {
  readonly run: () => Thenable<unknown>;
}

/**
 * `workspaceOffers` are the profiles the workspace's folders name (`awsRoles.profile`): each is
 * listed with its folders, except the one the window already acts as.
 */
export function registerSessionMenu(
  sessions: MenuSessions,
  workspaceOffers: () => readonly WorkspaceProfileOffer[] = () => [],
  held?: { readonly sessions: MenuHeldSessions; readonly log: vscode.LogOutputChannel },
  folders?: MenuFolderProfiles,
): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showSessionMenu, () => showSessionMenu(sessions, workspaceOffers(), held, folders));
}

/** Folders that name a profile of their own (issue 22 §2): offered while one does not act as it yet. */
export interface MenuFolderProfiles {
  readonly offered: boolean;
  readonly profiles: readonly { readonly folderName: string; readonly profileName: string }[];
}

/** The window's other live sessions (terminals opened as a profile), each renewed or ended from here. */
export interface MenuHeldSessions {
  list(): readonly HeldProfile[];
  renew(profileName: string, access: SessionAccess): Promise<unknown>;
  end(profileName: string, access: SessionAccess): void;
}

async function showSessionMenu(
  sessions: MenuSessions,
  workspaceOffers: readonly WorkspaceProfileOffer[],
  held?: { readonly sessions: MenuHeldSessions; readonly log: vscode.LogOutputChannel },
  folders?: MenuFolderProfiles,
): Promise<void> {
  const session = sessions.state.session;
  const roleArn = session?.chain?.filter((hop) => hop.roleArn).pop()?.roleArn;
  const items: MenuItem[] = [];
  if (session) items.push({ label: '$(refresh) Renew Now', run: () => vscode.commands.executeCommand(COMMANDS.renewSession) });
  items.push({
    label: session ? '$(arrow-swap) Switch Role…' : '$(play) Assume Role…',
    run: () => vscode.commands.executeCommand(COMMANDS.assumeRole),
  });
  for (const offer of workspaceOffers) {
    if (offer.profileName === session?.profileName && sessions.state.status !== 'expired') continue;
    items.push({ label: `$(play) ${offerMenuLabel(offer, session !== undefined)}`, run: () => vscode.commands.executeCommand(COMMANDS.assumeRole, offer.profileName) });
  }
  if (folders?.offered) {
    items.push({
      label: '$(root-folder) Assume Folder Profiles',
      description: folders.profiles.map((folder) => `${folder.folderName}: ${folder.profileName}`).join(', '),
      run: () => vscode.commands.executeCommand(COMMANDS.assumeFolderProfiles),
    });
  }
  const others = held?.sessions.list() ?? [];
  const now = Date.now();
  for (const other of others) {
    const name = heldSessionName(other);
    items.push(
      // Where and how long, in the words the tree marks it with.
      { label: `$(refresh) Renew ${name}`, description: heldSessionMark(other, now), run: () => renewHeld(held!.sessions, other, held!.log) },
      {
        label: `$(circle-slash) End ${name}`,
        description: `no more credentials for: ${heldSessionPlace(other)}`,
        run: async () => held!.sessions.end(other.profileName, other.access),
      },
    );
  }
  items.push(
    { label: '$(terminal) Open Terminal as Profile…', description: 'a terminal of its own, apart from this window', run: () => vscode.commands.executeCommand(COMMANDS.openTerminalAsProfile) },
    { label: '$(eye) Open Read-Only Terminal as…', description: 'a terminal that can look but not change', run: () => vscode.commands.executeCommand(COMMANDS.openReadOnlyTerminalAsProfile) },
  );
  if (sessions.current) items.push({ label: '$(account) Show Identity', run: () => vscode.commands.executeCommand(COMMANDS.showIdentity) });
  if (sessions.current) items.push({ label: '$(globe) Open Console', run: () => vscode.commands.executeCommand(COMMANDS.openConsole) });
  if (sessions.current) {
    items.push(
      { label: '$(copy) Copy Credentials as Shell Exports…', description: 'bash/zsh, fish, PowerShell', run: () => vscode.commands.executeCommand(COMMANDS.copyShellExports) },
      { label: '$(json) Copy as credential_process JSON', run: () => vscode.commands.executeCommand(COMMANDS.copyCredentialProcess) },
    );
  }
  if (roleArn) {
    items.push({
      label: '$(copy) Copy Role ARN',
      description: roleArn,
      run: async () => {
        await vscode.env.clipboard.writeText(roleArn);
        void vscode.window.setStatusBarMessage(`Copied ${roleArn}`, 3000);
      },
    });
  }
  if (session) items.push({ label: '$(sign-out) Sign Out', run: () => vscode.commands.executeCommand(COMMANDS.signOut) });
  items.push({ label: '$(settings-gear) Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`) });
  const title = session ? `AWS Role Session: ${session.profileName}${sessions.state.status === 'expired' ? ' (expired)' : ''}` : 'AWS Role Session';
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'What to do with this window’s AWS session' });
  await picked?.run();
}

/** A person's Renew of a terminal's session: a failure is shown as the Assume Role command shows one. */
async function renewHeld(held: MenuHeldSessions, view: HeldProfile, log: vscode.LogOutputChannel): Promise<void> {
  const { profileName, access } = view;
  const name = heldSessionName(view);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Renewing the session of ${name}…` }, () => held.renew(profileName, access));
  } catch (error) {
    const message = error instanceof SessionError ? error.message : `Renewing the session of ${name} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    const again = () => renewHeld(held, view, log);
    await showFailureNotice(message, failureResponse('assume', profileName, error), { log, retry: again, assumeAgain: again });
  }
}
