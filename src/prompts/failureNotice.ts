/**
 * A failed assume or renewal as a VS Code notification: the buttons `failureResponse` chose (core),
 * and what each one does when the person clicks it.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { FailureAction, FailureResponse } from '../core/presentation/failureActions';
import { posixQuote } from '../core/injection/sessionExports';

/** What the buttons act on; a caller passes only those its place can offer. */
export interface FailureNoticeHandlers {
  /** The output channel Show Log reveals. */
  readonly log: vscode.LogOutputChannel;
  /** Retry: the failed command again, as it was. */
  readonly retry?: () => Promise<unknown>;
  /** Assume Again…; without it, the Assume Role command for the profile. */
  readonly assumeAgain?: (profileName: string) => Promise<unknown>;
  /** Allow …'s Long-Term Keys…: the person's opt-in, then the assume again. */
  readonly allowLongTermKeys?: (profileName: string) => Promise<unknown>;
}

/**
 * Shows `message` with the response's buttons (nothing when the response is not a notice) and
 * runs the one the person chooses. Settles once that has run, or when the notice is dismissed.
 */
export async function showFailureNotice(message: string, response: FailureResponse, handlers: FailureNoticeHandlers): Promise<void> {
  if (response.kind !== 'notice') return;
  const labels = response.actions.map((action) => action.label);
  const answer = response.severity === 'error' ? await vscode.window.showErrorMessage(message, ...labels) : await vscode.window.showWarningMessage(message, ...labels);
  const chosen = response.actions.find((action) => action.label === answer);
  if (chosen) await run(chosen, handlers);
}

async function run(action: FailureAction, handlers: FailureNoticeHandlers): Promise<void> {
  switch (action.id) {
    case 'retry':
      await handlers.retry?.();
      return;
    case 'renew':
      // Renew Session shows its own progress and failure, and asks for the code.
      await vscode.commands.executeCommand(COMMANDS.renewSession);
      return;
    case 'show-log':
      handlers.log.show(true);
      return;
    case 'sso-sign-in': {
      // Signed in: what failed runs again (an assume retries; auto-renew's session renews), with no second click.
      const signedIn = await vscode.commands.executeCommand<boolean>(COMMANDS.signInToIdentityCenter, action.profileName);
      if (!signedIn) return;
      if (handlers.retry) await handlers.retry();
      else await vscode.commands.executeCommand(COMMANDS.renewSession);
      return;
    }
    case 'console-login':
      openLoginTerminal(action.profileName);
      return;
    case 'assume-again':
      if (handlers.assumeAgain) await handlers.assumeAgain(action.profileName);
      else await vscode.commands.executeCommand(COMMANDS.assumeRole, action.profileName);
      return;
    case 'allow-long-term-keys':
      await handlers.allowLongTermKeys?.(action.profileName);
      return;
  }
}

/** Opens a terminal running `aws login` for the profile whose console sign-in ended. */
function openLoginTerminal(profileName: string): void {
  // Transient: VS Code never writes a terminal the extension opens to disk, nor revives it.
  const terminal = vscode.window.createTerminal({ name: `aws login (${profileName})`, isTransient: true });
  terminal.show();
  // A plain name is typed as it is; anything else quoted, as the person would.
  terminal.sendText(`aws login --profile ${/^[\w@%+=:,./-]+$/.test(profileName) ? profileName : posixQuote(profileName)}`);
}
