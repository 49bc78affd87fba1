/**
 * Role chains: each profile's `source_profile` references followed down to the credentials
 * the chain starts from, the way the AWS SDK resolves them.
 *
 * The references form a graph. What each profile needs to know about what lies below it
 * (complete? a cycle? temporary credentials? MFA? the nearest broken profile?) is computed
 * once per profile without recursion and kept in the builder's own memo (the profiles are the
 * model's, shared with every reader, and are never written to), so the whole model costs
 * O(profiles) however long the chains or cycles are. The hops themselves are only listed when
 * someone asks (a tree node expanding).
 *
 * Every walk follows one rule (`walkFrom`): each profile once, the picked one included, and a
 * walk that comes back to a profile it has seen stops there, naming it once more as the place
 * the cycle closes. The memo's `cycleEntry` is that same profile, so the cycle message, the
 * listed hops and the memoised facts cannot disagree about where a cycle is. Whether a role is
 * assumed with temporary credentials is decided once too (`isChained`, over the kinds' own
 * rule, `isTemporaryRoot`).
 */

import { parseRoleArn } from './arn';
import { joinChainNames, CHAIN_HEAD_LENGTH } from './chainNames';
import { CHAINED_ROLE_MAX_DURATION_SECONDS, locationOf } from './profileProblems';
import { hasKey, KEY, type KnownSettings } from './knownKeys';
import { isTemporaryRoot, PROFILE_KINDS } from './profileKinds';
import type { ChainHop, ConfigProblem, ProfileKind, RoleChain, SourceLocation } from './types';

/** A profile as the chain builder needs it. */
export interface ChainProfile extends KnownSettings {
  readonly name: string;
  readonly header: SourceLocation | undefined;
  /** The profile its `source_profile` names, resolved once by the model; undefined when none exists. */
  readonly source: ChainProfile | undefined;
  /** Its kind when a user picks it (`toProfileKind(mask, false)`), computed once. */
  readonly kind: ProfileKind;
  /** Its kind when reached through a `source_profile` (`toProfileKind(mask, true)`). */
  readonly sourceKind: ProfileKind;
  /** The header of the section whose value of known key `key` counts (the credentials file's first). */
  headerHolding(key: number): SourceLocation | undefined;
  /** Its own problems; an error among them breaks every chain through it. */
  readonly ownProblems: readonly ConfigProblem[];
}

/** What a chain says about the profile it starts at. */
export interface ChainFacts {
  /** The walk ends at usable root credentials (`RoleChain.complete`); `chainOf` lists the hops. */
  readonly complete: boolean;
  /** Problems only the chain reveals: a cycle, a chained duration, a broken profile below. */
  readonly problems: readonly ConfigProblem[];
  readonly needsMfa: boolean;
}

const NO_PROBLEMS: readonly ConfigProblem[] = Object.freeze([]);

/** What lies below a profile reached through `source_profile`, memoised per profile. */
interface Below {
  /** The walk ends at usable root credentials. */
  readonly complete: boolean;
  /** The walk from here runs into a cycle. */
  readonly cycle: boolean;
  /** The credentials this profile yields as a source are temporary. */
  readonly temporary: boolean;
  /** Some role from here down asks for an MFA code. */
  readonly needsMfa: boolean;
  /** The nearest profile from here down whose own problems break the chain. */
  readonly brokenAt?: ChainProfile;
  /**
   * When the walk runs into a cycle: the profile it meets twice, where the cycle closes. For a
   * profile on the cycle that is itself; for one that leads into it, the first one on it.
   */
  readonly cycleEntry?: ChainProfile;
  /** Distinct profiles from here to the end of the walk. */
  readonly length: number;
}

/** Builds chains over one set of profiles; create one per model (its memo holds what it learnt of them). */
export class RoleChainBuilder {
  /** What lies below each profile reached as a source, computed once. */
  private readonly memo = new Map<ChainProfile, Below>();

