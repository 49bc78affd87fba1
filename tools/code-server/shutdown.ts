/**
 * Cleanup on exit, Ctrl+C and crashes: no orphaned servers or browsers. Child processes are
 * tracked here and killed on any exit; graceful cleanups run on SIGINT, SIGTERM and SIGHUP.
 */
import type { ChildProcess } from 'child_process';
import { log } from './log';
import { killTreeSync, signalAll } from './processTree';
import { sleep } from './timing';

/** Root pids of process trees to kill if we exit without stopping them. */
const liveTrees = new Set<number>();
/** Process groups of detached children (code-server), killed on exit even after their leader died. */
const liveGroups = new Set<number>();
/** Graceful async cleanups (servers, browsers), run on SIGINT/SIGTERM/SIGHUP. */
const asyncCleanups = new Set<() => Promise<void>>();
let handlersInstalled = false;
/** Synchronous last steps (removing temp folders), run on any exit after the processes are killed. */
const exitSteps = new Set<() => void>();

/** Kills `child` and its descendants if this process exits while it still runs. */
export function trackChild(child: ChildProcess): void {
  installExitHandlers();
  if (child.pid === undefined) return;
  const pid = child.pid;
  liveTrees.add(pid);
  child.once('exit', () => liveTrees.delete(pid));
}

/** Kills the process group `pgid` on exit, even after its leader died; the returned function forgets it. */
export function trackProcessGroup(pgid: number): () => void {
  installExitHandlers();
  liveGroups.add(pgid);
  return () => liveGroups.delete(pgid);
}

/**
 * Runs `step` synchronously when this process exits, after its children are killed. Like the
 * killing, it happens once something tracked a child or registered a shutdown cleanup.
 */
export function onExit(step: () => void): void {
  exitSteps.add(step);
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
    for (const step of exitSteps) step();
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
