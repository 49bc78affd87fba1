/** What every benchmark reports, and the small statistics they share. */

import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** One line of bench/results.json. */
export interface BenchResult {
  readonly name: string;
  readonly unit: 'ms' | 's' | 'bytes' | 'calls' | 'wakeups' | 'prompts' | 'req/s';
  /** Median of our runs (or the one measurement, for sizes). */
  readonly ours: number;
  /** Median of the baseline's runs, measured alternately with ours; null when there is none. */
  readonly baseline: number | null;
  readonly baselineName: string | null;
  /** ours / baseline; null without a baseline. */
  readonly ratio: number | null;
  /** Sizes and settings the figure was measured with. */
  readonly params: Record<string, unknown>;
}

/** The fields of a result measured with nothing to compare it against (a count, a size). */
export const NO_BASELINE = { baseline: null, baselineName: null, ratio: null } as const;

/** A goal the table checks; benchmarks report, so a missed goal is printed, not fatal. */
export interface Goal {
  readonly text: string;
  readonly met: (result: BenchResult) => boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounds for display and JSON: 2 decimals is below our timing noise already. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function withBaseline(
  name: string,
  ours: readonly number[],
  baseline: readonly number[],
  baselineName: string,
  params: Record<string, unknown>,
): BenchResult {
  const oursMedian = median(ours);
  const baselineMedian = median(baseline);
  return {
    name,
    unit: 'ms',
    ours: round(oursMedian),
    baseline: round(baselineMedian),
    baselineName,
    ratio: round(oursMedian / baselineMedian, 3),
    params,
  };
}

let gcFunction: (() => void) | undefined;

/**
 * Node's `gc()` without `--expose-gc` on the command line (`npm run bench` runs plain
 * `node`): collecting before each timed run keeps one run's garbage out of the next.
 */
export function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

/**
 * Runs each arm `warmup + rounds` times, rotating which goes first each round so no arm always
 * runs right after another's garbage; resolves with each arm's samples after the warm-up.
 */
export async function alternateArms<T>(arms: readonly (() => Promise<T>)[], warmup: number, rounds: number): Promise<T[][]> {
  const samples: T[][] = arms.map(() => []);
  for (let i = 0; i < warmup + rounds; i++) {
    for (let k = 0; k < arms.length; k++) {
      const arm = (i + k) % arms.length;
      const sample = await arms[arm]();
      if (i >= warmup) samples[arm].push(sample);
    }
  }
  return samples;
}
