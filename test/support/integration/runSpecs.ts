/**
 * What every integration window's entry (test/integration/<window>/index.ts) runs: the module
 * both runners load into the extension host as `extensionTestsPath` (code-server's through
 * test/harness/extensionTests.ts, and @vscode/test-electron's) calls runSpecsIn(its folder),
 * which runs every compiled `*.test.js` below it with mocha and rejects when a test fails,
 * which the workbench turns into exit code 1.
 */
import * as fs from 'fs';
import * as path from 'path';

// mocha 12's package entry is an ES module; its CommonJS build is the
// dependable way to load it from this CommonJS module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof import('mocha') = require('mocha/lib/mocha.cjs');

/** Every `*.test.js` file below `dir`, sorted so the run order is stable. */
function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Runs every spec below `dir`, a window's folder under test/integration/. */
export function runSpecsIn(dir: string): Promise<void> {
  // INTEGRATION_GREP (from the harness's environment, a regular expression) runs only the tests whose titles match: for a quick rerun of some specs.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false, ...(process.env.INTEGRATION_GREP ? { grep: new RegExp(process.env.INTEGRATION_GREP) } : {}) });
  const files = findTestFiles(dir);
  for (const file of files) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      console.log('0 passed, 0 failed');
      reject(new Error(`no *.test.js files under ${dir}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        // The summary line CI reads; keep its exact form.
        console.log(`${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // A spec file that throws while loading (syntax error, missing module).
      console.error(error);
      console.log('0 passed, 1 failed');
      reject(error);
    }
  });
}
