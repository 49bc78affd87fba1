import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFileContent, resolveConfigPaths } from '../../../src/core/config/configFiles';
import { nodeTextFileReader } from '../../../src/platform/nodeTextFileReader';

describe('config file locations', () => {
  it('defaults to ~/.aws/config and ~/.aws/credentials', () => {
    assert.deepEqual(resolveConfigPaths({}, '/home/me'), {
      configFile: '/home/me/.aws/config',
      credentialsFile: '/home/me/.aws/credentials',
    });
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, expanding a leading ~/', () => {
    assert.deepEqual(resolveConfigPaths({ AWS_CONFIG_FILE: '~/work/config', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds' }, '/home/me'), {
      configFile: '/home/me/work/config',
      credentialsFile: '/etc/aws/creds',
    });
  });

  it('treats an empty variable as unset, as the SDK does', () => {
    assert.equal(resolveConfigPaths({ AWS_CONFIG_FILE: '' }, '/home/me').configFile, '/home/me/.aws/config');
  });

  it('uses Windows separators under a Windows home folder', () => {
    assert.equal(resolveConfigPaths({}, 'C:\\Users\\me').configFile, 'C:\\Users\\me\\.aws\\config');
  });

  it('reads real files: a missing one, a folder in its place, an unreadable one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-roles-files-'));
    try {
      assert.deepEqual(await readFileContent(nodeTextFileReader, path.join(dir, 'nope')), { status: 'missing', path: path.join(dir, 'nope') });
      assert.deepEqual(await readFileContent(nodeTextFileReader, path.join(dir, 'nope', 'deeper')), { status: 'missing', path: path.join(dir, 'nope', 'deeper') });
      assert.deepEqual(await readFileContent(nodeTextFileReader, dir), { status: 'unreadable', path: dir, reason: 'it is a folder, not a file' });
      const locked = path.join(dir, 'locked');
      fs.writeFileSync(locked, '[default]\n');
      fs.chmodSync(locked, 0o000);
      const content = await readFileContent(nodeTextFileReader, locked);
      // root reads anything; elsewhere the file is reported as unreadable.
      if (process.getuid?.() === 0) assert.equal(content.status, 'ok');
      else assert.deepEqual(content, { status: 'unreadable', path: locked, reason: 'permission denied' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
