/**
 * The HTTP side: listens on 127.0.0.1, reads requests, applies injected
 * faults, records calls and writes STS-shaped answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CallLog, maskAccessKeyId, redactParams } from './calls';
import { Directory } from './directory';
import { malformedRequest, StsError } from './errors';
import { FaultController } from './faults';
import { FEDERATION_PATH, handleFederation, SigninTokens } from './federation';
import { newRequestId } from './ids';
import { loadFixture, parseFixture, type Fixture } from './fixture';
import { MfaVerifier } from './mfa';
import { buildRequest, type ReceivedRequest } from './request';
import { errorAnswer, handleStsRequest, type StsAnswer } from './service';
import { parseAuthorization } from './sigv4';
import { IdentityCenterOidc, oidcOperation, oidcRequestId, type IdentityCenterOidcOptions, type OidcAnswer } from './identityCenterOidc';
import { IdentityCenterPortal, portalOperation, type IdentityCenterUser } from './identityCenterPortal';
import { isSignInPage, serveSignInPage, SIGN_IN_PATHS } from './identityCenterSignIn';

/** The only address the service binds: it hands out credentials, so it is never exposed. */
export const LOOPBACK = '127.0.0.1';
/** Bodies above this are refused; real STS requests are a few KiB at most. */
const MAX_BODY_BYTES = 256 * 1024;

/** Options of {@link startLocalSts}. */
export interface LocalStsOptions {
  /** The fixture itself, or the path of its JSON file. */
  fixture: Fixture | string;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Server clock in epoch ms; injectable so tests can expire sessions without waiting. */
  now?: () => number;
  /**
   * Test-only: issued credentials really expire after at most this many
   * seconds, and their reported Expiration says so; the response is otherwise
   * ordinary. Lets renewal be tested without waiting an hour.
   */
  lifetimeSeconds?: number;
  /**
   * `lifetimeSeconds` caps role sessions (AssumeRole) only; MFA sessions (GetSessionToken) keep
   * their length, so a role behind MFA renews again and again without a new code (try-it-now's
   * `--short-lifetime`).
   */
  lifetimeRolesOnly?: boolean;
  /**
   * Allowed difference between a request's X-Amz-Date and the server clock.
   * Default 300 (the project's requirement); real STS was seen allowing 900.
   */
  maxClockSkewSeconds?: number;
  /** Receives one line per request (access key ids shortened) and internal errors. */
  log?: (line: string) => void;
  /**
   * Also serve IAM Identity Center's OIDC service (issue 23) for these start URLs, on the same
   * address: the SDK's `sso-oidc` client and the AWS CLI take it as their OIDC endpoint. The
   * fixture's `identityCenter` block does the same; this option, when given, wins over it.
   */
  identityCenter?: Omit<IdentityCenterOidcOptions, 'now'> & {
    /** Who signs in to the portal, and the accounts and permission sets each may use. */
    readonly users?: readonly IdentityCenterUser[];
  };
}

/** Temporary credentials the server handed out, and by which action. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly issuedBy: 'GetSessionToken' | 'AssumeRole';
  /** The session policies it was issued with, as recorded (never evaluated). */
  readonly sessionPolicyArns?: readonly string[];
}

