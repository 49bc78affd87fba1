/**
 * The arithmetic of a session's end, shared by the lifecycle (when to look again), the status
 * bar (what to show) and, later, renewal: pure functions of a deadline and the wall clock.
 */

/** Inside this much time left, the countdown shows seconds and the lifecycle looks every second. */
export const SECONDS_COUNTDOWN_MS = 10 * 60_000;

/** Outside the last ten minutes, the lifecycle looks once a minute. */
export const MINUTE_TICK_MS = 60_000;

export const SECOND_TICK_MS = 1_000;

/** Milliseconds left until `end` at `now`; `undefined` for credentials that never end. */
export function msLeft(end: Date | undefined, now: number): number | undefined {
  return end === undefined ? undefined : end.getTime() - now;
}

/**
 * Whole seconds left, rounded up, so that a countdown reads `0:00` only at the end itself
 * and a session with half a second left still reads `0:01`.
 */
export function secondsLeft(msRemaining: number): number {
  return Math.ceil(msRemaining / 1000);
}

/**
 * How long to wait before looking at the wall clock again, for a session with `msRemaining`
 * left: once a minute, but never past a threshold (the last ten minutes, and each of
 * `thresholdsMs`: the warning, the opening of auto-renew's window), so what starts there starts
 * on time without extra wake-ups; and every second inside the last ten minutes, on the second
 * boundary of the deadline so the countdown moves in whole seconds. `undefined`: nothing will
 * change by itself (no deadline, or already past it), so no timer runs.
 */
export function nextCheckDelayMs(msRemaining: number | undefined, ...thresholdsMs: readonly (number | undefined)[]): number | undefined {
  if (msRemaining === undefined || msRemaining <= 0) return undefined;
  if (msRemaining <= SECONDS_COUNTDOWN_MS) return msRemaining % SECOND_TICK_MS || SECOND_TICK_MS;
  const untilThresholds = [SECONDS_COUNTDOWN_MS, ...thresholdsMs]
    .filter((threshold): threshold is number => threshold !== undefined)
    .map((threshold) => msRemaining - threshold)
    .filter((ms) => ms > 0);
  return Math.min(MINUTE_TICK_MS, ...untilThresholds);
}
