/** A server clock tests can move: real time plus an adjustable offset. */
export class TestClock {
  private offsetMs = 0;

  /** The clock function to hand to `startLocalSts({ now })`. */
  readonly now = (): number => Date.now() + this.offsetMs;

  /** Moves the clock forward (or back, with a negative value). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
