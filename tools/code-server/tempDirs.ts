/** Temp folders that go away with the process (unless HARNESS_KEEP_TMP=1). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { log } from './log';
import { onExit } from './shutdown';

const tempDirs = new Set<string>();
onExit(() => {
  if (process.env.HARNESS_KEEP_TMP === '1') return;
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates a fresh temp folder that is removed when this process exits (unless HARNESS_KEEP_TMP=1). */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a temp folder made by makeTempDir now (kept when HARNESS_KEEP_TMP=1). */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (process.env.HARNESS_KEEP_TMP === '1') {
    log(`keeping ${dir} (HARNESS_KEEP_TMP=1)`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
