/**
 * Which IAM Identity Center a profile signs in to, read from the AWS config as the SDKs and the
 * AWS CLI read it: a profile's `sso_session` names an `[sso-session NAME]` section (its start
 * URL, region and registration scopes), or the profile carries the legacy `sso_start_url` and
 * `sso_region` itself. One sign-in serves every profile of one sso-session (or of one legacy
 * start URL): that is what {@link IdentityCenterSession.key} names.
 */

import type { Profile, ProfileModel } from '../config/types';
import { resolveServiceEndpoint, SERVICE_ENDPOINT_KEYS, type Environment } from '../config/serviceEndpoints';
import type { IdentityCenterTarget } from './ports';

/** The scope every sign-in asks for: the portal's accounts and roles. */
export const DEFAULT_SCOPES: readonly string[] = ['sso:account:access'];

/** One Identity Center sign-in as the config describes it. */
export interface IdentityCenterSession {
  /** `session NAME` or `start-url URL`: sign-ins, tokens and caches are kept under it. */
  readonly key: string;
  /** The `[sso-session]` name; absent for the legacy keys. */
  readonly sessionName?: string;
  readonly startUrl: string;
  /** Where Identity Center runs (`sso_region`), not the region of the profiles' calls. */
  readonly region: string;
  readonly scopes: readonly string[];
  /** The OIDC service and the portal, with any endpoint the config or environment names. */
  readonly oidc: IdentityCenterTarget;
  readonly portal: IdentityCenterTarget;
}

/** The account and permission set a profile asks the portal for, and the sign-in it rides. */
export interface IdentityCenterRole {
  readonly session: IdentityCenterSession;
  readonly accountId: string;
  readonly roleName: string;
}

/** Why a profile's SSO settings do not make a sign-in; the config view reports where. */
export class IdentityCenterSettingsError extends Error {
  override readonly name = 'IdentityCenterSettingsError';
}

/** The sign-in `profile` rides (it need not name an account and role: Sign In takes any). */
export function identityCenterSessionOf(profile: Profile, model: Pick<ProfileModel, 'ssoSessions' | 'services'>, env: Environment): IdentityCenterSession {
  const setting = (key: string) => profile.settings.get(key)?.value || undefined;
  const sessionName = setting('sso_session');
  if (sessionName) {
    const section = model.ssoSessions.get(sessionName);
    if (!section) throw new IdentityCenterSettingsError(`profile "${profile.name}" names sso_session "${sessionName}", and there is no [sso-session ${sessionName}] section`);
    const value = (key: string) => section.values.get(key)?.value || undefined;
    const startUrl = value('sso_start_url');
    const region = value('sso_region');
    if (!startUrl || !region) throw new IdentityCenterSettingsError(`[sso-session ${sessionName}] lacks ${!startUrl ? 'sso_start_url' : 'sso_region'}`);
    return makeSession({ key: `session ${sessionName}`, sessionName, startUrl, region, scopes: scopesOf(value('sso_registration_scopes')) }, profile, model, env);
  }
  const startUrl = setting('sso_start_url');
  const region = setting('sso_region');
  if (!startUrl || !region) throw new IdentityCenterSettingsError(`profile "${profile.name}" lacks ${!startUrl ? 'sso_start_url' : 'sso_region'} (or an sso_session)`);
  // The legacy form: the AWS CLI registers it without scopes (and gets no refresh token); we ask
  // for the portal's scope as for an sso-session, which the portal's calls need either way.
  return makeSession({ key: `start-url ${startUrl}`, startUrl, region, scopes: DEFAULT_SCOPES }, profile, model, env);
}

/** The account and role a profile of SSO asks for. */
export function identityCenterRoleOf(profile: Profile, model: Pick<ProfileModel, 'ssoSessions' | 'services'>, env: Environment): IdentityCenterRole {
  const session = identityCenterSessionOf(profile, model, env);
  const accountId = profile.settings.get('sso_account_id')?.value;
  const roleName = profile.settings.get('sso_role_name')?.value;
  if (!accountId || !roleName) throw new IdentityCenterSettingsError(`profile "${profile.name}" lacks ${!accountId ? 'sso_account_id' : 'sso_role_name'}`);
  return { session, accountId, roleName };
}

/**
 * Every Identity Center the config names, each once: the `[sso-session]` sections, then each
 * legacy start URL, with the endpoints of the first profile that uses it (the environment's when
 * none does). A section that lacks its start URL or region is left out (the config view says why).
 */
export function identityCenterSessions(model: Pick<ProfileModel, 'ssoSessions' | 'services' | 'profiles'>, env: Environment): IdentityCenterSession[] {
  const found = new Map<string, IdentityCenterSession>();
  const firstUser = new Map<string, Profile>();
  for (const profile of model.profiles) {
    if (profile.kind !== 'sso') continue;
    try {
      const session = identityCenterSessionOf(profile, model, env);
      if (!found.has(session.key)) found.set(session.key, session);
      if (session.sessionName && !firstUser.has(session.sessionName)) firstUser.set(session.sessionName, profile);
    } catch (error) {
      if (!(error instanceof IdentityCenterSettingsError)) throw error;
    }
  }
  const sections: IdentityCenterSession[] = [];
  for (const [name, section] of model.ssoSessions) {
    const key = `session ${name}`;
    const known = found.get(key);
    if (known) {
      sections.push(known);
      continue;
    }
    const startUrl = section.values.get('sso_start_url')?.value;
    const region = section.values.get('sso_region')?.value;
    if (!startUrl || !region) continue;
    sections.push(makeSession({ key, sessionName: name, startUrl, region, scopes: scopesOf(section.values.get('sso_registration_scopes')?.value) }, firstUser.get(name), model, env));
  }
  const legacy = [...found.values()].filter((session) => !session.sessionName);
  return [...sections, ...legacy];
}

/** `sso_registration_scopes`, a comma-separated list; the portal's scope when it names none. */
function scopesOf(value: string | undefined): readonly string[] {
  const scopes = (value ?? '').split(',').map((scope) => scope.trim()).filter((scope) => scope !== '');
  return scopes.length ? scopes : DEFAULT_SCOPES;
}

function makeSession(
  base: Omit<IdentityCenterSession, 'oidc' | 'portal'>,
  profile: Profile | undefined,
  model: Pick<ProfileModel, 'services'>,
  env: Environment,
): IdentityCenterSession {
  const endpoint = (keys: (typeof SERVICE_ENDPOINT_KEYS)['sso' | 'ssoOidc']) => resolveServiceEndpoint(keys, profile, model, env)?.url;
  const oidcEndpoint = endpoint(SERVICE_ENDPOINT_KEYS.ssoOidc);
  const portalEndpoint = endpoint(SERVICE_ENDPOINT_KEYS.sso);
  return {
    ...base,
    oidc: { region: base.region, ...(oidcEndpoint ? { endpoint: oidcEndpoint } : {}) },
    portal: { region: base.region, ...(portalEndpoint ? { endpoint: portalEndpoint } : {}) },
  };
}

/** The OIDC service's address, for the authorization page the browser opens (`/authorize`). */
export function oidcBaseUrl(target: IdentityCenterTarget): string {
  if (target.endpoint) return target.endpoint.replace(/\/+$/, '');
  const suffix = target.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://oidc.${target.region}.${suffix}`;
}
