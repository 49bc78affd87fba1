/** A clock that moves only when a test says so, and fires the timers that fall due as it moves. */

import type { ScheduledTimer, TimeSource } from '../../../src/core/vocabulary/ports';

interface PendingTimer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

export class FakeClock implements TimeSource {
  private current: number;
  private readonly timers = new Set<PendingTimer>();
  private scheduled = 0;
  /** How many timers have fired: the wake-ups a real process would have had. */
  firedTimers = 0;

  constructor(start: string | number = '2026-03-01T09:00:00.000Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, callback: () => void): ScheduledTimer {
    const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), order: this.scheduled++, callback };
    this.timers.add(timer);
    return { dispose: () => this.timers.delete(timer) };
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing each timer that falls due at its own moment, in order. */
  advanceSeconds(seconds: number): void {
    this.advanceMs(seconds * 1000);
  }

  advanceMs(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = [...this.timers].filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      this.timers.delete(next);
      this.current = Math.max(this.current, next.due);
      this.firedTimers += 1;
      next.callback();
    }
    this.current = end;
  }

  /**
   * Sets the wall clock without firing anything, as when a laptop wakes from sleep or NTP
   * corrects the time: monotonic timers keep their own pace, so their due times move with
   * the jump. Call `advanceSeconds` afterwards to let them fire.
   */
  jumpSeconds(seconds: number): void {
    const shift = seconds * 1000;
    this.current += shift;
    for (const timer of [...this.timers]) {
      this.timers.delete(timer);
      this.timers.add({ ...timer, due: timer.due + shift });
    }
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}
