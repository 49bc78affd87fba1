/**
 * The words the UI shows for profiles and hops: one-line descriptions, tooltip facts and the
 * filter. Pure functions, so what a user reads is unit-tested without VS Code.
 */

import { CHAIN_HEAD_LENGTH, joinChainNames } from './chainNames';
import { PROFILE_KINDS } from './profileKinds';
import { roleAccountAndName } from './arn';
import { chainIsComplete, settingValue } from './profileModel';
import { shortKeyId } from '../vocabulary/redaction';
import type { ChainHop, ConfigProblem, Profile, ProfileKind, ProblemCode, SourceLocation } from './types';

/**
 * What separates the parts of a row's one-line description: `222222222222 - Developer - MFA`.
 * ASCII on purpose, like the rest of a row's text: VS Code sends a view's rows to the workbench as
 * one message, and a single character beyond ASCII in it (a middle dot, an ellipsis) puts the whole
 * message on a slower decoding path. For 10,000 profiles that was a tenth of a second more before
 * the first row showed (`tree-10k`, docs/benchmarks.md).
 */
export const ROW_SEPARATOR = ' - ';

export function describeKind(kind: ProfileKind): string {
  return PROFILE_KINDS[kind].label;
}

/** True when the profile can be assumed: its chain reaches credentials and nothing is broken. */
export function isAssumable(profile: Profile): boolean {
  return chainIsComplete(profile) && firstError(profile.problems) === undefined;
}

/** The first problem to show in place of a description: errors before warnings. */
export function primaryProblem(problems: readonly ConfigProblem[]): ConfigProblem | undefined {
  return firstError(problems) ?? problems[0];
}

function firstError(problems: readonly ConfigProblem[]): ConfigProblem | undefined {
  for (const problem of problems) if (problem.severity === 'error') return problem;
  return undefined;
}

/** What kind of problem each code is, in a few words: a row's description must fit a narrow side bar. */
const PROBLEM_LABELS: Record<ProblemCode, string> = {
  'file-unreadable': 'unreadable file',
  'file-unparsable': 'file ignored by the AWS SDK',
  'section-ignored': 'section ignored by the AWS SDK',
  'source-profile-missing': 'source profile missing',
  'source-cycle': 'source_profile cycle',
  'source-both': 'both source_profile and credential_source',
  'source-neither': 'no source_profile or credential_source',
  'credential-source-unknown': 'unknown credential_source',
  'role-arn-malformed': 'malformed role_arn',
  'mfa-serial-malformed': 'malformed mfa_serial',
  'duration-not-a-number': 'duration_seconds not a number',
  'duration-out-of-range': 'duration_seconds out of range',
  'duration-capped-when-chained': 'duration capped at 1 h',
  'role-session-name-malformed': 'malformed role_session_name',
  'static-keys-incomplete': 'half a key pair',
  'sso-session-missing': 'sso-session missing',
  'sso-settings-incomplete': 'SSO settings incomplete',
  'no-credentials': 'no credentials',
  'name-unusable-in-js-sdk': 'name the JS SDK cannot use',
  'chain-broken': 'broken source profile',
};

/** The kind of a problem in a few words ("source profile missing"); the message says the rest. */
export function describeProblem(problem: ConfigProblem): string {
  return PROBLEM_LABELS[problem.code];
}

/**
 * "222222222222 - Developer - eu-west-1", or what fits the kind. An error takes the place of
 * the description, named in a few words ("source profile missing", "+1 more" when there are
 * others); a warning leaves it (the icon and tooltip tell).
 */
export function describeProfile(profile: Profile): string {
  const words: string[] = [];
  pushProfileWords(words, profile);
  return words.join(ROW_SEPARATOR);
}

/**
 * A tree row's description: the profile's, marked "active" (and the time left, when known) for
 * the window's session, what assuming it gives when that is not plain (`sessionWords`: "session
 * of alice's keys, 12 h") and "MFA" when assuming it asks for a code (as the Assume Role picker
 * marks it). `heldMark` says where else it is live: "in a terminal - 42 min left".
 *
 * Every part goes into one array, joined once: a tree asks this of each of 10,000 profiles, and
 * VS Code keeps each row's description as long as the row. A description put together with `+`
 * is a chain of pieces that the garbage collector copies while the tree is built; one `join`
 * gives one flat string, and its array dies at once, which costs the collector nothing.
 */
export function describeProfileRow(profile: Profile, active: boolean, timeLeft?: string, sessionWords?: string, heldMark?: string): string {
  const words: string[] = [];
  if (active) words.push('active');
  if (active && timeLeft) words.push(timeLeft);
  if (heldMark) words.push(heldMark);
  pushProfileWords(words, profile);
  if (isAssumable(profile)) {
    if (sessionWords) words.push(sessionWords);
    if (profile.needsMfa) words.push('MFA');
  }
  return words.join(ROW_SEPARATOR);
}

