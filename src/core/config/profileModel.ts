/** Builds the profile model from both files: merged profiles, their chains and their problems. */

import type { IniSection } from './iniDocument';
import { hasKey, KEY, knownKeyNumber } from './knownKeys';
import { findProfileProblems, type CheckedProfile, type ProfileContext } from './profileProblems';
import { toProfileKind, toSourceKind } from './profileKinds';
import { RoleChainBuilder, type ChainProfile } from './roleChains';
import { toSharedConfigFiles, type FileContent, type ProfileSection, type SharedConfigFiles } from './sharedConfigFiles';
import type { ConfigProblem, Profile, ProfileKind, ProfileModel, RoleChain, Setting, SourceLocation } from './types';

/** Reads the two files' contents into the model. Never throws: problems become data. */
export function buildProfileModelFromContents(config: FileContent, credentials: FileContent): ProfileModel {
  return buildProfileModel(toSharedConfigFiles(config, credentials));
}

/**
 * Merges, chains and checks every profile of the two files. A profile's settings are the
 * config file's with the credentials file's on top (the SDK's `parseKnownFiles`).
 */
export function buildProfileModel(files: SharedConfigFiles): ProfileModel {
  const credentials = files.credentialsProfiles;
  const profiles: ModelProfile[] = [];
  const byName = new Map<string, ModelProfile>();
  for (const section of files.configProfileList) {
    const name = section.name;
    const profile = new ModelProfile(name, section, credentials.get(name));
    profiles.push(profile);
    byName.set(name, profile);
  }
  for (const [name, section] of credentials) {
    if (byName.has(name)) continue;
    const profile = new ModelProfile(name, undefined, section);
    profiles.push(profile);
    byName.set(name, profile);
  }

  // Each source_profile is looked up once here; checks and chains follow the reference.
  for (const profile of profiles) profile.resolveSource(byName);
  const context: ProfileContext = { ssoSessions: files.ssoSessions };
  for (const profile of profiles) {
    const own = findProfileProblems(profile, context);
    // Most profiles have none: one shared empty list rather than an array kept by each.
    profile.ownProblems = own.length === 0 ? NO_PROBLEMS : own;
  }

  const chains = new RoleChainBuilder();
  for (const profile of profiles) {
    const { complete, problems: chainProblems, needsMfa } = chains.chainOfProfile(profile);
    const own = profile.ownProblems;
    profile.setChain(chains, complete);
    profile.problems = chainProblems.length === 0 ? own : own.length === 0 ? chainProblems : [...own, ...chainProblems];
    profile.needsMfa = needsMfa;
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

const NO_PROBLEMS: readonly ConfigProblem[] = [];

/**
 * A setting's value, as `profile.settings.get(key)?.value` gives it: for a profile of this model,
 * read straight from the file's text, without making the Setting and its position that nobody
 * reads when a row of the tree is worded (three per row, 10,000 rows).
 */
export function settingValue(profile: Profile, key: string): string | undefined {
  if (profile instanceof ModelProfile) {
    const known = knownKeyNumber(key);
    if (known !== undefined) return profile.valueOf(known);
  }
  return profile.settings.get(key)?.value;
}

/**
 * `profile.chain.complete`: for a profile of this model, without making the chain object (a
 * tree row asks it of all 10,000 profiles, and lists no hop).
 */
export function chainIsComplete(profile: Profile): boolean {
  return profile instanceof ModelProfile ? profile.chainComplete : profile.chain.complete;
}

/**
 * `profile.locations.length > 0`: for a profile of this model, without making the locations (a
 * profile of the model always has a section, so a header).
 */
export function isLocated(profile: Profile): boolean {
  return profile instanceof ModelProfile ? profile.hasSection : profile.locations.length > 0;
}

/**
 * One profile of the model. Values stay positions in the files' text (`iniParser.ts`) until
 * read: the model reads the few it needs by key number, and `settings` builds a Map only
 * when someone iterates it.
 */
class ModelProfile implements Profile, ChainProfile, CheckedProfile {
  readonly mask: number;
  readonly kind: ProfileKind;
  readonly sourceKind: ProfileKind;
  /** The `source_profile` value, read once. */
  private readonly sourceProfile: string | undefined;
  source: ModelProfile | undefined = undefined;
  ownProblems: readonly ConfigProblem[] = NO_PROBLEMS;
  problems: readonly ConfigProblem[] = NO_PROBLEMS;
  needsMfa = false;
  // The chain object is made when first read (most are never expanded in a tree).
  private chains: RoleChainBuilder | undefined;
  /** `chain.complete`, known before the chain object is made (`chainIsComplete`). */
  chainComplete = false;
  private chainObject: RoleChain | undefined;
  private settingsView: ProfileSettingsView | undefined;
  private locationList: readonly SourceLocation[] | undefined;

  constructor(
    readonly name: string,
    /** Its section in the config file, if any. */
    private readonly config: ProfileSection | undefined,
    /** Its section in the credentials file, if any: its values win. */
    private readonly credentials: ProfileSection | undefined,
  ) {
    const mask = (config === undefined ? 0 : config.ini.knownMask) | (credentials === undefined ? 0 : credentials.ini.knownMask);
    this.mask = mask;
    this.kind = toProfileKind(mask, false);
    this.sourceKind = toSourceKind(mask, this.kind);
    this.sourceProfile = this.read(KEY.source_profile);
  }

  /**
   * What `JSON.stringify` sees: what the profile is and where, never a value (values include
   * secret keys) and none of the references between profiles (which form cycles).
   */
  toJSON(): object {
    return { name: this.name, kind: this.kind, locations: this.locations, problems: this.problems, needsMfa: this.needsMfa };
  }

  setChain(chains: RoleChainBuilder, complete: boolean): void {
    this.chains = chains;
    this.chainComplete = complete;
  }

  get chain(): RoleChain {
    this.chainObject ??= this.chains!.chainOf(this, this.chainComplete);
    return this.chainObject;
  }

  resolveSource(byName: ReadonlyMap<string, ModelProfile>): void {
    if (this.sourceProfile !== undefined) this.source = byName.get(this.sourceProfile);
  }

  valueOf(key: number): string | undefined {
    return key === KEY.source_profile ? this.sourceProfile : this.read(key);
  }

  settingOf(key: number): Setting | undefined {
    const section = this.sectionHolding(key);
    return section === undefined ? undefined : section.document.settingAt(section.entryOf(key));
  }

  headerHolding(key: number): SourceLocation | undefined {
    return this.sectionHolding(key)?.header;
  }

  /** True when some file has a section for it (always, for a profile the files define). */
  get hasSection(): boolean {
    return this.config !== undefined || this.credentials !== undefined;
  }

  /** The header of its config-file section, else of its credentials-file section. */
  get header(): SourceLocation | undefined {
    return (this.config ?? this.credentials)?.header;
  }

  get locations(): readonly SourceLocation[] {
    if (!this.locationList) {
      const fromConfig = this.config?.headers ?? [];
      const fromCredentials = this.credentials?.headers ?? [];
      this.locationList = fromCredentials.length === 0 ? fromConfig : fromConfig.length === 0 ? fromCredentials : [...fromConfig, ...fromCredentials];
    }
    return this.locationList;
  }

  get settings(): ReadonlyMap<string, Setting> {
    this.settingsView ??= new ProfileSettingsView(this, this.config, this.credentials);
    return this.settingsView;
  }

  private read(key: number): string | undefined {
    const section = this.sectionHolding(key);
    return section === undefined ? undefined : section.document.valueAt(section.entryOf(key));
  }

  /** The section whose value of known key `key` counts: the credentials file's, else the config file's. */
  private sectionHolding(key: number): IniSection | undefined {
    const credentials = this.credentials?.ini;
    if (credentials !== undefined && hasKey(credentials.knownMask, key)) return credentials;
    const config = this.config?.ini;
    return config !== undefined && hasKey(config.knownMask, key) ? config : undefined;
  }
}

/**
 * A profile's merged settings as a read-only Map. `get` and `has` of a known key read the
 * profile's slots; anything else (another key, iterating, `size`) merges both sections' values
 * into a real Map once.
 */
class ProfileSettingsView implements ReadonlyMap<string, Setting> {
  private merged: ReadonlyMap<string, Setting> | undefined;

  constructor(
    private readonly profile: ModelProfile,
    private readonly config: ProfileSection | undefined,
    private readonly credentials: ProfileSection | undefined,
  ) {}

  get(key: string): Setting | undefined {
    const known = knownKeyNumber(key);
    return known === undefined ? this.all().get(key) : this.profile.settingOf(known);
  }

  has(key: string): boolean {
    const known = knownKeyNumber(key);
    return known === undefined ? this.all().has(key) : hasKey(this.profile.mask, known);
  }

  get size(): number {
    return this.all().size;
  }

  forEach(callback: (value: Setting, key: string, map: ReadonlyMap<string, Setting>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.all()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[string, Setting]> {
    return this.all().entries();
  }

  keys(): MapIterator<string> {
    return this.all().keys();
  }

  values(): MapIterator<Setting> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[string, Setting]> {
    return this.all()[Symbol.iterator]();
  }

  private all(): ReadonlyMap<string, Setting> {
    if (!this.merged) {
      const fromConfig = this.config?.values;
      const fromCredentials = this.credentials?.values;
      if (fromCredentials === undefined) this.merged = fromConfig ?? new Map();
      else if (fromConfig === undefined) this.merged = fromCredentials;
      else {
        const merged = new Map(fromConfig);
        for (const [key, setting] of fromCredentials) merged.set(key, setting);
        this.merged = merged;
      }
    }
    return this.merged;
  }
}

/**
 * Sorts in place: `default` first, then by name as people read names: ignoring case, and with
 * numbers by their value (`h2` before `h10`); ties by exact name, so the order is stable.
 * Each name gets its sort key once (`naturalSortKey`), and keys compare as plain strings: a
 * locale collator, or a compare that walks digit runs on every call, made sorting 10,000
 * profiles cost more than parsing them. The keys sit in an array beside the positions sorted,
 * not in an object per profile: on the way to a tree's first row every object that lives
 * through the sort is copied by the garbage collector.
 */
export function sortProfiles<T extends { readonly name: string }>(profiles: T[]): T[] {
  const keys = profiles.map((profile) => (profile.name === 'default' ? '' : naturalSortKey(profile.name)));
  const order = profiles.map((_, index) => index);
  order.sort((a, b) => compareKeys(keys[a], keys[b]) || compareKeys(profiles[a].name, profiles[b].name));
  const sorted = order.map((index) => profiles[index]);
  for (let i = 0; i < sorted.length; i++) profiles[i] = sorted[i];
  return profiles;
}

/** Digit runs longer than this keep their digits but stop sorting by value (no name has one). */
const MAX_RUN = 99;
const ZERO = 48;
const NINE = 57;

/**
 * A key whose plain string order is the natural order of names: lower-cased, each run of digits
 * without its leading zeros and led by its length in two digits, so that a longer number sorts
 * after a shorter one and numbers of one length by their digits: "h2" < "h10", "v1.9" < "v1.10",
 * a 12-digit account id by its value ("h01" and "h1" get the same key). A run starts with a
 * digit either way, so it sorts against letters and punctuation as the digits themselves would.
 * Written as a loop over the name, not a `replace` with a callback: that made the sort's keys
 * cost more garbage than the tree's rows.
 */
export function naturalSortKey(name: string): string {
  const lower = name.toLowerCase();
  // The pieces are joined once, into one flat string: a key put together with `+` is a chain of
  // pieces, and comparing chains made the sort itself half as slow again.
  let pieces: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < lower.length; i++) {
    if (!isDigit(lower.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < lower.length && isDigit(lower.charCodeAt(end))) end++;
    let start = i;
    while (start < end - 1 && lower.charCodeAt(start) === ZERO) start++;
    const length = Math.min(end - start, MAX_RUN);
    (pieces ??= []).push(lower.slice(copied, i), length < 10 ? `0${length}` : `${length}`, lower.slice(start, end));
    copied = end;
    i = end - 1;
  }
  if (pieces === undefined) return lower;
  pieces.push(lower.slice(copied));
  return pieces.join('');
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
