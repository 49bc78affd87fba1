/**
 * Fakes for the IAM Identity Center ports, shaped like the real adapters in
 * `src/platform/identityCenterClients.ts`: the OIDC service (`sso-oidc`) and the access portal
 * (`sso`) reject with errors as `@aws-sdk/client-sso-oidc` and `@aws-sdk/client-sso` throw them
 * (`name`, the OAuth `error` code, `$fault`, `$metadata.httpStatusCode`); the loopback redirect,
 * the person's notification and the AWS CLI's token cache are kept in memory. Every call is
 * recorded with the fake clock's time, so a test can check when the device flow polled.
 */

import type { IdentityCenterSession } from '../../../src/core/identityCenter/identityCenterSessions';
import type {
  ClientRegistration,
  IdentityCenterOidcPort,
  IdentityCenterPortalPort,
  IdentityCenterTarget,
  LoopbackRedirect,
  LoopbackRedirectPort,
  Page,
  PortalAccount,
  SignInPresenter,
  SignInStep,
  TokenAnswer,
  TokenCacheFiles,
  TokenGrant,
} from '../../../src/core/identityCenter/ports';
import type { AwsCredentials, Clock } from '../../../src/core/vocabulary/ports';
import { Gate } from './gate';

/** An error as the AWS SDK v3 throws a modelled service exception. */
export type SdkServiceError = Error & {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId: string };
  readonly error?: string;
  readonly error_description?: string;
};

let requestIds = 0;

/** A service exception shaped as the SDK builds it from the service's answer. */
export function sdkServiceError(name: string, httpStatusCode: number, message: string, error?: string): SdkServiceError {
  requestIds += 1;
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? ('server' as const) : ('client' as const),
    $metadata: { httpStatusCode, requestId: `00000000-0000-4000-8000-${String(requestIds).padStart(12, '0')}` },
    ...(error ? { error, error_description: message } : {}),
  });
}

/** What IAM Identity Center's OIDC service answers, as `@aws-sdk/client-sso-oidc` throws it (HTTP 400 with the OAuth `error`). */
export const oidcErrors = {
  authorizationPending: () => sdkServiceError('AuthorizationPendingException', 400, 'Authorization is still pending', 'authorization_pending'),
  slowDown: () => sdkServiceError('SlowDownException', 400, 'Client is polling too quickly', 'slow_down'),
  expiredToken: () => sdkServiceError('ExpiredTokenException', 400, 'Device code has expired', 'expired_token'),
  accessDenied: () => sdkServiceError('AccessDeniedException', 400, 'Access denied by user', 'access_denied'),
  invalidGrant: () => sdkServiceError('InvalidGrantException', 400, 'Invalid refresh token provided', 'invalid_grant'),
  invalidClient: () => sdkServiceError('InvalidClientException', 401, 'Client authentication failed', 'invalid_client'),
};

/** What the access portal answers, as `@aws-sdk/client-sso` throws it. */
export const portalErrors = {
  unauthorized: () => sdkServiceError('UnauthorizedException', 401, 'Session token not found or invalid'),
  tooManyRequests: () => sdkServiceError('TooManyRequestsException', 429, 'Too many requests'),
  /** Not modelled by the SDK: it names the error after the service's own code, HTTP 403. */
  forbidden: () => sdkServiceError('ForbiddenException', 403, 'No access'),
};

/** A network failure as Node's HTTP handler surfaces it through the SDK (`code` on the error). */
export function networkError(code = 'ECONNREFUSED'): Error & { readonly code: string } {
  return Object.assign(new Error(`connect ${code} 203.0.113.10:443`), { code });
}

export type TokenRequest = { readonly clientId: string; readonly clientSecret: string } & TokenGrant;

/** What one CreateToken may answer: an error, or tokens (the fake's own when `'issue'`). */
export type TokenOutcome = Error | 'issue';

/**
 * IAM Identity Center's OIDC service. Clients, device codes and codes are remembered; a device
 * poll answers the scripted outcomes in turn, then `AuthorizationPendingException` until
 * `approveDevice()` (or issues at once when `autoApprove`).
 */
