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

/** `configuration` with the session's `variables` added to its `env` by the rules above. */
export function injectIntoLaunch<T extends DebugLaunchConfiguration>(configuration: T, variables: Readonly<Record<string, string>>): DebugInjection<T> {
  if (configuration.awsRoles === false) return { configuration, added: [], withheld: 'opted-out' };
  if (configuration.request === 'attach' || configuration.__pendingTargetId !== undefined) return { configuration, added: [], withheld: 'attach' };
  const throughTerminal = configuration.console === 'integratedTerminal' || configuration.console === 'externalTerminal';
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
