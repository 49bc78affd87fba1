/**
 * `config-load-10k`: our loader against the AWS SDK's on the same generated files.
 *
 * ours     = loadProfileModel(nodeTextFileReader, paths) — read both files, parse with
 *            positions, merge, build the chain facts and problems — then `problems.length`
 *            of every profile. Chain hops are listed lazily (on tree expansion) and are not
 *            listed here.
 * baseline = loadSharedConfigFiles({ filepath, configFilepath, ignoreCache: true }) from
 *            @smithy/shared-ini-file-loader: read both files and parse them to plain maps.
 *
 * Both are warmed up, then run alternately (ABBA order, a GC before every run) and the
 * medians are compared.
 */

import { performance } from 'node:perf_hooks';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { loadProfileModel } from '../src/core/config/configFiles';
import { nodeTextFileReader } from '../src/platform/nodeTextFileReader';
import { collectGarbage, withBaseline, type BenchResult } from './stats';

export interface ConfigLoadOptions {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly rounds: number;
  readonly warmup: number;
  readonly params: Record<string, unknown>;
}

/** Ours: the model plus every profile's problems; resolves with the profile count. */
export async function loadOurs(configFile: string, credentialsFile: string): Promise<number> {
  const model = await loadProfileModel(nodeTextFileReader, { configFile, credentialsFile });
  let problems = 0;
  for (const profile of model.profiles) problems += profile.problems.length;
  // Use the sum so the loop cannot be optimised away.
  if (problems < 0) throw new Error('unreachable');
  return model.profiles.length;
}

/** Baseline: the SDK's loader; resolves with the profile count (config and credentials merged). */
export async function loadBaseline(configFile: string, credentialsFile: string): Promise<number> {
  const files = await loadSharedConfigFiles({ filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
  const names = new Set(Object.keys(files.credentialsFile));
  for (const key of Object.keys(files.configFile)) if (!key.includes('.')) names.add(key);
  return names.size;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function benchConfigLoad(options: ConfigLoadOptions): Promise<BenchResult> {
  const { configFile, credentialsFile } = options;
  const ours = () => loadOurs(configFile, credentialsFile);
  const baseline = () => loadBaseline(configFile, credentialsFile);

  // Both must see the same profiles, or the comparison means nothing.
  const [ourCount, sdkCount] = [await ours(), await baseline()];
  if (ourCount !== sdkCount) throw new Error(`config-load: our model has ${ourCount} profiles, the SDK's ${sdkCount}`);

  for (let i = 0; i < options.warmup; i++) {
    await ours();
    await baseline();
  }
  const oursTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // ABBA: neither side always runs first (right after the other's garbage).
    if (round % 2 === 0) {
      oursTimes.push(await time(ours));
      baselineTimes.push(await time(baseline));
    } else {
      baselineTimes.push(await time(baseline));
      oursTimes.push(await time(ours));
    }
  }
  return withBaseline('config-load-10k', oursTimes, baselineTimes, '@smithy/shared-ini-file-loader loadSharedConfigFiles', {
    ...options.params,
    profiles: ourCount,
    rounds: options.rounds,
    warmup: options.warmup,
    oursRunsMs: oursTimes.map((t) => Math.round(t * 10) / 10),
    baselineRunsMs: baselineTimes.map((t) => Math.round(t * 10) / 10),
  });
}
