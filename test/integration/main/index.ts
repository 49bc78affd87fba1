/**
 * The main integration window (runIntegrationTests.ts): the extension in a plain window with
 * private AWS files. Its specs run here.
 */
import { runSpecsIn } from '../../support/integration/runSpecs';

export function run(): Promise<void> {
  return runSpecsIn(__dirname);
}
