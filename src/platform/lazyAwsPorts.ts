/** STS and root-credential ports that load the AWS SDK bundle on their first call. */

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
