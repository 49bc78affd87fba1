/**
 * Auto-renew's notices as VS Code notifications. Never a modal and never an input box: a
 * notification the person may ignore. Its buttons run commands the person chooses; only
 * Renew… may then ask for an MFA code.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { RenewalNotice, RenewalNotices } from '../core/lifecycle/autoRenew';
import { openSsoLoginTerminal } from '../commands/sessionCommands';

const RENEW = 'Renew…';
const SSO_LOGIN = 'Run aws sso login';
const SHOW_LOG = 'Show Log';
const ASSUME_AGAIN = 'Assume Again…';

export function renewalNotifications(log: vscode.LogOutputChannel): RenewalNotices {
  return {
    show(notice: RenewalNotice): void {
      void showNotice(notice, log);
    },
  };
}

async function showNotice(notice: RenewalNotice, log: vscode.LogOutputChannel): Promise<void> {
  if (notice.kind === 'code-needed') {
    // Renew Session shows its own progress and failure, and asks for the code.
    if ((await vscode.window.showWarningMessage(notice.message, RENEW)) === RENEW) await vscode.commands.executeCommand(COMMANDS.renewSession);
    return;
  }
  if (notice.kind === 'revoked') {
    // An error, not a warning: the window's credentials are gone. Assume Again… asks for a fresh code.
    const answer = await vscode.window.showErrorMessage(notice.message, ASSUME_AGAIN, SHOW_LOG);
    if (answer === ASSUME_AGAIN) await vscode.commands.executeCommand(COMMANDS.assumeRole, notice.profileName);
    else if (answer === SHOW_LOG) log.show(true);
    return;
  }
  const actions = notice.error.kind === 'sso-login-required' ? [SSO_LOGIN, SHOW_LOG] : [RENEW, SHOW_LOG];
  const answer = await vscode.window.showWarningMessage(notice.message, ...actions);
  if (answer === SSO_LOGIN) openSsoLoginTerminal(notice.error.hopProfileName ?? notice.profileName);
  else if (answer === RENEW) await vscode.commands.executeCommand(COMMANDS.renewSession);
  else if (answer === SHOW_LOG) log.show(true);
}
