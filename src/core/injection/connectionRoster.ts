/**
 * Which of the credential endpoint's connections to close when one more arrives at the cap
 * (issue 20 §5). Loopback is shared by every user of the machine and the port can be read from
 * /proc/net/tcp, so anyone can open connections to the endpoint; only the token keeps the
 * credentials from them. The cap keeps them from taking the extension host's file descriptors
 * and memory (which every extension shares) by holding connections open; this roster decides
 * who makes room, so that a neighbour holding the cap cannot keep out the window's own clients.
 *
 * A connection stands in one of three places, each kept oldest first:
 * - `waiting`: accepted, nothing answered yet (silent, headers still coming, or a request in flight);
 * - `refused`: answered without the endpoint's token (a wrong or missing token, another Host,
 *   path or method): not a client of this window, and the server closes it after the answer;
 * - `trusted`: has shown the token; only a process that was handed it can get here.
 *
 * At the cap, a newcomer makes room by closing the oldest refused connection, else the oldest
 * waiting one. Trusted connections are never closed for a newcomer: when every place is held by
 * one, the newcomer itself is closed, so nobody without the token can push out a client that
 * has it. Oldest first is what keeps a client's fresh connection alive long enough to be read:
 * see the race in `CredentialEndpointServer`.
 */

/** Counts for tests and for the log: never anything about a connection itself. */
export interface RosterCounts {
  /** Connections open now. */
  readonly open: number;
  /** The most that were ever open at once. */
  readonly mostOpen: number;
  /** Connections closed to make room, newcomers turned away included. */
  readonly closedAtCap: number;
}

export class ConnectionRoster<C> {
  // A Set iterates in insertion order: its first entry is its oldest.
  private readonly waiting = new Set<C>();
  private readonly refused = new Set<C>();
  private readonly trusted = new Set<C>();
  private mostOpen = 0;
  private closedAtCap = 0;

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`a connection cap must be a whole number above 0, not ${cap}`);
  }

  get counts(): RosterCounts {
    return { open: this.open, mostOpen: this.mostOpen, closedAtCap: this.closedAtCap };
  }

  /**
   * Takes in a new connection. Returns the connection the caller must close now so that at most
   * `cap` stay open (the newcomer itself when every place is trusted), or `undefined`.
   */
  admit(connection: C): C | undefined {
    let closing: C | undefined;
    if (this.open >= this.cap) {
      closing = oldest(this.refused) ?? oldest(this.waiting) ?? connection;
      this.closedAtCap += 1;
      if (closing === connection) return closing;
      this.forget(closing);
    }
    this.waiting.add(connection);
    this.mostOpen = Math.max(this.mostOpen, this.open);
    return closing;
  }

  /** A request on `connection` was answered; `tokenShown` when it carried the endpoint's token. */
  answered(connection: C, tokenShown: boolean): void {
    if (this.trusted.has(connection)) return;
    if (!this.forget(connection)) return;
    (tokenShown ? this.trusted : this.refused).add(connection);
  }

  /** The connection has closed (whoever closed it). */
  closed(connection: C): void {
    this.forget(connection);
  }

  private get open(): number {
    return this.waiting.size + this.refused.size + this.trusted.size;
  }

  private forget(connection: C): boolean {
    return this.waiting.delete(connection) || this.refused.delete(connection) || this.trusted.delete(connection);
  }
}

function oldest<C>(set: Set<C>): C | undefined {
  for (const entry of set) return entry;
  return undefined;
}
