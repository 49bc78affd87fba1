/**
 * The second integration window: VS Code started with `AWS_PROFILE=other` in its environment
 * (runIntegrationTests.ts), the one thing no injected value can undo. Its specs run here.
 */
import { runSpecsIn } from '../../support/integration/runSpecs';

export function run(): Promise<void> {
  return runSpecsIn(__dirname);
}
