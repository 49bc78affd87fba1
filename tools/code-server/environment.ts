/** The environment the tools hand their child processes. */

/** Variables an outer `npm run` sets that describe *that* npm run, not the user's npm settings. */
const NPM_RUN_VARIABLES = new Set([
  'npm_config_local_prefix', // the project folder: would redirect the cache installs into it
  'npm_config_global_prefix',
  'npm_config_user_agent', // names the outer Node (20); we set our own where needed
  'npm_config_node_gyp',
  'npm_config_nodedir', // the system Node's headers
  'npm_config_npm_version',
  'npm_config_call',
  'npm_config_allow_scripts',
  'npm_execpath',
  'npm_node_execpath',
  'npm_command',
  'INIT_CWD',
  'NODE',
]);

/**
 * The environment for child processes, minus what must not leak into them:
 * - what an outer `npm run` describes about itself (NPM_RUN_VARIABLES,
 *   npm_package_*, npm_lifecycle_*); other npm_config_* (registry, cache,
 *   proxy) stay, as the user's settings;
 * - `VSCODE_*`: when started from a VS Code / code-server terminal,
 *   VSCODE_IPC_HOOK_CLI makes code-server hand the folder to that running
 *   instance instead of starting a server.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (NPM_RUN_VARIABLES.has(key) || /^npm_(package|lifecycle)_/.test(key) || /^VSCODE_/.test(key)) continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
