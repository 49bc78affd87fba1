/**
 * **Add to AWS Config…** for a role IAM Identity Center lists: the `[profile NAME]` section to
 * append, as `aws configure sso` writes one, and the check of the name the person gives it. The
 * one write to the user's AWS files besides creating an empty config file: only the new
 * section's text is appended, so every byte before it stays as it was.
 */

import type { Profile, ProfileModel } from '../config/types';

/** The keys a role's section carries, in the order `aws configure sso` writes them. */
const SECTION_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'region', 'services'] as const;

/** The name `aws configure sso` proposes: `AdministratorAccess-555555555555`. */
export function proposedProfileName(roleName: string, accountId: string, model: Pick<ProfileModel, 'profiles'>): string {
  const base = `${roleName}-${accountId}`;
  const taken = new Set(model.profiles.map((profile) => profile.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Why `name` cannot be the new profile's name, or `undefined` when it can. */
export function profileNameProblem(name: string, model: Pick<ProfileModel, 'profiles'>): string | undefined {
  if (name.trim() === '') return 'Give the profile a name.';
  if (name !== name.trim()) return 'A profile name cannot start or end with a space.';
  if (/[[\]\s#;]/.test(name)) return 'A profile name cannot hold spaces, brackets, # or ;.';
  if (name === 'default') return 'The default profile is [default], not a [profile] section: pick another name.';
  if (model.profiles.some((profile) => profile.name === name)) return `A profile named "${name}" exists already: pick another name.`;
  return undefined;
}

/** The section for the role's profile (the settings its name stands for), under `name`. */
export function profileSection(name: string, role: Pick<Profile, 'settings'>): string {
  const lines = [`[profile ${name}]`];
  for (const key of SECTION_KEYS) {
    const value = role.settings.get(key)?.value;
    if (value) lines.push(`${key} = ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What to append to a file that now reads `existing` (`undefined`: there is none): the section,
 * after a blank line, and after the newline the file's last line lacks.
 */
export function textToAppend(existing: string | undefined, section: string): string {
  if (!existing) return section;
  const newline = existing.includes('\r\n') ? '\r\n' : '\n';
  const body = newline === '\r\n' ? section.replace(/\n/g, '\r\n') : section;
  const lead = existing.endsWith(newline) ? newline : `${newline}${newline}`;
  return `${lead}${body}`;
}
