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

/**
 * The calls of a fake that a test holds at gates (`holdNext()`), each call taking the first gate
 * made; a call without a gate still lets everything else that is ready run first, as a person
 * or a child process takes a while.
 */
export class HeldCalls {
  private readonly gates: Gate[] = [];

  /** The next call waits at the returned gate until the test opens it. */
  holdNext(): Gate {
    const gate = new Gate();
    this.gates.push(gate);
    return gate;
  }

  /**
   * Waits for this call's turn, unless `signal` aborts first: then `onAbort` runs at once (as
   * the real thing reacts to the abort) and the promise resolves true.
   */
  waitForTurn(signal: AbortSignal | undefined, onAbort: () => void): Promise<boolean> {
    const gate = this.gates.shift();
    const waiting = gate ? gate.pass() : new Promise<void>((resolve) => setImmediate(resolve));
    return new Promise<boolean>((resolve) => {
      const abort = () => {
        onAbort();
        resolve(true);
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      void waiting.then(() => {
        signal?.removeEventListener('abort', abort);
        resolve(false);
      });
    });
  }
}

/**
 * Starts `start` with `gate` set in its way (made by a fake's `holdNext`), and resolves once the
 * run has arrived there: it is under way and waits until the test calls `held.open()`.
 */
export async function startHeld<T>(gate: Gate, start: () => Promise<T>): Promise<{ held: Gate; pending: Promise<T> }> {
  const pending = start();
  await gate.reached;
  return { held: gate, pending };
}
