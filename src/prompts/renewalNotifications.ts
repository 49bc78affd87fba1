/**
 * Auto-renew's notices as VS Code notifications. Never a modal and never an input box: a
 * notification the person may ignore. Its buttons (`renewalNoticeResponse`) run commands the
 * person chooses; only Renew… may then ask for an MFA code.
 */

import type * as vscode from 'vscode';
import { renewalNoticeResponse } from '../core/presentation/failureActions';
import type { RenewalNotice, RenewalNotices } from '../core/lifecycle/autoRenew';
import { showFailureNotice } from './failureNotice';

export function renewalNotifications(log: vscode.LogOutputChannel): RenewalNotices {
  return {
    show(notice: RenewalNotice): void {
      void showFailureNotice(notice.message, renewalNoticeResponse(notice), { log });
    },
  };
}
