/** Commands of the session: Assume Role…, Sign Out, Show Identity. */

import * as vscode from 'vscode';
import { COMMANDS, SETTINGS } from '../constants';
import { describeProfile, isAssumable, ROW_SEPARATOR } from '../core/config/profileSummary';
import { sortProfiles } from '../core/config/profileModel';
import type { ProfileStore } from '../core/config/profileStore';
import type { Profile } from '../core/config/types';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { describeAssumed, describeKeysSession, describeMfaSessionEndedElsewhere, type KeysSessionSettings } from '../core/presentation/sessionMessages';
import type { SignOutBroadcast } from '../core/lifecycle/signOutBroadcast';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';
import { profileNameOf, type ProfileTreeNode } from '../tree/profileNodes';

/** Recently assumed profile names (names only: nothing secret), newest first. */
const RECENT_PROFILES_KEY = 'awsRoles.recentProfiles';
const RECENT_LIMIT = 10;

export interface SessionCommandDeps {
  readonly sessions: Pick<WindowSessions, 'current' | 'assume' | 'identity' | 'signOut' | 'mfaSessionsEndedElsewhere'>;
  /** Sign Out tells the other windows through it; they end what they hold of the MFA sessions. */
  readonly signOuts: SignOutBroadcast;
  readonly store: ProfileStore;
  readonly globalState: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  /** What decides how a profile of long-term keys is handed out, for the picker's words. */
  readonly keysSession?: () => KeysSessionSettings;
  /** Sign Out also signs out of IAM Identity Center (the portal's Logout) and deletes its tokens. */
  readonly identityCenter?: { signOutAll(): Promise<number> };
}

export function registerSessionCommands(deps: SessionCommandDeps): vscode.Disposable[] {
  return [
    // Resolves with nothing: any extension can run a command, and the session it made holds its credentials.
    vscode.commands.registerCommand(COMMANDS.assumeRole, async (target?: ProfileTreeNode | string) => {
      await assumeRole(deps, target);
    }),
    vscode.commands.registerCommand(COMMANDS.signOut, () => signOut(deps)),
    vscode.commands.registerCommand(COMMANDS.showIdentity, () => showIdentity(deps)),
  ];
}

interface ProfilePickItem extends vscode.QuickPickItem {
  readonly profileName?: string;
}

/** The quick pick of assumable profiles, recently used first; also Open Console's when no profile is given. */
export async function pickProfile(
  deps: Pick<SessionCommandDeps, 'store' | 'globalState' | 'keysSession'>,
  words: { readonly title: string; readonly placeHolder: string } = { title: 'Assume Role', placeHolder: 'Pick the profile whose role to assume' },
): Promise<string | undefined> {
  const model = await deps.store.getModel();
  const assumable = sortProfiles(model.profiles.filter(isAssumable));
  if (assumable.length === 0) {
    const open = 'Open AWS Config File';
    const answer = await vscode.window.showWarningMessage('No profile in your AWS config can yield credentials yet.', open);
    if (answer === open) await vscode.commands.executeCommand(COMMANDS.openConfigFile);
    return undefined;
  }
  const recent = deps.globalState.get<string[]>(RECENT_PROFILES_KEY, []).filter((name) => assumable.some((p) => p.name === name));
  // One read of the settings for the whole list, not one per profile.
  const keysSession = deps.keysSession?.();
  const toItem = (profile: Profile): ProfilePickItem => ({
    label: profile.name,
    description: [describeProfile(profile), keysSession ? describeKeysSession(profile, keysSession) : undefined, profile.needsMfa ? '$(lock) MFA' : undefined]
      .filter(Boolean)
      .join(ROW_SEPARATOR),
    profileName: profile.name,
  });
  const byName = new Map(assumable.map((profile) => [profile.name, profile]));
  const items: ProfilePickItem[] = [];
  if (recent.length > 0) {
    items.push({ label: 'recently used', kind: vscode.QuickPickItemKind.Separator });
    for (const name of recent) items.push(toItem(byName.get(name)!));
    items.push({ label: 'all profiles', kind: vscode.QuickPickItemKind.Separator });
  }
  for (const profile of assumable) if (!recent.includes(profile.name)) items.push(toItem(profile));
  const picked = await vscode.window.showQuickPick(items, { ...words, matchOnDescription: true });
  return picked?.profileName;
}

