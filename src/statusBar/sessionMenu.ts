/** The status bar item's menu: what a person may want to do with the window's session. */

import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { offerMenuLabel, type WorkspaceProfileOffer } from '../core/lifecycle/workspaceProfile';
import { heldProfileMarks } from '../core/presentation/activeProfileMark';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
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
): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showSessionMenu, () => showSessionMenu(sessions, workspaceOffers(), held));
}

/** The window's other live sessions (terminals opened as a profile), each renewed or ended from here. */
export interface MenuHeldSessions {
  list(): readonly { readonly profileName: string; readonly holders: number; readonly session: RoleSession }[];
  renew(profileName: string): Promise<unknown>;
  end(profileName: string): void;
}

async function showSessionMenu(
  sessions: MenuSessions,
  workspaceOffers: readonly WorkspaceProfileOffer[],
  held?: { readonly sessions: MenuHeldSessions; readonly log: vscode.LogOutputChannel },
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
  const others = held?.sessions.list() ?? [];
  // Where and how long, in the words the tree marks them with.
  const marks = heldProfileMarks(others, Date.now());
  for (const other of others) {
    items.push(
      { label: `$(refresh) Renew ${other.profileName}`, description: marks.get(other.profileName), run: () => renewHeld(held!.sessions, other.profileName, held!.log) },
      { label: `$(circle-slash) End ${other.profileName}`, description: other.holders === 1 ? 'its terminal stops getting credentials' : `its ${other.holders} terminals stop getting credentials`, run: async () => held!.sessions.end(other.profileName) },
    );
  }
  items.push({ label: '$(terminal) Open Terminal as Profile…', description: 'a terminal of its own, apart from this window', run: () => vscode.commands.executeCommand(COMMANDS.openTerminalAsProfile) });
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
async function renewHeld(held: MenuHeldSessions, profileName: string, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Renewing the session of ${profileName}…` }, () => held.renew(profileName));
  } catch (error) {
    const message = error instanceof SessionError ? error.message : `Renewing the session of ${profileName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    const again = () => renewHeld(held, profileName, log);
    await showFailureNotice(message, failureResponse('assume', profileName, error), { log, retry: again, assumeAgain: again });
  }
}
