/**
 * The multi-root window (runIntegrationTests.ts): folders api and infra name their own profiles
 * in their `.vscode/settings.json`, docs names none. Its specs run here.
 */
import { runSpecsIn } from '../../support/integration/runSpecs';

export function run(): Promise<void> {
  return runSpecsIn(__dirname);
}
