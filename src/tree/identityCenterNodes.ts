/**
 * IAM Identity Center in the Profiles tree: a row per sign-in (each `[sso-session]`, each legacy
 * start URL), its accounts, and each account's roles, listed by the portal only after sign-in and
 * only when the row is expanded. A role row is a profile no file defines
 * (`acme/555555555555/ReadOnly`), so it is assumed, opened in a terminal or used for the console
 * exactly as a profile row is; **Add to AWS Config…** writes a `[profile]` for it when asked.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { Profile } from '../core/config/types';
import { ROW_SEPARATOR } from '../core/config/profileSummary';
import { IdentityCenterError } from '../core/identityCenter/identityCenterErrors';
import { identityCenterRoleProfileName, signInLabel } from '../core/identityCenter/identityCenterRoleProfiles';
import type { IdentityCenterSession } from '../core/identityCenter/identityCenterSessions';
import type { SignInState } from '../core/identityCenter/identityCenterSignIns';
import type { PortalAccount } from '../core/identityCenter/ports';

/** What the rows need: the sign-in's state, and the portal's listings (never a prompt). */
export interface IdentityCenterRowSource {
  accounts(session: IdentityCenterSession): Promise<readonly PortalAccount[]>;
  roleNames(session: IdentityCenterSession, accountId: string): Promise<readonly string[]>;
  /** The profile a role's name looks up (`ProfileModel.byName`). */
  profileNamed(name: string): Profile | undefined;
  /** Where else a profile is live, as the profile rows say it. */
  heldMarkOf?(profileName: string): string | undefined;
  activeProfileName?: string;
  activeTimeLeft?: string;
}

/** A row that only says something: what to do, or what went wrong. */
export class IdentityCenterMessageNode {
  readonly location = undefined;
  constructor(
    private readonly id: string,
    private readonly text: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'identityCenterMessage';
    if (this.command) item.command = this.command;
    return item;
  }

  tooltip(): string {
    return this.text;
  }

  getChildren(): IdentityCenterTreeNode[] {
    return [];
  }
}

/** One sign-in: its name, whether it is signed in, and (expanded) its accounts. */
export class IdentityCenterNode {
  readonly location = undefined;
  constructor(
    readonly identityCenterSession: IdentityCenterSession,
    private readonly state: SignInState,
    private readonly source: IdentityCenterRowSource,
  ) {}

  get id(): string {
    return `identityCenter:${this.identityCenterSession.key}`;
  }

  toTreeItem(): vscode.TreeItem {
    const session = this.identityCenterSession;
    const item = new vscode.TreeItem(signInLabel(session), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.description = ['IAM Identity Center', this.state.signedIn ? 'signed in' : 'not signed in'].join(ROW_SEPARATOR);
    item.contextValue = `identityCenter ${this.state.signedIn ? 'signedIn' : 'signedOut'}`;
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const session = this.identityCenterSession;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**IAM Identity Center**').appendMarkdown(session.sessionName ? ' · sso-session ' : ' · legacy start URL').appendText(session.sessionName ?? '');
    tooltip.appendMarkdown('\n\nStart URL: ').appendText(session.startUrl);
    tooltip.appendMarkdown('\n\nRegion: ').appendText(session.region);
    if (this.state.signedIn) {
      tooltip.appendMarkdown(
        this.state.refreshable
          ? '\n\nSigned in; renewed by itself until Identity Center ends the session.'
          : `\n\nSigned in until ${new Date(this.state.expiresAt).toLocaleTimeString()}.`,
      );
      if (this.state.source === 'cli-cache') tooltip.appendMarkdown('\n\nThe sign-in `aws sso login` left in `~/.aws/sso/cache`.');
    } else {
      tooltip.appendMarkdown('\n\nNot signed in: expand to sign in, or assume one of its profiles.');
    }
    return tooltip;
  }

  async getChildren(): Promise<IdentityCenterTreeNode[]> {
    const session = this.identityCenterSession;
    const signIn: vscode.Command = { title: 'Sign In to IAM Identity Center…', command: COMMANDS.signInToIdentityCenter, arguments: [{ identityCenterSession: session }] };
    if (!this.state.signedIn) return [new IdentityCenterMessageNode(`${this.id}/sign-in`, 'Sign in to list your accounts and roles…', 'sign-in', signIn)];
    try {
      const accounts = [...(await this.source.accounts(session))].sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId));
      if (accounts.length === 0) return [new IdentityCenterMessageNode(`${this.id}/none`, 'No account is assigned to you here.', 'info')];
      return accounts.map((account) => new IdentityCenterAccountNode(session, account, this.id, this.source));
    } catch (error) {
      return [failureRow(`${this.id}/failed`, error, signIn)];
    }
  }
}