  /** The chain of one of this builder's profiles, as the user picks it (role preferred over static keys). */
  chainOfProfile(profile: ChainProfile): ChainFacts {
    const kind = profile.kind;
    if (kind !== 'role') return { complete: kind !== 'none', problems: NO_PROBLEMS, needsMfa: false };
    const mfa = hasKey(profile.mask, KEY.mfa_serial);
    let problems = durationProblems(profile.name, profile, this.isChained(profile));
    if (hasKey(profile.mask, KEY.credential_source)) return { complete: true, problems, needsMfa: mfa };
    const below = profile.source && this.belowOf(profile.source);
    if (below !== undefined && (below.cycle || below.brokenAt !== undefined)) {
      const more = [...problems];
      if (below.cycle) more.push(this.cycleProblem(profile, below));
      if (below.brokenAt !== undefined) more.push(brokenProblem(below.brokenAt));
      problems = more;
    }
    return { complete: below?.complete ?? false, problems, needsMfa: mfa || (below?.needsMfa ?? false) };
  }

  /** The chain of a profile whose facts `chainOfProfile` gave; its hops are listed on first use. */
  chainOf(profile: ChainProfile, complete: boolean): RoleChain {
    return new LazyChain(this, profile, complete);
  }

  /**
   * Computes (once) what lies below `start` and every profile on the way, without recursion: the
   * one walk from `start`, stopped early where the memo already knows the rest.
   */
  private belowOf(start: ChainProfile): Below {
    const memo = this.memo;
    const known = memo.get(start);
    if (known) return known;
    if (endsWalk(start)) {
      // The walk's first step, without the walk: most sources are roots, and the walk's own
      // map, set and generator for each of them were a tenth of the model's garbage.
      const root = rootBelow(start.sourceKind, start);
      memo.set(start, root);
      return root;
    }
    const path: ChainProfile[] = [];
    const onPath = new Map<ChainProfile, number>();
    // Reached only through a missing source_profile (the walk ran off the end), which the referring profile reports.
    let result: Below = MISSING_BELOW;
    for (const profile of walkFrom(start, new Set())) {
      const remembered = memo.get(profile);
      if (remembered) {
        result = remembered;
        break;
      }
      if (endsWalk(profile)) {
        result = rootBelow(profile.sourceKind, profile);
        memo.set(profile, result);
        break;
      }
      const seenAt = onPath.get(profile);
      if (seenAt !== undefined) {
        // Everything from the first visit on is the cycle; what led here runs into it.
        const cycleLength = path.length - seenAt;
        for (let i = path.length - 1; i >= seenAt; i--) {
          memo.set(path[i], { complete: false, cycle: true, temporary: true, needsMfa: false, cycleEntry: path[i], length: cycleLength });
        }
        path.length = seenAt;
        result = memo.get(profile)!;
        break;
      }
      onPath.set(profile, path.length);
      path.push(profile);
    }
    // Unwind: each profile on the path is a role over the one after it (and a role's credentials are temporary).
    for (let i = path.length - 1; i >= 0; i--) {
      const current = path[i];
      result = {
        complete: result.complete,
        cycle: result.cycle,
        temporary: true,
        needsMfa: hasKey(current.mask, KEY.mfa_serial) || result.needsMfa,
        brokenAt: breaksChain(current) ? current : result.brokenAt,
        cycleEntry: result.cycleEntry,
        length: result.length + 1,
      };
      memo.set(current, result);
    }
    return memo.get(start)!;
  }

  /**
   * Whether the role `profile` is assumed with temporary credentials, so STS caps it at an hour:
   * those of its `credential_source`, or those its source_profile yields.
   */
  private isChained(profile: ChainProfile): boolean {
    if (hasKey(profile.mask, KEY.credential_source)) return isTemporaryRoot('credentialSource', profile);
    const source = profile.source;
    return source ? this.belowOf(source).temporary : false;
  }

