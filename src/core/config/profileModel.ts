/** Builds the profile model from both files: merged profiles, their chains and their problems. */

import { findProfileProblems, type ProfileContext } from './profileProblems';
import { toProfileKind } from './profileKinds';
import { RoleChainBuilder, type ChainProfile } from './roleChains';
import { toSharedConfigFiles, type FileContent, type SharedConfigFiles } from './sharedConfigFiles';
import type { ConfigProblem, Profile, ProfileModel, Setting, SourceLocation } from './types';

interface MergedProfile extends ChainProfile {
  readonly name: string;
  readonly settings: ReadonlyMap<string, Setting>;
  readonly locations: SourceLocation[];
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
    ownProblems.set(profile.name, findProfileProblems(profile.name, profile.settings, profile.header, context));
  }

  const chains = new RoleChainBuilder(lookup, (name) => ownProblems.get(name) ?? []);
  const profiles: Profile[] = [];
  for (const profile of merged.values()) {
    const { chain, problems: chainProblems, needsMfa } = chains.chainOf(profile.name);
    profiles.push({
      name: profile.name,
      kind: toProfileKind(profile.settings, false),
      settings: profile.settings,
      locations: profile.locations,
      chain,
      problems: [...(ownProblems.get(profile.name) ?? []), ...chainProblems],
      needsMfa,
    });
  }
  profiles.sort(compareProfiles);
  return {
    files: files.files,
    profiles,
    byName: new Map(profiles.map((profile) => [profile.name, profile])),
    ssoSessions: files.ssoSessions,
    fileProblems: files.problems,
  };
}

/** `default` first, then by name as people read it (case-insensitive, numbers in order). */
export function compareProfiles(a: { name: string }, b: { name: string }): number {
  if (a.name === b.name) return 0;
  if (a.name === 'default') return -1;
  if (b.name === 'default') return 1;
  return COLLATOR.compare(a.name, b.name) || (a.name < b.name ? -1 : 1);
}

const COLLATOR = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A profile's settings are the config file's with the credentials file's on top (`parseKnownFiles`). */
function mergeProfiles(files: SharedConfigFiles): Map<string, MergedProfile> {
  const merged = new Map<string, MergedProfile>();
  for (const [name, section] of files.configProfiles) {
    merged.set(name, { name, settings: section.values, locations: [...section.headers], header: section.headers[0] });
  }
  for (const [name, section] of files.credentialsProfiles) {
    const existing = merged.get(name);
    if (!existing) {
      merged.set(name, { name, settings: section.values, locations: [...section.headers], header: section.headers[0] });
      continue;
    }
    const settings = new Map(existing.settings);
    for (const [key, setting] of section.values) settings.set(key, setting);
    merged.set(name, { name, settings, locations: [...existing.locations, ...section.headers], header: existing.header });
  }
  return merged;
}
