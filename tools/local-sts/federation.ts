/**
 * The console federation endpoint (`GET /federation`), as signin.aws.amazon.com serves it:
 * `Action=getSigninToken` exchanges temporary credentials this service issued for a sign-in
 * token, `Action=login` spends the token and answers a small page naming who is signed in (the
 * stand-in for the console). Tokens are single-use and last 15 minutes, as AWS documents.
 *
 * The request URLs carry credentials and tokens: nothing here logs them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { callerArn, type Directory, type Session } from './directory';

/** The path the endpoint answers on. */
export const FEDERATION_PATH = '/federation';
/** How long a sign-in token may wait before `Action=login` (AWS: 15 minutes). */
export const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/** The console session `SessionDuration` may ask for, in seconds. */
const MIN_SESSION_DURATION = 900;
const MAX_SESSION_DURATION = 43_200;

/** One answer of the endpoint. */
export interface FederationAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** `getSigninToken` or `login` when the Action was one of them. */
  readonly action?: string;
  /** Who signed in or asked for a token, for the call log; never a secret. */
  readonly callerArn?: string;
  /** Access key id of the credentials offered (the call log shortens it). */
  readonly accessKeyId?: string;
}

interface IssuedToken {
  readonly session: Session;
  readonly issuedAt: number;
  /** Seconds, when SessionDuration was given. */
  readonly sessionDuration?: number;
  used: boolean;
}

/** Sign-in tokens handed out by one server. */
export class SigninTokens {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(entry: Omit<IssuedToken, 'used'>): string {
    // Standard base64: `+`, `/` and `=` keep clients honest about encoding the token in a URL.
    const token = randomBytes(96).toString('base64');
    this.tokens.set(token, { ...entry, used: false });
    return token;
  }

  find(token: string): IssuedToken | undefined {
    return this.tokens.get(token);
  }

  /** Every token handed out so far (test-only: a secret scan searches for each). */
  all(): readonly string[] {
    return [...this.tokens.keys()];
  }
}

/** What the endpoint needs from its server. */
export interface FederationContext {
  readonly directory: Directory;
  readonly tokens: SigninTokens;
  readonly now: () => number;
}

const text = (status: number, body: string, extra: Partial<FederationAnswer> = {}): FederationAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body, ...extra });

/** Answers one GET on {@link FEDERATION_PATH}; `query` is the raw query string (without `?`). */
export function handleFederation(query: string, ctx: FederationContext): FederationAnswer {
  const params = new URLSearchParams(query);
  const action = params.get('Action');
  if (action === 'getSigninToken') return getSigninToken(params, ctx);
  if (action === 'login') return login(params, ctx);
  return text(400, 'Bad Request: unknown or missing Action');
}

function getSigninToken(params: URLSearchParams, ctx: FederationContext): FederationAnswer {
  const base = { action: 'getSigninToken' };
  const offered = parseSession(params.get('Session'));
  if (!offered) return text(400, 'Bad Request: Session must be the JSON {"sessionId","sessionKey","sessionToken"}', base);
  const withKey = { ...base, accessKeyId: offered.sessionId };
  const session = issuedSession(ctx.directory, offered);
  if (!session) return text(403, 'Forbidden: the credentials are not valid', withKey);
  if (session.expiresAt <= ctx.now()) return text(403, 'Forbidden: the credentials have expired', withKey);
  const who = { ...withKey, callerArn: callerArn({ kind: 'session', session }) };
  if (session.issuedBy !== 'AssumeRole') return text(400, 'Bad Request: console sign-in needs credentials from AssumeRole or GetFederationToken', who);
  const rawDuration = params.get('SessionDuration');
  let sessionDuration: number | undefined;
  if (rawDuration !== null) {
    if (session.roleChained) return text(400, 'Bad Request: SessionDuration is not allowed for credentials obtained by role chaining', who);
    sessionDuration = /^\d{1,6}$/.test(rawDuration) ? Number(rawDuration) : NaN;
    if (!(sessionDuration >= MIN_SESSION_DURATION && sessionDuration <= MAX_SESSION_DURATION)) {
      return text(400, `Bad Request: SessionDuration must be between ${MIN_SESSION_DURATION} and ${MAX_SESSION_DURATION}`, who);
    }
  }
  const token = ctx.tokens.issue({ session, issuedAt: ctx.now(), ...(sessionDuration === undefined ? {} : { sessionDuration }) });
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ SigninToken: token }), ...who };
}

function login(params: URLSearchParams, ctx: FederationContext): FederationAnswer {
  const base = { action: 'login' };
  const destination = params.get('Destination');
  const token = params.get('SigninToken');
  if (!destination || !isHttpsUrl(destination) || !token) {
    return page(400, 'Bad Request', '<p id="error">Action=login needs Destination (an https URL) and SigninToken.</p>', base);
  }
  const entry = ctx.tokens.find(token);
  if (!entry || entry.used || ctx.now() - entry.issuedAt > SIGNIN_TOKEN_LIFETIME_MS) {
    const why = !entry ? 'not valid' : entry.used ? 'already used' : 'expired';
    return page(400, 'Sign-in failed', `<p id="error">The sign-in token is ${why}. Request a new one.</p>`, base);
  }
  entry.used = true;
  const arn = callerArn({ kind: 'session', session: entry.session });
  const issuer = params.get('Issuer');
  const body = [
    `<p id="signed-in-as">Signed in as ${escapeHtml(arn)}</p>`,
    `<p id="destination">Destination: <a href="${escapeHtml(destination)}">${escapeHtml(destination)}</a></p>`,
    `<p id="session-duration">Console session: ${entry.sessionDuration === undefined ? 'default length' : `${entry.sessionDuration} s`}</p>`,
    issuer ? `<p id="issuer">Issuer: ${escapeHtml(issuer)}</p>` : '',
  ].join('\n');
  return page(200, 'Local STS console', body, { ...base, callerArn: arn, accessKeyId: entry.session.accessKeyId });
}

function page(status: number, title: string, body: string, extra: Partial<FederationAnswer>): FederationAnswer {
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`;
  return { status, contentType: 'text/html; charset=utf-8', body: html, ...extra };
}

interface OfferedSession {
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionToken: string;
}

function parseSession(raw: string | null): OfferedSession | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof OfferedSession, unknown>>;
    const { sessionId, sessionKey, sessionToken } = value ?? {};
    if (typeof sessionId === 'string' && typeof sessionKey === 'string' && typeof sessionToken === 'string') return { sessionId, sessionKey, sessionToken };
  } catch {
    // Not JSON: refused below.
  }
  return undefined;
}

/** The issued session these credentials are, all three parts matching; `undefined` for anything forged or long-term. */
function issuedSession(directory: Directory, offered: OfferedSession): Session | undefined {
  const found = directory.lookupKey(offered.sessionId);
  if (found?.kind !== 'session') return undefined;
  const { session } = found;
  return sameSecret(offered.sessionKey, session.secretAccessKey) && sameSecret(offered.sessionToken, session.sessionToken) ? session : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
