/** STS and root-credential ports that load the AWS SDK bundle on their first call. */

import type { IdentityCenterOidcPort, IdentityCenterPortalPort } from '../core/identityCenter/ports';
import type { RootCredentialsPort, StsPort } from '../core/vocabulary/ports';
import { loadAwsSdk } from './loadAwsSdk';

export function createLazyStsPort(): StsPort {
  let port: Promise<StsPort> | undefined;
  const sts = () => (port ??= loadAwsSdk().then((sdk) => sdk.createStsPort()));
  return {
    assumeRole: async (request) => (await sts()).assumeRole(request),
    getSessionToken: async (request) => (await sts()).getSessionToken(request),
    getCallerIdentity: async (target) => (await sts()).getCallerIdentity(target),
  };
}

export function createLazyRootCredentials(): RootCredentialsPort {
  let port: Promise<RootCredentialsPort> | undefined;
  return {
    resolve: async (request) => (await (port ??= loadAwsSdk().then((sdk) => sdk.createRootCredentials()))).resolve(request),
  };
}

/** IAM Identity Center's OIDC service, loading the SDK bundle on its first call. */
export function createLazyIdentityCenterOidc(): IdentityCenterOidcPort {
  let port: Promise<IdentityCenterOidcPort> | undefined;
  const oidc = () => (port ??= loadAwsSdk().then((sdk) => sdk.createIdentityCenterOidcPort()));
  return {
    registerClient: async (target, request) => (await oidc()).registerClient(target, request),
    startDeviceAuthorization: async (target, request) => (await oidc()).startDeviceAuthorization(target, request),
    createToken: async (target, request) => (await oidc()).createToken(target, request),
  };
}

/** IAM Identity Center's access portal, loading the SDK bundle on its first call. */
export function createLazyIdentityCenterPortal(): IdentityCenterPortalPort {
  let port: Promise<IdentityCenterPortalPort> | undefined;
  const portal = () => (port ??= loadAwsSdk().then((sdk) => sdk.createIdentityCenterPortalPort()));
  return {
    getRoleCredentials: async (target, request) => (await portal()).getRoleCredentials(target, request),
    listAccounts: async (target, request) => (await portal()).listAccounts(target, request),
    listAccountRoles: async (target, request) => (await portal()).listAccountRoles(target, request),
    logout: async (target, request) => (await portal()).logout(target, request),
  };
}
