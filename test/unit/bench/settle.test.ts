/** The bench's leftover finder: the processes of this run, and only those, are found and ended. */

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { BENCH_RUN_VARIABLE, endLeftovers, processesOfThisRun } from '../../../bench/settle';

/** Sleeps until ended, with a child of its own started with an empty environment (as Chromium starts its zygote); prints both pids. */
const SLEEPER = String.raw`
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { env: {}, stdio: 'ignore' });
console.log(process.pid + ' ' + child.pid);
process.on('SIGTERM', () => { child.kill('SIGKILL'); process.exit(0); });
setTimeout(() => {}, 60000);
`;

/** Starts SLEEPER detached with `env` and exits, so that SLEEPER is adopted by init: no longer a descendant of the test. */
const ORPHANER = String.raw`
const { spawn } = require('node:child_process');
const sleeper = spawn(process.execPath, ['-e', process.argv[1]], { env: JSON.parse(process.argv[2]), detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
sleeper.stdout.once('data', (chunk) => { process.stdout.write(chunk, () => process.exit(0)); });
`;

interface Sleeper {
  readonly pid: number;
  readonly child: number;
}

async function pidsFrom(stdout: NodeJS.ReadableStream): Promise<Sleeper> {
  const line = await new Promise<string>((resolve) => stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
  const [pid, child] = line.trim().split(' ').map(Number);
  return { pid, child };
}

/** A sleeper that is this test process's own child, with nothing in its environment to mark it. */
function childSleeper(): Promise<Sleeper> {
  return pidsFrom(spawn(process.execPath, ['-e', SLEEPER], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout);
}

/** A sleeper adopted by init, with `extra` in its environment. */
function orphanSleeper(extra: Record<string, string>): Promise<Sleeper> {
  return pidsFrom(spawn(process.execPath, ['-e', ORPHANER, SLEEPER, JSON.stringify({ ...process.env, ...extra })], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout);
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('bench: what earlier benchmarks left running', function () {
  // A few node processes start and stop; generous for a busy 2-core machine.
  this.timeout(20_000);
  if (process.platform !== 'linux') return;

  it("finds this run's processes (marked, or descended from it or from a marked one), ends them, and leaves another run's alone", async () => {
    const marker = `${BENCH_RUN_VARIABLE}=${randomUUID()}`;
    const marked = await orphanSleeper({ [BENCH_RUN_VARIABLE]: marker.split('=')[1] });
    const anotherRun = await orphanSleeper({ [BENCH_RUN_VARIABLE]: randomUUID() });
    const child = await childSleeper();
    const everyPid = [marked, anotherRun, child].flatMap(({ pid, child: grandchild }) => [pid, grandchild]);
    try {
      const expected = [marked.pid, marked.child, child.pid, child.child].sort();
      assert.deepEqual(processesOfThisRun(marker).map(({ pid }) => pid).sort(), expected);

      const ended = await endLeftovers(marker, 'a test');
      assert.deepEqual(ended.map(({ pid }) => pid).sort(), expected);
      assert.ok(ended.every(({ command }) => /setTimeout/.test(command)));
      assert.deepEqual(expected.filter(alive), [], 'all of them ended');
      assert.ok(alive(anotherRun.pid) && alive(anotherRun.child), "another run's processes still run");
    } finally {
      everyPid.forEach(kill);
    }
  });
});
