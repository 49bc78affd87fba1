/**
 * Terminals opened as a profile (issue 22 §1): **Open Terminal as Profile…** (palette, the tree's
 * profile rows, the status bar's menu) and the "AWS Profile…" entry of the terminal panel's
 * new-terminal menu (a contributed terminal profile).
 *
 * Each holds its profile's session in `HeldSessions` (two terminals of one profile share it) and
 * lets go when it closes. Its environment is whole and strict (`profileTerminalEnvironment`), so
 * the window's session never reaches it. In `endpoint` mode it gets an address of its own on the
 * credential endpoint, which serves the held session as it renews; in `environment` mode it gets
 * keys, good until they end. It is transient: VS Code never writes it to disk nor revives it.
 *
 * **Open Read-Only Terminal as…** (and the "AWS Profile, Read-Only…" entry) opens one whose
 * session is narrowed by the read-only session policies (issue 22 §4): its tab says
 * `prod (read-only)` with an eye, its first line names the policies.
 */

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EndOfEverything } from '../core/lifecycle/windowSessions';
import type { HeldSessions, SessionHold } from '../core/lifecycle/heldSessions';
import type { CredentialEndpoint, EndpointRoute, InjectionMode } from '../core/injection/ports';
import { HANDOVER_COMMAND, handoverText, PROFILE_TERMINAL_MARKER, profileTerminalEnvironment } from '../core/injection/profileTerminalEnvironment';
import { sessionEnvironment, type InheritedEnvironment } from '../core/injection/sessionEnvironment';
import { failureResponse } from '../core/presentation/failureActions';
import { describePrincipal, formatRemaining } from '../core/presentation/sessionMessages';
import { DisposableStore } from '../core/vocabulary/disposableStore';
import { SessionError, type RoleSession, type SessionAccess } from '../core/vocabulary/sessionTypes';
import { heldSessionName } from '../core/presentation/activeProfileMark';
import { policyNames } from '../core/assume/sessionPolicies';
import { showFailureNotice } from '../prompts/failureNotice';
import { abortSignalOf } from '../commands/sessionCommands';

/** The contributed terminal profiles (package.json `contributes.terminal.profiles`), by the access they give. */
export const PROFILE_TERMINAL_IDS: Readonly<Record<SessionAccess, string>> = {
  full: 'awsRoles.profileTerminal',
  'read-only': 'awsRoles.readOnlyProfileTerminal',
};

export interface ProfileTerminalDeps {
  readonly held: HeldSessions;
  readonly endpoint: Pick<CredentialEndpoint, 'serve'>;
  /** How a terminal gets this session now (`planInjection`'s terminals mode), `none` when it may not. */
  readonly modeFor: (session: RoleSession) => Promise<InjectionMode | 'none'>;
  /** Asks which profile; `undefined` when the person dismissed the picker. */
  readonly pickProfile: (access: SessionAccess) => Promise<string | undefined>;
  readonly inherited: () => InheritedEnvironment;
  readonly log: vscode.LogOutputChannel;
  readonly time: { now(): number };
  /** The extension's icon, for the terminal's tab. */
  readonly iconPath: vscode.Uri;
}

/** What one terminal holds, released when it closes. */
interface Holding {
  readonly hold: SessionHold;
  readonly route: EndpointRoute | undefined;
  /** What is typed into it once its process runs (`handoverText`); dropped once typed. */
  handover: string | undefined;
}

