/**
 * IAM Identity Center's OIDC service (`sso-oidc`, issue 23 §3), as the real SDK and the AWS CLI
 * speak it (restJson1): `RegisterClient` (POST /client/register), `StartDeviceAuthorization`
 * (POST /device_authorization) and `CreateToken` (POST /token) with the `device_code`,
 * `authorization_code` (PKCE: the verifier checked against its S256 challenge, the redirect URI
 * matched) and `refresh_token` grants. Errors as the service answers them: the type in
 * `x-amzn-ErrorType`, and `error` / `error_description` in the JSON body.
 *
 * What a person does in the browser (approve or deny a device code, approve an authorization
 * request) is `approveDevice`, `denyDevice` and `authorize`: the stand-in sign-in page calls them.
 * Tokens, codes and client secrets are random and kept in memory only; nothing is logged.
 */

import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** One answer of the service. */
export interface OidcAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The error's type (`AuthorizationPendingException`), for `x-amzn-ErrorType`. */
  readonly errorType?: string;
}

export interface IdentityCenterOidcOptions {
  readonly now: () => number;
  /** The start URLs this Identity Center answers for (`https://example.awsapps.com/start`). */
  readonly startUrls: readonly string[];
  /** How long a device code can be approved; AWS: 600 s. */
  readonly deviceCodeSeconds?: number;
  /** The least time between polls of one device code, in seconds; AWS: 1 (5 for some clients). */
  readonly pollIntervalSeconds?: number;
  /** How long an access token lasts; AWS: an hour up to the Identity Center session. */
  readonly accessTokenSeconds?: number;
  /** How long a registered client lasts; AWS: 90 days. */
  readonly clientSeconds?: number;
}

interface Client {
  readonly secret: string;
  readonly expiresAt: number;
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
}

interface DeviceGrant {
  readonly clientId: string;
  readonly userCode: string;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  userName?: string;
  lastPoll?: number;
}

interface AuthorizationGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly userName: string;
  readonly expiresAt: number;
}

/** Who an access token belongs to, for the portal. */
export interface TokenHolder {
  readonly userName: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const AUTHORIZATION_CODE_SECONDS = 300;
const OIDC_PATHS: Readonly<Record<string, string>> = { '/client/register': 'RegisterClient', '/device_authorization': 'StartDeviceAuthorization', '/token': 'CreateToken' };

/** The OIDC operation a POST to `path` is, `undefined` for any other path. */
export function oidcOperation(path: string): string | undefined {
  return Object.hasOwn(OIDC_PATHS, path) ? OIDC_PATHS[path] : undefined;
}

export class IdentityCenterOidc {
  private readonly clients = new Map<string, Client>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly authorizations = new Map<string, AuthorizationGrant>();
  /** Every secret issued, kept past logout and use: what a leak scan looks for. */
  private readonly issued = new Set<string>();
  private readonly accessTokens = new Map<string, TokenHolder>();
  private readonly refreshTokens = new Map<string, { readonly userName: string; readonly clientId: string }>();

  /** The device flow's verification page (the local stand-in's, once the server listens). */
  verificationPage: string | undefined;

  constructor(private readonly options: IdentityCenterOidcOptions) {}

  /** Whether `redirectUri` is one that client registered (a denial may be redirected there too). */
  knowsRedirect(clientId: string, redirectUri: string): boolean {
    const client = this.clients.get(clientId);
    return client !== undefined && client.expiresAt > this.options.now() && client.redirectUris.includes(redirectUri);
  }

  /** Answers one operation (`oidcOperation`) with its JSON body. */
  handle(operation: string, body: unknown): OidcAnswer {
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    switch (operation) {
      case 'RegisterClient':
        return this.registerClient(input);
      case 'StartDeviceAuthorization':
        return this.startDeviceAuthorization(input);
      case 'CreateToken':
        return this.createToken(input);
      default:
        return error(400, 'InvalidRequestException', 'invalid_request', `Unknown operation ${operation}`);
    }
  }

  /** The person approved the device code shown as `userCode` on the sign-in page, as `userName`. False when there is no such pending code. */
  approveDevice(userCode: string, userName: string): boolean {
    const grant = this.pendingDevice(userCode);
    if (!grant) return false;
    grant.state = 'approved';
    grant.userName = userName;
    return true;
  }

