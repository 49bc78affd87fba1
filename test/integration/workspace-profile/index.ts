/**
 * The windows whose folder names its profile in `.vscode/settings.json` (`awsRoles.profile`), one
 * trusted and one untrusted (runIntegrationTests.ts). Their specs run here.
 */
import { runSpecsIn } from '../../support/integration/runSpecs';

export function run(): Promise<void> {
  return runSpecsIn(__dirname);
}
