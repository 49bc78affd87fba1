/**
 * A neighbour on the same machine holding connections to the credential endpoint open, run as a
 * process of its own (so it competes for the CPU as a real one would):
 *
 *   node out/test/sts/support/connectionHog.js PORT silent|partial HOLD BUDGET
 *
 * It opens HOLD connections at once, as fast as the OS lets it, and opens another each time the
 * server closes one, until it has opened BUDGET; it never closes one itself. `silent`
 * connections never send a byte; `partial` ones send a request line and part of a header, never
 * the blank line that ends the headers. It prints `{"holding":N}` once HOLD have connected;
 * `{"held":N}` every 100 ms that N changed once all BUDGET have been tried; and on SIGTERM (or
 * after 60 s) a {@link HogReport} line, then exits. Bounded in count (BUDGET) and in time,
 * loopback only.
 */
import * as net from 'node:net';

export interface HogReport {
  /** Connections that completed the TCP handshake. */
  readonly opened: number;
  /** Of those, how many the server closed (the hog closes none until it exits). */
  readonly closedByServer: number;
  /** Connections that failed to connect at all. */
  readonly connectErrors: number;
  /** The most the hog had open at once. */
  readonly mostHeld: number;
  /** How many it still had open when it stopped. */
  readonly heldAtEnd: number;
}

export type HogMode = 'silent' | 'partial';

const GIVE_UP_MS = 60_000;

function hog(port: number, mode: HogMode, hold: number, budget: number): void {
  let attempts = 0;
  let opened = 0;
  let closedByServer = 0;
  let connectErrors = 0;
  let held = 0;
  let mostHeld = 0;
  let announced = false;
  let settled = 0;
  let lastHeldSaid = -1;
  let done = false;
  const sockets = new Set<net.Socket>();

  const finish = () => {
    if (done) return;
    done = true;
    const report: HogReport = { opened, closedByServer, connectErrors, mostHeld, heldAtEnd: held };
    process.stdout.write(`${JSON.stringify(report)}\n`, () => {
      for (const socket of sockets) socket.destroy();
      process.exit(0);
    });
  };

  const openOne = () => {
    if (done || attempts >= budget) return;
    attempts += 1;
    let connected = false;
    const settle = () => {
      settled += 1;
      if (settled === budget) {
        // Every attempt has connected or failed: from now on only the server changes what is held.
        const say = () => {
          if (held === lastHeldSaid) return;
          lastHeldSaid = held;
          process.stdout.write(`${JSON.stringify({ held })}\n`);
        };
        say();
        setInterval(say, 100);
      }
    };
    const socket = net.connect(port, '127.0.0.1', () => {
      connected = true;
      opened += 1;
      settle();
      held += 1;
      mostHeld = Math.max(mostHeld, held);
      if (mode === 'partial') socket.write(`GET /aws-role-sessions/guess HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Not-Done: `);
      if (!announced && opened >= Math.min(hold, budget)) {
        announced = true;
        process.stdout.write(`${JSON.stringify({ holding: held })}\n`);
      }
    });
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      if (done) return;
      if (connected) {
        held -= 1;
        closedByServer += 1;
      } else {
        connectErrors += 1;
        settle();
      }
      openOne();
    });
  };

  for (let i = 0; i < hold; i++) openOne();
  process.on('SIGTERM', finish);
  setTimeout(finish, GIVE_UP_MS);
}

if (require.main === module) {
  const [port, mode, hold, budget] = process.argv.slice(2);
  if (mode !== 'silent' && mode !== 'partial') throw new Error(`mode must be silent or partial, not ${mode}`);
  hog(Number(port), mode, Number(hold), Number(budget));
}
