/** Starting code-server on 127.0.0.1 and stopping it with everything it started. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { cleanEnv } from './environment';
import { ensureCodeServer, type CodeServerInstall } from './install';
import { HarnessError, log, tailFile } from './log';
import { freePort } from './ports';
import { killTree, signalAll } from './processTree';
import { onShutdown, trackChild, trackProcessGroup } from './shutdown';
import { makeTempDir, removeTempDir } from './tempDirs';
import { seconds, sleep } from './timing';

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
  const releaseGroup = pgid !== undefined ? trackProcessGroup(pgid) : () => undefined;
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
      releaseGroup();
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
