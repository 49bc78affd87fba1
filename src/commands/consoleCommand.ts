/**
 * Open Console: the AWS console in the browser, signed in as a role session through the AWS
 * federation endpoint. With a profile (a tree node, a name), or when the window has no session,
 * that profile is assumed for this one use and the window's session stays as it was; otherwise
 * the window's session signs in.
 *
 * The login URL holds a sign-in token that signs anyone in who has it: it goes to the opener
 * only, never to the log, a notification or any storage.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { ConsoleSignInError, consoleLoginUrl, refusalForProfile, type FederationPort } from '../core/console/consoleSignIn';
import type { ProfileStore } from '../core/config/profileStore';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import type { TimeSource } from '../core/vocabulary/ports';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';
import { profileNameOf, type ProfileTreeNode } from '../tree/profileNodes';
import { abortSignalOf, pickProfile } from './sessionCommands';

/** Hands a URL to the browser. Receives a secret: must not log or keep it. */
export type ExternalUrlOpener = (url: string) => Thenable<boolean>;

export interface ConsoleCommandDeps {
  readonly sessions: Pick<WindowSessions, 'current' | 'assumeForOneUse'>;
  readonly store: ProfileStore;
  readonly globalState: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  readonly federation: FederationPort;
  readonly openUrl: ExternalUrlOpener;
  readonly time: Pick<TimeSource, 'now'>;
  /** Where the browser reaches a federation endpoint (see `ConsoleSignInDeps.browserEndpoint`). */
  readonly browserEndpoint?: (endpoint: string) => Promise<string>;
  /** The environment that may override the federation endpoint. */
  readonly env: () => Readonly<Record<string, string | undefined>>;
}

export function registerConsoleCommand(deps: ConsoleCommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.openConsole, (target?: ProfileTreeNode | string) => openConsole(deps, target));
}

async function openConsole(deps: ConsoleCommandDeps, target?: ProfileTreeNode | string): Promise<boolean> {
  const named = profileNameOf(target);
  const windowSession = named === undefined ? deps.sessions.current : undefined;
  const profileName =
    named ?? windowSession?.profileName ?? (await pickProfile(deps, { title: 'Open Console', placeHolder: 'Pick the profile to sign in to the AWS console as' }));
  if (!profileName) return false;
  try {
    // Long-term keys cannot sign in to the console: say so before anything is assumed or sent.
    const profile = windowSession ? undefined : (await deps.store.getModel()).byName.get(profileName);
    const refusal = profile && refusalForProfile(profile);
    if (refusal) throw refusal;
    const opened = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Opening the AWS console as ${profileName}…`, cancellable: true },
      async (_progress, token) => {
        const signal = abortSignalOf(token);
        const session: RoleSession = windowSession ?? (await deps.sessions.assumeForOneUse(profileName, signal));
        const url = await consoleLoginUrl(session, { federation: deps.federation, env: deps.env(), now: deps.time.now(), browserEndpoint: deps.browserEndpoint }, signal);
        if (signal.aborted) return false;
        return deps.openUrl(url);
      },
    );
    deps.log.info(
      opened
        ? `opened the console for profile ${profileName} (${windowSession ? 'the window’s session' : 'assumed for this use'})`
        : `the console for profile ${profileName} was not opened`,
    );
    return opened;
  } catch (error) {
    return reportFailure(deps, profileName, error);
  }
}

function reportFailure(deps: ConsoleCommandDeps, profileName: string, error: unknown): false {
  const response = failureResponse('console', profileName, error);
  if (response.kind !== 'notice') {
    deps.log.info(`opening the console for profile ${profileName} was cancelled`);
    return false;
  }
  // Both error types carry messages that are safe to show and log; anything else is named only by its type.
  const known = error instanceof SessionError || error instanceof ConsoleSignInError;
  const message = known ? error.message : `Opening the console for profile ${profileName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
  deps.log.error(known ? `console sign-in for profile ${profileName} failed: ${message}` : `console sign-in for profile ${profileName} failed unexpectedly: ${error instanceof Error ? error.name : typeof error}`);
  // Not awaited: the command is done once it has said why; the notification waits for the person.
  void showFailureNotice(message, response, { log: deps.log });
  return false;
}