/** A running local STS. */
export interface LocalSts {
  /** Endpoint URL, e.g. `http://127.0.0.1:49152`, to give clients as their STS endpoint. */
  readonly url: string;
  readonly port: number;
  /** Runtime fault switch. */
  readonly faults: FaultController;
  /** Every request answered so far. */
  readonly calls: CallLog;
  /**
   * Test-only: every temporary credential issued so far (GetSessionToken and AssumeRole), so a
   * test can search for each secret it created. Read-only copies; never logged.
   */
  issuedCredentials(): readonly IssuedCredentials[];
  /** Test-only: every console sign-in token issued so far, for the same search. Never logged. */
  issuedSigninTokens(): readonly string[];
  /**
   * IAM's "Revoke active sessions" for a role, or the same deny on `aws:TokenIssueTime` attached
   * to a user: every temporary credential of `principalArn` issued before now is denied from now
   * on (GetCallerIdentity excepted, as in AWS). New sessions work.
   */
  revokeSessions(principalArn: string): void;
  /**
   * The Identity Center's OIDC service when `identityCenter` was given (as an option or in the
   * fixture): what the stand-in sign-in page does, its users' names (in order), and its secrets
   * for scans.
   */
  readonly identityCenter: (Pick<IdentityCenterOidc, 'approveDevice' | 'denyDevice' | 'authorize' | 'issuedSecrets'> & { readonly userNames: readonly string[] }) | undefined;
  /** Changes the test-only lifetime cap for credentials issued from now on. */
  setLifetimeSeconds(seconds: number | undefined): void;
  /** Stops listening and closes every connection. */
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function accessKeyIdOf(request: ReceivedRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  try {
    return parseAuthorization(header).accessKeyId;
  } catch {
    return undefined;
  }
}

/** Turns the raw request into a {@link ReceivedRequest}, or the error to answer instead. */
function parseIncoming(req: IncomingMessage, body: Buffer | undefined): { request: ReceivedRequest } | { problem: StsError } {
  const method = req.method ?? '';
  if (body === undefined) return { problem: new StsError(413, 'RequestEntityTooLarge', 'Request body is too large') };
  if (method !== 'POST' && method !== 'GET') return { problem: malformedRequest(`Unsupported HTTP method ${method}`) };
  const request = buildRequest(method, req.url ?? '/', flatHeaders(req), body);
  return request ? { request } : { problem: malformedRequest('The request URL is not valid percent-encoding') };
}

/** One log line; the action is shown only if it looks like one, the key only by its last four characters. */
function describeCall(action: string, accessKeyId: string | undefined, status: number, extra: { errorCode?: string; fault?: string }): string {
  const shownAction = /^\w{1,64}$/.test(action) ? action : action === '' ? '-' : '?';
  const error = extra.errorCode ? ` ${extra.errorCode}` : '';
  const fault = extra.fault ? ` (fault ${extra.fault})` : '';
  return `${shownAction} key=${maskAccessKeyId(accessKeyId)} -> ${status}${error}${fault}`;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts a local STS and resolves once it accepts connections. */
export async function startLocalSts(options: LocalStsOptions): Promise<LocalSts> {
  const fixture = typeof options.fixture === 'string' ? loadFixture(options.fixture) : parseFixture(options.fixture);
  const now = options.now ?? Date.now;
  const log = options.log;
  let lifetimeSeconds = options.lifetimeSeconds;
  const settings = {
    directory: new Directory(fixture),
    mfa: new MfaVerifier(now),
    now,
    lifetimeSeconds: () => lifetimeSeconds,
    lifetimeRolesOnly: options.lifetimeRolesOnly ?? false,
    maxClockSkewSeconds: options.maxClockSkewSeconds ?? 300,
    log,
  };
  const calls = new CallLog();
  const federation = { directory: settings.directory, tokens: new SigninTokens(), now };
  // An explicit option wins over the fixture's block, whole (the two are not merged).
  const identityCenter = options.identityCenter ?? fixture.identityCenter;
  const identityCenterUserNames = (identityCenter?.users ?? []).map((user) => user.userName);
  const oidc = identityCenter ? new IdentityCenterOidc({ ...identityCenter, now }) : undefined;
  const portal = oidc ? new IdentityCenterPortal(oidc, settings.directory, identityCenter?.users ?? [], now) : undefined;
  const sockets = new Set<Socket>();

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    void serve(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const send = (res: ServerResponse, answer: StsAnswer): void => {
    res.writeHead(answer.status, {
      'Content-Type': 'text/xml',
      'Content-Length': Buffer.byteLength(answer.body),
      'x-amzn-RequestId': answer.requestId,
      // The server clock, not the host's: SDKs correct clock skew from this header.
      Date: new Date(now()).toUTCString(),
    });
    res.end(answer.body);
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer | undefined;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === FEDERATION_PATH) {
      serveFederation(req, res);
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    const oidcOp = oidc && req.method === 'POST' ? oidcOperation(path) : undefined;
    if (oidc && oidcOp) {
      serveOidc(oidc, oidcOp, body, res);
      return;
    }
    if (oidc && isSignInPage(req.method ?? '', path)) {
      const query = new URLSearchParams((req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '');
      const form = new URLSearchParams(req.method === 'POST' ? (body?.toString('utf8') ?? '') : '');
      const answer = serveSignInPage(oidc, identityCenterUserNames, { method: req.method ?? '', path, query, form });
      calls.record({ at: now(), action: `sso-signin:${req.method} ${path}`, method: req.method ?? '', params: {}, status: answer.status });
      res.writeHead(answer.status, {
        ...(answer.location ? { Location: answer.location } : { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(answer.html ?? '') }),
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(answer.html ?? '');
      return;
    }
    const portalOp = portal ? portalOperation(req.method ?? '', path) : undefined;
    if (portal && portalOp) {
      const query = new URLSearchParams((req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '');
      const bearer = req.headers['x-amz-sso_bearer_token'];
      // A throttle fault for `sso:OPERATION` (or for every action) answers as the portal throttles: 429 TooManyRequestsException.
      const fault = faults.take(`sso:${portalOp}`);
      if (fault?.kind === 'respond-error' && fault.error.code === 'Throttling') {
        answerJson(res, `sso:${portalOp}`, { status: 429, errorType: 'TooManyRequestsException', body: { message: 'Rate exceeded' } }, req.method);
        return;
      }
      answerJson(res, `sso:${portalOp}`, portal.handle(portalOp, query, typeof bearer === 'string' ? bearer : undefined), req.method);
      return;
    }
    const parsed = parseIncoming(req, body);
    const request = 'request' in parsed ? parsed.request : undefined;
    const action = request?.params.get('Action') ?? '';
    const record = (status: number, extra: { errorCode?: string; callerArn?: string; fault?: string }): void => {
      const accessKeyId = request ? accessKeyIdOf(request) : undefined;
      calls.record({
        at: now(),
        action,
        accessKeyId,
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        params: request ? redactParams(request.params) : {},
        status,
        ...extra,
      });
      log?.(describeCall(action, accessKeyId, status, extra));
    };
    if (!request) {
      const answer = errorAnswer('problem' in parsed ? parsed.problem : malformedRequest('Malformed request'));
      record(answer.status, { errorCode: answer.errorCode });
      send(res, answer);
      return;
    }

    const fault = faults.take(action);
    if (fault?.kind === 'reset') {
      record(0, { fault: 'reset' });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformed-xml') {
      record(200, { fault: 'malformed-xml' });
      // A success document cut off inside the credentials, as a broken proxy leaves it.
      send(res, { status: 200, requestId: newRequestId(), body: `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <${action}Result>\n    <Credentials>\n      <AccessKeyId>ASIA` });
      return;
    }
    if (fault?.kind === 'delay') {
      // A client that gave up (a timeout) or a server that stopped ends the wait: a minute-long
      // delay must not keep a finished test's process alive.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.ms);
        timer.unref();
        req.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (fault?.kind === 'respond-error') {
      const answer = errorAnswer(fault.error);
      record(answer.status, { errorCode: answer.errorCode, fault: fault.error.code });
      send(res, answer);
      return;
    }
    const answer = await handleStsRequest(request, settings);
    record(answer.status, { errorCode: answer.errorCode, callerArn: answer.callerArn, fault: fault ? 'delay' : undefined });
    if (!res.destroyed) send(res, answer);
  }

  /** The console federation endpoint. Its URLs hold credentials and sign-in tokens: only the action, key (shortened) and status are recorded. */
  function serveFederation(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const answer = handleFederation(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '', federation);
    const action = `federation:${answer.action ?? '?'}`;
    calls.record({ at: now(), action, accessKeyId: answer.accessKeyId, callerArn: answer.callerArn, method: 'GET', params: {}, status: answer.status });
    log?.(`${action} key=${maskAccessKeyId(answer.accessKeyId)} -> ${answer.status}`);
    res.writeHead(answer.status, {
      'Content-Type': answer.contentType,
      'Content-Length': Buffer.byteLength(answer.body),
      // The URL that led here holds a sign-in token: keep it out of caches and Referer headers.
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      Date: new Date(now()).toUTCString(),
    });
    res.end(answer.body);
  }

  /** Identity Center's OIDC service: its bodies hold client secrets, codes and tokens. */
  function serveOidc(service: IdentityCenterOidc, operation: string, body: Buffer | undefined, res: ServerResponse): void {
    let input: unknown;
    try {
      input = JSON.parse(body?.toString('utf8') || '{}');
    } catch {
      input = undefined;
    }
    const answer: OidcAnswer = input === undefined ? { status: 400, errorType: 'InvalidRequestException', body: { error: 'invalid_request', error_description: 'The body is not JSON' } } : service.handle(operation, input);
    answerJson(res, `sso-oidc:${operation}`, answer);
  }

  /** A JSON answer of Identity Center (OIDC or portal): only the operation and status are recorded, never a body. */
  function answerJson(res: ServerResponse, action: string, answer: OidcAnswer, method = 'POST'): void {
    calls.record({ at: now(), action, method, contentType: 'application/json', params: {}, status: answer.status, ...(answer.errorType ? { errorCode: answer.errorType } : {}) });
    log?.(`${action} -> ${answer.status}${answer.errorType ? ` ${answer.errorType}` : ''}`);
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': oidcRequestId(),
      ...(answer.errorType ? { 'x-amzn-ErrorType': answer.errorType } : {}),
      'Cache-Control': 'no-store',
      Date: new Date(now()).toUTCString(),
    });
    res.end(text);
  }

  const closeAll = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };

  await listen(server, options.port ?? 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('local STS: no TCP address');
  const port = address.port;
  // The device flow's verification page is this service's own stand-in.
  if (oidc) oidc.verificationPage = `http://${LOOPBACK}:${port}${SIGN_IN_PATHS.device}`;

  const faults = new FaultController({
    stopListening: closeAll,
    startListening: () => listen(server, port),
  });

  let stopped = false;
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    faults,
    calls,
    issuedCredentials() {
      return settings.directory
        .issuedSessions()
        .map(({ accessKeyId, secretAccessKey, sessionToken, issuedBy, sessionPolicyArns }) => ({ accessKeyId, secretAccessKey, sessionToken, issuedBy, ...(sessionPolicyArns ? { sessionPolicyArns } : {}) }));
    },
    issuedSigninTokens() {
      return federation.tokens.all();
    },
    identityCenter: oidc && {
      approveDevice: (userCode, userName) => oidc.approveDevice(userCode, userName),
      denyDevice: (userCode) => oidc.denyDevice(userCode),
      authorize: (request) => oidc.authorize(request),
      issuedSecrets: () => oidc.issuedSecrets(),
      userNames: identityCenterUserNames,
    },
    revokeSessions(principalArn) {
      settings.directory.revokeSessions(principalArn, now());
      log?.(`revoked the sessions of ${principalArn} issued before ${new Date(now()).toISOString()}`);
    },
    setLifetimeSeconds(seconds) {
      lifetimeSeconds = seconds;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (server.listening) await closeAll();
      else for (const s of sockets) s.destroy();
    },
  };
}
