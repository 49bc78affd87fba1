import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeLeaks, scanForSecrets, type Secret } from '../harness/secretScan';

describe('the secret scan the e2e journey runs', () => {
  let dir: string;
  const key: Secret = { kind: 'session access key id', value: 'ASIAQWERTYUIOPASDFGH' };
  const token: Secret = { kind: 'session token', value: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH' };
  const code: Secret = { kind: 'MFA code', value: '493817' };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds a deliberate leak in a file, however deep, in UTF-8 or UTF-16, and in a text a person saw', () => {
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'b', 'log.txt'), `renewed with token ${token.value}\n`);
    fs.writeFileSync(path.join(dir, 'storage.ldb'), Buffer.concat([Buffer.from([0, 1]), Buffer.from(`{"k":"${key.value}"}`, 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'odd.ldb'), Buffer.concat([Buffer.from([7]), Buffer.from(key.value, 'utf16le')]));
    const report = scanForSecrets({ secrets: [key, token, code], folders: [dir], texts: [{ where: 'notification', text: `Your code ${code.value} was refused` }] });
    assert.deepEqual(
      report.leaks.map((leak) => `${path.isAbsolute(leak.where) ? path.relative(dir, leak.where) : leak.where}: ${leak.kind}`).sort(),
      ['a/b/log.txt: session token', 'notification: MFA code', 'odd.ldb: session access key id', 'storage.ldb: session access key id'],
    );
    assert.equal(report.filesScanned, 3);
  });

  it('lets an access key id appear as its last four characters, and a code inside a longer number', () => {
    fs.writeFileSync(path.join(dir, 'log.txt'), `assumed with key …${key.value.slice(-4)}; request 14938170 took 3 ms; colour #000000\n`);
    assert.deepEqual(scanForSecrets({ secrets: [key, code], folders: [dir] }).leaks, []);
  });

  it('skips what it is told to (the user\'s own AWS files), and reports no secret in its own words', () => {
    fs.mkdirSync(path.join(dir, '.aws'));
    fs.writeFileSync(path.join(dir, '.aws', 'credentials'), `aws_secret_access_key = ${token.value}\n`);
    fs.writeFileSync(path.join(dir, 'state.json'), token.value);
    const report = scanForSecrets({ secrets: [token], folders: [dir], skip: (file) => file === path.join(dir, '.aws') });
    assert.equal(report.leaks.length, 1);
    const message = describeLeaks(report.leaks);
    assert.match(message, /^session token in .*state\.json$/);
    assert.ok(!message.includes(token.value));
  });

  it('refuses a needle too short to mean anything', () => {
    assert.throws(() => scanForSecrets({ secrets: [{ kind: 'endpoint token', value: 'abc' }] }), /endpoint token given to the scan is too short/);
  });
});
