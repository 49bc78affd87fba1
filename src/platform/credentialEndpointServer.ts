/**
 * The credential endpoint's HTTP server (issue 9): 127.0.0.1 only, at a random path, behind a
 * token of 256 random bits, both made anew each time it starts listening. What to answer is decided by
 * `answerCredentialRequest` from the session's state and the wall clock at that moment, so a
 * renewal reaches every process that asks and nothing ended is ever served.
 *
 * It listens on the first free port of the range it is given (`ENDPOINT_PORTS`, which VS Code is
 * told never to forward; issue 20 §5), or on any free port when every one is taken. The address
 * (port, path, token) stays the same from `start()` to `stop()`, across renewals and switches; a
 * later `start()` gets a new path and token, so a terminal that held the old ones gets nothing. Requests have no body, small headers and a few
 * seconds to arrive; at most `MAX_CONNECTIONS` connections are open at once, and a connection
 * whose request lacked the token is closed once answered. Each request is logged by method,
 * status, what it got and how long it took; never its path, token or anything served.
 */

import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ConnectionRoster, type RosterCounts } from '../core/injection/connectionRoster';
import { answerCredentialRequest } from '../core/injection/credentialRequests';
import type { CredentialEndpoint, EndpointAddress, EndpointRoute, ServedSessionSource } from '../core/injection/ports';
import type { SessionLogger, TimeSource } from '../core/vocabulary/ports';

const LOOPBACK = '127.0.0.1';
/** Enough for the SDKs' requests (a few hundred bytes); far less than Node's 16 KiB default. */
const MAX_HEADER_BYTES = 4096;
/** A local client sends its request at once; a slow one is cut off rather than held open. */
const REQUEST_TIMEOUT_MS = 5_000;
/**
 * The most connections the endpoint holds open at once (issue 20 §5). Anyone on the machine can
 * connect to it, and without a cap a neighbour could hold thousands open in the extension host,
 * whose file descriptors and memory every extension shares. A window's own clients need a
 * handful (each SDK process keeps one or two keep-alive connections); `endpointLoad.test.ts`
 * runs 200 at once. 256 leaves those 200 room, is a quarter of the 1,024 descriptors a Linux
 * process gets by default (should the extension host not raise its limit), and is large enough
 * that a client's fresh connection is read long before it could be pushed out (the race below).
 *
 * At the cap, a new connection makes room by closing the oldest one that has not shown the
 * token (`ConnectionRoster`): a neighbour holding the cap is pushed out by the window's own
 * clients, and can never push out a connection that has shown the token.
 *
 * The race: a client's fresh connection has shown nothing yet, so the neighbour's newer
 * connections could push it out before its request is read. The SDKs send the request as soon
 * as they are connected, and the server reads it a turn or two of the event loop after accepting
 * the connection. Oldest first, it is closed only if 256 newer connections without the token are
 * accepted in between; connections that were refused an answer go before it, and trusted ones
 * never count. The server accepts connections as they arrive, one per turn of the event loop
 * even with a process opening them flat out on the other core (measured), so a neighbour would
 * have to open 256 in the moment it takes to read a request it cannot see. Measured with two such
 * processes, each holding 5 × the cap and opening another for each one closed, against a client
 * process asking on new connections: at a cap of 16, 4 of 347 requests were cut off; at 256,
 * none of about 700 (`endpointUnderAttack.test.ts` keeps 5 × 256 held open). A neighbour fast
 * enough to beat that could as well keep the CPU or the listen queue full, which no cap prevents.
 */
export const MAX_CONNECTIONS = 256;
/** Connections closed at the cap less than this far apart are one burst, logged once. */
const CAP_BURST_QUIET_MS = 10_000;

/** Ports from `first` to `last`, both included. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

export interface CredentialEndpointServerOptions {
  /** The wall clock that decides whether the session has ended. */
  readonly time: Pick<TimeSource, 'now'>;
  readonly logger: SessionLogger;
  /** Where to listen: the first free port of this range, then any free port. Absent: any free port. */
  readonly ports?: PortRange;
}

export class CredentialEndpointServer implements CredentialEndpoint {
  /**
   * New at every listen, not once per window: the port comes from a fixed range, so after a stop
   * another local user could take it and collect the token from terminals that still ask there;
   * a token that outlived the stop would then open the endpoint wherever it listens next.
   */
  private token = '';
  private path = '';
  /** Other sessions' addresses on this server (`serve`), by path; each has its own token. Emptied at stop. */
  private readonly routes = new Map<string, { readonly token: string; readonly source: ServedSessionSource }>();
  private server: http.Server | undefined;
  private starting: Promise<EndpointAddress> | undefined;
  private current: EndpointAddress | undefined;
  private host = '';
  private roster: ConnectionRoster<Socket> | undefined;
  private lastClosedAtCap = -Infinity;
  private saidPortsTaken = false;

  constructor(
    private readonly source: ServedSessionSource,
    private readonly options: CredentialEndpointServerOptions,
  ) {}

  get address(): EndpointAddress | undefined {
    return this.current;
  }

  /** How many connections are open, and have been at most, since the last `start()`: for tests and benchmarks. */
  get connections(): RosterCounts {
    return this.roster?.counts ?? { open: 0, mostOpen: 0, closedAtCap: 0 };
  }

