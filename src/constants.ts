/** Every identifier the extension shares with package.json, in one place. */

export const EXTENSION_ID = 'aws-role-sessions.aws-role-sessions';

export const VIEW_PROFILES = 'awsRoles.profiles';

export const COMMANDS = {
  refreshProfiles: 'awsRoles.refreshProfiles',
  filterProfiles: 'awsRoles.filterProfiles',
  clearProfileFilter: 'awsRoles.clearProfileFilter',
  openInConfigFile: 'awsRoles.openInConfigFile',
  openConfigFile: 'awsRoles.openConfigFile',
  openReadme: 'awsRoles.openReadme',
  assumeRole: 'awsRoles.assumeRole',
  signOut: 'awsRoles.signOut',
  showIdentity: 'awsRoles.showIdentity',
  /** Fresh credentials for the window's session (the status bar's Renew Now). */
  renewSession: 'awsRoles.renewSession',
  /** The status bar item's menu: Switch Role…, Show Identity, Copy Role ARN, Sign Out, Open Settings. */
  showSessionMenu: 'awsRoles.showSessionMenu',
  /** The AWS console in the browser, signed in as the window's session or a profile assumed for this use. */
  openConsole: 'awsRoles.openConsole',
  /** The session's keys as shell exports (bash/zsh, fish or PowerShell), to the clipboard. */
  copyShellExports: 'awsRoles.copyShellExports',
  /** The session's keys as `credential_process` JSON, to the clipboard. */
  copyCredentialProcess: 'awsRoles.copyCredentialProcess',
  /** A new terminal acting as a profile of its own, apart from the window's session (issue 22). */
  openTerminalAsProfile: 'awsRoles.openTerminalAsProfile',
  openReadOnlyTerminalAsProfile: 'awsRoles.openReadOnlyTerminalAsProfile',
  assumeFolderProfiles: 'awsRoles.assumeFolderProfiles',
  /** Sign in to IAM Identity Center in the browser: one sign-in serves every profile of its sso-session (issue 23). */
  signInToIdentityCenter: 'awsRoles.signInToIdentityCenter',
  /** Writes a `[profile]` section for a role IAM Identity Center lists, after a preview (the one write to the AWS files besides an empty one). */
  addToAwsConfig: 'awsRoles.addToAwsConfig',
} as const;

export const SETTINGS = {
  section: 'awsRoles',
  /** Seconds an MFA session from GetSessionToken lasts (900 to 129600). */
  mfaSessionDuration: 'mfaSessionDuration',
  /** Seconds before the session ends at which the status bar turns to the warning colour. */
  warnBefore: 'warnBefore',
  /** Whether the session renews itself shortly before it ends. */
  autoRenew: 'autoRenew',
  /** Seconds before the session ends at which auto-renew renews it. */
  renewBefore: 'renewBefore',
  /** Whether the status bar shows a muted `AWS` item when the window has no session. */
  statusBarShowWhenIdle: 'statusBar.showWhenIdle',
  /** How the session reaches terminals and debug sessions: `auto` (the endpoint unless something shadows it), `endpoint` or `environment` (keys). */
  injection: 'injection',
  /** User level only: profiles whose long-term keys may be handed out as they are, instead of a session of them. */
  allowLongTermKeys: 'allowLongTermKeys',
  /** User level only: the session policies of read-only sessions, by profile name (`*` for the rest). */
  readOnlyPolicies: 'readOnlyPolicies',
  /** Whether new integrated terminals get the session. */
  injectIntoTerminals: 'injectIntoTerminals',
  /** Whether debug sessions get the session through their launch `env`. */
  injectIntoDebug: 'injectIntoDebug',
  /** The profile this workspace (or folder) is worked on with; restricted in untrusted workspaces. */
  profile: 'profile',
  /** User level only: assume the workspace's profile by itself on open when no MFA code is needed. */
  autoAssumeWorkspaceProfile: 'autoAssumeWorkspaceProfile',
  /** How Identity Center sign-ins run: `auto` (the browser comes back to VS Code when it can), `authorizationCode` or `deviceCode`. */
  identityCenterSignInFlow: 'identityCenter.signInFlow',
  /** User level only: write Identity Center sign-ins to the AWS CLI's cache too, for `aws` and the SDKs outside VS Code. */
  identityCenterShareWithAwsCli: 'identityCenter.shareSignInWithAwsCli',
} as const;

/** The MFA-session setting's default, kept beside GetSessionToken's bounds where the engine clamps the setting. */
export { DEFAULT_MFA_SESSION_SECONDS } from './core/assume/hopSettings';

/** Ten minutes: the warning colour, and the seconds countdown, start together by default. */
export const DEFAULT_WARN_BEFORE_SECONDS = 600;

/** Fifteen minutes: botocore starts its own refresh then, so renewing first means no process gets credentials about to end. */
export const DEFAULT_RENEW_BEFORE_SECONDS = 900;

/**
 * The credential endpoint by default, unless something would shadow it: a terminal then holds an
 * address and a token that are worthless once the window is gone, never keys that desktop VS Code
 * would write to disk with the terminal's environment (see `src/core/injection/injectionPlan.ts`).
 */
export const DEFAULT_INJECTION_MODE = 'auto';

/**
 * Where the credential endpoint listens: the first free port of this range, which package.json's
 * `configurationDefaults` marks `"onAutoForward": "ignore"` in `remote.portsAttributes`, so that
 * VS Code in a remote window (Remote-SSH, Dev Containers, Codespaces) neither forwards it nor
 * lists it in the Ports view. The API that could mark any one port
 * (`workspace.registerPortAttributesProvider`) is still a proposal, which VS Code refuses to
 * extensions from the Marketplace. Above Linux's ephemeral ports (32768-60999), so the remote
 * machine's outgoing connections never hold one; fifty, so that as many windows (each listens
 * once) find a free one.
 */
export const ENDPOINT_PORTS = { first: 61400, last: 61449 } as const;

/** The status bar item's id (for the status bar's own hide/show menu). */
export const STATUS_BAR_ITEM_ID = 'awsRoles.session';

export const CONTEXT_KEYS = {
  /** `missing` when neither AWS file exists, `empty` when they hold no profile, else `loaded`. */
  configState: 'awsRoles.configState',
  profileFilterActive: 'awsRoles.profileFilterActive',
} as const;
