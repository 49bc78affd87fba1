/**
 * Each benchmark starts on a settled machine: whatever the earlier benchmarks started is gone,
 * and the CPUs are idle for a while, within a bounded wait. What the machine was like when it
 * started is recorded beside its result, so a figure measured on a busy machine says so.
 *
 * What "ours" means: `npm run bench` marks its own environment with a variable holding a random
 * value for this run, which the processes it starts inherit (code-server and its extension host,
 * Chromium, the load generators), even one that outlives its parent and is adopted by init; and
 * every descendant of the bench or of a marked process is ours too (Chromium's renderers do not
 * inherit the variable). A process of another engineer or another run has neither, so only ours
 * are ended, by pid.
 *
 * Why idle by the CPU counters and not the load average: the load average is a one-minute moving
 * average, so it still shows a window that closed thirty seconds ago; the share of CPU time idle
 * over the last quarter second says what the next benchmark would share the cores with now.
 */

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { benchLog as log } from './log';
import { round } from './stats';

/** The variable every process of this bench run inherits. */
export const BENCH_RUN_VARIABLE = 'AWS_ROLE_SESSIONS_BENCH_RUN';

/** The machine a benchmark started on. */
export interface MachineLoad {
  /** `os.loadavg()` (1, 5 and 15 minutes) when it started. */
  readonly loadAverage: readonly [number, number, number];
  /** The share of all CPUs' time that was idle over the last second (`DEFAULT_SETTLE`'s window) before it started, 0 to 1. */
  readonly idleFraction: number;
  /** Whether every sample of that window was idle enough (false: the wait ran out first). */
  readonly settled: boolean;
  /**
   * The share of all CPUs' time the bench process itself used over that window: near 0 unless
   * something an earlier benchmark left in this process (a timer, a server, a socket) keeps running.
   */
  readonly benchProcessBusyFraction: number;
  /** The bench process's JavaScript heap in use, MiB: what earlier benchmarks left in it weighs on in-process ones (more to mark at each GC). */
  readonly benchProcessHeapMiB: number;
  /** How long it waited for that, ms. */
  readonly waitedMs: number;
  /** Processes the earlier benchmarks left running, ended before this one started (command lines, cut short). */
  readonly leftovers: readonly string[];
  readonly cpus: number;
}

export interface SettleOptions {
  /** Idle share every sample of the window must reach. */
  readonly idleAtLeast: number;
  /** One sample of the CPU counters, ms. */
  readonly sampleMs: number;
  /** Consecutive samples that must all be idle enough. */
  readonly samples: number;
  /** The longest wait, ms; then the benchmark starts anyway, and `settled` says so. */
  readonly maxWaitMs: number;
}

/**
 * 80 % idle on every quarter second for one second: on 2 cores, less than 0.4 of a core busy. A
 * VS Code window shutting down, or a Chromium, keeps a core busy (idle near 0.5) and is waited
 * out; a terminal or an editor left open by the person running the bench is not. 60 s at most:
 * on a machine others share, it may never be that quiet, and the figure then carries its load.
 */
export const DEFAULT_SETTLE: SettleOptions = { idleAtLeast: 0.8, sampleMs: 250, samples: 4, maxWaitMs: 60_000 };

/** Marks this process, so that everything it starts from now on is known as this run's. */
export function markBenchRun(): string {
  const marker = `${BENCH_RUN_VARIABLE}=${randomUUID()}`;
  process.env[BENCH_RUN_VARIABLE] = marker.slice(BENCH_RUN_VARIABLE.length + 1);
  return marker;
}

/**
 * Live processes (not this one, not zombies) of this run: those whose environment carries
 * `marker`, and every descendant of this process or of one of those. The descendants count
 * because not every child inherits the environment: Chromium starts its zygote, and so its
 * renderers and GPU process, with one of its own (seen here), and some tools start shells with
 * a clean one. A descendant whose parent died is adopted by init and found only by its mark.
 */
