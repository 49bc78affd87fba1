/**
 * `npm run test:integration`: runs the extension's integration windows
 * (out/test/integration/<window>/index.js) inside a real VS Code — code-server's
 * extension host, driven from headless Chromium — and exits with their code.
 *
 * The extension host gets a private AWS setup through the environment:
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name files in a temp folder
 * that do not exist yet (the specs write them), and AWS_ROLE_SESSIONS_TEST_TMP
 * names that folder. Nothing touches the user's ~/.aws.
 *
 * Windows one after the other, each the specs of one folder under test/integration/: the main
 * suite (main/), a window started with AWS_PROFILE=other in its environment (aws-profile/), one
 * for editing the AWS files (config-editing/), and two windows whose folder names a profile in
 * its .vscode/settings.json (workspace-profile/): one trusted, one untrusted (workspace trust
 * on, the folder never trusted, no startup prompt). Trust belongs to the whole window and no API
 * grants it, so each case needs its own window. Last, a multi-root window of three folders, two
 * of which name their own profile (multi-root/).
 * `INTEGRATION_WINDOWS=name,name` (those folder names: main, aws-profile, config-editing,
 * workspace-profile, multi-root; comma-separated) runs only those.
 *
 * Needs `npm run compile` and `npm run build` first (`npm test` does both).
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError, ensureCodeServer, log, makeTempDir, projectRoot, removeTempDir } from '../../tools/code-server';
import { runExtensionTests } from './extensionTests';

/** One window of the suite: its own code-server, user data and AWS files, and the specs of one folder. */
interface IntegrationWindow {
  readonly name: string;
  /** The folder under out/test/integration/ whose index.js runs the window's specs. */
  readonly specs: string;
  /** Variables of VS Code's own environment beyond the private AWS files. */
  readonly env: Record<string, string | undefined>;
  /** Written before the window opens: the AWS files (else the specs write them) and settings. */
  readonly before?: {
    readonly awsConfig?: string;
    readonly awsCredentials?: string;
    /** The workspace folder's `.vscode/settings.json`. */
    readonly workspaceSettings?: Record<string, unknown>;
    /** The user's `settings.json`. */
    readonly userSettings?: Record<string, unknown>;
    /** A multi-root window instead of one folder: each folder with its own `.vscode/settings.json`, in a `.code-workspace` file. */
    readonly folders?: readonly { readonly name: string; readonly settings?: Record<string, unknown> }[];
  };
  /** Leave workspace trust on, so the folder opens untrusted; default off (every folder trusted). */
  readonly workspaceTrust?: boolean;
}

/** The profile the workspace-profile windows name; their AWS config has it before the window opens. */
const WORKSPACE_PROFILE_WINDOW = {
  awsConfig: '[profile team-dev]\nregion = eu-west-1\n[profile other]\nregion = us-east-1\n',
  // What a repository could try beyond naming its profile: stretch MFA sessions, choose how credentials are handed out.
  workspaceSettings: { 'awsRoles.profile': 'team-dev', 'awsRoles.mfaSessionDuration': 129600, 'awsRoles.injection': 'environment', 'awsRoles.injectIntoTerminals': false, 'awsRoles.injectIntoDebug': false },
};

const WINDOWS: readonly IntegrationWindow[] = [
  { name: 'integration', specs: 'main', env: {} },
  // VS Code started from a shell that exports AWS_PROFILE: what no injected value can undo.
  { name: 'integration (AWS_PROFILE=other)', specs: 'aws-profile', env: { AWS_PROFILE: 'other' } },
  // Editors keep a file's text after they close; this window's files change only under its own specs.
  // VS Code in the browser saves a changed file after 1 s by default (files.autoSave: afterDelay); the
  // specs check that the extension itself never writes what the user types, so autosave is off here.
  { name: 'integration (editing the AWS files)', specs: 'config-editing', env: {}, before: { userSettings: { 'files.autoSave': 'off' } } },
  // A folder whose .vscode/settings.json names its profile: offered on open when trusted, ignored when not.
  { name: 'integration (workspace profile, trusted)', specs: 'workspace-profile', env: { AWS_ROLE_SESSIONS_TEST_TRUSTED: '1' }, before: WORKSPACE_PROFILE_WINDOW },
  // Three folders in one window: api and infra name their own profiles, docs none (the window's session).
  {
    name: 'integration (multi-root, folders as their own profile)',
    specs: 'multi-root',
    env: {},
    before: { folders: [{ name: 'api', settings: { 'awsRoles.profile': 'dev-readonly' } }, { name: 'infra', settings: { 'awsRoles.profile': 'prod' } }, { name: 'docs' }] },
  },
  {
    name: 'integration (workspace profile, untrusted)',
    specs: 'workspace-profile',
    env: { AWS_ROLE_SESSIONS_TEST_TRUSTED: '0' },
    before: { ...WORKSPACE_PROFILE_WINDOW, userSettings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } },
    workspaceTrust: true,
  },
];

