/**
 * The ticks of several live sessions at once (issue 22 §5), shared so that twenty sessions wake
 * the process about as often as one. Each live session looks at the wall clock once a minute, at
 * each threshold (the warning, auto-renew's window, the last ten minutes) and every second in its
 * last ten minutes (`nextCheckDelayMs`). Left alone, twenty sessions obtained at different
 * moments would wake the process twenty times a minute.
 *
 * Two views of one set of timers:
 * - `exact`: every timer fires when asked (the window's session: its status-bar countdown moves
 *   on its own minute). Timers due at the same instant share one wake-up, which gathers the
 *   sessions' last-ten-minutes seconds too: STS's expirations are whole seconds, so every
 *   session's second ticks land on the same whole seconds.
 * - `flexible`: a plain minute tick (nothing due before it) rides the latest timer already due
 *   within that minute, whoever set it; only when there is none does it get its own, which later
 *   minute ticks then ride. A threshold, or a second tick, is exact. The price: a held session's
 *   minute mark ("42 min left" in the tree) may be up to a minute behind, never a threshold.
 */

import type { ScheduledTimer, TimeSource } from '../vocabulary/ports';
import { MINUTE_TICK_MS } from './expiryTiming';

/** One real timer and everything riding it. */
interface Beat {
  readonly due: number;
  readonly riders: Set<() => void>;
  readonly timer: ScheduledTimer;
}

export class SharedTicks {
  private readonly beats = new Set<Beat>();

  /** Every timer at its own time; others' minute ticks may ride it. */
  readonly exact: TimeSource;
  /** A plain minute tick rides a timer already due within the minute; any other is exact. */
  readonly flexible: TimeSource;

  constructor(private readonly time: TimeSource) {
    const now = () => time.now();
    this.exact = { now, schedule: (delayMs, callback) => this.at(time.now() + Math.max(0, delayMs), callback) };
    this.flexible = {
      now,
      schedule: (delayMs, callback) => (delayMs === MINUTE_TICK_MS ? this.withinTheMinute(callback) : this.at(time.now() + Math.max(0, delayMs), callback)),
    };
  }

  /** Real timers pending now: the wake-ups still to come. */
  get pending(): number {
    return this.beats.size;
  }

  /** `callback` at `due`, on the timer already due then if there is one. */
  private at(due: number, callback: () => void): ScheduledTimer {
    const same = [...this.beats].find((beat) => beat.due === due);
    return this.ride(same ?? this.beat(due), callback);
  }

  /** `callback` on the latest timer due within the next minute, else on a new one a minute from now. */
  private withinTheMinute(callback: () => void): ScheduledTimer {
    const now = this.time.now();
    let latest: Beat | undefined;
    for (const beat of this.beats) {
      if (beat.due > now && beat.due <= now + MINUTE_TICK_MS && (!latest || beat.due > latest.due)) latest = beat;
    }
    return this.ride(latest ?? this.beat(now + MINUTE_TICK_MS), callback);
  }

  private beat(due: number): Beat {
    const riders = new Set<() => void>();
    const beat: Beat = {
      due,
      riders,
      timer: this.time.schedule(due - this.time.now(), () => {
        this.beats.delete(beat);
        // Each rider once, in the order they boarded; one that schedules again boards a new beat.
        const boarded = [...riders];
        riders.clear();
        for (const rider of boarded) rider();
      }),
    };
    this.beats.add(beat);
    return beat;
  }

  private ride(beat: Beat, callback: () => void): ScheduledTimer {
    // A callback may board twice (the same function); each boarding is its own rider.
    const rider = () => callback();
    beat.riders.add(rider);
    return {
      dispose: () => {
        if (!beat.riders.delete(rider) || beat.riders.size > 0) return;
        // The last rider left: no wake-up for nobody.
        beat.timer.dispose();
        this.beats.delete(beat);
      },
    };
  }
}
