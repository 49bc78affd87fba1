/** Commands of the Profiles view: refresh, filter, and opening the AWS files at a profile. */

import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { ProfileStore } from '../core/config/profileStore';
import type { SourceLocation } from '../core/config/types';
import type { ProfileTreeNode } from '../tree/profileNodes';
import type { ProfileTreeModel } from '../tree/profileTreeModel';

export function registerProfileCommands(
  store: ProfileStore,
  treeModel: ProfileTreeModel,
  extensionUri: vscode.Uri,
  /** Refresh also lists IAM Identity Center's accounts and roles again. */
  forgetListings: () => void = () => undefined,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.refreshProfiles, () => {
      forgetListings();
      return store.reload();
    }),
    vscode.commands.registerCommand(COMMANDS.filterProfiles, () => filterProfiles(treeModel)),
    vscode.commands.registerCommand(COMMANDS.clearProfileFilter, () => treeModel.setFilter('')),
    vscode.commands.registerCommand(COMMANDS.openInConfigFile, (target?: ProfileTreeNode | SourceLocation) =>
      openInConfigFile(target),
    ),
    vscode.commands.registerCommand(COMMANDS.openConfigFile, () => openConfigFile(store)),
    vscode.commands.registerCommand(COMMANDS.openReadme, () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, 'README.md')),
    ),
  ];
}

async function filterProfiles(treeModel: ProfileTreeModel): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: 'Filter Profiles',
    prompt: 'Show profiles whose name, account id, role name or region contains this text. Empty shows all.',
    value: treeModel.filter,
    placeHolder: 'e.g. prod, 123456789012, Admin',
  });
  if (text !== undefined) treeModel.setFilter(text);
}

/** Opens the file at the node's (or location's) line, with the cursor at the start of it. */
export async function openInConfigFile(target?: ProfileTreeNode | SourceLocation): Promise<vscode.TextEditor | undefined> {
  const location = target && 'file' in target ? target : target?.location;
  if (!location) {
    void vscode.window.showWarningMessage('Pick a profile in the AWS Roles view to open it in its config file.');
    return undefined;
  }
  const position = new vscode.Position(location.line, 0);
  return vscode.window.showTextDocument(vscode.Uri.file(location.file), {
    selection: new vscode.Range(position, position),
    preview: false,
  });
}

/** Opens ~/.aws/config; creates an empty one only when the user says so. Never overwrites. */
async function openConfigFile(store: ProfileStore): Promise<vscode.TextEditor | undefined> {
  const file = store.getPaths().configFile;
  const exists = await fs.stat(file).then(() => true, () => false);
  if (!exists) {
    const create = 'Create Empty File';
    const answer = await vscode.window.showInformationMessage(
      `There is no AWS config file at ${file}. Create an empty one there?`,
      { modal: true },
      create,
    );
    if (answer !== create) return undefined;
    await fs.mkdir(path.dirname(file), { recursive: true });
    // 'wx' fails if the file appeared meanwhile, so nothing the user has is ever replaced.
    await fs.writeFile(file, '', { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    void store.reload();
  }
  return vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}