  start(): Promise<EndpointAddress> {
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    const server = this.server;
    const starting = this.starting;
    this.server = undefined;
    this.starting = undefined;
    this.current = undefined;
    this.routes.clear();
    if (!server) {
      // Still binding: stop what it binds.
      if (starting) await starting.then(() => this.stop(), () => undefined);
      return;
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections of clients would hold `close` open.
      server.closeAllConnections();
    });
    this.options.logger.info('credential endpoint stopped');
  }

  async serve(source: ServedSessionSource): Promise<EndpointRoute> {
    const { url } = await this.start();
    const path = newPath();
    const token = newToken();
    this.routes.set(path, { token, source });
    const address: EndpointAddress = { url: new URL(path, url).toString(), token };
    return { address, dispose: () => void this.routes.delete(path) };
  }

  dispose(): void {
    void this.stop();
  }

  private async listen(): Promise<EndpointAddress> {
    const server = http.createServer(
      {
        maxHeaderSize: MAX_HEADER_BYTES,
        requestTimeout: REQUEST_TIMEOUT_MS,
        headersTimeout: REQUEST_TIMEOUT_MS,
        keepAliveTimeout: REQUEST_TIMEOUT_MS,
        // Node checks the timeouts every 30 s by default; a slow client is then held up to 35 s.
        connectionsCheckingInterval: 1_000,
      },
      (request, response) => this.answer(request, response),
    );
    const roster = new ConnectionRoster<Socket>(MAX_CONNECTIONS);
    server.on('connection', (socket: Socket) => {
      socket.once('close', () => roster.closed(socket));
      const closing = roster.admit(socket);
      if (!closing) return;
      closing.destroy();
      this.noteClosedAtCap();
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Oversized headers, a malformed request, a timeout: a bare status line, nothing logged of its content.
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      this.options.logger.warn(`credential endpoint: refused a request (${status})`);
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
    // Before the first request can arrive.
    this.token = newToken();
    this.path = newPath();
    await this.listenInRange(server);
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.roster = roster;
    this.host = `${LOOPBACK}:${port}`;
    this.current = { url: `http://${this.host}${this.path}`, token: this.token };
    this.options.logger.info(`credential endpoint listening on ${LOOPBACK}:${port}`);
    return this.current;
  }

  /**
   * The first free port of `options.ports`; when all are taken (other windows, other programs),
   * any free port, said once: VS Code may then forward that one in a remote window.
   */
  private async listenInRange(server: http.Server): Promise<void> {
    const range = this.options.ports;
    if (range) {
      for (let port = range.first; port <= range.last; port++) {
        if (await listenOn(server, port)) return;
      }
      if (!this.saidPortsTaken) {
        this.saidPortsTaken = true;
        this.options.logger.warn(
          `credential endpoint: ports ${range.first}-${range.last} are all in use; listening on another free port,` +
            ' which VS Code may forward, and list in the Ports view, in a remote window (Remote-SSH, Dev Containers, Codespaces)',
        );
      }
    }
    await listenOn(server, 0);
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const started = performance.now();
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    // A held session's own address, or else the window's (whose checks then refuse a wrong path).
    const route = request.url === undefined ? undefined : this.routes.get(request.url);
    const answer = answerCredentialRequest(
      { method: request.method, target: request.url, host: request.headers.host, authorization: request.headers.authorization, hasBody },
      route ? { host: this.host, path: request.url!, token: route.token } : { host: this.host, path: this.path, token: this.token },
      (route?.source ?? this.source).state,
      this.options.time.now(),
    );
    // A body is refused unread; draining it keeps the connection's framing intact (the request timeout bounds it).
    if (hasBody) request.resume();
    this.roster?.answered(request.socket, answer.tokenShown);
    // A client without the token gets its answer and the connection ends: it holds no place.
    const headers = { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body), ...(answer.tokenShown ? {} : { Connection: 'close' }) };
    response.writeHead(answer.status, headers);
    response.end(answer.body);
    const ms = (performance.now() - started).toFixed(1);
    const line = `credential endpoint: ${request.method ?? '?'} → ${answer.status} (${answer.outcome}) in ${ms} ms`;
    if (answer.status === 200) this.options.logger.info(line);
    else this.options.logger.warn(line);
  }

  /** One line when a burst of closing at the cap begins, never one per connection: an attack must not flood the log. */
  private noteClosedAtCap(): void {
    const now = performance.now();
    if (now - this.lastClosedAtCap > CAP_BURST_QUIET_MS) {
      this.options.logger.warn(
        `credential endpoint: ${MAX_CONNECTIONS} connections open, its limit; closing the oldest that have not shown the token to let new ones in` +
          ' (something on this machine may be holding connections open; said once while it goes on)',
      );
    }
    this.lastClosedAtCap = now;
  }
}

/**
 * Listens on `port` of the loopback address: `false` when that port is taken (`EADDRINUSE`, or
 * `EACCES` for a port Windows reserves), so the next can be tried; any other error is thrown. The
 * same server may listen again after an error, and each attempt removes its own listeners, or
 * fifty attempts would leave fifty behind.
 */
function listenOn(server: http.Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const listening = () => {
      server.off('error', failed);
      resolve(true);
    };
    const failed = (error: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      if (port !== 0 && (error.code === 'EADDRINUSE' || error.code === 'EACCES')) resolve(false);
      else reject(error);
    };
    server.once('listening', listening);
    server.once('error', failed);
    server.listen(port, LOOPBACK);
  });
}

/** 256 random bits: the value of `AWS_CONTAINER_AUTHORIZATION_TOKEN`. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A random path: the endpoint's URL says nothing a neighbour could guess. */
function newPath(): string {
  return `/aws-role-sessions/${randomBytes(16).toString('hex')}`;
}
