/** Waiting in the integration specs: poll for what a person would see, with a deadline of its own. */
import * as assert from 'assert';

/** Polls until `check` holds, every 200 ms, for at most `ms`; fails with what was seen last. */
export async function until(what: string, check: () => boolean, ms: number, seen: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms; last seen ${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
