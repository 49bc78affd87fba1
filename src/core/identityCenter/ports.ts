/**
 * The side effects of signing in to IAM Identity Center, as ports: its OIDC service (`sso-oidc`),
 * its portal (`sso`), the loopback address the browser is sent back to, the AWS CLI's token cache,
 * and the person (a browser page to open, a notification to wait in). `src/platform/` implements
 * the services on the real `@aws-sdk/client-sso-oidc` and `@aws-sdk/client-sso`; unit tests
 * wire fakes shaped like them, errors included (`name` and the OAuth `error` code).
 */

import type { AwsCredentials } from '../vocabulary/ports';

/** Where one call to Identity Center goes: its region, and an explicit endpoint when configured. */
export interface IdentityCenterTarget {
  readonly region: string;
  readonly endpoint?: string;
}

/** A client registration: public clients of the OIDC service, valid for about 90 days. */
export interface ClientRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** What CreateToken answers. */
export interface TokenAnswer {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken?: string;
}

/** The grants of CreateToken the extension uses. */
export type TokenGrant =
  | { readonly grantType: 'urn:ietf:params:oauth:grant-type:device_code'; readonly deviceCode: string }
  | { readonly grantType: 'authorization_code'; readonly code: string; readonly codeVerifier: string; readonly redirectUri: string }
  | { readonly grantType: 'refresh_token'; readonly refreshToken: string };

/**
 * IAM Identity Center's OIDC service. Rejects with the SDK's exceptions: `name`
 * (`AuthorizationPendingException`, `SlowDownException`, `ExpiredTokenException`,
 * `AccessDeniedException`, `InvalidGrantException`, `InvalidClientException`…) and `error`.
 */
export interface IdentityCenterOidcPort {
  registerClient(
    target: IdentityCenterTarget,
    request: {
      readonly clientName: string;
      readonly scopes: readonly string[];
      /** For the authorization-code flow: its grants, redirect URI and the start URL as issuer. */
      readonly grantTypes?: readonly string[];
      readonly redirectUris?: readonly string[];
      readonly issuerUrl?: string;
    },
  ): Promise<ClientRegistration>;
  startDeviceAuthorization(
    target: IdentityCenterTarget,
    request: { readonly clientId: string; readonly clientSecret: string; readonly startUrl: string },
  ): Promise<{
    readonly deviceCode: string;
    readonly userCode: string;
    readonly verificationUri: string;
    readonly verificationUriComplete?: string;
    readonly expiresInSeconds: number;
    readonly intervalSeconds: number;
  }>;
  createToken(target: IdentityCenterTarget, request: { readonly clientId: string; readonly clientSecret: string } & TokenGrant): Promise<TokenAnswer>;
}

/** An account the person may use, as ListAccounts answers it. */
export interface PortalAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress?: string;
}

/** One page of a listing. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/**
 * The AWS access portal. Every call carries the access token as its bearer token; a token the
 * portal no longer accepts is `UnauthorizedException`, throttling `TooManyRequestsException`.
 */
export interface IdentityCenterPortalPort {
  getRoleCredentials(
    target: IdentityCenterTarget,
    request: { readonly accessToken: string; readonly accountId: string; readonly roleName: string },
  ): Promise<AwsCredentials & { readonly expiration: Date }>;
  listAccounts(target: IdentityCenterTarget, request: { readonly accessToken: string; readonly nextToken?: string }): Promise<Page<PortalAccount>>;
  listAccountRoles(
    target: IdentityCenterTarget,
    request: { readonly accessToken: string; readonly accountId: string; readonly nextToken?: string },
  ): Promise<Page<string>>;
  logout(target: IdentityCenterTarget, request: { readonly accessToken: string }): Promise<void>;
}

/** Where the browser lands after the person allowed access: a server on 127.0.0.1 for one redirect. */
export interface LoopbackRedirect {
  /** `http://127.0.0.1:PORT/oauth/callback`. */
  readonly redirectUri: string;
  /** The query of the first request to the callback path (`code` and `state`, or `error`). */
  readonly answer: Promise<URLSearchParams>;
  close(): void;
}

export interface LoopbackRedirectPort {
  listen(): Promise<LoopbackRedirect>;
}

/**
 * The AWS CLI's token cache (`~/.aws/sso/cache`): read when the extension holds no sign-in of
 * its own (`aws sso login` left one), written only when the person shares the sign-in.
 */
export interface TokenCacheFiles {
  /** The file's text, `undefined` when there is none. */
  read(fileName: string): Promise<string | undefined>;
  /** Writes the file (owner-only), replacing it whole. */
  write(fileName: string, text: string): Promise<void>;
  delete(fileName: string): Promise<void>;
}

/** What the person is shown while a sign-in waits for them. */
export type SignInStep =
  /** The device flow: the page to open and the code it shows, which the person checks. */
  | { readonly flow: 'device-code'; readonly url: string; readonly userCode: string }
  /** The authorization-code flow: the page to open; the browser comes back on its own. */
  | { readonly flow: 'authorization-code'; readonly url: string };

/**
 * The person, during a sign-in: the page opens in their browser, and a notification says what to
 * do with a Cancel button. `wait` resolves when the person cancels; the flow disposes the
 * returned handle when it ends either way (the notification closes).
 */
export interface SignInPresenter {
  /** Where the sign-in starts, for the words: the start URL and the sso-session's name. */
  show(step: SignInStep, about: { readonly startUrl: string; readonly sessionName?: string }): { readonly cancelled: Promise<void>; dispose(): void };
}
