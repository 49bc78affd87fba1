/**
 * Runs an extension test module (the same `run()` module @vscode/test-electron loads) inside
 * code-server's extension host, driven from headless Chromium. Used by runIntegrationTests.ts
 * and the benchmarks.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { exthostLogs, HarnessError, launchBrowser, log, seconds, startCodeServer, tailFile, type CodeServer, type CodeServerInstall } from '../../tools/code-server';

export interface ExtensionTestOptions {
  /** The extension under test (folder with its package.json). */
  extensionDevelopmentPath: string;
  /** Module exporting `run(): Promise<void>` (same as for @vscode/test-electron). */
  extensionTestsPath: string;
  /** Folder to open, or a `.code-workspace` file (a multi-root window). */
  workspaceFolder: string;
  /** Environment for the server and hence the extension host. */
  env?: Record<string, string | undefined>;
  /**
   * The server's `--extensions-dir`; default a fresh empty temp folder. Extensions installed
   * there as `publisher.name-version` folders load next to the one under development (the
   * payload holds only one extensionDevelopmentPath: the workbench keeps the last of several).
   */
  extensionsDir?: string;
  /** The server's `--user-data-dir`; default a fresh temp folder. */
  userDataDir?: string;
  /** Leave workspace trust on: the folder opens untrusted (see `StartOptions.workspaceTrust`). */
  workspaceTrust?: boolean;
  /** Whole-run limit; default 10 minutes. */
  timeoutMs?: number;
  /** Writes a screenshot of the workbench here when the tests have finished. */
  screenshotPath?: string;
  /** Writes everything the workbench logged (unfiltered) here. */
  consoleLogFile?: string;
  install?: CodeServerInstall;
  /**
   * Drives or watches the workbench page while the test module runs (the benchmarks time what
   * the page shows); started once the page has loaded. A rejection fails the run.
   */
  whileRunning?: (page: Page) => Promise<void>;
}

function isWorkspaceFile(file: string): boolean {
  return file.endsWith('.code-workspace');
}

/** `vscode-remote://127.0.0.1:PORT/abs/path`, the form the workbench resolves on the server. */
function remoteUri(port: number, absPath: string): string {
  const encoded = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${port}${encoded}`;
}

/**
 * Runs an extension test module inside code-server's extension host and
 * resolves with its exit code (0 when `run()` resolved). Forwards the extension
 * host's console to stdout. On timeout, prints the tail of the extension host
 * log and rejects.
 */
export async function runExtensionTests(options: ExtensionTestOptions): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const server = await startCodeServer({
    install: options.install,
    folder: isWorkspaceFile(options.workspaceFolder) ? path.dirname(options.workspaceFolder) : options.workspaceFolder,
    smokeTestDriver: true,
    env: options.env,
    extensionsDir: options.extensionsDir,
    userDataDir: options.userDataDir,
    workspaceTrust: options.workspaceTrust,
  });
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    const exitCode = await driveTests(page, context, server, options, timeoutMs);
    if (exitCode !== 0) printExthostLogTail(server.userDataDir);
    return exitCode;
  } finally {
    // Also after a failure or timeout: the screen often shows why.
    if (page && options.screenshotPath) {
      fs.mkdirSync(path.dirname(options.screenshotPath), { recursive: true });
      await page.screenshot({ path: options.screenshotPath }).then(
        () => log(`screenshot: ${options.screenshotPath}`),
        (error) => log(`screenshot failed: ${error}`),
      );
    }
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

async function driveTests(
  page: Page,
  context: BrowserContext,
  server: CodeServer,
  options: ExtensionTestOptions,
  timeoutMs: number,
): Promise<number> {
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));

  // Both functions must exist before the workbench loads.
  // codeAutomationLog receives the workbench's whole log: the extension host's
  // console (`[format, ...args]` as given to console.log) and the workbench's
  // own log lines. Both arrive the same way, so known workbench chatter is held
  // back from stdout; everything goes to `consoleLogFile` when one is given.
  if (options.consoleLogFile) fs.mkdirSync(path.dirname(options.consoleLogFile), { recursive: true });
  const fullLog = options.consoleLogFile ? fs.createWriteStream(options.consoleLogFile) : undefined;
  await context.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
    const text = util.format(...(Array.isArray(args) ? args : [args]));
    // The page may still log while the browser closes, after the run ended the file: drop those lines.
    if (fullLog && !fullLog.writableEnded) fullLog.write(`${level}: ${text}\n`);
    if (process.env.HARNESS_VERBOSE !== '1' && WORKBENCH_NOISE.some((pattern) => pattern.test(text))) return;
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  // Called with the exit code once the test module's run() has settled
  // (0 resolved, 1 rejected) and the extension host has stopped.
  await context.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));

  // Uncaught errors in the workbench page itself (not the extension host).
  page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server.port, options.extensionDevelopmentPath)],
    ['extensionTestsPath', remoteUri(server.port, options.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const opened = isWorkspaceFile(options.workspaceFolder) ? 'workspace' : 'folder';
  const url = `${server.url}?${opened}=${encodeURIComponent(path.resolve(options.workspaceFolder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(`extension tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    log(`opening the workbench and running ${options.extensionTestsPath}`);
    await Promise.race([page.goto(url, { timeout: 0 }), timeout]);
    let drivingError: unknown;
    const driving = options.whileRunning?.(page).catch((error: unknown) => {
      drivingError = error ?? new Error('whileRunning failed');
    });
    const code = await Promise.race([exit, timeout]);
    await Promise.race([driving, timeout]);
    if (drivingError !== undefined) throw drivingError;
    log(`extension tests exited with code ${code} after ${seconds(started)}`);
    return code;
  } catch (error) {
    printExthostLogTail(server.userDataDir);
    throw error;
  } finally {
    clearTimeout(timer);
    fullLog?.end();
  }
}

/**
 * Workbench log lines (not the extension host's console) that every run prints
 * on a machine without internet access. Shown with HARNESS_VERBOSE=1.
 */
const WORKBENCH_NOISE: RegExp[] = [
  /^\[(AgentHost(:\w+)?|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN) /, // marketplace (open-vsx.org) and other hosts this machine cannot reach
  /^Timed out waiting for authentication provider/,
];

function printExthostLogTail(userDataDir: string, lines = 60): void {
  const logs = exthostLogs(userDataDir);
  if (logs.length === 0) {
    console.error(`[harness] no extension host log under ${path.join(userDataDir, 'logs')}`);
    return;
  }
  for (const file of logs) {
    console.error(`[harness] last ${lines} lines of ${file}:`);
    console.error(tailFile(file, lines));
  }
}