export class FakeIdentityCenterOidc implements IdentityCenterOidcPort {
  readonly registrations: { readonly target: IdentityCenterTarget; readonly request: Parameters<IdentityCenterOidcPort['registerClient']>[1] }[] = [];
  readonly deviceAuthorizations: { readonly target: IdentityCenterTarget; readonly request: Parameters<IdentityCenterOidcPort['startDeviceAuthorization']>[1] }[] = [];
  /** Every CreateToken, with the clock's time it arrived at. */
  readonly tokenCalls: { readonly at: number; readonly target: IdentityCenterTarget; readonly request: TokenRequest }[] = [];
  /** Outcomes of the next device polls, in order. */
  readonly devicePolls: TokenOutcome[] = [];
  /** Outcomes of the next refresh_token grants, in order; then tokens are issued. */
  readonly refreshes: TokenOutcome[] = [];
  /** Outcomes of the next authorization_code grants, in order; then tokens are issued. */
  readonly codeExchanges: TokenOutcome[] = [];
  /** When the scripted polls are used up, issue tokens (true) or keep answering "pending" (false). */
  autoApprove = false;
  /** How the device authorization answers. */
  device = { expiresInSeconds: 600, intervalSeconds: 5, verificationUri: 'https://device.sso.us-east-1.amazonaws.com/', withCompleteUri: true };
  accessTokenSeconds = 3600;
  /** Whether CreateToken answers with a refresh token (an sso-session with scopes does). */
  issueRefreshTokens = true;
  /** A registration's lifetime: about 90 days. */
  registrationSeconds = 90 * 24 * 3600;
  /** Access tokens issued and not revoked: what the portal accepts. */
  readonly liveTokens = new Set<string>();
  private clients = 0;
  private issued = 0;
  private readonly heldRefreshes: Gate[] = [];

  constructor(private readonly clock: Clock) {}

  /** The next refresh_token grant takes its outcome when it arrives, then waits at the returned gate (a slow answer) before it gives it. */
  holdNextRefresh(): Gate {
    const gate = new Gate();
    this.heldRefreshes.push(gate);
    return gate;
  }

  async registerClient(target: IdentityCenterTarget, request: Parameters<IdentityCenterOidcPort['registerClient']>[1]): Promise<ClientRegistration> {
    this.registrations.push({ target, request });
    this.clients += 1;
    return { clientId: `client-${this.clients}`, clientSecret: `client-secret-${this.clients}`, expiresAt: this.clock.now() + this.registrationSeconds * 1000 };
  }

  async startDeviceAuthorization(target: IdentityCenterTarget, request: Parameters<IdentityCenterOidcPort['startDeviceAuthorization']>[1]) {
    this.deviceAuthorizations.push({ target, request });
    const n = this.deviceAuthorizations.length;
    return {
      deviceCode: `device-code-${n}`,
      userCode: `ABCD-EFG${n}`,
      verificationUri: this.device.verificationUri,
      ...(this.device.withCompleteUri ? { verificationUriComplete: `${this.device.verificationUri}?user_code=ABCD-EFG${n}` } : {}),
      expiresInSeconds: this.device.expiresInSeconds,
      intervalSeconds: this.device.intervalSeconds,
    };
  }

  async createToken(target: IdentityCenterTarget, request: TokenRequest): Promise<TokenAnswer> {
    this.tokenCalls.push({ at: this.clock.now(), target, request });
    const held = request.grantType === 'refresh_token' ? this.heldRefreshes.shift() : undefined;
    const outcome =
      request.grantType === 'refresh_token'
        ? (this.refreshes.shift() ?? 'issue')
        : request.grantType === 'authorization_code'
          ? (this.codeExchanges.shift() ?? 'issue')
          : (this.devicePolls.shift() ?? (this.autoApprove ? 'issue' : oidcErrors.authorizationPending()));
    await held?.pass();
    if (outcome instanceof Error) throw outcome;
    return this.issue();
  }

  /** The device polls from now on issue tokens. */
  approveDevice(): void {
    this.autoApprove = true;
  }

  /** The portal no longer accepts `accessToken` (revoked, or Identity Center's session ended). */
  revoke(accessToken: string): void {
    this.liveTokens.delete(accessToken);
  }

  /** CreateToken calls of one grant type. */
  callsOf(grantType: TokenGrant['grantType']): TokenRequest[] {
    return this.tokenCalls.filter((call) => call.request.grantType === grantType).map((call) => call.request);
  }

