/** Builds the profile model from both files: merged profiles, their chains and their problems. */

import { findProfileProblems, type ProfileContext } from './profileProblems';
import { toProfileKind, toSourceKind } from './profileKinds';
import { RoleChainBuilder, type ChainProfile } from './roleChains';
import { toSharedConfigFiles, type FileContent, type SharedConfigFiles } from './sharedConfigFiles';
import type { ConfigProblem, Profile, ProfileModel, Setting, SourceLocation } from './types';

interface MergedProfile extends ChainProfile {
  readonly locations: readonly SourceLocation[];
  ownProblems: readonly ConfigProblem[];
}

/** Reads the two files' contents into the model. Never throws: problems become data. */
export function buildProfileModelFromContents(config: FileContent, credentials: FileContent): ProfileModel {
  return buildProfileModel(toSharedConfigFiles(config, credentials));
}

/** Merges, chains and checks every profile of the two files. */
export function buildProfileModel(files: SharedConfigFiles): ProfileModel {
  const merged = mergeProfiles(files);
  const context: ProfileContext = { hasProfile: (name) => merged.has(name), ssoSessions: files.ssoSessions };
  for (const profile of merged.values()) {
    profile.ownProblems = findProfileProblems(profile.name, profile.settings, profile.header, context, profile.kind);
  }

  const chains = new RoleChainBuilder(merged);
  const profiles: Profile[] = [];
  const byName = new Map<string, Profile>();
  for (const profile of merged.values()) {
    const { chain, problems: chainProblems, needsMfa } = chains.chainOfProfile(profile);
    const own = profile.ownProblems;
    const modelProfile: Profile = {
      name: profile.name,
      kind: profile.kind,
      settings: profile.settings,
      locations: profile.locations,
      chain,
      problems: chainProblems.length === 0 ? own : own.length === 0 ? chainProblems : [...own, ...chainProblems],
      needsMfa,
    };
    profiles.push(modelProfile);
    byName.set(profile.name, modelProfile);
  }
  return {
    files: files.files,
    profiles,
    byName,
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
  const credentials = files.credentialsProfiles;
  for (const [name, section] of files.configProfiles) {
    const fromCredentials = credentials.get(name);
    if (!fromCredentials) {
      merged.set(name, mergedProfile(name, section.values, section.headers, section.headers[0]));
      continue;
    }
    const settings = new Map(section.values);
    for (const [key, setting] of fromCredentials.values) settings.set(key, setting);
    merged.set(name, mergedProfile(name, settings, [...section.headers, ...fromCredentials.headers], section.headers[0]));
  }
  for (const [name, section] of credentials) {
    if (!merged.has(name)) merged.set(name, mergedProfile(name, section.values, section.headers, section.headers[0]));
  }
  return merged;
}

function mergedProfile(
  name: string,
  settings: ReadonlyMap<string, Setting>,
  locations: readonly SourceLocation[],
  header: SourceLocation | undefined,
): MergedProfile {
  const kind = toProfileKind(settings, false);
  const sourceKind = toSourceKind(settings, kind);
  return { name, settings, locations, header, kind, sourceKind, ownProblems: NO_PROBLEMS, below: undefined };
}

const NO_PROBLEMS: readonly ConfigProblem[] = [];
