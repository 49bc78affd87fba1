/**
 * Console sign-in through the AWS federation endpoint: the session's credentials are exchanged for
 * a sign-in token (`Action=getSigninToken`), which goes into a login URL (`Action=login`) that the
 * browser opens. Pure rules plus one orchestrating function; the HTTP call enters through
 * {@link FederationPort}.
 *
 * The sign-in token and both URLs carry secrets (the first URL the credentials themselves, the
 * login URL a token that signs anyone in for its lifetime): nothing here logs them, and every
 * {@link ConsoleSignInError} message is safe to show and log.
 */

import { holdsLongTermKeys } from '../config/profileKinds';
import type { Profile } from '../config/types';
import type { AwsCredentials } from '../vocabulary/ports';
import { credentialsKindOf, type RoleSession } from '../vocabulary/sessionTypes';

/** Overrides the federation endpoint (tests and the try-it-now mode point it at the local STS). */
export const FEDERATION_ENDPOINT_ENV = 'AWS_ROLE_SESSIONS_FEDERATION_ENDPOINT';

/** The console session lengths `SessionDuration` accepts, in seconds. */
export const MIN_CONSOLE_SESSION_SECONDS = 900;
export const MAX_CONSOLE_SESSION_SECONDS = 43_200;

/**
 * Who sends people to the console. AWS links to it from the page shown when the console session
 * ends; like other sign-in tools we name ourselves rather than invent a sign-in page.
 */
export const CONSOLE_ISSUER = 'aws-role-sessions';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

const PARTITION_HOSTS: Readonly<Record<Partition, { readonly federation: string; readonly console: string }>> = {
  aws: { federation: 'https://signin.aws.amazon.com/federation', console: 'https://console.aws.amazon.com' },
  'aws-cn': { federation: 'https://signin.amazonaws.cn/federation', console: 'https://console.amazonaws.cn' },
  'aws-us-gov': { federation: 'https://signin.amazonaws-us-gov.com/federation', console: 'https://console.amazonaws-us-gov.com' },
};

/** The partition a region belongs to: `cn-…` is China, `us-gov-…` GovCloud, anything else the standard one. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Why console sign-in failed. */
export type ConsoleSignInErrorKind =
  /** Long-term keys, or no session at all: there is nothing to exchange for a sign-in token. */
  | 'not-a-role-session'
  /** The session's credentials have ended. */
  | 'expired'
  /** The override in the environment is not an http(s) URL of AWS sign-in or this machine. */
  | 'bad-endpoint'
  /** The federation endpoint refused the request (400). */
  | 'refused'
  /** The federation endpoint refused the credentials (403). */
  | 'denied'
  | 'service-error'
  | 'unexpected-answer'
  | 'unreachable'
  | 'cancelled';

/** A failure with a message that is safe to show and log: it never holds a credential, a token or a URL with either. */
export class ConsoleSignInError extends Error {
  constructor(
    readonly kind: ConsoleSignInErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleSignInError';
  }
}

/** One HTTP GET's answer, as the port hands it back. */
export interface FederationAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one GET to the federation endpoint. The URL holds the session's credentials: an
 * implementation must not log it, nor put it in any error it raises. Rejects (with an error whose
 * `name`/`code` says why, never the URL) when no answer arrives; aborts when `signal` does.
 */
export interface FederationPort {
  get(url: string, signal?: AbortSignal): Promise<FederationAnswer>;
}

/**
 * The federation endpoint for the region's partition, or the override from the environment. The
 * override is honoured only for AWS's own sign-in hosts (https) and for this machine (the local
 * STS of the tests and the try-it-now mode): any extension in the shared extension host can set
 * it, and the first request carries the session's keys, the login URL a token that signs anyone
 * in. Anything else is refused before any request is made.
 */
export function federationEndpoint(region: string, env: Readonly<Record<string, string | undefined>>): string {
  const override = env[FEDERATION_ENDPOINT_ENV]?.trim();
  if (!override) return PARTITION_HOSTS[partitionOfRegion(region)].federation;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw badEndpoint('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badEndpoint('is not an http or https URL');
  // `https://signin.aws.amazon.com@evil.example/` is evil.example with a user name; no allowed host needs one.
  if (url.username !== '' || url.password !== '') throw badEndpoint('carries a user name or password');
  if (!isLoopbackHost(url.hostname)) {
    if (!isAwsSigninHost(url.hostname)) throw badEndpoint(`points at ${url.host}`);
    if (url.protocol !== 'https:') throw badEndpoint(`points at ${url.host} over http; AWS's sign-in hosts only over https`);
  }
  // Query and fragment would collide with the parameters added here.
  url.search = '';
  url.hash = '';
  // The parsed form, so the request goes to the very host checked (`127.1` is sent as 127.0.0.1).
  return url.toString();
}

/**
 * This machine: `localhost`, 127.0.0.0/8 and `[::1]`, as the SDKs allow plain http for the
 * container-credential endpoint. The WHATWG parser has already turned every IPv4 spelling
 * (`127.1`, `2130706433`, `0x7f.1`) into dotted form, and that form is what is contacted, so those
 * pass. An IPv4-mapped IPv6 address (`[::ffff:127.0.0.1]`) does not: it reaches loopback only on a
 * dual-stack socket, and no local server needs to be named that way. Neither does `localhost.` or
 * `*.localhost`: resolvers differ on them.
 */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return octets !== null && octets[1] === '127';
}

