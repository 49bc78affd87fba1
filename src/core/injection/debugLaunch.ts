/**
 * What a debug launch gets of the session (issue 9): the same variables as a terminal, from
 * `sessionEnvironment`, merged into the launch configuration's `env` as it starts. Pure, so each
 * rule is unit-tested.
 *
 * - The person's own `env` wins: a name the configuration sets (even to `null`) is left alone.
 * - `"awsRoles": false` in a configuration leaves it untouched, and so are configurations that
 *   start no process: every `attach`, and js-debug's child sessions (`__pendingTargetId`: a
 *   `launch` that attaches to the program js-debug already started, with the env it was given).
 * - With `console` set to `integratedTerminal` or `externalTerminal`, VS Code starts the program
 *   through a terminal, and may type the `env` into it as part of a command line (visible in
 *   the terminal and, for an external one, in the process list). No credential goes that way: an
 *   integrated terminal gets them from the terminals' collection like any other terminal; an
 *   external terminal gets only the region.
 */

/** The parts of a launch configuration this reads and writes; any debugger's (`type: '*'`). */
export interface DebugLaunchConfiguration {
  readonly env?: Readonly<Record<string, string | null | undefined>>;
  readonly console?: unknown;
  readonly awsRoles?: unknown;
  readonly request?: unknown;
  readonly [key: string]: unknown;
}

/** Variables that hold, or lead to, a credential: never typed into a terminal. */
const CREDENTIAL_VARIABLES: ReadonlySet<string> = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]);

export interface DebugInjection<T extends DebugLaunchConfiguration> {
  /** The configuration to launch with. */
  readonly configuration: T & { readonly env?: Readonly<Record<string, string | null | undefined>> };
  /** The variable names added, for the log (never their values). */
  readonly added: readonly string[];
  /** Why credentials were not added, when they were not. */
  readonly withheld?: 'opted-out' | 'terminal-console' | 'attach';
}

/** What a launch asks of the session, decided before anything is assumed or started for it. */
export type LaunchRequest =
  /** Nothing to add: opted out, or a configuration that starts no process. */
  | { readonly kind: 'untouched'; readonly why: 'opted-out' | 'attach' }
  /** `"awsProfile"` with a terminal console: its keys could only travel in the typed `env`. */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'inject'; readonly throughTerminal: boolean; readonly awsProfile?: string };

export function launchRequest(configuration: DebugLaunchConfiguration): LaunchRequest {
  if (configuration.awsRoles === false) return { kind: 'untouched', why: 'opted-out' };
  // js-debug's child sessions carry the parent's properties (an awsProfile included): never assume again for them.
  if (configuration.request === 'attach' || configuration.__pendingTargetId !== undefined) return { kind: 'untouched', why: 'attach' };
  const throughTerminal = configuration.console === 'integratedTerminal' || configuration.console === 'externalTerminal';
  const awsProfile = typeof configuration.awsProfile === 'string' ? configuration.awsProfile : undefined;
  if (awsProfile !== undefined && throughTerminal) {
    return { kind: 'refused', message: `"awsProfile" needs "console": "internalConsole" (with ${String(configuration.console)} the credentials would be typed into the terminal).` };
  }
  return { kind: 'inject', throughTerminal, ...(awsProfile === undefined ? {} : { awsProfile }) };
}

/** `configuration` with the session's `variables` added to its `env` by the rules above. */
export function injectIntoLaunch<T extends DebugLaunchConfiguration>(configuration: T, variables: Readonly<Record<string, string>>): DebugInjection<T> {
  const request = launchRequest(configuration);
  if (request.kind === 'untouched') return { configuration, added: [], withheld: request.why };
  const throughTerminal = request.kind === 'inject' ? request.throughTerminal : true;
  const own = configuration.env ?? {};
  const env: Record<string, string | null | undefined> = { ...own };
  const added: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (Object.prototype.hasOwnProperty.call(own, name)) continue;
    if (throughTerminal && CREDENTIAL_VARIABLES.has(name)) continue;
    env[name] = value;
    added.push(name);
  }
  return { configuration: { ...configuration, env }, added, ...(throughTerminal ? { withheld: 'terminal-console' as const } : {}) };
}