  private issue(): TokenAnswer {
    this.issued += 1;
    const accessToken = `access-token-${this.issued}`;
    this.liveTokens.add(accessToken);
    return { accessToken, expiresInSeconds: this.accessTokenSeconds, ...(this.issueRefreshTokens ? { refreshToken: `refresh-token-${this.issued}` } : {}) };
  }
}

export type PortalAction = 'getRoleCredentials' | 'listAccounts' | 'listAccountRoles' | 'logout';

/**
 * The AWS access portal: accepts the tokens the fake OIDC service issued and has not revoked
 * (`UnauthorizedException` otherwise), answers listings `pageSize` at a time with a `nextToken`,
 * and fails the next call of an action when scripted to.
 */
export class FakeIdentityCenterPortal implements IdentityCenterPortalPort {
  readonly calls: { readonly action: PortalAction; readonly target: IdentityCenterTarget; readonly request: Record<string, unknown> }[] = [];
  accounts: PortalAccount[] = [];
  readonly roles = new Map<string, string[]>();
  pageSize = 2;
  private readonly failures: { action: PortalAction; error: unknown; skip: number }[] = [];
  private issued = 0;

  constructor(private readonly oidc: FakeIdentityCenterOidc, private readonly clock: Clock) {}

  /** The next call of `action` rejects with `error`. */
  failNext(action: PortalAction, error: unknown): this {
    return this.failAfter(action, 0, error);
  }

  /** The call of `action` after the next `calls` ones rejects with `error` (a page in the middle of a listing). */
  failAfter(action: PortalAction, calls: number, error: unknown): this {
    this.failures.push({ action, error, skip: calls });
    return this;
  }

  callsOf(action: PortalAction): Record<string, unknown>[] {
    return this.calls.filter((call) => call.action === action).map((call) => call.request);
  }

  async getRoleCredentials(target: IdentityCenterTarget, request: { readonly accessToken: string; readonly accountId: string; readonly roleName: string }): Promise<AwsCredentials & { readonly expiration: Date }> {
    this.enter('getRoleCredentials', target, request);
    if (!(this.roles.get(request.accountId) ?? []).includes(request.roleName)) throw portalErrors.forbidden();
    this.issued += 1;
    return {
      accessKeyId: `ASIAPORTAL${String(this.issued).padStart(10, '0')}`,
      secretAccessKey: `portal-secret-${this.issued}`,
      sessionToken: `portal-session-${this.issued}`,
      expiration: new Date(this.clock.now() + 3600_000),
    };
  }

  async listAccounts(target: IdentityCenterTarget, request: { readonly accessToken: string; readonly nextToken?: string }): Promise<Page<PortalAccount>> {
    this.enter('listAccounts', target, request);
    return this.page(this.accounts, request.nextToken);
  }

  async listAccountRoles(target: IdentityCenterTarget, request: { readonly accessToken: string; readonly accountId: string; readonly nextToken?: string }): Promise<Page<string>> {
    this.enter('listAccountRoles', target, request);
    return this.page(this.roles.get(request.accountId) ?? [], request.nextToken);
  }

  async logout(target: IdentityCenterTarget, request: { readonly accessToken: string }): Promise<void> {
    this.enter('logout', target, request);
    this.oidc.revoke(request.accessToken);
  }

  private enter(action: PortalAction, target: IdentityCenterTarget, request: object & { readonly accessToken: string }): void {
    this.calls.push({ action, target, request: { ...request } });
    const failure = this.failures.find((entry) => entry.action === action);
    if (failure && failure.skip > 0) failure.skip -= 1;
    else if (failure) {
      this.failures.splice(this.failures.indexOf(failure), 1);
      throw failure.error;
    }
    if (!this.oidc.liveTokens.has(request.accessToken)) throw portalErrors.unauthorized();
  }

  private page<T>(items: readonly T[], nextToken: string | undefined): Page<T> {
    const start = nextToken === undefined ? 0 : Number(/^page-(\d+)$/.exec(nextToken)?.[1] ?? NaN);
    if (Number.isNaN(start)) throw sdkServiceError('InvalidRequestException', 400, 'Invalid nextToken');
    const end = start + this.pageSize;
    return { items: items.slice(start, end), ...(end < items.length ? { nextToken: `page-${end}` } : {}) };
  }
}

/** The one-use server the browser comes back to: the test plays the browser with `redirect`. */
export class FakeLoopback implements LoopbackRedirectPort {
  readonly redirectUri = 'http://127.0.0.1:49152/oauth/callback';
  listened = 0;
  closed = 0;
  private answer?: (query: URLSearchParams) => void;

