/**
 * A workspace's own profile (`awsRoles.profile`): what the window offers, whether it assumes it
 * by itself, and what it reports. One pure function of (what the folders name, the profiles,
 * trust, the session, the settings), so every rule is unit-tested without VS Code; the glue in
 * `src/workspace/` reads the settings and copies the result into the status bar and the menu.
 *
 * The rules:
 * - An untrusted workspace names nothing: a hostile repository must not pick the role a person
 *   works as. (VS Code already hides a restricted setting's workspace values; this is the second lock.)
 * - Only a profile of the person's own AWS config can be named. A name that is not there is
 *   reported (once, by the glue) and offered nowhere.
 * - The window holds one session. With none, the status bar offers the first folder's profile
 *   (in the workspace's folder order; a folder without its own value has the workspace's).
 *   The menu lists every named profile with the folders that name it.
 * - A session already in the window (one restored after a reload included) wins: nothing is
 *   offered in its place and nothing is assumed.
 * - Assuming by itself happens only when the window opens (or is trusted), only when the
 *   user-level `awsRoles.autoAssumeWorkspaceProfile` is on, and only without any prompt: the
 *   glue assumes non-interactively, so an MFA code that would be needed ends the attempt
 *   (`mfa-code-needed`, before any STS call) and the profile stays offered.
 */

import type { SessionState } from './windowSessions';

/** What one workspace folder (or a window without folders) names in `awsRoles.profile`. */
export interface NamedProfile {
  readonly profileName: string;
  /** The folder whose setting names it; `undefined` for a window without folders. */
  readonly folderName: string | undefined;
}

/** A profile the workspace names, with every folder that names it (in folder order). */
export interface WorkspaceProfileOffer {
  readonly profileName: string;
  readonly folderNames: readonly string[];
  /** Whether the window has exactly one folder (or none): the text then says "this workspace". */
  readonly wholeWorkspace: boolean;
}

export interface WorkspaceProfileInput {
  /** Every folder's value, in the workspace's folder order; empty values already left out. */
  readonly named: readonly NamedProfile[];
  /** How many folders the window has (0 for a window without a folder). */
  readonly folderCount: number;
  /** `vscode.workspace.isTrusted`. */
  readonly trusted: boolean;
  /** Whether a profile of that name exists in the person's AWS config. */
  readonly profileExists: (profileName: string) => boolean;
  /** The window's session state. */
  readonly session: SessionState;
  /** `awsRoles.autoAssumeWorkspaceProfile` (user level only). */
  readonly autoAssume: boolean;
  /** True when the window has just opened (or just been trusted): the only moments to assume by itself. */
  readonly opening: boolean;
}

export interface WorkspaceProfileDecision {
  /** Every existing named profile, first-named first, for the session menu. */
  readonly offers: readonly WorkspaceProfileOffer[];
  /** What the idle status bar item offers: the first offer, only while the window has no session. */
  readonly idleOffer: WorkspaceProfileOffer | undefined;
  /** The profile to assume now, without any prompt; `undefined` for none. */
  readonly autoAssume: string | undefined;
  /** Named profiles that are not in the person's AWS config, to report once each. */
  readonly missing: readonly NamedProfile[];
}

const NOTHING: WorkspaceProfileDecision = { offers: [], idleOffer: undefined, autoAssume: undefined, missing: [] };

