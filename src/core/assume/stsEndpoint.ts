/**
 * Which STS endpoint a profile's calls go to, decided in the AWS SDK for JavaScript v3's order
 * (`getEndpointFromConfig` / `getEndpointUrlConfig` in `@smithy/core`): the service's variable,
 * the global variable, the profile's `services` section, the profile's `endpoint_url`. This is
 * how tests and LocalStack-style setups point STS at a local server.
 */

import { resolveServiceEndpoint, SERVICE_ENDPOINT_KEYS, type Environment, type ResolvedEndpoint } from '../config/serviceEndpoints';
import type { Profile, ProfileModel } from '../config/types';

export type { Environment };
/** An explicit STS endpoint and where it was configured, for the log. */
export type ResolvedStsEndpoint = ResolvedEndpoint;

/**
 * The STS endpoint for calls made on behalf of `profile`, or `undefined` for the SDK's
 * default regional endpoint. Empty values count as unset (the SDK's own test is truthiness).
 * A `services` name without its section falls through to `endpoint_url`; the SDK would throw,
 * and the config view reports the missing section.
 */
export function resolveStsEndpoint(
  profile: Profile | undefined,
  model: Pick<ProfileModel, 'services'>,
  env: Environment,
): ResolvedStsEndpoint | undefined {
  return resolveServiceEndpoint(SERVICE_ENDPOINT_KEYS.sts, profile, model, env);
}

