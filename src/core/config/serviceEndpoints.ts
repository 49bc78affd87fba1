/**
 * Which endpoint a service's calls go to, decided in the AWS SDK for JavaScript v3's order
 * (`getEndpointFromConfig` / `getEndpointUrlConfig` in `@smithy/core`): the service's variable,
 * the global variable, the profile's `services` section, the profile's `endpoint_url`. This is
 * how tests and LocalStack-style setups point STS and IAM Identity Center at a local server.
 */

import type { Profile, ProfileModel } from './types';

/** The process environment, as the engine is given it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** An explicit endpoint and where it was configured, for the log. */
export interface ResolvedEndpoint {
  readonly url: string;
  readonly source: string;
}

/** How a service is named in the endpoint variables and in a `[services]` section. */
export interface ServiceEndpointKeys {
  /** `AWS_ENDPOINT_URL_STS`: the service id upper-cased, spaces as underscores. */
  readonly variable: string;
  /** `sts`: the service id lower-cased, spaces as underscores. */
  readonly configKey: string;
}

/** The services the extension calls. IAM Identity Center's OIDC service is "SSO OIDC", its portal "SSO". */
export const SERVICE_ENDPOINT_KEYS = {
  sts: { variable: 'AWS_ENDPOINT_URL_STS', configKey: 'sts' },
  ssoOidc: { variable: 'AWS_ENDPOINT_URL_SSO_OIDC', configKey: 'sso_oidc' },
  sso: { variable: 'AWS_ENDPOINT_URL_SSO', configKey: 'sso' },
} as const satisfies Record<string, ServiceEndpointKeys>;

/**
 * The endpoint for calls to `service` made on behalf of `profile`, or `undefined` for the SDK's
 * default. Empty values count as unset (the SDK's own test is truthiness). A `services` name
 * without its section falls through to `endpoint_url`; the SDK would throw, and the config view
 * reports the missing section.
 */
export function resolveServiceEndpoint(
  service: ServiceEndpointKeys,
  profile: Profile | undefined,
  model: Pick<ProfileModel, 'services'>,
  env: Environment,
): ResolvedEndpoint | undefined {
  if (ignoresConfiguredEndpoints(profile, env)) return undefined;
  for (const name of [service.variable, 'AWS_ENDPOINT_URL']) {
    const url = env[name];
    if (url) return { url, source: name };
  }
  if (!profile) return undefined;
  const servicesName = profile.settings.get('services')?.value;
  if (servicesName) {
    const key = `${service.configKey}.endpoint_url`;
    const url = model.services.get(servicesName)?.values.get(key)?.value;
    if (url) return { url, source: `${key} in [services ${servicesName}]` };
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
