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
const SIGN_IN = 'Sign In…';

/** What a held session lacks to renew by itself: an MFA code, or a new IAM Identity Center sign-in (for `profileName`'s). */
export type HeldRenewalNeed = { readonly kind: 'mfa-code' } | { readonly kind: 'sign-in'; readonly profileName: string };

/**
 * A session held for terminals, folders or launches could not renew by itself: one notification
 * with **Renew…** (which may then ask for the code) when an MFA code is needed, or **Sign In…**
 * (which signs in to IAM Identity Center, then renews) when its sign-in has ended. Never a prompt
 * or a page by itself; ignored, the session keeps its credentials until they end.
 */
export async function showHeldRenewalNeeds(
  held: { readonly profileName: string; readonly access: SessionAccess; readonly session: RoleSession },
  need: HeldRenewalNeed,
  renew: () => Promise<unknown>,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const name = heldSessionName(held);
  const end = held.session.credentials.expiration;
  const until = end ? `until ${end.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : 'until they end';
  const needs = need.kind === 'mfa-code' ? 'an MFA code to renew' : 'you to sign in to IAM Identity Center again to renew';
  const button = need.kind === 'mfa-code' ? RENEW : SIGN_IN;
  const answer = await vscode.window.showInformationMessage(`The session of ${name} needs ${needs}. Its terminals, folders and launches keep their credentials ${until}.`, button);
  if (answer !== button) return;
  if (need.kind === 'sign-in' && !(await vscode.commands.executeCommand<boolean>(COMMANDS.signInToIdentityCenter, need.profileName))) return;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Renewing the session of ${name}…` }, renew);
  } catch (error) {
    const message = error instanceof SessionError ? error.message : `Renewing the session of ${name} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    await showFailureNotice(message, failureResponse('assume', held.profileName, error), { log });
  }
}
