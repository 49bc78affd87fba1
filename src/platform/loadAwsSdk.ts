/**
 * Loads `dist/awsSdk.js` (the AWS SDK's own bundle) the first time a session is needed.
 * esbuild cannot split a CommonJS bundle, so the SDK is a second entry point loaded by path;
 * a literal `import()` would pull it into `extension.js` and every activation would parse it.
 */

import * as path from 'node:path';
import type * as AwsSdk from './awsSdk';

let loaded: Promise<typeof AwsSdk> | undefined;

export function loadAwsSdk(): Promise<typeof AwsSdk> {
  // Built: dist/extension.js beside dist/awsSdk.js. Compiled by tsc: out/src/platform/ beside awsSdk.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path, on purpose
  loaded ??= Promise.resolve().then(() => require(path.join(__dirname, 'awsSdk.js')) as typeof AwsSdk);
  return loaded;
}
