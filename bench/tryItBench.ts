/**
 * `tryit-warm-s` (s): `npm start` with code-server already cached, as a person meets it. Spawns
 * `node out/tools/code-server/tryItNow.js`, reads the URL it prints, and stops the clock when that URL
 * serves the workbench (HTTP 200 and a page that names it). Then Ctrl+C (SIGINT), and a check
 * that every process the run started is gone and its temp home removed. The median of a few runs;
 * goal (report): under 15 s, and nothing left behind.
 */

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ensureCodeServer, onShutdown, processTree, projectRoot } from '../tools/code-server';
import { benchLog as log } from './log';
import { median, NO_BASELINE, round, type BenchResult } from './stats';

const URL_LINE = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/m;
const HOME_LINE = /Sample AWS files:\s+(\S+)\/\.aws/;

/** GET `url`: its status and body, or undefined while nothing answers. */
function get(url: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.setTimeout(5000, () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface WarmRun {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly stopSeconds: number;
  readonly processesLeft: number;
  readonly homeLeft: boolean;
}

async function oneRun(timeoutMs: number): Promise<WarmRun> {
  const root = projectRoot();
  const started = Date.now();
  const env = { ...process.env };
  delete env.PORT;
  const child = spawn(process.execPath, [path.join(root, 'out', 'tools', 'code-server', 'tryItNow.js')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  const unregister = onShutdown(async () => void child.kill('SIGINT'));
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let url: string | undefined;
    let seconds: number | undefined;
    while (Date.now() - started < timeoutMs && child.exitCode === null) {
      url ??= URL_LINE.exec(output)?.[1];
      if (url) {
        const answer = await get(url);
        if (answer?.status === 200 && answer.body.includes('workbench')) {
          seconds = (Date.now() - started) / 1000;
          break;
        }
      }
      await sleep(url ? 50 : 100);
    }
    if (seconds === undefined) throw new Error(`npm start ${child.exitCode === null ? `served no workbench within ${timeoutMs / 1000} s` : `ended with exit code ${child.exitCode}`}:\n${output}`);
    const home = HOME_LINE.exec(output)?.[1];
    // Everything the run started, just before Ctrl+C: it all has to go.
    const tree = processTree(child.pid!).map((pid) => ({ pid, cmdline: cmdline(pid) }));
    const stopping = Date.now();
    child.kill('SIGINT');
    const exitCode = await Promise.race([exited, sleep(30_000).then(() => null)]);
    const stopSeconds = (Date.now() - stopping) / 1000;
    const left = tree.filter(({ pid, cmdline: was }) => was !== undefined && cmdline(pid) === was);
    if (left.length > 0) log(`tryit-warm-s: still running after Ctrl+C: ${left.map(({ pid, cmdline: c }) => `${pid} ${c?.slice(0, 80)}`).join('; ')}`);
    return { seconds, exitCode, stopSeconds, processesLeft: left.length, homeLeft: home !== undefined && fs.existsSync(home) };
  } finally {
    unregister();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** A process's command line, or undefined once it is gone (so a reused pid is not taken for it). */
function cmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

export async function benchTryItWarm(options: { runs: number }): Promise<BenchResult> {
  // Warm means cached: install first if this machine has never run it, outside the clock.
  await ensureCodeServer();
  const runs: WarmRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = await oneRun(120_000);
    log(`tryit-warm-s: run ${i + 1}: workbench served after ${round(run.seconds, 2)} s; Ctrl+C took ${round(run.stopSeconds, 2)} s, exit ${run.exitCode}, ${run.processesLeft} processes left`);
    runs.push(run);
  }
  return {
    name: 'tryit-warm-s',
    unit: 's',
    ours: round(median(runs.map((run) => run.seconds)), 2),
    ...NO_BASELINE,
    params: {
      runs: runs.length,
      seconds: runs.map((run) => round(run.seconds, 2)),
      from: 'spawning node out/tools/code-server/tryItNow.js, code-server cached',
      to: 'its URL answers 200 with the workbench page',
      ctrlCSeconds: runs.map((run) => round(run.stopSeconds, 2)),
      exitCodes: runs.map((run) => run.exitCode),
      processesLeft: runs.reduce((sum, run) => sum + run.processesLeft, 0),
      homesLeft: runs.filter((run) => run.homeLeft).length,
    },
  };
}
