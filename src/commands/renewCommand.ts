/** Renew Session: fresh credentials for the window's session, from the status bar or the palette. */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { SessionError } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';

/** The window's session, as far as these use it. */
type RenewedSessions = Pick<WindowSessions, 'current' | 'state' | 'renew'>;

export function registerRenewCommand(sessions: RenewedSessions, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.renewSession, () => renewSession(sessions, log));
}

async function renewSession(sessions: RenewedSessions, log: vscode.LogOutputChannel): Promise<void> {
  const profileName = sessions.state.session?.profileName;
  if (!profileName) {
    const assume = 'Assume Role…';
    if ((await vscode.window.showInformationMessage('No AWS session in this window to renew.', assume)) === assume) {
      await vscode.commands.executeCommand(COMMANDS.assumeRole);
    }
    return;
  }
  const started = Date.now();
  try {
    // In the status bar, not a notification: the item's own spinner and countdown say the rest.
    const renewed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Renewing ${profileName}…` }, () => sessions.renew());
    const end = renewed.credentials.expiration?.toISOString() ?? 'never';
    log.info(`renewed profile ${profileName} in ${Date.now() - started} ms (${renewed.stsCalls} STS call${renewed.stsCalls === 1 ? '' : 's'}), expires ${end}`);
  } catch (error) {
    const response = failureResponse('renewal', profileName, error);
    if (response.kind !== 'notice') {
      // Only a cancel or a newer request gets here: a SessionError, whose message is safe to log.
      log.info(`renewal of profile ${profileName} stopped: ${(error as SessionError).message}`);
      return;
    }
    const message = error instanceof SessionError ? error.message : `Renewing profile ${profileName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    log.error(error instanceof SessionError ? `${message} (${error.kind})` : `Unexpected failure renewing ${profileName}: ${error instanceof Error ? error.name : typeof error}`);
    const kept = sessions.current ? ' The current credentials are kept until they end.' : '';
    await showFailureNotice(`${message}${kept}`, response, { log });
  }
}
