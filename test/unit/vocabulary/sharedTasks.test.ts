/**
 * `SharedTasks` on its own: what the engine (one assume run per profile) and the MFA-session
 * broker (one GetSessionToken per root key) rely on when several callers want the same work.
 */

import * as assert from 'node:assert/strict';
import { SharedTasks } from '../../../src/core/vocabulary/sharedTasks';
import { rejectionOf } from '../../support/rejections';

/** Work that settles only when the test says so, and says whether it was asked to stop. */
function pendingWork<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  const started: AbortSignal[] = [];
  const start = (signal: AbortSignal) => {
    started.push(signal);
    return promise;
  };
  return { start, started, resolve, reject };
}

const gaveUp = () => new Error('gave up');

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, Error);

describe('shared tasks', () => {
  let tasks: SharedTasks<string>;
  beforeEach(() => {
    tasks = new SharedTasks<string>();
  });

  /** Joins `work` under the key `dev`; the caller gives up with `gaveUp()` when its signal aborts. */
  const joinDev = (work: { start: (signal: AbortSignal) => Promise<string> }, signal?: AbortSignal) => tasks.join('dev', work.start, signal, gaveUp);

  /** A caller of `dev` that can give up: `giveUp()` aborts the signal it joined with. */
  function callerOf(work: { start: (signal: AbortSignal) => Promise<string> }) {
    const controller = new AbortController();
    return { result: joinDev(work, controller.signal), giveUp: () => controller.abort() };
  }

  /** Work under way for `dev` (joined with `signal`), then `forgetAll`, then newer work joined for `dev`. */
  function forgottenThenFresh(signal?: AbortSignal) {
    const old = pendingWork<string>();
    const before = joinDev(old, signal);
    tasks.forgetAll();
    const fresh = pendingWork<string>();
    const after = joinDev(fresh);
    return { old, before, fresh, after };
  }

  it('starts the work once for callers of the same key, and each gets its result', async () => {
    const work = pendingWork<string>();
    const first = joinDev(work);
    const second = joinDev(work, new AbortController().signal);
    work.resolve('session');
    assert.deepEqual(await Promise.all([first, second]), ['session', 'session']);
    assert.equal(work.started.length, 1);
  });

  it('runs separate work for separate keys', async () => {
    const dev = pendingWork<string>();
    const prod = pendingWork<string>();
    const devResult = joinDev(dev);
    const prodResult = tasks.join('prod', prod.start, undefined, gaveUp);
    prod.resolve('prod session');
    dev.resolve('dev session');
    assert.deepEqual(await Promise.all([devResult, prodResult]), ['dev session', 'prod session']);
    assert.equal(dev.started.length + prod.started.length, 2);
  });

  it('keeps no result: a caller after the work settled starts it afresh', async () => {
    const counting = new SharedTasks<number>();
    let runs = 0;
    const start = async () => ++runs;
    assert.equal(await counting.join('dev', start, undefined, gaveUp), 1);
    assert.equal(await counting.join('dev', start, undefined, gaveUp), 2);
  });

  it('does not cache a failure: every waiting caller gets it, and the next caller starts new work', async () => {
    const failing = pendingWork<string>();
    const first = joinDev(failing);
    const second = joinDev(failing, new AbortController().signal);
    failing.reject(new Error('STS said no'));
    assert.equal((await rejection(first)).message, 'STS said no');
    assert.equal((await rejection(second)).message, 'STS said no');
    const retry = pendingWork<string>();
    const again = joinDev(retry);
    retry.resolve('session');
    assert.equal(await again, 'session');
    assert.equal(retry.started.length, 1);
  });

  it('a caller that gives up is rejected at once with its own error, while the work goes on for the others', async () => {
    const work = pendingWork<string>();
    const leaving = callerOf(work);
    const staying = callerOf(work);
    leaving.giveUp();
    assert.equal((await rejection(leaving.result)).message, 'gave up');
    assert.equal(work.started[0].aborted, false, 'the work was not stopped');
    work.resolve('session');
    assert.equal(await staying.result, 'session');
  });

  it('stops the work once every caller has given up, and the next caller starts afresh', async () => {
    const work = pendingWork<string>();
    const first = callerOf(work);
    const second = callerOf(work);
    first.giveUp();
    assert.equal(work.started[0].aborted, false);
    second.giveUp();
    await Promise.all([rejection(first.result), rejection(second.result)]);
    assert.equal(work.started[0].aborted, true, 'nobody wants it: the work was stopped');
    const fresh = pendingWork<string>();
    const next = joinDev(fresh);
    assert.equal(fresh.started.length, 1, 'a new run, not the stopped one');
    fresh.resolve('session');
    assert.equal(await next, 'session');
    // The stopped work settling late is harmless: nobody waits for it.
    work.reject(new Error('aborted'));
  });

  it('never stops work a caller without a signal waits for', async () => {
    const work = pendingWork<string>();
    const patient = joinDev(work);
    const leaving = callerOf(work);
    leaving.giveUp();
    await rejection(leaving.result);
    assert.equal(work.started[0].aborted, false);
    work.resolve('session');
    assert.equal(await patient, 'session');
  });

  it('a caller whose signal has already aborted is refused without starting anything', async () => {
    const work = pendingWork<string>();
    const aborted = new AbortController();
    aborted.abort();
    assert.equal((await rejection(joinDev(work, aborted.signal))).message, 'gave up');
    assert.equal(work.started.length, 0);
  });

  it('forgetAll: work under way goes on for its callers, and the next caller starts new work', async () => {
    const { old, before, fresh, after } = forgottenThenFresh();
    assert.equal(fresh.started.length, 1, 'not joined to the work from before');
    fresh.resolve('new session');
    old.resolve('old session');
    assert.deepEqual(await Promise.all([before, after]), ['old session', 'new session']);
    assert.equal(old.started[0].aborted, false);
  });

  it('work forgotten and then settled does not drop the newer work of the same key', async () => {
    const { old, before, fresh, after } = forgottenThenFresh();
    old.resolve('old session');
    await before;
    // A third caller still joins the newer work, not a run of its own.
    const third = pendingWork<string>();
    const joined = joinDev(third);
    assert.equal(third.started.length, 0);
    fresh.resolve('new session');
    assert.deepEqual(await Promise.all([after, joined]), ['new session', 'new session']);
  });

  it('giving up on forgotten work stops it, but neither stops nor drops the newer work of the same key', async () => {
    const quitter = new AbortController();
    const { old, before, fresh, after } = forgottenThenFresh(quitter.signal);
    quitter.abort();
    await rejection(before);
    assert.equal(old.started[0].aborted, true);
    assert.equal(fresh.started[0].aborted, false);
    const third = pendingWork<string>();
    const joined = joinDev(third);
    assert.equal(third.started.length, 0, 'joined the newer work');
    fresh.resolve('new session');
    assert.deepEqual(await Promise.all([after, joined]), ['new session', 'new session']);
  });

  it('a failure after every caller gave up is no unhandled rejection', async () => {
    const work = pendingWork<string>();
    const leaving = callerOf(work);
    leaving.giveUp();
    await rejection(leaving.result);
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      work.reject(new Error('aborted'));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', listener);
    }
    assert.deepEqual(unhandled, []);
  });
});
