/**
 * Debug sessions of any debugger (`'*'`) get the window's session in their `env` as they start,
 * after VS Code substituted `${…}` variables (so nothing of ours is ever substituted or shown in
 * launch.json). The rules are the pure `injectIntoLaunch`; this only asks the injector for the
 * variables at that moment and logs what was added, by name.
 *
 * `"awsProfile": "name"` in a configuration runs the launch as that profile (an MFA prompt if
 * one is needed): the launch holds that profile's session in `HeldSessions` while it runs (see
 * `LaunchSessionDeps`); the window's session stays as it is. If the person cancels, signs out
 * while it runs, or the assume fails, the launch does not start; only a failure is shown as an
 * error. In an untrusted workspace it asks first. A launch of a folder acting as its own profile
 * (`FolderLaunch`) gets the folder's session.
 *
 * `"awsRoles": { "readOnly": true }` gives the launch a read-only session (issue 22 §4): of its
 * `"awsProfile"`, else of its folder's or the window's profile, with the read-only session
 * policies. With none, the launch does not start: it asked to be unable to change anything, and
 * would otherwise run with whatever the SDK finds.
 */

import * as vscode from 'vscode';
import { injectIntoLaunch, launchRequest, terminalLaunchSetting } from '../core/injection/debugLaunch';
import { randomUUID } from 'node:crypto';
import type { SessionInjector } from '../core/injection/sessionInjector';
import type { HeldSessions, SessionHold } from '../core/lifecycle/heldSessions';
import type { CredentialEndpoint, EndpointRoute, InjectionMode } from '../core/injection/ports';
import { sessionEnvironment, type InheritedEnvironment } from '../core/injection/sessionEnvironment';
import type { WindowSessions } from '../core/lifecycle/windowSessions';
import { SessionError, type RoleSession } from '../core/vocabulary/sessionTypes';
import { failureResponse } from '../core/presentation/failureActions';
import { showFailureNotice } from '../prompts/failureNotice';
import { policyNames } from '../core/assume/sessionPolicies';

/** What a launch of a folder acting as its own profile gets (issue 22 §2); `undefined` for other folders. */
export type FolderLaunch = (folder: vscode.WorkspaceFolder | undefined) => { readonly session: RoleSession; readonly variables: Readonly<Record<string, string>> } | undefined;

/**
 * A launch's own profile (`"awsProfile"`, `"readOnly"`) as a held session (issue 22 §3): held
 * while the launch runs, shared with every other holder of it, renewed by itself, ended by Sign
 * Out, and let go when the launch's last debug session ends.
 */
export interface LaunchSessionDeps {
  readonly held: Pick<HeldSessions, 'hold'>;
  readonly endpoint: Pick<CredentialEndpoint, 'serve'>;
  /** How a debug launch gets this session now (`planInjection`'s debug mode). */
  readonly modeFor: (session: RoleSession) => Promise<InjectionMode>;
  readonly inherited: () => InheritedEnvironment;
}

/** The property a launch with its own session carries into its debug sessions (js-debug's children copy it): what ends its hold. */
const LAUNCH_MARKER = '__awsRoleSessionsLaunch';
/** A launch whose debug session never starts (another provider refused it) lets go after this long. */
const NEVER_STARTED_MS = 60_000;

export function registerDebugInjection(
  injector: SessionInjector,
  sessions: Pick<WindowSessions, 'state'>,
  log: vscode.LogOutputChannel,
  launchSessions: LaunchSessionDeps,
  folderLaunch: FolderLaunch = () => undefined,
): vscode.Disposable {
  const holds = new LaunchHolds(log);
  const provider = vscode.debug.registerDebugConfigurationProvider('*', {
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
      let launchVariables: Readonly<Record<string, string>> | undefined;
      let marker: string | undefined;
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
        let hold: SessionHold | undefined;
        let route: EndpointRoute | undefined;
        try {
          hold = await launchSessions.held.hold(launchProfile, controller.signal, request.readOnly ? 'read-only' : 'full', { kind: 'launch', launchName: name });
          launchSession = hold.state.session;
          if (!launchSession) throw new SessionError('superseded', `Sign Out came while profile "${launchProfile}" was being assumed for the launch; it was stopped.`, launchProfile);
          const mode = await launchSessions.modeFor(launchSession);
          // With the credential endpoint, the launch has its own address: a long-running debuggee follows each renewal.
          route = mode === 'endpoint' ? await launchSessions.endpoint.serve(hold) : undefined;
          launchVariables = sessionEnvironment({ session: launchSession, mode, endpoint: route?.address, inherited: launchSessions.inherited() }).variables;
          marker = holds.track(name, hold, route);
        } catch (error) {
          route?.dispose();
          hold?.release();
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
      const launch = launchSession && launchVariables ? { session: launchSession, variables: launchVariables } : (folderOwn ?? (await injector.launchVariables()));
      if (!launch) return configuration;
      const result = injectIntoLaunch(marker ? { ...configuration, [LAUNCH_MARKER]: marker } : configuration, launch.variables);
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
  return vscode.Disposable.from(
    provider,
    vscode.debug.onDidStartDebugSession((session) => holds.started(session.configuration[LAUNCH_MARKER])),
    vscode.debug.onDidTerminateDebugSession((session) => holds.ended(session.configuration[LAUNCH_MARKER])),
    holds,
  );
}

/** The holds of launches with their own session, each let go when its last debug session ends. */
class LaunchHolds implements vscode.Disposable {
  private readonly launches = new Map<string, { readonly name: string; readonly release: () => void; running: number; readonly timer: NodeJS.Timeout }>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Keeps `hold` for the launch about to start; returns the marker its debug sessions will carry. */
  track(name: string, hold: SessionHold, route: EndpointRoute | undefined): string {
    const marker = randomUUID();
    const release = () => {
      this.launches.delete(marker);
      route?.dispose();
      hold.release();
    };
    const timer = setTimeout(() => {
      if (this.launches.get(marker)?.running !== 0) return;
      this.log.info(`debug "${name}": never started; its session is let go`);
      release();
    }, NEVER_STARTED_MS);
    this.launches.set(marker, { name, release, running: 0, timer });
    return marker;
  }

  started(marker: unknown): void {
    const launch = typeof marker === 'string' ? this.launches.get(marker) : undefined;
    if (launch) launch.running += 1;
  }

  ended(marker: unknown): void {
    const launch = typeof marker === 'string' ? this.launches.get(marker) : undefined;
    if (!launch) return;
    launch.running -= 1;
    if (launch.running > 0) return;
    clearTimeout(launch.timer);
    launch.release();
  }

  dispose(): void {
    for (const launch of [...this.launches.values()]) {
      clearTimeout(launch.timer);
      launch.release();
    }
  }
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
