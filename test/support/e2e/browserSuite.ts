/**
 * What every browser suite starts before its first test, in one place: a local STS, a
 * throw-away home whose AWS files send STS calls to it, code-server on that home, and Debian's
 * Chromium with a profile of the suite's own (SecretStorage lives in the browser's storage, so
 * a kept session survives `page.reload()` only there, and a test can read what it stored)
 * showing the workbench.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { projectRoot, startCodeServer, type CodeServer } from '../../../tools/code-server';
import { createWorkbenchHome, type WorkbenchHome } from '../../../tools/code-server/workbenchHome';
import { startLocalSts, type LocalSts } from '../../../tools/local-sts';
import { credentialsFile, localStsServices, type Principal } from '../principals';
import { launchPersistentChromium, screenshotIfFailed, tearDown } from './workbenchPage';

export interface BrowserSuiteOptions {
  /** Names the suite's temp folders: `aws-roles-e2e-<name>-…`. */
  readonly name: string;
  /** How the local STS starts: its fixture, and the lifetimes it gives. */
  readonly sts: Parameters<typeof startLocalSts>[0];
  /** The AWS files, given the local STS's URL; `localStsFiles` writes the usual ones. */
  readonly awsFiles: (stsUrl: string) => { readonly config: string; readonly credentials: string };
  /**
   * Runs before code-server starts (user settings, workspace files: code-server does not watch
   * its user data folder) and may return the server's environment instead of the home's.
   */
  readonly prepare?: (workbench: WorkbenchHome, sts: LocalSts) => Record<string, string | undefined> | void;
  /** Leave workspace trust on, so the folder opens untrusted. */
  readonly workspaceTrust?: boolean;
  /** Runs on the browser before the page opens (e.g. keepTransientTexts). */
  readonly beforeOpening?: (context: BrowserContext) => Promise<void>;
}

export interface BrowserSuite {
  readonly sts: LocalSts;
  readonly workbench: WorkbenchHome;
  readonly server: CodeServer;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The Chromium profile folder. */
  readonly browserProfile: string;
  /** Opens the home's workspace in the page and waits for the workbench. */
  openWorkbench(): Promise<void>;
  /** Stops and removes everything above, the browser first. */
  tearDown(): Promise<void>;
}

/**
 * AWS files whose profiles (`[profile …]` lines) call STS through a `[services local]` section
 * pointing at the local STS, and whose credentials give each named profile its principal's keys.
 */
export function localStsFiles(profiles: readonly string[], credentials: Readonly<Record<string, Principal>>): BrowserSuiteOptions['awsFiles'] {
  return (stsUrl) => ({ config: [...localStsServices('local', stsUrl), ...profiles, ''].join('\n'), credentials: credentialsFile(credentials) });
}

/** Starts it all and opens the workbench; what started before a failure is stopped again. */
export async function startBrowserSuite(options: BrowserSuiteOptions): Promise<BrowserSuite> {
  const started: Parameters<typeof tearDown>[0] = {};
  try {
    const sts = (started.sts = await startLocalSts(options.sts));
    const workbench = createWorkbenchHome({ prefix: `aws-roles-e2e-${options.name}-`, ...options.awsFiles(sts.url) });
    started.home = workbench.home;
    const env = options.prepare?.(workbench, sts) ?? workbench.env;
    const server = (started.server = await startCodeServer({
      folder: workbench.workspace,
      extensionsDir: workbench.extensionsDir,
      userDataDir: workbench.userDataDir,
      env,
      workspaceTrust: options.workspaceTrust,
    }));
    const browserProfile = (started.browserProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-e2e-chromium-')));
    const { context, page } = await launchPersistentChromium(browserProfile);
    started.context = context;
    await options.beforeOpening?.(context);
    const suite: BrowserSuite = {
      sts,
      workbench,
      server,
      context,
      page,
      browserProfile,
      openWorkbench: async () => {
        await page.goto(server.folderUrl(workbench.workspace));
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      },
      tearDown: () => tearDown(started),
    };
    await suite.openWorkbench();
    return suite;
  } catch (error) {
    await tearDown(started);
    throw error;
  }
}

/** Where a failed browser test's screenshot goes, beside the suites' own pictures. */
const RESULTS_DIR = path.join(projectRoot(), 'test-results');

/**
 * The hooks every browser suite needs, registered on the calling `describe`: start it all before
 * the first test and then run `ready` (take the page, wait for the extension), photograph each
 * failed test into test-results/, and stop it all after the last. The returned suite reads
 * through to the started one, so its fields are there from the first test on.
 */
export function useBrowserSuite(options: BrowserSuiteOptions, ready?: (suite: BrowserSuite) => Promise<void> | void): BrowserSuite {
  let started: BrowserSuite | undefined;
  const current = (): BrowserSuite => {
    if (!started) throw new Error(`the ${options.name} browser suite is not running: read it in a test or a hook`);
    return started;
  };
  before(async () => {
    started = await startBrowserSuite(options);
    await ready?.(started);
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, started?.page, RESULTS_DIR);
  });
  after(() => started?.tearDown());
  return {
    get sts() {
      return current().sts;
    },
    get workbench() {
      return current().workbench;
    },
    get server() {
      return current().server;
    },
    get context() {
      return current().context;
    },
    get page() {
      return current().page;
    },
    get browserProfile() {
      return current().browserProfile;
    },
    openWorkbench: () => current().openWorkbench(),
    tearDown: () => current().tearDown(),
  };
}
