/**
 * IAM Identity Center's OIDC service and access portal on the real `@aws-sdk/client-sso-oidc`
 * and `@aws-sdk/client-sso`. Part of the AWS SDK's own bundle (`awsSdk.ts` re-exports these), so
 * activation never parses them. Their calls carry no AWS signature: the OIDC service takes the
 * client's id and secret, the portal the access token as its bearer token.
 */

import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { IdentityCenterOidcPort, IdentityCenterPortalPort, IdentityCenterTarget } from '../core/identityCenter/ports';

/** Limits as for STS: without them a service that accepts the connection and never answers hangs the sign-in. */
const REQUEST_HANDLER = { requestTimeout: 10_000, connectionTimeout: 5_000, throwOnRequestTimeout: true };

function clientConfig(target: IdentityCenterTarget) {
  return { region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}), maxAttempts: 3, requestHandler: REQUEST_HANDLER };
}

async function withOidc<T>(target: IdentityCenterTarget, call: (client: SSOOIDCClient) => Promise<T>): Promise<T> {
  const client = new SSOOIDCClient(clientConfig(target));
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}

/**
 * One portal client per address, kept: listing an Identity Center of 500 accounts is 500
 * ListAccountRoles calls, and a client (with its connection) per call made that 2.5 times slower
 * than one client (bench `identity-center-tree-500-accounts`). The OIDC service is called a few
 * times per sign-in, so its clients stay one per call.
 */
const portalClients = new Map<string, SSOClient>();

async function withPortal<T>(target: IdentityCenterTarget, call: (client: SSOClient) => Promise<T>): Promise<T> {
  const key = `${target.region}\n${target.endpoint ?? ''}`;
  let client = portalClients.get(key);
  if (!client) {
    client = new SSOClient(clientConfig(target));
    portalClients.set(key, client);
  }
  return call(client);
}

function missing(what: string): Error {
  return Object.assign(new Error(`IAM Identity Center answered without ${what}.`), { name: 'InvalidResponse' });
}

export function createIdentityCenterOidcPort(): IdentityCenterOidcPort {
  return {
    registerClient: (target, request) =>
      withOidc(target, async (oidc) => {
        const answer = await oidc.send(
          new RegisterClientCommand({
            clientName: request.clientName,
            clientType: 'public',
            scopes: [...request.scopes],
            ...(request.grantTypes ? { grantTypes: [...request.grantTypes] } : {}),
            ...(request.redirectUris ? { redirectUris: [...request.redirectUris] } : {}),
            ...(request.issuerUrl ? { issuerUrl: request.issuerUrl } : {}),
          }),
        );
        if (!answer.clientId || !answer.clientSecret) throw missing('a client id');
        // clientSecretExpiresAt is in seconds since the epoch.
        return { clientId: answer.clientId, clientSecret: answer.clientSecret, expiresAt: (answer.clientSecretExpiresAt ?? 0) * 1000 };
      }),
    startDeviceAuthorization: (target, request) =>
      withOidc(target, async (oidc) => {
        const answer = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: request.clientId, clientSecret: request.clientSecret, startUrl: request.startUrl }));
        if (!answer.deviceCode || !answer.userCode || !answer.verificationUri) throw missing('a device code');
        return {
          deviceCode: answer.deviceCode,
          userCode: answer.userCode,
          verificationUri: answer.verificationUri,
          verificationUriComplete: answer.verificationUriComplete,
          expiresInSeconds: answer.expiresIn ?? 600,
          intervalSeconds: answer.interval ?? 5,
        };
      }),
    createToken: (target, request) =>
      withOidc(target, async (oidc) => {
        const answer = await oidc.send(
          new CreateTokenCommand({
            clientId: request.clientId,
            clientSecret: request.clientSecret,
            grantType: request.grantType,
            ...(request.grantType === 'refresh_token' ? { refreshToken: request.refreshToken } : {}),
            ...(request.grantType === 'authorization_code' ? { code: request.code, codeVerifier: request.codeVerifier, redirectUri: request.redirectUri } : {}),
            ...(request.grantType === 'urn:ietf:params:oauth:grant-type:device_code' ? { deviceCode: request.deviceCode } : {}),
          }),
        );
        if (!answer.accessToken) throw missing('an access token');
        return { accessToken: answer.accessToken, expiresInSeconds: answer.expiresIn ?? 3600, refreshToken: answer.refreshToken };
      }),
  };
}

export function createIdentityCenterPortalPort(): IdentityCenterPortalPort {
  return {
    getRoleCredentials: (target, request) =>
      withPortal(target, async (portal) => {
        const answer = await portal.send(new GetRoleCredentialsCommand({ accessToken: request.accessToken, accountId: request.accountId, roleName: request.roleName }));
        const credentials = answer.roleCredentials;
        if (!credentials?.accessKeyId || !credentials.secretAccessKey || !credentials.expiration) throw missing('role credentials');
        // expiration is in milliseconds since the epoch.
        return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken, expiration: new Date(credentials.expiration) };
      }),
    listAccounts: (target, request) =>
      withPortal(target, async (portal) => {
        const answer = await portal.send(new ListAccountsCommand({ accessToken: request.accessToken, nextToken: request.nextToken, maxResults: 100 }));
        const items = (answer.accountList ?? [])
          .filter((account) => account.accountId)
          .map((account) => ({ accountId: account.accountId!, accountName: account.accountName ?? account.accountId!, ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}) }));
        return { items, nextToken: answer.nextToken || undefined };
      }),
    listAccountRoles: (target, request) =>
      withPortal(target, async (portal) => {
        const answer = await portal.send(new ListAccountRolesCommand({ accessToken: request.accessToken, accountId: request.accountId, nextToken: request.nextToken, maxResults: 100 }));
        return { items: (answer.roleList ?? []).flatMap((role) => (role.roleName ? [role.roleName] : [])), nextToken: answer.nextToken || undefined };
      }),
    logout: (target, request) =>
      withPortal(target, async (portal) => {
        await portal.send(new LogoutCommand({ accessToken: request.accessToken }));
      }),
  };
}
