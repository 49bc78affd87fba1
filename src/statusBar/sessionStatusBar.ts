/**
 * The status bar item of the window's session: the one owner of it. It renders whatever
 * `statusBarView` (core) says for the session's state and the wall clock, on every state
 * change and every tick of the session's lifecycle; it runs no timer of its own.
 */

import * as vscode from 'vscode';
import { COMMANDS, DEFAULT_WARN_BEFORE_SECONDS, SETTINGS, STATUS_BAR_ITEM_ID } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import type { Clock } from '../core/vocabulary/ports';
import { statusBarView, withOtherSessions, type OtherLiveSession, type StatusBarSettings, type StatusBarView } from '../core/presentation/statusBarView';
import type { Event } from '../core/vocabulary/events';
import type { WorkspaceProfileOffer } from '../core/lifecycle/workspaceProfile';
import { DisposableStore } from '../core/vocabulary/disposableStore';

/** The commands the tooltip's links may run: only these are trusted. */
const TOOLTIP_COMMANDS = [COMMANDS.assumeRole, COMMANDS.signOut, COMMANDS.renewSession];

export class SessionStatusBar implements vscode.Disposable {
  /** Exposed for the integration tests (through the test-mode handles of `activate`). */
  readonly item: vscode.StatusBarItem;
  private readonly disposables = new DisposableStore();
  /** What was rendered last, so an unchanged tick touches nothing. */
  private last: StatusBarView | undefined;

  constructor(
    private readonly sessions: Pick<WindowSessions, 'state' | 'onDidChangeState' | 'onDidCheckClock'>,
    private readonly clock: Clock,
    /** The workspace's own profile to offer while the window has no session (`workspaceProfile.ts`). */
    private readonly offer: () => WorkspaceProfileOffer | undefined = () => undefined,
    /** The window's other live sessions (terminals opened as a profile), and when they change or tick. */
    private readonly others?: { list(): readonly OtherLiveSession[]; readonly onDidChange: Event<void> },
  ) {
    this.item = this.disposables.add(vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, 0));
    // The name the status bar's own context menu lists, where people can hide the item.
    this.item.name = 'AWS Role Session';
    this.disposables.add(sessions.onDidChangeState(() => this.render()));
    this.disposables.add(sessions.onDidCheckClock(() => this.render()));
    if (others) this.disposables.add(others.onDidChange(() => this.render()));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS.section)) this.render();
      }),
    );
    this.render();
  }

  render(): void {
    const now = this.clock.now();
    const view = withOtherSessions(statusBarView(this.sessions.state, now, readSettings(), this.offer()), this.others?.list() ?? [], now);
    if (this.last && sameView(this.last, view)) return;
    this.last = view;
    const item = this.item;
    item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    item.backgroundColor =
      view.background === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.background === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    item.command =
      view.click === 'assume'
        ? view.assumeProfile !== undefined
          ? { command: COMMANDS.assumeRole, title: `Assume ${view.assumeProfile}`, arguments: [view.assumeProfile] }
          : COMMANDS.assumeRole
        : COMMANDS.showSessionMenu;
    if (view.visible) item.show();
    else item.hide();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function readSettings(): StatusBarSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  return {
    warnBeforeSeconds: config.get<number>(SETTINGS.warnBefore, DEFAULT_WARN_BEFORE_SECONDS),
    showWhenIdle: config.get<boolean>(SETTINGS.statusBarShowWhenIdle, true),
    canRenew: true,
    autoRenew: config.get<boolean>(SETTINGS.autoRenew, true),
    formatLocalTime: (date) => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
    commands: { assume: COMMANDS.assumeRole, signOut: COMMANDS.signOut, renew: COMMANDS.renewSession },
  };
}

function sameView(a: StatusBarView, b: StatusBarView): boolean {
  return (
    a.text === b.text &&
    a.tooltip === b.tooltip &&
    a.background === b.background &&
    a.accessibilityLabel === b.accessibilityLabel &&
    a.visible === b.visible &&
    a.click === b.click &&
    a.assumeProfile === b.assumeProfile
  );
}
