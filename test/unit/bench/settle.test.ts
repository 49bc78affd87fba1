/** The bench's leftover finder: the processes of this run, and only those, are found and ended. */

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { BENCH_RUN_VARIABLE, endLeftovers, processesMarked } from '../../../bench/settle';

/** A node process that sleeps until ended, with `extra` in its environment; resolves once it runs. */
async function sleeper(extra: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', "console.log('up'); setTimeout(() => {}, 60000)"], { env: { ...process.env, ...extra }, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('bench: what earlier benchmarks left running', function () {
  // Two node processes start and stop; generous for a busy 2-core machine.
  this.timeout(20_000);
  if (process.platform !== 'linux') return;

  it('finds the processes that carry this run\'s mark, ends them, and leaves another run\'s alone', async () => {
    const marker = `${BENCH_RUN_VARIABLE}=${randomUUID()}`;
    const ours = await sleeper({ [BENCH_RUN_VARIABLE]: marker.split('=')[1] });
    const anotherRun = await sleeper({ [BENCH_RUN_VARIABLE]: randomUUID() });
    try {
      assert.deepEqual(processesMarked(marker).map(({ pid }) => pid), [ours.pid]);
      const ended = await endLeftovers(marker, 'a test');
      assert.deepEqual(ended.map(({ pid }) => pid), [ours.pid]);
      assert.match(ended[0].command, /setTimeout/);
      await exited(ours);
      assert.equal(ours.signalCode, 'SIGTERM');
      assert.equal(anotherRun.exitCode, null, 'another run\'s process still runs');
      assert.equal(anotherRun.signalCode, null);
      assert.deepEqual(processesMarked(marker), []);
    } finally {
      ours.kill('SIGKILL');
      anotherRun.kill('SIGKILL');
      await Promise.all([exited(ours), exited(anotherRun)]);
    }
  });
});