/**
 * AWS's sign-in hosts: each partition's global one (`signin.aws.amazon.com`,
 * `signin.amazonaws.cn`, `signin.amazonaws-us-gov.com`) and its regional ones,
 * `<region>.signin.…`, as the AWS SDK's Sign-In endpoint rules name them
 * (aws-sdk-js-v3 `clients/client-signin/src/endpoint/ruleset.ts`) and as console sign-in tools use
 * them for `/federation` (`us-gov-east-1.signin.amazonaws-us-gov.com`). Exact names only: no
 * trailing dot, no deeper subdomain, a region-shaped first label.
 */
function isAwsSigninHost(hostname: string): boolean {
  return AWS_SIGNIN_HOSTS.some(({ domain, region }) => hostname === domain || (hostname.endsWith(`.${domain}`) && region.test(hostname.slice(0, -domain.length - 1))));
}

const AWS_SIGNIN_HOSTS: readonly { readonly domain: string; readonly region: RegExp }[] = [
  { domain: 'signin.aws.amazon.com', region: /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/ },
  { domain: 'signin.amazonaws.cn', region: /^cn-[a-z]+-\d{1,2}$/ },
  { domain: 'signin.amazonaws-us-gov.com', region: /^us-gov-[a-z]+-\d{1,2}$/ },
];

function badEndpoint(why: string): ConsoleSignInError {
  return new ConsoleSignInError(
    'bad-endpoint',
    `${FEDERATION_ENDPOINT_ENV} ${why}. It may only name AWS's sign-in service over https (signin.aws.amazon.com, signin.amazonaws.cn, ` +
      'signin.amazonaws-us-gov.com, or a regional <region>.signin host of these) or this machine (localhost, 127.x.x.x, [::1]); ' +
      'nothing was sent. Unset it to use AWS sign-in.',
  );
}

/** Where the console opens: its home page in the session's region, on the partition's console host. */
export function consoleDestination(region: string): string {
  return `${PARTITION_HOSTS[partitionOfRegion(region)].console}/console/home?region=${encodeURIComponent(region)}`;
}

/**
 * Whether the session's credentials came from role chaining: a role assumed with temporary
 * credentials (another role's, an MFA session's, SSO's…), or any chain of more than one role hop.
 * When the session does not say (kept by an older version, or not a role at all) the answer is
 * `true`, the safe side: it only means no `SessionDuration` is sent.
 */
export function isRoleChained(session: RoleSession): boolean {
  const roleHops = session.chain?.filter((hop) => hop.roleArn !== undefined) ?? [];
  if (roleHops.length !== 1) return true;
  return roleHops[0].chained !== false;
}

/**
 * The console session length to ask for: the time the credentials have left, within what STS
 * accepts, so the console session ends about when the role session does. `undefined` when
 * `SessionDuration` may not be sent: STS refuses it (400) for credentials from role chaining, and
 * credentials without an end are not AssumeRole's.
 */
export function consoleSessionSeconds(credentials: AwsCredentials, roleChained: boolean, now: number): number | undefined {
  if (roleChained || !credentials.expiration) return undefined;
  const left = Math.floor((credentials.expiration.getTime() - now) / 1000);
  return Math.min(MAX_CONSOLE_SESSION_SECONDS, Math.max(MIN_CONSOLE_SESSION_SECONDS, left));
}

/** The first request: the credentials, as the JSON the endpoint expects, for a sign-in token. Holds secrets. */
export function signinTokenUrl(endpoint: string, credentials: AwsCredentials, sessionDurationSeconds?: number): string {
  if (!credentials.sessionToken) throw notARoleSession();
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  const duration = sessionDurationSeconds === undefined ? '' : `&SessionDuration=${sessionDurationSeconds}`;
  return `${endpoint}?Action=getSigninToken${duration}&Session=${encodeURIComponent(session)}`;
}

/** The URL the browser opens. Holds the sign-in token: a secret. */
export function loginUrl(endpoint: string, parts: { readonly issuer: string; readonly destination: string; readonly signinToken: string }): string {
  return (
    `${endpoint}?Action=login&Issuer=${encodeURIComponent(parts.issuer)}` +
    `&Destination=${encodeURIComponent(parts.destination)}&SigninToken=${encodeURIComponent(parts.signinToken)}`
  );
}

/** What {@link consoleLoginUrl} needs besides the session. */
export interface ConsoleSignInDeps {
  readonly federation: FederationPort;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Clock milliseconds. */
  readonly now: number;
  /**
   * Where the person's browser reaches the federation endpoint, when not where the extension
   * reaches it: a loopback endpoint (the local STS) seen from a remote extension host
   * (code-server, Remote-SSH) is reached through port forwarding. Absent: the same place.
   */
  readonly browserEndpoint?: (endpoint: string) => Promise<string>;
}

