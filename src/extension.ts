/**
 * The composition root: the only place that builds services and wires them to VS Code.
 * Activation only constructs objects; the AWS files are read when the view first asks.
 */

import * as os from 'node:os';
import * as vscode from 'vscode';
import { registerProfileCommands } from './commands/profileCommands';
import { resolveConfigPaths } from './core/config/configFiles';
import { ProfileStore } from './core/config/profileStore';
import { nodeTextFileReader } from './platform/nodeTextFileReader';
import { PollingFileWatcher } from './platform/pollingFileWatcher';
import { ProfileTreeModel } from './tree/profileTreeModel';
import { ProfileView } from './tree/profileView';

/** What `activate` returns: handles for the integration tests, not a public API. */
export interface ExtensionApi {
  readonly profileStore: ProfileStore;
  readonly profileTreeModel: ProfileTreeModel;
  readonly profileView: ProfileView;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const profileStore = new ProfileStore(nodeTextFileReader, new PollingFileWatcher(), () =>
    resolveConfigPaths(process.env, os.homedir()),
  );
  const profileTreeModel = new ProfileTreeModel(profileStore);
  const profileView = new ProfileView(profileTreeModel);
  context.subscriptions.push(
    profileStore,
    profileTreeModel,
    profileView,
    ...registerProfileCommands(profileStore, profileTreeModel, context.extensionUri),
  );
  return { profileStore, profileTreeModel, profileView };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