async function main(): Promise<number> {
  const root = projectRoot();
  const main = path.join(root, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main ?? '');
  for (const [file, how] of [...WINDOWS.map((window) => [windowEntry(root, window), 'npm run compile']), [main, 'npm run build']]) {
    if (!fs.existsSync(file)) {
      console.error(`[harness] ${path.relative(root, file)} is missing: run \`${how}\` first`);
      return 1;
    }
  }
  const only = process.env.INTEGRATION_WINDOWS?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !WINDOWS.some((window) => window.specs === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`[harness] INTEGRATION_WINDOWS names no window ${unknown.join(', ')}; the windows are ${[...new Set(WINDOWS.map((window) => window.specs))].join(', ')}`);
    return 1;
  }
  const windows = only?.length ? WINDOWS.filter((window) => only.includes(window.specs)) : WINDOWS;
  const install = await ensureCodeServer();
  let failed = 0;
  for (const window of windows) {
    const code = await runWindow(root, install, window);
    log(code === 0 ? `${window.name} tests passed` : `${window.name} tests FAILED (exit code ${code})`);
    if (code !== 0) failed = code;
  }
  return failed;
}

/** The compiled entry that runs a window's specs. */
function windowEntry(root: string, window: IntegrationWindow): string {
  return path.join(root, 'out', 'test', 'integration', window.specs, 'index.js');
}

async function runWindow(root: string, install: Awaited<ReturnType<typeof ensureCodeServer>>, window: IntegrationWindow): Promise<number> {
  const extensionTestsPath = windowEntry(root, window);
  const tmp = makeTempDir('aws-role-sessions-it-');
  const workspaceFolder = path.join(tmp, 'workspace');
  const awsDir = path.join(tmp, 'aws');
  // Known in advance so the suite can check that nothing secret was stored in it.
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(workspaceFolder, { recursive: true });
  fs.mkdirSync(awsDir, { recursive: true });
  const suffix = window.specs === 'main' ? '' : `-${window.specs}${window.workspaceTrust ? '-untrusted' : ''}`;
  const before = window.before ?? {};
  if (before.awsConfig !== undefined) fs.writeFileSync(path.join(awsDir, 'config'), before.awsConfig);
  if (before.awsCredentials !== undefined) fs.writeFileSync(path.join(awsDir, 'credentials'), before.awsCredentials);
  if (before.workspaceSettings) {
    fs.mkdirSync(path.join(workspaceFolder, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspaceFolder, '.vscode', 'settings.json'), JSON.stringify(before.workspaceSettings, null, 2));
  }
  let opened = workspaceFolder;
  if (before.folders) {
    for (const folder of before.folders) {
      fs.mkdirSync(path.join(workspaceFolder, folder.name, '.vscode'), { recursive: true });
      if (folder.settings) fs.writeFileSync(path.join(workspaceFolder, folder.name, '.vscode', 'settings.json'), JSON.stringify(folder.settings, null, 2));
    }
    opened = path.join(workspaceFolder, 'window.code-workspace');
    fs.writeFileSync(opened, JSON.stringify({ folders: before.folders.map((folder) => ({ path: folder.name })), settings: {} }, null, 2));
  }
  if (before.userSettings) {
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(before.userSettings, null, 2));
  }

  try {
    return await runExtensionTests({
      install,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      workspaceFolder: opened,
      userDataDir,
      workspaceTrust: window.workspaceTrust,
      env: {
        AWS_CONFIG_FILE: path.join(awsDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
        AWS_ROLE_SESSIONS_TEST_TMP: tmp,
        AWS_ROLE_SESSIONS_TEST_USER_DATA: userDataDir,
        // Keep the machine's own AWS settings out of the extension host.
        AWS_PROFILE: undefined,
        AWS_DEFAULT_PROFILE: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        ...window.env,
      },
      // A backstop only: each test has its own deadline. The main window's 52 tests take 5 minutes on a
      // quiet 2-CPU machine and over 10 with a second test run beside it (measured).
      timeoutMs: Number(process.env.INTEGRATION_TIMEOUT_MS) || 20 * 60_000,
      screenshotPath: path.join(root, 'test-results', `integration-final${suffix}.png`),
      consoleLogFile: path.join(root, 'test-results', `integration-workbench${suffix}.log`),
    });
  } finally {
    removeTempDir(tmp);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[harness] ${describeError(error)}`);
    process.exit(1);
  },
);
