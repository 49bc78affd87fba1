/** Process trees, walked by parent pid: what a launcher must end when it stops. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { sleep } from './timing';

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

/** Sends `signal` to each pid (a negative pid: a process group), ignoring those already gone. */
export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** killTree without the grace period, for `process.on('exit')`, where nothing may wait. */
export function killTreeSync(rootPid: number, signal: NodeJS.Signals): void {
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
