/**
 * Debug sessions of any debugger (`'*'`) get the window's session in their `env` as they start,
 * after VS Code substituted `${…}` variables (so nothing of ours is ever substituted or shown in
 * launch.json). The rules are the pure `injectIntoLaunch`; this only asks the injector for the
 * variables at that moment and logs what was added, by name.
 */

import * as vscode from 'vscode';
import { injectIntoLaunch } from '../core/injection/debugLaunch';
import type { SessionInjector } from '../core/injection/sessionInjector';

export function registerDebugInjection(injector: SessionInjector, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.debug.registerDebugConfigurationProvider('*', {
    async resolveDebugConfigurationWithSubstitutedVariables(_folder, configuration) {
      const launch = await injector.launchVariables();
      if (!launch) return configuration;
      const result = injectIntoLaunch(configuration, launch.variables);
      const name = configuration.name ?? configuration.type;
      if (result.withheld === 'opted-out') log.info(`debug "${name}": "awsRoles": false, nothing added`);
      else if (result.withheld === 'terminal-console') {
        log.info(`debug "${name}": runs through a terminal (console ${String(configuration.console)}): credentials come from the terminal's environment, not the launch; added ${result.added.join(', ') || 'nothing'}`);
      } else log.info(`debug "${name}": profile ${launch.session.profileName}, added ${result.added.join(', ') || 'nothing (its env sets them all)'}`);
      return result.configuration as vscode.DebugConfiguration;
    },
  });
}
