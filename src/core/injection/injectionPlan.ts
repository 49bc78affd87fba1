/**
 * How the window's session reaches terminals and debug launches, decided once from the setting,
 * the session and what the machine would do with it. Pure, so every rule is unit-tested.
 *
 * Why the default (`auto`) prefers the credential endpoint: desktop VS Code's persistent terminal
 * sessions write each terminal's whole environment to the workspace's storage on disk when it
 * quits (`terminal.integrated.bufferState` in `state.vscdb`) and revive the terminal with it. A
 * terminal that holds only the endpoint's address and token holds nothing worth having once the
 * window is gone (the token is new in every window, and the endpoint dies with it), and a revived
 * one cannot act as a session the window no longer holds. Keys are put into terminals only when
 * the person chose `environment`, or when something would win over the endpoint in every SDK's
 * chain (`[default]` credentials, an inherited `AWS_PROFILE`, a relative container URI), and then
 * the person is told once where desktop VS Code writes them.
 */

import type { RoleSession } from '../vocabulary/sessionTypes';
import { holdsLongTermKeys } from '../vocabulary/sessionTypes';
import type { InjectionMode } from './ports';
import { inheritedConflicts, type InheritedEnvironment } from './sessionEnvironment';

/** `awsRoles.injection`: `auto` picks the endpoint unless something would shadow it. */
export type InjectionSetting = 'auto' | InjectionMode;

/** What comes before the container endpoint in the SDKs' chains, so that a terminal would not use it. */
export type EndpointShadow =
  /** The AWS files' `[default]` profile yields credentials by itself (keys, a role, SSO, a process…). */
  | 'default-profile'
  /** `AWS_PROFILE` or `AWS_DEFAULT_PROFILE` is set in VS Code's environment. */
  | 'profile-set'
  /** `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is set: botocore asks it before the full URI. */
  | 'relative-uri-set';

export interface InjectionPlanInput {
  readonly setting: InjectionSetting;
  /** The session to hand over; `undefined` when there is none. */
  readonly session: RoleSession | undefined;
  readonly inherited: InheritedEnvironment;
  /** Whether the AWS files' `[default]` profile yields credentials by itself. */
  readonly defaultProfileYieldsCredentials: boolean;
  /**
   * Whether VS Code writes a terminal's environment to disk (desktop VS Code with persistent
   * terminal sessions that revive their processes). False in a browser, which never saves
   * terminal state, and when the person turned persistence off.
   */
  readonly terminalsReachDisk: boolean;
}

/** Something the person is told once, because of how the session is handed over. */
export type InjectionNotice =
  /** Terminals hold keys, and desktop VS Code writes them to disk when it quits. */
  | { readonly kind: 'keys-on-disk'; readonly chosen: boolean; readonly shadows: readonly EndpointShadow[] }
  /** Long-term keys (allowed by the person) are kept out of terminals, since VS Code would write them to disk. */
  | { readonly kind: 'long-term-keys-withheld' };

export interface InjectionPlan {
  /** How new terminals get the session; `none` when they get nothing of it. */
  readonly terminals: InjectionMode | 'none';
  /** How debug launches get it (their `env` travels over the debug protocol, never to disk). */
  readonly debug: InjectionMode;
  /** What would win over the endpoint, whatever the mode (for the warnings about them). */
  readonly shadows: readonly EndpointShadow[];
  readonly notice?: InjectionNotice;
}

export function planInjection(input: InjectionPlanInput): InjectionPlan {
  const shadows = endpointShadows(input);
  if (input.session && holdsLongTermKeys(input.session)) {
    // The container format needs a token and an end: the endpoint cannot serve long-term keys.
    return input.terminalsReachDisk
      ? { terminals: 'none', debug: 'environment', shadows, notice: { kind: 'long-term-keys-withheld' } }
      : { terminals: 'environment', debug: 'environment', shadows };
  }
  const mode: InjectionMode = input.setting === 'auto' ? (shadows.length > 0 ? 'environment' : 'endpoint') : input.setting;
  const notice: InjectionNotice | undefined =
    mode === 'environment' && input.terminalsReachDisk ? { kind: 'keys-on-disk', chosen: input.setting === 'environment', shadows } : undefined;
  return { terminals: mode, debug: mode, shadows, ...(notice ? { notice } : {}) };
}

/** What in the environment or the AWS files would keep a terminal from asking the endpoint. */
export function endpointShadows(input: Pick<InjectionPlanInput, 'inherited' | 'defaultProfileYieldsCredentials'>): EndpointShadow[] {
  const shadows: EndpointShadow[] = [];
  if (input.defaultProfileYieldsCredentials) shadows.push('default-profile');
  for (const conflict of inheritedConflicts('endpoint', input.inherited)) {
    if (!shadows.includes(conflict.kind)) shadows.push(conflict.kind);
  }
  return shadows;
}
