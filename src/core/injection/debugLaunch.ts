/**
 * What a debug launch gets of the session (issue 9): the same variables as a terminal, from
 * `sessionEnvironment`, merged into the launch configuration's `env` as it starts. Pure, so each
 * rule is unit-tested.
 *
 * - The person's own `env` wins: a name the configuration sets (even to `null`) is left alone.
 * - `"awsRoles": false` in a configuration leaves it untouched, and so are configurations that
 *   start no process: every `attach`, and js-debug's child sessions (`__pendingTargetId`: a
 *   `launch` that attaches to the program js-debug already started, with the env it was given).
 * - When a launch starts the program through a terminal (`"console": "integratedTerminal"`,
 *   CodeLLDB's `"terminal": "integrated"`, rdbg's `"useTerminal": true`… see
 *   {@link THROUGH_A_TERMINAL}), the debugger may hand the `env` to VS Code to type into the
 *   terminal as part of a command line (visible in the terminal and, for an external one, in the
 *   process list). No credential goes that way: an integrated terminal's shell gets them from the
 *   terminals' collection like any other terminal; an external terminal gets only the region.
 */

import { CREDENTIAL_VARIABLES } from './sessionEnvironment';

/** The parts of a launch configuration this reads and writes; any debugger's (`type: '*'`). */
export interface DebugLaunchConfiguration {
  readonly env?: Readonly<Record<string, string | null | undefined>>;
  readonly console?: unknown;
  readonly awsRoles?: unknown;
  readonly request?: unknown;
  readonly [key: string]: unknown;
}

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
  /** `"awsProfile"` with a program started through a terminal: its keys could only travel in the typed `env`. */
  | { readonly kind: 'refused'; readonly message: string }
  | {
      readonly kind: 'inject';
      readonly throughTerminal: boolean;
      readonly awsProfile?: string;
      /** `"awsRoles": { "readOnly": true }`: the launch gets a read-only session (of `awsProfile`, else of the window's profile). */
      readonly readOnly: boolean;
    };

/** A launch property, and its values that start the program through a terminal (integrated or external). */
interface TerminalLaunchProperty {
  readonly property: string;
  readonly values: readonly (string | boolean)[];
  /** Only for these debugger types; every type when absent (an unknown debugger's `console` most likely means the same). */
  readonly types?: readonly string[];
}

/**
 * Where each debugger says "run it in a terminal", read from its own schema
 * (`contributes.debuggers[].configurationAttributes.launch` in its package.json). A launch that
 * matches any row gets no credential in its `env`. Checked and without such a property: ElixirLS
 * (`mix_task`), Perl::LanguageServer (`perl`), PowerShell (its `createTemporaryIntegratedConsole`
 * launch has no `env` to type).
 */
const THROUGH_A_TERMINAL: readonly TerminalLaunchProperty[] = [
  // `integratedTerminal`/`externalTerminal`: js-debug (node, pwa-node, …), debugpy, Go, Java,
  // .NET coreclr/clr, PHP xdebug, lldb-dap, CodeLLDB (an alias of `terminal`), cppvsdbg.
  // `newExternalWindow`: cppvsdbg. `terminal` (and `externalTerminal`): Dart.
  { property: 'console', values: ['integratedTerminal', 'externalTerminal', 'newExternalWindow', 'terminal'] },
  // CodeLLDB (`lldb`): `integrated`, `external` (`console` keeps the output in the Debug Console).
  { property: 'terminal', values: ['integrated', 'external'] },
  // rdbg (Ruby): types `env` into a terminal it creates, as a prefix of the command line.
  { property: 'useTerminal', values: [true] },
  // lldb-dap (deprecated there for `console`), and vscode-swift's `swift` launches.
  { property: 'runInTerminal', values: [true] },
  // cppdbg; deprecated for `console` in cppvsdbg, .NET coreclr/clr and PHP xdebug.
  { property: 'externalConsole', values: [true] },
  // rdbg runs every Run Without Debugging (VS Code sets `noDebug`) through that terminal.
  { property: 'noDebug', values: [true], types: ['rdbg'] },
];

/**
 * The setting that starts this launch's program through a terminal, as the person would find it
 * in launch.json (`"terminal": "integrated"`), or `undefined` when nothing does.
 */
export function terminalLaunchSetting(configuration: DebugLaunchConfiguration): string | undefined {
  for (const { property, values, types } of THROUGH_A_TERMINAL) {
    if (types !== undefined && !types.includes(String(configuration.type))) continue;
    const value = configuration[property];
    if ((typeof value === 'string' || typeof value === 'boolean') && values.includes(value)) return `${JSON.stringify(property)}: ${JSON.stringify(value)}`;
  }
  return undefined;
}

export function launchRequest(configuration: DebugLaunchConfiguration): LaunchRequest {
  if (configuration.awsRoles === false) return { kind: 'untouched', why: 'opted-out' };
  // js-debug's child sessions carry the parent's properties (an awsProfile included): never assume again for them.
  if (configuration.request === 'attach' || configuration.__pendingTargetId !== undefined) return { kind: 'untouched', why: 'attach' };
  const terminalSetting = terminalLaunchSetting(configuration);
  const throughTerminal = terminalSetting !== undefined;
  const awsProfile = typeof configuration.awsProfile === 'string' ? configuration.awsProfile : undefined;
  const options = configuration.awsRoles;
  const readOnly = typeof options === 'object' && options !== null && (options as { readOnly?: unknown }).readOnly;
  if (options !== undefined && options !== true && (typeof options !== 'object' || options === null || Array.isArray(options) || (readOnly !== undefined && typeof readOnly !== 'boolean'))) {
    return { kind: 'refused', message: '"awsRoles" takes false (nothing added), or { "readOnly": true } (a read-only session).' };
  }
  if ((awsProfile !== undefined || readOnly === true) && throughTerminal) {
    const what = awsProfile !== undefined ? '"awsProfile"' : '"readOnly"';
    return { kind: 'refused', message: `${what} needs the program started outside a terminal (with ${terminalSetting} the credentials would be typed into the terminal).` };
  }
  return { kind: 'inject', throughTerminal, readOnly: readOnly === true, ...(awsProfile === undefined ? {} : { awsProfile }) };
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
