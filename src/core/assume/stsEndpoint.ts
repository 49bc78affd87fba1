/**
 * Which STS endpoint a profile's calls go to, decided in the AWS SDK for JavaScript v3's order
 * (`getEndpointFromConfig` / `getEndpointUrlConfig` in `@smithy/core`): the service's variable,
 * the global variable, the profile's `services` section, the profile's `endpoint_url`. This is
 * how tests and LocalStack-style setups point STS at a local server.
 */

import type { Profile, ProfileModel } from '../config/types';

/** The process environment, as the engine is given it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** An explicit endpoint and where it was configured, for the log. */
export interface ResolvedStsEndpoint {
  readonly url: string;
  readonly source: string;
}

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
  if (ignoresConfiguredEndpoints(profile, env)) return undefined;
  for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    const url = env[name];
    if (url) return { url, source: name };
  }
  if (!profile) return undefined;
  const servicesName = profile.settings.get('services')?.value;
  if (servicesName) {
    const url = model.services.get(servicesName)?.values.get('sts.endpoint_url')?.value;
    if (url) return { url, source: `sts.endpoint_url in [services ${servicesName}]` };
  }
  const url = profile.settings.get('endpoint_url')?.value;
  if (url) return { url, source: `endpoint_url in profile "${profile.name}"` };
  return undefined;
}

/** `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, else the profile's `ignore_configured_endpoint_urls`. */
function ignoresConfiguredEndpoints(profile: Profile | undefined, env: Environment): boolean {
  const fromEnv = booleanValue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS);
  if (fromEnv !== undefined) return fromEnv;
  return booleanValue(profile?.settings.get('ignore_configured_endpoint_urls')?.value) ?? false;
}

/** The SDK accepts exactly "true" and "false"; anything else we treat as unset. */
function booleanValue(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
