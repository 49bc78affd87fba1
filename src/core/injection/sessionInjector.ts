/**
 * Keeps what terminals inherit in step with the window's session (issue 9): on every session
 * change (assumed, switched, renewed, expired, signed out, restored) and every change of the
 * injection settings, it decides how the session is handed over (`planInjection`: the endpoint by
 * default, keys only when chosen or when something would shadow the endpoint, long-term keys
 * never where VS Code writes them to disk), works out the variables with the one pure function
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

import type { Disposable, Event } from '../vocabulary/events';
import type { SessionChange, SessionChangeReason } from '../lifecycle/windowSessions';
import type { SessionLogger } from '../vocabulary/ports';
import type { RoleSession } from '../vocabulary/sessionTypes';
import { DisposableStore } from '../vocabulary/disposableStore';
import { planInjection, type EndpointShadow, type InjectionNotice, type InjectionPlan, type InjectionSetting } from './injectionPlan';
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
  readonly mode: InjectionSetting;
  readonly terminals: boolean;
  readonly debug: boolean;
}

/** Something that keeps clients from using the session, said once per window. */
export interface InjectionWarning {
  /** Stable per cause, so each is shown once. */
  readonly id: 'profile-set' | 'relative-uri-set' | 'default-profile-keys' | 'keys-on-disk' | 'long-term-keys-withheld';
  /** For `keys-on-disk`: whether the person chose environment mode (else something shadows the endpoint). */
  readonly chosen?: boolean;
  /** For `keys-on-disk`: what shadows the endpoint. */
  readonly shadows?: readonly EndpointShadow[];
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
  /** The endpoint's address for the window's session (held sessions' own addresses are not the injector's). */
  readonly endpoint: Omit<CredentialEndpoint, 'serve'>;
  readonly terminals: TerminalVariables;
  readonly notices: InjectionNotices;
  /** VS Code's own environment, which every terminal inherits. */
  readonly inherited: () => InheritedEnvironment;
  /**
   * Whether the AWS files' `[default]` profile yields credentials by itself (keys, a role, SSO, a
   * process…): every SDK's chain takes it before the endpoint.
   */
  readonly defaultProfileYieldsCredentials: () => Promise<boolean>;
  /**
   * Whether VS Code writes terminals' environment to disk: desktop VS Code whose persistent
   * terminal sessions revive processes after a restart. False in a browser.
   */
  readonly terminalsReachDisk: () => boolean;
  readonly logger: SessionLogger;
}

/** Why the injector looks again. */
export type RefreshReason = SessionChangeReason | 'settings';

/** Reasons after which terminals opened earlier act as another role than the window. */
const NEW_ROLE: ReadonlySet<RefreshReason> = new Set<RefreshReason>(['assumed', 'switched']);

