/**
 * **Add to AWS Config…** on a role IAM Identity Center lists: a name the person may change
 * (refused if a profile has it), a preview of exactly the text that will be appended, and only
 * then the append, which leaves every byte already in the file as it was. When the file changed
 * on disk between the preview and the write, nothing is written and the person is told.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { ProfileStore } from '../core/config/profileStore';
import { profileNameProblem, profileSection, proposedProfileName, textToAppend } from '../core/configEditing/appendedProfile';
import type { IdentityCenterRoleNode } from '../tree/identityCenterNodes';

export function registerAddToAwsConfig(store: ProfileStore, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.addToAwsConfig, async (node?: IdentityCenterRoleNode) => {
    if (!node?.profile) {
      void vscode.window.showInformationMessage('Pick a role under IAM Identity Center in the Profiles view, then Add to AWS Config….');
      return;
    }
    const model = await store.getModel();
    const accountId = node.profile.settings.get('sso_account_id')?.value ?? '';
    const name = await vscode.window.showInputBox({
      title: 'Add to AWS Config',
      prompt: `The name of the new profile for ${node.roleName} in account ${accountId}`,
      value: proposedProfileName(node.roleName, accountId, model),
      validateInput: (value) => profileNameProblem(value, model),
    });
    if (name === undefined) return;
    const file = store.getPaths().configFile;
    const before = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const appended = textToAppend(before, profileSection(name, node.profile));
    const append = 'Append';
    const answer = await vscode.window.showInformationMessage(
      `Append this to ${file}?`,
      { modal: true, detail: `${appended.trim()}\n\nNothing else in the file changes.` },
      append,
    );
    if (answer !== append) return;
    const now = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (now !== before) {
      void vscode.window.showWarningMessage(`${file} changed since the preview; nothing was written. Try Add to AWS Config… again.`);
      return;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Append only: the bytes already in the file are never rewritten. A new file is the user's alone.
    await fs.appendFile(file, appended, { mode: 0o600 });
    log.info(`added profile ${name} (${node.roleName} in account ${accountId}) to ${file}`);
    await store.reload();
    const open = 'Open Config File';
    if ((await vscode.window.showInformationMessage(`Added profile ${name} to your AWS config.`, open)) === open) {
      await vscode.commands.executeCommand(COMMANDS.openConfigFile);
    }
  });
}
