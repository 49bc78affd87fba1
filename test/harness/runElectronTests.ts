/**
 * `npm run test:electron`: the same integration suite under a desktop VS Code,
 * through @vscode/test-electron. It downloads VS Code into .vscode-test/ on
 * first use, which needs internet access; on machines without it, point
 * VSCODE_EXECUTABLE_PATH at an installed VS Code (`code` binary). On Linux it
 * needs a display: run it under `xvfb-run -a`.
 *
 * `npm run test:integration` (code-server) is the runner that works offline.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { makeTempDir, projectRoot, removeTempDir } from '../../tools/code-server';

async function main(): Promise<number> {
  const root = projectRoot();
  const tmp = makeTempDir('aws-role-sessions-electron-');
  const workspaceFolder = path.join(tmp, 'workspace');
  const awsDir = path.join(tmp, 'aws');
  fs.mkdirSync(workspaceFolder, { recursive: true });
  fs.mkdirSync(awsDir, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'main', 'index.js'),
      // Same contract as runIntegrationTests.ts: files named but not created.
      extensionTestsEnv: {
        AWS_CONFIG_FILE: path.join(awsDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
        AWS_ROLE_SESSIONS_TEST_TMP: tmp,
        AWS_PROFILE: undefined,
        AWS_DEFAULT_PROFILE: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
      },
      launchArgs: [
        workspaceFolder,
        // Only the extension under development; a fresh profile per run.
        '--disable-extensions',
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
    });
  } finally {
    removeTempDir(tmp);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof TestRunFailedError) {
      // VS Code ran and the suite failed; mocha has printed why.
      console.error(`[harness] ${error.message}`);
      process.exit(error.code || 1);
    }
    console.error(`[harness] desktop VS Code tests failed: ${error instanceof Error ? error.message : error}`);
    if (!process.env.VSCODE_EXECUTABLE_PATH) {
      console.error('[harness] without internet access, set VSCODE_EXECUTABLE_PATH to an installed VS Code, or use `npm run test:integration`');
    }
    process.exit(1);
  },
);
