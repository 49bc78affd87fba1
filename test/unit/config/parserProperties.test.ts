/**
 * Properties of the parser and the model on any input: they never throw, never hang, and every
 * chain ends and explains itself. (That the model equals the SDK's reading on generated valid
 * files, special names included, is `differential.test.ts`.)
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { parseIni } from '../../../src/core/config/iniParser';
import { buildProfileModelFromContents } from '../../../src/core/config/profileModel';
import type { ProfileModel } from '../../../src/core/config/types';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';

const CONFIG = '/home/me/.aws/config';
const CREDENTIALS = '/home/me/.aws/credentials';

function model(config: string, credentials: string): ProfileModel {
  return buildProfileModelFromContents({ status: 'ok', path: CONFIG, text: config }, { status: 'ok', path: CREDENTIALS, text: credentials });
}

/** Reads everything a view would read, so lazy parts (settings, hops) run too. */
function readAll(m: ProfileModel): void {
  for (const profile of m.profiles) void [profile.settings.size, profile.chain.hops.length, profile.chain.first, profile.locations, profile.problems];
  for (const section of m.ssoSessions.values()) void section.values.size;
}

/** Text heavy in what the parser looks at: brackets, `=`, comment marks, white space of every kind, line breaks. */
function iniLikeText(maxLength: number): fc.Arbitrary<string> {
  const fragment = fc.oneof(
    fc.constantFrom('[', ']', '=', '#', ';', ' ', '\t', '\n', '\r\n', '\r', '\u00a0', '\ufeff', '\u2028', '"', "'", '.', '\0'),
    fc.constantFrom('[profile ', '[sso-session ', '[services ', '[default]', '__proto__', 'constructor', 'source_profile = ', 'role_arn = ', 'aws_access_key_id = ', 'aws_secret_access_key = '),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  return fc.array(fragment, { maxLength }).map((parts) => parts.join(''));
}

describe('parser and model properties', () => {
  it('never throw on any text, and every problem points at a line that exists', () => {
    fc.assert(
      fc.property(fc.oneof(iniLikeText(80), fc.string({ unit: 'binary' })), iniLikeText(80), (config, credentials) => {
        parseIni(config);
        const m = model(config, credentials);
        readAll(m);
        const lines = new Map([[CONFIG, config.split('\n').length], [CREDENTIALS, credentials.split('\n').length]]);
        const problems = [...m.fileProblems, ...m.profiles.flatMap((profile) => profile.problems)];
        for (const problem of problems) {
          if (!problem.location) continue;
          assert.ok(problem.location.line >= 0 && problem.location.line < lines.get(problem.location.file)!, `${problem.code} at line ${problem.location.line}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads 1 MiB of random or hostile text within a bounded time, in a worker that is stopped if it hangs', async function () {
    this.timeout(HEAVY_TEST_TIMEOUT_MS);
    // Idle, each text takes 10 to 100 ms. The bound is wide enough for a 2-core machine busy
    // several times over, and still far below what a quadratic scan of 1 MiB would take.
    const budgetMs = 15_000;
    const texts = [
      ...fc.sample(iniLikeText(400_000), { numRuns: 1, seed: 42 }).map((text) => text.slice(0, 1 << 20).padEnd(1 << 20, 'x = y\n')),
      'a#'.repeat(1 << 19), // a comment mark on every other character, none after white space
      ' '.repeat((1 << 20) - 10) + 'region = x', // trimming a very long run of white space
      '[profile a]\n' + 'k = ' + ' '.repeat(1 << 20) + '\n', // a value of spaces only: a sub-section key
      '[' + 'p'.repeat(1 << 20), // an unclosed header as long as the file
      '\n'.repeat(1 << 20), // a million empty lines
      '[profile a]\n' + '  k = v\n'.repeat(1 << 17), // 131,072 indented values
      '[a]\n'.repeat(1 << 18), // 262,144 headers of one section
    ];
    for (const [index, text] of texts.entries()) {
      const elapsed = await timeInWorker(text, budgetMs);
      assert.ok(elapsed < budgetMs, `text ${index} took ${Math.round(elapsed)} ms`);
    }
  });

  it('builds every chain to an end on any graph of profiles, and an unfinished chain says why', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'constructor', '__proto__'];
    const profileArbitrary = fc.record({
      roleArn: fc.constantFrom(undefined, 'arn:aws:iam::123456789012:role/R', 'not-an-arn'),
      source: fc.constantFrom(undefined, ...names, 'missing'),
      credentialSource: fc.constantFrom(undefined, undefined, 'Environment', 'EcsContainer', 'Lambda'),
      keys: fc.constantFrom('none', 'pair', 'half', 'temporary'),
      mfa: fc.boolean(),
      duration: fc.constantFrom(undefined, '3600', '7200', 'x'),
      inCredentials: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.constantFrom(...names), profileArbitrary), { selector: ([name]) => name, minLength: 1, maxLength: names.length }), (profiles) => {
        let config = '';
        let credentials = '';
        for (const [name, p] of profiles) {
          const lines = [
            p.roleArn && `role_arn = ${p.roleArn}`,
            p.source && `source_profile = ${p.source}`,
            p.credentialSource && `credential_source = ${p.credentialSource}`,
            p.keys !== 'none' && 'aws_access_key_id = AKIAEXAMPLE000000001',
            (p.keys === 'pair' || p.keys === 'temporary') && 'aws_secret_access_key = s',
            p.keys === 'temporary' && 'aws_session_token = t',
            p.mfa && 'mfa_serial = arn:aws:iam::123456789012:mfa/me',
            p.duration && `duration_seconds = ${p.duration}`,
          ].filter(Boolean);
          if (p.inCredentials) credentials += `[${name}]\n${lines.join('\n')}\n`;
          else config += `[profile "${name}"]\n${lines.join('\n')}\n`;
        }
        const m = model(config, credentials);
        for (const profile of m.profiles) {
          const hops = profile.chain.hops;
          // Each profile at most once, plus the one where a cycle closes (or the root hop of a
          // role over its own keys or its credential_source).
          assert.ok(hops.length <= m.profiles.length + 1, `${profile.name}: ${hops.length} hops`);
          assert.equal(hops[0].profileName, profile.name);
          assert.deepEqual(profile.chain.first, hops[0]);
          const last = hops[hops.length - 1];
          if (profile.chain.complete) {
            assert.notEqual(last.kind, 'role', `${profile.name}: a complete chain ends at root credentials`);
            assert.notEqual(last.kind, 'none');
          } else {
            const errors = profile.problems.filter((problem) => problem.severity === 'error' || problem.code === 'no-credentials');
            assert.ok(errors.length > 0, `${profile.name}: an unfinished chain says why (${JSON.stringify(profile.problems)})`);
          }
          const cycle = profile.problems.some((problem) => problem.code === 'source-cycle');
          const names = hops.map((hop) => hop.profileName);
          const repeated = names.length !== new Set(names).size;
          if (cycle) assert.ok(repeated, `${profile.name}: a cycle shows in the hops`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Parses and models `text` in a worker thread; resolves with the milliseconds it took, rejects when it overruns `budgetMs` (the worker is stopped). */
function timeInWorker(text: string, budgetMs: number): Promise<number> {
  const modelModule = path.join(__dirname, '..', '..', '..', 'src', 'core', 'config', 'profileModel.js');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { buildProfileModelFromContents } = require(workerData.modelModule);
    const started = performance.now();
    const model = buildProfileModelFromContents({ status: 'ok', path: 'config', text: workerData.text }, { status: 'ok', path: 'credentials', text: workerData.text });
    for (const profile of model.profiles) void [profile.settings.size, profile.chain.hops.length];
    parentPort.postMessage(performance.now() - started);
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { text, modelModule } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`still parsing after ${budgetMs} ms: stopped`));
    }, budgetMs);
    worker.once('message', (elapsed: number) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(elapsed);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