export class SessionInjector implements Disposable {
  /** Refreshes run one after another, in the order of the changes. */
  private queue: Promise<void> = Promise.resolve();
  /** What the collection holds now, to write only on a change (kept in memory only). */
  private written = '{}';
  private readonly warned = new Set<InjectionWarning['id']>();
  /** Disposed newest first: the session's changes stop, then the terminals are emptied, then the endpoint stops. */
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly sessions: InjectedSessions,
    private readonly options: SessionInjectorOptions,
  ) {
    this.disposables.add(options.endpoint);
    this.disposables.add({ dispose: () => options.terminals.clear() });
    this.disposables.add(sessions.onDidChangeSession((change) => void this.refresh(change.reason)));
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
   * The window's session's variables for a debug launch starting now, `undefined` when debug
   * injection is off or there is no usable session. In endpoint mode the endpoint is started
   * first. (A launch's own profile is a held session: `src/injection/debugInjection.ts`.)
   */
  async launchVariables(): Promise<{ readonly session: RoleSession; readonly variables: Readonly<Record<string, string>> } | undefined> {
    const settings = this.options.settings();
    const session = this.sessions.current;
    if (!settings.debug || !session) return undefined;
    const mode = (await this.plan(settings, session)).debug;
    const endpoint = mode === 'endpoint' ? await this.options.endpoint.start() : undefined;
    const { variables } = sessionEnvironment({ session, mode, endpoint, inherited: this.options.inherited() });
    return { session, variables };
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async apply(reason: RefreshReason): Promise<void> {
    if (this.disposables.isDisposed) return;
    const settings = this.options.settings();
    const session = this.sessions.current;
    const plan = await this.plan(settings, session);
    const terminalMode = settings.terminals ? plan.terminals : 'none';
    let endpoint: EndpointAddress | undefined;
    if (terminalMode === 'endpoint' || (settings.debug && plan.debug === 'endpoint')) {
      // Started by the first session; kept after it ends (it answers an error) until the mode changes.
      if (session) endpoint = await this.options.endpoint.start();
      else endpoint = this.options.endpoint.address;
    } else if (this.options.endpoint.address) {
      await this.options.endpoint.stop();
      this.options.logger.info('credential endpoint stopped: nothing is handed over through it now');
    }
    if (this.disposables.isDisposed) return;
    const inherited = this.options.inherited();
    const injected = session && terminalMode !== 'none' ? sessionEnvironment({ session, mode: terminalMode, endpoint, inherited }) : undefined;
    const key = JSON.stringify(injected?.variables ?? {});
    if (session && (NEW_ROLE.has(reason) || reason === 'restored' || reason === 'settings')) this.warnOnce(plan, settings.terminals, inherited);
    if (key === this.written) return;
    const hadSomething = this.written !== '{}';
    this.written = key;
    if (!injected || Object.keys(injected.variables).length === 0) {
      this.options.terminals.clear();
      if (hadSomething) this.options.logger.info(`terminals: removed the session's variables (${reason})`);
      return;
    }
    const mode = terminalMode as InjectionMode;
    this.options.terminals.replaceAll(injected.variables, describeInjection(session!, mode));
    this.options.logger.info(
      `terminals: new terminals get profile ${session!.profileName} ${mode === 'endpoint' ? 'through the credential endpoint' : 'as environment keys'} (${reason}; ${Object.keys(injected.variables).join(', ')})`,
    );
    if (NEW_ROLE.has(reason)) this.options.notices.terminalsNeedRelaunch(session!.profileName);
  }

  /** How the session is handed over now: the setting, the session, and what the machine would do with it. */
  private async plan(settings: InjectionSettings, session: RoleSession | undefined): Promise<InjectionPlan> {
    return planInjection({
      setting: settings.mode,
      session,
      inherited: this.options.inherited(),
      defaultProfileYieldsCredentials: await this.options.defaultProfileYieldsCredentials(),
      terminalsReachDisk: this.options.terminalsReachDisk(),
    });
  }

  /** Says once per window, per cause, what keeps clients from using the session, and where keys would reach disk. */
  private warnOnce(plan: InjectionPlan, terminalsOn: boolean, inherited: InheritedEnvironment): void {
    const mode = terminalsOn ? plan.terminals : plan.debug;
    const warnings: InjectionWarning[] = [];
    if (mode !== 'none') {
      for (const conflict of inheritedConflicts(mode, inherited)) {
        if (conflict.kind === 'profile-set') {
          warnings.push({
            id: 'profile-set',
            message:
              mode === 'endpoint'
                ? `${conflict.variable}=${conflict.profileName} is set in VS Code's environment, so the AWS CLI, boto3 and the JS SDK in its terminals use that profile and never ask the session's endpoint. Start VS Code without ${conflict.variable}, or open a terminal without it.`
                : `${conflict.variable}=${conflict.profileName} is set in VS Code's environment: the AWS CLI and boto3 in its terminals use the session's keys, but the JS SDK uses profile ${conflict.profileName}. Start VS Code without ${conflict.variable}, or open a terminal without it.`,
          });
        } else {
          warnings.push({
            id: 'relative-uri-set',
            message: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is set in VS Code\'s environment (a container?): boto3 and the AWS CLI v1 ask that address before the session\'s endpoint. Set awsRoles.injection to auto, which uses keys here, or to environment.',
          });
        }
      }
    }
    if (mode === 'endpoint' && plan.shadows.includes('default-profile')) {
      warnings.push({
        id: 'default-profile-keys',
        message:
          'Your AWS files have a [default] profile that yields credentials. The AWS CLI, boto3 and the JS SDK use those before the credential endpoint, so terminals act as [default], not as the session. Set awsRoles.injection to auto or environment, or remove the credentials from [default].',
      });
    }
    // Both notices are about terminals: with injection into terminals off, there is nothing to say.
    if (plan.notice && terminalsOn) warnings.push(noticeWarning(plan.notice));
    for (const warning of warnings) {
      if (this.warned.has(warning.id)) continue;
      this.warned.add(warning.id);
      this.options.logger.warn(warning.message);
      this.options.notices.warn(warning);
    }
  }
}

/** What shadows the endpoint, in words: "the [default] profile in your AWS files". */
const SHADOW_WORDS: Readonly<Record<EndpointShadow, string>> = {
  'default-profile': 'the credentials of the [default] profile in your AWS files',
  'profile-set': "AWS_PROFILE in VS Code's environment",
  'relative-uri-set': "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in VS Code's environment",
};

/** What desktop VS Code does with a terminal's environment while persistent terminal sessions revive processes. */
const ON_DISK =
  'Desktop VS Code writes the environment of every open terminal, these keys included, to this workspace\'s storage on disk when it quits, and brings the terminals back with them next time (persistent terminal sessions).';

function noticeWarning(notice: InjectionNotice): InjectionWarning {
  if (notice.kind === 'long-term-keys-withheld') {
    return {
      id: 'long-term-keys-withheld',
      message:
        "Terminals do not get these long-term keys: desktop VS Code writes the environment of every open terminal to this workspace's storage on disk when it quits, to bring the terminals back next time (persistent terminal sessions), and permanent keys must not be kept there. Debug launches get them. To have them in terminals too, stop VS Code from reviving terminals after a restart.",
    };
  }
  const why = notice.chosen
    ? 'awsRoles.injection is environment'
    : `${notice.shadows.map((shadow) => SHADOW_WORDS[shadow]).join(' and ')} would win over the credential endpoint in the AWS CLI, boto3 and the JS SDK`;
  return {
    id: 'keys-on-disk',
    chosen: notice.chosen,
    shadows: notice.shadows,
    message: `Terminals get the session's keys as environment variables (${why}). ${ON_DISK} They stay valid until the session ends.`,
  };
}