/**
 * Exchanges the session's credentials for a sign-in token and returns the login URL (a secret:
 * open it, never show or log it). Rejects with a {@link ConsoleSignInError}; a session of
 * long-term keys or an ended one is refused before any HTTP call.
 */
export async function consoleLoginUrl(session: RoleSession, deps: ConsoleSignInDeps, signal?: AbortSignal): Promise<string> {
  const { credentials } = session;
  if (!credentials.sessionToken) throw notARoleSession(session.profileName);
  // STS does not let a GetSessionToken session call GetFederationToken, and the federation endpoint refuses it.
  if (credentialsKindOf(session) === 'keys-session') {
    throw new ConsoleSignInError(
      'not-a-role-session',
      `Console sign-in needs a role session. The session of profile ${session.profileName} is a session of its long-term keys (GetSessionToken), which AWS does not let sign in to the console; assume a role profile, then open the console.`,
    );
  }
  if (credentials.expiration && credentials.expiration.getTime() <= deps.now) {
    throw new ConsoleSignInError('expired', `The session of profile ${session.profileName} has ended. Renew it, then open the console again.`);
  }
  const endpoint = federationEndpoint(session.region, deps.env);
  const duration = consoleSessionSeconds(credentials, isRoleChained(session), deps.now);
  let answer: FederationAnswer;
  try {
    answer = await deps.federation.get(signinTokenUrl(endpoint, credentials, duration), signal);
  } catch (error) {
    if (signal?.aborted) throw new ConsoleSignInError('cancelled', 'Opening the console was cancelled.');
    throw new ConsoleSignInError('unreachable', `Could not reach the AWS sign-in service at ${hostOf(endpoint)} (${errorCode(error)}). Check the network, then try again.`);
  }
  if (answer.status !== 200) throw federationError(answer.status, session.profileName, duration !== undefined);
  const signinToken = signinTokenOf(answer.body);
  if (!signinToken) {
    throw new ConsoleSignInError('unexpected-answer', `The AWS sign-in service at ${hostOf(endpoint)} gave an answer without a sign-in token. Try again later.`);
  }
  const browserEndpoint = deps.browserEndpoint ? await deps.browserEndpoint(endpoint) : endpoint;
  return loginUrl(browserEndpoint, { issuer: CONSOLE_ISSUER, destination: consoleDestination(session.region), signinToken });
}

/**
 * A clear message for the federation endpoint's refusal. The body is never quoted: an endpoint
 * may echo what it was sent.
 */
export function federationError(status: number, profileName: string, sentSessionDuration: boolean): ConsoleSignInError {
  if (status === 400) {
    const why = sentSessionDuration
      ? 'it did not accept these credentials or the console session length asked for'
      : 'it did not accept these credentials (console sign-in needs a role session, not GetSessionToken or MFA-session credentials)';
    return new ConsoleSignInError('refused', `AWS refused console sign-in for profile ${profileName} (HTTP 400): ${why}.`);
  }
  if (status === 401 || status === 403) {
    return new ConsoleSignInError(
      'denied',
      `AWS did not accept the credentials of profile ${profileName} for console sign-in (HTTP ${status}): they may have ended or been revoked. Renew the session, then try again.`,
    );
  }
  if (status >= 500) return new ConsoleSignInError('service-error', `The AWS sign-in service failed (HTTP ${status}). Try again later.`);
  return new ConsoleSignInError('unexpected-answer', `The AWS sign-in service answered HTTP ${status} for profile ${profileName}. Try again later.`);
}

/**
 * The refusal for a profile whose credentials are long-term keys, decided from the config alone:
 * nothing is assumed and no STS call is made for a sign-in that cannot work. Undefined for a
 * profile that may yield a session (a role, SSO, a process, keys with a session token).
 */
export function refusalForProfile(profile: Pick<Profile, 'name' | 'kind' | 'settings'>): ConsoleSignInError | undefined {
  return holdsLongTermKeys(profile.kind, profile.settings) ? notARoleSession(profile.name) : undefined;
}

function notARoleSession(profileName?: string): ConsoleSignInError {
  const whose = profileName === undefined ? 'These credentials are' : `The session of profile ${profileName} is`;
  return new ConsoleSignInError(
    'not-a-role-session',
    `Console sign-in needs a role session (temporary credentials with a session token). ${whose} long-term keys; assume a role profile, then open the console.`,
  );
}

function signinTokenOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { SigninToken?: unknown };
    return typeof parsed?.SigninToken === 'string' && parsed.SigninToken !== '' ? parsed.SigninToken : undefined;
  } catch {
    return undefined;
  }
}

/** The endpoint's host, for messages (never its user info, path or query). */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'the federation endpoint';
  }
}

/** A network error's code (`ECONNREFUSED`…) or name, never its message: Node may quote the URL there. */
function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  if (typeof code === 'string' && /^[A-Z_0-9]{2,40}$/.test(code)) return code;
  return error instanceof Error && /^\w{1,40}$/.test(error.name) ? error.name : 'no answer';
}
