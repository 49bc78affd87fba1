/**
 * Debug sessions of any debugger (`'*'`) get the window's session in their `env` as they start,
 * after VS Code substituted `${…}` variables (so nothing of ours is ever substituted or shown in
 * launch.json). The rules are the pure `injectIntoLaunch`; this only asks the injector for the
 * variables at that moment and logs what was added, by name.
 *
 * `"awsProfile": "name"` in a configuration assumes that profile for the launch alone (an MFA
 * prompt if one is needed); the window's session stays as it is. If the person cancels, signs
 * out while it runs, or the assume fails, the launch does not start; only a failure is shown as
 * an error. In an untrusted workspace it asks first.
 *
 * `"awsRoles": { "readOnly": true }` gives the launch a read-only session (issue 22 §4): of its
 * `"awsProfile"`, else of the window's profile, assumed for the launch alone with the read-only
 * session policies. With neither, the launch does not start: it asked to be unable to change
 * anything, and would otherwise run with whatever the SDK finds.
 */

import * as vscode from 'vscode';
import { injectIntoLaunch, launchRequest, terminalLaunchSetting } from '../core/injection/debugLaunch';
import type { SessionInjector } from '../core/injection/sessionInjector';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';
import { policyNames } from '../core/assume/sessionPolicies';

/** What a launch of a folder acting as its own profile gets (issue 22 §2); `undefined` for other folders. */
export type FolderLaunch = (folder: vscode.WorkspaceFolder | undefined) => { readonly session: RoleSession; readonly variables: Readonly<Record<string, string>> } | undefined;

export function registerDebugInjection(
  injector: SessionInjector,
  sessions: Pick<WindowSessions, 'assumeForOneUse' | 'state'>,
  log: vscode.LogOutputChannel,
  folderLaunch: FolderLaunch = () => undefined,
): vscode.Disposable {
  return vscode.debug.registerDebugConfigurationProvider('*', {
    async resolveDebugConfigurationWithSubstitutedVariables(folder, configuration, token) {
      const name = configuration.name ?? configuration.type;
      // Decided first, so nothing is assumed or started (the endpoint included) for a launch that gets nothing.
      const request = launchRequest(configuration);
      if (request.kind === 'untouched') {
        if (request.why === 'opted-out') log.info(`debug "${name}": "awsRoles": false, nothing added`);
        return configuration;
      }
      if (request.kind === 'refused') {
        log.warn(`debug "${name}": not started: ${request.message}`);
        void vscode.window.showErrorMessage(`Debug "${name}" did not start: ${request.message}`);
        return undefined;
      }
      let launchSession: RoleSession | undefined;
      if (request.awsProfile !== undefined && !vscode.workspace.isTrusted && !(await confirmUntrustedLaunchProfile(name, request.awsProfile))) {
        log.warn(`debug "${name}": not started: the untrusted workspace's "awsProfile" was not confirmed`);
        return undefined;
      }
      // Read-only without "awsProfile": the folder's own profile, else the window's, narrowed for this launch.
      const launchProfile = request.awsProfile ?? (request.readOnly ? (folderLaunch(folder)?.session.profileName ?? sessions.state.session?.profileName) : undefined);
      if (request.readOnly && launchProfile === undefined) {
        const message = '"readOnly" needs a profile to narrow: name one in "awsProfile", or assume a role in this window first.';
        log.warn(`debug "${name}": not started: ${message}`);
        void vscode.window.showErrorMessage(`Debug "${name}" did not start: ${message}`);
        return undefined;
      }
      if (launchProfile !== undefined) {
        const controller = new AbortController();
        const cancel = token?.onCancellationRequested(() => controller.abort());
        try {
          launchSession = await sessions.assumeForOneUse(launchProfile, controller.signal, request.readOnly ? 'read-only' : 'full');
        } catch (error) {
          const message = error instanceof SessionError ? error.message : `Assuming profile "${launchProfile}" failed.`;
          // Undefined stops the launch. A cancel, or a Sign Out the person just made (superseded),
          // is what they asked for: one line in the log, no error to alarm them.
          const response = failureResponse('debug-launch', launchProfile, error);
          if (response.kind !== 'notice') {
            log.info(`debug "${name}": not started: ${message}`);
          } else {
            log.warn(`debug "${name}": not started: ${message}`);
            void showFailureNotice(`Debug "${name}" did not start: ${message}`, response, { log });
          }
          return undefined;
        } finally {
          cancel?.dispose();
        }
      }
      // A launch of a folder acting as its own profile, naming none itself: the folder's session, as its terminals get it.
      const folderOwn = launchSession ? undefined : folderLaunch(folder);
      const launch = folderOwn ?? (await injector.launchVariables(launchSession));
      if (!launch) return configuration;
      const result = injectIntoLaunch(configuration, launch.variables);
      if (result.withheld === 'terminal-console') {
        log.info(
          `debug "${name}": starts the program through a terminal (${terminalLaunchSetting(configuration) ?? 'a terminal setting'}): no credential in its launch env, which the debugger may type into the terminal; added ${result.added.join(', ') || 'nothing'}`,
        );
      } else {
        const readOnly = launch.session.readOnly ? `, read-only (${policyNames(launch.session.readOnly.policyArns)})` : '';
        log.info(`debug "${name}": profile ${launch.session.profileName}${launchSession ? ' (assumed for this launch)' : folderOwn ? ` (folder ${folder?.name}'s own)` : ''}${readOnly}, added ${result.added.join(', ') || 'nothing (its env sets them all)'}`);
      }
      return result.configuration as vscode.DebugConfiguration;
    },
  });
}

/**
 * VS Code asks for workspace trust before any debug launch, so an untrusted workspace's
 * launch.json should never reach us; should it (another extension's start, a future VS Code),
 * a repository still may not pick the role its program runs as without the person saying yes.
 */
async function confirmUntrustedLaunchProfile(launchName: string, profileName: string): Promise<boolean> {
  const assume = 'Assume for This Launch';
  const answer = await vscode.window.showWarningMessage(
    `Debug "${launchName}" asks to run as AWS profile "${profileName}"`,
    { modal: true, detail: 'This workspace is not trusted, and its launch configuration names the profile ("awsProfile"). Assume it for this launch only if you expected it.' },
    assume,
  );
  return answer === assume;
}
