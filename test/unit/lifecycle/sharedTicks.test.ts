/**
 * `SharedTicks`: several live sessions' timers on few real ones. Wake-ups are the fake clock's
 * fired timers, as a real process would have had them.
 */

import * as assert from 'node:assert/strict';
import { MINUTE_TICK_MS } from '../../../src/core/lifecycle/expiryTiming';
import { SharedTicks } from '../../../src/core/lifecycle/sharedTicks';
import { FakeClock } from '../../support/fakes/fakeClock';

function setUp() {
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const ticks = new SharedTicks(clock);
  const fired: string[] = [];
  const at = (name: string) => () => fired.push(`${name}@${(clock.now() - Date.parse('2026-03-02T09:00:00.000Z')) / 1000}`);
  return { clock, ticks, fired, at };
}

describe('shared ticks of several sessions', () => {
  it('exact timers fire at their own times; those due at the same instant share one wake-up', () => {
    const { clock, ticks, fired, at } = setUp();
    ticks.exact.schedule(5_000, at('a'));
    ticks.exact.schedule(5_000, at('b'));
    ticks.exact.schedule(7_500, at('c'));
    clock.advanceSeconds(10);
    assert.deepEqual(fired, ['a@5', 'b@5', 'c@7.5']);
    assert.equal(clock.firedTimers, 2);
  });

  it("a flexible minute tick rides the latest timer due within the minute; with none, it gets its own a minute on, which the next rides", () => {
    const { clock, ticks, fired, at } = setUp();
    ticks.exact.schedule(20_000, at('window-early'));
    ticks.exact.schedule(45_000, at('window'));
    ticks.flexible.schedule(MINUTE_TICK_MS, at('held-1'));
    ticks.exact.schedule(90_000, at('beyond-the-minute'));
    clock.advanceSeconds(50);
    assert.deepEqual(fired, ['window-early@20', 'window@45', 'held-1@45']);
    ticks.flexible.schedule(MINUTE_TICK_MS, at('held-2'));
    clock.advanceSeconds(10);
    ticks.flexible.schedule(MINUTE_TICK_MS, at('held-3'));
    clock.advanceSeconds(100);
    // held-2 (at 50 s) had only the 90 s timer within its minute; held-3 (at 60 s) rode it too.
    assert.deepEqual(fired.slice(3), ['beyond-the-minute@90', 'held-2@90', 'held-3@90']);
    assert.equal(clock.firedTimers, 3);

    ticks.flexible.schedule(MINUTE_TICK_MS, at('alone'));
    ticks.flexible.schedule(MINUTE_TICK_MS, at('beside'));
    clock.advanceSeconds(60);
    assert.deepEqual(fired.slice(6), ['alone@220', 'beside@220']);
    assert.equal(clock.firedTimers, 4);
  });

  it('a flexible tick shorter than a minute (a threshold, a second of the countdown) is exact', () => {
    const { clock, ticks, fired, at } = setUp();
    ticks.exact.schedule(50_000, at('window'));
    ticks.flexible.schedule(12_000, at('warning'));
    clock.advanceSeconds(60);
    assert.deepEqual(fired, ['warning@12', 'window@50']);
  });

  it('a rider that leaves does not fire; the real timer goes when its last rider leaves, and the others keep it', () => {
    const { clock, ticks, fired, at } = setUp();
    const window = ticks.exact.schedule(30_000, at('window'));
    const held = ticks.flexible.schedule(MINUTE_TICK_MS, at('held'));
    window.dispose();
    assert.equal(ticks.pending, 1, 'the held tick keeps the timer');
    held.dispose();
    assert.equal(ticks.pending, 0);
    assert.equal(clock.pendingTimers, 0, 'no wake-up for nobody');
    ticks.exact.schedule(10_000, at('later'));
    clock.advanceSeconds(60);
    assert.deepEqual(fired, ['later@10']);
    assert.equal(clock.firedTimers, 1);
  });
});
