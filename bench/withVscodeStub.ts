/**
 * Loads a module of src/ whose imports include `vscode`, with `require('vscode')` answered by
 * bench/vscodeStub.ts: the benches that run the Profiles tree's node classes in plain Node
 * (identityCenterBench.ts, profileConfigLoad.ts --tree) have no `vscode` module of their own.
 */

import Module from 'node:module';
import * as path from 'node:path';

/** `require(request)` from bench/, `vscode` meaning the stub while it loads. */
export function requireWithVscodeStub<T>(request: string): T {
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = loader._resolveFilename;
  const stub = path.join(__dirname, 'vscodeStub.js');
  loader._resolveFilename = function (this: unknown, wanted: string, ...rest: unknown[]) {
    return wanted === 'vscode' ? stub : original.call(this, wanted, ...rest);
  };
  try {
    return Module.createRequire(__filename)(request) as T;
  } finally {
    loader._resolveFilename = original;
  }
}
