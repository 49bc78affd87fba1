import * as assert from 'node:assert/strict';
import { ProfileStore } from '../../../src/core/config/profileStore';
import type { ProfileModel } from '../../../src/core/config/types';
import { MemoryFiles } from '../../support/fakes/memoryFiles';

const paths = { configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' };

function nextChange(store: ProfileStore): Promise<ProfileModel> {
  return new Promise((resolve) => {
    const subscription = store.onDidChange((model) => {
      subscription.dispose();
      resolve(model);
    });
  });
}

describe('profile store', () => {
  it('reads nothing until the model is first asked for', async () => {
    const files = new MemoryFiles();
    const store = new ProfileStore(files, files, () => paths);
    assert.deepEqual(files.reads, []);
    assert.equal(files.watcherCount, 0);
    await store.getModel();
    assert.deepEqual(files.reads.sort(), [paths.configFile, paths.credentialsFile].sort());
    assert.equal(files.watcherCount, 1);
    store.dispose();
    assert.equal(files.watcherCount, 0);
  });

  it('reloads and announces the new model when a file appears, changes or vanishes', async () => {
    const files = new MemoryFiles();
    const store = new ProfileStore(files, files, () => paths);
    assert.deepEqual((await store.getModel()).files.map((f) => f.status), ['missing', 'missing']);

    let change = nextChange(store);
    files.write(paths.configFile, '[profile dev]\nregion = eu-west-1\n');
    assert.deepEqual((await change).profiles.map((p) => p.name), ['dev']);

    change = nextChange(store);
    files.write(paths.credentialsFile, '[ci]\naws_access_key_id = A\naws_secret_access_key = B\n');
    assert.deepEqual((await change).profiles.map((p) => p.name), ['dev', 'ci']);

    change = nextChange(store);
    files.write(paths.configFile, undefined);
    const model = await change;
    assert.deepEqual(model.profiles.map((p) => p.name), ['ci']);
    assert.equal((await store.getModel()).profiles.length, 1);
    store.dispose();
  });

  it('keeps working when a file turns unreadable, and says so', async () => {
    const files = new MemoryFiles();
    files.write(paths.credentialsFile, '[ci]\naws_access_key_id = A\naws_secret_access_key = B\n');
    files.fail(paths.configFile, 'EACCES');
    const store = new ProfileStore(files, files, () => paths);
    const model = await store.getModel();
    assert.deepEqual(model.profiles.map((p) => p.name), ['ci']);
    assert.match(model.fileProblems[0].message, /cannot be read \(permission denied\)/);
    store.dispose();
  });

  it('announces only the newest of overlapping reloads', async () => {
    const files = new MemoryFiles();
    files.write(paths.configFile, '[profile one]\nregion = x\n');
    const store = new ProfileStore(files, files, () => paths);
    const announced: string[][] = [];
    store.onDidChange((model) => announced.push(model.profiles.map((p) => p.name)));
    const first = store.reload();
    files.write(paths.configFile, '[profile two]\nregion = x\n');
    await Promise.all([first, store.reload()]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(announced[announced.length - 1], ['two']);
    assert.deepEqual((await store.getModel()).profiles.map((p) => p.name), ['two']);
    store.dispose();
  });
});
