/**
 * A real VS Code on machines without internet access: code-server installed into an ignored
 * cache folder, started on 127.0.0.1, and opened in Debian's Chromium.
 *
 * `@vscode/test-electron` downloads a desktop VS Code, which these machines cannot do. The npm
 * package `code-server` carries the VS Code server and web workbench (code-server 4.139.1 =
 * VS Code 1.139.1) with a real Node extension host; the workbench runs in Debian's Chromium
 * driven by playwright-core. See the notes this is built from: shared/notes/real-vscode-offline.md.
 *
 * Used by `npm start` (tryItNow.ts), the test runners and the benchmarks. One concern a file:
 * install.ts (the cache), server.ts (start and stop), browser.ts, workbenchHome.ts (a throw-away
 * home with the extension installed), demo.ts (the try-it-now demo in it), and the small
 * helpers they share: log, timing, environment, process trees, shutdown, temp folders, ports.
 */
export { launchBrowser, CHROMIUM_PATH } from './browser';
export { cleanEnv } from './environment';
export { ensureCodeServer, CODE_SERVER_VERSION, NODE_VERSION, type CodeServerInstall } from './install';
export { describeError, HarnessError, log, setLogPrefix, tailFile } from './log';
export { freePort } from './ports';
export { killTree, processTree } from './processTree';
export { projectRoot } from './projectRoot';
export { startCodeServer, type CodeServer, type StartOptions } from './server';
export { onShutdown } from './shutdown';
export { makeTempDir, removeTempDir } from './tempDirs';
export { seconds } from './timing';
export { extensionOutputLogs, exthostLogs } from './workbenchLogs';