export class ProfileTerminals implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  /** Made, not yet seen opening, by marker. */
  private readonly pending = new Map<string, Holding>();
  private readonly open = new Map<vscode.Terminal, Holding>();

  constructor(private readonly deps: ProfileTerminalDeps) {
    this.disposables.add(vscode.window.onDidOpenTerminal((terminal) => this.opened(terminal)));
    this.disposables.add(vscode.window.onDidCloseTerminal((terminal) => this.closed(terminal)));
    for (const access of ['full', 'read-only'] as const) {
      this.disposables.add(
        vscode.window.registerTerminalProfileProvider(PROFILE_TERMINAL_IDS[access], {
          provideTerminalProfile: async (token) => {
            const profileName = await deps.pickProfile(access);
            const made = profileName ? await this.terminalOptions(profileName, access, token) : undefined;
            return made && new vscode.TerminalProfile(made.options);
          },
        }),
      );
    }
  }

  /** Opens and shows a terminal acting as `profileName` (asked for when not given), read-only on request. */
  async openTerminal(profileName?: string, access: SessionAccess = 'full'): Promise<vscode.Terminal | undefined> {
    const name = profileName ?? (await this.deps.pickProfile(access));
    if (!name) return undefined;
    const made = await this.terminalOptions(name, access);
    if (!made) return undefined;
    const terminal = vscode.window.createTerminal(made.options);
    const holding = this.pending.get(made.marker);
    if (holding) {
      this.pending.delete(made.marker);
      this.open.set(terminal, holding);
      // Resolves once its variables are typed: whatever is sent to it later reaches the person's shell.
      await this.handOver(terminal, holding);
    }
    terminal.show();
    return terminal;
  }

  /** Sign Out or a revocation ended the held sessions: the terminals stay, and their next call is refused. */
  ended(why: EndOfEverything): void {
    if (this.open.size === 0) return;
    this.deps.log.info(`terminals opened as a profile: ${this.open.size} no longer get credentials (${why})`);
  }

  dispose(): void {
    for (const holding of [...this.pending.values(), ...this.open.values()]) release(holding);
    this.pending.clear();
    this.open.clear();
    this.disposables.dispose();
  }

  /** Holds the session and makes the terminal's options; `marker` names it among the pending ones. */
  private async terminalOptions(profileName: string, access: SessionAccess, token?: vscode.CancellationToken): Promise<{ options: vscode.TerminalOptions; marker: string } | undefined> {
    if (process.platform === 'win32') {
      // The hand-over runs in /bin/sh; a PowerShell one is still to come.
      void vscode.window.showWarningMessage('Open Terminal as Profile is not available on Windows yet. Use Assume Role… for the window\'s terminals, or "awsProfile" in a launch configuration.');
      return undefined;
    }
    let hold: SessionHold;
    const readOnly = access === 'read-only';
    try {
      hold = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Opening a ${readOnly ? 'read-only ' : ''}terminal as ${profileName}…`, cancellable: true },
        (_progress, cancel) => this.deps.held.hold(profileName, abortSignalOf(cancel, token), access),
      );
    } catch (error) {
      await this.reportFailure(profileName, access, error);
      return undefined;
    }
    const session = hold.state.session;
    if (!session) {
      hold.release();
      return undefined;
    }
    const mode = await this.deps.modeFor(session);
    if (mode === 'none') {
      hold.release();
      void vscode.window.showWarningMessage(
        `Profile ${profileName} holds long-term keys, and terminals do not get those where VS Code may write them to disk. Open it in a debug launch instead, or stop VS Code from reviving terminals.`,
      );
      return undefined;
    }
    let route: EndpointRoute | undefined;
    try {
      route = mode === 'endpoint' ? await this.deps.endpoint.serve(hold) : undefined;
    } catch (error) {
      // The endpoint could not listen: nothing uses the session, and the person hears why.
      hold.release();
      this.deps.log.error(`terminal as profile ${profileName}: the credential endpoint did not start (${error instanceof Error ? error.name : typeof error})`);
      void vscode.window.showErrorMessage(`Could not open a terminal as ${profileName}: the local credential endpoint did not start. See the "AWS Role Sessions" output, or set awsRoles.injection to environment.`);
      return undefined;
    }
    const inherited = this.deps.inherited();
    const { variables } = sessionEnvironment({ session, mode, endpoint: route?.address, inherited });
    const marker = randomUUID();
    this.pending.set(marker, { hold, route, handover: handoverText(variables) });
    const terminalSettings = vscode.workspace.getConfiguration('terminal.integrated.env').get<Record<string, string | null>>(platformKey()) ?? {};
    const banner = describeTerminal(session, mode, this.deps.time.now());
    this.deps.log.info(`terminal as profile ${profileName}: ${mode === 'endpoint' ? 'through its own address on the credential endpoint' : 'as environment keys'}`);
    const options: vscode.TerminalOptions = {
      name: heldSessionName({ profileName, access }),
      iconPath: readOnly ? new vscode.ThemeIcon('eye') : this.deps.iconPath,
      // The session's variables are typed into its input once it runs, never put in its options (which every extension can read).
      shellPath: '/bin/sh',
      // The banner as the script's name: it is what the terminal says first, and what its tab's hover shows.
      shellArgs: ['-c', HANDOVER_COMMAND, banner, vscode.env.shell || '/bin/sh'],
      env: profileTerminalEnvironment({ inherited, terminalSettings, marker }),
      // Exactly this environment: no extension's collection (the window's session) reaches it.
      strictEnv: true,
      // Never written to disk, never revived with credentials after a restart.
      isTransient: true,
    };
    return { options, marker };
  }

  /** A terminal made through the terminal panel's menu (`provideTerminalProfile`) opened: it is ours once its marker is seen. */
  private opened(terminal: vscode.Terminal): void {
    if (this.open.has(terminal)) return;
    const env = 'env' in terminal.creationOptions ? terminal.creationOptions.env : undefined;
    const marker = env?.[PROFILE_TERMINAL_MARKER];
    const holding = marker ? this.pending.get(marker) : undefined;
    if (!marker || !holding) return;
    this.pending.delete(marker);
    this.open.set(terminal, holding);
    void this.handOver(terminal, holding);
  }

  /** Types the session's variables into the terminal once its process runs (see `HANDOVER_SCRIPT`). */
  private async handOver(terminal: vscode.Terminal, holding: Holding): Promise<void> {
    const text = holding.handover;
    holding.handover = undefined;
    if (!text || (await terminal.processId) === undefined || !this.open.has(terminal)) return;
    terminal.sendText(text, false);
  }

  private closed(terminal: vscode.Terminal): void {
    const holding = this.open.get(terminal);
    if (!holding) return;
    this.open.delete(terminal);
    release(holding);
  }

  private async reportFailure(profileName: string, access: SessionAccess, error: unknown): Promise<void> {
    const response = failureResponse('assume', profileName, error);
    if (response.kind !== 'notice') return;
    const message = error instanceof SessionError ? error.message : `Opening a terminal as ${profileName} failed unexpectedly. See the "AWS Role Sessions" output for details.`;
    if (!(error instanceof SessionError)) this.deps.log.error(`Unexpected failure opening a terminal as ${profileName}: ${error instanceof Error ? error.name : typeof error}`);
    const again = () => this.openTerminal(profileName, access);
    await showFailureNotice(message, response, { log: this.deps.log, retry: again, assumeAgain: again });
  }
}

function release(holding: Holding): void {
  holding.route?.dispose();
  holding.hold.release();
}

/** The line the terminal shows first: who it acts as, and how long its credentials last. */
function describeTerminal(session: RoleSession, mode: InjectionMode, now: number): string {
  const who = describePrincipal(session.assumedRoleArn ?? session.identity?.arn);
  const end = session.credentials.expiration;
  const lasts =
    mode === 'endpoint'
      ? 'renewed while this terminal is open'
      : end
        ? `keys valid for ${formatRemaining(end.getTime() - now)}; open a new terminal after that`
        : 'keys with no end';
  const narrowed = session.readOnly ? `, read-only (session policies ${policyNames(session.readOnly.policyArns)})` : '';
  return `AWS Role Sessions: this terminal acts as profile ${session.profileName}${who ? ` (${who})` : ''}${narrowed}, ${lasts}.`;
}

function platformKey(): 'windows' | 'osx' | 'linux' {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
}
