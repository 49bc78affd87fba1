/**
 * The few `vscode` classes the Profiles tree's provider and nodes (src/tree/) build their items
 * with, so `identity-center-tree-500-accounts` and `profileConfigLoad.js --tree` run the real
 * classes in plain Node (bench/withVscodeStub.ts maps `require('vscode')` here while it loads them).
 * Plain data holders, as VS Code's own `TreeItem`, `ThemeIcon` and `MarkdownString` are in the
 * extension host; what VS Code does with the items afterwards (sending them to the workbench,
 * drawing the rows) is not here, and is not in that benchmark's figure.
 */

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
type CollapsibleState = (typeof TreeItemCollapsibleState)[keyof typeof TreeItemCollapsibleState];

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  value = '';

  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }

  /** As VS Code's: the text escaped so it shows as written. */
  appendText(value: string): this {
    this.value += value.replace(/[\\`*_{}[\]()#+\-.!<>]/g, '\\$&');
    return this;
  }
}

export class TreeItem {
  id?: string;
  iconPath?: ThemeIcon;
  description?: string;
  contextValue?: string;
  command?: { readonly title: string; readonly command: string; readonly arguments?: unknown[] };
  tooltip?: string | MarkdownString;

  constructor(
    public label: string,
    public collapsibleState: CollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

/** As VS Code's: `event` subscribes, `fire` calls every listener (the provider's change event). */
export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
