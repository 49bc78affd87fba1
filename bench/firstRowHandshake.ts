/**
 * The turns the tree probe (in the extension host) and the bench's page driver (in the harness
 * process) take during the first-row phase: small JSON files in one folder, each written whole.
 * No `vscode` here: the bench's own process loads this too.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** What the page driver asks for at step `i` (`step-i.json`). */
export interface FirstRowStep {
  readonly show: 'ours' | 'baseline' | 'done';
}

/** What the probe answers when it has registered the tree view (`shown-i.json`). */
export interface FirstRowShown {
  /** Wall-clock ms just before the tree view was registered. */
  readonly registeredAt: number;
  readonly rows: number;
}

/** The Profiles view's id (package.json). */
export const PROFILES_VIEW_ID = 'awsRoles.profiles';

/** The machine's wall clock in ms with sub-millisecond precision; the page uses the same. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Writes a handshake file whole (a reader never sees half of it). */
export function writeHandshake(dir: string, name: string, value: unknown): void {
  const file = path.join(dir, name);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
  fs.renameSync(`${file}.tmp`, file);
}

/** Waits for a handshake file and returns its JSON. */
export async function readHandshake<T>(dir: string, name: string, timeoutMs = 180_000): Promise<T> {
  const file = path.join(dir, name);
  const started = Date.now();
  for (;;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    if (Date.now() - started > timeoutMs) throw new Error(`tree probe: ${name} did not come within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
