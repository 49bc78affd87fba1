/**
 * The credential endpoint's HTTP server (issue 9): 127.0.0.1 only, on a free port, at a random
 * path, behind a token of 256 random bits made once per window. What to answer is decided by
 * `answerCredentialRequest` from the session's state and the wall clock at that moment, so a
 * renewal reaches every process that asks and nothing ended is ever served.
 *
 * The address (port, path, token) stays the same from `start()` to `stop()`; a later `start()`
 * may get another port, with the same path and token. Requests have no body, small headers and
 * a few seconds to arrive. Each is logged by method, status, what it got and how long it took;
 * never its path, token or anything served.
 */

import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answerCredentialRequest } from '../core/injection/credentialRequests';
import type { CredentialEndpoint, EndpointAddress, ServedSessionSource } from '../core/injection/ports';
import type { SessionLogger, TimeSource } from '../core/session/ports';

const LOOPBACK = '127.0.0.1';
/** Enough for the SDKs' requests (a few hundred bytes); far less than Node's 16 KiB default. */
const MAX_HEADER_BYTES = 4096;
/** A local client sends its request at once; a slow one is cut off rather than held open. */
const REQUEST_TIMEOUT_MS = 5_000;

export interface CredentialEndpointServerOptions {
  /** The wall clock that decides whether the session has ended. */
  readonly time: Pick<TimeSource, 'now'>;
  readonly logger: SessionLogger;
}

export class CredentialEndpointServer implements CredentialEndpoint {
  private readonly token = randomBytes(32).toString('base64url');
  private readonly path = `/aws-role-sessions/${randomBytes(16).toString('hex')}`;
  private server: http.Server | undefined;
  private starting: Promise<EndpointAddress> | undefined;
  private current: EndpointAddress | undefined;
  private host = '';

  constructor(
    private readonly source: ServedSessionSource,
    private readonly options: CredentialEndpointServerOptions,
  ) {}

  get address(): EndpointAddress | undefined {
    return this.current;
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
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Oversized headers, a malformed request, a timeout: a bare status line, nothing logged of its content.
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      this.options.logger.warn(`credential endpoint: refused a request (${status})`);
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.host = `${LOOPBACK}:${port}`;
    this.current = { url: `http://${this.host}${this.path}`, token: this.token };
    this.options.logger.info(`credential endpoint listening on ${LOOPBACK}:${port}`);
    return this.current;
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const started = performance.now();
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const answer = answerCredentialRequest(
      { method: request.method, target: request.url, host: request.headers.host, authorization: request.headers.authorization, hasBody },
      { host: this.host, path: this.path, token: this.token },
      this.source.state,
      this.options.time.now(),
    );
    // A body is refused unread; draining it keeps the connection's framing intact (the request timeout bounds it).
    if (hasBody) request.resume();
    response.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
    response.end(answer.body);
    const ms = (performance.now() - started).toFixed(1);
    const line = `credential endpoint: ${request.method ?? '?'} → ${answer.status} (${answer.outcome}) in ${ms} ms`;
    if (answer.status === 200) this.options.logger.info(line);
    else this.options.logger.warn(line);
  }
}
