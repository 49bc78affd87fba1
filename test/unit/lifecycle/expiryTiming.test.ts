import * as assert from 'node:assert/strict';
import { nextCheckDelayMs } from '../../../src/core/lifecycle/expiryTiming';

describe('expiry timing: when to look at the clock again', () => {
  const WARN = 600_000;

  it('once a minute far from the end, never past the ten-minute mark or the warning', () => {
    assert.equal(nextCheckDelayMs(3_600_000, WARN), 60_000);
    assert.equal(nextCheckDelayMs(600_000 + 15_000, WARN), 15_000);
    assert.equal(nextCheckDelayMs(1_500_000, 1_470_000), 30_000, 'lands on a 24.5-minute warning');
    assert.equal(nextCheckDelayMs(900_000, WARN, 870_000), 30_000, "lands on the opening of a 14.5-minute renew window");
    assert.equal(nextCheckDelayMs(3_600_000, WARN, 870_000), 60_000, 'far from every threshold: once a minute');
    assert.equal(nextCheckDelayMs(900_000, WARN, undefined), 60_000, 'no renew window (auto-renew off): only the warning counts');
  });

  it('every second inside the last ten minutes, on the deadline’s second boundary', () => {
    assert.equal(nextCheckDelayMs(600_000, WARN), 1_000);
    assert.equal(nextCheckDelayMs(599_250, WARN), 250);
    assert.equal(nextCheckDelayMs(1, WARN), 1);
  });

  it('never with no end or past it', () => {
    assert.equal(nextCheckDelayMs(undefined, WARN), undefined);
    assert.equal(nextCheckDelayMs(0, WARN), undefined);
    assert.equal(nextCheckDelayMs(-5_000, WARN), undefined);
  });
});