/** One account the sign-in may use; expands into its roles. */
export class IdentityCenterAccountNode {
  readonly location = undefined;
  constructor(
    private readonly session: IdentityCenterSession,
    readonly account: PortalAccount,
    private readonly parentId: string,
    private readonly source: IdentityCenterRowSource,
  ) {}

  get id(): string {
    return `${this.parentId}/account:${this.account.accountId}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.account.accountName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('briefcase');
    item.description = this.account.accountId;
    item.contextValue = 'identityCenterAccount';
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(this.account.accountName).appendMarkdown('** · account ').appendText(this.account.accountId);
    if (this.account.emailAddress) tooltip.appendMarkdown('\n\n').appendText(this.account.emailAddress);
    return tooltip;
  }

  async getChildren(): Promise<IdentityCenterTreeNode[]> {
    const signIn: vscode.Command = { title: 'Sign In to IAM Identity Center…', command: COMMANDS.signInToIdentityCenter, arguments: [{ identityCenterSession: this.session }] };
    try {
      const roleNames = [...(await this.source.roleNames(this.session, this.account.accountId))].sort((a, b) => a.localeCompare(b));
      const rows = roleNames.flatMap((roleName) => {
        const name = identityCenterRoleProfileName({ ...this.session, accountId: this.account.accountId, roleName });
        const profile = this.source.profileNamed(name);
        return profile ? [new IdentityCenterRoleNode(profile, this.account, roleName, this.id, this.source)] : [];
      });
      return rows.length ? rows : [new IdentityCenterMessageNode(`${this.id}/none`, 'No role is assigned to you in this account.', 'info')];
    } catch (error) {
      return [failureRow(`${this.id}/failed`, error, signIn)];
    }
  }
}

/** A role (permission set) of an account: a profile the tree offers as any profile row. */
export class IdentityCenterRoleNode {
  readonly location = undefined;
  constructor(
    /** The role's profile (`acme/555555555555/ReadOnly`): commands given this row act on it. */
    readonly profile: Profile,
    private readonly account: PortalAccount,
    readonly roleName: string,
    private readonly parentId: string,
    private readonly source: IdentityCenterRowSource,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const active = this.source.activeProfileName === this.profile.name;
    const item = new vscode.TreeItem(this.roleName, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/role:${this.roleName}`;
    item.iconPath = active ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('shield');
    const held = this.source.heldMarkOf?.(this.profile.name);
    item.description = [active ? 'active' : undefined, active ? this.source.activeTimeLeft : undefined, held].filter(Boolean).join(ROW_SEPARATOR) || undefined;
    item.contextValue = ['identityCenterRole', 'sso', 'assumable', ...(active ? ['active'] : []), ...(held ? ['held'] : [])].join(' ');
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(this.roleName).appendMarkdown('** in account ').appendText(`${this.account.accountName} (${this.account.accountId})`);
    tooltip.appendMarkdown('\n\nProfile name (for `"awsProfile"` in a launch configuration): ').appendText(this.profile.name);
    tooltip.appendMarkdown('\n\nNo profile in your AWS config: **Add to AWS Config…** writes one.');
    return tooltip;
  }

  getChildren(): IdentityCenterTreeNode[] {
    return [];
  }
}

export type IdentityCenterTreeNode = IdentityCenterNode | IdentityCenterAccountNode | IdentityCenterRoleNode | IdentityCenterMessageNode;

function failureRow(id: string, error: unknown, signIn: vscode.Command): IdentityCenterMessageNode {
  if (error instanceof IdentityCenterError) {
    const needsSignIn = error.kind === 'sign-in-needed' || error.kind === 'refused';
    return new IdentityCenterMessageNode(id, error.message, needsSignIn ? 'sign-in' : 'error', needsSignIn ? signIn : undefined);
  }
  return new IdentityCenterMessageNode(id, `Listing failed (${error instanceof Error ? error.name : typeof error}). Refresh to try again.`, 'error');
}
