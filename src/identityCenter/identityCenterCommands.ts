/**
 * Sign In to IAM Identity Center…: from the palette (a pick of the sso-sessions the config names),
 * from a profile's failure notice (the profile's sign-in), or from the tree (a sign-in's row).
 */

import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { ProfileStore } from '../core/config/profileStore';
import { IdentityCenterError } from '../core/identityCenter/identityCenterErrors';
import { identityCenterSessionOf, identityCenterSessions, IdentityCenterSettingsError, type IdentityCenterSession } from '../core/identityCenter/identityCenterSessions';
import type { IdentityCenterSignIns } from '../core/identityCenter/identityCenterSignIns';

export interface IdentityCenterCommandDeps {
  readonly signIns: Pick<IdentityCenterSignIns, 'signIn'>;
  readonly store: ProfileStore;
  readonly log: vscode.LogOutputChannel;
  readonly env: () => Readonly<Record<string, string | undefined>>;
}

/** What the command is given: a profile's name, a tree row that carries a sign-in, or nothing. */
export type SignInTarget = string | { readonly identityCenterSession: IdentityCenterSession } | undefined;

export function registerIdentityCenterCommands(deps: IdentityCenterCommandDeps): vscode.Disposable[] {
  return [
    // Resolves true once signed in (a failure notice then retries what failed); never a token.
    vscode.commands.registerCommand(COMMANDS.signInToIdentityCenter, (target?: SignInTarget) => signIn(deps, target)),
  ];
}

async function signIn(deps: IdentityCenterCommandDeps, target: SignInTarget): Promise<boolean> {
  let session: IdentityCenterSession | undefined;
  try {
    session = await sessionFor(deps, target);
  } catch (error) {
    if (!(error instanceof IdentityCenterSettingsError)) throw error;
    void vscode.window.showErrorMessage(`Cannot sign in to IAM Identity Center: ${error.message}. Fix it in the AWS config file, then try again.`);
    return false;
  }
  if (!session) return false;
  try {
    const tokens = await deps.signIns.signIn(session);
    const where = session.sessionName ? `IAM Identity Center (${session.sessionName})` : `IAM Identity Center (${session.startUrl})`;
    void vscode.window.showInformationMessage(
      tokens.refreshToken
        ? `Signed in to ${where}. The sign-in renews by itself until Identity Center ends its session.`
        : `Signed in to ${where} until ${new Date(tokens.expiresAt).toLocaleTimeString()}.`,
    );
    return true;
  } catch (error) {
    if (error instanceof IdentityCenterError) {
      deps.log.warn(`${error.message}${error.causeName ? ` (${error.causeName})` : ''}`);
      // Cancelled: what the person asked for, never a notice.
      if (error.kind !== 'cancelled') void vscode.window.showErrorMessage(error.message);
      return false;
    }
    throw error;
  }
}

async function sessionFor(deps: IdentityCenterCommandDeps, target: SignInTarget): Promise<IdentityCenterSession | undefined> {
  const model = await deps.store.getModel();
  if (typeof target === 'object' && target && 'identityCenterSession' in target) return target.identityCenterSession;
  if (typeof target === 'string') {
    const profile = model.byName.get(target);
    if (!profile) throw new IdentityCenterSettingsError(`there is no profile "${target}"`);
    return identityCenterSessionOf(profile, model, deps.env());
  }
  const sessions = identityCenterSessions(model, deps.env());
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage('Your AWS config names no IAM Identity Center: add an [sso-session] section (or run "aws configure sso"), then sign in.');
    return undefined;
  }
  if (sessions.length === 1) return sessions[0];
  const picked = await vscode.window.showQuickPick(
    sessions.map((session) => ({ label: session.sessionName ?? session.startUrl, description: session.sessionName ? session.startUrl : 'legacy sso_start_url', session })),
    { title: 'Sign In to IAM Identity Center', placeHolder: 'Pick the IAM Identity Center to sign in to' },
  );
  return picked?.session;
}