  /** Lists the hops of a profile's chain as the user picks it, down to the root or to where a cycle closes. */
  listHops(startProfile: ChainProfile): ChainHop[] {
    const first = this.firstHop(startProfile);
    if (startProfile.kind !== 'role') return [first];
    if (hasKey(startProfile.mask, KEY.credential_source)) return [first, rootHop(startProfile.name, 'credentialSource', startProfile)];
    const hops: ChainHop[] = [first];
    for (const profile of sourcesOf(startProfile)) {
      const name = profile.name;
      const kind = profile.sourceKind;
      if (kind !== 'role') {
        hops.push(rootHop(name, kind, profile));
        continue;
      }
      hops.push(roleHop(name, profile, this.isChained(profile)));
      if (hasKey(profile.mask, KEY.credential_source)) hops.push(rootHop(name, 'credentialSource', profile));
    }
    return hops;
  }

  /** The profile itself as the first hop of its chain: O(1), the rest of the chain is not walked. */
  firstHop(startProfile: ChainProfile): ChainHop {
    const start = startProfile.name;
    if (startProfile.kind !== 'role') return rootHop(start, startProfile.kind, startProfile);
    return roleHop(start, startProfile, this.isChained(startProfile));
  }

  /**
   * "Profiles visited: a → b → c → a", the cycle named once. A cycle of thousands is
   * abbreviated ("p5 → p6 → p7 → … (19997 more) → p5" for a cycle of 20,000): the names come from the first steps
   * of the walk, the count and the closing profile from the memo, so this stays O(1) per profile.
   */
  private cycleProblem(start: ChainProfile, below: Below): ConfigProblem {
    const startIsOnCycle = this.memo.get(start)?.cycleEntry === start;
    const closing = startIsOnCycle ? start : below.cycleEntry!;
    // The distinct profiles before the walk meets `closing` again.
    const distinct = startIsOnCycle ? below.length : below.length + 1;
    const first = [start.name];
    for (const profile of sourcesOf(start)) {
      if (first.length > CHAIN_HEAD_LENGTH || first.length === distinct) break;
      first.push(profile.name);
    }
    const visited = joinChainNames(first, distinct + 1, closing.name);
    return {
      code: 'source-cycle',
      severity: 'error',
      message: `Detected a cycle attempting to resolve credentials for profile ${start.name}. Profiles visited: ${visited}. Point one source_profile at a profile with credentials.`,
      location: locationOf(start.settingOf(KEY.source_profile)) ?? start.header,
    };
  }
}

const MISSING_BELOW: Below = { complete: false, cycle: false, temporary: false, needsMfa: false, length: 0 };

/**
 * The one walk rule: `first` and the profiles below it through source_profile, each once. The
 * walk ends after a root (a profile that yields credentials as a source, or a role over a
 * credential_source), at a missing source_profile, or after yielding the first profile it had
 * seen already (`seen` holds those seen before `first`), which is where the cycle closes.
 */
function* walkFrom(first: ChainProfile | undefined, seen: Set<ChainProfile>): Generator<ChainProfile, void, undefined> {
  for (let profile = first; profile !== undefined; profile = profile.source) {
    yield profile;
    if (seen.has(profile) || endsWalk(profile)) return;
    seen.add(profile);
  }
}

/** The profiles a chain walk visits after `start`, a role over a source_profile. */
function sourcesOf(start: ChainProfile): Generator<ChainProfile, void, undefined> {
  return walkFrom(start.source, new Set([start]));
}

/** A profile reached as a source whose credentials come from itself, not from another profile. */
function endsWalk(profile: ChainProfile): boolean {
  return profile.sourceKind !== 'role' || hasKey(profile.mask, KEY.credential_source);
}

