/** A clock that moves only when a test says so. */

import type { Clock } from '../../src/core/session/ports';

export class FakeClock implements Clock {
  private current: number;

  constructor(start: string | number = '2026-03-01T09:00:00.000Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}
