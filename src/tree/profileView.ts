/**
 * The Profiles view itself: creates the TreeView and keeps its message, description and
 * context keys (welcome view, filter button) in step with the model.
 */

import * as vscode from 'vscode';
import { CONTEXT_KEYS, VIEW_PROFILES } from '../constants';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import type { ProfileTreeNode } from './profileNodes';
import type { ProfileTreeModel } from './profileTreeModel';
import { ProfileTreeProvider } from './profileTreeProvider';

export class ProfileView implements vscode.Disposable {
  readonly provider: ProfileTreeProvider;
  readonly treeView: vscode.TreeView<ProfileTreeNode>;
  private readonly disposables = new DisposableStore();

  constructor(private readonly model: ProfileTreeModel) {
    this.provider = this.disposables.add(new ProfileTreeProvider(model));
    this.treeView = this.disposables.add(
      vscode.window.createTreeView(VIEW_PROFILES, {
        treeDataProvider: this.provider,
        showCollapseAll: true,
      }),
    );
    this.disposables.add(model.onDidChange(() => void this.update()));
    // The context keys only matter once the view is seen; reading the files waits until then.
    if (this.treeView.visible) void this.update();
    this.disposables.add(this.treeView.onDidChangeVisibility((event) => event.visible && void this.update()));
  }

  /** Shows the current filter and state; the welcome view appears when there is nothing to list. */
  async update(): Promise<void> {
    const { model, profiles, total } = await this.model.getVisibleProfiles();
    const filter = this.model.filter;
    const allMissing = model.files.every((file) => file.status === 'missing');
    const state = allMissing ? 'missing' : total === 0 && model.fileProblems.length === 0 ? 'empty' : 'loaded';
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.configState, state);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.profileFilterActive, filter !== '');
    // The description only shows when the view has its own header; the message always shows.
    this.treeView.description = filter ? `${profiles.length} of ${total} match "${filter}"` : undefined;
    this.treeView.message = !filter
      ? undefined
      : profiles.length === 0
        ? `No profile matches "${filter}".`
        : `Showing ${profiles.length} of ${total} profiles that match "${filter}".`;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
