/** The MFA prompt: VS Code's input box, refusing anything but a fresh 6-digit code. */

import * as vscode from 'vscode';
import { compactMfaCode, isMfaCode, mfaPromptText } from '../core/assume/mfaCodes';
import type { MfaPrompt, MfaPromptRequest } from '../core/vocabulary/ports';

export const inputBoxMfaPrompt: MfaPrompt = {
  askForCode(request: MfaPromptRequest, signal?: AbortSignal): Promise<string | undefined> {
    // A cancelled or replaced assume closes the input box.
    const closing = new vscode.CancellationTokenSource();
    signal?.addEventListener('abort', () => closing.cancel(), { once: true });
    if (signal?.aborted) closing.cancel();
    const { title, prompt } = mfaPromptText(request);
    const options: vscode.InputBoxOptions = {
      title,
      prompt,
      placeHolder: '123456',
      // In a browser (code-server, Codespaces, vscode.dev) the page's text boxes go into the
      // browser's session-restore file on disk, typed code included; password boxes never do.
      // The desktop window keeps no such file, so there the digits stay visible as typed.
      password: vscode.env.uiKind === vscode.UIKind.Web,
      ignoreFocusOut: true,
      validateInput: (value) => validateMfaCode(value, request.recentlyUsedCodes),
    };
    return Promise.resolve(vscode.window.showInputBox(options, closing.token))
      .then((value) => (value === undefined ? undefined : compactMfaCode(value)))
      .finally(() => closing.dispose());
  },
};

/** The input box's check, before anything reaches STS: spaces are fine (`123 456`), the rest must be 6 digits. */
export function validateMfaCode(value: string, recentlyUsed: readonly string[]): string | undefined {
  const code = compactMfaCode(value);
  if (!isMfaCode(code)) return 'Enter exactly 6 digits.';
  if (recentlyUsed.includes(code)) return 'This code was used in the last 30 seconds; wait for the next one.';
  return undefined;
}
