/** The thin TreeDataProvider of the Profiles view: renders the tree model's nodes. */

import * as vscode from 'vscode';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import { ProblemNode, toRootNodes, type ProfileTreeNode } from './profileNodes';
import type { ProfileTreeModel } from './profileTreeModel';

export class ProfileTreeProvider implements vscode.TreeDataProvider<ProfileTreeNode>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<ProfileTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: ProfileTreeModel) {
    this.disposables.add(model.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(node: ProfileTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  /** VS Code asks on hover: the tooltip is built then, not for every row up front. */
  resolveTreeItem(item: vscode.TreeItem, node: ProfileTreeNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip();
    return item;
  }

  async getChildren(node?: ProfileTreeNode): Promise<ProfileTreeNode[]> {
    if (node) return node.getChildren();
    const { model, profiles } = await this.model.getVisibleProfiles();
    const [fileProblems, profileRows] = splitFileProblems(
      toRootNodes(model, profiles, {
        activeProfileName: this.model.activeProfileName,
        activeTimeLeft: this.model.activeTimeLeft,
        sessionWordsOf: this.model.sessionWords(),
        heldMarkOf: (name) => this.model.heldMarkOf(name),
      }),
    );
    // The sign-ins of IAM Identity Center between the files' problems and the profiles; hidden while filtering profiles.
    const signIns = this.model.filter ? [] : await this.model.identityCenterRows(model);
    return [...fileProblems, ...signIns, ...profileRows];
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function splitFileProblems(nodes: readonly ProfileTreeNode[]): [ProfileTreeNode[], ProfileTreeNode[]] {
  const firstProfile = nodes.findIndex((node) => !(node instanceof ProblemNode));
  return firstProfile < 0 ? [[...nodes], []] : [nodes.slice(0, firstProfile), nodes.slice(firstProfile)];
}
