import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseOptions, USAGE } from '../../tools/code-server/tryItNowOptions';

describe('npm start options', () => {
  it('reads --port, --folder, --short-lifetime and --screenshot, in both spellings', () => {
    const folder = os.tmpdir();
    assert.deepEqual(parseOptions(['--port', '8080', `--folder=${folder}`, '--short-lifetime', '120', '--screenshot', 'shot.png']), {
      port: 8080,
      folder: path.resolve(folder),
      shortLifetime: 120,
      screenshot: path.resolve('shot.png'),
      help: false,
    });
  });

  it('takes PORT from the environment when --port is not given', () => {
    assert.equal(parseOptions([], { PORT: '9000' }).port, 9000);
    assert.equal(parseOptions(['--port', '9001'], { PORT: '9000' }).port, 9001);
    assert.equal(parseOptions([], { PORT: '' }).port, undefined);
  });

  it('refuses what it cannot use, with the usage for an unknown option', () => {
    assert.throws(() => parseOptions(['--prot', '1']), (error: Error) => error.message.includes('unknown option --prot') && error.message.includes(USAGE));
    assert.throws(() => parseOptions(['--port']), /--port needs a value/);
    assert.throws(() => parseOptions(['--port', '70000']), /--port must be a whole number from 1 to 65535, not 70000/);
    assert.throws(() => parseOptions(['--short-lifetime', '30']), /--short-lifetime must be a whole number from 60/);
    assert.throws(() => parseOptions(['--folder', path.join(os.tmpdir(), 'no-such-folder-here')]), /no such folder/);
  });

  it('--help lists every option', () => {
    assert.equal(parseOptions(['--help']).help, true);
    for (const option of ['--port', '--folder', '--short-lifetime', '--screenshot', '--help']) assert.ok(USAGE.includes(option), option);
  });
});
