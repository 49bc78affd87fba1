/**
 * Every pair of the config corpus (`corpusCases.ts`) read into the model and compared with
 * what its `expected.json` says a person should see: which profiles, of which kind, with which
 * problems on which lines, and the values that matter. `differential.test.ts` reads the same
 * pairs with the AWS SDK's parser.
 */

import * as assert from 'node:assert/strict';
import { buildProfileModelFromContents } from '../../../src/core/config/profileModel';
import type { FileContent } from '../../../src/core/config/sharedConfigFiles';
import type { ConfigProblem, ProfileModel } from '../../../src/core/config/types';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';
import { folderCases, generatedCases, type CorpusCase } from './corpusCases';

const CONFIG = '/home/me/.aws/config';
const CREDENTIALS = '/home/me/.aws/credentials';

function modelOf(pair: CorpusCase): ProfileModel {
  const content = (path: string, text: string | undefined): FileContent => (text === undefined ? { status: 'missing', path } : { status: 'ok', path, text });
  return buildProfileModelFromContents(content(CONFIG, pair.config), content(CREDENTIALS, pair.credentials));
}

/** `"code file:line"`, the line 1-based as an editor shows it. */
function describe1(problem: ConfigProblem): string {
  const where = problem.location ? ` ${problem.location.file === CONFIG ? 'config' : problem.location.file === CREDENTIALS ? 'credentials' : problem.location.file}:${problem.location.line + 1}` : '';
  return problem.code + where;
}

function assertModel(pair: CorpusCase): void {
  const model = modelOf(pair);
  const expected = pair.expected;
  assert.ok(expected, `${pair.name} has an expected.json`);
  assert.deepEqual(model.files.map((file) => file.status), expected.files ?? ['ok', 'ok'], 'file states');
  assert.deepEqual(model.fileProblems.map(describe1), expected.fileProblems ?? [], 'problems outside profiles');
  assert.deepEqual(
    model.profiles.map((profile) => profile.name),
    expected.profiles.map((profile) => profile.name),
    'the profiles, in order',
  );
  for (const want of expected.profiles) {
    const profile = model.byName.get(want.name)!;
    const label = `profile "${want.name.length > 40 ? `${want.name.slice(0, 40)}…` : want.name}"`;
    assert.equal(profile.kind, want.kind, `${label}: kind`);
    assert.deepEqual(profile.problems.map(describe1), want.problems, `${label}: problems`);
    for (const [key, value] of Object.entries(want.settings ?? {})) {
      assert.equal(profile.settings.get(key)?.value, value, `${label}: ${key}`);
    }
    if (want.chain) assert.deepEqual(profile.chain.hops.map((hop) => hop.profileName), want.chain, `${label}: chain`);
    if (want.complete !== undefined) assert.equal(profile.chain.complete, want.complete, `${label}: complete`);
  }
}

describe('config corpus: each pair gives the model its expected.json states', () => {
  const folders = folderCases();
  const generated = generatedCases();

  it('holds at least 60 pairs', () => {
    assert.ok(folders.length + generated.length >= 60, `${folders.length} folders + ${generated.length} generated`);
  });

  for (const pair of folders) {
    it(`${pair.name}: ${pair.expected?.about ?? '(no expected.json)'}`, () => assertModel(pair));
  }
  for (const pair of generated) {
    it(`${pair.name}: ${pair.expected.about}`, function () {
      // Thousands of profiles or megabytes of text: milliseconds idle, a wide budget when busy.
      this.timeout(HEAVY_TEST_TIMEOUT_MS);
      assertModel(pair);
    });
  }
});
