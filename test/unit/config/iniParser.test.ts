import * as assert from 'node:assert/strict';
import { parseIni } from '../../../src/core/config/iniParser';

describe('INI parser', () => {
  it('records the 0-based line of every header and value', () => {
    const parsed = parseIni('# top\n[profile a]\n  region = x ; c\n\n[profile a]\nk=v=w\n', '/f');
    const section = parsed.sections.get('profile.a');
    assert.deepEqual(section?.headerLines, [1, 4]);
    assert.deepEqual(section?.values.get('region'), { value: 'x', file: '/f', line: 2 });
    assert.deepEqual(section?.values.get('k'), { value: 'v=w', file: '/f', line: 5 });
  });

  it('keeps sub-section keys as parent.child until a line is not indented', () => {
    const parsed = parseIni('[services s]\nsts =\n  endpoint_url = http://127.0.0.1:1\nregion = x\n');
    assert.deepEqual([...parsed.sections.get('services.s')!.values.keys()], ['sts.endpoint_url', 'region']);
  });

  it('reports a [__proto__] section as fatal for the whole file, with its line', () => {
    const parsed = parseIni('[profile ok]\na = b\n[__proto__]\n');
    assert.deepEqual(parsed.fatal, { message: 'Found invalid profile name "__proto__"', line: 2 });
    assert.equal(parsed.sections.size, 0);
  });

  it('lists headers whose values the SDK drops', () => {
    assert.deepEqual(parseIni('[foo bar]\na = b\n[]\n').ignoredHeaders, [{ header: 'foo bar', line: 0 }, { header: '', line: 2 }]);
  });
});
