/**
 * `npm start`: try the extension in a real VS Code in your browser, against
 * sample AWS config files, without touching your own ~/.aws.
 *
 * Starts code-server (installed into .cache/code-server on first use) with:
 * - a throw-away home folder holding .aws/config and .aws/credentials copied
 *   from tools/code-server/demo/ (HOME, AWS_CONFIG_FILE and
 *   AWS_SHARED_CREDENTIALS_FILE point there, so terminals and the AWS CLI see
 *   the samples too);
 * - this project installed as the extension `aws-role-sessions.aws-role-sessions`
 *   through a symlink in a fresh extensions folder, so `npm run watch` plus
 *   "Developer: Reload Window" picks up changes.
 *
 * Prints the URL and runs until Ctrl+C, then removes everything it made.
 * Options: see USAGE (`npm start -- --help`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { startLocalSts } from '../local-sts';
import { launchBrowser } from './browser';
import { ensureCodeServer } from './install';
import { describeError, log, setLogPrefix, tailFile } from './log';
import { projectRoot } from './projectRoot';
import { startCodeServer } from './server';
import { onShutdown } from './shutdown';
import { exthostLogs } from './workbenchLogs';
import { parseOptions, USAGE } from './tryItNowOptions';
import { createWorkbenchHome, DEMO_STS_FIXTURE, demoBinDir, demoMfaSeed, sampleAwsFiles, setUpDemo } from './workbenchHome';

async function main(): Promise<number> {
  setLogPrefix('try-it-now');
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const root = projectRoot();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  if (!fs.existsSync(path.join(root, manifest.main))) {
    console.error(`[try-it-now] ${manifest.main} is missing: run \`npm run build\` first (npm start does)`);
    return 1;
  }
  const screenshot = options.screenshot;

  const install = await ensureCodeServer();

  // The local STS the sample profiles talk to (tools/local-sts), on 127.0.0.1 only.
  const sts = await startLocalSts({ fixture: DEMO_STS_FIXTURE, lifetimeSeconds: options.shortLifetime, lifetimeRolesOnly: true });
  onShutdown(() => sts.stop());

  // A home-like folder: sample AWS files, a workspace, VS Code's state; the README opens first.
  const workbench = createWorkbenchHome({
    prefix: 'aws-role-sessions-try-',
    ...sampleAwsFiles(sts.url),
    startupEditor: 'readme',
  });
  const { awsDir, workspace, extensionsDir, userDataDir } = workbench;
  // The demo workspace, and terminals whose `aws` and demo-mfa-code are the demo's (see setUpDemo).
  const env = setUpDemo(workbench, { stsUrl: sts.url, mfaSeed: demoMfaSeed() });

  const folder = options.folder ?? workspace;
  const server = await startCodeServer({
    install,
    port: options.port,
    folder,
    extensionsDir,
    userDataDir,
    echoOutput: process.env.VERBOSE === '1',
    env,
  });
  const url = server.folderUrl(folder);

  if (screenshot) {
    const code = await takeScreenshot(url, screenshot, server.userDataDir, extensionId);
    await server.stop();
    return code;
  }

  console.log('');
  console.log(`  AWS Role Sessions is running in VS Code at:`);
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log(`  Sample AWS files: ${awsDir}`);
  console.log(`  Local STS:        ${sts.url}`);
  if (options.folder) console.log(`  Folder:           ${options.folder} (the demo workspace is ${workspace})`);
  if (options.shortLifetime) {
    console.log(`  Short lifetime:   role credentials end after ${options.shortLifetime} s; the status bar renews them before.`);
    console.log('                    With AWS Roles: Injection set to endpoint, run `node watch-identity.js` in a new');
    console.log('                    terminal to watch a program ride the renewals.');
  }
  console.log('');
  console.log('  Try "AWS Roles: Assume Role…" on prod (three hops behind MFA). For the MFA code, run the task');
  console.log('  "Show MFA code" in VS Code (Terminal: Run Task…), run demo-mfa-code in its terminal, or here:');
  console.log(`    ${path.relative(process.cwd(), path.join(demoBinDir(), 'demo-mfa-code'))}`);
  console.log(`  code-server log:  ${server.logFile}`);
  console.log('  Press Ctrl+C to stop (everything above is removed).');
  console.log('');
  // Runs until Ctrl+C (the shutdown handlers stop the server and remove the
  // temp folder) or until code-server dies on its own.
  const reason = await server.exited;
  if (server.stopping) {
    // Ctrl+C: the shutdown handler is cleaning up and exits when done.
    await new Promise(() => undefined);
  }
  console.error(`[try-it-now] code-server ${reason}\n${tailFile(server.logFile, 30)}`);
  return 1;
}

/** Opens the workbench headless, shows the AWS Roles view and saves a screenshot. */
async function takeScreenshot(url: string, file: string, userDataDir: string, extensionId: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const viewButton = page.locator('.activitybar [aria-label^="AWS Roles"]').first();
    let found = true;
    try {
      await viewButton.waitFor({ timeout: 30_000 });
      await viewButton.click();
      await page.waitForTimeout(5000);
    } catch {
      found = false;
      log('the AWS Roles activity bar entry did not appear');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    log(`screenshot: ${file}`);
    const activated = exthostLogs(userDataDir).some((f) => fs.readFileSync(f, 'utf8').includes(`ExtensionService#_doActivateExtension ${extensionId}`));
    log(`extension ${extensionId} ${activated ? 'activated' : 'NOT activated'} (per the extension host log)`);
    return found ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[try-it-now] ${describeError(error)}`);
    process.exit(1);
  },
);
