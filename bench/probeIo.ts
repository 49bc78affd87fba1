/**
 * How the probes (extension test modules run inside code-server's extension host) get their
 * parameters and hand back their numbers: two files named by environment variables the
 * bench gives the server, which the extension host inherits.
 */

import * as fs from 'node:fs';

/** JSON the bench writes for the probe. */
export const PARAMS_FILE_VARIABLE = 'AWS_ROLE_SESSIONS_BENCH_PARAMS';
/** Where the probe writes its JSON result. */
export const RESULT_FILE_VARIABLE = 'AWS_ROLE_SESSIONS_BENCH_RESULT';
/** The prefix of the line a probe logs with its result (the harness forwards it to stdout). */
export const RESULT_MARKER = '[bench-result]';

export function readProbeParams<T>(): T {
  const file = process.env[PARAMS_FILE_VARIABLE];
  if (!file) throw new Error(`${PARAMS_FILE_VARIABLE} is not set: the probe runs only under the bench`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function writeProbeResult(result: unknown): void {
  const file = process.env[RESULT_FILE_VARIABLE];
  if (!file) throw new Error(`${RESULT_FILE_VARIABLE} is not set: the probe runs only under the bench`);
  const json = JSON.stringify(result);
  fs.writeFileSync(file, json);
  console.log(`${RESULT_MARKER} ${json}`);
}
