import * as assert from 'node:assert/strict';

/**
 * Awaits a rejection and checks it is an instance of `type`; returns it for the spec's own checks.
 * Fails the test when the promise resolves, or rejects with anything else.
 */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a ${type.name}, but the promise resolved`);
}
