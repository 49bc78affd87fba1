/**
 * The `terminal-inject-ms` probe: an extension test module the bench loads into a code-server
 * window. Each run makes a session live (restored from the vault: no STS), then opens a new
 * integrated terminal whose shell writes the `AWS_ACCESS_KEY_ID` it sees to a file, and times
 * from "session live" until the file holds that session's key. The path measured: the session
 * change → the injector's collection write → VS Code's terminal service → the pty host starting
 * a shell with the new environment → the shell's `printenv` → the file. The injector's own share
 * (until its collection is written) is reported beside it.
 *
 * It runs in `environment` mode, set for the probe's window: the key changes from run to run, so
 * each terminal proves it got this run's session. The default mode (`auto`) writes the same
 * collection, with the endpoint's address, which stays the same across sessions.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../src/extension';
import type { RoleSession } from '../src/core/vocabulary/sessionTypes';
import { readProbeParams, writeProbeResult } from './probeIo';
import { EXTENSION_ID } from '../src/constants';

export interface TerminalProbeParams {
  readonly runs: number;
  /** Terminals opened at once in the burst that follows the runs. */
  readonly burst: number;
}

export interface TerminalProbeResult {
  /** ms from the session being live to a new terminal's shell seeing its key, per run. */
  readonly runsMs: number[];
  /** ms from the session being live to the injector having written the collection, per run. */
  readonly injectorMs: number[];
  /** `burst` terminals opened at once with a live session: ms until every one's shell saw its key, and how many did. */
  readonly burst: { readonly terminals: number; readonly allMs: number; readonly sawKey: number };
}

function sessionWithKey(run: number): RoleSession {
  const now = Date.now();
  return {
    profileName: 'bench-terminal',
    credentials: { accessKeyId: `ASIABENCHTERMINAL${String(run).padStart(3, '0')}`, secretAccessKey: 'bench-terminal-not-a-secret', sessionToken: 'bench-terminal-token', expiration: new Date(now + 3600_000) },
    region: 'us-east-1',
    obtainedAt: now,
    stsCalls: 0,
    notices: [],
  };
}

export async function run(): Promise<void> {
  const params = readProbeParams<TerminalProbeParams>();
  const ours = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ours) throw new Error('terminal probe: our extension is not installed');
  const api = await ours.activate();
  await vscode.workspace.getConfiguration('awsRoles').update('injection', 'environment', vscode.ConfigurationTarget.Global);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-probe-'));
  const runsMs: number[] = [];
  const injectorMs: number[] = [];
  let burst: TerminalProbeResult['burst'];
  try {
    for (let run = 0; run < params.runs; run++) {
      const session = sessionWithKey(run);
      const file = path.join(dir, `key-${run}.txt`);
      await api.vault.save(session);
      await api.sessions.restore(() => api.vault.load());
      const live = performance.now();
      await api.injector.refresh('settings');
      injectorMs.push(performance.now() - live);
      const terminal = vscode.window.createTerminal({ name: `probe ${run}`, shellPath: '/bin/sh', shellArgs: ['-c', `printenv AWS_ACCESS_KEY_ID > "${file}.part" && mv "${file}.part" "${file}"`] });
      const deadline = Date.now() + 60_000;
      while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === session.credentials.accessKeyId)) {
        if (Date.now() > deadline) throw new Error(`terminal probe: run ${run + 1}: the terminal's shell never saw the session's key (saw "${fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'nothing'}")`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      runsMs.push(performance.now() - live);
      terminal.dispose();
      await api.sessions.signOut();
      await api.injector.refresh('settings');
    }
    burst = await openAtOnce(api, dir, params.burst);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const result: TerminalProbeResult = { runsMs, injectorMs, burst };
  writeProbeResult(result);
}

/** Opens `count` terminals at once with a live session and waits until every shell has written the key it saw. */
async function openAtOnce(api: ExtensionApi, dir: string, count: number): Promise<TerminalProbeResult['burst']> {
  const session = sessionWithKey(999);
  await api.vault.save(session);
  await api.sessions.restore(() => api.vault.load());
  await api.injector.refresh('settings');
  const files = Array.from({ length: count }, (_, index) => path.join(dir, `burst-${index}.txt`));
  const started = performance.now();
  const terminals = files.map((file, index) =>
    vscode.window.createTerminal({ name: `burst ${index}`, shellPath: '/bin/sh', shellArgs: ['-c', `printenv AWS_ACCESS_KEY_ID > "${file}.part" && mv "${file}.part" "${file}"`] }),
  );
  const sawKey = () => files.filter((file) => fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === session.credentials.accessKeyId).length;
  const deadline = Date.now() + 120_000;
  while (files.some((file) => !fs.existsSync(file)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const allMs = performance.now() - started;
  const result = { terminals: count, allMs, sawKey: sawKey() };
  for (const terminal of terminals) terminal.dispose();
  await api.sessions.signOut();
  await api.injector.refresh('settings');
  if (result.sawKey !== count) throw new Error(`terminal probe: only ${result.sawKey} of ${count} terminals opened at once saw the session's key`);
  return result;
}
