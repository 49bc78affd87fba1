/**
 * The nodes of the Profiles tree. Each turns one piece of the profile model into a TreeItem;
 * `contextValue` carries space-separated tokens that package.json menus match on
 * (`viewItem =~ /\blocated\b/` shows "Open in Config File").
 *
 * Tooltips are built only when VS Code asks for them on hover (`tooltip()`, through the
 * provider's `resolveTreeItem`): a tree of thousands of profiles sent every tooltip up front,
 * megabytes of Markdown, and its first row took seconds to appear.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import {
  describeHop,
  describeKind,
  describeProblem,
  describeProfileRow,
  formatLocation,
  isAssumable,
  primaryProblem,
  ROW_SEPARATOR,
  summarizeProfile,
} from '../core/config/profileSummary';
import { isLocated } from '../core/config/profileModel';
import type { ChainHop, ConfigProblem, Profile, ProfileKind, ProfileModel, SourceLocation } from '../core/config/types';
import type { IdentityCenterTreeNode } from './identityCenterNodes';

// One icon object per kind, shared by every row: a tree of 10,000 profiles made 10,000 of them,
// each kept alive by VS Code with its row, and the garbage collector copied them all.
const KIND_ICONS: Record<ProfileKind, vscode.ThemeIcon> = {
  role: new vscode.ThemeIcon('shield'),
  staticKeys: new vscode.ThemeIcon('key'),
  webIdentity: new vscode.ThemeIcon('globe'),
  process: new vscode.ThemeIcon('terminal'),
  sso: new vscode.ThemeIcon('organization'),
  login: new vscode.ThemeIcon('sign-in'),
  credentialSource: new vscode.ThemeIcon('server-environment'),
  none: new vscode.ThemeIcon('circle-slash'),
};
const ACTIVE_ICON = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
const ERROR_ICON = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
const WARNING_ICON = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));

/** The marks a profile row's contextValue carries after `profile <kind>`, in this order, as bits. */
const PROFILE_MARKS = ['hasProblems', 'assumable', 'needsMfa', 'active', 'held', 'located'] as const;
const MARK = Object.fromEntries(PROFILE_MARKS.map((mark, bit) => [mark, 1 << bit])) as Record<(typeof PROFILE_MARKS)[number], number>;
/**
 * Each profile row's contextValue, made once per kind and set of marks and then shared: building
 * it per row (arrays of tokens, a join) made a fifth of the garbage of a 10,000-profile tree.
 */
const PROFILE_CONTEXT_VALUES = new Map<ProfileKind, string[]>();

function profileContextValue(kind: ProfileKind, marks: number): string {
  let ofKind = PROFILE_CONTEXT_VALUES.get(kind);
  if (!ofKind) PROFILE_CONTEXT_VALUES.set(kind, (ofKind = []));
  return (ofKind[marks] ??= ['profile', kind, ...PROFILE_MARKS.filter((mark) => (marks & MARK[mark]) !== 0)].join(' '));
}

/** Any node of the tree. */
export type ProfileTreeNode = ProfileNode | HopNode | ProblemNode | IdentityCenterTreeNode;

abstract class BaseNode {
  /** Where "Open in Config File" goes for this node. */
  abstract readonly location: SourceLocation | undefined;
  /** The row, without its tooltip. */
  abstract toTreeItem(): vscode.TreeItem;
  /** The tooltip, built when the row is hovered. */
  abstract tooltip(): vscode.MarkdownString | string;
  getChildren(): ProfileTreeNode[] {
    return [];
  }

  protected contextValue(...tokens: string[]): string {
    return [...tokens, ...(this.location ? ['located'] : [])].join(' ');
  }
}

/** A problem, as a child of the profile or hop it belongs to, or at the top for a file. */
export class ProblemNode extends BaseNode {
  constructor(
    readonly problem: ConfigProblem,
    private readonly parentId: string,
    private readonly index: number,
  ) {
    super();
  }

