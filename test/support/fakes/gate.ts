/** A point where a fake waits until the test lets it go on, to put events in a chosen order. */

export class Gate {
  /** Resolves when something arrives at the gate and starts waiting. */
  readonly reached: Promise<void>;
  private arrive!: () => void;
  private release!: () => void;
  private readonly released: Promise<void>;

  constructor() {
    this.reached = new Promise((resolve) => (this.arrive = resolve));
    this.released = new Promise((resolve) => (this.release = resolve));
  }

  /** Called by the fake: waits until the test opens the gate. */
  pass(): Promise<void> {
    this.arrive();
    return this.released;
  }

  /** Lets whatever waits at the gate go on. */
  open(): void {
    this.release();
  }
}
