/**
 * Keeps what terminals inherit in step with the window's session (issue 9): on every session
 * change (assumed, switched, renewed, expired, signed out, restored) and every change of the
 * injection settings, it works out the variables with the one pure function
 * (`sessionEnvironment`) and writes them to the terminals' collection, only when they changed.
 *
 * - environment mode: a renewal writes the new keys silently (terminals opened earlier keep
 *   keys that stay valid until they end); a new role (assumed, switched) also asks, once, whether
 *   to relaunch the terminals that still act as the old one.
 * - endpoint mode: the credential endpoint runs while the mode is `endpoint` and there has been a
 *   session; its address does not change across renewals and switches, so the variables do not
 *   either and terminals never go stale. After sign-out or expiry it keeps listening and answers
 *   an error, so a process that holds its address says "no credentials" instead of failing to
 *   connect; it stops when the mode changes or the window closes.
 * - Sign-out and expiry remove everything from the collection.
 * - What would keep clients from using the session (an inherited `AWS_PROFILE`; in endpoint mode
 *   a `[default]` profile with keys) is said once per window for each cause.
 *
 * Debug launches ask `launchVariables()` at launch time (`src/injection/debugInjection.ts`).
 */

import type { Disposable, Event } from '../events';
import type { SessionChange, SessionChangeReason } from '../session/activeSessionService';
import type { SessionLogger } from '../session/ports';
import type { RoleSession } from '../session/types';
import type { CredentialEndpoint, EndpointAddress, InjectionMode } from './ports';
import { describeInjection, inheritedConflicts, sessionEnvironment, type InheritedEnvironment } from './sessionEnvironment';

/** The terminals' environment collection (VS Code's `environmentVariableCollection`, non-persistent). */
export interface TerminalVariables {
  /** Makes the collection hold exactly `variables` (anything else is removed) with `description`. */
  replaceAll(variables: Readonly<Record<string, string>>, description: string): void;
  clear(): void;
}

/** The injection settings, read at each refresh. */
export interface InjectionSettings {
  readonly mode: InjectionMode;
  readonly terminals: boolean;
  readonly debug: boolean;
}

/** Something that keeps clients from using the session, said once per window. */
export interface InjectionWarning {
  /** Stable per cause, so each is shown once. */
  readonly id: 'profile-set' | 'relative-uri-set' | 'default-profile-keys';
  readonly message: string;
}

/** What the person is told; the VS Code adapter shows notifications with actions. */
export interface InjectionNotices {
  /** The role changed: terminals opened before still act as the previous one (or as none). */
  terminalsNeedRelaunch(profileName: string): void;
  warn(warning: InjectionWarning): void;
}

/** The window's session as the injector needs it (`ActiveSessionService` fits). */
export interface InjectedSessions {
  /** The session only while its credentials are valid by the wall clock now. */
  readonly current: RoleSession | undefined;
  readonly onDidChangeSession: Event<SessionChange>;
}

export interface SessionInjectorOptions {
  readonly settings: () => InjectionSettings;
  readonly endpoint: CredentialEndpoint;
  readonly terminals: TerminalVariables;
  readonly notices: InjectionNotices;
  /** VS Code's own environment, which every terminal inherits. */
  readonly inherited: () => InheritedEnvironment;
  /** Whether the credentials file has a `[default]` profile with keys (it shadows the endpoint). */
  readonly defaultProfileHasKeys: () => Promise<boolean>;
  readonly logger: SessionLogger;
}

/** Why the injector looks again. */
export type RefreshReason = SessionChangeReason | 'settings';

/** Reasons after which terminals opened earlier act as another role than the window. */
const NEW_ROLE: ReadonlySet<RefreshReason> = new Set<RefreshReason>(['assumed', 'switched']);

export class SessionInjector implements Disposable {
  private readonly subscription: Disposable;
  /** Refreshes run one after another, in the order of the changes. */
  private queue: Promise<void> = Promise.resolve();
  /** What the collection holds now, to write only on a change (kept in memory only). */
  private written = '{}';
  private readonly warned = new Set<InjectionWarning['id']>();
  private disposed = false;

  constructor(
    private readonly sessions: InjectedSessions,
    private readonly options: SessionInjectorOptions,
  ) {
    this.subscription = sessions.onDidChangeSession((change) => void this.refresh(change.reason));
  }

