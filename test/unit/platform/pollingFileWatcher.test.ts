import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PollingFileWatcher } from '../../../src/platform/pollingFileWatcher';

// Real files and Node's stat polling: short intervals, and waits that end on the event itself
// with a generous deadline, so a busy machine is slow but not wrong.
const INTERVAL_MS = 20;
const SETTLE_MS = 300;
const DEADLINE_MS = 8_000;

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > DEADLINE_MS) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Long enough for several polls and the settle time to pass with nothing to report. */
function quietPeriod(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 10 * INTERVAL_MS));
}

describe('PollingFileWatcher', function () {
  this.timeout(30_000);
  let dir: string;
  const disposables: { dispose(): void }[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polling-watcher-'));
  });

  afterEach(() => {
    for (const disposable of disposables.splice(0)) disposable.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function watch(paths: string[]): { readonly count: () => number } {
    let count = 0;
    disposables.push(new PollingFileWatcher(INTERVAL_MS, SETTLE_MS).watch(paths, () => (count += 1)));
    return { count: () => count };
  }

  it('reports an editor\'s save in several writes as one change', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '[default]\n');
    const watcher = watch([file]);
    await quietPeriod();
    assert.equal(watcher.count(), 0, 'nothing changed yet');
    fs.writeFileSync(file, '');
    fs.appendFileSync(file, '[default]\n');
    fs.appendFileSync(file, 'region = eu-west-1\n');
    await waitFor('the change', () => watcher.count() > 0);
    await quietPeriod();
    assert.equal(watcher.count(), 1);
  });

  it('reports a file that appears in a folder that did not exist, and its removal', async () => {
    const file = path.join(dir, 'not-yet', 'credentials');
    const watcher = watch([file]);
    await quietPeriod();
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '[base]\n');
    await waitFor('the file to be seen', () => watcher.count() === 1);
    fs.rmSync(file);
    await waitFor('the removal to be seen', () => watcher.count() === 2);
  });

  it('watches every path it is given', async () => {
    const config = path.join(dir, 'config');
    const credentials = path.join(dir, 'credentials');
    fs.writeFileSync(config, '');
    fs.writeFileSync(credentials, '');
    const watcher = watch([config, credentials]);
    await quietPeriod();
    fs.writeFileSync(credentials, '[base]\n');
    await waitFor('the credentials change', () => watcher.count() === 1);
    await quietPeriod();
    fs.writeFileSync(config, '[profile dev]\n');
    await waitFor('the config change', () => watcher.count() === 2);
  });

  it('reports a change of permissions, so a file made readable again is read again', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '[default]\n');
    fs.chmodSync(file, 0o000);
    const watcher = watch([file]);
    await quietPeriod();
    fs.chmodSync(file, 0o600);
    await waitFor('the permission change', () => watcher.count() === 1);
  });

  it('reports nothing once disposed, even a change already seen and settling', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '');
    const longSettleMs = 2_000;
    let count = 0;
    const subscription = new PollingFileWatcher(INTERVAL_MS, longSettleMs).watch([file], () => (count += 1));
    // A second watcher of the same file with no settle time tells when the poll has seen the change.
    let seen = false;
    disposables.push(new PollingFileWatcher(INTERVAL_MS, 0).watch([file], () => (seen = true)));
    await quietPeriod();
    fs.writeFileSync(file, '[default]\n');
    await waitFor('the poll to see the change', () => seen);
    subscription.dispose();
    fs.writeFileSync(file, '[default]\nregion = eu-west-1\n');
    await new Promise((resolve) => setTimeout(resolve, longSettleMs + 10 * INTERVAL_MS));
    assert.equal(count, 0);
  });
});