export function processesOfThisRun(marker: string): { pid: number; command: string }[] {
  if (!fs.existsSync('/proc/self/environ')) return [];
  const needle = Buffer.from(`${marker}\0`);
  const parents = new Map<number, number>();
  const ours = new Set<number>([process.pid]);
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      parents.set(Number(name), Number(ppid));
      if (fs.readFileSync(`/proc/${name}/environ`).includes(needle)) ours.add(Number(name));
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parents.get(at), hops++) {
      if (ours.has(at)) return true;
    }
    return false;
  };
  const found: { pid: number; command: string }[] = [];
  for (const pid of parents.keys()) {
    if (pid === process.pid || !isOurs(pid)) continue;
    try {
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid, command: command.length > 160 ? `${command.slice(0, 157)}...` : command });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Ends these processes: SIGTERM, up to `graceMs` to go, then SIGKILL for what is left. */
async function endProcesses(pids: readonly number[], graceMs = 5_000): Promise<void> {
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  const alive = (pid: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    } catch {
      return false;
    }
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await sleep(100);
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
}

/** Idle and total CPU time of all CPUs so far, ms. */
function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Samples the CPUs until `samples` consecutive samples are each at least `idleAtLeast` idle, or `maxWaitMs` passes. */
export async function waitUntilQuiet(options: SettleOptions): Promise<{ idleFraction: number; ownBusyFraction: number; settled: boolean; waitedMs: number }> {
  const started = Date.now();
  const window: { idle: number; own: number }[] = [];
  let last = cpuTimes();
  let lastOwn = process.cpuUsage();
  for (;;) {
    await sleep(options.sampleMs);
    const now = cpuTimes();
    const own = process.cpuUsage(lastOwn);
    const total = now.total - last.total;
    // Counters tick in 10 ms steps: an interval with none counted says nothing either way.
    if (total > 0) {
      window.push({ idle: (now.idle - last.idle) / total, own: Math.min(1, (own.user + own.system) / 1000 / total) });
      if (window.length > options.samples) window.shift();
    }
    last = now;
    lastOwn = process.cpuUsage();
    const waitedMs = Date.now() - started;
    const full = window.length === options.samples;
    const settled = full && window.every(({ idle }) => idle >= options.idleAtLeast);
    if (settled || waitedMs >= options.maxWaitMs) {
      const mean = (pick: (sample: { idle: number; own: number }) => number) => (window.length > 0 ? window.reduce((sum, sample) => sum + pick(sample), 0) / window.length : 0);
      return { idleFraction: round(mean(({ idle }) => idle), 3), ownBusyFraction: round(mean(({ own }) => own), 3), settled, waitedMs };
    }
  }
}

/** Ends the processes of this run still running (each logged: a leak to fix); returns their command lines. */
export async function endLeftovers(marker: string, before: string): Promise<{ pid: number; command: string }[]> {
  const left = processesOfThisRun(marker);
  if (left.length > 0) {
    log(`WARNING: ${left.length} process(es) started by earlier benchmarks still run before ${before}; ending them:`);
    for (const { pid, command } of left) log(`  ${pid} ${command}`);
    await endProcesses(left.map(({ pid }) => pid));
  }
  return left;
}

/**
 * Before a benchmark: ends what the earlier ones left running (logging each, as that is a leak to
 * fix), then waits for the CPUs to be quiet. Returns what the machine was like as it started.
 */
export async function settleMachine(marker: string, before: string, options: SettleOptions = DEFAULT_SETTLE): Promise<MachineLoad> {
  const left = await endLeftovers(marker, before);
  const quiet = await waitUntilQuiet(options);
  const [one, five, fifteen] = os.loadavg();
  if (!quiet.settled) {
    log(`WARNING: the CPUs were only ${Math.round(quiet.idleFraction * 100)} % idle after ${Math.round(quiet.waitedMs / 1000)} s; ${before} starts anyway (load average ${one.toFixed(2)})`);
  }
  return {
    loadAverage: [round(one), round(five), round(fifteen)],
    idleFraction: quiet.idleFraction,
    settled: quiet.settled,
    benchProcessBusyFraction: quiet.ownBusyFraction,
    benchProcessHeapMiB: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    waitedMs: quiet.waitedMs,
    leftovers: left.map(({ command }) => command),
    cpus: os.cpus().length,
  };
}
