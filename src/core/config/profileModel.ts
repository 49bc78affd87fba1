/** Builds the profile model from both files: merged profiles, their chains and their problems. */

import { findProfileProblems, type ProfileContext } from './profileProblems';
import { toProfileKind } from './profileKinds';
import { RoleChainBuilder, type ChainProfile } from './roleChains';
import { toSharedConfigFiles, type FileContent, type SharedConfigFiles } from './sharedConfigFiles';
import type { ConfigProblem, Profile, ProfileModel, Setting, SourceLocation } from './types';

interface MergedProfile extends ChainProfile {
  readonly name: string;
  readonly settings: ReadonlyMap<string, Setting>;
  readonly locations: readonly SourceLocation[];
  readonly header?: SourceLocation;
}

/** Reads the two files' contents into the model. Never throws: problems become data. */
export function buildProfileModelFromContents(config: FileContent, credentials: FileContent): ProfileModel {
  return buildProfileModel(toSharedConfigFiles(config, credentials));
}

/** Merges, chains and checks every profile of the two files. */
export function buildProfileModel(files: SharedConfigFiles): ProfileModel {
  const merged = mergeProfiles(files);
  const context: ProfileContext = { hasProfile: (name) => merged.has(name), ssoSessions: files.ssoSessions };
  const lookup = (name: string) => merged.get(name);

  const ownProblems = new Map<string, ConfigProblem[]>();
  for (const profile of merged.values()) {
    ownProblems.set(profile.name, findProfileProblems(profile.name, profile.settings, profile.header, context, profile.kind));
  }

  const chains = new RoleChainBuilder(lookup, (name) => ownProblems.get(name) ?? []);
  const profiles: Profile[] = [];
  for (const profile of merged.values()) {
    const { chain, problems: chainProblems, needsMfa } = chains.chainOf(profile.name);
    const own = ownProblems.get(profile.name) ?? [];
    profiles.push({
      name: profile.name,
      kind: profile.kind,
      settings: profile.settings,
      locations: profile.locations,
      chain,
      problems: chainProblems.length === 0 ? own : [...own, ...chainProblems],
      needsMfa,
    });
  }
  return {
    files: files.files,
    profiles,
    byName: new Map(profiles.map((profile) => [profile.name, profile])),
    ssoSessions: files.ssoSessions,
    services: files.services,
    fileProblems: files.problems,
  };
}

/**
 * Sorts in place: `default` first, then by name ignoring case (ties by exact name, so the order
 * is stable). Each name is lower-cased once: a locale collator made sorting 10,000 profiles
 * cost more than parsing them.
 */
export function sortProfiles<T extends { readonly name: string }>(profiles: T[]): T[] {
  const keyed = profiles.map((profile) => ({ profile, key: profile.name === 'default' ? '' : profile.name.toLowerCase() }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.profile.name, b.profile.name));
  for (let i = 0; i < keyed.length; i++) profiles[i] = keyed[i].profile;
  return profiles;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A profile's settings are the config file's with the credentials file's on top (`parseKnownFiles`). */
function mergeProfiles(files: SharedConfigFiles): Map<string, MergedProfile> {
  const merged = new Map<string, MergedProfile>();
  const add = (name: string, settings: ReadonlyMap<string, Setting>, locations: readonly SourceLocation[], header?: SourceLocation) =>
    merged.set(name, { name, settings, locations, header, kind: toProfileKind(settings, false), sourceKind: toProfileKind(settings, true) });
  const credentialsOnly = new Map(files.credentialsProfiles);
  for (const [name, section] of files.configProfiles) {
    const fromCredentials = credentialsOnly.get(name);
    if (!fromCredentials) {
      add(name, section.values, section.headers, section.headers[0]);
      continue;
    }
    credentialsOnly.delete(name);
    const settings = new Map(section.values);
    for (const [key, setting] of fromCredentials.values) settings.set(key, setting);
    add(name, settings, [...section.headers, ...fromCredentials.headers], section.headers[0]);
  }
  for (const [name, section] of credentialsOnly) add(name, section.values, section.headers, section.headers[0]);
  return merged;
}
