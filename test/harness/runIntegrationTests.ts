/**
 * `npm run test:integration`: runs the extension's integration suite
 * (out/test/integration/index.js) inside a real VS Code — code-server's
 * extension host, driven from headless Chromium — and exits with its code.
 *
 * The extension host gets a private AWS setup through the environment:
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name files in a temp folder
 * that do not exist yet (the specs write them), and AWS_ROLE_SESSIONS_TEST_TMP
 * names that folder. Nothing touches the user's ~/.aws.
 *
 * Windows one after the other: the main suite (test/integration/), a window started with
 * AWS_PROFILE=other in its environment (test/integration-aws-profile/), and one for editing the
 * AWS files (test/integration-config-editing/).
 *
 * Needs `npm run compile` and `npm run build` first (`npm test` does both).
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError, ensureCodeServer, log, makeTempDir, projectRoot, removeTempDir, runExtensionTests } from './codeServer';

/** One window of the suite: its own code-server, user data and AWS files, and the specs of one folder. */
interface IntegrationWindow {
  readonly name: string;
  /** The folder under out/test/ whose index.js runs the window's specs. */
  readonly specs: string;
  /** Variables of VS Code's own environment beyond the private AWS files. */
  readonly env: Record<string, string | undefined>;
}

const WINDOWS: readonly IntegrationWindow[] = [
  { name: 'integration', specs: 'integration', env: {} },
  // VS Code started from a shell that exports AWS_PROFILE: what no injected value can undo.
  { name: 'integration (AWS_PROFILE=other)', specs: 'integration-aws-profile', env: { AWS_PROFILE: 'other' } },
  // Editors keep a file's text after they close; this window's files change only under its own specs.
  { name: 'integration (editing the AWS files)', specs: 'integration-config-editing', env: {} },
];

async function main(): Promise<number> {
  const root = projectRoot();
  const main = path.join(root, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main ?? '');
  for (const [file, how] of [...WINDOWS.map((window) => [path.join(root, 'out', 'test', window.specs, 'index.js'), 'npm run compile']), [main, 'npm run build']]) {
    if (!fs.existsSync(file)) {
      console.error(`[harness] ${path.relative(root, file)} is missing: run \`${how}\` first`);
      return 1;
    }
  }
  const install = await ensureCodeServer();
  let failed = 0;
  for (const window of WINDOWS) {
    const code = await runWindow(root, install, window);
    log(code === 0 ? `${window.name} tests passed` : `${window.name} tests FAILED (exit code ${code})`);
    if (code !== 0) failed = code;
  }
  return failed;
}

async function runWindow(root: string, install: Awaited<ReturnType<typeof ensureCodeServer>>, window: IntegrationWindow): Promise<number> {
  const extensionTestsPath = path.join(root, 'out', 'test', window.specs, 'index.js');
  const tmp = makeTempDir('aws-role-sessions-it-');
  const workspaceFolder = path.join(tmp, 'workspace');
  const awsDir = path.join(tmp, 'aws');
  // Known in advance so the suite can check that nothing secret was stored in it.
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(workspaceFolder, { recursive: true });
  fs.mkdirSync(awsDir, { recursive: true });
  const suffix = window.specs === 'integration' ? '' : `-${window.specs.replace(/^integration-/, '')}`;

  try {
    return await runExtensionTests({
      install,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      workspaceFolder,
      userDataDir,
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
      timeoutMs: Number(process.env.INTEGRATION_TIMEOUT_MS) || 10 * 60_000,
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