  async listen(): Promise<LoopbackRedirect> {
    this.listened += 1;
    const answer = new Promise<URLSearchParams>((resolve) => (this.answer = resolve));
    return { redirectUri: this.redirectUri, answer, close: () => (this.closed += 1) };
  }

  /** The browser comes back with this query (`code` and `state`, or `error`). */
  redirect(query: Record<string, string>): void {
    if (!this.answer) throw new Error('nothing listens for the redirect');
    this.answer(new URLSearchParams(query));
  }
}

/** The person: sees each step in a notification, and may press Cancel. */
export class FakeSignInPresenter implements SignInPresenter {
  readonly shown: { readonly step: SignInStep; readonly about: { readonly startUrl: string; readonly sessionName?: string } }[] = [];
  disposed = 0;
  private cancels: (() => void)[] = [];

  show(step: SignInStep, about: { readonly startUrl: string; readonly sessionName?: string }) {
    this.shown.push({ step, about });
    let cancel!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancel = resolve));
    this.cancels.push(cancel);
    return { cancelled, dispose: () => (this.disposed += 1) };
  }

  /** The step shown last. */
  get step(): SignInStep {
    const last = this.shown.at(-1);
    if (!last) throw new Error('no sign-in step was shown');
    return last.step;
  }

  /** Presses Cancel on the notification shown last. */
  cancel(): void {
    const cancel = this.cancels.at(-1);
    if (!cancel) throw new Error('no sign-in step was shown');
    cancel();
  }
}

/** The AWS CLI's `~/.aws/sso/cache`, in memory. */
export class MemoryTokenCacheFiles implements TokenCacheFiles {
  readonly files = new Map<string, string>();
  /** `write NAME` / `delete NAME`, in order. */
  readonly changes: string[] = [];

  async read(fileName: string): Promise<string | undefined> {
    return this.files.get(fileName);
  }

  async write(fileName: string, text: string): Promise<void> {
    this.changes.push(`write ${fileName}`);
    this.files.set(fileName, text);
  }

  async delete(fileName: string): Promise<void> {
    this.changes.push(`delete ${fileName}`);
    this.files.delete(fileName);
  }
}

/** Lets every promise that is ready run (real I/O turns, no timers: the fake clock owns time). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Moves the fake clock a second at a time, letting the promises run between, until `promise`
 * settles or `maxSeconds` have passed; returns how it settled.
 */
export async function runUntilSettled<T>(
  clock: { advanceMs(ms: number): void },
  promise: Promise<T>,
  maxSeconds = 3600,
): Promise<{ readonly value?: T; readonly error?: unknown; readonly settled: boolean }> {
  let outcome: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => (outcome = { value, settled: true }),
    (error: unknown) => (outcome = { error, settled: true }),
  );
  await settle();
  for (let second = 0; second < maxSeconds && !outcome.settled; second++) {
    clock.advanceMs(1000);
    await settle();
  }
  return outcome;
}

/** A promise watched as it runs: whether it has settled yet, and how it ended once it has. */
export interface Watched<T> {
  readonly settled: boolean;
  /** Resolves when the promise settles, with its value or its error (never rejects). */
  readonly ended: Promise<{ readonly value?: T; readonly error?: unknown }>;
}

export function watch<T>(promise: Promise<T>): Watched<T> {
  let settled = false;
  const ended = promise.then(
    (value) => {
      settled = true;
      return { value };
    },
    (error: unknown) => {
      settled = true;
      return { error };
    },
  );
  return {
    get settled() {
      return settled;
    },
    ended,
  };
}

/** The start URL of the sign-in most tests use. */
export const ACME_START_URL = 'https://acme-example.awsapps.com/start';

/** The sso-session `acme` as `identityCenterSessionOf` makes it, with `overrides` (a portal endpoint, say). */
export function acmeSession(overrides: Partial<IdentityCenterSession> = {}): IdentityCenterSession {
  return {
    key: 'session acme',
    sessionName: 'acme',
    startUrl: ACME_START_URL,
    region: 'us-east-1',
    scopes: ['sso:account:access'],
    oidc: { region: 'us-east-1' },
    portal: { region: 'us-east-1' },
    ...overrides,
  };
}
