/**
 * IAM Identity Center's roles as profiles no file defines: `acme/555555555555/ReadOnly` (the
 * sso-session's name, the account id, the permission set) is looked up like any profile, so a
 * role the tree lists can be assumed, opened in a terminal, or named by a launch's
 * `"awsProfile"`, with no `[profile]` section. The name says all a profile would: which sign-in,
 * which account, which role. Such a profile signs in to its sso-session, asks the portal for
 * the role, and makes its calls in the region (and through the endpoints) of the first profile
 * of that sso-session, else in Identity Center's own region.
 *
 * For a legacy start URL (no sso-session) the first part is the start URL's host.
 */

import { buildProfileModelFromContents } from '../config/profileModel';
import type { Profile, ProfileModel } from '../config/types';

/** A role of a sign-in: which sign-in (its sso-session name, or its start URL), account and permission set. */
export interface IdentityCenterRoleRef {
  readonly sessionName?: string;
  readonly startUrl: string;
  readonly accountId: string;
  readonly roleName: string;
}

/** Where a role profile's definition is said to be: no file, the sign-in. */
export const ROLE_PROFILE_SOURCE = 'IAM Identity Center';

const NAME = /^([^/\s]+)\/(\d{12})\/([\w+=,.@-]{1,64})$/;

/** The profile name of a role: `acme/555555555555/ReadOnly`. */
export function identityCenterRoleProfileName(role: IdentityCenterRoleRef): string {
  return `${signInLabel(role)}/${role.accountId}/${role.roleName}`;
}

/** How a sign-in is named in rows and role names: its sso-session, else its start URL's host (the URL itself if it is none). */
export function signInLabel(signIn: { readonly sessionName?: string; readonly startUrl: string }): string {
  return signIn.sessionName ?? hostOf(signIn.startUrl) ?? signIn.startUrl;
}

/** The files' model, where names of Identity Center roles are looked up too. */
export function withIdentityCenterRoles(model: ProfileModel): ProfileModel {
  const hasSignIns = model.ssoSessions.size > 0 || model.profiles.some((profile) => profile.kind === 'sso' && profile.settings.get('sso_start_url'));
  if (!hasSignIns) return model;
  return { ...model, byName: new ProfilesWithRoles(model) };
}

/**
 * The files' profiles first; a name shaped like a role of a known sign-in becomes that role's
 * profile. Delegates to the files' map rather than copying it: a model of 10,000 profiles is
 * rebuilt at every edit.
 */
class ProfilesWithRoles implements ReadonlyMap<string, Profile> {
  private readonly made = new Map<string, Profile | undefined>();

  constructor(private readonly model: ProfileModel) {}

  get(name: string): Profile | undefined {
    const own = this.model.byName.get(name);
    if (own) return own;
    if (!this.made.has(name)) this.made.set(name, roleProfile(this.model, name));
    return this.made.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  // Iterating lists the files' profiles only: a role is a profile when it is asked for by name.
  get size(): number {
    return this.model.byName.size;
  }
  forEach(callback: (value: Profile, key: string, map: ReadonlyMap<string, Profile>) => void, thisArg?: unknown): void {
    this.model.byName.forEach((value, key) => callback.call(thisArg, value, key, this));
  }
  entries(): MapIterator<[string, Profile]> {
    return this.model.byName.entries();
  }
  keys(): MapIterator<string> {
    return this.model.byName.keys();
  }
  values(): MapIterator<Profile> {
    return this.model.byName.values();
  }
  [Symbol.iterator](): MapIterator<[string, Profile]> {
    return this.model.byName[Symbol.iterator]();
  }
}

function roleProfile(model: ProfileModel, name: string): Profile | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, sign, accountId, roleName] = match;
  const ssoSession = model.ssoSessions.get(sign);
  // The first profile of that sign-in lends its region and endpoints (`services`).
  const sibling = model.profiles.find((profile) =>
    ssoSession ? profile.settings.get('sso_session')?.value === sign : !profile.settings.get('sso_session') && hostOf(profile.settings.get('sso_start_url')?.value) === sign,
  );
  const lines: string[] = [];
  if (ssoSession) {
    const startUrl = ssoSession.values.get('sso_start_url')?.value;
    const ssoRegion = ssoSession.values.get('sso_region')?.value;
    if (!startUrl || !ssoRegion) return undefined;
    lines.push(`[sso-session ${sign}]`, `sso_start_url = ${startUrl}`, `sso_region = ${ssoRegion}`, `[profile ${name}]`, `sso_session = ${sign}`);
    lines.push(`region = ${sibling?.settings.get('region')?.value || ssoRegion}`);
  } else {
    const startUrl = sibling?.settings.get('sso_start_url')?.value;
    const ssoRegion = sibling?.settings.get('sso_region')?.value;
    if (!startUrl || !ssoRegion) return undefined;
    lines.push(`[profile ${name}]`, `sso_start_url = ${startUrl}`, `sso_region = ${ssoRegion}`, `region = ${sibling?.settings.get('region')?.value || ssoRegion}`);
  }
  lines.push(`sso_account_id = ${accountId}`, `sso_role_name = ${roleName}`);
  const services = sibling?.settings.get('services')?.value;
  if (services) lines.push(`services = ${services}`);
  const built = buildProfileModelFromContents({ status: 'ok', path: ROLE_PROFILE_SOURCE, text: `${lines.join('\n')}\n` }, { status: 'missing', path: ROLE_PROFILE_SOURCE });
  return built.byName.get(name);
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
