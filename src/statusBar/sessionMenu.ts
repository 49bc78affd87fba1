/** The status bar item's menu: what a person may want to do with the window's session. */

import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { offerMenuLabel, type WorkspaceProfileOffer } from '../core/lifecycle/workspaceProfile';

/** The window's session, as far as these use it. */
type MenuSessions = Pick<WindowSessions, 'current' | 'state'>;

interface MenuItem extends vscode.QuickPickItem {
  readonly run: () => Thenable<unknown>;
}

/**
 * `workspaceOffers` are the profiles the workspace's folders name (`awsRoles.profile`): each is
 * listed with its folders, except the one the window already acts as.
 */
export function registerSessionMenu(sessions: MenuSessions, workspaceOffers: () => readonly WorkspaceProfileOffer[] = () => []): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showSessionMenu, () => showSessionMenu(sessions, workspaceOffers()));
}

async function showSessionMenu(sessions: MenuSessions, workspaceOffers: readonly WorkspaceProfileOffer[]): Promise<void> {
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
