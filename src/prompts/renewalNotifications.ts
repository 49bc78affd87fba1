/**
 * Auto-renew's notices as VS Code notifications. Never a modal and never an input box: a
 * notification the person may ignore. Its buttons (`renewalNoticeResponse`) run commands the
 * person chooses; only Renew… may then ask for an MFA code.
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { failureResponse, renewalNoticeResponse } from '../core/presentation/failureActions';
import { heldSessionName } from '../core/presentation/activeProfileMark';
import { SessionError, type RoleSession, type SessionAccess } from '../core/vocabulary/sessionTypes';
import type { RenewalNotice, RenewalNotices } from '../core/lifecycle/autoRenew';
import { showFailureNotice } from './failureNotice';

export function renewalNotifications(log: vscode.LogOutputChannel): RenewalNotices {
  return {
    show(notice: RenewalNotice): void {
      void showFailureNotice(notice.message, renewalNoticeResponse(notice), { log });
    },
  };
}

const RENEW = 'Renew…';

/**
 * A session held for terminals, folders or launches could not renew by itself because an MFA
 * code is needed: one notification with **Renew…**, which may then ask for the code. Ignored, the
 * session keeps its credentials until they end.
 */
export async function showHeldRenewalNeedsCode(
  held: { readonly profileName: string; readonly access: SessionAccess; readonly session: RoleSession },
  renew: () => Promise<unknown>,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const name = heldSessionName(held);
  const end = held.session.credentials.expiration;
  const until = end ? `until ${end.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : 'until they end';
  const answer = await vscode.window.showInformationMessage(`The session of ${name} needs an MFA code to renew. Its terminals, folders and launches keep their credentials ${until}.`, RENEW);
  if (answer !== RENEW) return;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Renewing the session of ${name}…` }, renew);
  } catch (error) {
    const message = error instanceof SessionError ? error.message : `Renewing the session of ${name} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    await showFailureNotice(message, failureResponse('assume', held.profileName, error), { log });
  }
}

/**
 * A held session (terminals, folders, launches) could not renew because IAM Identity Center's
 * session has ended: said once, with **Sign In…**, which signs in and then renews it. Never a
 * page opened by itself.
 */
export async function showHeldRenewalNeedsSignIn(
  held: { readonly profileName: string; readonly access: SessionAccess; readonly session: RoleSession },
  failure: SessionError,
  renew: () => Promise<unknown>,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const name = heldSessionName(held);
  const end = held.session.credentials.expiration;
  const until = end ? `until ${end.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : 'until they end';
  const signIn = 'Sign In…';
  const answer = await vscode.window.showInformationMessage(`The session of ${name} needs you to sign in to IAM Identity Center again to renew. Its terminals, folders and launches keep their credentials ${until}.`, signIn);
  if (answer !== signIn) return;
  const signedIn = await vscode.commands.executeCommand<boolean>(COMMANDS.signInToIdentityCenter, failure.hopProfileName ?? held.profileName);
  if (!signedIn) return;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Renewing the session of ${name}…` }, renew);
  } catch (error) {
    const message = error instanceof SessionError ? error.message : `Renewing the session of ${name} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    await showFailureNotice(message, failureResponse('assume', held.profileName, error), { log });
  }
}
