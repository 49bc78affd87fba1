/** The MFA prompt: VS Code's input box, refusing anything but a fresh 6-digit code. */

import * as vscode from 'vscode';
import { mfaPromptText } from '../core/session/mfaCodes';
import type { MfaPrompt, MfaPromptRequest } from '../core/session/ports';

export const inputBoxMfaPrompt: MfaPrompt = {
  askForCode(request: MfaPromptRequest): Promise<string | undefined> {
    const { title, prompt } = mfaPromptText(request);
    return Promise.resolve(
      vscode.window.showInputBox({
        title,
        prompt,
        placeHolder: '123456',
        ignoreFocusOut: true,
        validateInput: (value) => validateMfaCode(value, request.recentlyUsedCodes),
      }),
    ).then((value) => value?.trim());
  },
};

/** The input box's check, before anything reaches STS. */
export function validateMfaCode(value: string, recentlyUsed: readonly string[]): string | undefined {
  const code = value.trim();
  if (!/^\d{6}$/.test(code)) return 'Enter exactly 6 digits.';
  if (recentlyUsed.includes(code)) return 'This code was used in the last 30 seconds; wait for the next one.';
  return undefined;
}
