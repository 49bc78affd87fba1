/**
 * The window for editing the AWS files (runIntegrationTests.ts): its own, because an editor
 * holds the files' text for minutes after it closes, and the other windows' specs rewrite those
 * files underneath it. Its specs run here.
 */
import { runSpecsIn } from '../../support/integration/runSpecs';

export function run(): Promise<void> {
  return runSpecsIn(__dirname);
}
