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
 *
 * Each side's previous result stays referenced until its next run replaces it, as the
 * extension keeps the model it shows (the Profiles tree holds it) while `ProfileStore` loads
 * the next one: the extension never loads with nothing alive. This matters to V8: the hidden
 * classes of our model's objects are reached from their constructors only through weak
 * transitions, so when a full GC finds no instance left it frees them, and every function
 * optimised for them is thrown away and optimised again during the next load
 * (`node --trace-deopt`: "reason: weak objects"). Plain-object results like the SDK's keep their shapes in allocation sites and do not
 * notice. The same runs with the previous result dropped are measured too and written to
 * `params` (`droppedOursMs`, `droppedBaselineMs`, `droppedRatio`) so that figure stays visible.
 */

import { performance } from 'node:perf_hooks';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { loadProfileModel } from '../src/core/config/configFiles';
import { nodeTextFileReader } from '../src/platform/nodeTextFileReader';
import { collectGarbage, median, round, withBaseline, type BenchResult } from './stats';

export interface ConfigLoadOptions {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly rounds: number;
  readonly warmup: number;
  readonly params: Record<string, unknown>;
}

/** What one load gives: the profile count (to check both sides agree) and what was loaded. */
export interface Loaded {
  readonly profiles: number;
  readonly result: unknown;
}

/** Ours: the model plus every profile's problems. */
export async function loadOurs(configFile: string, credentialsFile: string): Promise<Loaded> {
  const model = await loadProfileModel(nodeTextFileReader, { configFile, credentialsFile });
  let problems = 0;
  for (const profile of model.profiles) problems += profile.problems.length;
  // Use the sum so the loop cannot be optimised away.
  if (problems < 0) throw new Error('unreachable');
  return { profiles: model.profiles.length, result: model };
}

/** Baseline: the SDK's loader; counts profiles with config and credentials merged. */
export async function loadBaseline(configFile: string, credentialsFile: string): Promise<Loaded> {
  const files = await loadSharedConfigFiles({ filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
  const names = new Set(Object.keys(files.credentialsFile));
  for (const key of Object.keys(files.configFile)) if (!key.includes('.')) names.add(key);
  return { profiles: names.size, result: files };
}

/** One side of the comparison: its loader and, while held, its previous result. */
class Side {
  /** Referenced only to keep it alive until the next run of this side. */
  private previous: unknown;
  readonly times: number[] = [];

  constructor(
    private readonly load: () => Promise<Loaded>,
    private readonly holdPrevious: boolean,
  ) {}

  async time(): Promise<void> {
    if (!this.holdPrevious) this.previous = undefined;
    collectGarbage();
    const started = performance.now();
    const loaded = await this.load();
    this.times.push(performance.now() - started);
    if (this.holdPrevious) this.previous = loaded.result;
  }

  /** Lets the held result go; returns it, for whoever wants a last look. */
  release(): unknown {
    const previous = this.previous;
    this.previous = undefined;
    return previous;
  }
}

/** Warm-up, then `rounds` alternating runs in ABBA order: neither side always runs first. */
async function compare(ours: Side, baseline: Side, rounds: number, warmup: number): Promise<void> {
  for (let i = 0; i < warmup; i++) {
    await ours.time();
    await baseline.time();
  }
  ours.times.length = 0;
  baseline.times.length = 0;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      await ours.time();
      await baseline.time();
    } else {
      await baseline.time();
      await ours.time();
    }
  }
  ours.release();
  baseline.release();
}

export async function benchConfigLoad(options: ConfigLoadOptions): Promise<BenchResult> {
  const { configFile, credentialsFile } = options;
  const ours = () => loadOurs(configFile, credentialsFile);
  const baseline = () => loadBaseline(configFile, credentialsFile);

  // Both must see the same profiles, or the comparison means nothing.
  const [ourCount, sdkCount] = [(await ours()).profiles, (await baseline()).profiles];
  if (ourCount !== sdkCount) throw new Error(`config-load: our model has ${ourCount} profiles, the SDK's ${sdkCount}`);

  const held = [new Side(ours, true), new Side(baseline, true)] as const;
  await compare(...held, options.rounds, options.warmup);
  const dropped = [new Side(ours, false), new Side(baseline, false)] as const;
  await compare(...dropped, options.rounds, options.warmup);

  const [oursTimes, baselineTimes] = [held[0].times, held[1].times];
  const tenths = (times: readonly number[]) => times.map((t) => Math.round(t * 10) / 10);
  return withBaseline('config-load-10k', oursTimes, baselineTimes, '@smithy/shared-ini-file-loader loadSharedConfigFiles', {
    ...options.params,
    profiles: ourCount,
    rounds: options.rounds,
    warmup: options.warmup,
    previousResultHeld: true,
    oursRunsMs: tenths(oursTimes),
    baselineRunsMs: tenths(baselineTimes),
    droppedOursMs: round(median(dropped[0].times)),
    droppedBaselineMs: round(median(dropped[1].times)),
    droppedRatio: round(median(dropped[0].times) / median(dropped[1].times), 3),
    droppedOursRunsMs: tenths(dropped[0].times),
    droppedBaselineRunsMs: tenths(dropped[1].times),
  });
}