  /** The person denied the device code `userCode`. */
  denyDevice(userCode: string): boolean {
    const grant = this.pendingDevice(userCode);
    if (!grant) return false;
    grant.state = 'denied';
    return true;
  }

  /**
   * The person approved an authorization request (the PKCE flow's `/authorize` page): the code
   * the browser is redirected to `redirectUri` with, or `undefined` for a client or redirect the
   * service does not know.
   */
  authorize(request: { readonly clientId: string; readonly redirectUri: string; readonly codeChallenge: string; readonly codeChallengeMethod: string; readonly userName: string }): string | undefined {
    const client = this.clients.get(request.clientId);
    if (!client || client.expiresAt <= this.options.now() || !client.redirectUris.includes(request.redirectUri) || request.codeChallengeMethod !== 'S256') return undefined;
    const code = token(32);
    this.issued.add(code);
    this.authorizations.set(code, { clientId: request.clientId, redirectUri: request.redirectUri, challenge: request.codeChallenge, userName: request.userName, expiresAt: this.options.now() + AUTHORIZATION_CODE_SECONDS * 1000 });
    return code;
  }

  /** Who `accessToken` belongs to while it is valid (the portal's bearer token check). */
  holderOf(accessToken: string): TokenHolder | undefined {
    const holder = this.accessTokens.get(accessToken);
    return holder && holder.expiresAt > this.options.now() ? holder : undefined;
  }

  /** The portal's `Logout`: the access token and every refresh token of its holder and client end. */
  logout(accessToken: string): boolean {
    const holder = this.accessTokens.get(accessToken);
    if (!holder) return false;
    this.accessTokens.delete(accessToken);
    for (const [refresh, owner] of this.refreshTokens) if (owner.userName === holder.userName && owner.clientId === holder.clientId) this.refreshTokens.delete(refresh);
    return true;
  }

  /** Every token, code and client secret issued so far, also those since signed out or used, for a test's scan for leaked secrets. */
  issuedSecrets(): string[] {
    return [...this.issued];
  }