  get location(): SourceLocation | undefined {
    return this.problem.location;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.problem.message, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/problem:${this.index}`;
    item.iconPath = problemIcon(this.problem);
    item.contextValue = this.contextValue('problem', this.problem.code);
    if (this.location) item.command = openCommand(this.location);
    return item;
  }

  tooltip(): string {
    const kind = `${this.problem.severity === 'error' ? 'Error' : 'Warning'}: ${describeProblem(this.problem)}`;
    return [kind, this.problem.message, ...(this.location ? [formatLocation(this.location)] : [])].join('\n');
  }
}

/** One profile of the user's files. Expands into its problems and its chain. */
export class ProfileNode extends BaseNode {
  constructor(
    readonly profile: Profile,
    private readonly model: ProfileModel,
    /** True for the profile of the window's active session. */
    readonly active = false,
    /** The active session's time left, e.g. `42 min left`. */
    private readonly timeLeft?: string,
    /** What assuming it gives, when that is not plain: "session of alice's keys, 12 h". */
    private readonly sessionWords?: string,
    /** Where else it is live: "in a terminal - 42 min left". */
    private readonly heldMark?: string,
  ) {
    super();
  }

  get location(): SourceLocation | undefined {
    return this.profile.locations[0];
  }

  get id(): string {
    return `profile:${this.profile.name}`;
  }

  toTreeItem(): vscode.TreeItem {
    const { profile } = this;
    // A role always has a hop below it, or a problem saying why not; asking the chain for its
    // length would list every hop of every row (a thousand each in a thousand-profile cycle).
    const expandable = profile.problems.length > 0 || profile.kind === 'role';
    const item = new vscode.TreeItem(
      profile.name,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = describeProfileRow(profile, this.active, this.timeLeft, this.sessionWords, this.heldMark);
    const problem = primaryProblem(profile.problems);
    item.iconPath = this.active ? ACTIVE_ICON : problem ? problemIcon(problem) : KIND_ICONS[profile.kind];
    let marks = 0;
    if (problem) marks |= MARK.hasProblems;
    if (isAssumable(profile)) marks |= MARK.assumable;
    if (profile.needsMfa) marks |= MARK.needsMfa;
    if (this.active) marks |= MARK.active;
    if (this.heldMark) marks |= MARK.held;
    // Whether it has a place, not the place: `location` makes the profile's header objects.
    if (isLocated(profile)) marks |= MARK.located;
    item.contextValue = profileContextValue(profile.kind, marks);
    return item;
  }

  tooltip(): vscode.MarkdownString {
    return profileTooltip(this.profile, this.active);
  }

  override getChildren(): ProfileTreeNode[] {
    const problems = this.profile.problems.map((problem, index) => new ProblemNode(problem, this.id, index));
    // The first hop is the profile itself; its children are the hops below it.
    const hops = this.profile.chain.hops.slice(1).map((hop, index) => new HopNode(hop, index + 1, this.id, this.model, this.active));
    return [...problems, ...hops];
  }
}

/** One step of a role chain below the profile that was picked. */
export class HopNode extends BaseNode {
  constructor(
    readonly hop: ChainHop,
    /** 1 for the profile's source, 2 for the source's source, and so on. */
    readonly depth: number,
    private readonly parentId: string,
    private readonly model: ProfileModel,
    /** True when the hop belongs to the active session's chain. */
    private readonly inActiveChain = false,
  ) {
    super();
  }

  get location(): SourceLocation | undefined {
    return this.hop.location;
  }

  toTreeItem(): vscode.TreeItem {
    const { hop } = this;
    const hopProfile = this.model.byName.get(hop.profileName);
    const isRoot = hop.kind !== 'role';
    const label = isRoot && hop.kind === 'credentialSource' ? (hop.credentialSource ?? 'credential source') : hop.profileName;
    const item = new vscode.TreeItem(`${this.depth}. ${label}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/hop:${this.depth}:${hop.profileName}`;
    item.description =
      [describeHop(hop, hopProfile), isRoot ? 'root' : undefined, hop.chained ? 'chained' : undefined, this.inActiveChain ? 'in use' : undefined]
        .filter(Boolean)
        .join(ROW_SEPARATOR);
    item.iconPath = KIND_ICONS[hop.kind];
    item.contextValue = this.contextValue('hop', hop.kind);
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const { hop } = this;
    const isRoot = hop.kind !== 'role';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${isRoot ? 'Root credentials' : 'Role'}** · profile `).appendText(hop.profileName);
    if (hop.roleArn) tooltip.appendMarkdown('\n\nRole ARN: ').appendText(hop.roleArn);
    if (hop.mfaSerial) tooltip.appendMarkdown('\n\nMFA device: ').appendText(hop.mfaSerial);
    if (hop.chained) tooltip.appendMarkdown('\n\nAssumed with temporary credentials: STS caps the session at one hour.');
    if (!isRoot) tooltip.appendMarkdown('\n\nKind: ').appendText(describeKind(hop.kind));
    if (hop.location) tooltip.appendMarkdown('\n\nDefined in ').appendText(formatLocation(hop.location));
    return tooltip;
  }
}

/** The profile a command was given: a name (the palette, another command), or a profile row of the tree (an Identity Center role's too). */
export function profileNameOf(target: ProfileTreeNode | string | undefined): string | undefined {
  return typeof target === 'string' ? target : target && 'profile' in target ? target.profile.name : undefined;
}

/** What marks the rows beyond the profiles themselves. */
export interface RowMarks {
  /** The profile of the window's session, and its time left. */
  readonly activeProfileName?: string;
  readonly activeTimeLeft?: string;
  /** What assuming a profile gives, when that is not plain. */
  readonly sessionWordsOf?: (profile: Profile) => string | undefined;
  /** Where else a profile is live (a terminal's session). */
  readonly heldMarkOf?: (profileName: string) => string | undefined;
}

/** The nodes at the top of the tree: file problems first, then the profiles. */
export function toRootNodes(model: ProfileModel, profiles: readonly Profile[], marks: RowMarks = {}): (ProfileNode | ProblemNode)[] {
  const fileProblems = model.fileProblems.map((problem, index) => new ProblemNode(problem, 'files', index));
  return [
    ...fileProblems,
    ...profiles.map((profile) => {
      const active = profile.name === marks.activeProfileName;
      return new ProfileNode(profile, model, active, active ? marks.activeTimeLeft : undefined, marks.sessionWordsOf?.(profile), marks.heldMarkOf?.(profile.name));
    }),
  ];
}

function profileTooltip(profile: Profile, active: boolean): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**').appendText(profile.name).appendMarkdown('**');
  if (active) tooltip.appendMarkdown(' · the active session of this window');
  for (const problem of profile.problems) {
    tooltip.appendMarkdown(`\n\n$(${problem.severity === 'error' ? 'error' : 'warning'}) `).appendText(problem.message);
  }
  for (const fact of summarizeProfile(profile)) {
    tooltip.appendMarkdown(`\n\n${fact.label}: `).appendText(fact.value);
  }
  tooltip.supportThemeIcons = true;
  return tooltip;
}

function problemIcon(problem: ConfigProblem): vscode.ThemeIcon {
  return problem.severity === 'error' ? ERROR_ICON : WARNING_ICON;
}

function openCommand(location: SourceLocation): vscode.Command {
  return { title: 'Open in Config File', command: COMMANDS.openInConfigFile, arguments: [location] };
}
