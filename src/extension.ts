/**
 * The composition root: the only place that builds services and wires them to VS Code.
 * Activation only constructs objects; the AWS files are read when the view first asks, and
 * the AWS SDK is loaded when the first session is assumed.
 */

import { createHash, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { registerConsoleCommand, type ExternalUrlOpener } from './commands/consoleCommand';
import { registerCopyCommands } from './commands/copyCommands';
import { registerProfileCommands } from './commands/profileCommands';
import { registerRenewCommand } from './commands/renewCommand';
import { followSignOutsElsewhere, pickProfile, registerSessionCommands } from './commands/sessionCommands';
import { ConfigDiagnosticsPublisher } from './configEditor/configDiagnosticsPublisher';
import { registerConfigLanguageFeatures } from './configEditor/configLanguageFeatures';
import { EditorConfigFiles } from './configEditor/editorConfigFiles';
import { COMMANDS, DEFAULT_INJECTION_MODE, DEFAULT_MFA_SESSION_SECONDS, DEFAULT_RENEW_BEFORE_SECONDS, DEFAULT_WARN_BEFORE_SECONDS, ENDPOINT_PORTS, SETTINGS } from './constants';
import { resolveConfigPaths } from './core/config/configFiles';
import { ProfileStore } from './core/config/profileStore';
import { planInjection, type InjectionSetting } from './core/injection/injectionPlan';
import { SessionInjector } from './core/injection/sessionInjector';
import { activeProfileMark, heldProfileMarks, heldSessionPlace, sameMark, type ActiveProfileMark } from './core/presentation/activeProfileMark';
import { ActiveSessionService } from './core/lifecycle/activeSessionService';
import { AutoRenew, renewWindowMs } from './core/lifecycle/autoRenew';
import { HeldSessions } from './core/lifecycle/heldSessions';
import { SharedTicks } from './core/lifecycle/sharedTicks';
import type { SessionLifecycleOptions } from './core/lifecycle/liveSession';
import { SessionError, type RoleSession } from './core/vocabulary/sessionTypes';
import { SessionEngine } from './core/assume/sessionEngine';
import { keepSessionInVault, SessionVault } from './core/lifecycle/sessionVault';
import type { KeysSessionSettings } from './core/presentation/sessionMessages';
import { SignOutBroadcast } from './core/lifecycle/signOutBroadcast';
import { IdentityCenterAccess } from './core/identityCenter/identityCenterAccess';
import { withIdentityCenterRoles } from './core/identityCenter/identityCenterRoleProfiles';
import { identityCenterSessions } from './core/identityCenter/identityCenterSessions';
import { IdentityCenterSignIns } from './core/identityCenter/identityCenterSignIns';
import type { SignInFlow } from './core/identityCenter/signInFlows';
import { registerAddToAwsConfig } from './identityCenter/addToAwsConfig';
import { registerIdentityCenterCommands } from './identityCenter/identityCenterCommands';
import { signInPresenter } from './identityCenter/signInPresenter';
import { registerDebugInjection } from './injection/debugInjection';
import { injectionNotices, TERMINAL_PERSISTENCE_SETTINGS, terminalsReachDisk, terminalVariables } from './injection/terminalInjection';
import { childProcessMfaRunner } from './platform/childProcessMfaRunner';
import { CredentialEndpointServer } from './platform/credentialEndpointServer';
import { fetchFederationClient } from './platform/fetchFederationClient';
import { createLazyIdentityCenterOidc, createLazyIdentityCenterPortal, createLazyRootCredentials, createLazyStsPort } from './platform/lazyAwsPorts';
import { loopbackRedirectServer } from './platform/loopbackRedirectServer';
import { ssoTokenCacheFiles } from './platform/ssoTokenCacheFiles';
import { nodeTextFileReader } from './platform/nodeTextFileReader';
import { PollingFileWatcher } from './platform/pollingFileWatcher';
import { systemTime } from './platform/systemTime';
import { inputBoxMfaPrompt } from './prompts/inputBoxMfaPrompt';
import { renewalNotifications, showHeldRenewalNeeds } from './prompts/renewalNotifications';
import { registerSessionMenu } from './statusBar/sessionMenu';
import { SessionStatusBar } from './statusBar/sessionStatusBar';
import { ProfileTerminals } from './terminals/profileTerminals';
import { profileNameOf, type ProfileTreeNode } from './tree/profileNodes';
import { ProfileTreeModel } from './tree/profileTreeModel';
import { ProfileView } from './tree/profileView';
import { WorkspaceProfiles } from './workspace/workspaceProfiles';
import { FolderSessions } from './workspace/folderSessions';

/**
 * Handles for the extension's own test suites and benchmarks, never a public API: `activate`
 * returns them only when VS Code runs the extension under test. In any other mode it returns
 * nothing, because whatever `activate` returns is `exports` to every installed extension, and
 * the session service would let any of them read the credentials or ride a stored MFA session
 * with no prompt, around SecretStorage's per-extension isolation.
 */
export interface ExtensionApi {
  readonly profileStore: ProfileStore;
  readonly profileTreeModel: ProfileTreeModel;
  readonly profileView: ProfileView;
  readonly sessions: ActiveSessionService;
  readonly autoRenew: AutoRenew;
  readonly statusBar: SessionStatusBar;
  /** The session kept for the next reload; the activation benchmark times restoring from it. */
  readonly vault: SessionVault;
  /** What terminals and debug launches get; `refresh()` resolves once the collection is up to date. */
  readonly injector: SessionInjector;
  /** The AWS files' diagnostics; tests wait on `onDidPublish`. */
  readonly configDiagnostics: ConfigDiagnosticsPublisher;
  /**
   * The login URL Open Console last handed to the browser. Under test the URL is kept here
   * instead of being opened, so a test can follow it to the local STS's login page.
   */
  readonly lastConsoleUrl: () => string | undefined;
  /** The IAM Identity Center sign-in page last opened; under test kept here instead of opened. */
  readonly lastSignInUrl: () => string | undefined;
  /** The workspace's own profile (`awsRoles.profile`) as offered. */
  readonly workspaceProfiles: WorkspaceProfiles;
  /** Sessions held apart from the window's (terminals opened as a profile). */
  readonly held: HeldSessions;
  readonly profileTerminals: ProfileTerminals;
  readonly folderSessions: FolderSessions;
  /**
   * The extension's SecretStorage, so a suite can write to it as another desktop window would
   * (code-server's windows do not share it): another window's Sign Out arrives as its change event.
   */
  readonly secrets: vscode.SecretStorage;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const log = vscode.window.createOutputChannel('AWS Role Sessions', { log: true });
  const underTest = context.extensionMode === vscode.ExtensionMode.Test;
  // The sign-in page of IAM Identity Center, in the person's browser (a forwarded address for a loopback service).
  // Under test it is kept instead, so a suite can approve it as a person would on the page.
  let lastSignInUrl: string | undefined;
  const openSignInPage = async (url: string): Promise<boolean> => {
    if (underTest) {
      lastSignInUrl = url;
      return true;
    }
    return vscode.env.openExternal((await browserReachableUrl(url)) as unknown as vscode.Uri);
  };
  const profileStore = new ProfileStore(nodeTextFileReader, new PollingFileWatcher(), () =>
    resolveConfigPaths(process.env, os.homedir()),
  );
  // IAM Identity Center's roles are profiles by name too (`acme/555555555555/ReadOnly`), with no section in the files.
  void profileStore.setExtension(withIdentityCenterRoles);
  const settings = () => vscode.workspace.getConfiguration(SETTINGS.section);
  // IAM Identity Center: sign-ins kept in SecretStorage (and the CLI's cache only when shared), the portal's roles.
  const identityCenterSignIns = new IdentityCenterSignIns({
    oidc: createLazyIdentityCenterOidc(),
    portal: createLazyIdentityCenterPortal(),
    loopback: loopbackRedirectServer,
    presenter: signInPresenter((url) => openSignInPage(url), log),
    secrets: context.secrets,
    cacheFiles: ssoTokenCacheFiles(),
    time: systemTime,
    logger: log,
    flow: () => signInFlowFor(settings().get<string>(SETTINGS.identityCenterSignInFlow, 'auto')),
    shareWithCli: () => userSettingOf<boolean>(SETTINGS.identityCenterShareWithAwsCli) === true,
    clientName: 'AWS Role Sessions for VS Code',
  });
  const identityCenter = new IdentityCenterAccess(identityCenterSignIns, createLazyIdentityCenterPortal(), log);
  const engine = new SessionEngine({
    sts: createLazyStsPort(),
    roots: createLazyRootCredentials(),
    identityCenter,
    mfaPrompt: inputBoxMfaPrompt,
    mfaProcess: childProcessMfaRunner,
    clock: systemTime,
    secrets: context.secrets,
    logger: log,
    env: () => process.env,
    mfaSessionDurationSeconds: () => keysSession().mfaSessionSeconds,
    userName: safeUserName(),
    // A user setting only: a repository must never be able to hand out someone's permanent keys.
    allowLongTermKeys: (profileName) => keysSession().longTermKeysAllowed(profileName),
    // A user setting only as well: a repository's "read-only" policy could be AdministratorAccess.
    readOnlyPolicies: () => {
      const configured = userSettingOf<unknown>(SETTINGS.readOnlyPolicies);
      return typeof configured === 'object' && configured !== null && !Array.isArray(configured) ? (configured as Record<string, unknown>) : undefined;
    },
  });
  // How a profile of long-term keys is handed out, for the tree's and the picker's words.
  // Each call reads the settings once, so a caller that words many profiles takes one snapshot.
  const keysSession = (): KeysSessionSettings => {
    const allowed = userSettingOf<unknown>(SETTINGS.allowLongTermKeys);
    return {
      longTermKeysAllowed: (profileName) => Array.isArray(allowed) && allowed.includes(profileName),
      mfaSessionSeconds: settings().get<number>(SETTINGS.mfaSessionDuration, DEFAULT_MFA_SESSION_SECONDS),
    };
  };
  const autoRenewEnabled = () => settings().get<boolean>(SETTINGS.autoRenew, true);
  const renewBeforeSeconds = () => settings().get<number>(SETTINGS.renewBefore, DEFAULT_RENEW_BEFORE_SECONDS);
  // The window's session and those held for terminals share their timers: twenty sessions wake the process about as often as one.
  const ticks = new SharedTicks(systemTime);
  const lifecycle: SessionLifecycleOptions = {
    time: ticks.exact,
    warnBeforeSeconds: () => settings().get<number>(SETTINGS.warnBefore, DEFAULT_WARN_BEFORE_SECONDS),
    // A tick lands on the opening of auto-renew's window, so renewal starts on time.
    renewBeforeMs: (session) => (autoRenewEnabled() ? renewWindowMs(session, renewBeforeSeconds()) : undefined),
  };
  const sessions = new ActiveSessionService(engine, () => profileStore.getModel(), lifecycle);
  // Sessions held apart from the window's (terminals opened as a profile): renewed on their own, ended with the window's at Sign Out.
  const held = new HeldSessions({
    engine,
    model: () => profileStore.getModel(),
    // Their minute ticks ride the window's (or each other's); their marks may be up to a minute behind, never a threshold.
    lifecycle: { ...lifecycle, time: ticks.flexible },
    revoked: () => sessions.revoked(),
    renewalFailed: (failed, error) => {
      log.warn(`the session of profile ${failed.profileName} held for terminals, folders or launches did not renew by itself (${error instanceof SessionError ? error.kind : 'unexpected'}); it keeps its credentials until they end`);
      // As auto-renew does for the window's: a notice with Renew… when only a code was missing, never a prompt.
      const renew = () => held.renew(failed.profileName, failed.access);
      if (error instanceof SessionError && error.kind === 'mfa-code-needed') void showHeldRenewalNeeds(failed, { kind: 'mfa-code' }, renew, log);
      // Identity Center's session ended: Sign In… for the profile whose sign-in it is, never a page by itself.
      if (error instanceof SessionError && error.kind === 'sso-login-required') void showHeldRenewalNeeds(failed, { kind: 'sign-in', profileName: error.hopProfileName ?? failed.profileName }, renew, log);
    },
  });
  // Renews before the end; silent when no code is needed, a notification (never a prompt) when one is.
  const autoRenew = new AutoRenew(sessions, {
    time: systemTime,
    enabled: autoRenewEnabled,
    renewBeforeSeconds,
    model: () => profileStore.getModel(),
    notices: renewalNotifications(log),
    logger: log,
  });
  // Sign Out in any window ends the MFA sessions of all (they share SecretStorage); the others hear of it here.
  const signOuts = new SignOutBroadcast(context.secrets, randomUUID(), () => systemTime.now());
  // The session survives a reload in SecretStorage only, one per workspace.
  const vault = new SessionVault(context.secrets, workspaceId());
  // The workspace's own profile (awsRoles.profile): offered while idle, assumed by itself only if the user allows it.
  const workspaceProfiles = new WorkspaceProfiles({ sessions, store: profileStore, log, configFile: () => resolveConfigPaths(process.env, os.homedir()).configFile });
  // Terminals and debug launches get the session; the endpoint listens only once endpoint mode has a session to serve,
  // on a port package.json's remote.portsAttributes default keeps out of VS Code's port forwarding.
  const endpoint = new CredentialEndpointServer(sessions, { time: systemTime, logger: log, ports: ENDPOINT_PORTS });
  const injectionSetting = () => settings().get<InjectionSetting>(SETTINGS.injection, DEFAULT_INJECTION_MODE);
  // Credentials in [default] (keys, a role, SSO, a process…) come before the endpoint in every SDK's chain.
  const defaultProfileYieldsCredentials = async () => ((await profileStore.getModel()).byName.get('default')?.kind ?? 'none') !== 'none';
  // The window's session for every terminal, and a folder's own for terminals opened in it.
  const terminalCollection = terminalVariables(context.environmentVariableCollection, () => process.env);
  const injector = new SessionInjector(sessions, {
    settings: () => ({
      mode: injectionSetting(),
      terminals: settings().get<boolean>(SETTINGS.injectIntoTerminals, true),
      debug: settings().get<boolean>(SETTINGS.injectIntoDebug, true),
    }),
    endpoint,
    terminals: terminalCollection,
    notices: injectionNotices({ settingsSection: SETTINGS.section, credentialsFile: () => resolveConfigPaths(process.env, os.homedir()).credentialsFile }),
    inherited: () => process.env,
    defaultProfileYieldsCredentials,
    terminalsReachDisk,
    logger: log,
  });
  const statusBar = new SessionStatusBar(sessions, systemTime, () => workspaceProfiles.offers[0], {
    list: () => held.list().map((view) => ({ ...view, usedBy: heldSessionPlace(view) })),
    onDidChange: held.onDidChange,
  });
  // The same decision as for the window's terminals, for a session held apart from it.
  const heldSessionPlan = async (session: RoleSession) =>
    planInjection({ setting: injectionSetting(), session, inherited: process.env, defaultProfileYieldsCredentials: await defaultProfileYieldsCredentials(), terminalsReachDisk: terminalsReachDisk() });
  const heldSessionMode = async (session: RoleSession) => (await heldSessionPlan(session)).terminals;
  const profileTerminals = new ProfileTerminals({
    held,
    endpoint,
    modeFor: heldSessionMode,
    pickProfile: (access) =>
      pickProfile(
        { store: profileStore, globalState: context.globalState, keysSession },
        access === 'read-only'
          ? { title: 'Open Read-Only Terminal as', placeHolder: 'Pick the role the new terminal acts as, read-only' }
          : { title: 'Open Terminal as Profile', placeHolder: 'Pick the profile the new terminal acts as' },
      ),
    inherited: () => process.env,
    log,
    time: systemTime,
    iconPath: vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg'),
  });
  const folderSessions = new FolderSessions({ held, store: profileStore, endpoint, terminals: terminalCollection, modeFor: heldSessionMode, inherited: () => process.env, log });
  // The tree marks the active profile with its time left; it re-renders only when that text changes (once a minute).
  const activeProfile = new vscode.EventEmitter<ActiveProfileMark | undefined>();
  let lastMark: ActiveProfileMark | undefined;
  const markActiveProfile = () => {
    const mark = activeProfileMark(sessions.state, systemTime.now());
    if (sameMark(mark, lastMark)) return;
    lastMark = mark;
    activeProfile.fire(mark);
  };
  const profileTreeModel = new ProfileTreeModel(profileStore, activeProfile.event, keysSession, {
    sessions: (model) => identityCenterSessions(model, process.env),
    state: (session) => identityCenterSignIns.state(session),
    // The tree never prompts: a row that needs a sign-in says so and offers it.
    listings: {
      accounts: (session) => identityCenter.accounts(session, { interactive: false }),
      roleNames: (session, accountId) => identityCenter.roleNames(session, accountId, { interactive: false }),
    },
  });
  const profileView = new ProfileView(profileTreeModel);
  // Editing the AWS files: problems as you type, completion, hover, navigation, Assume lenses. Nothing is read until one is open.
  const editorConfigFiles = new EditorConfigFiles(profileStore);
  const configDiagnostics = new ConfigDiagnosticsPublisher(editorConfigFiles, profileStore.onDidChange);
  let lastConsoleUrl: string | undefined;
  const openUrl: ExternalUrlOpener = underTest
    ? (url) => {
        lastConsoleUrl = url;
        return Promise.resolve(true);
      }
    : // The string itself, not vscode.Uri.parse(url): a Uri re-encodes its query when turned back
      // into text (`=`, `&`, and `%2B` in the sign-in token would come out changed; microsoft/vscode
      // #85930, #124704, #248416), while a string is opened exactly as given (#173239). The
      // extension host accepts either at runtime; the type only names Uri.
      (url) => vscode.env.openExternal(url as unknown as vscode.Uri);
  context.subscriptions.push(
    log,
    profileStore,
    sessions,
    autoRenew,
    workspaceProfiles,
    statusBar,
    workspaceProfiles.onDidChange(() => statusBar.render()),
    injector,
    held,
    profileTerminals,
    // The tree marks each profile held for terminals with where and how long.
    held.onDidChange(() => profileTreeModel.setHeldMarks(heldProfileMarks(held.list(), systemTime.now()))),
    sessions.onDidEndEverything((why) => {
      held.endAll(why);
      profileTerminals.ended(why);
    }),
    vscode.commands.registerCommand(COMMANDS.openTerminalAsProfile, async (target?: ProfileTreeNode | string) => {
      // Resolves with nothing: the terminal's options are no one else's business.
      await profileTerminals.openTerminal(profileNameOf(target));
    }),
    vscode.commands.registerCommand(COMMANDS.openReadOnlyTerminalAsProfile, async (target?: ProfileTreeNode | string) => {
      await profileTerminals.openTerminal(profileNameOf(target), 'read-only');
    }),
    folderSessions,
    vscode.commands.registerCommand(COMMANDS.assumeFolderProfiles, () => folderSessions.assumeAll()),
    // A launch of a folder that acts as its own profile gets the folder's session (unless it names its own "awsProfile").
    registerDebugInjection(
      injector,
      sessions,
      log,
      {
        held,
        endpoint,
        modeFor: async (session) => (await heldSessionPlan(session)).debug,
        inherited: () => process.env,
      },
      (folder) => (settings().get<boolean>(SETTINGS.injectIntoDebug, true) ? folderSessions.launchFor(folder) : undefined),
    ),
    activeProfile,
    sessions.onDidChangeState(markActiveProfile),
    sessions.onDidCheckClock(markActiveProfile),
    // A laptop that slept past a deadline: tell the truth as soon as the person is back, and retry a failed renewal.
    vscode.window.onDidChangeWindowState((state) => {
      if (!state.focused) return;
      sessions.checkNow();
      autoRenew.windowFocused();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const affects = (key: string) => event.affectsConfiguration(`${SETTINGS.section}.${key}`);
      if (affects(SETTINGS.warnBefore) || affects(SETTINGS.autoRenew) || affects(SETTINGS.renewBefore)) sessions.checkNow();
      if (affects(SETTINGS.allowLongTermKeys) || affects(SETTINGS.mfaSessionDuration)) profileTreeModel.refresh();
      if (affects(SETTINGS.injection) || affects(SETTINGS.injectIntoTerminals) || affects(SETTINGS.injectIntoDebug) || TERMINAL_PERSISTENCE_SETTINGS.some((key) => event.affectsConfiguration(key))) {
        void injector.refresh('settings');
      }
    }),
    profileTreeModel,
    profileView,
    editorConfigFiles,
    configDiagnostics,
    ...registerConfigLanguageFeatures(editorConfigFiles, () => lastMark, activeProfile.event),
    ...registerProfileCommands(profileStore, profileTreeModel, context.extensionUri, () => identityCenter.refresh()),
    // Signed in or out (here or in another window): the tree's Identity Center rows say so.
    identityCenterSignIns.onDidChange(() => profileTreeModel.refresh()),
    ...registerSessionCommands({ sessions, signOuts, store: profileStore, globalState: context.globalState, log, keysSession, identityCenter: identityCenterSignIns }),
    identityCenterSignIns,
    identityCenter,
    registerAddToAwsConfig(profileStore, log),
    ...registerIdentityCenterCommands({ signIns: identityCenterSignIns, store: profileStore, log, env: () => process.env }),
    // A sign-in or Sign Out in another desktop window (they share SecretStorage) shows here too.
    context.secrets.onDidChange((event) => identityCenterSignIns.changedElsewhere(event.key)),
    signOuts,
    followSignOutsElsewhere({ sessions, signOuts }),
    signOuts.onDidSignOutElsewhere(() => held.mfaSessionsEndedElsewhere()),
    registerSessionMenu(sessions, () => workspaceProfiles.offers, { sessions: held, log }, folderSessions),
    ...registerCopyCommands(sessions, log),
    registerRenewCommand(sessions, log),
    registerConsoleCommand({ sessions, store: profileStore, globalState: context.globalState, log, federation: fetchFederationClient(), openUrl, browserEndpoint: browserReachable, time: systemTime, env: () => process.env }),
    keepSessionInVault(sessions, vault, (error) => log.warn(`could not keep the session for the next reload: ${error instanceof Error ? error.name : typeof error}`)),
  );
  // One secret read; no STS call and no AWS SDK load. Off the activation path: activate returns first.
  void sessions.restore(() => vault.load()).then(
    (restored) => restored && log.info(`restored the session of profile ${restored.profileName} kept from before the reload${restored.credentials.expiration ? `, expires ${restored.credentials.expiration.toISOString()}` : ''}`),
    (error: unknown) => log.warn(`could not restore the session kept from before the reload: ${error instanceof Error ? error.name : typeof error}`),
  )
    // A restored session wins: the workspace's profile is considered only once the restore settled.
    .then(() => Promise.all([workspaceProfiles.start(), folderSessions.refresh()]))
    .catch((error: unknown) => log.warn(`could not look at the workspace's profile: ${error instanceof Error ? error.name : typeof error}`));
  return underTest ? { profileStore, profileTreeModel, profileView, sessions, autoRenew, statusBar, vault, injector, held, profileTerminals, folderSessions, configDiagnostics, workspaceProfiles, lastConsoleUrl: () => lastConsoleUrl, lastSignInUrl: () => lastSignInUrl, secrets: context.secrets } : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/**
 * Where the person's browser reaches a URL the extension host reaches. Only a loopback URL (the
 * local STS of the try-it-now mode and the tests) can differ: from a remote extension host
 * (code-server, Remote-SSH, Codespaces) VS Code forwards the port and names the forwarded
 * address. Resolved here, on the bare endpoint, because VS Code would otherwise forward the
 * finished login URL and encode its query a second time on the way (seen in code-server: the
 * sign-in token arrived changed). AWS's own endpoints are returned as they are.
 */
async function browserReachable(endpoint: string): Promise<string> {
  if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(endpoint)) return endpoint;
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(endpoint));
  return external.toString(true);
}