  /** Looks at the session and the settings again; resolves when the collection is up to date. */
  refresh(reason: RefreshReason): Promise<void> {
    const next = this.queue.then(() => this.apply(reason));
    this.queue = next.catch((error: unknown) => {
      this.options.logger.warn(`injection could not be updated: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.queue;
  }

  /**
   * The variables for a debug launch starting now, `undefined` when debug injection is off or
   * there is no usable session. In endpoint mode the endpoint is started first.
   *
   * `launchSession`: a session assumed for this launch alone (`"awsProfile"` in the launch
   * configuration). It is asked for explicitly, so it is given even with debug injection off,
   * and always as keys: the endpoint serves the window's session only.
   */
  async launchVariables(launchSession?: RoleSession): Promise<{ readonly session: RoleSession; readonly variables: Readonly<Record<string, string>> } | undefined> {
    if (launchSession) {
      const { variables } = sessionEnvironment({ session: launchSession, mode: 'environment', inherited: this.options.inherited() });
      return { session: launchSession, variables };
    }
    const settings = this.options.settings();
    const session = this.sessions.current;
    if (!settings.debug || !session) return undefined;
    const endpoint = settings.mode === 'endpoint' ? await this.options.endpoint.start() : undefined;
    const { variables } = sessionEnvironment({ session, mode: settings.mode, endpoint, inherited: this.options.inherited() });
    return { session, variables };
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.options.terminals.clear();
    this.options.endpoint.dispose();
  }

  private async apply(reason: RefreshReason): Promise<void> {
    if (this.disposed) return;
    const settings = this.options.settings();
    const session = this.sessions.current;
    let endpoint: EndpointAddress | undefined;
    if (settings.mode === 'endpoint') {
      // Started by the first session; kept after it ends (it answers an error) until the mode changes.
      if (session && (settings.terminals || settings.debug)) endpoint = await this.options.endpoint.start();
      else endpoint = this.options.endpoint.address;
    } else if (this.options.endpoint.address) {
      await this.options.endpoint.stop();
      this.options.logger.info('credential endpoint stopped: injection mode is environment');
    }
    if (this.disposed) return;
    const inherited = this.options.inherited();
    const injected = session && settings.terminals ? sessionEnvironment({ session, mode: settings.mode, endpoint, inherited }) : undefined;
    const key = JSON.stringify(injected?.variables ?? {});
    if (session && (NEW_ROLE.has(reason) || reason === 'restored' || reason === 'settings')) await this.warnOnce(settings, inherited);
    if (key === this.written) return;
    const hadSomething = this.written !== '{}';
    this.written = key;
    if (!injected || Object.keys(injected.variables).length === 0) {
      this.options.terminals.clear();
      if (hadSomething) this.options.logger.info(`terminals: removed the session's variables (${reason})`);
      return;
    }
    this.options.terminals.replaceAll(injected.variables, describeInjection(session!, settings.mode));
    this.options.logger.info(
      `terminals: new terminals get profile ${session!.profileName} ${settings.mode === 'endpoint' ? 'through the credential endpoint' : 'as environment keys'} (${reason}; ${Object.keys(injected.variables).join(', ')})`,
    );
    if (NEW_ROLE.has(reason)) this.options.notices.terminalsNeedRelaunch(session!.profileName);
  }

  /** Says once per window, per cause, what keeps clients from using the session. */
  private async warnOnce(settings: InjectionSettings, inherited: InheritedEnvironment): Promise<void> {
    const warnings: InjectionWarning[] = [];
    for (const conflict of inheritedConflicts(settings.mode, inherited)) {
      if (conflict.kind === 'profile-set') {
        warnings.push({
          id: 'profile-set',
          message:
            settings.mode === 'endpoint'
              ? `${conflict.variable}=${conflict.profileName} is set in VS Code's environment, so the AWS CLI, boto3 and the JS SDK in its terminals use that profile and never ask the session's endpoint. Start VS Code without ${conflict.variable}, or open a terminal without it.`
              : `${conflict.variable}=${conflict.profileName} is set in VS Code's environment: the AWS CLI and boto3 in its terminals use the session's keys, but the JS SDK uses profile ${conflict.profileName}. Start VS Code without ${conflict.variable}, or open a terminal without it.`,
        });
      } else {
        warnings.push({
          id: 'relative-uri-set',
          message: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is set in VS Code\'s environment (a container?): boto3 and the AWS CLI v1 ask that address before the session\'s endpoint. Use environment injection here.',
        });
      }
    }
    if (settings.mode === 'endpoint' && !this.warned.has('default-profile-keys') && (await this.options.defaultProfileHasKeys())) {
      warnings.push({
        id: 'default-profile-keys',
        message:
          'Your credentials file has a [default] profile with keys. The AWS CLI, boto3 and the JS SDK use those before the credential endpoint, so terminals act as [default], not as the session. Use environment injection, or remove the keys from [default].',
      });
    }
    for (const warning of warnings) {
      if (this.warned.has(warning.id)) continue;
      this.warned.add(warning.id);
      this.options.logger.warn(warning.message);
      this.options.notices.warn(warning);
    }
  }
}