  private registerClient(input: Record<string, unknown>): OidcAnswer {
    const clientName = input.clientName;
    const clientType = input.clientType;
    if (typeof clientName !== 'string' || clientName === '' || clientType !== 'public') {
      return error(400, 'InvalidClientMetadataException', 'invalid_client_metadata', 'clientName and clientType "public" are required');
    }
    const grantTypes = stringList(input.grantTypes) ?? [DEVICE_GRANT, 'refresh_token'];
    const redirectUris = stringList(input.redirectUris) ?? [];
    if (grantTypes.includes('authorization_code') && !redirectUris.every((uri) => /^http:\/\/127\.0\.0\.1(:\d+)?\//.test(uri) || /^http:\/\/localhost(:\d+)?\//.test(uri))) {
      return error(400, 'InvalidRedirectUriException', 'invalid_redirect_uri', 'Redirect URIs must be loopback addresses');
    }
    const now = this.options.now();
    const clientId = token(16);
    const secret = token(48);
    const expiresAt = now + (this.options.clientSeconds ?? 90 * 24 * 3600) * 1000;
    this.issued.add(secret);
    this.clients.set(clientId, { secret, expiresAt, grantTypes, redirectUris });
    return ok({ clientId, clientSecret: secret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(expiresAt / 1000) });
  }

  private startDeviceAuthorization(input: Record<string, unknown>): OidcAnswer {
    const client = this.client(input);
    if ('status' in client) return client;
    if (typeof input.startUrl !== 'string' || !this.options.startUrls.includes(input.startUrl)) {
      return error(400, 'InvalidRequestException', 'invalid_request', 'The start URL is not one of this Identity Center');
    }
    const deviceCode = token(48);
    const userCode = `${letters(4)}-${letters(4)}`;
    const seconds = this.options.deviceCodeSeconds ?? 600;
    this.issued.add(deviceCode);
    this.devices.set(deviceCode, { clientId: client.clientId, userCode, expiresAt: this.options.now() + seconds * 1000, state: 'pending' });
    const verificationUri = this.verificationPage ?? `${input.startUrl.replace(/\/start\/?$/, '')}/start/#/device`;
    return ok({ deviceCode, userCode, verificationUri, verificationUriComplete: `${verificationUri}?user_code=${userCode}`, expiresIn: seconds, interval: this.options.pollIntervalSeconds ?? 1 });
  }

  private createToken(input: Record<string, unknown>): OidcAnswer {
    const client = this.client(input);
    if ('status' in client) return client;
    const now = this.options.now();
    switch (input.grantType) {
      case DEVICE_GRANT: {
        const grant = typeof input.deviceCode === 'string' ? this.devices.get(input.deviceCode) : undefined;
        if (!grant || grant.clientId !== client.clientId || grant.state === 'used') return error(400, 'InvalidGrantException', 'invalid_grant', 'Invalid device code provided');
        if (grant.expiresAt <= now) return error(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
        if (grant.state === 'denied') return error(400, 'AccessDeniedException', 'access_denied', 'The user denied the authorization request');
        if (grant.state === 'pending') {
          const tooSoon = grant.lastPoll !== undefined && now - grant.lastPoll < (this.options.pollIntervalSeconds ?? 1) * 1000;
          grant.lastPoll = now;
          return tooSoon ? error(400, 'SlowDownException', 'slow_down', 'Client is polling too fast') : error(400, 'AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
        }
        grant.state = 'used';
        return this.tokens(grant.userName!, client.clientId, true);
      }
      case 'authorization_code': {
        const code = typeof input.code === 'string' ? input.code : '';
        const grant = this.authorizations.get(code);
        this.authorizations.delete(code);
        const verifier = typeof input.codeVerifier === 'string' ? input.codeVerifier : '';
        if (!grant || grant.clientId !== client.clientId || grant.expiresAt <= now || grant.redirectUri !== input.redirectUri || s256(verifier) !== grant.challenge) {
          return error(400, 'InvalidGrantException', 'invalid_grant', 'Invalid authorization code provided');
        }
        return this.tokens(grant.userName, client.clientId, true);
      }
      case 'refresh_token': {
        const refresh = typeof input.refreshToken === 'string' ? input.refreshToken : '';
        const owner = this.refreshTokens.get(refresh);
        if (!owner || owner.clientId !== client.clientId) return error(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
        // The refresh token is kept (AWS rotates it only sometimes); a new access token each time.
        return this.tokens(owner.userName, client.clientId, false);
      }
      default:
        return error(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', 'Unsupported grant type');
    }
  }

  private tokens(userName: string, clientId: string, withRefresh: boolean): OidcAnswer {
    const seconds = this.options.accessTokenSeconds ?? 3600;
    const accessToken = `aoa${token(64)}`;
    this.issued.add(accessToken);
    this.accessTokens.set(accessToken, { userName, clientId, expiresAt: this.options.now() + seconds * 1000 });
    const refreshToken = withRefresh ? `aor${token(64)}` : undefined;
    if (refreshToken) {
      this.issued.add(refreshToken);
      this.refreshTokens.set(refreshToken, { userName, clientId });
    }
    return ok({ accessToken, tokenType: 'Bearer', expiresIn: seconds, ...(refreshToken ? { refreshToken } : {}) });
  }

  /** The client a request names, with its secret checked; an `invalid_client` answer otherwise. */
  private client(input: Record<string, unknown>): { readonly clientId: string } | OidcAnswer {
    const clientId = typeof input.clientId === 'string' ? input.clientId : '';
    const client = this.clients.get(clientId);
    if (!client || client.secret !== input.clientSecret) return error(401, 'InvalidClientException', 'invalid_client', 'Invalid client provided');
    if (client.expiresAt <= this.options.now()) return error(401, 'InvalidClientException', 'invalid_client', 'Client registration has expired');
    return { clientId };
  }

  private pendingDevice(userCode: string): DeviceGrant | undefined {
    const now = this.options.now();
    return [...this.devices.values()].find((grant) => grant.userCode === userCode && grant.state === 'pending' && grant.expiresAt > now);
  }
}

function ok(body: Record<string, unknown>): OidcAnswer {
  return { status: 200, body };
}

function error(status: number, errorType: string, code: string, description: string): OidcAnswer {
  return { status, errorType, body: { error: code, error_description: description } };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** A user code as Identity Center shows it: capitals without look-alikes. */
function letters(count: number): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXZ';
  return [...randomBytes(count)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A request id, as the service puts one in `x-amzn-RequestId`. */
export function oidcRequestId(): string {
  return randomUUID();
}