/** The sign-in flow the setting asks for; `auto` comes back to 127.0.0.1 only where the browser reaches it. */
function signInFlowFor(setting: string | undefined): SignInFlow {
  if (setting === 'authorizationCode') return 'authorization-code';
  if (setting === 'deviceCode') return 'device-code';
  // A remote extension host (Remote-SSH, containers, Codespaces) or a browser window (code-server,
  // vscode.dev): the browser cannot reach the extension host's 127.0.0.1 (aws-cli #9098).
  return vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop ? 'authorization-code' : 'device-code';
}

/** A URL as the person's browser reaches it: a loopback address forwarded, anything else as it is. */
async function browserReachableUrl(url: string): Promise<string> {
  const match = /^(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\/)(.*)$/.exec(url);
  if (!match) return url;
  return `${await browserReachable(match[1])}${match[2]}`.replace(/([^:])\/\/+/g, '$1/');
}

/**
 * Which workspace this window has open, as a short stable id: two windows on different folders
 * keep different sessions. A hash, so no folder path lands in the secret's key.
 */
function workspaceId(): string {
  const where = vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-folder';
  return createHash('sha256').update(where).digest('hex').slice(0, 16);
}

/**
 * A setting's value from the user's own settings only (user and remote user), never a workspace's
 * or a folder's, whatever the manifest's scope says: for settings a repository must not set.
 */
function userSettingOf<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SETTINGS.section).inspect<T>(key);
  return inspected?.globalValue;
}

/** The OS user name for default role session names; some containers have none. */
function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}