function rootBelow(kind: ProfileKind, profile: ChainProfile): Below {
  if (kind === 'role') {
    // A role over a credential_source: the walk ends here, with one role hop on the source.
    return {
      complete: true,
      cycle: false,
      temporary: true,
      needsMfa: hasKey(profile.mask, KEY.mfa_serial),
      brokenAt: breaksChain(profile) ? profile : undefined,
      length: 1,
    };
  }
  return {
    complete: kind !== 'none',
    cycle: false,
    temporary: isTemporaryRoot(kind, profile),
    needsMfa: false,
    brokenAt: kind === 'none' || breaksChain(profile) ? profile : undefined,
    length: 1,
  };
}

function breaksChain(profile: ChainProfile): boolean {
  for (const problem of profile.ownProblems) if (problem.severity === 'error') return true;
  return false;
}

/** The broken profile's own problem, repeated on every profile whose chain runs through it. */
function brokenProblem(brokenAt: ChainProfile): ConfigProblem {
  const problems = brokenAt.ownProblems;
  const cause = problems.find((problem) => problem.severity === 'error') ?? problems[0];
  return {
    code: 'chain-broken',
    severity: 'error',
    message: `In source profile "${brokenAt.name}": ${cause?.message ?? 'it yields no credentials.'}`,
    location: cause?.location ?? brokenAt.header,
  };
}

/** A chain whose hops are listed on first use and then kept. */
class LazyChain implements RoleChain {
  private listed: readonly ChainHop[] | undefined;
  private head: ChainHop | undefined;
  constructor(
    private readonly builder: RoleChainBuilder,
    private readonly start: ChainProfile,
    readonly complete: boolean,
  ) {}

  get first(): ChainHop {
    this.head ??= this.listed?.[0] ?? this.builder.firstHop(this.start);
    return this.head;
  }

  get hops(): readonly ChainHop[] {
    this.listed ??= this.builder.listHops(this.start);
    return this.listed;
  }
}

function roleHop(name: string, profile: ChainProfile, chained: boolean): ChainHop {
  const roleArn = profile.valueOf(KEY.role_arn);
  return {
    profileName: name,
    kind: 'role',
    roleArn,
    role: roleArn === undefined ? undefined : parseRoleArn(roleArn),
    mfaSerial: profile.valueOf(KEY.mfa_serial),
    chained,
    location: hopLocation('role', profile),
  };
}

function rootHop(name: string, kind: ProfileKind, profile: ChainProfile): ChainHop {
  return {
    profileName: name,
    kind,
    credentialSource: kind === 'credentialSource' ? profile.valueOf(KEY.credential_source) : undefined,
    roleArn: kind === 'webIdentity' ? profile.valueOf(KEY.role_arn) : undefined,
    chained: false,
    location: hopLocation(kind, profile),
  };
}

/**
 * Where a hop is defined: the header of the section holding the keys that make it this kind of
 * hop. A profile may be split over both files (region in the config file, keys in the
 * credentials file); its keys' section is the one a person wants to open.
 */
function hopLocation(kind: ProfileKind, profile: ChainProfile): SourceLocation | undefined {
  for (const key of PROFILE_KINDS[kind].definingKeys) {
    if (hasKey(profile.mask, key)) return profile.headerHolding(key) ?? profile.header;
  }
  return profile.header;
}

/** A duration above an hour on a chained role: STS would refuse it, so it will be capped. */
function durationProblems(name: string, profile: ChainProfile, chained: boolean): readonly ConfigProblem[] {
  if (!chained) return NO_PROBLEMS;
  const seconds = profile.valueOf(KEY.duration_seconds);
  if (seconds === undefined || !/^\d+$/.test(seconds) || Number(seconds) <= CHAINED_ROLE_MAX_DURATION_SECONDS) return NO_PROBLEMS;
  return [
    {
      code: 'duration-capped-when-chained',
      severity: 'warning',
      message: `Profile "${name}" asks for duration_seconds = ${seconds}, but it is assumed with temporary credentials (role chaining), which STS limits to ${CHAINED_ROLE_MAX_DURATION_SECONDS} seconds; the session will last one hour.`,
      location: locationOf(profile.settingOf(KEY.duration_seconds)),
    },
  ];
}
