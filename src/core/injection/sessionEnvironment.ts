/**
 * The one pure function from the window's session to environment variables (issue 9 §1).
 * Terminals (through the environment collection) and debug launches (through their `env`) both
 * take their variables from here, so the two can never disagree.
 *
 * What the clients do with these variables (measured, `shared/notes/aws-facts.md`):
 * - Environment keys come first in every SDK's and the CLI's chain, ahead of `[default]`.
 * - The container endpoint comes late: environment keys, a set `AWS_PROFILE`, or a profile with
 *   keys in the files shadow it.
 * - An environment collection cannot unset a variable, but every client tests these variables
 *   for truthiness, so an empty value neutralises one VS Code inherited (except where a
 *   `conflict` below says otherwise).
 */

import type { RoleSession } from '../vocabulary/sessionTypes';
import type { EndpointAddress, InjectionMode } from './ports';

/** The environment VS Code itself runs with (`process.env`), which every terminal inherits. */
export type InheritedEnvironment = Readonly<Record<string, string | undefined>>;

export interface SessionEnvironmentInput {
  /** The session to hand over; `undefined` when there is none, or when it has ended. */
  readonly session: RoleSession | undefined;
  readonly mode: InjectionMode;
  /** The running credential endpoint; required in `endpoint` mode. */
  readonly endpoint?: EndpointAddress;
  readonly inherited: InheritedEnvironment;
}

/** Something in the inherited environment that changes what clients see and that no value here can undo. */
export type EnvironmentConflict =
  /**
   * `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`) is set in VS Code's environment. In `environment`
   * mode the JS SDK then ignores the keys and uses that profile (the CLI and botocore still take
   * the keys); in `endpoint` mode every client uses the profile and never asks the endpoint. It
   * cannot be neutralised: an empty `AWS_PROFILE` makes the AWS CLI fail.
   */
  | { readonly kind: 'profile-set'; readonly variable: 'AWS_PROFILE' | 'AWS_DEFAULT_PROFILE'; readonly profileName: string }
  /**
   * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is set (VS Code runs inside a container task):
   * botocore asks that relative URI before the full one whenever the variable exists, even empty.
   */
  | { readonly kind: 'relative-uri-set' };

export interface SessionEnvironment {
  /**
   * The exact variables to set, in a stable order. An empty value neutralises an inherited
   * variable that would otherwise win over (or mix with) the session.
   */
  readonly variables: Readonly<Record<string, string>>;
  /** Inherited variables that change what clients see and cannot be neutralised, for the UI to explain once. */
  readonly conflicts: readonly EnvironmentConflict[];
}

/** Variables that hold, or lead to, a credential: never typed into a terminal, never put where another extension reads. */
export const CREDENTIAL_VARIABLES: ReadonlySet<string> = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]);

/** The variables each mode owns; switching mode never leaves the other mode's behind (the collection is rebuilt). */
export const ENVIRONMENT_MODE_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
] as const;
export const ENDPOINT_MODE_VARIABLES = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'] as const;

/** The session's variables, for one mode, given what the environment already holds. */
export function sessionEnvironment(input: SessionEnvironmentInput): SessionEnvironment {
  const { session, mode, inherited } = input;
  if (!session) return { variables: {}, conflicts: [] };
  const variables: Record<string, string> = {};
  const isSet = (name: string) => Boolean(inherited[name]);

  if (mode === 'environment') {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = session.credentials;
    variables.AWS_ACCESS_KEY_ID = accessKeyId;
    variables.AWS_SECRET_ACCESS_KEY = secretAccessKey;
    // Static keys have no token: an inherited one would be paired with the wrong keys.
    if (sessionToken !== undefined || isSet('AWS_SESSION_TOKEN')) variables.AWS_SESSION_TOKEN = sessionToken ?? '';
    // botocore reads the legacy name first when it exists; keep it in step rather than stale.
    if (inherited.AWS_SECURITY_TOKEN !== undefined) variables.AWS_SECURITY_TOKEN = sessionToken ?? '';
    if (expiration !== undefined) variables.AWS_CREDENTIAL_EXPIRATION = expiration.toISOString();
    else if (isSet('AWS_CREDENTIAL_EXPIRATION')) variables.AWS_CREDENTIAL_EXPIRATION = '';
  } else {
    const endpoint = input.endpoint;
    if (!endpoint) throw new Error('sessionEnvironment: endpoint mode needs the endpoint address');
    variables.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.url;
    variables.AWS_CONTAINER_AUTHORIZATION_TOKEN = endpoint.token;
    // The token file wins over the token in both SDKs when set; an empty one counts as unset.
    if (isSet('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE')) variables.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = '';
    // Inherited keys come before the endpoint in every chain: neutralise them so the endpoint is asked.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION']) {
      if (isSet(name)) variables[name] = '';
    }
  }

  // Only the profile's own region: one from the environment is already there, and the
  // fallback would override a region the person set in their config's [default].
  if (session.profileRegion) {
    variables.AWS_REGION = session.profileRegion;
    variables.AWS_DEFAULT_REGION = session.profileRegion;
  }
  return { variables, conflicts: inheritedConflicts(mode, inherited) };
}

/** What in VS Code's environment keeps clients from using the session in `mode`, whatever is injected. */
export function inheritedConflicts(mode: InjectionMode, inherited: InheritedEnvironment): EnvironmentConflict[] {
  const conflicts: EnvironmentConflict[] = [];
  for (const variable of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'] as const) {
    const profileName = inherited[variable];
    if (profileName) conflicts.push({ kind: 'profile-set', variable, profileName });
  }
  if (mode === 'endpoint' && inherited.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI !== undefined) conflicts.push({ kind: 'relative-uri-set' });
  return conflicts;
}

/**
 * The collection's description (Markdown), shown in a terminal's hover: which profile, in
 * which mode, until when. Never a key or the endpoint's token.
 */
export function describeInjection(session: RoleSession, mode: InjectionMode): string {
  const end = session.credentials.expiration;
  const until = end ? ` until ${end.toISOString().slice(11, 16)} UTC` : '';
  const how = mode === 'endpoint' ? 'from the local credential endpoint (renewals reach running processes)' : 'as environment keys';
  return `AWS Role Sessions: profile \`${session.profileName}\`${until}, ${how}`;
}
