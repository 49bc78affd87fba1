/**
 * What the person sees while an IAM Identity Center sign-in waits for them: the page opens in
 * their browser through VS Code (on the machine the person sits at, also in a remote window),
 * and a notification says what to do, with the code to check in the device flow, and Cancel.
 */

import * as vscode from 'vscode';
import type { SignInPresenter } from '../core/identityCenter/ports';

/** Opens a URL in the person's browser; resolves false when VS Code could not. */
export type BrowserOpener = (url: string) => Promise<boolean>;

export function signInPresenter(openInBrowser: BrowserOpener, log: vscode.LogOutputChannel): SignInPresenter {
  return {
    show(step, about) {
      const where = about.sessionName ? `IAM Identity Center (${about.sessionName})` : 'IAM Identity Center';
      let cancel: () => void = () => undefined;
      const cancelled = new Promise<void>((resolve) => (cancel = resolve));
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const title =
        step.flow === 'device-code'
          ? `Sign in to ${where}: in the page that opened, check that it shows ${step.userCode}, then allow access.`
          : `Sign in to ${where} in the page that opened in your browser, then allow access.`;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => cancel());
        return finished;
      });
      void openInBrowser(step.url).then(
        async (opened) => {
          if (opened) return;
          // No browser opened (none configured, or the person refused to leave VS Code): say where to go.
          log.warn(`${where}: the sign-in page could not be opened in a browser`);
          const copy = 'Copy Sign-In Link';
          if ((await vscode.window.showWarningMessage(`VS Code could not open the sign-in page of ${where}. Copy its link and open it in a browser${step.flow === 'device-code' ? `; check it shows ${step.userCode}` : ''}.`, copy)) === copy) {
            await vscode.env.clipboard.writeText(step.url);
          }
        },
        (error: unknown) => log.warn(`${where}: opening the sign-in page failed (${error instanceof Error ? error.name : typeof error})`),
      );
      return { cancelled, dispose: () => finish() };
    },
  };
}