async function assumeRole(deps: SessionCommandDeps, target?: ProfileTreeNode | string): Promise<RoleSession | undefined> {
  const profileName = profileNameOf(target) ?? (await pickProfile(deps));
  if (!profileName) return undefined;
  try {
    const session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Assuming profile ${profileName}…`, cancellable: true },
      (_progress, token) => deps.sessions.assume(profileName, abortSignalOf(token)),
    );
    await remember(deps.globalState, profileName);
    for (const notice of session.notices) void vscode.window.showWarningMessage(notice);
    void showAssumed(session);
    return session;
  } catch (error) {
    return reportFailure(deps, profileName, error, () => assumeRole(deps, profileName));
  }
}

/** Profile, role, account and end time first; the ARN (also in the log) one click away. */
async function showAssumed(session: RoleSession): Promise<void> {
  const arn = session.assumedRoleArn ?? session.identity?.arn;
  const copy = 'Copy ARN';
  // The session was obtained a moment ago: its clock reading is "now" for the minutes left.
  const answer = await vscode.window.showInformationMessage(describeAssumed(session, session.obtainedAt, formatTime), ...(arn ? [copy] : []));
  if (answer === copy && arn) await vscode.env.clipboard.writeText(arn);
}

async function reportFailure(
  deps: SessionCommandDeps,
  profileName: string,
  error: unknown,
  retry: () => Promise<RoleSession | undefined>,
): Promise<undefined> {
  const response = failureResponse('assume', profileName, error);
  // The engine has logged every SessionError it raised (a cancel included); only what it never saw goes to the log here.
  if (response.kind !== 'notice') {
    // The user asked for something newer (another profile, or Sign Out): that is what they see.
    if (error instanceof SessionError && error.kind === 'superseded') deps.log.info(`Assume of profile ${profileName} replaced by a newer request; nothing changed.`);
    return undefined;
  }
  const message = error instanceof SessionError ? error.message : `Assuming profile ${profileName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
  if (!(error instanceof SessionError)) deps.log.error(`Unexpected failure assuming ${profileName}: ${error instanceof Error ? error.name : typeof error}`);
  await showFailureNotice(message, response, {
    log: deps.log,
    retry,
    assumeAgain: retry,
    allowLongTermKeys: async (name) => {
      if (await allowLongTermKeys(name)) await retry();
    },
  });
  return undefined;
}

/**
 * The person's own opt-in to hand out a profile's long-term keys, after saying plainly what it
 * means. Written to their user settings only: a workspace can never allow it.
 */
async function allowLongTermKeys(profileName: string): Promise<boolean> {
  const allow = 'Allow and Assume';
  const answer = await vscode.window.showWarningMessage(
    `Hand out ${profileName}'s long-term keys as they are?`,
    {
      modal: true,
      detail: `They never end: anyone who copies them keeps your access until the keys are deleted in IAM. Debug launches get them, terminals only where VS Code writes nothing to disk, and they are never kept across a reload. This adds "${profileName}" to awsRoles.allowLongTermKeys in your user settings; remove it there to go back to sessions.`,
    },
    allow,
  );
  if (answer !== allow) return false;
  const configuration = vscode.workspace.getConfiguration(SETTINGS.section);
  const allowed = configuration.inspect<string[]>(SETTINGS.allowLongTermKeys)?.globalValue ?? [];
  if (!allowed.includes(profileName)) await configuration.update(SETTINGS.allowLongTermKeys, [...allowed, profileName], vscode.ConfigurationTarget.Global);
  return true;
}

async function signOut(deps: SessionCommandDeps): Promise<void> {
  const had = deps.sessions.current?.profileName;
  await deps.sessions.signOut();
  const signIns = await (deps.identityCenter?.signOutAll() ?? Promise.resolve(0)).catch((error: unknown) => {
    deps.log.warn(`could not sign out of IAM Identity Center: ${error instanceof Error ? error.name : typeof error}`);
    return 0;
  });
  // Once the MFA sessions are deleted: the other windows then drop what they hold of them and say so.
  await deps.signOuts.announce().then(undefined, (error: unknown) => deps.log.warn(`could not tell the other windows of the sign-out: ${error instanceof Error ? error.name : typeof error}`));
  void vscode.window.showInformationMessage(
    (had ? `Signed out of ${had}; cached MFA sessions are forgotten in every window.` : 'No active session; cached MFA sessions are forgotten in every window.') +
      (signIns ? ` Signed out of IAM Identity Center${signIns > 1 ? ` (${signIns} sign-ins)` : ''}.` : ''),
  );
}

/**
 * Another window signed out: this one drops what it holds of the MFA sessions and, when its
 * session rode one, says what still works and offers to sign out here too.
 */
export function followSignOutsElsewhere(deps: Pick<SessionCommandDeps, 'sessions' | 'signOuts'>): vscode.Disposable {
  return deps.signOuts.onDidSignOutElsewhere(() => {
    const session = deps.sessions.mfaSessionsEndedElsewhere();
    if (session) void offerSignOutHere(session);
  });
}

async function offerSignOutHere(session: RoleSession): Promise<void> {
  const signOutHere = 'Sign Out Here Too';
  const answer = await vscode.window.showWarningMessage(describeMfaSessionEndedElsewhere(session, Date.now(), formatTime), signOutHere);
  if (answer === signOutHere) await vscode.commands.executeCommand(COMMANDS.signOut);
}

async function showIdentity(deps: SessionCommandDeps): Promise<void> {
  const session = deps.sessions.current;
  const pending = deps.sessions.identity();
  if (!session || !pending) {
    const assume = 'Assume Role…';
    if ((await vscode.window.showInformationMessage('No active AWS session in this window.', assume)) === assume) {
      await vscode.commands.executeCommand(COMMANDS.assumeRole);
    }
    return;
  }
  try {
    const identity = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Asking STS who you are…' },
      () => pending,
    );
    const until = session.credentials.expiration ? `; the session ends at ${formatTime(session.credentials.expiration)}` : '';
    void vscode.window.showInformationMessage(`You are ${identity.arn} (account ${identity.account}) through profile ${session.profileName}${until}.`);
  } catch (error) {
    await reportFailure(deps, session.profileName, error, async () => {
      await showIdentity(deps);
      return undefined;
    });
  }
}

async function remember(state: vscode.Memento, profileName: string): Promise<void> {
  const recent = state.get<string[]>(RECENT_PROFILES_KEY, []).filter((name) => name !== profileName);
  await state.update(RECENT_PROFILES_KEY, [profileName, ...recent].slice(0, RECENT_LIMIT));
}

/** Aborts when any of the tokens is cancelled (a progress notification's, a provider's). */
export function abortSignalOf(...tokens: (vscode.CancellationToken | undefined)[]): AbortSignal {
  const controller = new AbortController();
  for (const token of tokens) {
    if (!token) continue;
    if (token.isCancellationRequested) controller.abort();
    else token.onCancellationRequested(() => controller.abort());
  }
  return controller.signal;
}

function formatTime(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