export function decideWorkspaceProfile(input: WorkspaceProfileInput): WorkspaceProfileDecision {
  if (!input.trusted || input.named.length === 0) return NOTHING;
  const wholeWorkspace = input.folderCount <= 1;
  const byName = new Map<string, string[]>();
  const missing: NamedProfile[] = [];
  for (const named of input.named) {
    const profileName = named.profileName.trim();
    if (!profileName) continue;
    if (!input.profileExists(profileName)) {
      if (!missing.some((m) => m.profileName === profileName && m.folderName === named.folderName)) missing.push({ ...named, profileName });
      continue;
    }
    const folders = byName.get(profileName) ?? [];
    if (named.folderName !== undefined && !folders.includes(named.folderName)) folders.push(named.folderName);
    byName.set(profileName, folders);
  }
  const offers = [...byName].map(([profileName, folderNames]) => ({ profileName, folderNames, wholeWorkspace }));
  // `none` only: an assume under way, a live session and an expired one all speak for themselves.
  const idle = input.session.status === 'none' && input.session.session === undefined;
  const idleOffer = idle ? offers[0] : undefined;
  const autoAssume = idleOffer && input.opening && input.autoAssume ? idleOffer.profileName : undefined;
  return { offers, idleOffer, autoAssume, missing };
}

/** Who works with the profile, for text: "This workspace", "Folder api", "Folders api and web". */
export function offerOwner(offer: WorkspaceProfileOffer): string {
  const folders = offer.folderNames;
  if (offer.wholeWorkspace || folders.length === 0) return 'This workspace';
  if (folders.length === 1) return `Folder ${folders[0]}`;
  return `Folders ${folders.slice(0, -1).join(', ')} and ${folders[folders.length - 1]}`;
}

/** The status bar's tooltip line for an offer: "This workspace is worked on with profile prod · click to assume". */
export function offerTooltip(offer: WorkspaceProfileOffer): string {
  const owner = offerOwner(offer);
  return `${owner} ${owner.startsWith('Folders ') ? 'are' : 'is'} worked on with profile ${offer.profileName} · click to assume`;
}

/** The session menu's label for an offer: "Assume prod — for folder api". */
export function offerMenuLabel(offer: WorkspaceProfileOffer, hasSession: boolean): string {
  const verb = hasSession ? 'Switch to' : 'Assume';
  const folders = offer.folderNames;
  const forWhom = offer.wholeWorkspace || folders.length === 0 ? 'this workspace' : `${folders.length === 1 ? 'folder' : 'folders'} ${folders.join(', ')}`;
  return `${verb} ${offer.profileName} — for ${forWhom}`;
}

/** The one warning for a named profile that is not in the AWS config: names the setting and the profile. */
export function missingProfileMessage(missing: NamedProfile, settingKey: string, configFile: string): string {
  const where = missing.folderName !== undefined ? ` of folder ${missing.folderName}` : '';
  return `The setting ${settingKey}${where} names the profile "${missing.profileName}", which is not in your AWS config (${configFile}); nothing is offered for it.`;
}

/** A folder of a multi-root window with a profile of its own (issue 22 §2). */
export interface FolderProfile {
  /** The folder's index in the workspace: what VS Code scopes a terminal's environment by. */
  readonly folderIndex: number;
  readonly folderName: string;
  readonly profileName: string;
}

/** One folder as the glue reads it: its own `awsRoles.profile` (its `.vscode/settings.json`), not the workspace's. */
export interface FolderSetting {
  readonly folderIndex: number;
  readonly folderName: string;
  /** The folder's own value, trimmed; empty when it names none. */
  readonly ownProfile: string;
}

/**
 * The folders that act as a profile of their own: in a trusted window of two folders or more,
 * each folder whose own setting names a profile of the person's AWS config. Terminals opened in
 * such a folder and its debug launches act as that profile once the person assumes the folder
 * profiles; folders without one (and a window of one folder, whose profile is the window's) get
 * the window's session. A workspace-level value is the window's profile, not a folder's.
 */
export function folderProfiles(input: { readonly folders: readonly FolderSetting[]; readonly trusted: boolean; readonly profileExists: (profileName: string) => boolean }): FolderProfile[] {
  if (!input.trusted || input.folders.length < 2) return [];
  return input.folders
    .filter((folder) => folder.ownProfile !== '' && input.profileExists(folder.ownProfile))
    .map((folder) => ({ folderIndex: folder.folderIndex, folderName: folder.folderName, profileName: folder.ownProfile }));
}