/** `describeProfile`'s parts, onto `words`. */
function pushProfileWords(words: string[], profile: Profile): void {
  const error = firstError(profile.problems);
  if (error) {
    const others = profile.problems.length - 1;
    words.push(others > 0 ? `${describeProblem(error)} (+${others} more)` : describeProblem(error));
    return;
  }
  // The profile's own hop, in the words `describeHop` gives it, read from the profile: building the
  // hop (its location, whether it is chained) for each of 10,000 rows was a tenth of their cost.
  const kind = profile.kind;
  if (kind === 'role') {
    const roleArn = settingValue(profile, 'role_arn');
    const role = roleArn === undefined ? undefined : roleAccountAndName(roleArn);
    pushRoleWords(words, roleArn, role?.[0], role?.[1]);
  } else {
    pushRootWords(words, kind, kind === 'credentialSource' ? settingValue(profile, 'credential_source') : undefined, profile);
  }
  const region = settingValue(profile, 'region');
  if (region) words.push(region);
}

/** A hop's one-line description: account and role for a role, the kind for a root. */
export function describeHop(hop: ChainHop, profile?: Profile): string {
  const words: string[] = [];
  if (hop.kind === 'role') pushRoleWords(words, hop.roleArn, hop.role?.accountId, hop.role?.roleName);
  else pushRootWords(words, hop.kind, hop.credentialSource, profile);
  return words.join(ROW_SEPARATOR);
}

/** "222222222222", "Developer"; or the ARN as written when it is not a role ARN. */
function pushRoleWords(words: string[], roleArn: string | undefined, accountId: string | undefined, roleName: string | undefined): void {
  if (accountId !== undefined && roleName !== undefined) words.push(accountId, roleName);
  else words.push(roleArn ?? 'role');
}

/** What a root hop is: the key id's last four for keys, the account and role for SSO, else the kind. */
function pushRootWords(words: string[], kind: ProfileKind, credentialSource: string | undefined, profile?: Profile): void {
  if (kind === 'credentialSource') {
    words.push(credentialSource ? `credential source ${credentialSource}` : 'credential source');
  } else if (kind === 'staticKeys') {
    const keyId = profile && settingValue(profile, 'aws_access_key_id');
    const temporary = profile && settingValue(profile, 'aws_session_token') !== undefined ? 'temporary keys' : 'static keys';
    words.push(keyId ? `${temporary} ${shortKeyId(keyId)}` : temporary);
  } else if (kind === 'sso') {
    words.push('SSO');
    const account = profile && settingValue(profile, 'sso_account_id');
    if (account) words.push(account);
    const roleName = profile && settingValue(profile, 'sso_role_name');
    if (roleName) words.push(roleName);
  } else {
    words.push(describeKind(kind));
  }
}

/** A fact for a tooltip: a label and a plain-text value. */
export interface SummaryFact {
  readonly label: string;
  readonly value: string;
}

/** The facts a profile's tooltip lists. Never a secret; an external id only as "set". */
export function summarizeProfile(profile: Profile): SummaryFact[] {
  const facts: SummaryFact[] = [];
  const get = (key: string) => profile.settings.get(key)?.value;
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') facts.push({ label, value });
  };
  add('Kind', describeKind(profile.kind));
  add('Role ARN', get('role_arn'));
  add('Source profile', get('source_profile'));
  add('Credential source', get('credential_source'));
  add('MFA device', get('mfa_serial'));
  add('MFA code from', get('mfa_process') !== undefined ? 'mfa_process' : undefined);
  add('External ID', get('external_id') !== undefined ? 'set' : undefined);
  add('Session duration', formatDuration(get('duration_seconds')));
  add('Session name', get('role_session_name'));
  add('Region', get('region'));
  const keyId = get('aws_access_key_id');
  add('Access key', keyId === undefined ? undefined : shortKeyId(keyId));
  add('SSO session', get('sso_session'));
  add('SSO account', get('sso_account_id'));
  add('SSO role', get('sso_role_name'));
  add('Credential process', get('credential_process') !== undefined ? 'set' : undefined);
  add('Web identity token file', get('web_identity_token_file'));
  add('MFA', profile.needsMfa && get('mfa_serial') === undefined ? 'a role further down the chain asks for a code' : undefined);
  const hops = profile.chain.hops;
  if (hops.length > 1) {
    // A chain of a thousand hops is abbreviated: the tooltip stays one readable line.
    const name = (hop: ChainHop) => hop.profileName + (hop.kind === 'role' ? '' : ` (${describeKind(hop.kind)})`);
    add('Chain', joinChainNames(hops.slice(0, CHAIN_HEAD_LENGTH + 1).map(name), hops.length, name(hops[hops.length - 1])));
  }
  for (const location of profile.locations) add('Defined in', formatLocation(location));
  return facts;
}

/** "7200 s (2 h)" for a number, the raw text otherwise. */
export function formatDuration(seconds: string | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (!/^\d+$/.test(seconds)) return seconds;
  const value = Number(seconds);
  const hours = value / 3600;
  const human = Number.isInteger(hours) ? `${hours} h` : `${Math.round(value / 60)} min`;
  return `${value} s (${human})`;
}

/** "/home/me/.aws/config:12", with the 1-based line people read. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line + 1}`;
}

/** True when the profile matches what a user typed into the filter: name, account, role or region. */
export function matchesFilter(profile: Profile, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  const first = profile.chain.first;
  const haystack = [profile.name, first?.role?.accountId, first?.role?.roleName, profile.settings.get('region')?.value];
  return haystack.some((text) => text !== undefined && text.toLowerCase().includes(needle));
}
