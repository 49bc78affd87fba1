/** Types of the AWS profile model: what the config files say, where, and what is wrong with them. */

import type { ProfileKind } from '../vocabulary/profileKind';
import type { IniValue, SourceLocation } from './sourceLocation';

export type { SourceLocation };
/** How a profile yields credentials: a word of the shared vocabulary, since a session names the kind of its root. */
export type { ProfileKind };

/** A setting's value with the place it was written. */
export type Setting = IniValue;

/** Which of the two shared files. */
export type ConfigFileKind = 'config' | 'credentials';

/** A section of the config or credentials file, after the SDK's merging rules. */
export interface ConfigSection {
  readonly name: string;
  readonly values: ReadonlyMap<string, Setting>;
  /** Every header that contributes to this section (a section may be written twice). */
  readonly headers: readonly SourceLocation[];
}

export type ProblemSeverity = 'error' | 'warning';

/** Stable codes, so the UI and tests can tell problems apart without parsing messages. */
export type ProblemCode =
  | 'file-unreadable'
  | 'file-unparsable'
  | 'section-ignored'
  | 'source-profile-missing'
  | 'source-cycle'
  | 'source-both'
  | 'source-neither'
  | 'credential-source-unknown'
  | 'role-arn-malformed'
  | 'mfa-serial-malformed'
  | 'duration-not-a-number'
  | 'duration-out-of-range'
  | 'duration-capped-when-chained'
  | 'role-session-name-malformed'
  | 'static-keys-incomplete'
  | 'sso-session-missing'
  | 'sso-settings-incomplete'
  | 'no-credentials'
  | 'name-unusable-in-js-sdk'
  | 'chain-broken';

/** A mistake in the user's files, attached where it is. */
export interface ConfigProblem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  /** A sentence that says what is wrong and what to do. */
  readonly message: string;
  readonly location?: SourceLocation;
}


/** The parts of an IAM role ARN that people recognise a role by. */
export interface RoleArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** The role's name (the last path segment). */
  readonly roleName: string;
  /** The path between `role/` and the name, `/` when there is none. */
  readonly path: string;
}

/** One step of a role chain, from the profile the user picked down to the root credentials. */
export interface ChainHop {
  /** The profile this hop is read from. */
  readonly profileName: string;
  /**
   * `role`: assumes `roleArn` with the credentials of the next hop. Any other kind is the
   * chain's root: the credentials everything above it starts from.
   */
  readonly kind: ProfileKind;
  readonly roleArn?: string;
  readonly role?: RoleArnParts;
  /** For a `credentialSource` root: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`. */
  readonly credentialSource?: string;
  readonly mfaSerial?: string;
  /** True when this role is assumed with temporary credentials, so STS caps it at one hour. */
  readonly chained: boolean;
  /**
   * The header of the section holding the settings that make this hop (`role_arn` for a role,
   * the keys for static keys, …): the credentials file's when they are written there.
   */
  readonly location?: SourceLocation;
}

/** The hops from a role profile down to its root credentials. */
export interface RoleChain {
  /** The profile itself as the first hop, without listing the rest (a tree row needs only this). */
  readonly first: ChainHop;
  readonly hops: readonly ChainHop[];
  /** False when the walk stopped at a missing profile, a cycle, or a profile with no credentials. */
  readonly complete: boolean;
}

/** A profile as the user sees it: what it is, how it chains, where it is and what is wrong. */
export interface Profile {
  readonly name: string;
  readonly kind: ProfileKind;
  /** The merged settings (credentials-file values win, as in the SDK). */
  readonly settings: ReadonlyMap<string, Setting>;
  /** Headers of the profile's sections, config file first. */
  readonly locations: readonly SourceLocation[];
  /** The hops down to the root; a root profile's chain is itself alone. */
  readonly chain: RoleChain;
  /** The profile's own problems followed by those found along its chain. */
  readonly problems: readonly ConfigProblem[];
  /** True when some hop of the chain asks for an MFA code. */
  readonly needsMfa: boolean;
}

/** What became of reading one file. */
export interface ConfigFileState {
  readonly kind: ConfigFileKind;
  readonly path: string;
  readonly status: 'ok' | 'missing' | 'unreadable' | 'unparsable';
  readonly problem?: ConfigProblem;
}

/** Everything the extension knows about the user's profiles, rebuilt whenever a file changes. */
export interface ProfileModel {
  readonly files: readonly ConfigFileState[];
  /**
   * In file order: the config file's, then those only in the credentials file. Views sort them
   * (`sortProfiles`); the model does not pay for an order only a view needs.
   */
  readonly profiles: readonly Profile[];
  /**
   * Every profile by name: the files' `profiles`, and (through `ProfileStore.setExtension`) names
   * no file defines, such as IAM Identity Center's roles (`acme/555555555555/ReadOnly`), which
   * are looked up but never listed in `profiles`: lists of the user's profiles stay theirs.
   */
  readonly byName: ReadonlyMap<string, Profile>;
  readonly ssoSessions: ReadonlyMap<string, ConfigSection>;
  /** `[services NAME]` sections (per-service `endpoint_url`s, e.g. `sts.endpoint_url`). */
  readonly services: ReadonlyMap<string, ConfigSection>;
  /** Problems that belong to no profile: unreadable files, ignored sections. */
  readonly fileProblems: readonly ConfigProblem[];
}
